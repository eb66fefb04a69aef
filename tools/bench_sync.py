"""Benchmark Icomm sync: records per second pulled between two nodes over HTTP, against Ed25519 on one core.

    python -m tools.bench_sync --records 10000 --records 100000 [--workdir DIR] [--keep] [--profile]

For each size: an origin node (``init_node``) signs that many realistic seizure records (bodies from
``tools.gen_seizures``, normalised as the node stores them; ids from ``node.ids.new_uuid`` as a node's shared
cases have) for a receiving node, and the two are paired both
ways. The origin then runs as a real ``ncen serve`` process on a loopback port; the receiver pulls the whole
backlog with ``SyncService.sync_once`` in a fresh child process (``--pull``), over HTTP, every record verified
and stored, pages committed with their cursor: the end-to-end rate is records divided by the wall time of that
pull, and the child's peak RSS (``VmHWM``) is the receiver's peak memory for that backlog. Just before and just
after each pull the Ed25519 verification rate is measured on one core (``crypto.verify`` over the envelopes of
realistic records, one thread); the target is a sync rate of at least half the higher of the two.
``--profile`` also pulls the smallest backlog into a copy of its receiver under cProfile (every thread) and writes
the hot spots under the measurements. It prints a Markdown table and writes the ``## Sync`` section of
docs/performance.md, leaving the other sections alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import resource
import secrets
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crypto import SigningKey, VerifyKey, verify
from node.clock import SystemClock, now_iso
from node.config import Config
from node.datadir import init_node
from node.exchange import outbox
from node.ids import new_uuid
from node.runtime import Services, open_services
from node.services.actor import command_line_actor
from protocol.audience import Audience, Handling
from protocol.envelope import RECORD_CONTEXT, Draft, Record, seal_record
from protocol.records.seizure import normalise_seizure
from protocol.recordtypes import RecordType
from protocol.timefmt import to_iso
from tools.gen_seizures import generate
from tools.perfdoc import write_section

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Sync"
HEADER = ("| backlog (records) | sync (records/s) | Ed25519 on one thread, before / after (verifications/s) "
          "| target (records/s) | Ed25519 in two processes at once, each (verifications/s) | pull wall (s) "
          "| pull CPU, receiver + its examiners + origin (s) "
          "| pages "
          "| receiver peak RSS (MiB) | each examiner process (MiB) | origin signing (records/s) |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
ISSUE_BATCH = 2000  # records signed and stored per transaction on the origin
VERIFY_SAMPLE = 3000  # distinct records whose signatures are checked to measure the verification rate
VERIFY_ROUNDS = 3


# -- preparing the two nodes -------------------------------------------------------------------------------------


def bodies(count: int, seed: int) -> Iterator[dict[str, Any]]:
    """Yield realistic seizure bodies, in the normal form a node stores and signs."""
    for case in generate(count, seed=seed, country="NA"):
        yield normalise_seizure(case)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def config_for(data_dir: Path, port: int = 0) -> Config:
    return Config(data_dir=data_dir, host="127.0.0.1", port=port, public_url=f"http://127.0.0.1:{port}" if port else "")


def card_of(services: Services) -> bytes:
    return json.dumps(services.identity.card().to_json()).encode()


async def prepare(base: Path, count: int, seed: int, port: int) -> tuple[Path, Path, float]:
    """Make the origin (with ``count`` records for the receiver) and the receiver, paired; return the issue time."""
    clock = SystemClock()
    origin_dir, receiver_dir = base / "origin", base / "receiver"
    for data_dir, name, country in ((origin_dir, "Origin Customs", "NA"), (receiver_dir, "Receiver Customs", "ZA")):
        init_node(Config(data_dir=data_dir, port=0, admin_password=secrets.token_urlsafe(16)), clock, name=name,
                  country=country)
    actor = command_line_actor()
    async with open_services(config_for(origin_dir, port), clock) as origin, \
            open_services(config_for(receiver_dir), clock) as receiver:
        for this, other in ((origin, receiver), (receiver, origin)):
            peer = await this.exchange.peers.add_card(actor, card_of(other))
            await this.exchange.peers.confirm(actor, peer.id, other.identity.fingerprint)
        audience = Audience.of([receiver.identity.key.public.raw])
        state = origin.exchange.state
        source = bodies(count, seed)
        started = time.perf_counter()
        issued = 0
        while issued < count:
            batch = [next(source) for _ in range(min(ISSUE_BATCH, count - issued))]

            def issue(db: Database, batch: list[dict[str, Any]] = batch) -> None:
                for body in batch:
                    outbox.issue(db, state.identity.key, state.owner, now_iso(clock), record_type=RecordType.SEIZURE,
                                 record_id=new_uuid(), body=body, audience=audience, handling=Handling.AMBER)

            await origin.runner.write(issue)
            issued += len(batch)
        elapsed = time.perf_counter() - started
    return origin_dir, receiver_dir, elapsed


# -- the verification floor --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VerificationSample:
    """Realistic sealed records and the key that signed them, to time Ed25519 verification on one thread."""

    key: VerifyKey
    records: list[Record]

    @classmethod
    def make(cls, seed: int) -> VerificationSample:
        key = SigningKey.generate()
        audience = Audience.of([SigningKey.generate().public.raw])
        at = to_iso(dt.datetime.now(dt.UTC))
        records = [seal_record(key, Draft(RecordType.SEIZURE, uuid.uuid4(), 1, index + 1, at, audience,
                                          Handling.AMBER, body))
                   for index, body in enumerate(bodies(VERIFY_SAMPLE, seed + 1))]
        return cls(key.public, records)

    @property
    def envelope_bytes(self) -> int:
        return sum(len(r.envelope) for r in self.records) // len(self.records)

    def rate(self) -> float:
        """Return verifications per second on this thread, the best of ``VERIFY_ROUNDS`` passes."""
        best = 0.0
        for _ in range(VERIFY_ROUNDS):
            started = time.perf_counter()
            for record in self.records:
                verify(self.key, RECORD_CONTEXT, record.envelope, record.signature)
            best = max(best, len(self.records) / (time.perf_counter() - started))
        return best


def verify_in_child(seed: int) -> None:
    """The ``--verify-paired`` child: build a sample, say ready, wait for the word, then print its rate."""
    sample = VerificationSample.make(seed)
    print("ready", flush=True)
    sys.stdin.readline()
    print(json.dumps(sample.rate()), flush=True)


def paired_verification_rates(seed: int) -> list[float]:
    """Return the Ed25519 rates of two processes verifying at the same time, one per core.

    What two busy cores give on this machine compared with one: a virtual machine's two cores may share a
    physical one, or other guests, and then each runs slower when both work.
    """
    children = [subprocess.Popen([sys.executable, "-m", "tools.bench_sync", "--verify-paired", str(seed + n)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
                for n in (1, 2)]
    try:
        for child in children:
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("a verification child failed to start")
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        rates = []
        for child in children:
            assert child.stdout is not None
            rates.append(float(json.loads(child.stdout.readline())))
        return rates
    finally:
        for child in children:
            child.kill()
            child.wait()


# -- the pull, in a fresh process --------------------------------------------------------------------------------


class ThreadProfiles:
    """cProfile in every thread (the executor verifies, the store's writer applies), merged at the end."""

    def __init__(self) -> None:
        self._profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def _start_in_thread(self, *_: object) -> None:
        profile = cProfile.Profile()
        with self._lock:
            self._profiles.append(profile)
        profile.enable()  # replaces this hook in the calling thread

    def start(self) -> None:
        threading.setprofile(self._start_in_thread)  # every thread started from now on
        self._start_in_thread()

    def report(self, top: int = 25) -> str:
        threading.setprofile(None)
        out = io.StringIO()
        stats = pstats.Stats(self._profiles[0], stream=out)
        for profile in self._profiles[1:]:
            stats.add(profile)
        stats.sort_stats("tottime").print_stats(top)
        print("Cumulative, ncen's own functions:", file=out)
        stats.sort_stats("cumulative").print_stats(r"/(node|protocol|store|crypto)/", top)
        return out.getvalue()


class ChildMemory:
    """The peak RSS of the processes this one starts (the examiners), read from /proc while they run.

    ``RUSAGE_CHILDREN`` would count a child's memory before it replaced itself with a new program: a forked
    copy of this process, not the examiner.
    """

    def __init__(self, every: float = 0.5) -> None:
        self._every = every
        self._peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="bench-child-memory", daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_kib(self) -> int:
        """Return the largest peak RSS of one child (KiB)."""
        return max(self._peaks.values(), default=0)

    def _watch(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(self._every):
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    with contextlib.suppress(OSError, IndexError, ValueError):
                        status = (entry / "status").read_text()
                        if status.split("PPid:", 1)[1].split()[0] == me:
                            peak = int(status.split("VmHWM:", 1)[1].split()[0])
                            self._peaks[int(entry.name)] = max(peak, self._peaks.get(int(entry.name), 0))


def own_peak_rss_kib() -> int:
    """Return this process's peak RSS (KiB) since it started this program.

    Not ``ru_maxrss``: Linux keeps in it the peak of the process that started this one (the benchmark's driver,
    which holds its own records) as it was at ``exec``.
    """
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(Path("/proc/self/status").read_text().split("VmHWM:", 1)[1].split()[0])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def children_cpu() -> float:
    """Return the CPU time of the processes this one started and waited for (the examiners)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def pull(receiver_dir: Path, profiles: ThreadProfiles | None) -> dict[str, Any]:
    """Pull everything from the receiver's peers; return what it took."""
    if profiles is not None:
        profiles.start()  # before the store's writer and the executor start their threads
    async with open_services(config_for(receiver_dir), SystemClock()) as services:
        started, cpu, worker_cpu = time.perf_counter(), time.process_time(), children_cpu()
        with ChildMemory() as children:
            results = await services.exchange.sync.sync_once()
        elapsed, cpu_used = time.perf_counter() - started, time.process_time() - cpu
        worker_cpu = children_cpu() - worker_cpu
        held = await services.runner.read(lambda db: db.conn.execute("SELECT count(*) FROM records").fetchone()[0])
    (result,) = results
    return {"ok": result.ok, "error": result.error, "applied": result.applied, "pages": result.pages,
            "held": held, "seconds": elapsed, "cpu_seconds": cpu_used, "worker_cpu_seconds": worker_cpu,
            "peak_rss_kib": own_peak_rss_kib(),
            "worker_peak_rss_kib": children.peak_kib,
            "profile": profiles.report() if profiles is not None else ""}


def pull_in_child(receiver_dir: Path, *, profile: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "tools.bench_sync", "--pull", str(receiver_dir)]
    command += ["--profile"] if profile else []
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"the pull failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def process_cpu(pid: int) -> float:
    """Return the CPU time (user and system, in seconds) a running process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14 and 15


@contextlib.contextmanager
def serving(origin_dir: Path, port: int) -> Iterator[int]:
    """Run ``ncen serve`` on the origin until the block ends."""
    env = {**os.environ, "NCEN_LOG_LEVEL": "WARNING", "NCEN_DISCOVERY": "off"}
    process = subprocess.Popen([sys.executable, "-m", "node", "serve", "--data", str(origin_dir), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"ncen serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# -- the report --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SizeResult:
    """One backlog size: how long issuing took, and what the pull did."""

    records: int
    issue_seconds: float
    pull: dict[str, Any]
    verify_before: float  # Ed25519 verifications/s on one thread, just before the pull
    verify_after: float  # and just after it
    verify_paired: list[float]  # two processes verifying at once, just before the pull: each one's rate

    @property
    def rate(self) -> float:
        return float(self.pull["held"]) / float(self.pull["seconds"])

    @property
    def target(self) -> float:
        """Half the verification rate: the higher of the two measured around the pull (the stricter target)."""
        return max(self.verify_before, self.verify_after) / 2


def machine() -> str:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def section(command: str, results: list[SizeResult], envelope_bytes: int) -> str:
    rows = "\n".join(
        f"| {r.records:,} | {r.rate:,.0f} | {r.verify_before:,.0f} / {r.verify_after:,.0f} | {r.target:,.0f} | "
        f"{' / '.join(f'{v:,.0f}' for v in r.verify_paired)} | {r.pull['seconds']:.1f} | {r.pull['cpu_seconds']:.1f} + "
        f"{r.pull['worker_cpu_seconds']:.1f} + {r.pull['origin_cpu_seconds']:.1f} | "
        f"{r.pull['pages']} | {r.pull['peak_rss_kib'] / 1024:.0f} | {r.pull['worker_peak_rss_kib'] / 1024:.0f} | "
        f"{r.records / r.issue_seconds:,.0f} |"
        for r in results)
    largest = max(results, key=lambda r: r.records)
    verdict = "met" if largest.rate >= largest.target else "missed"
    memory = ", ".join(f"{r.pull['peak_rss_kib'] / 1024:.0f} MiB (+ {r.pull['worker_peak_rss_kib'] / 1024:.0f} MiB "
                       f"each examiner) at {r.records:,}" for r in results)
    text = f"""{SECTION}

Measured {dt.date.today().isoformat()} on {machine()}, with

    {command}

For each backlog size a fresh origin signs that many realistic seizure records (bodies from
`tools/gen_seizures.py`, {envelope_bytes:,} bytes of envelope on average; record ids time-ordered, as a node
gives its shared cases) for a fresh receiver, the two paired
both ways; the origin then serves them as a real `ncen serve` process on a loopback port, and the receiver pulls
the whole backlog over HTTP in a fresh child process (`SyncService.sync_once`: pages of 500, every record
examined — decoded canonically, its signature verified, its body checked — by examiner processes, one per core,
while the receiver stores the page before with its cursor in one transaction). The rate is records held at the
end divided by the wall time of the pull; the CPU columns are the receiver's own, its examiners' together, and
the serving origin's; peak RSS is the receiver's own (`VmHWM`), and the largest examiner's is given beside it,
so each size is measured on its own. Ed25519 verification on one thread is timed just before and just after
each pull (`crypto.verify` over {VERIFY_SAMPLE:,} such envelopes, best of {VERIFY_ROUNDS} passes each time), because
this machine's pace changes from minute to minute; the target is a sync rate of at least half the higher of the
two. Just before, two processes also time Ed25519 at the same moment, one per core: when each is much slower than
one alone, the two cores do not give twice the work of one (they share a physical core or the host is busy), and
the pull, which needs both, is held back as much.

{HEADER}
{rows}

Sync rate at {largest.records:,} records: {largest.rate:,.0f} records/s against a target of {largest.target:,.0f}
({largest.rate / largest.target / 2:.0%} of the verification rate) — {verdict}. Receiver peak memory: {memory}.
"""
    profiled = [r for r in results if r.pull.get("profile")]
    if profiled:
        text += (f"\n### Hot spots of the pull at {profiled[-1].records:,} records\n\ncProfile in every thread of "
                 f"the receiver, not in its examiner processes (so slower than the measured pull): by own time, then "
                 f"ncen's functions by cumulative time.\n\n```\n{trim_profile(profiled[-1].pull['profile'])}\n```\n")
    return text


def trim_profile(report: str) -> str:
    """Keep the tables of a pstats report (the header lines are noise), with paths shortened."""
    kept = []
    for line in report.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("Ordered by", "List reduced", "function calls")) or \
                " function calls " in stripped:
            continue
        kept.append(line.rstrip().replace(str(REPO) + "/", "").replace(sys.prefix + "/lib/", ""))
    return "\n".join(kept)


# -- the command line --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--pull``, one measured pull in this process)."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench_sync", description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, action="append", help="backlog size (repeatable; default 10000 and "
                                                                      "100000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="where the nodes live (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the nodes' data directories")
    parser.add_argument("--profile", action="store_true", help="also profile a pull of the smallest size")
    parser.add_argument("--no-doc", dest="doc", action="store_false", help="do not write docs/performance.md")
    parser.add_argument("--pull", type=Path, help=argparse.SUPPRESS)  # the child: pull into this receiver
    parser.add_argument("--verify-paired", type=int, help=argparse.SUPPRESS)  # the child: time Ed25519 on cue
    args = parser.parse_args(argv)
    if args.verify_paired is not None:
        verify_in_child(args.verify_paired)
        return 0
    if args.pull:
        print(json.dumps(asyncio.run(pull(args.pull, ThreadProfiles() if args.profile else None))))
        return 0

    sizes = sorted(args.records or [10_000, 100_000])
    command = "python -m tools.bench_sync " + " ".join(f"--records {n}" for n in sizes) + \
        (" --profile" if args.profile else "") + \
        (f" --workdir {shlex.quote(str(args.workdir))}" if args.workdir else "")
    sample = VerificationSample.make(args.seed)
    base = args.workdir or Path(tempfile.mkdtemp(prefix="ncen-bench-sync-"))
    results = []
    try:
        for size in sizes:
            directory = base / f"backlog-{size}"
            if directory.exists():
                shutil.rmtree(directory)
            port = free_port()
            origin, receiver, issue_seconds = asyncio.run(prepare(directory, size, args.seed, port))
            print(f"{size:,} records signed by the origin in {issue_seconds:.1f} s", flush=True)
            profiled = args.profile and size == sizes[0]
            if profiled:  # a copy pulled apart, so that the profiler does not slow the measured pull
                shutil.copytree(receiver, directory / "receiver-profiled")
            paired = paired_verification_rates(args.seed)
            with serving(origin, port) as origin_pid:
                verify_before = sample.rate()  # the machine's pace right now: it varies from minute to minute
                origin_cpu = process_cpu(origin_pid)
                pulled = pull_in_child(receiver, profile=False)
                pulled["origin_cpu_seconds"] = process_cpu(origin_pid) - origin_cpu
                verify_after = sample.rate()
                if profiled:
                    pulled["profile"] = pull_in_child(directory / "receiver-profiled", profile=True)["profile"]
            if not pulled["ok"] or pulled["held"] != size:
                raise RuntimeError(f"the pull of {size} records failed: {pulled}")
            result = SizeResult(size, issue_seconds, pulled, verify_before, verify_after, paired)
            results.append(result)
            print(f"{size:,} records pulled in {pulled['seconds']:.1f} s: {result.rate:,.0f} records/s (target "
                  f"{result.target:,.0f}: Ed25519 on one thread {verify_before:,.0f}/s before, {verify_after:,.0f}/s "
                  f"after; {' and '.join(f'{r:,.0f}' for r in paired)}/s in two processes at once), "
                  f"peak RSS {pulled['peak_rss_kib'] / 1024:.0f} MiB (each examiner "
                  f"{pulled['worker_peak_rss_kib'] / 1024:.0f} MiB); CPU: receiver {pulled['cpu_seconds']:.1f} s, "
                  f"its examiners {pulled['worker_cpu_seconds']:.1f} s, origin {pulled['origin_cpu_seconds']:.1f} s",
                  flush=True)
            if not args.keep:
                shutil.rmtree(directory)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(base, ignore_errors=True)
    text = section(command, results, sample.envelope_bytes)
    print(text)
    if args.doc:
        write_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
