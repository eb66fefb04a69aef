"""Roles and what each may do; every service checks these server-side."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The user roles of a node."""

    ADMINISTRATOR = "administrator"
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    OFFICER = "officer"
    READONLY = "readonly"


class Permission(StrEnum):
    """Single capabilities; roles are sets of these."""

    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    MANAGE_NODE = "manage_node"
    MANAGE_REFDATA = "manage_refdata"
    VIEW_RECORDS = "view_records"  # non-nominal parts of cases, statistics
    VIEW_NOMINAL = "view_nominal"  # people and companies: personal data
    EDIT_RECORDS = "edit_records"
    DELETE_RECORDS = "delete_records"
    IMPORT_RECORDS = "import_records"
    MERGE_SUSPECTS = "merge_suspects"
    SHARE_RECORDS = "share_records"
    MANAGE_PEERS = "manage_peers"
    INVESTIGATE = "investigate"
    ANALYSE_RISK = "analyse_risk"
    COMMUNICATE = "communicate"


_ALL = frozenset(Permission)
_COMMON = {Permission.VIEW_RECORDS, Permission.COMMUNICATE}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: _ALL,
    Role.ANALYST: frozenset(_COMMON | {
        Permission.VIEW_NOMINAL, Permission.EDIT_RECORDS, Permission.IMPORT_RECORDS, Permission.MERGE_SUSPECTS,
        Permission.SHARE_RECORDS, Permission.ANALYSE_RISK,
    }),
    Role.INVESTIGATOR: frozenset(_COMMON | {
        Permission.VIEW_NOMINAL, Permission.EDIT_RECORDS, Permission.SHARE_RECORDS, Permission.INVESTIGATE,
    }),
    Role.OFFICER: frozenset(_COMMON | {Permission.VIEW_NOMINAL, Permission.EDIT_RECORDS}),
    Role.READONLY: frozenset(_COMMON),
}


def role_allows(role: str, permission: Permission) -> bool:
    """Tell whether a role grants a permission (unknown roles grant nothing)."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
