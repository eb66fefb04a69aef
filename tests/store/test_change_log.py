"""The change log of persons and entities (migration 9): what changed since a snapshot, whoever changed it."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from store import suspect_matches as match_repo
from store import suspects as repo
from store.migrations import migrate
from store.runner import connect, run_in_transaction
from store.suspects import Kind, Written

AT = "2026-12-03T10:00:00Z"


def add(db: Database, name: str) -> int:
    return repo.insert(db, Kind.PERSON, uuid=f"uuid-{name}", body={"full_name": name}, at=AT, by="test",
                       written=Written(name=name, terms=name.lower(), watch_listed=False), action="create")


def test_the_log_names_every_record_changed_since_the_marks(tmp_path: Path) -> None:
    db = connect(tmp_path / "ncen.db")
    migrate(db)
    first, second, third = (run_in_transaction(db, add, name) for name in ("Amina", "Jean", "Lina"))
    last_id, last_seq = match_repo.last_id(db, Kind.PERSON), match_repo.last_change(db)
    assert match_repo.changed_since(db, Kind.PERSON, last_id, last_seq) == set()

    edited = repo.get_by_ids(db, Kind.PERSON, [first])[first]
    run_in_transaction(db, lambda d: repo.update(d, Kind.PERSON, edited, body={"full_name": "Amina K."},
                                                 written=Written("Amina K.", "amina k", False), changes={}, at=AT,
                                                 by="other process", action="update"))
    run_in_transaction(db, lambda d: match_repo.set_merged_into(d, Kind.PERSON, second, third))
    fourth = run_in_transaction(db, add, "Omar")
    # Not logged: a change that does not touch the body, deletion or merge state.
    run_in_transaction(db, lambda d: d.execute("UPDATE persons SET watch_listed = 1 WHERE id = ?", [third]))

    assert match_repo.changed_since(db, Kind.PERSON, last_id, last_seq) == {first, second, fourth}
    assert match_repo.changed_since(db, Kind.ENTITY, match_repo.last_id(db, Kind.ENTITY), last_seq) == set()


def test_pruning_keeps_the_numbering_going(tmp_path: Path) -> None:
    db = connect(tmp_path / "ncen.db")
    migrate(db)
    record = run_in_transaction(db, add, "Amina")
    run_in_transaction(db, lambda d: match_repo.set_merged_into(d, Kind.PERSON, record, None))
    run_in_transaction(db, lambda d: d.execute("UPDATE persons SET deleted_at = ? WHERE id = ?", [AT, record]))
    assert match_repo.last_change(db) == 2
    assert run_in_transaction(db, match_repo.prune_changes, keep_s=3600) == 0  # both are recent
    assert run_in_transaction(db, match_repo.prune_changes, keep_s=-60) == 2
    assert match_repo.oldest_change(db) is None and match_repo.last_change(db) == 2
    run_in_transaction(db, lambda d: d.execute("UPDATE persons SET body = '{}' WHERE id = ?", [record]))
    assert match_repo.last_change(db) == 3 and match_repo.oldest_change(db) == 3  # a number is never given twice
