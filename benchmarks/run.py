"""Measure `make-folder build` on the default leaflet against the floor, and print the table.

The floor (benchmarks/floor.py) is the thinnest ReportLab script that draws the same two imposed
pages; every time and memory figure of make-folder is set beside the floor's where one exists.
What is measured, each in a fresh output folder so that nothing is skipped by an incremental
build's manifest:

- cold build: the whole process ``python make_folder.py build content.yaml --out DIR``, run
  ``--runs`` times (median, min–max), its CPU time and its peak memory; the floor alike;
- warm build: one Python process imports ``layout.build.build`` and builds the leaflet again and
  again (the first call warms it up): what a leaflet costs once the imports are paid;
- 20 languages: one process builds 20 copies of content.yaml, each with another ``language:``;
- output sizes: the print PDF, reader PDF and job sheet of the default leaflet, and the floor's.

Usage: ``python benchmarks/run.py [--runs N] [--languages-runs K] [--repo PATH] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import reportlab

HERE = Path(__file__).resolve().parent
FLOOR = HERE / "floor.py"
CONTENT = "content.yaml"
# Twenty languages pyphen has hyphenation dictionaries for, so every copy is hyphenated.
LANGUAGES = (
    *("nb", "nn", "da", "sv", "de", "en", "fr", "es", "it", "nl"),
    *("pt", "pl", "cs", "sk", "sl", "hr", "hu", "ro", "et", "lt"),
)
MIB = 1024  # ru_maxrss is in KiB on Linux
KB = 1000  # output sizes in kilobytes of 1,000 bytes

# The targets.
COLD_RATIO = 1.3  # cold build of print + reader ≤ 1.3 × the floor's
LANGUAGES_SECONDS = 0.4  # 20 languages in one build ≤ 0.4 s wall on 2 cores
PEAK_MIB = 80.0  # peak memory
PRINT_KB = 25.0  # print PDF size


@dataclass
class Run:
    """One child process: wall time, CPU time (user + system) and peak resident set size.

    Read with ``os.wait4`` on the child, so the figures are the child's own *and* those of every
    descendant it waited for (the kernel reports RUSAGE_SELF + RUSAGE_CHILDREN of the child):
    CPU times are summed over the whole process tree, while ``ru_maxrss`` is the largest peak of
    any *single* process in it — for a process pool, the biggest worker or the parent, never the
    sum of workers that were alive at the same time.
    """

    wall: float  # seconds, from spawning the child to reaping it
    cpu: float  # seconds, user + system, of the child and its reaped descendants
    peak_mib: float  # MiB, the largest ru_maxrss of the child or a reaped descendant


@dataclass
class Series:
    """Repeated runs of one command."""

    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        walls = [run.wall for run in self.runs]
        return min(walls), max(walls)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.runs)


# Children run as a user's shell runs them: Python writes its bytecode caches (an environment
# that forbids it would make every "cold" run compile the package from source again).
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def spawn(command: Sequence[str], cwd: Path, log: Path) -> Run:
    """Run ``command`` in ``cwd`` to its end, output to ``log``; raise if it fails."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"error: {' '.join(command)} exited with {child.returncode}:\n{tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / MIB)


def say(message: str) -> None:
    """Progress on stderr, so the table on stdout stays clean."""
    print(message, file=sys.stderr, flush=True)


def git_commit(repo: Path) -> str:
    """The measured checkout's commit, ``+dirty`` when its tree has uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+dirty" if status.strip() else "")


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (the platform's processor string elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def header(repo: Path) -> dict[str, Any]:
    """Where and when: date, machine, versions and the commit measured."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "load": round(load, 2),  # the 1-minute load average when the run started: noise
        "python": platform.python_version(),
        "reportlab": reportlab.Version,
        "repo": str(repo),
        "commit": git_commit(repo),
    }


def cold(repo: Path, runs: int, scratch: Path) -> tuple[Series, Series, Path, Path]:
    """The cold build and the floor, each a fresh process and a fresh output folder per run,
    alternated so that a change in the machine's load hits both alike. One untimed run of each
    first writes the bytecode caches (a fresh clone has none). Returns both series, the output
    folder of a make-folder run and the floor's PDF."""
    build, floor = Series(), Series()
    for i in range(runs + 1):
        out = scratch / f"cold-{i}"
        command = [sys.executable, "make_folder.py", "build", CONTENT, "--out", str(out)]
        made = spawn(command, repo, scratch / f"cold-{i}.log")
        pdf = scratch / f"floor-{i}.pdf"
        drawn = spawn([sys.executable, str(FLOOR), str(pdf), CONTENT], repo, scratch / "floor.log")
        if i:  # the first of each is the untimed warm-up
            build.runs.append(made)
            floor.runs.append(drawn)
            say(f"  cold {i}/{runs}: make-folder {made.wall:.3f} s, floor {drawn.wall:.3f} s")
    return build, floor, out, pdf


# In a child Python in the measured checkout: the leaflet built again and again in one process.
WARM = """
import json, sys, tempfile, time
from pathlib import Path

def warm(runs, call):
    times = []
    for _ in range(runs + 1):  # the first call pays imports, font parsing and caches
        with tempfile.TemporaryDirectory() as out:  # a fresh folder: no manifest to skip on
            start = time.perf_counter()
            call(Path(out))
            times.append(time.perf_counter() - start)
    return times[1:]

runs = int(sys.argv[1])
sys.path.insert(0, sys.argv[2])
import floor
from layout.build import build
print(json.dumps({
    "make-folder": warm(runs, lambda out: build(Path("content.yaml"), out)),
    "floor": warm(runs, lambda out: floor.main(str(out / "floor.pdf"), "content.yaml")),
}))
"""


def warm(repo: Path, runs: int) -> dict[str, list[float]]:
    """Seconds per leaflet, ``runs`` times, for make-folder's ``build()`` and the floor's
    ``main()`` called again and again in one warm Python process in ``repo``."""
    result = subprocess.run(
        [sys.executable, "-c", WARM, str(runs), str(HERE)],
        cwd=repo,
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"error: the warm build failed:\n{result.stderr[-2000:]}")
    times: dict[str, list[float]] = json.loads(result.stdout.splitlines()[-1])
    return times


def language_copies(repo: Path, folder: Path) -> list[Path]:
    """Twenty copies of the default content, one per language of :data:`LANGUAGES`.

    They may stand in any folder: the default content names no ``design:`` nor ``source:``, so
    the loader uses the bundled design.yaml and fonts, which it trusts wherever the content file
    stands (a content file that named a design would confine it to the content's project folder).
    """
    text = (repo / CONTENT).read_text(encoding="utf-8")
    if not re.search(r"^language:\s*\S+", text, flags=re.MULTILINE):
        raise SystemExit(f"error: {CONTENT} has no top-level 'language:' line to vary")
    folder.mkdir()
    copies = []
    for language in LANGUAGES:
        copy = folder / f"content.{language}.yaml"
        varied = re.sub(r"^language:\s*\S+", f"language: {language}", text, flags=re.MULTILINE)
        copy.write_text(varied, encoding="utf-8")
        copies.append(copy)
    return copies


def languages(repo: Path, runs: int, scratch: Path) -> tuple[Series, int]:
    """The 20-language build, a whole process each of ``runs`` times into a fresh folder, after
    an untimed warm-up; and how many PDFs one such build wrote."""
    copies = [str(path) for path in language_copies(repo, scratch / "languages")]
    series, written = Series(), 0
    for i in range(runs + 1):
        out = scratch / f"languages-{i}"
        command = [sys.executable, "make_folder.py", "build", *copies, "--out", str(out)]
        run = spawn(command, repo, scratch / f"languages-{i}.log")
        written = len(list(out.glob("*.pdf")))
        if i:
            series.runs.append(run)
            say(f"  20 languages {i}/{runs}: {run.wall:.3f} s, {written} PDFs")
    return series, written


def size_kb(folder: Path, pattern: str) -> float:
    """The size in KB of the one file in ``folder`` matching ``pattern`` (NaN if none)."""
    found = sorted(folder.glob(pattern))
    return found[0].stat().st_size / KB if found else float("nan")


def measure(repo: Path, runs: int, languages_runs: int) -> dict[str, Any]:
    """Every figure of one benchmark run of ``repo``, as plain data."""
    with tempfile.TemporaryDirectory(prefix="make-folder-bench-") as scratch_name:
        scratch = Path(scratch_name)
        say(f"cold builds and floor, {runs} runs each")
        build, floor, out, floor_pdf = cold(repo, runs, scratch)
        say(f"warm builds in one process, {runs} runs each")
        warm_times = warm(repo, runs)
        say(f"20 languages in one build, {languages_runs} runs")
        many, written = languages(repo, languages_runs, scratch)
        sizes = {
            "print": size_kb(out, "*-print.pdf"),
            "reader": size_kb(out, "*-reader.pdf"),
            "job": size_kb(out, "*-job.json"),
            "floor": floor_pdf.stat().st_size / KB,
        }
    return {
        "cold": {
            "make-folder": [asdict(r) for r in build.runs],
            "floor": [asdict(r) for r in floor.runs],
        },
        "warm": warm_times,
        "languages": {"runs": [asdict(r) for r in many.runs], "pdfs": written},
        "sizes_kb": sizes,
        "summary": {
            "cold_median": build.median,
            "cold_spread": build.spread,
            "cold_cpu": build.cpu,
            "floor_median": floor.median,
            "floor_spread": floor.spread,
            "floor_cpu": floor.cpu,
            "warm_median": statistics.median(warm_times["make-folder"]),
            "floor_warm_median": statistics.median(warm_times["floor"]),
            "languages_median": many.median,
            "languages_spread": many.spread,
            "languages_cpu": many.cpu,
            "cold_peak_mib": build.peak_mib,
            "floor_peak_mib": floor.peak_mib,
            "languages_peak_mib": many.peak_mib,
        },
    }


def table(figures: dict[str, Any], languages_pdfs_expected: int) -> list[list[str]]:
    """The rows: measure | make-folder | floor | ratio | target | met."""
    s, kb = figures["summary"], figures["sizes_kb"]

    def secs(median: float, spread: Sequence[float] | None = None) -> str:
        text = f"{median:.3f} s"
        return text + (f" ({spread[0]:.3f}–{spread[1]:.3f})" if spread else "")

    def ratio(ours: float, floor: float) -> str:
        return f"{ours / floor:.2f}×" if floor else "–"

    def met(ok: bool) -> str:
        return "yes" if ok else "NO"

    cold_ratio = s["cold_median"] / s["floor_median"]
    return [
        ["measure", "make-folder", "floor", "ratio", "target", "met"],
        [
            "cold build, print + reader (wall, median (min–max))",
            secs(s["cold_median"], s["cold_spread"]),
            secs(s["floor_median"], s["floor_spread"]),
            ratio(s["cold_median"], s["floor_median"]),
            f"≤ {COLD_RATIO}× floor",
            met(cold_ratio <= COLD_RATIO),
        ],
        [
            "cold build, CPU user + system (median)",
            secs(s["cold_cpu"]),
            secs(s["floor_cpu"]),
            ratio(s["cold_cpu"], s["floor_cpu"]),
            "–",
            "–",
        ],
        [
            "warm build in one process, per leaflet (median)",
            secs(s["warm_median"]),
            secs(s["floor_warm_median"]),
            ratio(s["warm_median"], s["floor_warm_median"]),
            "–",
            "–",
        ],
        [
            "20 languages in one build (wall, median (min–max))",
            secs(s["languages_median"], s["languages_spread"]),
            "–",
            "–",
            f"≤ {LANGUAGES_SECONDS} s",
            met(s["languages_median"] <= LANGUAGES_SECONDS),
        ],
        [
            "20 languages: PDFs written",
            str(figures["languages"]["pdfs"]),
            "–",
            "–",
            str(languages_pdfs_expected),
            met(figures["languages"]["pdfs"] == languages_pdfs_expected),
        ],
        [
            "peak memory, cold build (max RSS)",
            f"{s['cold_peak_mib']:.1f} MiB",
            f"{s['floor_peak_mib']:.1f} MiB",
            ratio(s["cold_peak_mib"], s["floor_peak_mib"]),
            f"≤ {PEAK_MIB:g} MiB",
            met(s["cold_peak_mib"] <= PEAK_MIB),
        ],
        [
            "peak memory, 20 languages (largest process)",
            f"{s['languages_peak_mib']:.1f} MiB",
            "–",
            "–",
            f"≤ {PEAK_MIB:g} MiB",
            met(s["languages_peak_mib"] <= PEAK_MIB),
        ],
        [
            "print PDF size",
            f"{kb['print']:.1f} KB",
            f"{kb['floor']:.1f} KB",
            ratio(kb["print"], kb["floor"]),
            f"≤ {PRINT_KB:g} KB",
            met(kb["print"] <= PRINT_KB),
        ],
        ["reader PDF size", f"{kb['reader']:.1f} KB", "–", "–", "–", "–"],
        ["job sheet (JSON) size", f"{kb['job']:.1f} KB", "–", "–", "–", "–"],
    ]


def aligned(rows: list[list[str]]) -> str:
    """Plain-text columns: the measure left, the figures right, a rule under the heading."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=11, help="cold and warm runs (default 11)")
    parser.add_argument(
        "--languages-runs", type=int, default=5, help="20-language builds (default 5)"
    )
    parser.add_argument(
        "--repo",
        type=Path,
        default=HERE.parent,
        help="the checkout to measure (default: the one holding this script)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.languages_runs < 1:
        parser.error("--runs and --languages-runs must be at least 1")
    repo = args.repo.resolve()
    if not (repo / "make_folder.py").is_file() or not (repo / CONTENT).is_file():
        parser.error(f"{repo} is not a make-folder checkout (no make_folder.py or {CONTENT})")
    if shutil.which("git") is None:
        say("note: git not found; the commit is reported as unknown")
    about = header(repo)
    figures = measure(repo, args.runs, args.languages_runs)
    print(
        f"{about['date']}  {about['cpu']}, {about['cores']} cores, load {about['load']}  "
        f"Python {about['python']}  ReportLab {about['reportlab']}  "
        f"{about['repo']} @ {about['commit']}"
    )
    print(f"runs: {args.runs} cold and warm, {args.languages_runs} of 20 languages\n")
    print(aligned(table(figures, 2 * len(LANGUAGES))))
    if args.json is not None:
        document = {"header": about, "runs": args.runs, "languages_runs": args.languages_runs}
        document.update(figures)
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
