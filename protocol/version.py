"""Protocol versions this implementation speaks."""

PROTOCOL_VERSION = 1
PROTOCOL_VERSIONS: tuple[int, ...] = (1,)
