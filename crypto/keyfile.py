"""The node's private key file: PKCS#8 PEM, mode 0600, optionally passphrase-encrypted."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.errors import KeyFileError
from crypto.keys import SigningKey

# An Ed25519 PKCS#8 PEM is under 300 bytes, encrypted under 1 KiB; refuse to read anything far larger.
MAX_KEY_FILE_BYTES = 64 * 1024


def save_private_key(path: Path, key: SigningKey, passphrase: bytes | None = None) -> None:
    """Write the key to a new file readable by its owner only; never overwrite an existing key.

    Raises:
        KeyFileError: the file already exists or cannot be written.
    """
    if path.exists():
        raise KeyFileError(f"key file {path} already exists")
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    pem = key.backend_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # O_EXCL and mode 0600 at creation: the key is never readable by others, not even for an instant.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        # link() refuses to replace an existing file, so two writers can never clobber each other's key.
        os.link(tmp, path)
        _fsync_directory(path.parent)
    except FileExistsError as exc:
        raise KeyFileError(f"key file {path} already exists") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot write key file {path}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_private_key(path: Path, passphrase: bytes | None = None) -> SigningKey:
    """Read the key, refusing a file that others can read.

    Raises:
        KeyFileError: missing, unreadable, too open, wrong or missing passphrase, or not an Ed25519 key.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError as exc:
        raise KeyFileError(f"key file {path} does not exist") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror or exc}") from exc
    try:
        # Check the mode of the file actually opened (fstat), not of whatever the path names a moment later.
        st = os.fstat(fd)
        mode = stat.S_IMODE(st.st_mode)
        if not stat.S_ISREG(st.st_mode):
            raise KeyFileError(f"key file {path} is not a regular file")
        if mode & 0o077:
            raise KeyFileError(
                f"key file {path} is accessible by other users (mode {mode:04o}); run chmod 600 on it")
        if st.st_size > MAX_KEY_FILE_BYTES:
            raise KeyFileError(f"key file {path} is too large to be a key")
        data = os.read(fd, MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    encrypted = b"ENCRYPTED PRIVATE KEY" in data
    if encrypted and not passphrase:
        raise KeyFileError(f"key file {path} is encrypted; set NCEN_KEY_PASSPHRASE")
    try:
        key = serialization.load_pem_private_key(data, password=passphrase if encrypted else None)
    except (ValueError, TypeError) as exc:
        reason = "wrong passphrase or damaged file" if encrypted else "not a valid PEM private key"
        raise KeyFileError(f"cannot load key file {path}: {reason}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"key file {path} does not hold an Ed25519 key")
    return SigningKey(key)
