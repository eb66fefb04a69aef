"""The private key file: created 0600, refused when others can read it, optionally encrypted."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path

import pytest

from crypto import KeyFileError, SigningKey, load_private_key, save_private_key


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_key_file_is_written_0600_and_round_trips(tmp_path: Path) -> None:
    key = SigningKey.generate()
    path = tmp_path / "node.key"
    save_private_key(path, key)
    assert _mode(path) == 0o600
    assert load_private_key(path).public == key.public
    assert [item.name for item in tmp_path.iterdir()] == ["node.key"]  # no temporary file left behind


def test_existing_key_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    first = SigningKey.generate()
    save_private_key(path, first)
    with pytest.raises(KeyFileError, match="already exists"):
        save_private_key(path, SigningKey.generate())
    assert load_private_key(path).public == first.public


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o666])
def test_key_readable_by_others_is_refused_with_a_clear_message(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "node.key"
    save_private_key(path, SigningKey.generate())
    path.chmod(mode)
    with pytest.raises(KeyFileError, match=r"accessible by other users .*chmod 600"):
        load_private_key(path)


def test_passphrase_round_trip(tmp_path: Path) -> None:
    passphrase = secrets.token_bytes(16)
    key = SigningKey.generate()
    path = tmp_path / "node.key"
    save_private_key(path, key, passphrase)
    assert b"ENCRYPTED PRIVATE KEY" in path.read_bytes()
    assert load_private_key(path, passphrase).public == key.public


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    save_private_key(path, SigningKey.generate(), secrets.token_bytes(16))
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        load_private_key(path, secrets.token_bytes(16))


def test_missing_passphrase_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    save_private_key(path, SigningKey.generate(), secrets.token_bytes(16))
    with pytest.raises(KeyFileError, match="encrypted; set NCEN_KEY_PASSPHRASE"):
        load_private_key(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="does not exist"):
        load_private_key(tmp_path / "absent.key")


def test_garbage_and_wrong_key_types_are_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    garbage = tmp_path / "garbage.key"
    garbage.write_bytes(b"not a key")
    garbage.chmod(0o600)
    with pytest.raises(KeyFileError, match="not a valid PEM"):
        load_private_key(garbage)
    other = tmp_path / "ec.key"
    other.write_bytes(ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    other.chmod(0o600)
    with pytest.raises(KeyFileError, match="Ed25519"):
        load_private_key(other)


def test_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "dir.key"
    directory.mkdir(mode=0o700)
    with pytest.raises(KeyFileError):
        load_private_key(directory)


def test_unwritable_location_gives_a_key_file_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot write"):
        save_private_key(tmp_path / "no-such-directory" / "node.key", SigningKey.generate())
