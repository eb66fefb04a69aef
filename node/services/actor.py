"""Who is acting: passed explicitly into every service call that needs a permission or an audit entry."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from node.errors import PermissionDenied
from node.services.permissions import Permission, Role, role_allows
from protocol.text import N_


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in user (or the local command line) with the address the request came from."""

    user_id: int | None
    username: str
    role: str
    ip: str = ""
    language: str = "en"

    def can(self, permission: Permission) -> bool:
        """Tell whether this actor's role grants a permission."""
        return role_allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        """Raise ``PermissionDenied`` unless the role grants the permission."""
        if not self.can(permission):
            raise PermissionDenied(N_("Your role does not allow this action."))


def command_line_actor() -> Actor:
    """Return the actor for ``ncen`` commands run on the server: an administrator by possession of the files."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor(user_id=None, username=f"cli:{who}", role=Role.ADMINISTRATOR, ip="local")
