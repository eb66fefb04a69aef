"""Errors services raise; the web layer maps each code to an HTTP status and a translated sentence.

Messages are English templates with ``{name}`` placeholders, marked for the catalogue with ``N_``; the UI
translates the template and then fills it in, the API returns it in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from protocol.errors import ErrorCode
from protocol.text import N_


@dataclass(frozen=True, slots=True)
class Message:
    """A translatable message: English template plus parameters."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] = str) -> str:
        """Translate the template and fill in the parameters."""
        return gettext(self.template).format(**self.params)


class ServiceError(Exception):
    """A failure the user can understand and act on."""

    code: ErrorCode = ErrorCode.BAD_REQUEST

    def __init__(self, template: str, **params: object) -> None:
        self.message = Message(template, params)
        super().__init__(self.message.render())


class NotFound(ServiceError):
    """The object does not exist (or the actor may not know that it does)."""

    code = ErrorCode.NOT_FOUND


class PermissionDenied(ServiceError):
    """The actor's role does not allow this."""

    code = ErrorCode.FORBIDDEN


class Unauthenticated(ServiceError):
    """Sign-in failed or is required."""

    code = ErrorCode.UNAUTHENTICATED


class Conflict(ServiceError):
    """The change collides with existing data (a duplicate name, a stale edit)."""

    code = ErrorCode.CONFLICT


class RateLimited(ServiceError):
    """Too many attempts; try again later."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, template: str, *, retry_after: int, **params: object) -> None:
        super().__init__(template, retry_after=retry_after, **params)
        self.retry_after = retry_after


class PayloadTooLarge(ServiceError):
    """An upload or body exceeds a limit."""

    code = ErrorCode.PAYLOAD_TOO_LARGE


class Unavailable(ServiceError):
    """Something the node needs for this stopped working; trying again later may succeed."""

    code = ErrorCode.UNAVAILABLE


class ValidationFailed(ServiceError):
    """One or more fields are invalid; ``fields`` maps each field to its message."""

    code = ErrorCode.VALIDATION_FAILED

    def __init__(self, fields: Mapping[str, Message]) -> None:
        self.fields = dict(fields)
        summary = "; ".join(f"{name}: {msg.render()}" for name, msg in self.fields.items())
        super().__init__(N_("Some fields need correcting: {summary}"), summary=summary)


class Invalid:
    """Collects field errors while validating, then raises them all at once."""

    def __init__(self) -> None:
        self.fields: dict[str, Message] = {}

    def add(self, name: str, template: str, **params: object) -> None:
        """Record the first error for a field."""
        self.fields.setdefault(name, Message(template, params))

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self) -> None:
        """Raise ``ValidationFailed`` when any error was recorded."""
        if self.fields:
            raise ValidationFailed(self.fields)
