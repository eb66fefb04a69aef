"""Dated photos and scanned documents of persons and entities, under the same rules as case pictures.

Each file is checked and copied off the event loop by ``process_picture`` (sniffed, size- and pixel-capped,
a metadata-free copy made to share); an upload of several files is all or nothing and becomes one new
revision of the record. Files live in the content-addressed attachment store.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from node.clock import Clock, now_iso
from node.errors import Invalid, NotFound, PermissionDenied, ServiceError
from node.media.attachments import AttachmentStore
from node.media.images import ProcessedPicture, process_picture
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from node.services.pictures import MAX_FILES_PER_UPLOAD, PROCESSING_SLOTS, Upload, open_variant
from node.services.seizure_terms import changes
from node.services.seizures import NoPublisher, Publisher
from node.services.suspect_kinds import RULES
from node.services.suspect_records import write_change
from protocol.records.parts import PICTURE_KINDS
from protocol.text import N_
from store import pictures as attachment_repo
from store import suspect_pictures as picture_repo
from store import suspects as repo
from store.pictures import PictureRow
from store.runner import Runner
from store.suspects import Kind


class SuspectPictureService:
    """Adds pictures to persons and entities and hands out their files to those allowed to see them."""

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

    def _store_files(self, picture: ProcessedPicture) -> tuple[str, str, str]:
        return (self.attachments.put(picture.shared), self.attachments.put(picture.original),
                self.attachments.put(picture.thumbnail))

    def _check(self, uploads: list[Upload], caption: str, taken_on: str, kind: str) -> str:
        """Check the upload's form; return the day the pictures were taken as YYYY-MM-DD ("" when not given)."""
        invalid = Invalid()
        day: date | None = None
        if not uploads:
            invalid.add("pictures", N_("Choose at least one picture."))
        elif len(uploads) > MAX_FILES_PER_UPLOAD:
            invalid.add("pictures", N_("Send at most {n} pictures at a time."), n=MAX_FILES_PER_UPLOAD)
        if len(caption) > 500:
            invalid.add("caption", N_("Use at most {n} characters."), n=500)
        if kind not in PICTURE_KINDS:
            invalid.add("kind", N_("Choose a value from the list."))
        if taken_on:
            try:
                day = date.fromisoformat(taken_on)
            except ValueError:
                invalid.add("taken_on", N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."))
            else:
                if day > self._clock.now().date():
                    invalid.add("taken_on", N_("The date is in the future."))
        invalid.raise_if_any()
        return day.isoformat() if day else ""  # 20260301 is accepted, and stored as the record's dates are

    async def add(self, actor: Actor, kind: Kind, record_uuid: str, uploads: list[Upload], *, caption: str = "",
                  taken_on: str = "", picture_kind: str = "photo") -> int:
        """Check every file, store the copies, and add them to the record's gallery as one new revision."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        actor.require(Permission.EDIT_RECORDS)
        rules = RULES[kind]
        caption, taken_on = caption.strip(), taken_on.strip()
        taken_on = self._check(uploads, caption, taken_on, picture_kind)
        row = await self._runner.read(repo.get_by_uuid, kind, record_uuid)
        if row is None or row.deleted_at:
            raise NotFound(rules.not_found)
        invalid = Invalid()
        results = await asyncio.gather(*(self._process(u) for u in uploads), return_exceptions=True)
        for upload, result in zip(uploads, results, strict=True):
            if isinstance(result, ServiceError):
                invalid.add(f"pictures.{upload.filename}", N_("{file}: {problem}"), file=upload.filename,
                            problem=result.message.render())
            elif isinstance(result, BaseException):
                raise result
        invalid.raise_if_any()
        loop = asyncio.get_running_loop()
        stored = []
        for picture in (r for r in results if isinstance(r, ProcessedPicture)):
            # Files first, fsynced and renamed: a row never names a file that is not there.
            hashes = await loop.run_in_executor(None, self._store_files, picture)
            stored.append((picture, *hashes))

        published = 0

        def apply(db: Database) -> int:
            nonlocal published
            current = repo.get_by_uuid(db, kind, record_uuid)
            if current is None or current.deleted_at:
                raise NotFound(rules.not_found)
            if current.origin:
                raise PermissionDenied(rules.received, origin=current.origin)
            at = now_iso(self._clock)
            gallery = list(current.body["pictures"])
            added = 0
            for picture, shared, original, thumb in stored:
                for sha, data, media in ((shared, picture.shared, picture.shared_media_type),
                                         (original, picture.original, picture.media_type),
                                         (thumb, picture.thumbnail, picture.thumbnail_media_type)):
                    attachment_repo.put_attachment(db, sha256=sha, media_type=media, size=len(data),
                                                   width=picture.width, height=picture.height, at=at)
                if picture_repo.add_picture(db, kind, record_id=current.id, shared=shared, original=original,
                                            thumb=thumb, at=at, by=actor.username):
                    gallery.append({"sha256": shared, "media_type": picture.shared_media_type, "caption": caption,
                                    "taken_on": taken_on or at[:10], "kind": picture_kind})
                    added += 1
            if added:
                body = {**current.body, "pictures": gallery}
                write_change(db, rules, current, body=body, diff=changes(current.body, body), at=at,
                             by=actor.username, action="update")
                write_entry(db, self._clock, actor, f"{kind}.pictures.add", kind, record_uuid,
                            f"{current.name}: {added} picture(s)")
                published = self._publisher.republish(db, kind.value, record_uuid, body, current.id)
            return added

        added = await self._runner.write(apply)
        if published:
            self._publisher.published()
        return added

    async def remove(self, actor: Actor, kind: Kind, record_uuid: str, shared_sha256: str) -> None:
        """Take a picture out of a record's gallery, as a new revision."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        actor.require(Permission.EDIT_RECORDS)
        rules = RULES[kind]

        published = 0

        def apply(db: Database) -> None:
            nonlocal published
            current = repo.get_by_uuid(db, kind, record_uuid)
            if current is None or current.deleted_at or not picture_repo.remove_picture(db, kind, current.id,
                                                                                       shared_sha256):
                raise NotFound(N_("There is no such picture."))
            if current.origin:
                raise PermissionDenied(rules.received, origin=current.origin)
            body = {**current.body, "pictures": [p for p in current.body["pictures"] if p["sha256"] != shared_sha256]}
            write_change(db, rules, current, body=body, diff=changes(current.body, body), at=now_iso(self._clock),
                         by=actor.username, action="update")
            write_entry(db, self._clock, actor, f"{kind}.pictures.remove", kind, record_uuid, shared_sha256)
            published = self._publisher.republish(db, kind.value, record_uuid, body, current.id)

        await self._runner.write(apply)
        if published:
            self._publisher.published()

    async def file(self, actor: Actor, kind: Kind, record_uuid: str, shared_sha256: str,
                   variant: str) -> tuple[Path, str]:
        """Return the path and media type of a picture file, for users allowed to see personal data."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)

        def find(db: Database) -> PictureRow | None:
            row = repo.get_by_uuid(db, kind, record_uuid)
            if row is None or row.deleted_at:
                return None
            return picture_repo.get_picture(db, kind, row.id, shared_sha256)

        picture = await self._runner.read(find)
        if picture is None:
            raise NotFound(N_("There is no such picture."))
        return await open_variant(self._runner, self._clock, self.attachments, actor, picture, variant,
                                  object_type=kind.value, object_id=record_uuid)
