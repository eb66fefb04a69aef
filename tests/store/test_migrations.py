"""Schema migrations: from empty, from an older database, and refusing a newer one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.errors import DatabaseUnavailable, SchemaTooNew
from store.migrations import LATEST, MIGRATIONS, migrate
from store.runner import Runner, connect


def columns(db_path: Path, table: str) -> set[str]:
    conn = sqlite3.connect(db_path)
    try:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()


def test_migrations_are_numbered_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_empty_database_is_brought_to_the_latest_schema(tmp_path: Path) -> None:
    runner = Runner(tmp_path / "ncen.db")
    assert runner.open_sync() == LATEST
    runner.close()
    conn = sqlite3.connect(tmp_path / "ncen.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"users", "sessions", "api_tokens", "audit_log", "settings"} <= tables


def test_database_from_the_first_migration_upgrades_in_place_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = connect(path)
    assert migrate(db, target=1) == 1
    db.execute("BEGIN")
    db.execute("INSERT INTO users (username, role, password_hash, created_at, updated_at) "
               "VALUES ('amina', 'officer', 'x', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')")
    db.execute("INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (1, 'h', '2025-01-01T00:00:00Z')")
    db.commit()
    db.conn.close()
    assert "label" not in columns(path, "api_tokens")

    runner = Runner(path)
    assert runner.open_sync() == LATEST
    rows = runner.read_sync(lambda d: list(d.query("SELECT u.username, t.label FROM users u JOIN api_tokens t "
                                                   "ON t.user_id = u.id")))
    runner.close()
    assert rows == [{"username": "amina", "label": ""}]


def test_database_from_a_newer_ncen_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer than this ncen"):
        Runner(path).open_sync()
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ncen.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseUnavailable):
        Runner(path).open_sync()


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ncen.db"
    db = connect(path)
    migrate(db, target=1)

    def broken(_db: object) -> None:
        raise RuntimeError("disk on fire")

    from store import migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", (migrations.MIGRATIONS[0],
                                                   migrations.Migration(2, "broken", broken)))
    with pytest.raises(RuntimeError):
        migrations.migrate(db, target=2)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == 1
    db.conn.close()


def test_held_records_move_to_a_rowid_table_with_what_refers_to_them(tmp_path: Path) -> None:
    path = tmp_path / "ncen.db"
    db = connect(path)
    assert migrate(db, target=5) == 5
    db.execute("BEGIN")
    for index in range(3):
        record_id = bytes([index]) * 16
        db.execute("INSERT INTO records (id, owner, type, rev, seq, digest, scope, handling, wire, position,"
                   " received_at) VALUES (?, 'o', 'seizure', 1, ?, ?, 'nominal', 'amber', ?, ?, 't')",
                   [record_id, index + 1, b"d" * 32, b"w" * 2000, index + 1])
        db.execute("INSERT INTO record_audience VALUES (?, ?)", [record_id, b"k" * 32])
        db.execute("INSERT INTO record_attachments VALUES (?, ?)", [record_id, b"s" * 32])
        db.execute("INSERT INTO inbox_hits VALUES (?, 'person', 'p', 0.5, 'r')", [record_id])
    db.commit()
    tables = ("records", "record_audience", "record_attachments", "inbox_hits")
    before = {t: db.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}  # noqa: S608

    assert migrate(db) == LATEST
    assert {t: db.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables} == before  # noqa: S608
    sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()[0]
    assert "WITHOUT ROWID" not in sql
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("BEGIN")
    db.execute("DELETE FROM records WHERE id = ?", [bytes(16)])  # what refers to a record still goes with it
    assert [db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables] == [2, 2, 2, 2]  # noqa: S608
    db.rollback()
    db.conn.close()


def test_seizure_facets_become_one_tree_and_lists_still_find_the_cases(tmp_path: Path) -> None:
    from store import seizures as repo

    db = connect(tmp_path / "ncen.db")
    assert migrate(db, target=6) == 6
    db.execute("BEGIN")
    for case_id, date in ((1, "2026-01-05"), (2, "2026-02-07")):
        db.execute("INSERT INTO seizures (id, uuid, reference, date, status, revision, body, created_at, created_by,"
                   " updated_at, updated_by) VALUES (?, ?, ?, ?, 'confirmed', 1, '{}', 't', 'u', 't', 'u')",
                   [case_id, f"uuid-{case_id}", f"REF-{case_id}", date])
        for facet in ("cat:drugs", f"cty:{'NA' if case_id == 1 else 'ZA'}"):
            db.execute("INSERT INTO seizure_facets (seizure_id, facet, date) VALUES (?, ?, ?)", [case_id, facet, date])
    db.commit()

    assert migrate(db) == LATEST
    assert db.conn.execute("SELECT facet, date, seizure_id FROM seizure_facets").fetchall() == [
        ("cat:drugs", "2026-01-05", 1), ("cat:drugs", "2026-02-07", 2),
        ("cty:NA", "2026-01-05", 1), ("cty:ZA", "2026-02-07", 2)]
    found = repo.search(db, repo.SeizureQuery(facets=("cat:drugs",)))
    assert [row.id for row in found.rows] == [2, 1]
    found = repo.search(db, repo.SeizureQuery(facets=("cat:drugs", "cty:NA")))
    assert [row.id for row in found.rows] == [1]
    db.conn.close()


def test_hints_are_read_from_their_index_after_migration_8(tmp_path: Path) -> None:
    from store import suspects as repo

    db = connect(tmp_path / "ncen.db")
    assert migrate(db, target=7) == 7
    db.execute("BEGIN")
    for name, hint in (("ann", "1980-02-03"), ("bob", "1975")):
        repo.insert(db, repo.Kind.PERSON, uuid=f"uuid-{name}", body={}, at="t", by="u", action="create",
                    written=repo.Written(name, name, False, hint))
    db.execute("UPDATE persons SET deleted_at = 't' WHERE name = 'bob'")
    db.commit()

    assert migrate(db) == LATEST
    assert repo.hints(db, repo.Kind.PERSON, [1, 2, 3]) == {1: "1980-02-03"}  # bob is deleted, 3 does not exist
    plan = db.conn.execute("EXPLAIN QUERY PLAN SELECT id, hint FROM persons INDEXED BY persons_hints"
                           " WHERE id IN (1, 2) AND deleted_at IS NULL").fetchall()
    assert "COVERING INDEX persons_hints" in plan[0][-1]
    db.conn.close()
