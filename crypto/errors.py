"""Exceptions raised by the crypto facade."""


class CryptoError(Exception):
    """Base class for every error the crypto package raises."""


class BadSignature(CryptoError):
    """A signature does not verify for the given key, context and message."""


class InvalidKey(CryptoError):
    """Key bytes are malformed, non-canonical or of small order, and must not be trusted."""


class KeyFileError(CryptoError):
    """A key file is missing, unreadable, too widely readable, or cannot be decrypted."""
