"""Importing seizure cases from CSV: stream the file, group a case's rows, write batches, report progress.

The file is read and its cases checked ahead of the writer (``node.services.seizure_batches``: a worker process
for a large file, a thread otherwise); each batch is then written in one transaction. Errors name the source
row (1 = the first row after the header) and the column as the file names it. See docs/import.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from node.clock import Clock
from node.collector import collector_deferred
from node.errors import Message
from node.services.actor import Actor
from node.services.audit import AuditService
from node.services.permissions import Permission
from node.services.seizure_batches import open_batches
from node.services.seizure_import_reader import BATCH_SIZE, CaseReader, Pending, locate  # noqa: F401 - re-exported
from node.services.seizure_mapping import Mapping
from node.services.seizures import ImportReport, SeizureService

log = logging.getLogger(__name__)

# Batches are checked in a thread, but each is written in one transaction that other writers wait for:
# smaller batches keep a node that serves users responsive during an upload, at a small cost in throughput.
SERVED_BATCH_SIZE = 250
MAX_ERRORS = 1000
OPTIMIZE_AFTER = 50_000  # cases written by one import after which the full-text index is compacted
COLLECT_EVERY_BATCHES = 20  # batches between two runs of the cycle collector during an import (node/collector.py)


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import has gone."""

    rows: int
    cases: int
    bytes_read: int
    bytes_total: int  # 0 when unknown
    seconds: float
    report: ImportReport

    @property
    def rate(self) -> float:
        """Return cases per second so far."""
        return self.cases / self.seconds if self.seconds > 0 else 0.0


@dataclass(slots=True)
class ImportResult:
    """What an import did: the counts, the first errors (row numbers and columns), and how long it took."""

    name: str
    dry_run: bool
    rows: int = 0
    cases: int = 0
    seconds: float = 0.0
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def rate(self) -> float:
        """Return cases per second."""
        return self.cases / self.seconds if self.seconds > 0 else 0.0


async def import_seizures(service: SeizureService, audit: AuditService, actor: Actor, source: IO[bytes], *,
                          clock: Clock, name: str, mapping: Mapping | None = None, dry_run: bool = False,
                          batch_size: int = BATCH_SIZE, max_errors: int = MAX_ERRORS,
                          progress: Callable[[ImportProgress], None] | None = None) -> ImportResult:
    """Import a CSV file of cases (created, updated or unchanged by reference), audited; see docs/import.md.

    Raises ``ImportRefused`` before anything is written when the file or mapping cannot be read at all.
    """
    actor.require(Permission.IMPORT_RECORDS)
    # Checked ahead of the writer: in a worker process for a large file on disk, else in a thread.
    batches = await open_batches(source, mapping, service.lists_snapshot(), service.latest_date(), batch_size)
    result = ImportResult(name, dry_run)
    started = clock.monotonic()
    stopped = ""
    try:
        with collector_deferred(every=COLLECT_EVERY_BATCHES) as collect:
            while (batch := await batches.next()) is not None:
                report = await service.write_batch(actor, batch.checked, dry_run=dry_run)
                if report.errors:
                    line_rows = dict(batch.spans)
                    report.errors = [(*locate(rows, line_rows[rows], path, mapping), message)
                                     for rows, path, message in report.errors]
                result.report.add(report, max_errors=max_errors)
                result.cases += len(batch.spans)
                result.rows = batch.rows_read
                result.seconds = clock.monotonic() - started
                collect()
                if progress:
                    progress(ImportProgress(result.rows, result.cases, batch.bytes_read, batches.bytes_total,
                                            result.seconds, result.report))
            if not dry_run and result.report.created + result.report.updated >= OPTIMIZE_AFTER:
                await service.optimize_search()
    except BaseException as exc:
        stopped = f"; stopped at row {batches.rows_read}: {exc}"
        raise
    finally:
        await batches.close()
        result.rows = max(result.rows, batches.rows_read)
        result.seconds = clock.monotonic() - started
        r = result.report
        await audit.record(actor, "seizure.import_dry_run" if dry_run else "seizure.import", "seizure", "",
                           f"{name}: {result.rows} rows, {r.created} created, {r.updated} updated, "
                           f"{r.unchanged} unchanged, {r.failed} failed{stopped}")
    log.info("imported %s: %d cases in %.1f s", name, result.cases, result.seconds)
    return result


def error_lines(result: ImportResult, limit: int, render: Callable[[Message], str] = Message.render) -> list[str]:
    """Return the first row errors as lines such as ``row 17, quantity: Enter a number such as 12.5.``."""
    lines = []
    for rows, column, message in result.report.errors[:limit]:
        where = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[0]}-{rows[-1]}"
        lines.append(f"{where}, {column}: {render(message)}" if column else f"{where}: {render(message)}")
    return lines
