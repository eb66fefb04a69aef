"""Benchmark picture uploads: seconds and memory to check and re-encode one picture, at the default limits.

    python -m tools.bench_pictures [--repeat 5] [--no-doc]

Each case is a picture an officer may upload, made here from seeded noise (photos compress badly, so a noisy
picture is the expensive kind): a phone photo, the largest JPEG the default upload limit (20 MB) admits, taken
sideways (EXIF orientation 6, so it is rotated), and a PNG just under the default pixel limit (50 million).
``process_picture`` (sniffing, layout checks, re-encoding without metadata, thumbnail) runs ``--repeat`` times
in a fresh child process per case, so that each case's peak memory is its own: the child's peak RSS (``VmHWM``)
is given with what it held before the first run (the interpreter, Pillow and the upload's bytes). It prints a
Markdown table and writes the ``## Pictures`` section of docs/performance.md, leaving the other sections alone.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import platform
import random
import statistics
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from node.config import Config
from node.media.images import process_picture
from tools.perfdoc import write_section

MB = 1024 * 1024
ORIENTATION = 0x0112


@dataclass(frozen=True)
class Case:
    label: str
    width: int
    height: int
    fmt: str
    params: dict[str, object]
    smooth: bool = False  # a gradient with coarse grain rather than noise: a huge PNG within the upload limit

    def encode(self, seed: int) -> bytes:
        rng = random.Random(seed)
        if self.smooth:
            gradient = Image.linear_gradient("L").convert("RGB").resize((self.width, self.height))
            grain = Image.frombytes("RGB", (self.width // 4, self.height // 4),
                                    rng.randbytes(self.width // 4 * (self.height // 4) * 3))
            image = Image.blend(gradient, grain.resize((self.width, self.height), Image.Resampling.NEAREST), 0.2)
        else:
            grain = Image.frombytes("RGB", (self.width // 2, self.height // 2),
                                    rng.randbytes(self.width // 2 * (self.height // 2) * 3))
            image = grain.resize((self.width, self.height), Image.Resampling.BILINEAR)
        buffer = io.BytesIO()
        image.save(buffer, self.fmt, **self.params)
        return buffer.getvalue()


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return exif


CASES = (
    Case("phone photo, JPEG 4000×3000", 4000, 3000, "JPEG", {"quality": 90, "exif": _exif(1)}),
    Case("largest upload, JPEG 6000×4000 taken sideways", 6000, 4000, "JPEG", {"quality": 95, "exif": _exif(6)}),
    Case("at the pixel limit, PNG 7000×7000", 7000, 7000, "PNG", {"compress_level": 6}, smooth=True),
)


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} is not in /proc/self/status")


@dataclass(frozen=True)
class Measured:
    """One picture's runs: seconds of each, and its child's memory before the first and at its peak."""

    label: str
    size: int
    seconds: tuple[float, ...]
    before_kib: int
    peak_kib: int

    def row(self) -> str:
        return (f"| {self.label} | {self.size / MB:.1f} | {statistics.median(self.seconds):.2f} | "
                f"{max(self.seconds):.2f} | {self.peak_kib / 1024:.0f} | {self.before_kib / 1024:.0f} |")


def measure(label: str, path: str, repeat: int, max_bytes: int, max_pixels: int) -> Measured:
    """In the child: process the picture at ``path`` ``repeat`` times."""
    data = Path(path).read_bytes()
    before = _status_kib("VmRSS")
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        process_picture(data, max_bytes=max_bytes, max_pixels=max_pixels)
        seconds.append(time.perf_counter() - started)
    return Measured(label, len(data), tuple(seconds), before, _status_kib("VmHWM"))


def run_case(case: Case, seed: int, repeat: int) -> Measured:
    config = Config()
    data = case.encode(seed)
    if len(data) > config.max_upload_bytes or case.width * case.height > config.max_image_megapixels * 1_000_000:
        raise SystemExit(f"{case.label}: {len(data) / MB:.1f} MB does not fit the default limits")
    with tempfile.NamedTemporaryFile(suffix="." + case.fmt.lower()) as file:
        file.write(data)
        file.flush()
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            return pool.apply(measure, (case.label, file.name, repeat, config.max_upload_bytes,
                                        config.max_image_megapixels * 1_000_000))


def table(results: Sequence[Measured]) -> str:
    return "\n".join(["| picture | size (MB) | median (s) | slowest (s) | peak RSS (MiB) | held before (MiB) |",
                      "|---|---:|---:|---:|---:|---:|", *(r.row() for r in results)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_pictures", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each picture (default 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-doc", dest="doc", action="store_false", help="do not write docs/performance.md")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat: must be at least 1")
    results = []
    for case in CASES:
        results.append(run_case(case, args.seed, args.repeat))
        print(results[-1].row(), flush=True)
    text = table(results)
    print(text)
    if args.doc:
        command = "python -m tools.bench_pictures" + (f" --repeat {args.repeat}" if args.repeat != 5 else "")
        measured = (f"Measured {time.strftime('%Y-%m-%d')} on {multiprocessing.cpu_count()} cores, Python "
                    f"{platform.python_version()}, Pillow {Image.__version__}, with")
        method = ("Seconds to check and re-encode one uploaded picture (`process_picture`: type sniffed, layout and "
                  "pixel count checked, shared copy re-encoded without metadata, thumbnail), each picture processed "
                  f"{args.repeat} times in a fresh child process; peak RSS is that child's, and \"held before\" what "
                  "it held before the first run (interpreter, Pillow, the upload's bytes). The JPEGs are seeded "
                  "noise, the slow kind to encode; the PNG is a gradient with coarse noise, so that 49 million "
                  "pixels fit in the 20 MB limit.")
        write_section("## Pictures", f"## Pictures\n\n{textwrap.fill(measured, 115)}\n\n    {command}\n\n"
                                     f"{textwrap.fill(method, 115)}\n\n{text}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
