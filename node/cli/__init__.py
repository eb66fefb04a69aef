"""The ``ncen`` command: parse, load config, configure logging, run one command; never a traceback."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from crypto import CryptoError
from node.backup import BackupError
from node.cli.commands import ACTION_OF, COMMANDS
from node.cli.parser import CliUsageError, build_parser
from node.config import DEFAULT_DATA_DIR, ConfigError
from node.datadir import DataDirError
from node.errors import ServiceError
from node.logs import configure
from node.serve import ServeError
from node.tls import TlsError
from store.errors import StoreError

log = logging.getLogger("ncen.cli")

EXPECTED = (ConfigError, DataDirError, StoreError, CryptoError, ServiceError, BackupError, ServeError, TlsError)


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run ``ncen`` with these arguments; return the process exit code."""
    env = dict(os.environ if environ is None else environ)
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except CliUsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    data_dir = args.data_dir or env.get("NCEN_DATA") or str(DEFAULT_DATA_DIR)
    serving = args.command == "serve"
    # The log file lives in the data directory, which only ``init`` and ``serve`` may create (serve adds the
    # file once it holds its port, so a failed start leaves no trace on disk).
    configure(env.get("NCEN_LOG_LEVEL", "INFO").upper() if serving else "INFO",
              log_file=Path(data_dir) / "logs" / "ncen.log" if Path(data_dir, "ncen.db").exists() else None,
              terminal_level=None if serving else "WARNING")
    action = ACTION_OF.get(args.command)
    handler = COMMANDS[f"{args.command} {getattr(args, action)}" if action else args.command]
    try:
        return handler(args, env)
    except EXPECTED as exc:
        log.debug("command failed", exc_info=True)
        print(f"ncen: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ncen: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        log.critical("unexpected error in 'ncen %s'", args.command, exc_info=True)
        print(f"ncen: unexpected error: {_one_line(exc)} (details in {Path(data_dir) / 'logs' / 'ncen.log'})",
              file=sys.stderr)
        return 1


def _one_line(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return " ".join(text.split())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
