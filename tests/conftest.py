"""Shared fixtures: a fake clock, initialised nodes in temp directories, real HTTP clients on loopback."""

from __future__ import annotations

import asyncio
import gc
import logging
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web, web_app
from aiohttp.test_utils import TestClient, TestServer

from node.app import create_app
from node.config import Config
from node.datadir import init_node

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)
        self._mono += seconds

    def jump(self, seconds: float) -> None:
        """Move the wall clock only (an operator or NTP correcting it); monotonic time goes on as before."""
        self._now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@dataclass
class NodeSetup:
    """An initialised data directory and how to sign in as its administrator."""

    config: Config
    admin_password: str


def make_node(base: Path, clock: FakeClock, *, name: str = "Namibia Customs", country: str = "NA",
              role: str = "national") -> NodeSetup:
    """Initialise a node in ``base`` with a per-test administrator password."""
    password = secrets.token_urlsafe(12)
    config = Config(data_dir=base, port=0, admin_password=password)
    init_node(config, clock, name=name, country=country, role=role)
    # The password was only needed to initialise; a running node does not keep it.
    return NodeSetup(replace(config, admin_password=""), password)


@pytest.fixture
def node_setup(tmp_path: Path, clock: FakeClock) -> NodeSetup:
    return make_node(tmp_path / "node", clock)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything collection created out of the collector's sight.

    Collection leaves some 300,000 long-lived objects (modules, Hypothesis strategies, parametrised items);
    a full collection scanning them pauses for 0.3-0.5 s and would trip the loop-blocking check below
    at random in whichever test it lands.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _forget_finished_apps() -> Iterator[None]:
    """Let the applications a test made be freed when it ends.

    aiohttp keeps each handler's middleware chain with the applications it was built for, in a cache of 1,024
    entries (``web_app._cached_build_middleware``). A node serves one application, so that costs it nothing;
    the suite makes hundreds, and the cache kept them alive with their routes, templates and services, so that
    each full run of the cycle collector took longer, until one held a fixture's setup past the loop-blocking
    limit below.
    """
    yield
    cache = getattr(web_app, "_cached_build_middleware", None)
    if cache is not None:
        cache.cache_clear()


@pytest.fixture(autouse=True)
async def _no_event_loop_blocking() -> AsyncIterator[None]:
    """Fail a test during which any callback held the event loop for too long (e.g. SQLite on the loop)."""
    loop = asyncio.get_running_loop()
    slow: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("Executing"):
                slow.append(record.getMessage())

    handler = Catch(level=logging.WARNING)
    logger = logging.getLogger("asyncio")
    logger.addHandler(handler)
    previous = loop.get_debug(), loop.slow_callback_duration
    loop.set_debug(True)
    loop.slow_callback_duration = 0.5
    try:
        yield
    finally:
        loop.set_debug(previous[0])
        loop.slow_callback_duration = previous[1]
        logger.removeHandler(handler)
    assert not slow, f"the event loop was blocked: {slow}"


@pytest.fixture
async def client(node_setup: NodeSetup, clock: FakeClock) -> AsyncIterator[TestClient]:
    """A real HTTP client against the node's app on a loopback port."""
    async with TestClient(TestServer(create_app(node_setup.config, clock=clock))) as test_client:
        yield test_client


CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """Return the CSRF token embedded in a page's form."""
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


async def login(client: TestClient, username: str, password: str) -> web.StreamResponse:
    """Sign in through the real form (with its CSRF token); return the response (a redirect on success)."""
    page = await client.get("/login")
    token = csrf_from(await page.text())
    return await client.post("/login", data={"username": username, "password": password, "_csrf": token},
                             allow_redirects=False)


async def login_admin(client: TestClient, setup: NodeSetup) -> None:
    """Sign in as the node's administrator and fail the test if that does not work."""
    response = await login(client, "admin", setup.admin_password)
    assert response.status == 303, await response.text()


async def page_csrf(client: TestClient, path: str = "/account") -> str:
    """Return the session's CSRF token as embedded in a page."""
    response = await client.get(path)
    assert response.status == 200, await response.text()
    return csrf_from(await response.text())


async def api_token(client: TestClient, setup: NodeSetup, username: str = "admin") -> str:
    """Issue an API token for a user through the admin's session."""
    await login_admin(client, setup)
    csrf = await page_csrf(client)
    users = await (await client.get("/api/v1/users")).json()
    user_id = next(u["id"] for u in users["items"] if u["username"] == username)
    response = await client.post(f"/api/v1/users/{user_id}/tokens", json={"label": "test"},
                                 headers={"X-CSRF-Token": csrf})
    assert response.status == 201, await response.text()
    return (await response.json())["token"]


@pytest.fixture
def shared_data() -> Path:
    """The read-only shared data folder (reference lists and vectors)."""
    path = SHARED / "data"
    assert path.is_dir(), f"{path} is missing"
    return path


@pytest.fixture
def repo_root() -> Path:
    return REPO
