"""The Exchange area: paired administrations, pairing by card and fingerprint, candidates, evidence, settings."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from node.appkeys import ACTOR, SERVICES
from node.errors import NotFound, ServiceError, ValidationFailed
from node.runtime import Services
from node.services.permissions import Permission
from node.web.uploads import read_uploads
from protocol.card import MAX_CARD_BYTES
from protocol.text import N_
from ui.exchange_text import NODE_ROLES, PEER_STATUS, VERDICTS, sync_failure
from ui.render import form_errors, render, see_other, translator
from ui.views.forms import form_data, safe_next

routes = web.RouteTableDef()

PEER = r"/exchange/peers/{peer_id:\d+}"


def _services(request: web.Request) -> Services:
    return request.config_dict[SERVICES]


def _peer_id(request: web.Request) -> int:
    return int(request.match_info["peer_id"])


def typed_fingerprint(text: str) -> str:
    """Return a typed fingerprint in its written form: capitals in groups of four, dashes and spaces optional."""
    letters = re.sub(r"[^A-Z0-9]", "", text.upper())
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def _labels() -> dict[str, Any]:
    return {"peer_status": PEER_STATUS, "node_roles": NODE_ROLES, "sync_failure": sync_failure}


async def _index(request: web.Request, *, card_text: str = "", errors: dict[str, str] | None = None,
                 error: str = "", status: int = 200) -> web.Response:
    actor, services = request[ACTOR], _services(request)
    statuses = await services.exchange.peers.statuses(actor)
    identity = services.identity
    known = {s.peer.owner for s in statuses}
    return await render(request, "exchange/index.html", {
        "statuses": statuses, "candidates": services.exchange.discovery.candidates(), "known": known,
        "own_fingerprint": identity.fingerprint, "own_card": identity.card().to_json() if identity.identity.country
        else None, "global_by_default": await services.exchange.sharing.global_by_default(),
        "card_text": card_text, "errors": errors or {}, "error": error, **_labels(),
    }, status=status)


@routes.get("/exchange")
async def index(request: web.Request) -> web.Response:
    """Show the paired administrations, the candidates seen on the network and this node's card."""
    return await _index(request)


@routes.post("/exchange/peers")
async def add_peer(request: web.Request) -> web.StreamResponse:
    """Import a pasted or uploaded card as a pending peer, then ask for its fingerprint."""
    actor, services = request[ACTOR], _services(request)
    actor.require(Permission.MANAGE_PEERS)
    card_text = ""
    try:
        uploads, fields = await read_uploads(request, "card_file", MAX_CARD_BYTES)
        card_text = fields.get("card", "")
        raw = uploads[0].data if uploads else card_text.strip().encode()
        if not raw:
            return await _index(request, errors={"card": translator(request).gettext(
                N_("Paste the card or choose its file."))}, status=422)
        peer = await services.exchange.peers.add_card(actor, raw)
    except ServiceError as exc:
        errors, message = form_errors(exc, translator(request))
        return await _index(request, card_text=card_text, errors={"card": errors.get("card", message)}, status=422)
    raise see_other(f"/exchange/peers/{peer.id}/confirm")


async def _confirm_page(request: web.Request, *, typed: str = "", errors: dict[str, str] | None = None,
                        status: int = 200) -> web.Response:
    actor, services = request[ACTOR], _services(request)
    actor.require(Permission.MANAGE_PEERS)
    peer = await services.exchange.peers.get(_peer_id(request))
    if peer.status == "removed":
        raise NotFound(N_("There is no such administration."))
    return await render(request, "exchange/confirm.html", {
        "peer": peer, "typed": typed, "errors": errors or {}, "own_fingerprint": services.identity.fingerprint,
        **_labels()}, status=status)


@routes.get(PEER + "/confirm")
async def confirm_form(request: web.Request) -> web.Response:
    """Show the card's fingerprint in large type and ask for the one read by telephone."""
    return await _confirm_page(request)


@routes.post(PEER + "/confirm")
async def confirm(request: web.Request) -> web.StreamResponse:
    """Pair once the typed fingerprint matches the card's; otherwise nothing is trusted."""
    form = await form_data(request)
    typed = form.get("fingerprint", "")
    try:
        await _services(request).exchange.peers.confirm(request[ACTOR], _peer_id(request), typed_fingerprint(typed))
    except ValidationFailed as exc:
        errors, _ = form_errors(exc, translator(request))
        return await _confirm_page(request, typed=typed, errors=errors, status=422)
    raise see_other(f"/exchange/peers/{_peer_id(request)}", flash_key="peer_paired")


async def _peer_page(request: web.Request, *, groups_text: str | None = None, errors: dict[str, str] | None = None,
                     status: int = 200) -> web.Response:
    actor, services = request[ACTOR], _services(request)
    peer_id = _peer_id(request)
    found = [s for s in await services.exchange.peers.statuses(actor) if s.peer.id == peer_id]
    if not found:
        raise NotFound(N_("There is no such administration."))
    peer = found[0].peer
    return await render(request, "exchange/peer.html", {
        "status": found[0], "peer": peer, "is_hub": services.exchange.state.role.value == "hub",
        "groups_text": ", ".join(peer.groups) if groups_text is None else groups_text, "errors": errors or {},
        **_labels()}, status=status)


@routes.get(PEER)
async def peer_page(request: web.Request) -> web.Response:
    """Show one administration: its state, groups and actions."""
    return await _peer_page(request)


@routes.post(PEER + "/groups")
async def save_groups(request: web.Request) -> web.StreamResponse:
    """Set a peer's group labels and whether this hub relays for it."""
    form = await form_data(request)
    text = form.get("groups", "")
    try:
        await _services(request).exchange.peers.set_groups(
            request[ACTOR], _peer_id(request), [g for g in text.split(",")], hub_member=form.get("hub_member") == "on")
    except ValidationFailed as exc:
        errors, _ = form_errors(exc, translator(request))
        return await _peer_page(request, groups_text=text, errors=errors, status=422)
    raise see_other(f"/exchange/peers/{_peer_id(request)}", flash_key="peer_groups_saved")


@routes.post(PEER + "/remove")
async def remove(request: web.Request) -> web.StreamResponse:
    """Stop trusting a peer; what it sent stays."""
    await _services(request).exchange.peers.remove(request[ACTOR], _peer_id(request))
    raise see_other("/exchange", flash_key="peer_removed")


@routes.post(PEER + "/sync")
async def sync_now(request: web.Request) -> web.StreamResponse:
    """Pull from one paired peer now and say whether it worked."""
    request[ACTOR].require(Permission.MANAGE_PEERS)
    form = await form_data(request)
    results = await _services(request).exchange.sync.sync_once(_peer_id(request))
    ok = bool(results) and results[0].ok
    raise see_other(safe_next(form.get("next")), flash_key="sync_done" if ok else "sync_failed")


@routes.post("/exchange/settings")
async def save_settings(request: web.Request) -> web.StreamResponse:
    """Turn sending the non-nominal copy of every confirmed seizure to the global CEN on or off."""
    form = await form_data(request)
    await _services(request).exchange.sharing.set_global_by_default(request[ACTOR], form.get("global_by_default")
                                                                    == "on")
    raise see_other("/exchange", flash_key="exchange_settings_saved")


@routes.get("/exchange/evidence")
async def evidence(request: web.Request) -> web.Response:
    """List records kept as evidence (equivocations, forks) for administrators to resolve with the origin."""
    items = await _services(request).exchange.inbox.evidence(request[ACTOR])
    return await render(request, "exchange/evidence.html", {"items": items, "verdicts": VERDICTS})
