"""Backup while the node runs, and restore: a round trip gives identical data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from aiohttp.test_utils import TestClient

from crypto import load_private_key
from node.backup import RESTORED_MARKER, backup, restore
from node.config import Config
from node.runtime import open_services
from tests.conftest import FakeClock, NodeSetup, api_token


def dump(db_path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}  # noqa: S608
    finally:
        conn.close()


async def test_backup_of_a_running_node_restores_to_identical_data(client: TestClient, node_setup: NodeSetup,
                                                                   clock: FakeClock, tmp_path: Path) -> None:
    token = await api_token(client, node_setup)
    auth = {"Authorization": f"Bearer {token}"}
    for name in ("amina", "jean", "lina"):
        assert (await client.post("/api/v1/users", headers=auth, json={"username": name, "role": "officer"})).status
    attachment = node_setup.config.attachments_dir / "ab" / ("ab" + "0" * 62)
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"\xff\xd8 picture bytes")

    result = backup(node_setup.config, tmp_path / "backup", clock)  # the node above is still running
    assert result.files >= 4
    at_backup = dump(tmp_path / "backup" / "ncen.db")
    await client.post("/api/v1/users", headers=auth, json={"username": "after", "role": "officer"})

    target = Config(data_dir=tmp_path / "restored", port=0)
    restore(tmp_path / "backup", target, clock)
    assert dump(target.db_path) == at_backup
    assert "after" not in str(at_backup["users"])
    assert (target.attachments_dir / "ab" / attachment.name).read_bytes() == attachment.read_bytes()
    assert target.key_path.read_bytes() == node_setup.config.key_path.read_bytes()
    assert (target.key_path.stat().st_mode & 0o777) == 0o600
    assert (target.data_dir / RESTORED_MARKER).exists()

    async with open_services(target, clock) as services:  # the restored node opens, and notes the restore once
        assert services.identity.key.public.raw == load_private_key(node_setup.config.key_path).public.raw
    assert not (target.data_dir / RESTORED_MARKER).exists()
    restored_audit = dump(target.db_path)["audit_log"]
    assert any(row[4] == "node.restored" for row in restored_audit)

