"""Who is linked to whom: the cases, companies and persons around a record, its network and its timeline.

A person or an entity is linked to the cases that name it (``parties[].ref``), an entity to the persons it
names (director, owner, employee: ``persons[].ref``), and through those to everyone else on the same cases
and in the same companies. A merge group counts as one record: links to any of its members are shown on
the record that absorbed them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from node.clock import Clock
from node.errors import Message, NotFound
from node.services.actor import Actor
from node.services.audit import write_entry
from node.services.permissions import Permission
from protocol.text import N_
from store import suspect_links as link_repo
from store import suspect_matches as match_repo
from store import suspects as repo
from store.runner import Runner
from store.suspect_links import CaseLink
from store.suspects import Kind

MAX_NODES = 60  # a network larger than this is unreadable on a tablet; the most recent cases come first
NOT_FOUND = {Kind.PERSON: N_("There is no such person."), Kind.ENTITY: N_("There is no such entity.")}


def check_refs(db: Database, refs: Iterable[tuple[str, str, str]], previous: Iterable[tuple[str, str]] = ()
               ) -> dict[str, Message]:
    """Return an error for each (path, kind, ref) naming no live record of that kind (refs already there stay)."""
    kept = set(previous)
    errors: dict[str, Message] = {}
    for path, kind, ref in refs:
        if not ref or (kind, ref) in kept:
            continue
        row = repo.get_by_uuid(db, Kind(kind), ref)
        if row is None or row.deleted_at:
            errors[path] = Message(N_("There is no such record in the database; choose one from the list."))
    return errors


def person_ref_errors(db: Database, body: dict[str, Any]) -> dict[str, Message]:
    """Return errors for the persons an entity body names by a record id that does not exist."""
    return check_refs(db, ((f"persons.{i}.ref", "person", p["ref"]) for i, p in enumerate(body.get("persons", []))))


def party_ref_errors(db: Database, body: dict[str, Any], previous: dict[str, Any] | None = None
                     ) -> dict[str, Message]:
    """Return errors for the parties of a case body linked to records that do not exist."""
    before = [(p["kind"], p["ref"]) for p in (previous or {}).get("parties", [])]
    return check_refs(db, ((f"parties.{i}.ref", p["kind"], p["ref"]) for i, p in enumerate(body["parties"])), before)


@dataclass(frozen=True, slots=True)
class Linked:
    """A record linked to the one shown, and how (e.g. "driver on NA/WVB/2026/0001", "director")."""

    kind: str
    uuid: str
    name: str
    how: list[tuple[str, str]]  # (role code, case reference or "" for a direct link)


@dataclass(frozen=True, slots=True)
class Links:
    """Everything linked to a record (and the records merged into it)."""

    cases: list[CaseLink]
    persons: list[Linked]
    entities: list[Linked]
    network: dict[str, Any] = field(repr=False)


def _resolve(db: Database, kind: Kind, uuids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Return, for live records by identifier, the identifier and name of the record that absorbed them."""
    rows = repo.get_by_uuids(db, kind, uuids)
    roots = match_repo.roots(db, kind, [r.id for r in rows.values() if r.merged_into is not None])
    survivors = repo.get_by_ids(db, kind, set(roots.values()))
    found = {}
    for key, row in rows.items():
        target = survivors.get(roots[row.id], row) if row.id in roots else row
        if not row.deleted_at and not target.deleted_at:
            found[key] = (target.uuid, target.name)
    return found


class _Graph:
    """Nodes and edges of a network, capped in size."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], set[str]] = {}

    def node(self, key: str, kind: str, label: str, url: str | None, **extra: Any) -> bool:
        if key not in self.nodes:
            if len(self.nodes) >= MAX_NODES:
                return False
            self.nodes[key] = {"id": key, "kind": kind, "label": label, "url": url, **extra}
        return True

    def edge(self, a: str, b: str, label: str) -> None:
        if a in self.nodes and b in self.nodes and a != b:
            self.edges.setdefault((min(a, b), max(a, b)), set()).add(label)

    def to_json(self) -> dict[str, Any]:
        return {"nodes": list(self.nodes.values()),
                "edges": [{"source": a, "target": b, "roles": sorted(roles)} for (a, b), roles in self.edges.items()],
                "truncated": len(self.nodes) >= MAX_NODES}


def gather_links(db: Database, kind: Kind, root_uuid: str) -> Links:
    """Return the cases, persons and entities linked to a record's merge group, and their network."""
    row = repo.get_by_uuid(db, kind, root_uuid)
    if row is None or row.deleted_at:
        raise NotFound(NOT_FOUND[kind])
    members = repo.get_by_ids(db, kind, match_repo.cluster(db, kind, row.id))
    refs = [m.uuid for m in members.values()]
    center = f"{kind}:{row.uuid}"
    graph = _Graph()
    graph.node(center, str(kind), row.name, f"/{kind.table}/{row.uuid}", center=True)
    persons: dict[str, Linked] = {}
    entities: dict[str, Linked] = {}

    def link(target_kind: str, uuid: str, name: str, how: tuple[str, str]) -> None:
        bucket = persons if target_kind == "person" else entities
        entry = bucket.setdefault(uuid, Linked(target_kind, uuid, name, []))
        if how not in entry.how:
            entry.how.append(how)

    cases = link_repo.cases_naming(db, str(kind), refs)
    party_refs = {(p["kind"], p["ref"]) for case in cases for p in case.body["parties"] if p["ref"]}
    resolved = {k: _resolve(db, Kind(k), [ref for kk, ref in party_refs if kk == k]) for k in ("person", "entity")}
    for case in cases:
        case_key = f"case:{case.case_uuid}"
        if not graph.node(case_key, "case", case.reference, f"/seizures/{case.case_uuid}", date=case.date):
            continue
        for role in case.roles:
            graph.edge(center, case_key, role)
        for party in case.body["parties"]:
            target = resolved[party["kind"]].get(party["ref"]) if party["ref"] else None
            if target is not None and target[0] == row.uuid and party["kind"] == kind:
                continue  # the record itself (or one merged into it)
            if target is None:
                key = f"name:{party['kind']}:{party['name'].casefold()}"
                graph.node(key, party["kind"], party["name"], None, linked=False)
            else:
                key = f"{party['kind']}:{target[0]}"
                graph.node(key, party["kind"], target[1], f"/{Kind(party['kind']).table}/{target[0]}")
                link(party["kind"], target[0], target[1], (party["role"], case.reference))
            graph.edge(case_key, key, party["role"])
    _company_links(db, kind, row.uuid, refs, list(members), graph, link)
    return Links(cases, sorted(persons.values(), key=lambda x: x.name.casefold()),
                 sorted(entities.values(), key=lambda x: x.name.casefold()), graph.to_json())


def _company_links(db: Database, kind: Kind, root_uuid: str, refs: list[str], members: list[int], graph: _Graph,
                   link: Callable[[str, str, str, tuple[str, str]], None]) -> None:
    """Add the persons behind an entity, or the entities behind which a person stands, and their partners."""
    if kind is Kind.PERSON:
        direct = link_repo.entities_naming(db, refs)
        entity_ids = [d.entity_id for d in direct]
    else:
        direct = link_repo.persons_of_entities(db, members)
        entity_ids = members
    # Partners: everyone else named by the same companies (co-directors, shell companies sharing an owner).
    partners = link_repo.persons_of_entities(db, entity_ids) if kind is Kind.PERSON else \
        link_repo.entities_naming(db, [d.person_ref for d in direct])
    people = _resolve(db, Kind.PERSON, {d.person_ref for d in [*direct, *partners]})
    companies = _resolve(db, Kind.ENTITY, {d.entity_uuid for d in [*direct, *partners]})
    for item in [*direct, *partners]:
        company, person = companies.get(item.entity_uuid), people.get(item.person_ref)
        if company is None or person is None:
            continue
        company_key, person_key = f"entity:{company[0]}", f"person:{person[0]}"
        graph.node(company_key, "entity", company[1], f"/entities/{company[0]}")
        graph.node(person_key, "person", person[1], f"/persons/{person[0]}")
        graph.edge(company_key, person_key, item.role)
        if kind is Kind.PERSON and person[0] != root_uuid:
            link("person", person[0], person[1], (item.role, company[1]))
        if kind is Kind.PERSON and person[0] == root_uuid:
            link("entity", company[0], company[1], (item.role, ""))
        if kind is Kind.ENTITY and company[0] == root_uuid:
            link("person", person[0], person[1], (item.role, ""))
        elif kind is Kind.ENTITY:
            link("entity", company[0], company[1], (item.role, person[1]))


class LinkService:
    """Shows what is linked to a person or an entity; every view is audited."""

    def __init__(self, runner: Runner, clock: Clock) -> None:
        self._runner = runner
        self._clock = clock

    async def links(self, actor: Actor, kind: Kind, record_uuid: str, *, audit: bool = True) -> Links:
        """Return the cases, persons and entities linked to a record, and the network they form."""
        kind = Kind(kind)
        actor.require(Permission.VIEW_NOMINAL)
        links = await self._runner.read(gather_links, kind, record_uuid)
        if audit:
            await self._runner.write(write_entry, self._clock, actor, f"{kind}.links", kind, record_uuid,
                                     f"{len(links.cases)} cases, {len(links.network['nodes'])} nodes")
        return links
