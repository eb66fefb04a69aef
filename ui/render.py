"""Rendering pages: the shared template context, flash notices and the error page."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from node import __version__
from node.appkeys import ACTOR, CONFIG, SERVICES, SESSION
from node.errors import Message, ServiceError, ValidationFailed
from node.web.security import CSRF_FIELD
from protocol.text import N_
from ui.i18n import Catalogues, Translator
from ui.nav import visible_areas

CATALOGUES = web.AppKey("ncen.ui.catalogues", Catalogues)
LANGUAGE_COOKIE = "ncen_lang"
FLASH_COOKIE = "ncen_flash"

# Notices shown once after a redirect. Only these keys travel in the cookie, never free text.
FLASHES: dict[str, str] = {
    "signed_out": N_("You are signed out."),
    "password_changed": N_("Your password has been changed."),
    "preferences_saved": N_("Your preferences have been saved."),
    "user_created": N_("The user has been created."),
    "user_saved": N_("The user has been saved."),
    "user_disabled": N_("The user has been disabled; their sessions and API tokens have ended."),
    "user_enabled": N_("The user has been enabled."),
    "token_revoked": N_("The API token has been revoked."),
    "node_saved": N_("The node identity has been saved."),
    "case_saved": N_("The case has been saved."),
    "case_deleted": N_("The case has been deleted; its history is kept."),
    "pictures_added": N_("The pictures have been added to the case."),
    "list_saved": N_("The list has been saved."),
    "hs_imported": N_("The HS nomenclature has been imported."),
    "peer_paired": N_("The fingerprints match: this administration is now paired."),
    "peer_removed": N_("The administration has been removed; nothing new is exchanged with it."),
    "peer_groups_saved": N_("The groups have been saved."),
    "sync_done": N_("Synchronisation finished."),
    "sync_failed": N_("Synchronisation did not succeed; the last error says why."),
    "exchange_settings_saved": N_("The exchange settings have been saved."),
    "case_shared": N_("The case has been shared; it reaches each administration at its next synchronisation."),
    "record_shared": N_("The record has been shared; it reaches each administration at its next synchronisation."),
    "suspect_saved": N_("The record has been saved."),
    "suspect_saved_matches": N_("The record has been saved. The database holds records that may be the same: "
                                "see the possible duplicates below."),
    "suspect_deleted": N_("The record has been deleted; its history is kept."),
    "suspect_pictures_added": N_("The pictures have been added to the record."),
    "suspect_merged": N_("The records have been merged. The merge can be undone."),
    "suspect_unmerged": N_("The merge has been undone."),
    "suspect_distinct": N_("The records are marked as not the same; they will not be proposed again."),
    "suspect_distinct_undone": N_("The mark has been withdrawn."),
}


def translator(request: web.Request) -> Translator:
    """Return the translator for this request: the user's language, else cookie, else browser, else node default."""
    catalogues = request.config_dict[CATALOGUES]
    actor = request.get(ACTOR)
    if actor is not None and actor.user_id is not None:
        return catalogues.get(actor.language)
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie:
        return catalogues.get(cookie)
    default = request.config_dict[CONFIG].language
    return catalogues.get(catalogues.negotiate(request.headers.get("Accept-Language", ""), default))


def flash(response: web.StreamResponse, key: str) -> None:
    """Show a notice on the next page."""
    if key in FLASHES:
        response.set_cookie(FLASH_COOKIE, key, httponly=True, samesite="Lax", path="/", max_age=60)


async def context(request: web.Request) -> dict[str, Any]:
    """Return what every template can use."""
    tr = translator(request)
    actor = request.get(ACTOR)
    session = request.get(SESSION)
    services = request.config_dict.get(SERVICES)
    notice_key = request.cookies.get(FLASH_COOKIE, "")
    return {
        "_": tr.gettext, "gettext": tr.gettext, "ngettext": tr.ngettext, "tr": tr, "lang": tr.language,
        "actor": actor, "areas": visible_areas(actor) if actor else [],
        "csrf_token": session.csrf_token if session else "", "csrf_field": CSRF_FIELD,
        "node": services.identity.identity if services else None, "version": __version__,
        "notice": FLASHES.get(notice_key), "notice_key": notice_key, "current_path": request.path,
    }


async def render(request: web.Request, template: str, values: dict[str, Any], *, status: int = 200) -> web.Response:
    """Render a template with the shared context; a shown flash notice is cleared."""
    response = aiohttp_jinja2.render_template(template, request, {**await context(request), **values},
                                              status=status)
    if request.cookies.get(FLASH_COOKIE):
        response.del_cookie(FLASH_COOKIE, path="/")
    response.enable_compression()  # case forms carry long country lists; links are often slow
    return response


def form_errors(exc: ServiceError, tr: Translator) -> tuple[dict[str, str], str]:
    """Split a service error into translated per-field messages and a general message."""
    if isinstance(exc, ValidationFailed):
        return {name: msg.render(tr.gettext) for name, msg in exc.fields.items()}, \
            tr.gettext("Some fields need correcting; see the messages next to them.")
    return {}, exc.message.render(tr.gettext)


async def error_page(request: web.Request, status: int, message: Message) -> web.StreamResponse:
    """Render the error page (registered with the node as its HTML error renderer)."""
    tr = translator(request)
    return await render(request, "error.html", {"status": status, "message": message.render(tr.gettext)},
                        status=status)


def see_other(location: str, *, flash_key: str | None = None) -> web.HTTPSeeOther:
    """Return a POST-redirect-GET response, optionally with a notice for the next page."""
    response = web.HTTPSeeOther(location)
    if flash_key:
        flash(response, flash_key)
    return response
