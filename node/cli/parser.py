"""The argument parser of ``ncen``: every command and flag, with help."""

from __future__ import annotations

import argparse
from typing import NoReturn

from node import __version__
from node.cli import exchange
from node.services.permissions import Role
from protocol.roles import NodeRole


class CliUsageError(Exception):
    """The command line is wrong; the message says how."""


class Parser(argparse.ArgumentParser):
    """An argument parser that reports errors as one line instead of exiting."""

    def error(self, message: str) -> NoReturn:
        """Raise instead of printing usage and exiting."""
        raise CliUsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", dest="data_dir", metavar="DIR",
                        help="data directory (default: $NCEN_DATA or ./ncen-data)")


def build_parser() -> Parser:
    """Return the parser for every ``ncen`` command."""
    parser = Parser(prog="ncen", description="ncen: National Customs Enforcement Network node.")
    parser.add_argument("--version", action="version", version=f"ncen {__version__}")
    parser.set_defaults(data_dir=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    init = commands.add_parser("init", help="create a node: data directory, key, database, first administrator",
                               description="Create a new node in an empty data directory.")
    _data(init)
    init.add_argument("--name", required=True, help='administration name, e.g. "Namibia Customs"')
    init.add_argument("--country", required=True, help="ISO 3166 two-letter country code, e.g. NA")
    init.add_argument("--role", choices=[r.value for r in NodeRole], default=NodeRole.NATIONAL.value,
                      help="national (default), hub, or global")

    serve = commands.add_parser("serve", help="run the node (initialising an empty data directory)",
                                description="Run the node's web UI and API until SIGINT or SIGTERM.")
    _data(serve)
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", help="TCP port (default 8080)")
    serve.add_argument("--public-url", dest="public_url", help="URL other administrations use to reach this node")

    user = commands.add_parser("user", help="manage users", description="Manage the node's user accounts.")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", parser_class=Parser, required=True)
    add = user_commands.add_parser("add", help="create a user; prints a one-time password",
                                   description="Create a user. Without --password-stdin a one-time password is "
                                               "generated and printed; the user changes it at first sign-in.")
    _data(add)
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name", default="", help="full name")
    add.add_argument("--email", default="")
    add.add_argument("--language", default="en", choices=["en", "fr"])
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    listing = user_commands.add_parser("list", help="list users", description="List user accounts.")
    _data(listing)
    for name, text in (("disable", "disable a user, ending their sessions and tokens"),
                       ("enable", "enable a disabled user")):
        sub = user_commands.add_parser(name, help=text, description=text.capitalize() + ".")
        _data(sub)
        sub.add_argument("username")
    passwd = user_commands.add_parser("passwd", help="set a user's password (generated one-time by default)",
                                      description="Reset a user's password. Without --password-stdin a one-time "
                                                  "password is generated and printed.")
    _data(passwd)
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    token = user_commands.add_parser("token", help="print a new API token for a user",
                                     description="Issue an API token for 'Authorization: Bearer'.")
    _data(token)
    token.add_argument("username")
    token.add_argument("--label", default="", help="what the token is for")

    card = commands.add_parser("card", help="print this node's card as JSON",
                               description="Print the card another administration imports to pair.")
    _data(card)

    backup = commands.add_parser("backup", help="back up database, key and attachments (node may be running)",
                                 description="Write a consistent backup into DEST, a new or empty directory.")
    _data(backup)
    backup.add_argument("destination", metavar="DEST")

    _import_commands(commands)

    restore = commands.add_parser("restore", help="restore a backup into an empty data directory",
                                  description="Verify the backup in SRC and restore it into an empty data "
                                              "directory.")
    restore.add_argument("source", metavar="SRC")
    _data(restore)
    exchange.register(commands, Parser)
    return parser


def _import_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    importing = commands.add_parser("import", help="import records from files",
                                    description="Import records from files into this node.")
    what = importing.add_subparsers(dest="import_what", metavar="WHAT", parser_class=Parser, required=True)
    seizures = what.add_parser(
        "seizures", help="import seizure cases from CSV (native columns, or any layout with --mapping)",
        description="Import seizure cases from a CSV file: one row per commodity line, the rows of a case one "
                    "after the other. A case whose reference exists is updated (or left unchanged), never "
                    "duplicated. Exit code 0 when every row was imported, 1 when any row failed or the file "
                    "was refused. See docs/import.md.")
    _data(seizures)
    seizures.add_argument("file", metavar="FILE.csv", help="the CSV file (UTF-8 unless the mapping says)")
    seizures.add_argument("--mapping", metavar="MAP.toml",
                          help="mapping file for another system's layout (columns, formats, value maps)")
    seizures.add_argument("--dry-run", dest="dry_run", action="store_true",
                          help="check everything and report what would change, writing nothing")
    seizures.add_argument("--show-errors", dest="show_errors", metavar="N", type=int, default=20,
                          help="row errors to print (default 20)")

    refdata = commands.add_parser("refdata", help="manage reference data",
                                  description="Manage the reference data that validation uses.")
    actions = refdata.add_subparsers(dest="refdata_command", metavar="ACTION", parser_class=Parser, required=True)
    loading = actions.add_parser("import", help="load reference data from a file",
                                 description="Load reference data from a file.")
    kinds = loading.add_subparsers(dest="refdata_what", metavar="WHAT", parser_class=Parser, required=True)
    hs = kinds.add_parser("hs", help="replace the HS nomenclature with a CSV file",
                          description="Replace the HS nomenclature the node checks codes against with a CSV "
                                      "file with the columns hscode, description, parent and level (all or "
                                      "nothing).")
    _data(hs)
    hs.add_argument("file", metavar="FILE.csv")
