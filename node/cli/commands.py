"""One function per ``ncen`` command: (parsed arguments, environment) -> exit code."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from node import __version__
from node.backup import backup, restore
from node.cli import exchange
from node.clock import SystemClock
from node.config import Config, load_config
from node.datadir import DataDirError, ensure_writable, exclusive, init_node, is_initialised
from node.logs import configure
from node.runtime import Services, open_services
from node.serve import bind, serve
from node.services.actor import command_line_actor
from node.services.seizure_import import ImportProgress, ImportResult, error_lines, import_seizures
from node.services.seizure_mapping import ImportRefused, load_mapping

Command = Callable[[argparse.Namespace, Mapping[str, str]], int]


def _config(args: argparse.Namespace, env: Mapping[str, str], **extra: object) -> Config:
    return load_config({"data_dir": args.data_dir, **extra}, env)


def _with_services(config: Config, work: Callable[[Services], object]) -> object:
    async def run() -> object:
        async with open_services(config, SystemClock()) as services:
            result = work(services)
            return await result if asyncio.iscoroutine(result) else result

    return asyncio.run(run())


def _read_password() -> str:
    line = sys.stdin.readline()
    if not line:
        raise DataDirError("no password on standard input")
    return line.rstrip("\r\n")


def cmd_init(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Create a node."""
    config = _config(args, env)
    result = init_node(config, SystemClock(), name=args.name, country=args.country, role=args.role)
    print(f"Initialised node in {config.data_dir} (fingerprint {result.fingerprint}).")
    _print_admin(result.admin_username, result.admin_password)
    return 0


def _print_admin(username: str, password: str | None) -> None:
    if password:
        print(f"Administrator: {username}")
        print(f"One-time password: {password}  (change it at first sign-in)")
    else:
        print(f"Administrator: {username} (password from NCEN_ADMIN_PASSWORD)")


def cmd_serve(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Run the node, initialising an empty data directory first."""
    config = _config(args, env, host=args.host, port=args.port, public_url=args.public_url)
    sock = bind(config.host, config.port)
    try:
        ensure_writable(config.data_dir)
        with exclusive(config.data_dir, f"another ncen serve is already running on {config.data_dir}"):
            if not is_initialised(config):
                result = init_node(config, SystemClock())
                print(f"Initialised a new node in {config.data_dir} (fingerprint {result.fingerprint}).")
                _print_admin(result.admin_username, result.admin_password)
            configure(config.log_level, log_file=config.log_path)

            def ready(address: str) -> None:
                print(f"ncen {__version__} is serving at {address}  (Ctrl+C stops it)", flush=True)

            asyncio.run(serve(config, sock, on_ready=ready))
    finally:
        sock.close()
    print("ncen stopped.")
    return 0


def cmd_user_add(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Create a user."""
    password = _read_password() if args.password_stdin else None

    async def work(services: Services) -> None:
        created = await services.users.create_user(
            command_line_actor(), username=args.username, role=args.role, password=password,
            display_name=args.display_name, email=args.email, language=args.language,
            must_change_password=password is None)
        print(f"Created user {created.user.username} ({created.user.role}).")
        if created.password:
            print(f"One-time password: {created.password}  (change it at first sign-in)")

    _with_services(_config(args, env), work)
    return 0


def cmd_user_list(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """List users."""

    async def work(services: Services) -> None:
        users = await services.users.list_users(command_line_actor())
        print(f"{'USER':<24} {'ROLE':<14} {'STATUS':<9} LAST SIGN-IN")
        for user in users:
            status = "disabled" if user.disabled else "active"
            print(f"{user.username:<24} {user.role:<14} {status:<9} {user.last_login_at or '-'}")

    _with_services(_config(args, env), work)
    return 0


def _set_disabled(args: argparse.Namespace, env: Mapping[str, str], disabled: bool) -> int:
    async def work(services: Services) -> None:
        actor = command_line_actor()
        user = await services.users.find_user(actor, args.username)
        await services.users.set_disabled(actor, user.id, disabled)
        print(f"User {user.username} is now {'disabled' if disabled else 'enabled'}.")

    _with_services(_config(args, env), work)
    return 0


def cmd_user_disable(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Disable a user."""
    return _set_disabled(args, env, True)


def cmd_user_enable(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Enable a user."""
    return _set_disabled(args, env, False)


def cmd_user_passwd(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Reset a user's password."""
    password = _read_password() if args.password_stdin else None

    async def work(services: Services) -> None:
        actor = command_line_actor()
        user = await services.users.find_user(actor, args.username)
        generated = await services.users.reset_password(actor, user.id, password)
        if generated:
            print(f"One-time password for {user.username}: {generated}  (change it at next sign-in)")
        else:
            print(f"Password of {user.username} changed.")

    _with_services(_config(args, env), work)
    return 0


def cmd_user_token(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Issue an API token."""

    async def work(services: Services) -> None:
        actor = command_line_actor()
        user = await services.users.find_user(actor, args.username)
        print(await services.auth.issue_token(actor, user.id, args.label))

    _with_services(_config(args, env), work)
    return 0


def cmd_card(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Print the node card."""

    def work(services: Services) -> None:
        print(json.dumps(services.identity.card().to_json(), indent=2, ensure_ascii=False))

    _with_services(_config(args, env), work)
    return 0


def cmd_backup(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Back up the node."""
    result = backup(_config(args, env), Path(args.destination), SystemClock())
    print(f"Backed up {result.files} files ({result.bytes:,} bytes, schema {result.schema_version}) to {result.path}.")
    return 0


def cmd_restore(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Restore a backup."""
    result = restore(Path(args.source), _config(args, env), SystemClock())
    print(f"Restored {result.files} files ({result.bytes:,} bytes) into {result.path}.")
    return 0


class _Progress:
    """Shows an import's progress on stderr: a bar on a terminal, else a plain line every few seconds."""

    def __init__(self, stream: TextIO, interval: float = 10.0) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._interval = interval
        self._last = 0.0
        self._shown = False

    def __call__(self, p: ImportProgress) -> None:
        share = min(1.0, p.bytes_read / p.bytes_total) if p.bytes_total else 0.0
        text = f"{p.rows:,} rows, {p.cases:,} cases, {p.rate:,.0f} cases/s"
        if self._tty:
            filled = int(share * 30)
            self._stream.write(f"\r[{'#' * filled}{'-' * (30 - filled)}] {share:4.0%}  {text}   ")
            self._stream.flush()
            self._shown = True
        elif p.seconds - self._last >= self._interval:
            self._last = p.seconds
            print(f"ncen: import: {share:.0%}, {text}", file=self._stream, flush=True)

    def finish(self) -> None:
        """End the bar's line."""
        if self._shown:
            self._stream.write("\n")
            self._shown = False


def _read_file(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImportRefused("cannot read the {what} {path}: {reason}", what=what, path=path,
                            reason=exc.strerror or exc.__class__.__name__) from None


def cmd_import(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Import seizure cases from CSV."""
    mapping = load_mapping(_read_file(args.mapping, "mapping file")) if args.mapping else None
    try:
        source = open(args.file, "rb")  # noqa: SIM115 - closed below, after the services
    except OSError as exc:
        raise ImportRefused("cannot read the file {path}: {reason}", path=args.file,
                            reason=exc.strerror or exc.__class__.__name__) from None
    progress = _Progress(sys.stderr)

    async def work(services: Services) -> ImportResult:
        try:
            return await import_seizures(services.seizures, services.audit, command_line_actor(), source,
                                         clock=services.clock, name=Path(args.file).name, mapping=mapping,
                                         dry_run=args.dry_run, progress=progress)
        finally:
            progress.finish()

    with source:
        result = _with_services(_config(args, env), work)
    assert isinstance(result, ImportResult)
    report = result.report
    if result.dry_run:
        print(f"Dry run of {result.name}, nothing written: {result.rows:,} rows, {result.cases:,} cases would be "
              f"{report.created:,} created, {report.updated:,} updated, {report.unchanged:,} unchanged; "
              f"{report.failed:,} failed.")
    else:
        print(f"Imported {result.name}: {result.rows:,} rows, {result.cases:,} cases in {result.seconds:.1f} s "
              f"({result.rate:,.0f} cases/s): {report.created:,} created, {report.updated:,} updated, "
              f"{report.unchanged:,} unchanged, {report.failed:,} failed.")
    for line in error_lines(result, max(0, args.show_errors)):
        print(line)
    hidden = len(report.errors) - max(0, args.show_errors)
    if hidden > 0:
        print(f"… and {hidden:,} more row errors (--show-errors N shows more).")
    return 1 if report.failed else 0


def cmd_refdata(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Load the HS nomenclature from CSV."""
    data = _read_file(args.file, "file")

    async def work(services: Services) -> None:
        result = await services.refdata.import_hs(command_line_actor(), data, source=Path(args.file).name)
        print(f"Loaded {result.codes:,} HS codes from {Path(args.file).name}: {result.chapters} chapters, "
              f"{result.headings:,} headings, {result.subheadings:,} subheadings.")

    _with_services(_config(args, env), work)
    return 0


COMMANDS: dict[str, Command] = {
    "init": cmd_init, "serve": cmd_serve, "card": cmd_card, "backup": cmd_backup, "restore": cmd_restore,
    "user add": cmd_user_add, "user list": cmd_user_list, "user disable": cmd_user_disable,
    "user enable": cmd_user_enable, "user passwd": cmd_user_passwd, "user token": cmd_user_token,
    "import": cmd_import, "refdata": cmd_refdata,
    **exchange.COMMANDS,
}

# The attribute naming the action of commands that have actions ("ncen user add", "ncen peer list"...).
ACTION_OF = {"user": "user_command", "peer": "peer_command", "keys": "keys_command"}
