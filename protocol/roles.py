"""The role a node plays in the network."""

from __future__ import annotations

from enum import StrEnum


class NodeRole(StrEnum):
    """National administration, regional hub relaying for members, or the global CEN (non-nominal only)."""

    NATIONAL = "national"
    HUB = "hub"
    GLOBAL = "global"
