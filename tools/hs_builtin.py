"""Derive the compact table of HS headings built into ncen from an HS nomenclature CSV.

    python -m tools.hs_builtin ../shared/data/ref/harmonized-system.csv

prints the ``HEADINGS`` table for node/refdata/hs.py: for each chapter, its last heading number and the
numbers skipped below it. Only codes travel into the project (no descriptions); a test checks the table
against the shared file, and administrators load the full nomenclature with ``ncen refdata import hs``.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict


def main(path: str) -> None:
    """Print the table."""
    headings: dict[str, set[int]] = defaultdict(set)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["hscode"].strip()
            if len(code) == 4 and code.isdigit() and code[:2] != "99":
                headings[code[:2]].add(int(code[2:]))
    print("HEADINGS: dict[str, tuple[int, tuple[int, ...]]] = {")
    line = "   "
    for chapter in sorted(headings):
        numbers = headings[chapter]
        gaps = tuple(n for n in range(1, max(numbers) + 1) if n not in numbers)
        entry = f' "{chapter}": ({max(numbers)}, {gaps!r}),'.replace(",)", ",)")
        if len(line) + len(entry) > 116:
            print(line)
            line = "   "
        line += entry
    print(line)
    print("}")


if __name__ == "__main__":
    main(sys.argv[1])
