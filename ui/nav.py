"""The areas of the node shown in the navigation, and who may open each."""

from __future__ import annotations

from dataclasses import dataclass

from node.services.actor import Actor
from node.services.permissions import Permission
from protocol.text import N_


@dataclass(frozen=True, slots=True)
class Area:
    """One navigation entry."""

    key: str
    path: str
    label: str
    description: str
    permission: Permission
    ready: bool = False  # False: the area is announced but its pages arrive in a later release


AREAS: tuple[Area, ...] = (
    Area("seizures", "/seizures", N_("Seizures"), N_("National database of seizures and offences."),
         Permission.VIEW_RECORDS, ready=True),
    Area("persons", "/persons", N_("Persons"), N_("Suspected persons, with pictures and links to cases."),
         Permission.VIEW_NOMINAL, ready=True),
    Area("entities", "/entities", N_("Entities"), N_("Business entities linked to cases."),
         Permission.VIEW_NOMINAL, ready=True),
    Area("investigations", "/investigations", N_("Investigations"),
         N_("Cases and suspect records received from other administrations."), Permission.INVESTIGATE),
    Area("exchange", "/exchange", N_("Exchange"), N_("Icomm: sharing with paired administrations."),
         Permission.VIEW_RECORDS, ready=True),
    Area("messages", "/messages", N_("Messages"), N_("Secure messages between users and administrations."),
         Permission.COMMUNICATE),
    Area("forum", "/forum", N_("Forum"), N_("National, regional and international discussions."),
         Permission.COMMUNICATE),
    Area("library", "/library", N_("Library"), N_("Documents, bulletins and guides."), Permission.COMMUNICATE),
    Area("links", "/links", N_("Links"), N_("Useful addresses for officers."), Permission.COMMUNICATE),
    Area("risk", "/risk", N_("Risk"), N_("Analytics, risk profiles, targeting and action items."),
         Permission.ANALYSE_RISK),
    Area("admin", "/admin", N_("Admin"), N_("Users, audit log, node identity and settings."),
         Permission.MANAGE_USERS, ready=True),
)


def visible_areas(actor: Actor) -> list[Area]:
    """Return the areas this actor may open."""
    return [area for area in AREAS if actor.can(area.permission)]


def area(key: str) -> Area:
    """Return an area by key."""
    return next(a for a in AREAS if a.key == key)
