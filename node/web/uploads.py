"""Reading uploaded files from a multipart form, each checked against the size cap before it is read."""

from __future__ import annotations

import io

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
