"""The ``ncen`` command line: every command, and one clear line on stderr for every failure."""

from __future__ import annotations

import io
import json
import socket
import sqlite3
import stat
from pathlib import Path

import pytest

from node.cli import main
from node.cli.parser import build_parser


def run(capsys: pytest.CaptureFixture[str], *argv: str, env: dict[str, str] | None = None,
        stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv), env or {})
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, fragment: str) -> None:
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert fragment in lines[0], lines[0]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def init(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    code, out, err = run(capsys, "init", "--data", str(data), "--name", "Namibia Customs", "--country", "NA")
    assert code == 0, err
    return out


def test_init_creates_a_node_and_prints_the_administrators_one_time_password(
        capsys: pytest.CaptureFixture[str], data: Path) -> None:
    out = init(capsys, data)
    assert "Administrator: admin" in out and "One-time password:" in out
    assert (data / "ncen.db").exists() and (data / "ncen.toml").exists() and (data / "attachments").is_dir()
    assert stat.S_IMODE((data / "keys" / "node.key").stat().st_mode) == 0o600


def test_init_uses_the_admin_password_from_the_environment(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, "init", "--data", str(data), "--name", "X", "--country", "KE",
                       env={"NCEN_ADMIN_PASSWORD": "a-long-chosen-password"})
    assert code == 0 and "NCEN_ADMIN_PASSWORD" in out and "One-time" not in out


def test_init_on_an_existing_node_refuses_and_changes_nothing(capsys: pytest.CaptureFixture[str],
                                                              data: Path) -> None:
    init(capsys, data)
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file() and "logs" not in p.parts}
    code, _, err = run(capsys, "init", "--data", str(data), "--name", "Other", "--country", "ZA")
    assert_one_line_error(code, err, "already holds an ncen node; nothing was changed")
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file() and "logs" not in p.parts}
    assert before == after


@pytest.mark.parametrize(("argv", "fragment"), [
    (["init", "--name", "X", "--country", "XX"], "country: Choose a country"),
    (["init", "--name", "", "--country", "NA"], "name: Enter the administration's name"),
    (["init", "--name", "X", "--country", "NA", "--role", "emperor"], "invalid choice: 'emperor'"),
    (["init", "--name", "X"], "the following arguments are required: --country"),
])
def test_init_rejects_bad_arguments(capsys: pytest.CaptureFixture[str], data: Path, argv: list[str],
                                    fragment: str) -> None:
    code, _, err = run(capsys, *argv, "--data", str(data))
    assert_one_line_error(code, err, fragment)
    assert not (data / "ncen.db").exists()


def test_unwritable_data_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    code, _, err = run(capsys, "init", "--data", str(blocker / "data"), "--name", "X", "--country", "NA")
    assert_one_line_error(code, err, "is not writable")


def test_unknown_command_and_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "launch")
    assert_one_line_error(code, err, "invalid choice: 'launch'")
    code, _, err = run(capsys, "card", "--colour", "red")
    assert_one_line_error(code, err, "unrecognized arguments: --colour red")
    assert code == 2


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = [["--help"], ["init", "--help"], ["serve", "--help"], ["user", "--help"], ["card", "--help"],
                ["backup", "--help"], ["restore", "--help"]]
    for action in ("add", "list", "disable", "enable", "passwd", "token"):
        commands.append(["user", action, "--help"])
    for argv in commands:
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out.startswith("usage: ncen"), argv
    assert parser.prog == "ncen"


def test_corrupt_config_file(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    init(capsys, data)
    (data / "ncen.toml").write_text("port = [unclosed\n")
    code, _, err = run(capsys, "card", "--data", str(data))
    assert_one_line_error(code, err, "ncen.toml is not valid TOML")


def test_database_from_a_newer_version(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    init(capsys, data)
    conn = sqlite3.connect(data / "ncen.db")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "user", "list", "--data", str(data))
    assert_one_line_error(code, err, "database schema version 999 is newer than this ncen supports")


def test_commands_on_a_directory_without_a_node(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, _, err = run(capsys, "user", "list", "--data", str(data))
    assert_one_line_error(code, err, "holds no ncen node; run 'ncen init")


def test_card_prints_the_nodes_card(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    init(capsys, data)
    code, out, _ = run(capsys, "card", "--data", str(data))
    card = json.loads(out)
    assert code == 0
    assert card["name"] == "Namibia Customs" and card["country"] == "NA" and card["role"] == "national"
    assert len(card["public_key"]) == 64 and card["url"] == "http://127.0.0.1:8080"
    assert len(card["fingerprint"].split("-")) == 6


def test_user_lifecycle(capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init(capsys, data)
    code, out, _ = run(capsys, "user", "add", "amina", "--role", "officer", "--display-name", "Amina K",
                       "--data", str(data))
    assert code == 0 and "One-time password:" in out
    code, out, _ = run(capsys, "user", "add", "jean", "--role", "analyst", "--password-stdin", "--data", str(data),
                       stdin="correct horse battery\n", monkeypatch=monkeypatch)
    assert code == 0 and "One-time" not in out
    code, _, err = run(capsys, "user", "add", "amina", "--role", "officer", "--data", str(data))
    assert_one_line_error(code, err, "A user named amina already exists")
    code, _, err = run(capsys, "user", "add", "bob", "--role", "officer", "--password-stdin", "--data", str(data),
                       stdin="short\n", monkeypatch=monkeypatch)
    assert_one_line_error(code, err, "password: Use at least 10 characters")

    code, out, _ = run(capsys, "user", "disable", "amina", "--data", str(data))
    assert code == 0 and "disabled" in out
    code, out, _ = run(capsys, "user", "list", "--data", str(data))
    lines = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert lines["amina"][1:3] == ["officer", "disabled"] and lines["jean"][1:3] == ["analyst", "active"]
    code, out, _ = run(capsys, "user", "enable", "amina", "--data", str(data))
    assert code == 0 and "enabled" in out
    code, out, _ = run(capsys, "user", "passwd", "amina", "--data", str(data))
    assert code == 0 and "One-time password for amina" in out
    code, out, _ = run(capsys, "user", "token", "amina", "--label", "script", "--data", str(data))
    assert code == 0 and out.strip().startswith("ncen_")
    code, _, err = run(capsys, "user", "disable", "nobody", "--data", str(data))
    assert_one_line_error(code, err, "There is no user named nobody")


def test_the_last_administrator_cannot_be_disabled(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    init(capsys, data)
    code, _, err = run(capsys, "user", "disable", "admin", "--data", str(data))
    assert_one_line_error(code, err, "at least one active administrator")


def test_serve_on_an_occupied_port_fails_before_creating_anything(capsys: pytest.CaptureFixture[str],
                                                                 data: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(capsys, "serve", "--data", str(data), "--port", str(port))
    assert_one_line_error(code, err, f"cannot listen on 127.0.0.1:{port}: the port is already in use")
    assert not data.exists()


def test_backup_and_restore_errors(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    init(capsys, data)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    code, _, err = run(capsys, "backup", "--data", str(data), str(tmp_path / "full"))
    assert_one_line_error(code, err, "is not empty")
    code, _, err = run(capsys, "restore", str(tmp_path / "full"), "--data", str(tmp_path / "new"))
    assert_one_line_error(code, err, "is not an ncen backup")
    code, out, _ = run(capsys, "backup", "--data", str(data), str(tmp_path / "bk"))
    assert code == 0 and "Backed up" in out
    code, _, err = run(capsys, "restore", str(tmp_path / "bk"), "--data", str(data))
    assert_one_line_error(code, err, "is not empty")
    db = tmp_path / "bk" / "ncen.db"
    db.write_bytes(db.read_bytes()[:-1] + b"\x01")
    code, _, err = run(capsys, "restore", str(tmp_path / "bk"), "--data", str(tmp_path / "new"))
    assert_one_line_error(code, err, "backup is damaged: ncen.db does not match its checksum")
    assert not (tmp_path / "new" / "ncen.db").exists()


def test_readme_lists_every_command(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in subcommands.items():
        nested = [a for a in sub._actions if a.dest == "user_command"]
        names = [f"ncen {name} {child}" for child in nested[0].choices] if nested else [f"ncen {name}"]
        for full in names:
            assert f"`{full}" in readme, f"README's command table lacks {full}"
