"""``ncen peer``, ``ncen sync`` and ``ncen keys``: pairing, one sync round, key rotation and revocation."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from node.clock import SystemClock
from node.config import Config, load_config
from node.datadir import DataDirError, exclusive
from node.runtime import Services, open_services
from node.services.actor import command_line_actor


def _data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", dest="data_dir", metavar="DIR",
                        help="data directory (default: $NCEN_DATA or ./ncen-data)")


def register(commands: argparse._SubParsersAction[Any], parser_class: type) -> None:
    """Add the exchange commands to the ``ncen`` parser."""
    peer = commands.add_parser("peer", help="pair with other administrations",
                               description="Manage the administrations this node exchanges with.")
    actions: argparse._SubParsersAction[Any] = peer.add_subparsers(dest="peer_command", metavar="ACTION",
                                                                   parser_class=parser_class, required=True)
    add = actions.add_parser("add", help="import another administration's card (pending until confirmed)",
                             description="Import a card. Compare the printed fingerprint with the other "
                                         "administration by telephone, then confirm it with --confirm or "
                                         "'ncen peer confirm'.")
    _data(add)
    add.add_argument("card", metavar="CARD.json", help="the card file ('-' reads standard input)")
    add.add_argument("--confirm", metavar="FINGERPRINT",
                     help="the fingerprint the other administration read to you: pairs at once if it matches")
    confirm = actions.add_parser("confirm", help="pair with a pending administration after comparing fingerprints",
                                 description="Confirm a pending peer by typing the fingerprint read to you.")
    _data(confirm)
    confirm.add_argument("peer_id", type=int, metavar="ID")
    confirm.add_argument("fingerprint", metavar="FINGERPRINT")
    listing = actions.add_parser("list", help="list peers and their status", description="List peers.")
    _data(listing)
    remove = actions.add_parser("remove", help="stop exchanging with an administration",
                                description="Remove a peer: its new records are refused.")
    _data(remove)
    remove.add_argument("peer_id", type=int, metavar="ID")

    sync = commands.add_parser("sync", help="pull once from paired peers (for scripts and tests)",
                               description="Run one sync round with every paired peer, or one.")
    _data(sync)
    sync.add_argument("--peer", type=int, metavar="ID", dest="peer_id", help="only this peer")

    keys = commands.add_parser("keys", help="rotate or revoke this node's key",
                               description="Rotate or revoke this node's Ed25519 key.")
    key_actions: argparse._SubParsersAction[Any] = keys.add_subparsers(dest="keys_command", metavar="ACTION",
                                                                       parser_class=parser_class, required=True)
    rotate = key_actions.add_parser("rotate", help="replace the key, announcing the new one to every peer",
                                    description="Make a new key; a record signed by the old key announces it.")
    _data(rotate)
    revoke = key_actions.add_parser("revoke", help="refuse an old key's records after a sequence number",
                                    description="Revoke one of this node's old keys (rotate first).")
    _data(revoke)
    revoke.add_argument("key", metavar="PUBLIC_KEY", help="the old public key, 64 hexadecimal digits")
    revoke.add_argument("--after-seq", type=int, required=True, dest="after_seq",
                        help="the last sequence number known to be genuine")
    revoke.add_argument("--reason", choices=["compromised", "lost", "superseded"], required=True)


def _run(args: argparse.Namespace, env: Mapping[str, str], work: Callable[[Services], object], *,
         alone: bool = False) -> int:
    """Run ``work`` with the node's services; ``alone`` refuses while ``ncen serve`` runs on the directory."""
    config: Config = load_config({"data_dir": args.data_dir}, env)

    async def main() -> object:
        async with open_services(config, SystemClock()) as services:
            result = work(services)
            return await result if asyncio.iscoroutine(result) else result

    if not alone:
        outcome = asyncio.run(main())
    else:
        with exclusive(config.data_dir, "the node is running: stop ncen serve first (it would keep signing with "
                                        "the key this command replaces)"):
            outcome = asyncio.run(main())
    return int(outcome) if isinstance(outcome, int) else 0


def cmd_peer_add(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Import a card."""
    try:
        raw = sys.stdin.buffer.read() if args.card == "-" else Path(args.card).read_bytes()
    except OSError as exc:
        raise DataDirError(f"cannot read {args.card}: {exc.strerror or exc}") from exc

    async def work(services: Services) -> int:
        actor = command_line_actor()
        peer = await services.exchange.peers.add_card(actor, raw)
        print(f"Added {peer.name} ({peer.country}, {peer.role}) as peer {peer.id}, pending confirmation.")
        print(f"Fingerprint: {peer.owner}")
        if args.confirm:
            await services.exchange.peers.confirm(actor, peer.id, args.confirm)
            print(f"Paired with {peer.name}.")
        else:
            print(f"Compare it with {peer.name}, then run: ncen peer confirm {peer.id} <FINGERPRINT>")
        return 0

    return _run(args, env, work)


def cmd_peer_confirm(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Confirm a pending peer."""

    async def work(services: Services) -> int:
        peer = await services.exchange.peers.confirm(command_line_actor(), args.peer_id, args.fingerprint)
        print(f"Paired with {peer.name}.")
        return 0

    return _run(args, env, work)


def cmd_peer_list(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """List peers."""

    async def work(services: Services) -> int:
        print(f"{'ID':>3} {'NAME':<28} {'CC':<3} {'ROLE':<9} {'STATUS':<8} {'IN':>6} {'OUT':>6} "
              f"{'LAST SYNC':<27} FINGERPRINT")
        for status in await services.exchange.peers.statuses(command_line_actor()):
            peer = status.peer
            print(f"{peer.id:>3} {peer.name[:28]:<28} {peer.country:<3} {peer.role:<9} {peer.status:<8} "
                  f"{status.backlog_in:>6} {status.backlog_out:>6} {peer.last_success_at or '-':<27} "
                  f"{status.fingerprint}")
        return 0

    return _run(args, env, work)


def cmd_peer_remove(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Remove a peer."""

    async def work(services: Services) -> int:
        await services.exchange.peers.remove(command_line_actor(), args.peer_id)
        print(f"Peer {args.peer_id} removed.")
        return 0

    return _run(args, env, work)


def cmd_sync(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Pull once from peers; exit 1 if any round failed."""

    async def work(services: Services) -> int:
        results = await services.exchange.sync.sync_once(args.peer_id)
        if not results:
            print("No paired peer to sync with.")
        failed = 0
        for result in results:
            peer = await services.exchange.peers.get(result.peer_id)
            if result.ok:
                print(f"{peer.name}: {result.applied} applied, {result.duplicates} already held, "
                      f"{result.refused} refused, {result.evidence} kept as evidence, "
                      f"{result.attachments} attachments, {result.pages} pages")
            else:
                failed += 1
                print(f"{peer.name}: failed: {result.error}", file=sys.stderr)
        return 1 if failed else 0

    return _run(args, env, work)


def cmd_keys_rotate(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Rotate the node's key."""

    async def work(services: Services) -> int:
        rotation = await services.exchange.keys.rotate(command_line_actor())
        print(f"Rotated the key: {rotation.old_fingerprint} -> {rotation.new_fingerprint} (announced at sequence "
              f"{rotation.seq}). Peers learn it at their next sync; give them the new card for their records.")
        return 0

    return _run(args, env, work, alone=True)


def cmd_keys_revoke(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Revoke an old key."""

    async def work(services: Services) -> int:
        seq = await services.exchange.keys.revoke(command_line_actor(), args.key, args.after_seq, args.reason)
        print(f"Revoked {args.key[:16]}… after sequence {args.after_seq} (announced at sequence {seq}).")
        return 0

    return _run(args, env, work, alone=True)


COMMANDS = {
    "peer add": cmd_peer_add, "peer confirm": cmd_peer_confirm, "peer list": cmd_peer_list,
    "peer remove": cmd_peer_remove, "sync": cmd_sync, "keys rotate": cmd_keys_rotate,
    "keys revoke": cmd_keys_revoke,
}
