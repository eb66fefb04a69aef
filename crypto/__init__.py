"""Keys, fingerprints and signatures: a small facade over pyca/cryptography's Ed25519."""

from crypto.errors import BadSignature, CryptoError, InvalidKey, KeyFileError
from crypto.keyfile import load_private_key, save_private_key
from crypto.keys import PUBLIC_KEY_SIZE, SIGNATURE_SIZE, SigningKey, VerifyKey, fingerprint
from crypto.signing import sign, signed_bytes, verify, verify_raw

__all__ = [
    "PUBLIC_KEY_SIZE",
    "SIGNATURE_SIZE",
    "BadSignature",
    "CryptoError",
    "InvalidKey",
    "KeyFileError",
    "SigningKey",
    "VerifyKey",
    "fingerprint",
    "load_private_key",
    "save_private_key",
    "sign",
    "signed_bytes",
    "verify",
    "verify_raw",
]
