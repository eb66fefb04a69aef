"""Built-in reference data agrees with the published lists it was derived from."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from node.errors import Conflict
from node.refdata.hs import CHAPTERS, builtin_headings
from node.refdata.service import parse_hs_csv


def published_hs(shared_data: Path) -> dict[str, set[str]]:
    levels: dict[str, set[str]] = {"2": set(), "4": set()}
    with (shared_data / "ref" / "harmonized-system.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] in levels and not row["hscode"].startswith("99"):
                levels[row["level"]].add(row["hscode"])
    return levels


def test_built_in_chapters_and_headings_match_hs_2022(shared_data: Path) -> None:
    published = published_hs(shared_data)
    assert set(CHAPTERS) == published["2"]
    assert builtin_headings() == published["4"]


def test_hs_import_checks_structure(shared_data: Path) -> None:
    codes = parse_hs_csv((shared_data / "ref" / "harmonized-system.csv").read_bytes())
    assert {c.level for c in codes} == {2, 4, 6}
    with pytest.raises(Conflict, match="parent of 010121 should be 0101"):
        parse_hs_csv(b"hscode,description,parent,level\n01,a,TOTAL,2\n0101,b,01,4\n010121,c,0102,6\n")
    with pytest.raises(Conflict, match="not UTF-8"):
        parse_hs_csv("hscode,description,parent,level\n01,Ã©,TOTAL,2\n".encode("utf-16"))
    with pytest.raises(Conflict, match="no 6-digit"):
        parse_hs_csv(b"hscode,description,parent,level\n01,a,TOTAL,2\n")
