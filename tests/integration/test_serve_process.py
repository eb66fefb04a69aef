"""A real ``ncen serve`` process: initialises itself, answers, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen[str], timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"ncen serve exited early: {process.communicate()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback test URL
                return json.loads(response.read())
        except OSError:
            time.sleep(0.1)
    raise AssertionError("ncen serve did not answer in time")


def test_serve_initialises_an_empty_directory_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "ncen-data"
    env = {**os.environ, "NCEN_ADMIN_PASSWORD": "integration-password"}
    process = subprocess.Popen([sys.executable, "-m", "node", "serve", "--data", str(data), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        health = wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        assert health["status"] == "ok" and health["role"] == "national"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
            assert b"Sign in" in response.read()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Initialised a new node" in out and f"serving at http://127.0.0.1:{port}/" in out
    assert "ncen stopped." in out and "Traceback" not in err
    assert (data / "ncen.db").exists() and (data / "logs" / "ncen.log").exists()
    assert "integration-password" not in (data / "logs" / "ncen.log").read_text() + out + err


def test_a_second_server_and_a_key_rotation_are_refused_while_the_node_serves(tmp_path: Path) -> None:
    data = tmp_path / "ncen-data"
    env = {**os.environ, "NCEN_ADMIN_PASSWORD": "integration-password"}
    command = [sys.executable, "-m", "node"]
    port = free_port()
    process = subprocess.Popen([*command, "serve", "--data", str(data), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_for_health(f"http://127.0.0.1:{port}/healthz", process)
        key = (data / "keys" / "node.key").read_bytes()
        second = subprocess.run([*command, "serve", "--data", str(data), "--port", str(free_port())],
                                capture_output=True, text=True, env=env, timeout=60, check=False)
        assert second.returncode != 0 and "another ncen serve is already running" in second.stderr
        rotate = subprocess.run([*command, "keys", "rotate", "--data", str(data)],
                                capture_output=True, text=True, env=env, timeout=60, check=False)
        assert rotate.returncode != 0 and "stop ncen serve first" in rotate.stderr, rotate.stderr
        assert "Traceback" not in second.stderr + rotate.stderr
        assert (data / "keys" / "node.key").read_bytes() == key  # the running node's key is untouched
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    rotated = subprocess.run([*command, "keys", "rotate", "--data", str(data)],
                             capture_output=True, text=True, env=env, timeout=60, check=False)
    assert rotated.returncode == 0 and "Rotated the key" in rotated.stdout, rotated.stderr
