"""A TCP proxy on loopback that can cut the line: the partition between two real nodes, byte-exact.

Test infrastructure, not a mock: both nodes speak real HTTP through it. ``cut_after(n)`` arms it to forward
exactly ``n`` more bytes towards the client (the node pulling) and then abort every open connection, as a
link that drops in the middle of an answer; it disarms itself after cutting. What clients send upstream is
kept in ``sent`` so a test can check what was asked for (e.g. the ``Range`` of a resumed download).
"""

from __future__ import annotations

import asyncio
import contextlib


class CuttingProxy:
    """Forwards ``127.0.0.1:listen_port`` to ``127.0.0.1:target_port``; cuts the line when told."""

    def __init__(self, listen_port: int, target_port: int) -> None:
        self.listen_port = listen_port
        self.target_port = target_port
        self.cuts = 0
        self.sent = bytearray()
        self._budget: int | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> CuttingProxy:
        """Start listening."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.listen_port)
        return self

    def cut_after(self, n: int) -> None:
        """Forward ``n`` more bytes to clients, then abort every connection (once)."""
        self._budget = n

    async def close(self) -> None:
        """Stop listening and drop every connection."""
        if self._server is not None:
            self._server.close()
        self._abort_all()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._server is not None:
            await self._server.wait_closed()

    def _abort_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, upstream_writer}
        up = asyncio.create_task(self._pump(client_reader, upstream_writer, downstream=False))
        down = asyncio.create_task(self._pump(upstream_reader, client_writer, downstream=True))
        for task in (up, down):
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
        for writer in (client_writer, upstream_writer):
            self._writers.discard(writer)
            writer.transport.abort()

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, downstream: bool) -> None:
        try:
            while data := await reader.read(65536):
                if not downstream:
                    self.sent += data
                elif self._budget is not None:
                    if len(data) >= self._budget:
                        writer.transport.set_write_buffer_limits(0)  # so drain() waits until all is sent
                        writer.write(data[:self._budget])
                        with contextlib.suppress(ConnectionError):
                            await writer.drain()
                        self._budget = None
                        self.cuts += 1
                        self._abort_all()
                        return
                    self._budget -= len(data)
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            return
