"""The node card's optional TLS certificate pin."""

from __future__ import annotations

import pytest

from crypto import SigningKey
from protocol.card import CardError, NodeCard
from protocol.roles import NodeRole


def test_tls_pin_round_trips_and_is_optional() -> None:
    key = SigningKey.generate().public
    card = NodeCard(name="Botswana Unified Revenue Service", country="BW", role=NodeRole.NATIONAL,
                    url="https://ncen.example.bw", public_key=key, tls_sha256="0f" * 32)
    assert NodeCard.from_json(card.to_json()) == card
    plain = NodeCard(name="B", country="BW", role=NodeRole.HUB, url="http://127.0.0.1:8080", public_key=key)
    assert "tls_sha256" not in plain.to_json()
    assert NodeCard.from_json(plain.to_json()) == plain


@pytest.mark.parametrize("pin", ["0F" * 32, "0f" * 31, "sha256:" + "0f" * 32, 5])
def test_malformed_tls_pin_is_refused(pin: object) -> None:
    data = NodeCard(name="B", country="BW", role=NodeRole.HUB, url="https://x.example",
                    public_key=SigningKey.generate().public).to_json()
    data["tls_sha256"] = pin
    with pytest.raises(CardError, match="tls_sha256"):
        NodeCard.from_json(data)
