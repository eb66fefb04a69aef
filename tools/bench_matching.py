"""Benchmark matching: bulk import of persons and entities with matching, then proposals for new records.

    python -m tools.bench_matching --persons 1000000 --entities 200000 [--data DIR] [--keep] [--batch 2000]

A fresh node (``init_node``) in a new data directory. Realistic multicultural records from
``tools.gen_suspects`` are imported through ``SuspectService.import_batch``: worker processes check each chunk of a
batch and match it against a snapshot of the database (blocking keys, then the scorer) while the writer stores the
previous chunk in one transaction, re-scoring what changed since the snapshot, with keys, search words and
proposals. The rate counts import time only
(generation apart), over the whole import and over its last batches, when the database is nearly full size; a
further batch is imported into the full database. Then, one at a time, proposals for new records (a third of
them other descriptions of stored records, so that matches exist) through ``propose_person_matches`` and
``propose_entity_matches``, the service methods that records received from other administrations will call:
latency percentiles, candidates read per record, proposals found. Writes the ``## Matching`` section of
docs/performance.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import secrets
import shlex
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random
from typing import Any

from node.clock import SystemClock
from node.config import Config
from node.datadir import init_node
from node.runtime import Services, open_services
from node.services.actor import Actor, command_line_actor
from node.services.suspect_kinds import ENTITIES, PERSONS, KindRules
from node.services.suspect_matching import STOP_KEY
from node.services.suspects import SuspectService
from store import suspect_matches as match_repo
from tools.gen_suspects import Generator
from tools.perfdoc import write_section

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Matching"
TARGET_P95_MS = 100.0
TARGET_IMPORT_RATE = 2000.0
KEEP_EVERY = 97  # keep every 97th imported record to describe again in the probes
LOADS: list[float] = []  # one-minute load averages seen during the run: other work on the machine shows here


@dataclass(slots=True)
class KindResult:
    """What was measured for one kind of record."""

    label: str
    count: int
    created: int = 0
    failed: int = 0
    matched: int = 0
    import_s: float = 0.0
    tail_count: int = 0
    tail_s: float = 0.0  # the last tenth of the batches, against a nearly full database
    tail_cpu: tuple[float, float] = (0.0, 0.0)  # CPU seconds of the node process and of the import's worker
    extra_count: int = 0
    extra_s: float = 0.0  # a further batch into the full database
    generate_s: float = 0.0
    latencies: list[float] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    found: list[int] = field(default_factory=list)
    skipped_keys: int = 0
    # Records to describe again in the probes, as JSON text: one object each, not dozens. A full run of the cycle
    # collector walks every container object in the process, and the probes should time the node's, not ours.
    kept: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Return records imported per second of import time."""
        return self.created / self.import_s if self.import_s else 0.0


def cpu_seconds(service: SuspectService) -> tuple[float, float]:
    """Return the CPU seconds used so far by this process and by the service's import worker process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    worker = 0.0
    pool = getattr(service, "_workers", None)  # a benchmark may look inside: nothing imports tools
    for pid in (getattr(pool, "_processes", None) or {}):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            worker += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return usage.ru_utime + usage.ru_stime, worker


def percentile(values: Sequence[float], share: float) -> float:
    """Return a percentile by the nearest-rank method (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def peak_rss_mb() -> float:
    """Return the peak resident set size of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """Describe the machine: CPU model and count, memory, Python and SQLite versions."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{os.cpu_count()} cores ({model}){memory}, Python {platform.python_version()}, " \
           f"SQLite {sqlite3.sqlite_version}"


async def import_kind(service: SuspectService, actor: Actor, make: Any, result: KindResult, *, batch: int) -> None:
    """Import ``result.count`` generated records in batches, timing generation and import apart."""
    tail_from = result.count - max(batch, result.count // 10)
    done = 0
    last_report = time.perf_counter()
    while done < result.count:
        started = time.perf_counter()
        items = [make() for _ in range(min(batch, result.count - done))]
        result.kept += [json.dumps(item) for item in items[::KEEP_EVERY]]
        result.generate_s += time.perf_counter() - started
        before, cpu_before = time.perf_counter(), cpu_seconds(service)
        report = await service.import_batch(actor, items, first=done)
        spent = time.perf_counter() - before
        cpu_after = cpu_seconds(service)
        result.import_s += spent
        if done >= tail_from:
            result.tail_count += report.created
            result.tail_s += spent
            result.tail_cpu = (result.tail_cpu[0] + cpu_after[0] - cpu_before[0],
                               result.tail_cpu[1] + max(0.0, cpu_after[1] - cpu_before[1]))
        result.created += report.created
        result.failed += report.failed
        result.matched += report.matched
        if report.errors and result.failed <= 5:
            print(f"  import errors: {report.errors[:3]}", file=sys.stderr)
        done += len(items)
        if time.perf_counter() - last_report > 30:
            LOADS.append(os.getloadavg()[0])
            print(f"  {result.label}: {done:,} imported, {result.created / result.import_s:,.0f}/s overall, "
                  f"last batch {len(items) / spent:,.0f}/s, {result.matched:,} with proposals", file=sys.stderr)
            last_report = time.perf_counter()


async def extra_batch(service: SuspectService, actor: Actor, make: Any, result: KindResult, count: int) -> None:
    """Import one more batch into the full database and time it."""
    items = [make() for _ in range(count)]
    before = time.perf_counter()
    report = await service.import_batch(actor, items)
    result.extra_s = time.perf_counter() - before
    result.extra_count = report.created


async def probe(services: Services, rules: KindRules, make: Any, result: KindResult, *, count: int,
                seed: int) -> None:
    """Propose matches for ``count`` new records, one at a time, timing each call."""
    rng = Random(seed)
    service = services.persons if rules is PERSONS else services.entities
    propose = services.matching.propose_person_matches if rules is PERSONS else \
        services.matching.propose_entity_matches
    for index in range(count):
        body = service.check(json.loads(rng.choice(result.kept)) if index % 3 == 0 else make())
        facts = rules.facts(f"probe-{index}", body)
        keys = rules.key_sets(facts).lookup
        per_key, skipped = await services.runner.read(match_repo.candidates, rules.kind, keys, stop=STOP_KEY)
        result.candidates.append(len(set().union(*per_key.values())))
        result.skipped_keys += skipped
        before = time.perf_counter()
        found = await propose(facts)
        result.latencies.append((time.perf_counter() - before) * 1000)
        result.found.append(len(found))


async def run(data_dir: Path, persons: int, entities: int, *, batch: int, probes: int) -> dict[str, Any]:
    """Build a node, import, probe; return the measurements."""
    clock = SystemClock()
    config = Config(data_dir=data_dir, port=0, admin_password=secrets.token_urlsafe(16))
    init_node(config, clock, name="Benchmark", country="NA", role="national")
    config = replace(config, admin_password="")
    generator = Generator(seed=7)
    fresh = Generator(seed=8)  # records the database does not hold, for the extra batch and the probes
    results = {"persons": KindResult("persons", persons), "entities": KindResult("entities", entities)}
    started = time.perf_counter()
    async with open_services(config, clock) as services:
        actor = command_line_actor()
        await import_kind(services.persons, actor, generator.person, results["persons"], batch=batch)
        await import_kind(services.entities, actor, generator.entity, results["entities"], batch=batch)
        rss_after_import = peak_rss_mb()
        await extra_batch(services.persons, actor, fresh.person, results["persons"], min(20_000, persons // 10))
        await extra_batch(services.entities, actor, fresh.entity, results["entities"], min(10_000, entities // 10))
        await probe(services, PERSONS, fresh.person, results["persons"], count=probes, seed=1)
        await probe(services, ENTITIES, fresh.entity, results["entities"], count=probes // 2, seed=2)
    db_mb = await asyncio.get_running_loop().run_in_executor(None, _size_mb, data_dir)
    return {"results": results, "wall_s": time.perf_counter() - started, "rss_after_import": rss_after_import,
            "rss_peak": peak_rss_mb(), "db_mb": db_mb}


def _size_mb(data_dir: Path) -> float:
    return sum(p.stat().st_size for p in data_dir.glob("*.db*")) / 1024 / 1024


def report(measured: dict[str, Any], command: str) -> str:
    """Return the ``## Matching`` section of docs/performance.md."""
    rows_import, rows_probe = [], []
    for result in measured["results"].values():
        tail = result.tail_count / result.tail_s if result.tail_s else 0.0
        extra = result.extra_count / result.extra_s if result.extra_s else 0.0
        rows_import.append(f"| {result.label} | {result.created:,} | {result.import_s:,.0f} s | "
                           f"**{result.rate:,.0f}/s** | {tail:,.0f}/s | {extra:,.0f}/s | {result.matched:,} |")
        lat = result.latencies
        rows_probe.append(
            f"| {result.label} | {len(lat):,} | {percentile(lat, .5):.1f} | **{percentile(lat, .95):.1f}** | "
            f"{percentile(lat, .99):.1f} | {max(lat, default=0):.1f} | "
            f"{sum(result.candidates) / max(len(result.candidates), 1):,.0f} / "
            f"{percentile(result.candidates, .95):,.0f} / {max(result.candidates, default=0):,} | "
            f"{sum(1 for f in result.found if f) / max(len(result.found), 1):.0%} |")
    cpu_rows = []
    for result in measured["results"].values():
        main_us = result.tail_cpu[0] / max(result.tail_count, 1) * 1e6
        worker_us = result.tail_cpu[1] / max(result.tail_count, 1) * 1e6
        cores = os.cpu_count() or 1
        cpu_rows.append(f"| {result.label} | {main_us:,.0f} µs | {worker_us:,.0f} µs | "
                        f"{cores * 1e6 / max(main_us + worker_us, 1):,.0f}/s |")
    persons = measured["results"]["persons"]
    verdict_p95 = max(percentile(r.latencies, .95) for r in measured["results"].values())
    verdict_rate = min(persons.rate, persons.tail_count / persons.tail_s if persons.tail_s else 0.0)
    met_p95 = "met" if verdict_p95 <= TARGET_P95_MS else "NOT met"
    met_rate = "met" if verdict_rate >= TARGET_IMPORT_RATE else "NOT met"
    return f"""{SECTION}

Measured {dt.date.today().isoformat()} on {machine()}, with

```
{command}
```

Import with matching (`SuspectService.import_batch`: worker processes check each chunk and match it against a
snapshot of the database and against its own earlier records while the writer stores the previous chunk in one
transaction; the writer re-scores the records created or changed since the snapshot, and writes each record with
its blocking keys, search words and proposals). Time counts the import calls only; generating the records is
apart.

| kind | records | import time | rate, whole import | rate, last tenth | rate, one more batch | with proposals |
|---|---|---|---|---|---|---|
{chr(10).join(rows_import)}

CPU time per record over the last tenth of the import: the node process (writer, event loop) and the worker
processes that check and match the next chunks, all together. The last column is the rate that CPU time allows
when all {os.cpu_count()} cores do nothing else and never wait (the wall-clock rates above were measured on a
shared machine; see the load average below).

| kind | node process | workers | rate the CPU time allows |
|---|---|---|---|
{chr(10).join(cpu_rows)}

Proposals for one new record (`MatchingService.propose_person_matches` / `propose_entity_matches`, the methods
received records will call; one at a time, on the full database; a third of the probes describe a stored
record again, so proposals exist). Latency in milliseconds; candidates are the records sharing a blocking key
(keys held by more than {STOP_KEY:,} records skipped), read and scored unless their dates of birth rule them out.

| kind | probes | p50 | p95 | p99 | max | candidates mean / p95 / max | probes with a proposal |
|---|---|---|---|---|---|---|---|
{chr(10).join(rows_probe)}

"One more batch" is imported into the full database, from records it does not hold yet. Targets: p95 ≤
{TARGET_P95_MS:.0f} ms (measured {verdict_p95:.1f} ms: {met_p95}); import with matching ≥ {TARGET_IMPORT_RATE:,.0f}
persons/s (measured {verdict_rate:,.0f}/s, the slower of the whole import and its last tenth: {met_rate}).
Mean one-minute load average during the import: {sum(LOADS) / max(len(LOADS), 1):.1f} on {os.cpu_count()} cores
(anything above the benchmark's own share is other work that ran on the machine at the same time).
Database {measured['db_mb']:,.0f} MiB; peak RSS {measured['rss_peak']:,.0f} MiB (generator and node in one
process); the whole run took {measured['wall_s'] / 60:,.0f} min.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench_matching", description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=2000, help="records per import batch (default 2000)")
    parser.add_argument("--probes", type=int, default=1000, help="person probes (half as many entities)")
    parser.add_argument("--data", type=Path, help="parent folder of the data directory (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--no-doc", action="store_true", help="print the section without writing the doc")
    args = parser.parse_args(argv)
    parent = Path(tempfile.mkdtemp(prefix="ncen-bench-", dir=args.data))
    try:
        measured = asyncio.run(run(parent / "node", args.persons, args.entities, batch=args.batch,
                                   probes=args.probes))
    finally:
        if not args.keep:
            shutil.rmtree(parent, ignore_errors=True)
    command = "python -m tools.bench_matching " + shlex.join(
        [str(a) for a in (argv if argv is not None else sys.argv[1:]) if a != "--no-doc"])
    text = report(measured, command.strip())
    print(text)
    if not args.no_doc:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
