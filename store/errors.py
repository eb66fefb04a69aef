"""Exceptions the store raises to the services above it."""


class StoreError(Exception):
    """Base class for store failures that a service may turn into a user-facing message."""


class SchemaTooNew(StoreError):
    """The database was written by a newer ncen than this one."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"database schema version {found} is newer than this ncen supports ({supported}); "
            "install the newer ncen release that wrote it"
        )
        self.found = found
        self.supported = supported


class DatabaseUnavailable(StoreError):
    """The database file cannot be opened or is not an SQLite database."""
