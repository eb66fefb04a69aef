"""docs/performance.md: each benchmark rewrites its own ``## …`` section and keeps the others."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
ANALYSIS = "### Analysis"  # hand-written; kept when the measurements are rewritten
HEADER = "# Performance\n\nMeasurements of ncen on the project's reference machine.\n\n"


def write_section(section: str, text: str, doc: Path = DOC) -> None:
    """Write or replace ``section`` (e.g. ``## Sync``) with ``text``, keeping every other section.

    A hand-written ``### Analysis`` subsection of the old section is kept, after the new measurements.
    """
    current = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    start = current.find(f"\n{section}\n")
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        following = re.search(r"\n## (?!#)", current[start + len(section) + 2:])
        end = start + len(section) + 2 + following.start() + 1 if following else len(current)
        analysis = current.find(f"\n{ANALYSIS}\n", start, end)
        kept = current[analysis + 1:end].rstrip("\n") + "\n" if analysis != -1 else ""
        updated = current[:start + 1] + text + ("\n" + kept if kept else "") + \
            ("\n" + current[end:] if following else "")
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")
