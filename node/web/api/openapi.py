"""The OpenAPI 3.1 description of ``/api/v1``, assembled from the spec fragments each API module declares.

A test compares the documented operations with the routes actually registered, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from node import __version__

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
    "Card": {"type": "object", "required": ["ncen_card", "name", "country", "role", "url", "public_key"],
             "properties": {
                 "ncen_card": {"const": 1}, "name": {"type": "string"}, "country": {"type": "string"},
                 "role": {"type": "string"}, "url": {"type": "string"},
                 "public_key": {"type": "string", "description": "Ed25519 public key, hex"},
                 "fingerprint": {"type": "string"}, "protocol_versions": {"type": "array"}}},
}

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
}


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
