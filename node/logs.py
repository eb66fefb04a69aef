"""Logging set-up: the node's fingerprint on every record, tracebacks to the log file, one line to the terminal."""

from __future__ import annotations

import contextvars
import logging
import logging.handlers
import sys
from pathlib import Path

# The node a log record belongs to. Set per request by middleware and in each background task, so that logs of
# several nodes in one process (the multi-node tests) still say which node spoke.
current_node: contextvars.ContextVar[str] = contextvars.ContextVar("ncen_node", default="-")

FORMAT = "%(asctime)s %(levelname)s [%(node)s] %(name)s: %(message)s"


class NodeFilter(logging.Filter):
    """Add ``record.node`` from the current context."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate the record; never drop it."""
        record.node = current_node.get()
        return True


class _OneLineFormatter(logging.Formatter):
    """Terminal output without tracebacks: those go to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def configure(level: str, *, log_file: Path | None = None, terminal_level: str | None = None) -> None:
    """Send logs to stderr (one line each) and, when given, to a rotating file with full tracebacks."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG)
    node_filter = NodeFilter()
    terminal = logging.StreamHandler(sys.stderr)
    terminal.setLevel(terminal_level or level)
    terminal.setFormatter(_OneLineFormatter(FORMAT))
    terminal.addFilter(node_filter)
    root.addHandler(terminal)
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            to_file = logging.handlers.RotatingFileHandler(log_file, maxBytes=10_000_000, backupCount=5,
                                                           encoding="utf-8")
        except OSError:
            return  # an unwritable log file must not stop the node; the terminal still gets everything
        to_file.setLevel(level)
        to_file.setFormatter(logging.Formatter(FORMAT))
        to_file.addFilter(node_filter)
        root.addHandler(to_file)
    # Quieten libraries that log every request or packet at INFO.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING if level != "DEBUG" else logging.DEBUG)
