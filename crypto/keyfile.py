"""The node's private key file: PKCS#8 PEM, mode 0600, optionally passphrase-encrypted."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.errors import KeyFileError
from crypto.keys import SigningKey


def save_private_key(path: Path, key: SigningKey, passphrase: bytes | None = None) -> None:
    """Write the key to a new file readable by its owner only.

    Raises:
        KeyFileError: the file already exists or cannot be written.
    """
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    pem = key.backend_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    tmp = path.with_name(path.name + ".tmp")
    try:
        # O_EXCL and mode 0600 at creation: the key is never readable by others, not even for an instant.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        if path.exists():
            raise KeyFileError(f"key file {path} already exists")
        os.replace(tmp, path)
    except OSError as exc:
        raise KeyFileError(f"cannot write key file {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def load_private_key(path: Path, passphrase: bytes | None = None) -> SigningKey:
    """Read the key, refusing a file that others can read.

    Raises:
        KeyFileError: missing, unreadable, too open, wrong passphrase, or not an Ed25519 key.
    """
    try:
        st = path.stat()
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise KeyFileError(f"key file {path} does not exist") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror or exc}") from exc
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        raise KeyFileError(f"key file {path} is accessible by other users (mode {mode:04o}); run chmod 600 on it")
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
