"""``ncen import seizures`` and ``ncen refdata import hs``: summaries, row errors, exit codes, one-line failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from node.cli import main
from tests.node.seizures.test_import import LEGACY, native_csv, variants

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), {})
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, fragment: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and "Traceback" not in err
    assert len(lines) == 1 and lines[0].startswith("ncen: error: ") and fragment in lines[0], err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "data"
    code, _, err = run(capsys, "init", "--data", str(directory), "--name", "Namibia Customs", "--country", "NA")
    assert code == 0, err
    return directory


def cases_in(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / "ncen.db") as db:
        return dict(db.execute("SELECT reference, revision FROM seizures").fetchall())


def test_import_prints_a_summary_and_is_idempotent(capsys: pytest.CaptureFixture[str], data: Path,
                                                   tmp_path: Path, case_data: dict[str, Any]) -> None:
    source = tmp_path / "cases.csv"
    source.write_bytes(native_csv(*variants(case_data, 30)))
    code, out, err = run(capsys, "import", "seizures", str(source), "--data", str(data))
    assert (code, err) == (0, "")
    assert out.startswith("Imported cases.csv: 45 rows, 30 cases in ")
    assert out.rstrip().endswith("30 created, 0 updated, 0 unchanged, 0 failed.")
    code, out, _ = run(capsys, "import", "seizures", str(source), "--data", str(data))
    assert code == 0 and "0 created, 0 updated, 30 unchanged, 0 failed." in out
    assert len(cases_in(data)) == 30 and set(cases_in(data).values()) == {1}


def test_a_legacy_import_with_mapping_and_dry_run(capsys: pytest.CaptureFixture[str], data: Path,
                                                  tmp_path: Path) -> None:
    mapping = str(EXAMPLES / "legacy-mapping.toml")
    legacy = str(EXAMPLES / "legacy-seizures.csv")
    code, out, _ = run(capsys, "import", "seizures", legacy, "--mapping", mapping, "--dry-run", "--data", str(data))
    assert code == 0 and out.startswith("Dry run of legacy-seizures.csv, nothing written: 5 rows, 4 cases would be "
                                        "4 created")
    assert cases_in(data) == {}
    broken = tmp_path / "broken.csv"
    broken.write_bytes(LEGACY.replace(b'"52,4"', b"heaps").replace(b"CSQU3054383", b"CSQU3054384"))
    code, out, _ = run(capsys, "import", "seizures", str(broken), "--mapping", mapping, "--data", str(data))
    lines = out.splitlines()
    assert code == 1 and "3 created, 0 updated, 0 unchanged, 1 failed." in lines[0]
    assert lines[1:] == ["row 1, Qty: Enter a number such as 12.5.",
                         "rows 1-2, Container: The check digit of CSQU3054384 is wrong: it should be 3 (ISO 6346)."]
    assert sorted(cases_in(data)) == ["LEG/ARI-0004", "LEG/HKIA-0002", "LEG/HKIA-0003"]
    code, out, _ = run(capsys, "import", "seizures", str(broken), "--mapping", mapping, "--show-errors", "1",
                       "--data", str(data))
    assert code == 1 and out.splitlines()[2] == "… and 1 more row errors (--show-errors N shows more)."
    contradicting = tmp_path / "contradicting.csv"
    contradicting.write_bytes(LEGACY.replace(b"CSQU3054383,2402", b"CSQU3054384,2402"))
    code, out, _ = run(capsys, "import", "seizures", str(contradicting), "--mapping", mapping, "--dry-run",
                       "--data", str(data))
    assert code == 1 and out.splitlines()[1] == (
        "rows 1-2, Container: Row 2 differs here from the first row of its case; the rows of one case repeat "
        "its fields or leave them empty.")


def test_import_failures_are_one_line(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", "seizures", str(tmp_path / "nope.csv"), "--data", str(data))
    assert_one_line_error(code, err, "cannot read the file")
    cp1252 = tmp_path / "old.csv"
    cp1252.write_bytes("reference,narrative\nR1,caf\xe9\n".encode("latin-1"))
    code, _, err = run(capsys, "import", "seizures", str(cp1252), "--data", str(data))
    assert_one_line_error(code, err, "The file is not UTF-8 text (line 2)")
    bad_mapping = tmp_path / "map.toml"
    bad_mapping.write_text('reference = "Case No"\n[columns]\n"Qty" = "qty"\n')
    code, _, err = run(capsys, "import", "seizures", str(EXAMPLES / "legacy-seizures.csv"), "--mapping",
                       str(bad_mapping), "--data", str(data))
    assert_one_line_error(code, err, "Key columns.Qty of the mapping file names qty, which is not a native column")
    bad_mapping.write_text('reference = "Case Number"\n')
    code, _, err = run(capsys, "import", "seizures", str(EXAMPLES / "legacy-seizures.csv"), "--mapping",
                       str(bad_mapping), "--data", str(data))
    assert_one_line_error(code, err, "The file has no column Case Number, which the mapping file names.")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "import", "seizures", str(empty), "--data", str(data))
    assert_one_line_error(code, err, "The file is empty.")
    code, _, err = run(capsys, "import", "seizures", str(empty), "--data", str(tmp_path / "no-node"))
    assert_one_line_error(code, err, "holds no ncen node")
    code, _, err = run(capsys, "import", "stamps", str(empty))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "invalid choice" in err
    assert cases_in(data) == {}


def test_refdata_import_hs_loads_the_nomenclature(capsys: pytest.CaptureFixture[str], data: Path,
                                                  shared_data: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, "refdata", "import", "hs", str(shared_data / "ref" / "harmonized-system.csv"),
                         "--data", str(data))
    assert (code, err) == (0, "")
    assert out.startswith("Loaded 6,939 HS codes from harmonized-system.csv: 97 chapters, ")
    with sqlite3.connect(data / "ncen.db") as db:
        assert db.execute("SELECT count(*) FROM hs_codes WHERE level = 6").fetchone()[0] > 5000
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'refdata.import_hs'").fetchone()[0] == 1
    code, _, err = run(capsys, "refdata", "import", "hs", str(EXAMPLES / "legacy-seizures.csv"), "--data", str(data))
    assert_one_line_error(code, err, "The CSV needs the columns hscode, description, parent, level.")
    code, _, err = run(capsys, "refdata", "import", "hs", str(tmp_path / "missing.csv"), "--data", str(data))
    assert_one_line_error(code, err, "cannot read the file")
    code, _, err = run(capsys, "refdata", "import", "--data", str(data))
    assert code == 2 and "ncen refdata import" in err


def test_help_explains_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", "seizures", "--help")
    assert code == 0 and "--mapping MAP.toml" in out and "--dry-run" in out and "Exit code 0" in out
    code, out, _ = run(capsys, "refdata", "import", "hs", "--help")
    assert code == 0 and "hscode, description, parent and level" in out
