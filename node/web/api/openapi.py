"""The OpenAPI 3.1 description of ``/api/v1``, assembled from the spec fragments each API module declares.

A test compares the documented operations with the routes actually registered, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from node import __version__
from protocol.audience import Handling

routes = web.RouteTableDef()

JSON = "application/json"


def ref(name: str) -> dict[str, str]:
    """Return a reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: dict[str, Any], description: str = "Success", status: str = "200") -> dict[str, Any]:
    """Return a responses object with one JSON success and the common errors."""
    return {status: {"description": description, "content": {JSON: {"schema": schema}}}, **ERRORS}


def body(schema: dict[str, Any]) -> dict[str, Any]:
    """Return a required JSON request body."""
    return {"required": True, "content": {JSON: {"schema": schema}}}


def page_of(name: str) -> dict[str, Any]:
    """Return the schema of a list response."""
    return {"type": "object", "properties": {"items": {"type": "array", "items": ref(name)}}}


def query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def path_id(name: str) -> dict[str, Any]:
    """Return an integer path parameter."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


ERRORS: dict[str, Any] = {
    code: {"description": text, "content": {JSON: {"schema": ref("Error")}}}
    for code, text in (("400", "Malformed request"), ("401", "Not signed in / bad token"),
                       ("403", "Role does not allow this"), ("404", "No such object"),
                       ("422", "Validation failed; `fields` names each bad field"))
}

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
    "User": {"type": "object", "properties": {
        "id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"},
        "email": {"type": "string"},
        "role": {"enum": ["administrator", "analyst", "investigator", "officer", "readonly"]},
        "language": {"enum": ["en", "fr"]}, "disabled": {"type": "boolean"},
        "must_change_password": {"type": "boolean"}, "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "last_login_at": {"type": ["string", "null"], "format": "date-time"}}},
    "NewUser": {"type": "object", "required": ["username", "role"], "properties": {
        "username": {"type": "string"}, "role": {"type": "string"},
        "password": {"type": "string", "description": "Omit to have a one-time password generated"},
        "display_name": {"type": "string"}, "email": {"type": "string"}, "language": {"type": "string"}}},
    "UserChange": {"type": "object", "properties": {
        "role": {"type": "string"}, "display_name": {"type": "string"}, "email": {"type": "string"},
        "language": {"type": "string"}, "disabled": {"type": "boolean"}}},
    "Token": {"type": "object", "properties": {
        "id": {"type": "integer"}, "label": {"type": "string"}, "created_at": {"type": "string"},
        "last_used_at": {"type": ["string", "null"]}, "revoked_at": {"type": ["string", "null"]}}},
    "AuditEntry": {"type": "object", "properties": {
        "id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
        "user_id": {"type": ["integer", "null"]}, "username": {"type": "string"}, "action": {"type": "string"},
        "object_type": {"type": "string"}, "object_id": {"type": "string"}, "detail": {"type": "string"},
        "ip": {"type": "string"}}},
    "Node": {"type": "object", "properties": {
        "name": {"type": "string"}, "country": {"type": "string"}, "role": {"enum": ["national", "hub", "global"]},
        "url": {"type": "string"}, "public_key": {"type": "string"}, "fingerprint": {"type": "string"},
        "version": {"type": "string"}, "created_at": {"type": "string"}}},
    "ImportReport": {"type": "object", "properties": {
        "dry_run": {"type": "boolean"}, "rows": {"type": "integer"}, "cases": {"type": "integer"},
        "created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
        "failed": {"type": "integer"},
        "errors": {"type": "array", "description": "The first 1,000 row errors", "items": {
            "type": "object", "properties": {
                "rows": {"type": "array", "items": {"type": "integer"},
                         "description": "Source rows (1 = the first row after the header)"},
                "field": {"type": "string", "description": "The column (as named in the file)"},
                "message": {"type": "string"}}}}}},
    "Seizure": {"type": "object", "description": "A seizure case: the shape documented in docs/records.md. "
                "Responses add id, revision, created_at, created_by, updated_at, updated_by.",
                "required": ["reference", "date", "offence_type"], "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "revision": {"type": "integer", "readOnly": True},
                    "reference": {"type": "string", "maxLength": 64}, "date": {"type": "string", "format": "date"},
                    "time": {"type": "string"}, "status": {"enum": ["draft", "confirmed", "closed"]},
                    "offence_type": {"type": "string"}, "office": {"type": "object"},
                    "reporting_officer": {"type": "string"}, "narrative": {"type": "string"},
                    "outcome": {"type": "object"}, "handling": {"type": "object"},
                    "commodities": {"type": "array", "items": {"type": "object"}},
                    "detection": {"type": "object"}, "conveyance": {"type": "object"}, "route": {"type": "object"},
                    "concealment": {"type": "object"}, "parties": {"type": "array", "items": {"type": "object"}},
                    "pictures": {"type": "array", "items": {"type": "object"}, "readOnly": True}}},
    "Card": {"type": "object", "required": ["ncen_card", "name", "country", "role", "url", "public_key"],
             "properties": {
                 "ncen_card": {"const": 1}, "name": {"type": "string"}, "country": {"type": "string"},
                 "role": {"type": "string"}, "url": {"type": "string"},
                 "public_key": {"type": "string", "description": "Ed25519 public key, hex"},
                 "fingerprint": {"type": "string"}, "protocol_versions": {"type": "array"}}},
}

SEIZURE_FILTERS = [
    query("date_from", "From this date (YYYY-MM-DD)"), query("date_to", "Up to this date (YYYY-MM-DD)"),
    query("status", "draft, confirmed or closed"), query("offence_type", "Offence type code"),
    query("category", "Commodity category code"), query("hs", "HS code prefix (2, 4 or 6 digits)"),
    query("detection", "Detection method code"), query("mode", "Conveyance mode code"),
    query("country", "Any country on the route (ISO alpha-2)"), query("office", "Office code"),
    query("q", "Full-text search words, all required (`word*` for a prefix; common words such as \"of\" or \"de\" "
          "are left out when others remain)"),
    query("sort", "date_desc (default), date_asc, reference or updated_desc"),
]

AUDIT_FILTERS = [
    query("user", "User name"), query("action", "Action prefix, e.g. `login.` or `user.create`"),
    query("object_type", "Object type"), query("object_id", "Object identifier"),
    query("since", "From this date or timestamp (inclusive)"), query("until", "Before this date or timestamp"),
]

PATHS: dict[str, Any] = {
    "/openapi.json": {"get": {"summary": "This document", "responses": ok({"type": "object"})}},
    "/me": {"get": {"summary": "The authenticated user", "responses": ok(ref("User"))}},
    "/users": {
        "get": {"summary": "List users (administrators)", "responses": ok(page_of("User"))},
        "post": {"summary": "Create a user (administrators)", "requestBody": body(ref("NewUser")),
                 "responses": ok(ref("User"), "Created; `one_time_password` when generated", "201")},
    },
    "/users/{user_id}": {
        "parameters": [path_id("user_id")],
        "get": {"summary": "One user", "responses": ok(ref("User"))},
        "patch": {"summary": "Change role, names, language or disabled state", "requestBody": body(ref("UserChange")),
                  "responses": ok(ref("User"))},
    },
    "/users/{user_id}/password": {
        "parameters": [path_id("user_id")],
        "post": {"summary": "Set a password, or generate a one-time one",
                 "requestBody": body({"type": "object", "properties": {"password": {"type": "string"}}}),
                 "responses": ok({"type": "object"})},
    },
    "/users/{user_id}/tokens": {
        "parameters": [path_id("user_id")],
        "get": {"summary": "List API tokens", "responses": ok(page_of("Token"))},
        "post": {"summary": "Issue an API token (shown once)",
                 "requestBody": body({"type": "object", "properties": {"label": {"type": "string"}}}),
                 "responses": ok({"type": "object", "properties": {"token": {"type": "string"}}}, "Created", "201")},
    },
    "/users/{user_id}/tokens/{token_id}": {
        "parameters": [path_id("user_id"), path_id("token_id")],
        "delete": {"summary": "Revoke an API token", "responses": {"204": {"description": "Revoked"}, **ERRORS}},
    },
    "/audit": {"get": {
        "summary": "Search the audit log, newest first (administrators)",
        "parameters": [*AUDIT_FILTERS, query("limit", "Page size (1-200)", {"type": "integer"}),
                       query("offset", "Entries to skip", {"type": "integer"})],
        "responses": ok({"type": "object", "properties": {
            "items": {"type": "array", "items": ref("AuditEntry")}, "total": {"type": "integer"},
            "offset": {"type": "integer"}, "limit": {"type": "integer"}}})}},
    "/audit.csv": {"get": {
        "summary": "Export the audit log as CSV, oldest first (administrators)", "parameters": AUDIT_FILTERS,
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                      **ERRORS}}},
    "/node": {
        "get": {"summary": "This node's identity", "responses": ok(ref("Node"))},
        "patch": {"summary": "Change the administration's name or country (administrators)",
                  "requestBody": body({"type": "object", "properties": {"name": {"type": "string"},
                                                                        "country": {"type": "string"}}}),
                  "responses": ok(ref("Node"))},
    },
    "/node/card": {"get": {"summary": "This node's card, for pairing", "responses": ok(ref("Card"))}},
    "/seizures": {
        "get": {"summary": "List cases: filters, full-text search, sorting, cursor pagination",
                "parameters": [*SEIZURE_FILTERS, query("limit", "Page size (1-200)", {"type": "integer"}),
                               query("cursor", "`next_cursor` of the previous page")],
                "responses": ok({"type": "object", "properties": {
                    "items": {"type": "array", "items": ref("Seizure")}, "next_cursor": {"type": "string"},
                    "total": {"type": ["integer", "null"],
                              "description": "Counted on the first page only (null after), up to 1,000"},
                    "total_is_capped": {"type": "boolean", "description": "There are more than `total` cases"},
                    "total_is_estimated": {"type": "boolean", "description": (
                        "`total` is extrapolated from the newest 5,000 cases of a large category")}}})},
        "post": {"summary": "Record a case (officers, investigators, analysts, administrators)",
                 "requestBody": body(ref("Seizure")), "responses": ok(ref("Seizure"), "Created", "201")},
    },
    "/seizures/{case_id}": {
        "parameters": [{"name": "case_id", "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}}],
        "get": {"summary": "One case (the view is audited; non-nominal fields only without access to personal "
                           "data)", "responses": ok(ref("Seizure"))},
        "put": {"summary": "Replace a case's content; send `If-Match: \"<revision>\"` or `revision` to refuse "
                           "stale edits (409)", "requestBody": body(ref("Seizure")), "responses": ok(ref("Seizure"))},
        "delete": {"summary": "Delete a case (administrators); it stays in its history",
                   "responses": {"204": {"description": "Deleted"}, **ERRORS}},
    },
    "/seizures/{case_id}/pictures": {
        "parameters": [{"name": "case_id", "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}}],
        "post": {"summary": "Add pictures (JPEG, PNG or WebP; sniffed, size- and pixel-capped; all or none)",
                 "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                     "type": "object", "properties": {
                         "pictures": {"type": "array", "items": {"type": "string", "format": "binary"}},
                         "caption": {"type": "string"}}}}}},
                 "responses": ok({"type": "object", "properties": {"added": {"type": "integer"},
                                                                   "case": ref("Seizure")}}, "Added", "201")},
    },
    "/seizures/{case_id}/pictures/{sha256}": {
        "parameters": [{"name": "case_id", "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}},
                       {"name": "sha256", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {"summary": "A picture: the shared copy (metadata removed), or variant=thumb or original",
                "parameters": [query("variant", "shared (default), thumb or original")],
                "responses": {"200": {"description": "The image", "content": {"image/*": {}}}, **ERRORS}},
        "delete": {"summary": "Take a picture out of the case's gallery",
                   "responses": {"204": {"description": "Removed"}, **ERRORS}},
    },
    "/seizures/{case_id}/history": {
        "parameters": [{"name": "case_id", "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}}],
        "get": {"summary": "Every revision of a case: who, when, what changed",
                "responses": ok({"type": "object", "properties": {"items": {"type": "array", "items": {
                    "type": "object", "properties": {
                        "revision": {"type": "integer"}, "at": {"type": "string"}, "user": {"type": "string"},
                        "action": {"enum": ["create", "update", "delete", "import"]},
                        "changes": {"type": "object", "description": "path -> [before, after]"}}}}}})},
    },
    "/seizures.csv": {"get": {
        "summary": "Export a filtered list of cases as native CSV, one row per commodity line (docs/import.md)",
        "description": "Takes the filters of `GET /seizures`. Without access to personal data, only the "
                       "non-nominal columns. Cells that a spreadsheet would run as a formula start with `'`.",
        "parameters": SEIZURE_FILTERS,
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                      **ERRORS}}},
    "/seizures.json": {"get": {
        "summary": "Export a filtered list of cases as a JSON array (the shape of `GET /seizures/{case_id}`)",
        "parameters": SEIZURE_FILTERS,
        "responses": ok({"type": "array", "items": {"type": "object"}})}},
    "/seizures/import": {"post": {
        "summary": "Import a CSV file of cases: same reference updates, never duplicates (analysts, "
                   "administrators)",
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary", "description": "The CSV file"},
                "mapping": {"type": "string", "description": "A TOML mapping file for a legacy layout"},
                "dry_run": {"type": "string", "enum": ["true", "false"],
                            "description": "Check everything and report, writing nothing"}}}}}},
        "responses": ok(ref("ImportReport"))}},
}


# -- persons and entities: the same routes for both kinds ----------------------------------------------------------

SCHEMAS.update({
    "Person": {"type": "object", "description": "A suspect person: the shape documented in docs/records.md. "
               "Responses add id, revision, origin ('' for own records), created_at, created_by, updated_at, "
               "updated_by, and merged_into while a merge holds the record absorbed.", "properties": {
                   "id": {"type": "string", "format": "uuid", "readOnly": True},
                   "revision": {"type": "integer", "readOnly": True}, "origin": {"type": "string", "readOnly": True},
                   "full_name": {"type": "string"}, "family_name": {"type": "string"},
                   "given_names": {"type": "string"}, "original_script": {"type": "object"},
                   "aliases": {"type": "array", "items": {"type": "string"}}, "sex": {"enum": ["", "F", "M", "X"]},
                   "date_of_birth": {"type": "string", "description": "YYYY-MM-DD, or YYYY alone"},
                   "place_of_birth": {"type": "object"}, "nationalities": {"type": "array"},
                   "documents": {"type": "array", "items": {"type": "object"}},
                   "addresses": {"type": "array"}, "phones": {"type": "array"}, "emails": {"type": "array"},
                   "occupation": {"type": "string"}, "physical_description": {"type": "string"},
                   "pictures": {"type": "array", "readOnly": True}, "notes": {"type": "string"},
                   "watch_list": {"type": "object"}, "source": {"type": "object"}}},
    "Entity": {"type": "object", "description": "A business entity: the shape documented in docs/records.md, with "
               "the same response metadata as Person.", "properties": {
                   "id": {"type": "string", "format": "uuid", "readOnly": True},
                   "revision": {"type": "integer", "readOnly": True}, "origin": {"type": "string", "readOnly": True},
                   "legal_name": {"type": "string"}, "trading_names": {"type": "array"},
                   "legal_form": {"type": "string"}, "registration": {"type": "object"},
                   "tax_ids": {"type": "array"}, "types": {"type": "array"}, "addresses": {"type": "array"},
                   "phones": {"type": "array"}, "emails": {"type": "array"}, "website": {"type": "string"},
                   "persons": {"type": "array", "description": "{ref, role, name}: director, owner, employee…"},
                   "pictures": {"type": "array", "readOnly": True}, "notes": {"type": "string"},
                   "watch_list": {"type": "object"}, "source": {"type": "object"}}},
    "Proposal": {"type": "object", "properties": {
        "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}, "score": {"type": "number"},
        "matched_record": {"type": "string", "description": "The record merged into `id` that matched"},
        "reasons": {"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "string"}, "weight": {"type": "number"}, "text": {"type": "string"},
            "template": {"type": "string"}, "params": {"type": "object"}}}}}},
})


def _suspect_paths(plural: str, schema: str, noun: str) -> dict[str, Any]:
    """Return the paths of one kind of suspect record (persons or entities)."""
    record = [{"name": "record_id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}]
    picture = [*record, {"name": "sha256", "in": "path", "required": True, "schema": {"type": "string"}}]
    done = {"204": {"description": "Done"}, **ERRORS}
    with_proposals = {"allOf": [ref(schema), {"type": "object", "properties": {
        "proposals": {"type": "array", "items": ref("Proposal"),
                      "description": "Existing records probably the same"}}}]}
    return {
        f"/{plural}": {
            "get": {"summary": f"List {plural} (newest change first, or by name), or search them as the matcher "
                               "compares names (every search is audited)",
                    "parameters": [query("q", "Search words: names in any script, document or registration numbers"),
                                   query("watch_list", "1: only records on the watch list"),
                                   query("sort", "Without q: updated_desc (default) or name"),
                                   query("limit", "Page size (1-200)", {"type": "integer"}),
                                   query("cursor", "`next_cursor` of the previous page")],
                    "responses": ok({"type": "object", "properties": {
                        "items": {"type": "array", "items": ref(schema)}, "next_cursor": {"type": "string"},
                        "total": {"type": "integer"}, "ranked": {"type": "boolean"}}})},
            "post": {"summary": f"Record a {noun}; the response proposes existing records that are probably the same",
                     "requestBody": body(ref(schema)), "responses": ok(with_proposals, "Created", "201")},
        },
        f"/{plural}/import": {"post": {
            "summary": f"Import {plural} with matching (analysts, administrators); an item with an existing `id` "
                       "updates it", "requestBody": body({"type": "object", "required": ["items"], "properties": {
                           "items": {"type": "array", "items": ref(schema)}, "dry_run": {"type": "boolean"}}}),
            "responses": ok({"type": "object", "properties": {
                "created": {"type": "integer"}, "updated": {"type": "integer"}, "failed": {"type": "integer"},
                "matched": {"type": "integer"}, "errors": {"type": "array"}, "proposals": {"type": "array"}}})}},
        f"/{plural}/duplicates": {"get": {
            "summary": "The newest possible duplicates found when records were written (audited)",
            "parameters": [query("limit", "How many (1-200)", {"type": "integer"})],
            "responses": ok({"type": "object", "properties": {"items": {"type": "array"}}})}},
        f"/{plural}/{{record_id}}": {
            "parameters": record,
            "get": {"summary": f"One {noun} (the view is audited)", "responses": ok(ref(schema))},
            "put": {"summary": f"Replace a {noun}'s content; send `If-Match` or `revision` to refuse stale edits "
                               "(409)", "requestBody": body(ref(schema)), "responses": ok(with_proposals)},
            "delete": {"summary": f"Delete a {noun} (administrators); it stays in its history", "responses": done},
        },
        f"/{plural}/{{record_id}}/history": {"parameters": record, "get": {
            "summary": "Every revision (who, when, what changed), every merge and every \"not the same\" mark",
            "responses": ok({"type": "object", "properties": {"items": {"type": "array"}, "merges": {"type": "array"},
                                                              "not_the_same": {"type": "array"}}})}},
        f"/{plural}/{{record_id}}/links": {"parameters": record, "get": {
            "summary": "The cases, persons and entities linked to the record and the records merged into it",
            "responses": ok({"type": "object", "properties": {"cases": {"type": "array"},
                                                              "persons": {"type": "array"},
                                                              "entities": {"type": "array"}}})}},
        f"/{plural}/{{record_id}}/network": {"parameters": record, "get": {
            "summary": "Who is connected to whom through cases and companies: nodes and edges",
            "responses": ok({"type": "object", "properties": {"nodes": {"type": "array"}, "edges": {"type": "array"},
                                                              "truncated": {"type": "boolean"}}})}},
        f"/{plural}/{{record_id}}/matches": {"parameters": record, "get": {
            "summary": "Records probably the same, each with its score and reasons (audited)",
            "responses": ok({"type": "object", "properties": {"items": {"type": "array", "items": ref("Proposal")}}})}},
        f"/{plural}/{{record_id}}/merge": {"parameters": record, "post": {
            "summary": "Merge another record into this one (analysts): it is kept, and the merge can be undone",
            "requestBody": body({"type": "object", "required": ["absorb"], "properties": {
                "absorb": {"type": "string", "format": "uuid"}}}), "responses": ok({"type": "object"})}},
        f"/{plural}/{{record_id}}/unmerge": {"parameters": record, "post": {
            "summary": "Undo the merge that absorbed this record (analysts)", "responses": ok({"type": "object"})}},
        f"/{plural}/{{record_id}}/not-the-same": {"parameters": record, "post": {
            "summary": "Mark another record as not the same: the pair is never proposed again (analysts)",
            "requestBody": body({"type": "object", "required": ["other"], "properties": {
                "other": {"type": "string", "format": "uuid"}}}), "responses": done}},
        f"/{plural}/{{record_id}}/not-the-same/{{other_id}}": {
            "parameters": [*record, {"name": "other_id", "in": "path", "required": True,
                                     "schema": {"type": "string", "format": "uuid"}}],
            "delete": {"summary": "Withdraw a \"not the same\" mark (analysts)", "responses": done}},
        f"/{plural}/{{record_id}}/pictures": {"parameters": record, "post": {
            "summary": "Add dated photos or scanned documents (JPEG, PNG or WebP; sniffed, size- and pixel-capped; "
                       "all or none)",
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "properties": {
                    "pictures": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "caption": {"type": "string"}, "taken_on": {"type": "string", "format": "date"},
                    "kind": {"enum": ["photo", "document"]}}}}}},
            "responses": ok({"type": "object", "properties": {"added": {"type": "integer"},
                                                              "record": ref(schema)}}, "Added", "201")}},
        f"/{plural}/{{record_id}}/pictures/{{sha256}}": {
            "parameters": picture,
            "get": {"summary": "A picture: the shared copy (metadata removed), or variant=thumb or original",
                    "parameters": [query("variant", "shared (default), thumb or original")],
                    "responses": {"200": {"description": "The image", "content": {"image/*": {}}}, **ERRORS}},
            "delete": {"summary": "Take a picture out of the gallery", "responses": done}},
        f"/{plural}/{{record_id}}/share": {
            "parameters": record,
            "get": {"summary": f"How the {noun} is shared, and exactly the copy receivers get (without internal "
                               "notes, watch list or source description)",
                    "responses": ok({"type": "object", "properties": {
                        "shares": {"type": "array", "items": {"type": "object"}},
                        "preview": {"type": "object"}}})},
            "post": {"summary": f"Share the {noun} with named administrations, groups or all paired "
                                "administrations; never with the global CEN (to_global is refused)",
                     "requestBody": body(ref("ShareRequest")),
                     "responses": ok({"type": "object", "properties": {"recipients": {"type": "integer"},
                                                                       "to_global": {"type": "boolean"}}})}},
    }


PATHS.update(_suspect_paths("persons", "Person", "person"))
PATHS.update(_suspect_paths("entities", "Entity", "entity"))


# -- the exchange (Icomm) as users drive it ----------------------------------------------------------------------

SCHEMAS.update({
    "Peer": {"type": "object", "description": "An administration this node exchanges with. A failed sync shows "
             "only its reason code (`last_error_reason`: a protocol reason, `http_<status>` or `unreachable`), "
             "never the peer's own text.", "properties": {
                 "id": {"type": "integer"}, "name": {"type": "string"}, "country": {"type": "string"},
                 "role": {"enum": ["national", "hub", "global"]}, "url": {"type": "string"},
                 "status": {"enum": ["pending", "paired", "removed"]},
                 "fingerprint": {"type": "string", "description": "Of the key the peer was added with"},
                 "groups": {"type": "array", "items": {"type": "string"}}, "hub_member": {"type": "boolean"},
                 "added_at": {"type": "string"}, "added_by": {"type": "string"},
                 "confirmed_at": {"type": ["string", "null"]}, "last_attempt_at": {"type": ["string", "null"]},
                 "last_success_at": {"type": ["string", "null"]}, "failures": {"type": "integer"},
                 "last_error_reason": {"type": "string"},
                 "backlog_in": {"type": "integer", "description": "Records it has that we have not pulled yet"},
                 "backlog_out": {"type": "integer", "description": "Records for it not acknowledged yet"}}},
    "InboxRecord": {"type": "object", "properties": {
        "id": {"type": "string", "format": "uuid"}, "type": {"type": "string"}, "revision": {"type": "integer"},
        "origin": {"type": "string"}, "origin_country": {"type": "string"}, "received_at": {"type": "string"},
        "seen": {"type": "boolean"}, "handling": {"enum": [h.value for h in Handling]},
        "scope": {"enum": ["nominal", "non_nominal"]},
        "hits": {"type": "array", "description": "Local persons or entities that look alike", "items": {
            "type": "object", "properties": {"local_type": {"type": "string"}, "local_id": {"type": "string"},
                                             "score": {"type": "number"},
                                             "reasons": {"type": "array", "items": {"type": "string"}}}}},
        "body": {"type": "object", "description": "One record only: the signed body (ids as UUIDs, bytes as hex)"}}},
    "ShareRequest": {"type": "object", "description": "Nothing is shared by default: choose at least one audience.",
                     "properties": {
                         "peer_ids": {"type": "array", "items": {"type": "integer"}},
                         "groups": {"type": "array", "items": {"type": "string"}},
                         "all_paired": {"type": "boolean"},
                         "to_global": {"type": "boolean", "description": "Send the non-nominal copy to the global CEN"},
                         "handling": {"enum": [h.value for h in Handling], "default": "amber"}}},
})

_PEER = [path_id("peer_id")]
_CASE = [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}]
_DONE = {"204": {"description": "Done"}, **ERRORS}

PATHS.update({
    "/exchange/peers": {
        "get": {"summary": "The administrations this node exchanges with: status, last sync, backlogs",
                "responses": ok(page_of("Peer"))},
        "post": {"summary": "Import another administration's card (the body): pending until its fingerprint is "
                            "confirmed (administrators)", "requestBody": body(ref("Card")),
                 "responses": ok(ref("Peer"), "Added, pending confirmation", "201")},
    },
    "/exchange/peers/{peer_id}": {
        "parameters": _PEER,
        "delete": {"summary": "Stop trusting a peer (administrators); records already received stay",
                   "responses": _DONE},
    },
    "/exchange/peers/{peer_id}/confirm": {
        "parameters": _PEER,
        "post": {"summary": "Pair: type the fingerprint the other administration read out of band; a wrong one is "
                            "refused (422) and nothing is trusted",
                 "requestBody": body({"type": "object", "required": ["fingerprint"],
                                      "properties": {"fingerprint": {"type": "string"}}}),
                 "responses": ok(ref("Peer"))},
    },
    "/exchange/peers/{peer_id}/groups": {
        "parameters": _PEER,
        "put": {"summary": "Set a peer's group labels (e.g. a WCO region such as ESA) and whether this hub relays "
                           "for it (administrators)",
                "requestBody": body({"type": "object", "properties": {
                    "groups": {"type": "array", "items": {"type": "string"}}, "hub_member": {"type": "boolean"}}}),
                "responses": _DONE},
    },
    "/exchange/peers/{peer_id}/sync": {
        "parameters": _PEER,
        "post": {"summary": "Pull from a paired peer now (administrators)",
                 "responses": ok({"type": "object", "properties": {
                     "peer_id": {"type": "integer"}, "ok": {"type": "boolean"}, "pages": {"type": "integer"},
                     "applied": {"type": "integer"}, "duplicates": {"type": "integer"},
                     "refused": {"type": "integer"}, "evidence": {"type": "integer"},
                     "attachments": {"type": "integer"}, "error_reason": {"type": "string"}}})},
    },
    "/exchange/candidates": {"get": {
        "summary": "Nodes seen on the local network (zeroconf): candidates, never trusted",
        "responses": ok({"type": "object", "properties": {"items": {"type": "array", "items": {
            "type": "object", "properties": {"name": {"type": "string"}, "fingerprint": {"type": "string"},
                                             "country": {"type": "string"}, "role": {"type": "string"},
                                             "url": {"type": "string"}, "trusted": {"const": False}}}}}})}},
    "/exchange/evidence": {"get": {
        "summary": "Records kept as evidence: equivocations and forks (administrators)",
        "responses": ok({"type": "object", "properties": {"items": {"type": "array", "items": {
            "type": "object", "properties": {"id": {"type": "integer"}, "record_id": {"type": "string"},
                                             "verdict": {"enum": ["equivocation", "fork"]},
                                             "origin": {"type": "string"}, "received_from": {"type": "string"},
                                             "at": {"type": "string"}}}}}})}},
    "/exchange/inbox": {"get": {
        "summary": "Records received from other administrations, newest first",
        "parameters": [query("peer_id", "Only from this administration", {"type": "integer"}),
                       query("type", "Only this record type (seizure, person, entity, tombstone...)"),
                       query("unseen", "1: only records nobody has opened"),
                       query("hits", "1: only records that look like a local person or entity"),
                       query("limit", "Page size (1-200)", {"type": "integer"}),
                       query("offset", "Records to skip", {"type": "integer"})],
        "responses": ok({"type": "object", "properties": {
            "items": {"type": "array", "items": ref("InboxRecord")}, "total": {"type": "integer"},
            "limit": {"type": "integer"}, "offset": {"type": "integer"}}})}},
    "/exchange/inbox/{record_id}": {
        "parameters": [{"name": "record_id", "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}}],
        "get": {"summary": "One received record with its body (read-only; marks it seen; the view is audited)",
                "responses": ok(ref("InboxRecord"))},
    },
    "/exchange/settings": {
        "get": {"summary": "Whether confirmed seizures go to the global CEN by default (administrators)",
                "responses": ok({"type": "object", "properties": {"global_by_default": {"type": "boolean"}}})},
        "put": {"summary": "Send (or stop sending) the non-nominal copy of every confirmed seizure to the global "
                           "CEN (administrators)",
                "requestBody": body({"type": "object", "required": ["global_by_default"],
                                     "properties": {"global_by_default": {"type": "boolean"}}}),
                "responses": ok({"type": "object", "properties": {"global_by_default": {"type": "boolean"}}})},
    },
    "/seizures/{case_id}/share": {
        "parameters": _CASE,
        "get": {"summary": "How a case is shared, and exactly what the global CEN would receive",
                "responses": ok({"type": "object", "properties": {
                    "shares": {"type": "array", "items": {"type": "object"}},
                    "global_preview": {"type": "object", "description": "The non-nominal body"}}})},
        "post": {"summary": "Share a case (analysts, investigators, administrators): named administrations, "
                            "groups, all paired administrations, and/or the global CEN's non-nominal copy",
                 "requestBody": body(ref("ShareRequest")),
                 "responses": ok({"type": "object", "properties": {"recipients": {"type": "integer"},
                                                                   "to_global": {"type": "boolean"}}})},
    },
})


def document() -> dict[str, Any]:
    """Return the whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "ncen node API", "version": __version__,
                 "description": "JSON API of an ncen node. Authenticate with `Authorization: Bearer <token>` "
                                "(`ncen user token USER`) or a signed-in browser session (then send the "
                                "`X-CSRF-Token` header on changes). Errors have the `Error` shape."},
        "servers": [{"url": "/api/v1"}],
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "session": {"type": "apiKey", "in": "cookie", "name": "ncen_session"}}},
        "security": [{"bearer": []}, {"session": []}],
        "paths": PATHS,
    }


@routes.get("/openapi.json")
async def openapi(request: web.Request) -> web.Response:
    """Serve the OpenAPI document."""
    return web.json_response(document())
