"""Signed requests: bound to method, target, destination, body, time and a single-use nonce."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crypto import SigningKey
from protocol.keyring import TrustedKey
from protocol.reasons import ProtocolError, Reason
from protocol.requests import (
    HEADER_CREATED,
    HEADER_DESTINATION,
    HEADER_DIGEST,
    HEADER_KEY,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    content_digest,
    sign_request,
    signature_base,
    verify_request,
)
from tests.protocol.conftest import trusting

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TARGET = "/icomm/v1/feed?after=00112233445566778899aabbccddeeff-42&limit=200"


class NonceStore:
    """A test nonce store: remembers (key, nonce) pairs and their expiry."""

    def __init__(self) -> None:
        self.seen: dict[tuple[bytes, str], int] = {}

    def __call__(self, key: bytes, nonce: str, keep_until: int) -> bool:
        if (key, nonce) in self.seen:
            return True
        self.seen[(key, nonce)] = keep_until
        return False


@pytest.fixture
def server() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def client() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def check(server: SigningKey, client: SigningKey) -> Callable[..., Any]:
    store = NonceStore()

    def run(headers: dict[str, str], *, method: str = "GET", target: str = TARGET, body: bytes = b"",
            now: datetime = NOW, keys: Any = None, destination: str | None = None) -> Any:
        return verify_request(headers, method=method, target=target, body=body,
                              destination=destination or server.public.fingerprint,
                              keys=keys or trusting(client), now=now, seen_nonce=store)
    run.store = store  # type: ignore[attr-defined]
    return run


def signed(client: SigningKey, server: SigningKey, **overrides: Any) -> dict[str, str]:
    arguments: dict[str, Any] = {"method": "GET", "target": TARGET, "body": b"", "now": NOW,
                                 "destination": server.public.fingerprint}
    arguments.update(overrides)
    return sign_request(client, **arguments)


def reason(run: Callable[..., Any], headers: dict[str, str], **kwargs: Any) -> Reason:
    with pytest.raises(ProtocolError) as info:
        run(headers, **kwargs)
    return info.value.reason


def test_valid_request_is_accepted_once(client: SigningKey, server: SigningKey, check: Callable[..., Any]) -> None:
    headers = signed(client, server)
    verified = check(headers)
    assert verified.key == client.public
    assert verified.nonce == headers[HEADER_NONCE]
    assert reason(check, headers) is Reason.REPLAYED


def test_nonce_is_remembered_for_as_long_as_the_request_could_be_accepted(client: SigningKey, server: SigningKey,
                                                                          check: Callable[..., Any]) -> None:
    headers = signed(client, server)
    check(headers)
    ((_, keep_until),) = check.store.seen.items()  # type: ignore[attr-defined]
    assert keep_until == int(NOW.timestamp()) + 300


def test_post_with_body(client: SigningKey, server: SigningKey, check: Callable[..., Any]) -> None:
    body = b"\x81\xa4head\xa10"
    headers = signed(client, server, method="POST", target="/icomm/v1/notify", body=body)
    check(headers, method="POST", target="/icomm/v1/notify", body=body)


def test_tampered_body_is_refused(client: SigningKey, server: SigningKey, check: Callable[..., Any]) -> None:
    headers = signed(client, server, method="POST", target="/icomm/v1/notify", body=b"original")
    assert reason(check, headers, method="POST", target="/icomm/v1/notify", body=b"tampered") is \
        Reason.DIGEST_MISMATCH


def test_digest_header_rewritten_to_match_a_new_body_breaks_the_signature(client: SigningKey, server: SigningKey,
                                                                          check: Callable[..., Any]) -> None:
    headers = signed(client, server, method="POST", target="/icomm/v1/notify", body=b"original")
    headers[HEADER_DIGEST] = content_digest(b"tampered")
    assert reason(check, headers, method="POST", target="/icomm/v1/notify", body=b"tampered") is \
        Reason.BAD_SIGNATURE


@pytest.mark.parametrize(("method", "target"), [
    ("POST", TARGET), ("GET", "/icomm/v1/feed?after=00112233445566778899aabbccddeeff-0&limit=200"),
    ("GET", "/icomm/v1/feed"), ("GET", TARGET + "&x=1"),
])
def test_method_and_target_are_bound(client: SigningKey, server: SigningKey, check: Callable[..., Any], method: str,
                                     target: str) -> None:
    assert reason(check, signed(client, server), method=method, target=target) is Reason.BAD_SIGNATURE


def test_request_for_another_node_is_refused(client: SigningKey, server: SigningKey,
                                             check: Callable[..., Any]) -> None:
    other = SigningKey.generate()
    headers = signed(client, other)
    assert reason(check, headers) is Reason.WRONG_DESTINATION
    # Rewriting the destination header to ours does not help: it is signed.
    headers[HEADER_DESTINATION] = server.public.fingerprint
    assert reason(check, headers) is Reason.BAD_SIGNATURE


@pytest.mark.parametrize(("offset", "expected"), [
    (timedelta(hours=3), Reason.CLOCK_SKEW), (timedelta(hours=-3), Reason.CLOCK_SKEW),
    (timedelta(seconds=301), Reason.CLOCK_SKEW), (timedelta(seconds=-301), Reason.CLOCK_SKEW),
])
def test_clock_skew_is_named(client: SigningKey, server: SigningKey, check: Callable[..., Any], offset: timedelta,
                             expected: Reason) -> None:
    headers = signed(client, server, now=NOW + offset)
    with pytest.raises(ProtocolError) as info:
        check(headers)
    assert info.value.reason is expected
    assert "NTP" in info.value.detail
    assert ("ahead of" if offset > timedelta(0) else "behind") in info.value.detail


@pytest.mark.parametrize("seconds", [-299, -60, 0, 60, 299])
def test_skew_within_the_window_is_tolerated(client: SigningKey, server: SigningKey, check: Callable[..., Any],
                                             seconds: int) -> None:
    check(signed(client, server, now=NOW + timedelta(seconds=seconds)))


def test_stale_request_is_refused(client: SigningKey, server: SigningKey, check: Callable[..., Any]) -> None:
    headers = signed(client, server, validity=30)
    assert reason(check, headers, now=NOW + timedelta(seconds=31)) is Reason.EXPIRED
    assert reason(check, signed(client, server), now=NOW + timedelta(hours=2)) is Reason.CLOCK_SKEW


def test_unknown_rotated_and_revoked_keys_are_refused(client: SigningKey, server: SigningKey,
                                                      check: Callable[..., Any]) -> None:
    assert reason(check, signed(client, server), keys=trusting(SigningKey.generate())) is Reason.UNKNOWN_KEY
    rotated = trusting(TrustedKey(client.public, last_seq=10))
    revoked = trusting(TrustedKey(client.public, last_seq=10, revoked=True))
    assert reason(check, signed(client, server), keys=rotated) is Reason.KEY_ROTATED
    assert reason(check, signed(client, server), keys=revoked) is Reason.KEY_REVOKED


def test_signature_from_another_key_is_refused(client: SigningKey, server: SigningKey,
                                               check: Callable[..., Any]) -> None:
    impostor = SigningKey.generate()
    headers = signed(impostor, server)
    headers[HEADER_KEY] = client.public.hex
    assert reason(check, headers) is Reason.BAD_SIGNATURE


def test_replay_is_refused_even_within_the_window(client: SigningKey, server: SigningKey,
                                                  check: Callable[..., Any]) -> None:
    headers = signed(client, server, nonce="fixed-nonce-for-this-test")
    check(headers)
    assert reason(check, headers, now=NOW + timedelta(seconds=5)) is Reason.REPLAYED
    again = signed(client, server, nonce="fixed-nonce-for-this-test", now=NOW + timedelta(seconds=1))
    assert reason(check, again, now=NOW + timedelta(seconds=5)) is Reason.REPLAYED


def test_nonce_is_recorded_only_for_valid_signatures(client: SigningKey, server: SigningKey,
                                                     check: Callable[..., Any]) -> None:
    headers = signed(client, server)
    forged = dict(headers, **{HEADER_SIGNATURE: headers[HEADER_SIGNATURE][::-1]})
    with pytest.raises(ProtocolError):
        check(forged)
    assert check.store.seen == {}  # type: ignore[attr-defined]
    check(headers)


@pytest.mark.parametrize("header", [HEADER_KEY, HEADER_DESTINATION, HEADER_CREATED, HEADER_NONCE, HEADER_DIGEST,
                                    HEADER_SIGNATURE])
def test_missing_headers_are_named(client: SigningKey, server: SigningKey, check: Callable[..., Any],
                                   header: str) -> None:
    headers = signed(client, server)
    del headers[header]
    with pytest.raises(ProtocolError) as info:
        check(headers)
    assert info.value.reason is Reason.MISSING_HEADER
    assert header in info.value.detail


@pytest.mark.parametrize(("header", "value"), [
    (HEADER_KEY, "00" * 31), (HEADER_KEY, "AB" * 32), (HEADER_CREATED, "01"), (HEADER_CREATED, "-5"),
    (HEADER_CREATED, "1e9"), (HEADER_NONCE, "short"), (HEADER_NONCE, "has spaces in it here ok?"),
    (HEADER_DIGEST, "sha-512=:AAAA:"), (HEADER_SIGNATURE, "A" * 85), (HEADER_DESTINATION, "abcd"),
])
def test_malformed_headers_are_refused(client: SigningKey, server: SigningKey, check: Callable[..., Any],
                                       header: str, value: str) -> None:
    headers = signed(client, server)
    headers[header] = value
    assert reason(check, headers) is Reason.MALFORMED_HEADER


def test_headers_are_case_insensitive_but_not_repeated(client: SigningKey, server: SigningKey,
                                                       check: Callable[..., Any]) -> None:
    headers = {name.lower(): value for name, value in signed(client, server).items()}
    check(headers)
    doubled = dict(signed(client, server))
    doubled[HEADER_NONCE.lower()] = doubled[HEADER_NONCE]
    assert reason(check, doubled) is Reason.MALFORMED_HEADER


def test_validity_is_bounded(client: SigningKey, server: SigningKey, check: Callable[..., Any]) -> None:
    headers = signed(client, server)
    headers["Ncen-Expires"] = str(int(NOW.timestamp()) + 3600)
    assert reason(check, headers) is Reason.MALFORMED_HEADER
    with pytest.raises(ValueError, match="validity"):
        signed(client, server, validity=601)


def test_signature_spelled_with_spare_bits_is_refused(client: SigningKey, server: SigningKey,
                                                      check: Callable[..., Any]) -> None:
    headers = signed(client, server)
    last = headers[HEADER_SIGNATURE][-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    headers[HEADER_SIGNATURE] = headers[HEADER_SIGNATURE][:-1] + alphabet[alphabet.index(last) ^ 1]
    assert reason(check, headers) in (Reason.MALFORMED_HEADER, Reason.BAD_SIGNATURE)


def test_naive_times_are_refused(client: SigningKey, server: SigningKey) -> None:
    with pytest.raises(ValueError, match="naive"):
        signed(client, server, now=NOW.replace(tzinfo=None))


def test_signature_base_refuses_ambiguous_components() -> None:
    common: dict[str, Any] = {"destination": "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "digest": content_digest(b""),
                              "created": 1, "expires": 2, "nonce": "n" * 22, "key_hex": "00" * 32}
    for method, target in (("get", "/x"), ("GET", "x"), ("GET", "/a b"), ("GET", "/a\nnonce: x")):
        with pytest.raises(ProtocolError) as info:
            signature_base(method=method, target=target, **common)
        assert info.value.reason is Reason.MALFORMED_HEADER
