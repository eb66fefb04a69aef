"""Benchmark the seizure database: bulk import, then search and filtered lists through the real HTTP API.

    python -m tools.bench_seizures --cases 100000 --cases 1000000 [--data DIR] [--keep]

For each size: a fresh node (``init_node``) in a new data directory; realistic cases from
``tools.gen_seizures`` written to a CSV file in the node's import format (timed apart, as generation), then
imported by ``import_seizures``, the code behind ``ncen import seizures`` and the import page (reading and
checking in a worker process beside the writer, one transaction per batch); then the node's own app served
on a loopback port and queried over HTTP with an administrator's API token, one request at a time: full-text
searches (surnames, vessels,
goods, two-word phrases, references, container numbers) and filtered lists (period, category, HS prefix,
detection, mode, country on the route, office, status; with and without search text; first and following
pages by cursor). It prints a Markdown table, writes the ``## Seizures`` section of docs/performance.md, and
shows the slowest requests with their SQL, timings and ``EXPLAIN QUERY PLAN`` from a read-only connection.
Generator, server and client share this process: the peak RSS is theirs together.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import re
import resource
import secrets
import shlex
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from random import Random
from typing import Any

import aiohttp
from aiohttp import web
from sqlite_utils import Database

from node.app import create_app
from node.appkeys import SERVICES
from node.clock import SystemClock
from node.config import Config
from node.datadir import init_node
from node.runtime import Services
from node.services.actor import Actor, command_line_actor
from node.services.seizure_import import ImportProgress, error_lines, import_seizures
from node.web.api.seizures import seizure_filter
from store import seizures as repo
from tools.gen_seizures import DEFAULT_UNTIL, generate, offices, write_csv
from tools.perfdoc import DOC, write_section

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Seizures"
TARGET_P95_MS = 100.0
TARGET_IMPORT_RATE = 5000.0
SAMPLE_EVERY = 97  # keep every 97th generated case to draw realistic query values from
WARM_UP = 10
SEARCH_WORDS = ("pangolin", "tusks", "Mandrax", "cigarettes", "rhino", "tramadol", "khat", "counterfeit", "ivory",
                "diesel", "cocaine", "heroin", "shisha", "meteorite", "parrots", "detonators", "banknotes",
                "Ethiopian", "scanner", "swallowed", "pellets", "Lüderitz", "Oshikango", "hake", "rosewood")
SEARCH_PHRASES = ("rhino horn", "false compartment", "Remington Gold", "detector dog", "Walvis Bay", "crystal meth",
                  "water pipe", "AK-47 rifles", "body belt", "elephant ivory", "Al Fakher", "rough diamonds",
                  "admission of guilt", "jerry cans", "used clothing")


# -- measurements ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Timing:
    """One HTTP request: what was asked, how long it took, what came back."""

    kind: str  # "search" or "list"
    params: dict[str, str]
    label: str  # what the search text is: surname, vessel, phrase…
    ms: float
    items: int
    total: int
    page: int  # 1 for a first page, 2+ when following a cursor


@dataclass(slots=True)
class Result:
    """Everything measured at one size."""

    cases: int
    created: int = 0
    failed: int = 0
    generate_s: float = 0.0
    import_s: float = 0.0
    wall_s: float = 0.0
    rss_after_import_mb: float = 0.0
    rss_peak_mb: float = 0.0
    db_mb: float = 0.0
    timings: list[Timing] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)  # Markdown blocks describing the slowest queries

    @property
    def import_rate(self) -> float:
        """Return imported cases per second of import time (reading the file, checking, storing)."""
        return self.created / self.import_s if self.import_s else 0.0

    def latencies(self, kind: str, *, page: int | None = None, text: bool | None = None) -> list[float]:
        """Return the latencies (ms) of one kind of request."""
        return [t.ms for t in self.timings if t.kind == kind and (page is None or (t.page == 1) == (page == 1))
                and (text is None or bool(t.params.get("q")) == text)]


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


# -- the import --------------------------------------------------------------------------------------------------


def write_file(path: Path, count: int, seed: int, sample: list[dict[str, Any]]) -> None:
    """Write ``count`` generated cases to a CSV file in the node's import format, sampling some for queries."""

    def sampled() -> Iterator[dict[str, Any]]:
        for done, case in enumerate(generate(count, seed=seed, country="NA"), 1):
            if done % SAMPLE_EVERY == 0:
                sample.append(case)
            yield case

    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(sampled(), out)


async def import_cases(services: Services, actor: Actor, result: Result, *, batch_size: int, seed: int,
                       sample: list[dict[str, Any]], work_dir: Path) -> None:
    """Generate ``result.cases`` cases into a CSV file, then import it as ``ncen import seizures`` does."""
    for office in offices("NA"):
        await services.refdata.put_entry(actor, "office", office["code"], office["name"], office["name"])
    started = time.perf_counter()
    source = work_dir / f"cases-{result.cases}.csv"
    await asyncio.to_thread(write_file, source, result.cases, seed, sample)
    result.generate_s = time.perf_counter() - started
    last_report = [time.perf_counter()]

    def progress(at: ImportProgress) -> None:
        if time.perf_counter() - last_report[0] > 30:
            print(f"  {at.cases:,} cases imported, {at.cases / at.seconds:,.0f}/s", file=sys.stderr)
            last_report[0] = time.perf_counter()

    before = time.perf_counter()
    with source.open("rb") as handle:
        imported = await import_seizures(services.seizures, services.audit, actor, handle, clock=SystemClock(),
                                         name=source.name, batch_size=batch_size, progress=progress)
    result.import_s = time.perf_counter() - before
    result.created, result.failed = imported.report.created, imported.report.failed
    for line in error_lines(imported, 3):
        print(f"  import error: {line}", file=sys.stderr)
    source.unlink()
    result.wall_s = time.perf_counter() - started


# -- the queries -------------------------------------------------------------------------------------------------


def surname(name: str) -> str:
    """Return the last Latin word of a party's name (``Wang Wei (王伟)`` gives ``Wei``)."""
    latin = name.split(" (")[0].split()
    return latin[-1] if latin else name


def search_queries(rng: Random, sample: list[dict[str, Any]], n: int) -> list[tuple[str, str]]:
    """Return ``n`` realistic (kind, search text) pairs drawn from the cases that were imported."""
    people = [p["name"] for c in sample for p in c["parties"] if p["kind"] == "person"]
    vessels = [c["conveyance"]["identifier"] for c in sample if c["conveyance"]["mode"] == "sea_container"]
    containers = [n for c in sample for n in c["conveyance"]["container_numbers"]]
    references = [c["reference"] for c in sample]
    makers = (
        ("surname", lambda: surname(rng.choice(people))),
        ("full name", lambda: " ".join(rng.choice(people).split(" (")[0].split()[:2])),
        ("vessel", lambda: rng.choice(vessels)),
        ("goods word", lambda: rng.choice(SEARCH_WORDS)),
        ("phrase", lambda: rng.choice(SEARCH_PHRASES)),
        ("reference", lambda: rng.choice(references)),
        ("container", lambda: rng.choice(containers)),
        ("prefix", lambda: surname(rng.choice(people))[:4] + "*"),
    )
    return [(makers[i % len(makers)][0], makers[i % len(makers)][1]()) for i in range(n)]


def list_filters(rng: Random, sample: list[dict[str, Any]], n: int) -> list[dict[str, str]]:
    """Return ``n`` realistic list filters: criteria combined as an analyst would, some with search text."""
    out = []
    for _ in range(n):
        case = rng.choice(sample)
        line = rng.choice(case["commodities"])
        route = [case["route"]["departure"], *case["route"]["transit"], case["route"]["destination"]]
        hs = line["hs_code"] or "2402"
        options = {
            "category": line["category"],
            "hs": hs[:rng.choice((2, 4, 6))] if len(hs) == 6 else hs,
            "detection": case["detection"]["method"],
            "mode": case["conveyance"]["mode"],
            "country": rng.choice(route),
            "office": case["office"]["code"],
            "status": case["status"],
        }
        chosen = rng.sample(sorted(options), rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
        params = {k: options[k] for k in chosen if options[k]}
        if rng.random() < 0.6:
            year = int(case["date"][:4])
            span = rng.choice(("year", "quarter", "month", "years"))
            if span == "year":
                params |= {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
            elif span == "quarter":
                quarter = (int(case["date"][5:7]) - 1) // 3
                params |= {"date_from": f"{year}-{quarter * 3 + 1:02d}-01",
                           "date_to": f"{year}-{quarter * 3 + 3:02d}-{31 if quarter in (0, 3) else 30}"}
            elif span == "month":
                params |= {"date_from": case["date"][:8] + "01", "date_to": case["date"][:8] + "28"}
            else:
                params |= {"date_from": f"{year - 2}-01-01", "date_to": case["date"]}
        if rng.random() < 0.3:
            people = [p["name"] for p in case["parties"] if p["kind"] == "person"]
            params["q"] = surname(rng.choice(people)) if people and rng.random() < 0.5 else \
                rng.choice(SEARCH_WORDS + SEARCH_PHRASES)
        if rng.random() < 0.15:
            params["sort"] = "date_asc"
        out.append(params)
    return out


async def fetch(session: aiohttp.ClientSession, base: str, kind: str, params: dict[str, str], page: int,
                label: str = "") -> tuple[Timing, str]:
    """Run one list request and time it until its whole body is read."""
    started = time.perf_counter()
    async with session.get(f"{base}/api/v1/seizures", params=params) as response:
        body = await response.read()
        ms = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{response.status} for {params}: {body[:300]!r}")
        data = await response.json()
    return Timing(kind, dict(params), label, ms, len(data["items"]), data["total"], page), data["next_cursor"]


async def run_queries(base: str, token: str, sample: list[dict[str, Any]], result: Result, *, requests: int,
                      seed: int) -> None:
    """Run the search and filtered-list requests, one at a time."""
    rng = Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        for _, text in search_queries(rng, sample, WARM_UP):
            await fetch(session, base, "warm-up", {"q": text}, 1)
        for label, text in search_queries(rng, sample, requests):
            timing, _ = await fetch(session, base, "search", {"q": text}, 1, label)
            result.timings.append(timing)
        done = 0
        for params in list_filters(rng, sample, requests * 2):
            if done >= requests:
                break
            timing, cursor = await fetch(session, base, "list", params, 1, "with text" if "q" in params else "")
            result.timings.append(timing)
            done += 1
            page = 1
            while cursor and page < 4 and rng.random() < 0.5:
                page += 1
                timing, cursor = await fetch(session, base, "list", {**params, "cursor": cursor}, page,
                                             "with text" if "q" in params else "")
                result.timings.append(timing)
                done += 1


# -- explaining the slowest ----------------------------------------------------------------------------------


def explain_slowest(db_path: Path, services: Services, actor: Actor, result: Result, *, per_kind: int = 3) -> None:
    """Re-run the slowest requests' store calls on a read-only connection: SQL, timings and query plans."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    db = Database(conn)
    for kind in ("search", "list"):
        ranked = sorted((t for t in result.timings if t.kind == kind), key=lambda t: t.ms, reverse=True)
        unique = list({str(t.params): t for t in reversed(ranked)}.values())[::-1]  # slowest of each query
        for timing in unique[:per_kind]:
            criteria = seizure_filter(timing.params)
            query = services.seizures.query(actor, criteria)
            statements: list[str] = []
            conn.set_trace_callback(statements.append)
            started = time.perf_counter()
            repo.search(db, query)
            page_ms = (time.perf_counter() - started) * 1000
            mark = len(statements)
            started = time.perf_counter()
            total = repo.count(db, query)
            count_ms = (time.perf_counter() - started) * 1000
            conn.set_trace_callback(None)
            shown = {k: v for k, v in timing.params.items() if k != "cursor"}
            if "cursor" in timing.params:
                shown["cursor"] = f"(page {timing.page})"
            how = " (capped)" if total.capped else " (estimated)" if total.estimated else ""
            lines = [f"**{kind}** `{shown}`: {timing.ms:.0f} ms over HTTP; {total.value:,} matches{how}; "
                     f"store page query {page_ms:.0f} ms, count {count_ms:.0f} ms", ""]
            for index, sql in enumerate(statements):
                if not re.match(r"\s*SELECT (s\.id|count)", sql):
                    continue  # the read transaction, facet counts, FTS5's own shadow tables
                label = "count" if index >= mark else "page"
                plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
                lines += [f"```sql\n-- {label}\n{_short_sql(sql)}\n```", "```"]
                lines += [f"{'  ' * _depth(row, plan)}{row[3]}" for row in plan]
                lines.append("```")
            result.slow.append("\n".join(lines))
    conn.close()


def _short_sql(sql: str) -> str:
    return re.sub(r"SELECT s\.id, s\.uuid, .*? FROM", "SELECT s.* FROM", sql, flags=re.S)


def _depth(row: tuple[Any, ...], plan: list[tuple[Any, ...]]) -> int:
    parents = {r[0]: r[1] for r in plan}
    depth, parent = 0, row[1]
    while parent and depth < 10:
        depth += 1
        parent = parents.get(parent, 0)
    return depth


# -- one size ------------------------------------------------------------------------------------------------


async def bench_size(cases: int, data_dir: Path, *, batch_size: int, requests: int, seed: int) -> Result:
    """Create a node, import ``cases`` cases, serve it, and measure."""
    result = Result(cases)
    password = secrets.token_urlsafe(16)
    config = Config(data_dir=data_dir, port=0, admin_password=password)
    clock = SystemClock()
    init_node(config, clock, name="Benchmark node", country="NA")
    config = replace(config, admin_password="")
    app = create_app(config, clock=clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        services = app[SERVICES]
        actor = command_line_actor()
        sample: list[dict[str, Any]] = []
        print(f"{cases:,} cases into {data_dir}", file=sys.stderr)
        await import_cases(services, actor, result, batch_size=batch_size, seed=seed, sample=sample,
                           work_dir=data_dir.parent)
        result.rss_after_import_mb = peak_rss_mb()
        print(f"  imported {result.created:,} ({result.failed} failed) in {result.import_s:.0f} s: "
              f"{result.import_rate:,.0f} cases/s; generation {result.generate_s:.0f} s", file=sys.stderr)
        admin = await services.users.find_user(actor, "admin")
        token = await services.auth.issue_token(actor, admin.id, "benchmark")
        await run_queries(f"http://127.0.0.1:{port}", token, sample, result, requests=requests, seed=seed + 1)
        result.rss_peak_mb = peak_rss_mb()
        explain_slowest(config.db_path, services, actor, result)
    finally:
        await runner.cleanup()
    result.db_mb = sum(p.stat().st_size for p in config.db_path.parent.glob(config.db_path.name + "*")) / 2**20
    return result


# -- reporting -----------------------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    """Return the results as a Markdown table."""
    rows = ["| cases | import (cases/s) | generation (cases/s) | search p50 / p95 / max (ms) | "
            "filtered list p50 / p95 / max (ms) | peak RSS (MiB) | database (MiB) |",
            "|---:|---:|---:|---|---|---:|---:|"]
    for r in results:
        search, listing = r.latencies("search"), r.latencies("list")
        rows.append(
            f"| {r.cases:,} | {r.import_rate:,.0f} | {r.cases / r.generate_s if r.generate_s else 0:,.0f} | "
            f"{percentile(search, .5):.0f} / {percentile(search, .95):.0f} / {max(search, default=0):.0f} | "
            f"{percentile(listing, .5):.0f} / {percentile(listing, .95):.0f} / {max(listing, default=0):.0f} | "
            f"{r.rss_peak_mb:,.0f} | {r.db_mb:,.0f} |")
    return "\n".join(rows)


def detail(results: list[Result]) -> str:
    """Return per-size details: request counts, split latencies, targets."""
    out = []
    for r in results:
        search, listing = r.latencies("search"), r.latencies("list")
        first, later = r.latencies("list", page=1), r.latencies("list", page=2)
        with_text, without = r.latencies("list", text=True), r.latencies("list", text=False)
        out.append(
            f"- **{r.cases:,} cases**: {r.created:,} imported ({r.failed} refused) in {r.import_s:,.0f} s of "
            f"import plus {r.generate_s:,.0f} s of generating the CSV file ({r.wall_s:,.0f} s wall); "
            f"{len(search)} searches, {len(listing)} list pages ({len(first)} first pages, {len(later)} by cursor; "
            f"{len(with_text)} with search text). Filtered list p95: first pages {percentile(first, .95):.0f} ms, "
            f"following pages {percentile(later, .95):.0f} ms, with text {percentile(with_text, .95):.0f} ms, "
            f"without {percentile(without, .95):.0f} ms. Peak RSS {r.rss_after_import_mb:,.0f} MiB after import, "
            f"{r.rss_peak_mb:,.0f} MiB at the end. Search p50 / p95 by kind of text: " +
            "; ".join(f"{label} {percentile(v, .5):.0f} / {percentile(v, .95):.0f} ms"
                      for label, v in _by_label(r, "search").items()) + ".")
    return "\n".join(out)


def _by_label(result: Result, kind: str) -> dict[str, list[float]]:
    groups: dict[str, list[float]] = {}
    for timing in result.timings:
        if timing.kind == kind:
            groups.setdefault(timing.label, []).append(timing.ms)
    return groups


def verdict(results: list[Result]) -> str:
    """Say how the largest size compares with the targets of issue 3."""
    r = max(results, key=lambda x: x.cases)
    checks = [
        ("import", r.import_rate >= TARGET_IMPORT_RATE, f"{r.import_rate:,.0f} cases/s (target ≥ 5,000)"),
        ("search p95", percentile(r.latencies("search"), .95) <= TARGET_P95_MS,
         f"{percentile(r.latencies('search'), .95):.0f} ms (target ≤ 100)"),
        ("filtered list p95", percentile(r.latencies("list"), .95) <= TARGET_P95_MS,
         f"{percentile(r.latencies('list'), .95):.0f} ms (target ≤ 100)"),
    ]
    return f"At {r.cases:,} cases: " + "; ".join(f"{name} {text} — {'met' if ok else 'missed'}"
                                                 for name, ok, text in checks) + "."


def section(results: list[Result], command: str) -> str:
    """Return the ``## Seizures`` section of docs/performance.md."""
    slow = "\n\n".join(b for r in results if r.cases == max(x.cases for x in results) for b in r.slow)
    return f"""{SECTION}

Measured {dt.date.today().isoformat()} on {machine()}, with

    {command}

Each size starts from an empty node. Cases come from `tools/gen_seizures.py` (seeded, realistic Namibian
cases, ten years up to {DEFAULT_UNTIL.isoformat()}) written to a CSV file in the node's import format (timed
apart, as generation), then imported by `import_seizures`, the code behind `ncen import seizures` and the import
page: reading, mapping and checking in a worker process beside the writer, one transaction per batch. The
node's app then serves on a loopback port and is queried over HTTP with an administrator's API token, one request
at a time, after {WARM_UP} warm-up requests: full-text searches (surnames, full names, vessels, goods words,
two-word phrases, case references, container numbers, prefixes) and filtered lists (random combinations of
period, category, HS prefix, detection, mode, country on the route, office and status, 30 % with search text,
first pages and following pages by cursor), pages of 50 with the total count. Latency is from sending the request
to reading the whole response. Generator, server and client share one process; peak RSS is `ru_maxrss` of
that process (the import's worker process is apart).

{table(results)}

{detail(results)}

{verdict(results)}

### Slowest requests at the largest size

{slow}
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench_seizures", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, action="append", help="number of cases (repeatable; default 100000)")
    parser.add_argument("--data", type=Path, help="parent folder of the data directories (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    parser.add_argument("--batch", type=int, default=1000, help="cases per import batch (default 1000)")
    parser.add_argument("--requests", type=int, default=250, help="requests of each kind (default 250)")
    parser.add_argument("--seed", type=int, default=42, help="generator and query seed (default 42)")
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    args = parser.parse_args(argv)
    sizes = args.cases or [100_000]
    parent = args.data or Path(tempfile.mkdtemp(prefix="ncen-bench-", dir="/tmp"))
    parent.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in sizes:
            data_dir = parent / f"node-{size}"
            if data_dir.exists():
                print(f"{data_dir} exists; choose another --data folder", file=sys.stderr)
                return 2
            results.append(asyncio.run(bench_size(size, data_dir, batch_size=args.batch, requests=args.requests,
                                                  seed=args.seed)))
            if not args.keep:
                shutil.rmtree(data_dir, ignore_errors=True)
    finally:
        if not args.keep and args.data is None:
            shutil.rmtree(parent, ignore_errors=True)
    command = "python -m tools.bench_seizures " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    print(table(results))
    print()
    print(detail(results))
    print()
    print(verdict(results))
    for result in results:
        print(f"\nSlowest requests at {result.cases:,} cases:\n")
        print("\n\n".join(result.slow))
    if not args.no_doc:
        write_section(SECTION, section(results, command))
        print(f"\nwrote {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
