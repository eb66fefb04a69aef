"""``/api/v1/persons`` and ``/api/v1/entities``: the suspect databases, their links, matches and pictures.

Both kinds have the same routes, registered once per kind. Every route needs a role that may see personal
data (read-only users get 403), and every view and search is audited by the service it calls.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from node.appkeys import CONFIG
from node.runtime import Services
from node.services.permissions import Permission
from node.services.suspect_import import SuspectImportReport
from node.services.suspect_links import Links
from node.services.suspect_search import SuspectFilter
from node.services.suspects import SearchPage, SuspectService
from node.web.api.common import BadRequest, actor, field_str, query_int, read_json, services
from node.web.api.seizures import expected_revision
from node.web.uploads import picture_response, read_uploads
from protocol.text import N_
from store.suspects import Kind

routes = web.RouteTableDef()

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
RECORD = "{record_id:" + UUID + "}"
SHA256 = "{sha256:[0-9a-f]{64}}"
MAX_IMPORT_ITEMS = 5000
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def suspect_filter(query: Mapping[str, str], *, limit: int = 50) -> SuspectFilter:
    """Build the list filter from query parameters."""
    return SuspectFilter(text=query.get("q", "").strip(), watch_listed=query.get("watch_list", "") in ("1", "true"),
                         sort=query.get("sort", "").strip() or "updated_desc", limit=limit,
                         cursor=query.get("cursor", "").strip())


def service_of(svc: Services, kind: Kind) -> SuspectService:
    """Return the service of one kind of record."""
    return svc.persons if kind is Kind.PERSON else svc.entities


def page_json(page: SearchPage) -> dict[str, Any]:
    """Return the API shape of a page of records (with each hit's likeness when the list is ranked)."""
    items = []
    for record, hit in page.items:
        item = record.to_json()
        if page.result.ranked:
            item["match"] = {"similarity": round(hit.similarity, 3), "name": hit.matched_name, "exact": hit.exact}
        items.append(item)
    return {"items": items, "next_cursor": page.next_cursor, "total": page.result.total,
            "total_is_capped": page.result.total_is_capped, "ranked": page.result.ranked}


def links_json(links: Links) -> dict[str, Any]:
    """Return the API shape of what is linked to a record."""
    def linked(items: list[Any]) -> list[dict[str, Any]]:
        return [{"id": x.uuid, "name": x.name, "links": [{"role": role, "via": via} for role, via in x.how]}
                for x in items]

    return {"cases": [{"id": c.case_uuid, "reference": c.reference, "date": c.date, "roles": list(c.roles),
                       "offence_type": c.body.get("offence_type", ""),
                       "categories": sorted({line["category"] for line in c.body.get("commodities", [])})}
                      for c in links.cases],
            "persons": linked(links.persons), "entities": linked(links.entities)}


def import_json(report: SuspectImportReport, dry_run: bool) -> dict[str, Any]:
    """Return the API shape of an import report."""
    return {"dry_run": dry_run, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "failed": report.failed, "matched": report.matched,
            "errors": [{"item": index, "field": path, "message": message.render()}
                       for index, path, message in report.errors[:1000]],
            "proposals": [{"id": a, "candidate": b, "score": score} for a, b, score in report.proposals]}


def _other(data: dict[str, Any], name: str) -> str:
    value = field_str(data, name, required=True) or ""
    if len(value) != 36:
        raise BadRequest(N_("Field {name} must be a record id."), name=name)
    return value


def _handlers(kind: Kind) -> dict[str, Handler]:
    """Return the handlers of one kind's routes."""

    async def list_records(request: web.Request) -> web.Response:
        """List records, or search them as the matcher compares names."""
        criteria = suspect_filter(request.query, limit=query_int(request, "limit", 50, minimum=1, maximum=200))
        return web.json_response(page_json(await service_of(services(request), kind).search(actor(request),
                                                                                           criteria)))

    async def create(request: web.Request) -> web.Response:
        """Record a new person or entity and return the records probably the same."""
        saved = await service_of(services(request), kind).create(actor(request), await read_json(request))
        return web.json_response({**saved.record.to_json(), "proposals": [p.to_json() for p in saved.proposals]},
                                 status=201, headers={"Location": f"/api/v1/{kind.table}/{saved.record.uuid}",
                                                      "ETag": f'"{saved.record.revision}"'})

    async def import_records(request: web.Request) -> web.Response:
        """Import records with matching (a JSON list named ``items``)."""
        who = actor(request)
        who.require(Permission.IMPORT_RECORDS)
        data = await read_json(request)
        items = data.get("items")
        if not isinstance(items, list) or len(items) > MAX_IMPORT_ITEMS:
            raise BadRequest(N_("Send the records as a list named items, at most {n} at a time."),
                             n=MAX_IMPORT_ITEMS)
        dry_run = data.get("dry_run") is True
        report = await service_of(services(request), kind).import_batch(who, items, dry_run=dry_run)
        return web.json_response(import_json(report, dry_run))

    async def get(request: web.Request) -> web.Response:
        """Return one record (the view is audited)."""
        record = await service_of(services(request), kind).get(actor(request), request.match_info["record_id"])
        return web.json_response(record.to_json(), headers={"ETag": f'"{record.revision}"'})

    async def update(request: web.Request) -> web.Response:
        """Replace a record's content; send the revision you edited."""
        data = await read_json(request)
        saved = await service_of(services(request), kind).update(actor(request), request.match_info["record_id"],
                                                                 data, expected_revision(request, data))
        return web.json_response({**saved.record.to_json(), "proposals": [p.to_json() for p in saved.proposals]},
                                 headers={"ETag": f'"{saved.record.revision}"'})

    async def delete(request: web.Request) -> web.Response:
        """Delete a record (kept in its history)."""
        await service_of(services(request), kind).delete(actor(request), request.match_info["record_id"],
                                                         expected_revision(request))
        return web.Response(status=204)

    async def history(request: web.Request) -> web.Response:
        """Return every revision, merge and "not the same" mark of a record."""
        svc, who, record_id = services(request), actor(request), request.match_info["record_id"]
        revisions = await service_of(svc, kind).history(who, record_id)
        decisions = await svc.matching.decisions(who, kind, record_id)
        return web.json_response({
            "items": [{"revision": r.revision, "at": r.at, "user": r.username, "action": r.action,
                       "changes": r.changes} for r in revisions],
            "merges": [{"id": m.id, "survivor": m.survivor[0], "absorbed": m.absorbed[0], "score": m.score, "at": m.at,
                        "user": m.username, "undone_at": m.undone_at, "undone_by": m.undone_by}
                       for m in decisions.merges],
            "not_the_same": [{"id": uuid, "name": name, "at": at, "user": by}
                             for uuid, name, at, by in decisions.distinct]})

    async def links(request: web.Request) -> web.Response:
        """Return the cases, persons and entities linked to a record."""
        found = await services(request).links.links(actor(request), kind, request.match_info["record_id"])
        return web.json_response(links_json(found))

    async def network(request: web.Request) -> web.Response:
        """Return who is connected to whom around a record."""
        found = await services(request).links.links(actor(request), kind, request.match_info["record_id"])
        return web.json_response(found.network)

    async def matches(request: web.Request) -> web.Response:
        """Return the records probably the same as this one, with scores and reasons."""
        found = await services(request).matching.matches(actor(request), kind, request.match_info["record_id"])
        return web.json_response({"items": [p.to_json() for p in found]})

    async def duplicates(request: web.Request) -> web.Response:
        """Return the newest possible duplicates found when records were written."""
        items = await services(request).matching.queue(actor(request), kind,
                                                       limit=query_int(request, "limit", 50, minimum=1, maximum=200))
        return web.json_response({"items": [
            {"id": i.record[0], "name": i.record[1], "candidate": i.candidate[0], "candidate_name": i.candidate[1],
             "score": i.score, "reasons": i.reasons, "found_at": i.found_at} for i in items]})

    async def merge(request: web.Request) -> web.Response:
        """Absorb another record into this one."""
        other = _other(await read_json(request), "absorb")
        await services(request).matching.merge(actor(request), kind, request.match_info["record_id"], other)
        return web.json_response({"id": request.match_info["record_id"], "absorbed": other})

    async def unmerge(request: web.Request) -> web.Response:
        """Undo the merge that absorbed this record."""
        survivor = await services(request).matching.unmerge(actor(request), kind, request.match_info["record_id"])
        return web.json_response({"id": request.match_info["record_id"], "was_merged_into": survivor})

    async def not_the_same(request: web.Request) -> web.Response:
        """Mark another record as not the same as this one."""
        other = _other(await read_json(request), "other")
        await services(request).matching.not_the_same(actor(request), kind, request.match_info["record_id"], other)
        return web.Response(status=204)

    async def undo_not_the_same(request: web.Request) -> web.Response:
        """Withdraw a "not the same" mark."""
        await services(request).matching.undo_not_the_same(actor(request), kind, request.match_info["record_id"],
                                                           request.match_info["other_id"])
        return web.Response(status=204)

    async def add_pictures(request: web.Request) -> web.Response:
        """Add photos or scanned documents (multipart field ``pictures``, repeated)."""
        svc, who, record_id = services(request), actor(request), request.match_info["record_id"]
        who.require(Permission.VIEW_NOMINAL)  # before the upload is read
        uploads, fields = await read_uploads(request, "pictures", request.config_dict[CONFIG].max_upload_bytes)
        added = await svc.suspect_pictures.add(who, kind, record_id, uploads, caption=fields.get("caption", ""),
                                               taken_on=fields.get("taken_on", ""),
                                               picture_kind=fields.get("kind", "photo") or "photo")
        record = await service_of(svc, kind).get(who, record_id, audit=False)
        return web.json_response({"added": added, "record": record.to_json()}, status=201)

    async def picture(request: web.Request) -> web.StreamResponse:
        """Return a picture: the shared copy, or ``?variant=thumb`` / ``?variant=original``."""
        variant = request.query.get("variant", "shared")
        if variant not in ("shared", "thumb", "original"):
            raise BadRequest(N_("variant must be shared, thumb or original."))
        path, media = await services(request).suspect_pictures.file(
            actor(request), kind, request.match_info["record_id"], request.match_info["sha256"], variant)
        return picture_response(path, media, variant)

    async def remove_picture(request: web.Request) -> web.Response:
        """Take a picture out of a record's gallery."""
        await services(request).suspect_pictures.remove(actor(request), kind, request.match_info["record_id"],
                                                        request.match_info["sha256"])
        return web.Response(status=204)

    return {"list_records": list_records, "create": create, "import_records": import_records, "get": get,
            "update": update, "delete": delete, "history": history, "links": links, "network": network,
            "matches": matches, "duplicates": duplicates, "merge": merge, "unmerge": unmerge,
            "not_the_same": not_the_same, "undo_not_the_same": undo_not_the_same, "add_pictures": add_pictures,
            "picture": picture, "remove_picture": remove_picture}


def _register(kind: Kind) -> None:
    base = f"/{kind.table}"
    handler = _handlers(kind)
    for method, path, name in (
            ("GET", base, "list_records"), ("POST", base, "create"), ("POST", f"{base}/import", "import_records"),
            ("GET", f"{base}/duplicates", "duplicates"),
            ("GET", f"{base}/{RECORD}", "get"), ("PUT", f"{base}/{RECORD}", "update"),
            ("DELETE", f"{base}/{RECORD}", "delete"), ("GET", f"{base}/{RECORD}/history", "history"),
            ("GET", f"{base}/{RECORD}/links", "links"), ("GET", f"{base}/{RECORD}/network", "network"),
            ("GET", f"{base}/{RECORD}/matches", "matches"), ("POST", f"{base}/{RECORD}/merge", "merge"),
            ("POST", f"{base}/{RECORD}/unmerge", "unmerge"),
            ("POST", f"{base}/{RECORD}/not-the-same", "not_the_same"),
            ("DELETE", f"{base}/{RECORD}/not-the-same/{{other_id:{UUID}}}", "undo_not_the_same"),
            ("POST", f"{base}/{RECORD}/pictures", "add_pictures"),
            ("GET", f"{base}/{RECORD}/pictures/{SHA256}", "picture"),
            ("DELETE", f"{base}/{RECORD}/pictures/{SHA256}", "remove_picture")):
        routes.route(method, path)(_guarded(handler[name]))


def _guarded(handler: Handler) -> Handler:
    """Refuse users who may not see personal data before anything of the request is read."""
    async def guarded(request: web.Request) -> web.StreamResponse:
        actor(request).require(Permission.VIEW_NOMINAL)
        return await handler(request)

    guarded.__doc__ = handler.__doc__
    return guarded


for _kind in Kind:
    _register(_kind)
