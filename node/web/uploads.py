"""Reading uploaded files from a multipart form, each checked against the size cap before it is read, and
answering picture files."""

from __future__ import annotations

import io
from pathlib import Path

from aiohttp import web

from node.errors import PayloadTooLarge
from node.services.pictures import Upload
from protocol.text import N_


async def read_uploads(request: web.Request, field: str, max_bytes: int) -> tuple[list[Upload], dict[str, str]]:
    """Return the files posted under ``field`` and the form's text fields."""
    posted = await request.post()  # aiohttp spools file parts to temporary files, not to memory
    uploads = []
    for part in posted.getall(field, []):
        if not isinstance(part, web.FileField):
            continue
        handle = part.file
        size = handle.seek(0, io.SEEK_END)
        name = (part.filename or "picture")[:120]
        if size > max_bytes:
            raise PayloadTooLarge(N_("{file}: this file is larger than {limit} MB."), file=name,
                                  limit=max_bytes // (1024 * 1024))
        handle.seek(0)
        if size:
            uploads.append(Upload(name, handle.read()))
    texts = {k: v for k, v in posted.items() if isinstance(v, str)}
    return uploads, texts


def picture_response(path: Path, media_type: str, variant: str) -> web.FileResponse:
    """Answer a picture file. A thumbnail may stay in the browser's cache; a full-size view is fetched, and so
    audited, each time it is opened."""
    cache = "private, max-age=3600" if variant == "thumb" else "no-store"
    return web.FileResponse(path, headers={"Content-Type": media_type, "Cache-Control": cache})
