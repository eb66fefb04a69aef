"""The content-addressed attachment store, on real files in a temporary directory."""

from __future__ import annotations

import hashlib
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from node.media.attachments import AttachmentStore

CONTENT = b"\xff\xd8\xff picture of a false floor in a lorry \xff\xd9"
DIGEST = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(tmp_path / "attachments")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_put_stores_the_content_under_its_sha256_in_a_two_level_fan_out(store: AttachmentStore) -> None:
    sha256 = store.put(CONTENT)

    assert sha256 == DIGEST
    path = store.root / DIGEST[:2] / DIGEST[2:4] / DIGEST
    assert store.path(sha256) == path
    assert path.read_bytes() == CONTENT
    assert store.exists(sha256) and store.read(sha256) == CONTENT and store.size(sha256) == len(CONTENT)
    assert files_under(store.root) == [path]


def test_files_are_private_to_the_node_whatever_the_umask(store: AttachmentStore) -> None:
    previous = os.umask(0o022)
    try:
        sha256 = store.put(CONTENT)
    finally:
        os.umask(previous)
    path = store.path(sha256)
    assert mode(path) == 0o600
    assert mode(path.parent) == mode(path.parent.parent) == mode(store.root) == 0o700


def test_storing_the_same_content_twice_writes_nothing_the_second_time(store: AttachmentStore,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.put(CONTENT)

    def no_write(*args: object) -> None:
        raise AssertionError("the second put wrote the file again")

    monkeypatch.setattr(os, "replace", no_write)
    assert store.put(CONTENT) == first
    assert files_under(store.root) == [store.path(first)]


def test_empty_content_is_stored_too(store: AttachmentStore) -> None:
    sha256 = store.put(b"")
    assert sha256 == hashlib.sha256(b"").hexdigest() and store.read(sha256) == b""


@pytest.mark.parametrize("bad", [
    "../etc/passwd",
    "../../" + "a" * 58,
    DIGEST.upper(),
    DIGEST[:-1],
    DIGEST + "0",
    DIGEST[:-1] + "/",
    DIGEST + "\n",
    "",
    "g" * 64,
])
def test_paths_are_built_only_from_a_lowercase_hex_sha256(store: AttachmentStore, bad: str) -> None:
    for method in (store.path, store.exists, store.read, store.verify, store.delete):
        with pytest.raises(ValueError, match="not a lowercase hex SHA-256"):
            method(bad)


def test_a_non_text_hash_is_refused(store: AttachmentStore) -> None:
    with pytest.raises(ValueError, match="not a lowercase hex SHA-256"):
        store.path(DIGEST.encode())  # type: ignore[arg-type]


def test_verify_detects_a_flipped_byte_and_a_missing_file(store: AttachmentStore) -> None:
    sha256 = store.put(CONTENT)
    assert store.verify(sha256)

    path = store.path(sha256)
    damaged = bytearray(path.read_bytes())
    damaged[10] ^= 0x01
    path.write_bytes(bytes(damaged))
    assert not store.verify(sha256)

    path.unlink()
    assert not store.verify(sha256)


def test_a_damaged_file_of_the_wrong_size_is_repaired_by_putting_the_content_again(store: AttachmentStore) -> None:
    sha256 = store.put(CONTENT)
    store.path(sha256).write_bytes(CONTENT[:5])
    assert store.put(CONTENT) == sha256
    assert store.verify(sha256)


def test_a_failed_write_leaves_no_file_at_all(store: AttachmentStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        store.put(CONTENT)

    assert not store.exists(DIGEST)
    assert files_under(store.root) == []


def test_an_interrupted_write_leaves_no_file_at_all(store: AttachmentStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.put(CONTENT)
    assert files_under(store.root) == []


def test_leftovers_of_a_crash_are_removed_at_start_up(store: AttachmentStore) -> None:
    sha256 = store.put(CONTENT)
    leftover = store.path(sha256).parent / ".partial-abc123"
    leftover.write_bytes(CONTENT[:3])

    assert store.remove_partial_files() == 1
    assert files_under(store.root) == [store.path(sha256)]


def test_delete_removes_the_file_once(store: AttachmentStore) -> None:
    sha256 = store.put(CONTENT)
    assert store.delete(sha256)
    assert not store.exists(sha256)
    assert not store.delete(sha256)
    with pytest.raises(FileNotFoundError):
        store.read(sha256)


def test_read_range_returns_the_requested_bytes(store: AttachmentStore) -> None:
    sha256 = store.put(CONTENT)
    assert store.read_range(sha256, 3, 10) == CONTENT[3:10]
    assert store.read_range(sha256, 3) == CONTENT[3:]
    assert store.read_range(sha256, 0, 10_000) == CONTENT
    assert store.read_range(sha256, len(CONTENT) + 5) == b""
    with pytest.raises(ValueError, match="bad range"):
        store.read_range(sha256, 10, 3)
    with pytest.raises(ValueError, match="bad range"):
        store.read_range(sha256, -1, 3)


def test_concurrent_puts_of_the_same_and_different_content_all_succeed(store: AttachmentStore) -> None:
    contents = [CONTENT] * 8 + [bytes([n]) * 1000 for n in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        hashes = list(pool.map(store.put, contents))
    assert hashes == [hashlib.sha256(content).hexdigest() for content in contents]
    assert all(store.verify(sha256) for sha256 in hashes)
    assert len(files_under(store.root)) == 9
