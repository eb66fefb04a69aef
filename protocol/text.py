"""Marker for English message templates that the UI translates at display time."""


def N_(message: str) -> str:
    """Mark a message for the translation catalogue without translating it here."""
    return message
