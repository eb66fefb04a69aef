"""Ed25519 point checks that the cryptography library does not do at import time.

OpenSSL accepts any 32 bytes as an Ed25519 public key. A small-order key (the identity point, say) with a
crafted signature verifies *any* message (EXCHANGE-NOTES, "crypto edge cases"). Honest keys are A = a*B
and so lie in the prime-order subgroup; we refuse everything else before a peer key is ever trusted.

This is deliberately plain big-integer arithmetic: it runs once per key import, never per signature.
"""

from __future__ import annotations

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)

# A point in extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, x*y = T/Z.
_Point = tuple[int, int, int, int]
_IDENTITY: _Point = (0, 1, 1, 0)


def decode_point(data: bytes) -> _Point | None:
    """Decode a compressed point per RFC 8032 section 5.1.3; None when not a canonical curve point."""
    if len(data) != 32:
        return None
    encoded = int.from_bytes(data, "little")
    sign = encoded >> 255
    y = encoded & ((1 << 255) - 1)
    if y >= _P:
        return None  # non-canonical y: one point, two encodings
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x2 = u * pow(v, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None  # not on the curve
    if x == 0 and sign == 1:
        return None  # non-canonical encoding of x = 0
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


def _add(p: _Point, q: _Point) -> _Point:
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % _P
    b = (y1 + x1) * (y2 + x2) % _P
    c = 2 * t1 * t2 * _D % _P
    d = 2 * z1 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar: int, point: _Point) -> _Point:
    result = _IDENTITY
    addend = point
    while scalar:
        if scalar & 1:
            result = _add(result, addend)
        addend = _add(addend, addend)
        scalar >>= 1
    return result


def _is_identity(point: _Point) -> bool:
    x, y, z, _ = point
    return x % _P == 0 and (y - z) % _P == 0


def is_safe_public_key(data: bytes) -> bool:
    """Tell whether bytes encode a canonical point of prime order L (an honest public key)."""
    point = decode_point(data)
    if point is None or _is_identity(point):
        return False
    return _is_identity(_multiply(_L, point))
