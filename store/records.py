"""Records held by this node (its own and received ones, verbatim), the feed log, evidence and refusals.

The receive and issue paths call these functions inside one transaction each: a page of records, its
evidence and refusals and the peer's new cursor commit together, or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from store.exchange_state import POSITION, next_values


@dataclass(frozen=True, slots=True)
class HeldRecord:
    """The current revision held for a record id."""

    id: bytes
    owner: str
    type: str
    rev: int
    seq: int
    digest: bytes
    scope: str
    handling: str
    wire: bytes
    position: int
    received_from: int | None
    received_at: str
    local_ref: str
    seen: bool


_COLUMNS = ("id, owner, type, rev, seq, digest, scope, handling, wire, position, received_from, received_at, "
            "local_ref, seen")


def _held(row: Sequence[object]) -> HeldRecord:
    values = list(row)
    values[13] = bool(values[13])
    return HeldRecord(*values)  # type: ignore[arg-type]


def get_record(db: Database, record_id: bytes) -> HeldRecord | None:
    """Return the revision held for an id."""
    row = db.conn.execute(f"SELECT {_COLUMNS} FROM records WHERE id = ?", [record_id]).fetchone()  # noqa: S608
    return _held(row) if row else None


def get_records(db: Database, record_ids: Iterable[bytes]) -> dict[bytes, HeldRecord]:
    """Return the revisions held for several ids."""
    ids = list(record_ids)
    found: dict[bytes, HeldRecord] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {_COLUMNS} FROM records WHERE id IN ({marks})"  # noqa: S608 - placeholders only
        for row in db.conn.execute(sql, chunk).fetchall():
            record = _held(row)
            found[record.id] = record
    return found


def seq_digests(db: Database, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], bytes]:
    """Return the digest already held for each (owner, seq) pair, when there is one."""
    by_owner: dict[str, set[int]] = {}
    for owner, seq in pairs:
        by_owner.setdefault(owner, set()).add(seq)
    found = {}
    for owner, seqs in by_owner.items():
        wanted = sorted(seqs)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT seq, digest FROM record_seqs WHERE owner = ? AND seq IN ({marks})"  # noqa: S608 - placeholders only
            for seq, digest in db.conn.execute(sql, [owner, *chunk]):
                found[(owner, seq)] = digest
    return found


def highest_seq(db: Database, owner: str) -> int:
    """Return the highest origin sequence number held from an owner (0 for none)."""
    row = db.conn.execute("SELECT max(seq) FROM record_seqs WHERE owner = ?", [owner]).fetchone()
    return int(row[0] or 0)


@dataclass(frozen=True, slots=True)
class NewRevision:
    """A revision to store as the current one of its record, and to append to the feed."""

    record_id: bytes
    owner: str
    type: str
    rev: int
    seq: int
    digest: bytes
    scope: str
    handling: str
    wire: bytes
    audience: tuple[bytes, ...]
    received_from: int | None
    at: str
    attachments: tuple[bytes, ...] = ()
    local_ref: str = ""


def store_record(db: Database, *, record_id: bytes, owner: str, type_: str, rev: int, seq: int, digest: bytes,
                 scope: str, handling: str, wire: bytes, audience: Iterable[bytes], received_from: int | None,
                 at: str, attachments: Iterable[bytes] = (), local_ref: str = "") -> int:
    """Store (or replace) the current revision of a record and append it to the feed; return its position."""
    (position,) = store_records(db, [NewRevision(record_id, owner, type_, rev, seq, digest, scope, handling, wire,
                                                 tuple(audience), received_from, at, tuple(attachments), local_ref)])
    return position


def store_records(db: Database, revisions: Sequence[NewRevision], *, new: bool = False) -> list[int]:
    """Store (or replace) the current revisions of several records, appended to the feed in this order.

    One statement per table for the whole batch: a received page stores hundreds of records. ``new`` says that
    none of them is held yet, so that there is no previous audience or attachment list to remove. Return their
    positions in the feed.

    Raises:
        ValueError: a record id appears twice (store the revisions of one record one batch after the other).
    """
    ids = [(revision.record_id,) for revision in revisions]
    if len(set(ids)) != len(ids):
        raise ValueError("a batch holds at most one revision per record")
    if not revisions:
        return []
    positions = next_values(db, POSITION, len(revisions))
    db.conn.executemany(
        "INSERT INTO records (id, owner, type, rev, seq, digest, scope, handling, wire, position, received_from,"
        " received_at, local_ref, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
        " ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, type = excluded.type, rev = excluded.rev,"
        " seq = excluded.seq, digest = excluded.digest, scope = excluded.scope, handling = excluded.handling,"
        " wire = excluded.wire, position = excluded.position, received_from = excluded.received_from,"
        " received_at = excluded.received_at, local_ref = excluded.local_ref, seen = 0",
        [(r.record_id, r.owner, r.type, r.rev, r.seq, r.digest, r.scope, r.handling, r.wire, position,
          r.received_from, r.at, r.local_ref) for r, position in zip(revisions, positions, strict=True)])
    if not new:
        db.conn.executemany("DELETE FROM record_audience WHERE record_id = ?", ids)
        db.conn.executemany("DELETE FROM record_attachments WHERE record_id = ?", ids)
    db.conn.executemany("INSERT OR IGNORE INTO record_audience (record_id, node_key) VALUES (?, ?)",
                        [(r.record_id, key) for r in revisions for key in r.audience])
    db.conn.executemany("INSERT OR IGNORE INTO record_attachments (record_id, sha256) VALUES (?, ?)",
                        [(r.record_id, sha) for r in revisions for sha in r.attachments])
    db.conn.executemany("INSERT OR IGNORE INTO record_seqs (owner, seq, digest) VALUES (?, ?, ?)",
                        [(r.owner, r.seq, r.digest) for r in revisions])
    db.conn.executemany("INSERT INTO feed (position, record_id, digest) VALUES (?, ?, ?)",
                        [(position, r.record_id, r.digest) for r, position in zip(revisions, positions, strict=True)])
    return list(positions)


def list_after_seq(db: Database, owner: str, seq: int) -> list[HeldRecord]:
    """Return the records held from an owner whose origin sequence number is above ``seq``."""
    rows = db.conn.execute(f"SELECT {_COLUMNS} FROM records WHERE owner = ? AND seq > ? ORDER BY seq",  # noqa: S608
                           [owner, seq]).fetchall()
    return [_held(row) for row in rows]


def delete_record(db: Database, record_id: bytes) -> None:
    """Stop holding a record (its audience, attachment references and look-alikes go with it)."""
    db.conn.execute("DELETE FROM records WHERE id = ?", [record_id])


def feed_head(db: Database) -> int:
    """Return the last position of the feed log (0 when empty)."""
    row = db.conn.execute("SELECT value FROM exchange_counters WHERE name = ?", [POSITION]).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class FeedSlice:
    """Records of the feed for one requester, and the last position examined."""

    wires: list[bytes]
    last_position: int
    has_more: bool


def feed_for(db: Database, *, after: int, limit: int, keys: Sequence[bytes], relay_keys: Sequence[bytes] = (),
             max_bytes: int) -> FeedSlice:
    """Return current revisions after a position that any of ``keys`` may receive, in log order.

    ``relay_keys``: when the requester is a hub, the keys of the nodes it relays for; records for them that are
    not ``red`` are served too. Superseded revisions (whose feed digest is no longer the record's) are skipped.
    """
    head = feed_head(db)
    key_marks = ",".join("?" * len(keys)) or "NULL"
    relay = ""
    params: list[object] = [after, *keys]
    if relay_keys:
        relay_marks = ",".join("?" * len(relay_keys))
        relay = (f" OR (r.handling != 'red' AND EXISTS (SELECT 1 FROM record_audience b WHERE b.record_id = r.id"  # noqa: S608 - placeholders and fixed text only
                 f" AND b.node_key IN ({relay_marks})))")
        params += list(relay_keys)
    sql = (f"SELECT f.position, r.wire FROM feed f JOIN records r ON r.id = f.record_id AND r.digest = f.digest"  # noqa: S608 - placeholders and fixed text only
           f" WHERE f.position > ? AND (EXISTS (SELECT 1 FROM record_audience a WHERE a.record_id = r.id"
           f" AND a.node_key IN ({key_marks})){relay}) ORDER BY f.position LIMIT ?")
    wires: list[bytes] = []
    last = after
    size = 0
    for position, wire in db.conn.execute(sql, [*params, limit + 1]):
        if len(wires) == limit or size + len(wire) > max_bytes:
            return FeedSlice(wires, last, True)
        wires.append(wire)
        size += len(wire)
        last = position
    return FeedSlice(wires, head, False)


def add_evidence(db: Database, *, record_id: bytes, owner: str, verdict: str, wire: bytes, held_wire: bytes | None,
                 received_from: int | None, at: str) -> None:
    """Keep a record that contradicts what is held (equivocation or fork), with what is held."""
    db.conn.execute("INSERT INTO evidence (record_id, owner, verdict, wire, held_wire, received_from, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [record_id, owner, verdict, wire, held_wire, received_from, at])


def add_refusal(db: Database, *, peer_id: int | None, reason: str, detail: str, record_id: bytes | None,
                at: str) -> None:
    """Log a refused record and why."""
    db.conn.execute("INSERT INTO refusals (at, peer_id, reason, detail, record_id) VALUES (?, ?, ?, ?, ?)",
                    [at, peer_id, reason, detail[:500], record_id])


def quarantine(db: Database, *, digest: bytes, origin: bytes, wire: bytes, received_from: int | None,
               at: str) -> None:
    """Keep a record signed by a key not (yet) trusted."""
    db.conn.execute("INSERT OR IGNORE INTO quarantine (digest, origin, wire, received_from, at) VALUES (?, ?, ?, ?, ?)",
                    [digest, origin, wire, received_from, at])


def take_quarantined(db: Database, origin: bytes) -> list[tuple[bytes, int | None]]:
    """Remove and return (wire, received_from) of the quarantined records of a key that is now trusted."""
    rows = db.conn.execute("SELECT wire, received_from FROM quarantine WHERE origin = ? ORDER BY at",
                           [origin]).fetchall()
    db.conn.execute("DELETE FROM quarantine WHERE origin = ?", [origin])
    return [(r[0], r[1]) for r in rows]


def want_attachment(db: Database, *, sha256: bytes, size: int, media_type: str, peer_id: int | None) -> None:
    """Note an attachment a received record refers to."""
    db.conn.execute("INSERT OR IGNORE INTO wanted_attachments (sha256, size, media_type, peer_id) VALUES (?, ?, ?, ?)",
                    [sha256, size, media_type, peer_id])


def missing_attachments(db: Database, peer_id: int) -> list[tuple[bytes, int]]:
    """Return (sha256, size) of attachments still to fetch from a peer."""
    return [(r[0], r[1]) for r in db.conn.execute(
        "SELECT sha256, size FROM wanted_attachments WHERE peer_id = ? AND present = 0", [peer_id]).fetchall()]


def attachment_present(db: Database, sha256: bytes) -> bool:
    """Tell whether a received attachment's file has arrived."""
    row = db.conn.execute("SELECT present FROM wanted_attachments WHERE sha256 = ?", [sha256]).fetchone()
    return bool(row and row[0])


def mark_attachment_present(db: Database, sha256: bytes) -> None:
    """Note that an attachment's file is in the store."""
    db.conn.execute("UPDATE wanted_attachments SET present = 1 WHERE sha256 = ?", [sha256])


def attachments_of(db: Database, record_id: bytes) -> list[bytes]:
    """Return the SHA-256 of the files a held record refers to."""
    return [row[0] for row in db.conn.execute("SELECT sha256 FROM record_attachments WHERE record_id = ?",
                                              [record_id]).fetchall()]


def release_attachments(db: Database, shas: Iterable[bytes]) -> list[bytes]:
    """Forget received files that no held record and no local picture refers to any more; return them."""
    released = []
    for sha in shas:
        referenced = db.conn.execute("SELECT 1 FROM record_attachments WHERE sha256 = ? UNION ALL"
                                     " SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1", [sha, sha.hex()]).fetchone()
        if referenced is None:
            db.conn.execute("DELETE FROM wanted_attachments WHERE sha256 = ?", [sha])
            released.append(sha)
    return released


def record_for_attachment(db: Database, sha256: bytes, keys: Sequence[bytes]) -> bool:
    """Tell whether any record these keys may receive refers to this attachment (own records' pictures)."""
    marks = ",".join("?" * len(keys)) or "NULL"
    sql = ("SELECT 1 FROM record_attachments t JOIN record_audience a ON a.record_id = t.record_id"  # noqa: S608 - placeholders and fixed text only
           f" WHERE t.sha256 = ? AND a.node_key IN ({marks}) LIMIT 1")
    return db.conn.execute(sql, [sha256, *keys]).fetchone() is not None


def count_feed_for(db: Database, *, after: int, keys: Sequence[bytes], cap: int = 100_000) -> int:
    """Return how many current revisions after a position these keys may receive (stopping at ``cap``)."""
    marks = ",".join("?" * len(keys)) or "NULL"
    sql = ("SELECT count(*) FROM (SELECT 1 FROM feed f JOIN records r ON r.id = f.record_id AND r.digest = f.digest"  # noqa: S608 - placeholders and fixed text only
           f" WHERE f.position > ? AND EXISTS (SELECT 1 FROM record_audience a WHERE a.record_id = r.id"
           f" AND a.node_key IN ({marks})) LIMIT ?)")
    return int(db.conn.execute(sql, [after, *keys, cap]).fetchone()[0])


def quarantined_origins(db: Database) -> list[bytes]:
    """Return the keys that quarantined records are signed with."""
    return [row[0] for row in db.conn.execute("SELECT DISTINCT origin FROM quarantine").fetchall()]


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """Criteria for the list of received records."""

    peer_id: int | None = None
    record_type: str = ""
    unseen_only: bool = False
    with_hits_only: bool = False


def list_received(db: Database, criteria: InboxFilter, *, limit: int, offset: int) -> tuple[list[HeldRecord], int]:
    """Return received records (newest first, lifecycle records left out) and how many match."""
    clauses = ["received_from IS NOT NULL", "type NOT IN ('key_rotation', 'key_revocation')"]
    params: list[object] = []
    if criteria.peer_id is not None:
        clauses.append("received_from = ?")
        params.append(criteria.peer_id)
    if criteria.record_type:
        clauses.append("type = ?")
        params.append(criteria.record_type)
    if criteria.unseen_only:
        clauses.append("seen = 0")
    if criteria.with_hits_only:
        clauses.append("EXISTS (SELECT 1 FROM inbox_hits h WHERE h.record_id = records.id)")
    where = " AND ".join(clauses)
    total = int(db.conn.execute(f"SELECT count(*) FROM records WHERE {where}", params).fetchone()[0])  # noqa: S608
    rows = db.conn.execute(f"SELECT {_COLUMNS} FROM records WHERE {where} ORDER BY received_at DESC, position DESC"  # noqa: S608 - placeholders and fixed text only
                           " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [_held(r) for r in rows], total


def mark_seen(db: Database, record_id: bytes) -> None:
    """Note that a user opened a received record."""
    db.conn.execute("UPDATE records SET seen = 1 WHERE id = ?", [record_id])


@dataclass(frozen=True, slots=True)
class HitRow:
    """A received record that resembles a local person or entity."""

    record_id: bytes
    local_type: str
    local_id: str
    score: float
    reasons: str


def put_hits(db: Database, record_id: bytes, hits: Iterable[HitRow]) -> None:
    """Replace the local look-alikes found for a received record."""
    db.conn.execute("DELETE FROM inbox_hits WHERE record_id = ?", [record_id])
    db.conn.executemany("INSERT INTO inbox_hits (record_id, local_type, local_id, score, reasons)"
                        " VALUES (?, ?, ?, ?, ?)",
                        [(h.record_id, h.local_type, h.local_id, h.score, h.reasons) for h in hits])


def list_hits(db: Database, record_ids: Iterable[bytes] | None = None) -> list[HitRow]:
    """Return look-alikes for some received records, or all of them (best first)."""
    if record_ids is None:
        rows = db.conn.execute("SELECT record_id, local_type, local_id, score, reasons FROM inbox_hits"
                               " ORDER BY score DESC").fetchall()
    else:
        ids = list(record_ids)
        marks = ",".join("?" * len(ids)) or "NULL"
        rows = db.conn.execute("SELECT record_id, local_type, local_id, score, reasons FROM inbox_hits"  # noqa: S608 - placeholders and fixed text only
                               f" WHERE record_id IN ({marks}) ORDER BY score DESC", ids).fetchall()
    return [HitRow(*r) for r in rows]


def list_evidence(db: Database, *, unresolved_only: bool = True) -> list[tuple[object, ...]]:
    """Return kept evidence (equivocations, forks), newest first."""
    where = " WHERE resolved_at IS NULL" if unresolved_only else ""
    return db.conn.execute("SELECT id, record_id, owner, verdict, received_from, at, resolved_at, resolved_by"  # noqa: S608 - placeholders and fixed text only
                           f" FROM evidence{where} ORDER BY id DESC LIMIT 500").fetchall()
