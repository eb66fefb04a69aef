"""The node card: what one administration hands another to pair, as JSON.

``tls_sha256`` (optional) is the SHA-256 of the node's self-signed TLS certificate (DER), lowercase hex:
peers pin it when they connect over HTTPS (docs/protocol.md, "Transport").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from crypto import InvalidKey, VerifyKey
from protocol.roles import NodeRole
from protocol.version import PROTOCOL_VERSIONS

CARD_FORMAT = 1
MAX_CARD_BYTES = 16 * 1024
_TLS_SHA256 = re.compile(r"[0-9a-f]{64}")


class CardError(ValueError):
    """A card is malformed; the message names the field."""


@dataclass(frozen=True, slots=True)
class NodeCard:
    """Name, country, role, URL and public key of a node; the fingerprint is derived, never trusted."""

    name: str
    country: str
    role: NodeRole
    url: str
    public_key: VerifyKey
    protocol_versions: tuple[int, ...] = PROTOCOL_VERSIONS
    tls_sha256: str | None = None

    @property
    def fingerprint(self) -> str:
        """Return the fingerprint of the card's key."""
        return self.public_key.fingerprint

    def to_json(self) -> dict[str, Any]:
        """Return the card as a JSON-ready dict."""
        card: dict[str, Any] = {
            "ncen_card": CARD_FORMAT,
            "name": self.name,
            "country": self.country,
            "role": self.role.value,
            "url": self.url,
            "public_key": self.public_key.hex,
            "fingerprint": self.fingerprint,
            "protocol_versions": list(self.protocol_versions),
        }
        if self.tls_sha256 is not None:
            card["tls_sha256"] = self.tls_sha256
        return card

    @classmethod
    def from_json(cls, data: object) -> NodeCard:
        """Parse and validate a card from decoded JSON.

        Raises:
            CardError: a field is missing or invalid, the key is unsafe, or the fingerprint disagrees.
        """
        if not isinstance(data, dict):
            raise CardError("card must be a JSON object")
        if data.get("ncen_card") != CARD_FORMAT:
            raise CardError(f"ncen_card: unsupported card format {data.get('ncen_card')!r}")
        name = _text(data, "name", 200)
        country = _text(data, "country", 2)
        if len(country) != 2 or not country.isascii() or not country.isupper():
            raise CardError("country: must be an ISO 3166 alpha-2 code")
        try:
            role = NodeRole(str(data.get("role")))
        except ValueError as exc:
            raise CardError("role: must be national, hub or global") from exc
        url = _text(data, "url", 500)
        if not url.startswith(("https://", "http://")):
            raise CardError("url: must start with https:// or http://")
        try:
            key = VerifyKey.from_hex(str(data.get("public_key", "")))
        except InvalidKey as exc:
            raise CardError(f"public_key: {exc}") from exc
        claimed = data.get("fingerprint")
        if claimed is not None and claimed != key.fingerprint:
            raise CardError("fingerprint: does not match the public key")
        versions = data.get("protocol_versions", [1])
        if not isinstance(versions, list) or not all(isinstance(v, int) and v > 0 for v in versions) or not versions:
            raise CardError("protocol_versions: must be a non-empty list of positive integers")
        tls_sha256 = data.get("tls_sha256")
        if tls_sha256 is not None and (not isinstance(tls_sha256, str) or not _TLS_SHA256.fullmatch(tls_sha256)):
            raise CardError("tls_sha256: must be 64 lowercase hexadecimal digits")
        return cls(name=name, country=country, role=role, url=url.rstrip("/"), public_key=key,
                   protocol_versions=tuple(versions), tls_sha256=tls_sha256)

    @classmethod
    def from_bytes(cls, raw: bytes) -> NodeCard:
        """Parse a card file's bytes.

        Raises:
            CardError: too large, not UTF-8 JSON, or invalid.
        """
        if len(raw) > MAX_CARD_BYTES:
            raise CardError(f"card is larger than {MAX_CARD_BYTES} bytes")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CardError(f"card is not valid JSON: {exc}") from exc
        return cls.from_json(data)


def _text(data: dict[str, Any], field: str, limit: int) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CardError(f"{field}: required text")
    if len(value) > limit:
        raise CardError(f"{field}: longer than {limit} characters")
    return value.strip()
