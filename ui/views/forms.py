"""Reading HTML forms: text fields as strings, never files where text is expected."""

from __future__ import annotations

from aiohttp import web


async def form_data(request: web.Request) -> dict[str, str]:
    """Return the posted form's text fields (the first value of each), stripped of nothing."""
    posted = await request.post()
    return {key: value for key, value in posted.items() if isinstance(value, str)}


def safe_next(target: str | None) -> str:
    """Return a local path to go to after signing in; anything else (another site, ``//host``) becomes ``/``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
