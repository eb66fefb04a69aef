"""The node card: what one administration hands another to pair, as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crypto import InvalidKey, VerifyKey
from protocol.roles import NodeRole
from protocol.version import PROTOCOL_VERSIONS

CARD_FORMAT = 1
MAX_CARD_BYTES = 16 * 1024


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

    @property
    def fingerprint(self) -> str:
        """Return the fingerprint of the card's key."""
        return self.public_key.fingerprint

    def to_json(self) -> dict[str, Any]:
        """Return the card as a JSON-ready dict."""
        return {
            "ncen_card": CARD_FORMAT,
            "name": self.name,
            "country": self.country,
            "role": self.role.value,
            "url": self.url,
            "public_key": self.public_key.hex,
            "fingerprint": self.fingerprint,
            "protocol_versions": list(self.protocol_versions),
        }

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
            role = NodeRole(data.get("role"))
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
        return cls(name=name, country=country, role=role, url=url.rstrip("/"), public_key=key,
                   protocol_versions=tuple(versions))

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
