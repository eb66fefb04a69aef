"""``ncen peer``, ``ncen sync`` and ``ncen keys`` on data directories, with their error cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crypto import SigningKey
from tests.node.test_cli import assert_one_line_error, init, run


@pytest.fixture
def two_nodes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    init(capsys, a)
    code, _, _ = run(capsys, "init", "--data", str(b), "--name", "South Africa Customs", "--country", "ZA")
    assert code == 0
    code, out, _ = run(capsys, "card", "--data", str(b))
    card = tmp_path / "b-card.json"
    card.write_text(out)
    return a, b, card


def test_pairing_through_cards(capsys: pytest.CaptureFixture[str], two_nodes: tuple[Path, Path, Path]) -> None:
    a, _, card = two_nodes
    fingerprint = json.loads(card.read_text())["fingerprint"]
    code, out, _ = run(capsys, "peer", "add", str(card), "--data", str(a))
    assert code == 0 and "pending confirmation" in out and fingerprint in out
    code, _, err = run(capsys, "peer", "confirm", "1", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "--data", str(a))
    assert_one_line_error(code, err, "not the fingerprint of the card")
    code, out, _ = run(capsys, "peer", "list", "--data", str(a))
    assert "pending" in out
    code, out, _ = run(capsys, "peer", "confirm", "1", fingerprint.lower(), "--data", str(a))
    assert code == 0 and "Paired with South Africa Customs" in out
    code, _, err = run(capsys, "peer", "add", str(card), "--data", str(a))
    assert_one_line_error(code, err, "already in the list")
    code, out, _ = run(capsys, "peer", "list", "--data", str(a))
    assert "paired" in out and fingerprint in out
    code, out, err = run(capsys, "sync", "--data", str(a))
    assert code == 1 and "South Africa Customs: failed" in err  # nobody is serving at the card's address
    code, out, _ = run(capsys, "peer", "remove", "1", "--data", str(a))
    assert code == 0
    code, out, _ = run(capsys, "peer", "list", "--data", str(a))
    assert "South Africa" not in out


def test_bad_cards_are_refused(capsys: pytest.CaptureFixture[str], two_nodes: tuple[Path, Path, Path],
                               tmp_path: Path) -> None:
    a, _, card = two_nodes
    good = json.loads(card.read_text())
    own = tmp_path / "own.json"
    code, out, _ = run(capsys, "card", "--data", str(a))
    own.write_text(out)
    cases = [
        ("not json {", "not valid JSON"),
        (json.dumps({**good, "public_key": "00" * 32, "fingerprint": None}), "low-order or malformed"),
        (json.dumps({**good, "fingerprint": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"}), "does not match the public key"),
        (json.dumps({**good, "country": "Narnia"}), "country"),
        (json.dumps({**good, "public_key": SigningKey.generate().public.hex, "fingerprint": None,
                     "url": "ftp://x"}), "url"),
    ]
    for text, fragment in cases:
        path = tmp_path / "bad.json"
        path.write_text(text)
        code, _, err = run(capsys, "peer", "add", str(path), "--data", str(a))
        assert_one_line_error(code, err, fragment)
    code, _, err = run(capsys, "peer", "add", str(own), "--data", str(a))
    assert_one_line_error(code, err, "this node's own card")
    code, _, err = run(capsys, "peer", "add", str(tmp_path / "missing.json"), "--data", str(a))
    assert_one_line_error(code, err, "cannot read")


def test_key_rotation_and_revocation(capsys: pytest.CaptureFixture[str], two_nodes: tuple[Path, Path, Path]) -> None:
    a, _, _ = two_nodes
    code, before, _ = run(capsys, "card", "--data", str(a))
    old = json.loads(before)
    code, out, _ = run(capsys, "keys", "rotate", "--data", str(a))
    assert code == 0 and old["fingerprint"] in out
    code, after, _ = run(capsys, "card", "--data", str(a))
    assert json.loads(after)["public_key"] != old["public_key"]
    assert (a / "keys" / f"node-{old['fingerprint']}.key").exists()
    code, _, err = run(capsys, "keys", "revoke", json.loads(after)["public_key"], "--after-seq", "1", "--reason",
                       "lost", "--data", str(a))
    assert_one_line_error(code, err, "Rotate the current key first")
    code, _, err = run(capsys, "keys", "revoke", SigningKey.generate().public.hex, "--after-seq", "1", "--reason",
                       "lost", "--data", str(a))
    assert_one_line_error(code, err, "never one of this node's keys")
    code, out, _ = run(capsys, "keys", "revoke", old["public_key"], "--after-seq", "1", "--reason", "compromised",
                       "--data", str(a))
    assert code == 0 and "Revoked" in out
