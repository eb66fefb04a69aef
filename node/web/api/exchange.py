"""``/api/v1/exchange``: paired administrations, candidates, the inbox, sharing a case, the global default."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from aiohttp import web

from node.errors import Conflict
from node.exchange.discovery import Candidate
from node.exchange.inbox import EvidenceItem, HitRow, InboxFilter, InboxItem, hit_details
from node.exchange.peers import PeerStatus
from node.exchange.sharing import SEIZURE, ShareRequest, preview_global, shared_suspect_body
from node.exchange.sync import SyncResult
from node.services.permissions import Permission
from node.web.api.common import BadRequest, actor, path_int, query_int, read_json, services
from node.web.api.seizures import CASE_ID
from node.web.api.suspects import RECORD, service_of
from protocol.audience import Handling
from protocol.reasons import Reason
from protocol.text import N_
from store.peers import PeerRow
from store.shares import ShareRow
from store.suspects import Kind

routes = web.RouteTableDef()

PEER = r"/exchange/peers/{peer_id:\d+}"
RECORD_ID = r"{record_id:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}"

# What a failed round stored (node/exchange/client.py): "peer answered 403 not_in_audience: <their text>",
# "the peer's answer breaks the protocol: malformed", or a local connection error. Only a reason code from the
# closed list is ever shown: a remote node's free text reaches the log, never a user (STYLE.md).
_ANSWERED = re.compile(r"^peer answered (\d{3}) ([a-z_+0-9]{1,40}):")
_BROKEN = re.compile(r"^the peer's answer breaks the protocol: ([a-z_]{1,40})$")
_REASONS = frozenset(r.value for r in Reason)
UNREACHABLE = "unreachable"
REFUSED = "refused"
BROKEN = "broken"


def error_reason(last_error: str) -> tuple[str, str]:
    """Return (kind, reason code) of a stored sync error: kind is refused, broken or unreachable."""
    if not last_error:
        return "", ""
    if match := _ANSWERED.match(last_error):
        code = match.group(2)
        return REFUSED, code if code in _REASONS or code == f"http_{match.group(1)}" else f"http_{match.group(1)}"
    if (match := _BROKEN.match(last_error)) and match.group(1) in _REASONS:
        return BROKEN, match.group(1)
    return UNREACHABLE, UNREACHABLE


def plain(value: Any) -> Any:
    """Return a received body's value as JSON: 16-byte ids as UUIDs, other bytes as hex."""
    if isinstance(value, bytes):
        return str(uuid.UUID(bytes=value)) if len(value) == 16 else value.hex()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def peer_json(peer: PeerRow, status: PeerStatus | None = None) -> dict[str, Any]:
    """Return what the API says about a peer (never its stored error text, only the reason code)."""
    _, reason = error_reason(peer.last_error)
    data: dict[str, Any] = {
        "id": peer.id, "name": peer.name, "country": peer.country, "role": peer.role, "url": peer.url,
        "status": peer.status, "fingerprint": peer.owner, "groups": list(peer.groups), "hub_member": peer.hub_member,
        "added_at": peer.added_at, "added_by": peer.added_by, "confirmed_at": peer.confirmed_at,
        "last_attempt_at": peer.last_attempt_at, "last_success_at": peer.last_success_at,
        "failures": peer.failures, "last_error_reason": reason,
    }
    if status is not None:
        data.update(fingerprint=status.fingerprint, backlog_in=status.backlog_in, backlog_out=status.backlog_out)
    return data


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """Return a discovered node (unverified: never trusted because it was seen)."""
    return {"name": candidate.name, "fingerprint": candidate.fingerprint, "country": candidate.country,
            "role": candidate.role, "url": candidate.url, "trusted": False}


def hit_json(hit: HitRow) -> dict[str, Any]:
    """Return a local look-alike of a received record: which record, how alike and why (English text)."""
    name, reasons = hit_details(hit)
    return {"local_type": hit.local_type, "local_id": hit.local_id, "name": name, "score": hit.score,
            "reasons": [{"text": r.template.format(**r.params), "template": r.template, "params": dict(r.params),
                         "weight": r.weight} for r in reasons]}


def inbox_json(item: InboxItem, *, with_body: bool) -> dict[str, Any]:
    """Return a received record; the body only when one record is asked for (that view is audited)."""
    data: dict[str, Any] = {
        "id": item.record_id, "type": item.record_type, "revision": item.rev, "origin": item.origin,
        "origin_country": item.origin_country, "received_at": item.received_at, "seen": item.seen,
        "handling": item.handling, "scope": item.scope,
        "hits": [hit_json(h) for h in item.hits],
    }
    if with_body:
        data["body"] = plain(item.body)
    return data


def evidence_json(item: EvidenceItem) -> dict[str, Any]:
    """Return a piece of evidence."""
    return {"id": item.id, "record_id": item.record_id, "verdict": item.verdict, "origin": item.origin,
            "received_from": item.received_from, "at": item.at}


def share_json(share: ShareRow) -> dict[str, Any]:
    """Return how a case is shared: scope, recipients' fingerprints' count, groups, handling, who and when."""
    return {"scope": share.scope, "recipients": len(share.audience), "groups": list(share.groups),
            "handling": share.handling, "shared_by": share.shared_by, "shared_at": share.shared_at}


def sync_json(result: SyncResult) -> dict[str, Any]:
    """Return what one sync round did (the error as a reason code only)."""
    _, reason = error_reason(result.error)
    return {"peer_id": result.peer_id, "ok": result.ok, "pages": result.pages, "applied": result.applied,
            "duplicates": result.duplicates, "refused": result.refused, "evidence": result.evidence,
            "attachments": result.attachments, "error_reason": reason}


def share_request(data: dict[str, Any]) -> ShareRequest:
    """Build a ShareRequest from a JSON body, or raise ``BadRequest`` naming the bad field."""
    peer_ids, groups = data.get("peer_ids", []), data.get("groups", [])
    if not isinstance(peer_ids, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in peer_ids):
        raise BadRequest(N_("Field {name} must be a list of whole numbers."), name="peer_ids")
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise BadRequest(N_("Field {name} must be a list of strings."), name="groups")
    flags = {name: data.get(name, False) for name in ("all_paired", "to_global")}
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise BadRequest(N_("Field {name} must be true or false."), name=name)
    handling = data.get("handling", Handling.AMBER.value)
    if not isinstance(handling, str):
        raise BadRequest(N_("Field {name} must be a string."), name="handling")
    return ShareRequest(tuple(peer_ids), tuple(groups), flags["all_paired"], flags["to_global"], handling)


def inbox_filter(query: Any) -> InboxFilter:
    """Build the inbox filter from query parameters (``peer_id``, ``type``, ``unseen``, ``hits``)."""
    raw_peer = query.get("peer_id", "")
    peer_id = int(raw_peer) if raw_peer.isdigit() else None
    record_type = query.get("type", "")
    return InboxFilter(peer_id=peer_id, record_type=record_type if re.fullmatch(r"[a-z_]{1,32}", record_type) else "",
                       unseen_only=query.get("unseen", "") in ("1", "true", "on"),
                       with_hits_only=query.get("hits", "") in ("1", "true", "on"))


# -- peers -------------------------------------------------------------------------------------------------------

@routes.get("/exchange/peers")
async def list_peers(request: web.Request) -> web.Response:
    """List the administrations this node exchanges with, with sync status and backlogs."""
    statuses = await services(request).exchange.peers.statuses(actor(request))
    return web.json_response({"items": [peer_json(s.peer, s) for s in statuses]})


@routes.post("/exchange/peers")
async def add_peer(request: web.Request) -> web.Response:
    """Import a card (the JSON body): the peer stays pending until its fingerprint is confirmed."""
    card = await read_json(request)
    peer = await services(request).exchange.peers.add_card(actor(request), json.dumps(card).encode())
    return web.json_response(peer_json(peer), status=201)


@routes.post(PEER + "/confirm")
async def confirm_peer(request: web.Request) -> web.Response:
    """Pair with a pending peer once the fingerprint read out of band is typed."""
    data = await read_json(request)
    fingerprint = data.get("fingerprint")
    if not isinstance(fingerprint, str):
        raise BadRequest(N_("Field {name} is required."), name="fingerprint")
    peer = await services(request).exchange.peers.confirm(actor(request), path_int(request, "peer_id"), fingerprint)
    return web.json_response(peer_json(peer))


@routes.delete(PEER)
async def remove_peer(request: web.Request) -> web.Response:
    """Stop trusting a peer."""
    await services(request).exchange.peers.remove(actor(request), path_int(request, "peer_id"))
    return web.Response(status=204)


@routes.put(PEER + "/groups")
async def set_groups(request: web.Request) -> web.Response:
    """Set a peer's group labels (e.g. a WCO region) and whether this hub relays for it."""
    data = await read_json(request)
    groups, hub_member = data.get("groups", []), data.get("hub_member", False)
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise BadRequest(N_("Field {name} must be a list of strings."), name="groups")
    if not isinstance(hub_member, bool):
        raise BadRequest(N_("Field {name} must be true or false."), name="hub_member")
    await services(request).exchange.peers.set_groups(actor(request), path_int(request, "peer_id"), groups,
                                                      hub_member=hub_member)
    return web.Response(status=204)


@routes.post(PEER + "/sync")
async def sync_peer(request: web.Request) -> web.Response:
    """Pull from one paired peer now (administrators)."""
    actor(request).require(Permission.MANAGE_PEERS)
    results = await services(request).exchange.sync.sync_once(path_int(request, "peer_id"))
    if not results:
        raise Conflict(N_("Only a paired administration with an address can be synchronised."))
    return web.json_response(sync_json(results[0]))


@routes.get("/exchange/candidates")
async def list_candidates(request: web.Request) -> web.Response:
    """List nodes seen on the local network: candidates only, never trusted."""
    actor(request).require(Permission.VIEW_RECORDS)
    return web.json_response({"items": [candidate_json(c) for c in services(request).exchange.discovery.candidates()]})


@routes.get("/exchange/evidence")
async def list_evidence(request: web.Request) -> web.Response:
    """List records kept as evidence: equivocations and forks (administrators)."""
    items = await services(request).exchange.inbox.evidence(actor(request))
    return web.json_response({"items": [evidence_json(e) for e in items]})


# -- the inbox ---------------------------------------------------------------------------------------------------

@routes.get("/exchange/inbox")
async def list_inbox(request: web.Request) -> web.Response:
    """List received records, newest first."""
    limit = query_int(request, "limit", 50, minimum=1, maximum=200)
    offset = query_int(request, "offset", 0)
    items, total = await services(request).exchange.inbox.list(actor(request), inbox_filter(request.query),
                                                                limit=limit, offset=offset)
    return web.json_response({"items": [inbox_json(i, with_body=False) for i in items], "total": total,
                              "limit": limit, "offset": offset})


@routes.get(f"/exchange/inbox/{RECORD_ID}")
async def get_inbox_record(request: web.Request) -> web.Response:
    """Return one received record with its body; marks it seen and audits the view."""
    item = await services(request).exchange.inbox.get(actor(request), request.match_info["record_id"])
    return web.json_response(inbox_json(item, with_body=True))


# -- sharing -----------------------------------------------------------------------------------------------------

@routes.get(f"/seizures/{CASE_ID}/share")
async def get_shares(request: web.Request) -> web.Response:
    """Return how a case is shared and exactly what the global CEN would receive."""
    who, svc = actor(request), services(request)
    who.require(Permission.SHARE_RECORDS)
    case = await svc.seizures.get(who, request.match_info["case_id"])
    shares = await svc.exchange.sharing.shares_of(SEIZURE, case.uuid)
    return web.json_response({"shares": [share_json(s) for s in shares],
                              "global_preview": plain(preview_global(case.body, case.uuid))})


@routes.post(f"/seizures/{CASE_ID}/share")
async def share_case(request: web.Request) -> web.Response:
    """Share a case with chosen administrations and/or send its non-nominal copy to the global CEN."""
    share = share_request(await read_json(request))
    result = await services(request).exchange.sharing.share_seizure(actor(request), request.match_info["case_id"],
                                                                    share)
    return web.json_response({"recipients": result.recipients, "to_global": result.to_global})


def _suspect_share_routes(kind: Kind) -> None:
    path = f"/{kind.table}/{RECORD}/share"

    async def get_suspect_shares(request: web.Request) -> web.Response:
        who, svc = actor(request), services(request)
        who.require(Permission.SHARE_RECORDS)
        record = await service_of(svc, kind).get(who, request.match_info["record_id"])
        shares = await svc.exchange.sharing.shares_of(kind.value, record.uuid)
        return web.json_response({"shares": [share_json(s) for s in shares],
                                  "preview": plain(shared_suspect_body(kind.value, record.body))})

    async def share_suspect(request: web.Request) -> web.Response:
        share = share_request(await read_json(request))
        result = await services(request).exchange.sharing.share(actor(request), kind.value,
                                                                request.match_info["record_id"], share)
        return web.json_response({"recipients": result.recipients, "to_global": result.to_global})

    get_suspect_shares.__doc__ = f"Return how a {kind.value} is shared and exactly what receivers get."
    share_suspect.__doc__ = f"Share a {kind.value} with chosen administrations (never the global CEN)."
    routes.get(path)(get_suspect_shares)
    routes.post(path)(share_suspect)


for _kind in Kind:
    _suspect_share_routes(_kind)


# -- settings ----------------------------------------------------------------------------------------------------

@routes.get("/exchange/settings")
async def get_settings(request: web.Request) -> web.Response:
    """Tell whether confirmed seizures go to the global CEN by default."""
    actor(request).require(Permission.MANAGE_NODE)
    return web.json_response({"global_by_default": await services(request).exchange.sharing.global_by_default()})


@routes.put("/exchange/settings")
async def put_settings(request: web.Request) -> web.Response:
    """Turn on or off sending every confirmed seizure's non-nominal copy to the global CEN."""
    data = await read_json(request)
    enabled = data.get("global_by_default")
    if not isinstance(enabled, bool):
        raise BadRequest(N_("Field {name} must be true or false."), name="global_by_default")
    await services(request).exchange.sharing.set_global_by_default(actor(request), enabled)
    return web.json_response({"global_by_default": enabled})
