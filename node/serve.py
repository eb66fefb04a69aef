"""Running the node: bind first (so a busy port fails before anything is created), then serve until a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from collections.abc import Callable
from datetime import UTC, datetime

from aiohttp import web

from node import __version__
from node.app import create_app
from node.clock import Clock
from node.config import Config
from node.tls import certificate_files, server_context

log = logging.getLogger(__name__)


class ServeError(Exception):
    """The node cannot listen or start."""


def bind(host: str, port: int) -> socket.socket:
    """Bind the listening socket, or raise ``ServeError`` saying why."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}: unknown address ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "the port is already in use" if exc.errno == 98 else (exc.strerror or str(exc))
        raise ServeError(f"cannot listen on {host}:{port}: {reason}") from exc
    sock.setblocking(False)
    return sock


async def serve(config: Config, sock: socket.socket, clock: Clock | None = None,
                on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the node on a bound socket until SIGINT or SIGTERM, then shut down cleanly."""
    app = create_app(config, clock=clock)
    runner = web.AppRunner(app, handle_signals=False, access_log=logging.getLogger("aiohttp.access"))
    await runner.setup()  # opens the store and keys; failures surface here
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        context = None
        if config.uses_tls:
            cert, key = certificate_files(keys_dir=config.key_path.parent, cert_file=config.tls_cert_file,
                                          key_file=config.tls_key_file, common_name="ncen node", host=config.host,
                                          now=datetime.now(UTC))
            context = server_context(cert, key)
        site = web.SockSite(runner, sock, ssl_context=context)
        await site.start()
        host, port = sock.getsockname()[:2]
        scheme = "https" if context else "http"
        address = f"{scheme}://{host if ':' not in host else f'[{host}]'}:{port}/"
        log.info("ncen %s listening on %s", __version__, address)
        if on_ready:
            on_ready(address)
        await stop.wait()
        log.info("shutting down")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await runner.cleanup()
