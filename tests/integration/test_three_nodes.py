"""Three real ``ncen serve`` processes on loopback pair through their cards with the CLI, then exchange cases
shared through the HTTP API: each record reaches exactly its audience."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_serve_process import free_port, wait_for_health
from tests.node.seizures.conftest import CASE


@dataclass
class Proc:
    """One node of the scenario: its directory, port and environment."""

    name: str
    country: str
    data: Path
    port: int

    @property
    def env(self) -> dict[str, str]:
        # The same port for every command, so the card printed names the address the node serves at.
        return {**os.environ, "NCEN_ADMIN_PASSWORD": "three-nodes-password", "NCEN_PORT": str(self.port),
                "NCEN_LOG_LEVEL": "WARNING"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "node", *args, "--data", str(self.data)]


def run_all(commands: list[tuple[Proc, list[str]]]) -> list[str]:
    """Run commands side by side (one per node at most) and return their standard outputs."""
    started = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=node.env)
               for node, cmd in commands]
    outputs = []
    for process, (_, cmd) in zip(started, commands, strict=True):
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, (cmd, out, err)
        outputs.append(out)
    return outputs


def api(node: Proc, token: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(f"{node.url}/api/v1{path}", method=method,  # noqa: S310 - loopback test URL
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback test URL
        return json.loads(response.read())


def held(node: Proc) -> dict[bytes, tuple[str, bytes]]:
    """Return the records a node holds (id -> owner, wire), read from its database file."""
    conn = sqlite3.connect(node.data / "ncen.db")
    try:
        return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, owner, wire FROM records WHERE type = "
                                                                 "'seizure'")}
    finally:
        conn.close()


@pytest.mark.slow
def test_three_serving_nodes_pair_with_cards_and_records_reach_exactly_their_audience(tmp_path: Path) -> None:
    alpha, bravo, charlie = nodes = [Proc(name, country, tmp_path / name, free_port())
                                     for name, country in (("Namibia Customs", "NA"), ("South Africa Customs", "ZA"),
                                                           ("Botswana Customs", "BW"))]
    run_all([(n, n.command("init", "--name", n.name, "--country", n.country)) for n in nodes])
    servers = [subprocess.Popen(n.command("serve"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=n.env) for n in nodes]
    try:
        for node, server in zip(nodes, servers, strict=True):
            assert wait_for_health(f"{node.url}/healthz", server)["status"] == "ok"

        # Pairing while the nodes serve: card to file, import, confirm with the fingerprint read out of band.
        cards = {}
        for node, out in zip(nodes, run_all([(n, n.command("card")) for n in nodes]), strict=True):
            cards[node.name] = json.loads(out)
            assert cards[node.name]["url"] == node.url
            (tmp_path / f"{node.country}.json").write_text(out)
        peer_ids: dict[tuple[str, str], int] = {}
        for round_ in ((alpha, bravo), (bravo, charlie), (charlie, alpha)), ((alpha, charlie), (bravo, alpha),
                                                                             (charlie, bravo)):
            outputs = run_all([(this, this.command("peer", "add", str(tmp_path / f"{other.country}.json"),
                                                   "--confirm", cards[other.name]["fingerprint"]))
                               for this, other in round_])
            for (this, other), out in zip(round_, outputs, strict=True):
                assert f"Paired with {other.name}" in out, out
                peer_ids[(this.name, other.name)] = int(out.split(" as peer ")[1].split(",")[0])

        token = run_all([(alpha, alpha.command("user", "token", "admin"))])[0].strip()
        only_bravo = api(alpha, token, "POST", "/seizures", {**CASE, "reference": "NA/WVB/2026/0101"})["id"]
        everyone = api(alpha, token, "POST", "/seizures", {**CASE, "reference": "NA/WVB/2026/0102"})["id"]
        api(alpha, token, "POST", f"/seizures/{only_bravo}/share",
            {"peer_ids": [peer_ids[(alpha.name, bravo.name)]], "handling": "amber"})
        api(alpha, token, "POST", f"/seizures/{everyone}/share", {"all_paired": True, "handling": "green"})

        run_all([(n, n.command("sync")) for n in (bravo, charlie)])
        at_bravo, at_charlie, at_alpha = held(bravo), held(charlie), held(alpha)
        assert set(at_bravo) == {uuid.UUID(only_bravo).bytes, uuid.UUID(everyone).bytes}
        assert set(at_charlie) == {uuid.UUID(everyone).bytes}
        for record_id, (owner, wire) in at_bravo.items():
            assert owner == cards[alpha.name]["fingerprint"] and wire == at_alpha[record_id][1]  # verbatim

        listing = run_all([(bravo, bravo.command("peer", "list"))])[0]
        assert "Namibia Customs" in listing and "paired" in listing
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            try:
                _, err = server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                raise
            assert server.returncode == 0 and "Traceback" not in err, err
