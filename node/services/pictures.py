"""Pictures of seizure cases: checked and copied off the event loop, attached in one transaction each upload.

An upload of several pictures is all or nothing: if one file is refused, the message names it and none is
added, so the officer fixes that file and sends the set again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.errors import Invalid, NotFound, ServiceError
from node.media.attachments import AttachmentStore
from node.media.images import ProcessedPicture, process_picture
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from node.services.seizure_terms import changes, index_terms
from node.services.seizures import NoPublisher, Publisher
from protocol.text import N_
from store import pictures as picture_repo
from store import seizures as seizure_repo
from store.pictures import PictureRow
from store.runner import Runner

MAX_FILES_PER_UPLOAD = 10
# A 24-megapixel photo needs a few hundred MB while it is converted: two at a time on a modest server.
PROCESSING_SLOTS = 2


@dataclass(frozen=True, slots=True)
class Upload:
    """One file as received: its name (for messages only) and its bytes."""

    filename: str
    data: bytes


class PictureService:
    """Adds pictures to cases and hands out their files to those allowed to see them."""

    def __init__(self, runner: Runner, clock: Clock, attachments: AttachmentStore, *, max_bytes: int,
                 max_pixels: int, publisher: Publisher | None = None) -> None:
        self._runner = runner
        self._publisher: Publisher = publisher or NoPublisher()
        self._clock = clock
        self.attachments = attachments
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels
        self._slots = asyncio.Semaphore(PROCESSING_SLOTS)

    async def _process(self, upload: Upload) -> ProcessedPicture:
        async with self._slots:
            return await asyncio.get_running_loop().run_in_executor(
                None, lambda: process_picture(upload.data, max_bytes=self._max_bytes, max_pixels=self._max_pixels))

    def _put_files(self, picture: ProcessedPicture) -> tuple[str, str, str]:
        """Store a picture's three files (run in a worker thread) and return their digests."""
        return (self.attachments.put(picture.shared), self.attachments.put(picture.original),
                self.attachments.put(picture.thumbnail))

    async def add(self, actor: Actor, case_id: str, uploads: list[Upload], caption: str = "") -> int:
        """Check every file, store the copies, and attach them to the case as one new revision."""
        actor.require(Permission.EDIT_RECORDS)
        invalid = Invalid()
        if not uploads:
            invalid.add("pictures", N_("Choose at least one picture."))
        elif len(uploads) > MAX_FILES_PER_UPLOAD:
            invalid.add("pictures", N_("Send at most {n} pictures at a time."), n=MAX_FILES_PER_UPLOAD)
        if len(caption) > 500:
            invalid.add("caption", N_("Use at most {n} characters."), n=500)
        invalid.raise_if_any()
        row = await self._runner.read(seizure_repo.get_by_uuid, case_id)
        if row is None or row.deleted_at:
            raise NotFound(N_("There is no such case."))
        results = await asyncio.gather(*(self._process(u) for u in uploads), return_exceptions=True)
        for upload, result in zip(uploads, results, strict=True):
            if isinstance(result, ServiceError):
                invalid.add(f"pictures.{upload.filename}", N_("{file}: {problem}"), file=upload.filename,
                            problem=result.message.render())
            elif isinstance(result, BaseException):
                raise result
        invalid.raise_if_any()
        processed = [r for r in results if isinstance(r, ProcessedPicture)]
        loop = asyncio.get_running_loop()
        stored = []
        for picture in processed:
            # Files first, fsynced and renamed: a row never names a file that is not there.
            shared, original, thumb = await loop.run_in_executor(None, self._put_files, picture)
            stored.append((picture, shared, original, thumb))
        published = 0

        def apply(db: Database) -> int:
            nonlocal published
            current = seizure_repo.get_by_uuid(db, case_id)
            if current is None or current.deleted_at:
                raise NotFound(N_("There is no such case."))
            at = now_iso(self._clock)
            body = dict(current.body)
            gallery = list(body["pictures"])
            added = 0
            for picture, shared, original, thumb in stored:
                for sha, data, media in ((shared, picture.shared, picture.shared_media_type),
                                         (original, picture.original, picture.media_type),
                                         (thumb, picture.thumbnail, picture.thumbnail_media_type)):
                    picture_repo.put_attachment(db, sha256=sha, media_type=media, size=len(data),
                                                width=picture.width, height=picture.height, at=at)
                if picture_repo.add_picture(db, seizure_id=current.id, shared=shared, original=original, thumb=thumb,
                                            at=at, by=actor.username):
                    gallery.append({"sha256": shared, "media_type": picture.shared_media_type,
                                    "caption": caption.strip()})
                    added += 1
            if added:
                body["pictures"] = gallery
                counts: Counter[str] = Counter()
                seizure_repo.update(db, current, body=body, old_terms=index_terms(current.body),
                                    terms=index_terms(body), changes=changes(current.body, body), at=at,
                                    by=actor.username, action="update", counts=counts)
                seizure_repo.apply_counts(db, counts)
                write_entry(db, self._clock, actor, "seizure.pictures.add", "seizure", case_id,
                            f"{current.reference}: {added} picture(s)")
                published += self._publisher.republish(db, "seizure", case_id, body, current.id)
            return added

        added = await self._runner.write(apply)
        if published:
            self._publisher.published()
        return added

    async def remove(self, actor: Actor, case_id: str, shared_sha256: str) -> None:
        """Take a picture out of a case's gallery, as a new revision."""
        actor.require(Permission.EDIT_RECORDS)

        def apply(db: Database) -> int:
            current = seizure_repo.get_by_uuid(db, case_id)
            if current is None or current.deleted_at or not picture_repo.remove_picture(db, current.id,
                                                                                       shared_sha256):
                raise NotFound(N_("There is no such picture."))
            body = dict(current.body)
            body["pictures"] = [p for p in body["pictures"] if p["sha256"] != shared_sha256]
            counts: Counter[str] = Counter()
            seizure_repo.update(db, current, body=body, old_terms=index_terms(current.body), terms=index_terms(body),
                                changes=changes(current.body, body), at=now_iso(self._clock), by=actor.username,
                                action="update", counts=counts)
            seizure_repo.apply_counts(db, counts)
            write_entry(db, self._clock, actor, "seizure.pictures.remove", "seizure", case_id, shared_sha256)
            return self._publisher.republish(db, "seizure", case_id, body, current.id)

        if await self._runner.write(apply):
            self._publisher.published()

    async def file(self, actor: Actor, case_id: str, shared_sha256: str, variant: str) -> tuple[Path, str]:
        """Return the path and media type of a picture file, for users allowed to see the case's pictures."""
        actor.require(Permission.VIEW_NOMINAL)  # pictures may show people: they are not in the non-nominal view

        def find(db: Database) -> PictureRow | None:
            row = seizure_repo.get_by_uuid(db, case_id)
            if row is None or row.deleted_at:
                return None
            return picture_repo.get_picture(db, row.id, shared_sha256)

        picture = await self._runner.read(find)
        if picture is None:
            raise NotFound(N_("There is no such picture."))
        return await open_variant(self._runner, self._clock, self.attachments, actor, picture, variant,
                                  object_type="seizure", object_id=case_id)


async def open_variant(runner: Runner, clock: Clock, attachments: AttachmentStore, actor: Actor, picture: PictureRow,
                       variant: str, *, object_type: str, object_id: str) -> tuple[Path, str]:
    """Return the path and media type of a picture's ``thumb``, ``original`` or (otherwise) shared copy.

    Opening it full size is audited; a thumbnail is not, as it shows on the record's page, whose view is.
    """
    if variant != "thumb":
        await runner.write(write_entry, clock, actor, f"{object_type}.pictures.view", object_type, object_id,
                           f"{'original' if variant == 'original' else 'shared'} {picture.shared_sha256}")
    sha, media = {"thumb": (picture.thumb_sha256, picture.thumb_media_type),
                  "original": (picture.original_sha256, picture.original_media_type)}.get(
        variant, (picture.shared_sha256, picture.shared_media_type))
    return attachments.path(sha), media
