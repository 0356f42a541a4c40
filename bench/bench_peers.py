"""Time ``notelint check`` against ``mdformat --check`` and ``codespell``, side by side.

Usage: python bench/bench_peers.py [--repeat 5] [--files 50] [--corpus FILE] [--seed 5] [--jobs N]

Two sets of files are written to a temporary directory, away from any pyproject or tool config,
so every tool runs with its defaults: the corpus alone (1 file), and ``--files`` copies of it in
one directory. Copy 0 is the corpus verbatim; every other copy is perturbed by
``bench_duplicates.write_copies`` (30% of prose lines: two words swapped, a word dropped or a
typo), so notelint's cross-file duplicate rules see notes that drifted apart, not identical files.

notelint's modules are compiled to bytecode first, as pip does when it installs a package (the
peers were installed so; see ``bench/bytecode.py``). Every command is a fresh process, timed
wall-clock from spawn to exit, its output sent to a temporary file. Warm-up, untimed: each
command once on the 1-file set (imports from disk, the spelling lexicon's cache), and the cached
notelint once on each set (it fills that set's cache).
Then ``--repeat`` rounds, interleaved: in each round every command runs once on each set, in an
order rotated by one place per round so no command always goes first. Medians are reported.

notelint runs twice per set and round: cold, with a fresh empty ``--cache-dir``, and cached, the
second or later run over the unchanged files with the cache dir its warm-up filled. The cold run
is the one compared with mdformat. Only ``--cache-dir`` is switched: the spelling lexicon's own
cache ($NOTELINT_CACHE_DIR or the user cache dir) stays warm throughout. When ``notelint check
--help`` offers no ``--cache-dir``, notelint runs without cache flags once per round and the
cached rows are n/a. ``--no-baseline`` and ``--jobs`` are passed only if the help offers them
(``--jobs`` only when given here; notelint's default is the available cores).

Peak memory comes from one more cold notelint run on the many-file set, not timed: the RSS of
the notelint process and all its descendants (its process pool), summed, sampled every 10 ms with
psutil; the maximum of the sums, in MB of 10^6 bytes. Pages shared between processes count once
per process, so it errs high.

notelint and mdformat exit 0 or 1 and codespell 0 or 65 on success (1 and 65: findings); any
other exit, or a traceback, stops the bench with the command's stderr. Nothing is asserted: the
targets are printed next to the measured ratios with pass or miss.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil
from bench_duplicates import write_copies
from bytecode import compile_notelint

from lint.source import read_source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"
SHARE = 0.3  # share of prose lines perturbed per copy, as in bench_duplicates
SAMPLE_SECONDS = 0.01
MB = 10**6
NOTELINT_OK = frozenset({0, 1})
MDFORMAT_OK = frozenset({0, 1})
CODESPELL_OK = frozenset({0, 65})
CONFIG_NAMES = ("pyproject.toml", ".notelint.toml", ".mdformat.toml", ".codespellrc", "setup.cfg")


class BenchError(Exception):
    """A command failed: the bench's numbers would mean nothing."""


@dataclass(frozen=True)
class FileSet:
    label: str  # "1 file", "50 files"
    slug: str  # names its warm cache dir
    files: list[Path]


@dataclass(frozen=True)
class Tool:
    label: str  # the row of the timing table
    ok: frozenset[int]  # exit codes that mean the run worked
    command: Callable[[FileSet], list[str]]  # a fresh command line for one run over a set


@dataclass(frozen=True)
class Target:
    what: str
    measured: float | None
    limit: float
    unit: str  # "×" for ratios (pass when ≤ limit), "MB" (pass when < limit)


# Pure helpers (tests/test_bench_peers.py runs them).

def rotated(items: Sequence[Tool], k: int) -> list[Tool]:
    """``items`` starting at position ``k`` (mod its length) and wrapping round."""
    if not items:
        return []
    k %= len(items)
    return [*items[k:], *items[:k]]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def verdict(target: Target) -> str:
    if target.measured is None:
        return "n/a"
    if target.unit == "×":
        return "pass" if target.measured <= target.limit else "miss"
    return "pass" if target.measured < target.limit else "miss"


def fmt_seconds(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f}"


def fmt_target(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f}×" if unit == "×" else f"{value:.0f} MB"


def supports(help_text: str, flag: str) -> bool:
    """Whether ``flag`` appears as a whole option in a ``--help`` text."""
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_text) is not None


def check_exit(command: Sequence[str], code: int, stderr: str, ok: frozenset[int]) -> None:
    """Raise ``BenchError`` unless ``code`` is a success code and no traceback was printed."""
    if code in ok and "Traceback (most recent call last)" not in stderr:
        return
    tail = "\n".join(stderr.rstrip().splitlines()[-40:])
    raise BenchError(f"command failed with exit code {code}: {' '.join(command)}\n{tail}")


def timing_table(medians: dict[tuple[str, str], float | None], tools: Sequence[str],
                 sets: Sequence[str]) -> list[str]:
    """Markdown rows: one per tool, one column of median seconds per file set."""
    lines = ["| command |" + "".join(f" {s} s |" for s in sets), "|---|" + "---:|" * len(sets)]
    for tool in tools:
        lines.append(f"| {tool} |" + "".join(f" {fmt_seconds(medians.get((tool, s)))} |" for s in sets))
    return lines


def targets_table(targets: Sequence[Target]) -> list[str]:
    lines = ["| target | measured | goal | result |", "|---|---:|---:|---|"]
    for t in targets:
        goal = f"≤ {t.limit:g}×" if t.unit == "×" else f"< {t.limit:g} MB"
        lines.append(f"| {t.what} | {fmt_target(t.measured, t.unit)} | {goal} | {verdict(t)} |")
    return lines


# Processes.

def tree_rss(root: psutil.Process) -> int:
    """Summed RSS in bytes of ``root`` and all its descendants; processes that are gone count 0."""
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def sample_peak_rss(proc: subprocess.Popen[bytes]) -> int:
    """Until ``proc`` exits: the largest ``tree_rss`` seen, sampled every ``SAMPLE_SECONDS``."""
    try:
        root = psutil.Process(proc.pid)
    except psutil.Error:
        return 0
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(root))
        time.sleep(SAMPLE_SECONDS)
    return peak


def run_once(command: list[str], ok: frozenset[int], cwd: Path, memory: bool = False) -> tuple[float, int]:
    """Wall-clock seconds of one run, and its peak tree RSS in bytes when ``memory`` (else 0)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd)
        peak = sample_peak_rss(proc) if memory else 0
        code = proc.wait()
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    check_exit(command, code, stderr, ok)
    return seconds, peak


def executable(name: str) -> list[str] | None:
    """``name`` next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return [str(beside)]
    found = shutil.which(name)
    return [found] if found else None


def version(command: list[str]) -> str:
    try:
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"
    text = (done.stdout or done.stderr).strip()
    if done.returncode != 0 or not text:
        return "n/a (no --version)"
    return ", ".join(line.strip() for line in text.splitlines())


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def configs_above(directory: Path) -> list[Path]:
    """Config files in ``directory`` or above it that one of the tools might read."""
    return [d / name for d in (directory, *directory.parents) for name in CONFIG_NAMES
            if (d / name).is_file()]


# The bench.

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds (default 5)")
    ap.add_argument("--files", type=int, default=50, help="copies in the many-file set (default 50)")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the notes file to copy")
    ap.add_argument("--seed", type=int, default=5, help="seed of the perturbations")
    ap.add_argument("--jobs", type=int, help="pass --jobs N to notelint (default: notelint's own)")
    args = ap.parse_args()
    if args.repeat < 1 or args.files < 2:
        ap.error("--repeat must be at least 1 and --files at least 2")
    try:
        run_bench(args)
    except BenchError as exc:
        sys.exit(f"bench_peers: {exc}")


def run_bench(args: argparse.Namespace) -> None:
    if not compile_notelint():
        raise BenchError("notelint's modules did not compile")
    notelint = executable("notelint") or [sys.executable, "-m", "lint.cli"]
    mdformat = executable("mdformat")
    codespell = executable("codespell")
    if mdformat is None or codespell is None:
        raise BenchError("mdformat and codespell must be installed: pip install -e '.[bench]'")
    help_run = subprocess.run([*notelint, "check", "--help"], capture_output=True, text=True)
    check_exit([*notelint, "check", "--help"], help_run.returncode, help_run.stderr, frozenset({0}))
    has_cache = supports(help_run.stdout, "--cache-dir")
    flags = ["--no-baseline"] if supports(help_run.stdout, "--no-baseline") else []
    notes = []
    if args.jobs is not None:
        if supports(help_run.stdout, "--jobs"):
            flags += ["--jobs", str(args.jobs)]
        else:
            notes.append(f"`notelint check --help` offers no --jobs: --jobs {args.jobs} was not passed.")
    if not has_cache:
        notes.append("`notelint check --help` offers no --cache-dir: notelint ran without cache flags "
                     "(its row is a plain run); the cached rows and the cached/cold ratios are unavailable.")

    text = read_source(args.corpus)
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as tmp:
        root = Path(tmp)
        notes += [f"{p} exists above the temporary directory and may configure a tool."
                  for p in configs_above(root)]
        one, many, caches = root / "one", root / "many", root / "cache"
        for d in (one, many, caches):
            d.mkdir()
        single = one / args.corpus.name
        shutil.copyfile(args.corpus, single)
        copies = write_copies(text, args.files, many, args.seed, SHARE)
        sets = [FileSet("1 file", "one", [single]), FileSet(f"{args.files} files", "many", copies)]

        def files(fs: FileSet) -> list[str]:
            return [str(p) for p in fs.files]

        def cold(fs: FileSet) -> list[str]:
            if not has_cache:
                return [*notelint, "check", *files(fs), *flags]
            fresh = tempfile.mkdtemp(prefix=f"cold-{fs.slug}-", dir=caches)
            return [*notelint, "check", *files(fs), "--cache-dir", fresh, *flags]

        def cached(fs: FileSet) -> list[str]:
            warm = caches / f"warm-{fs.slug}"
            warm.mkdir(exist_ok=True)
            return [*notelint, "check", *files(fs), "--cache-dir", str(warm), *flags]

        notelint_cold = Tool("`notelint check` cold (fresh empty `--cache-dir`)" if has_cache
                             else "`notelint check` (no cache flags)", NOTELINT_OK, cold)
        notelint_cached = Tool("`notelint check` cached (warm `--cache-dir`, unchanged files)",
                               NOTELINT_OK, cached)
        peers = [Tool("`mdformat --check`", MDFORMAT_OK, lambda fs: [*mdformat, "--check", *files(fs)]),
                 Tool("`codespell`", CODESPELL_OK, lambda fs: [*codespell, *files(fs)])]
        tools = [notelint_cold, *([notelint_cached] if has_cache else []), *peers]

        for tool in tools:
            run_once(tool.command(sets[0]), tool.ok, root)
        if has_cache:
            run_once(notelint_cached.command(sets[1]), notelint_cached.ok, root)
        times: dict[tuple[str, str], list[float]] = {(t.label, s.label): [] for t in tools for s in sets}
        for r in range(args.repeat):
            for fs in sets:
                for tool in rotated(tools, r):
                    seconds, _ = run_once(tool.command(fs), tool.ok, root)
                    times[tool.label, fs.label].append(seconds)
            print(f"round {r + 1}/{args.repeat} done", file=sys.stderr, flush=True)
        _, peak = run_once(notelint_cold.command(sets[1]), notelint_cold.ok, root, memory=True)

    medians = {key: median(values) for key, values in times.items()}
    if not has_cache:
        medians.update({(notelint_cached.label, s.label): None for s in sets})
    one_label, many_label = sets[0].label, sets[1].label
    lines = text.count("\n") + 1
    print(f"notelint: {version(notelint)}; mdformat: {version(mdformat)}; codespell: {version(codespell)}")
    print(f"cores: {os.cpu_count()} (available to this process: {available_cores()}); notelint "
          + (f"run with --jobs {args.jobs}" if "--jobs" in flags else "run with its default pool size"))
    print(f"corpus: {args.corpus.name}, {lines:,} lines, {len(text.encode()):,} bytes; {many_label}: copy 0 "
          f"verbatim, {SHARE:.0%} of prose lines perturbed in each other copy (seed {args.seed}); "
          f"median wall-clock seconds over {args.repeat} interleaved round(s)")
    print(f"commands: `notelint check FILES {' '.join(flags)}{' --cache-dir DIR' if has_cache else ''}`, "
          f"`mdformat --check FILES`, `codespell FILES`; run as {' '.join(notelint)}, {mdformat[0]}, "
          f"{codespell[0]}\n")
    labels = [notelint_cold.label, notelint_cached.label, *(p.label for p in peers)]
    print("\n".join(timing_table(medians, labels, [one_label, many_label])))
    print()

    def notelint_over(peer: Tool, fs: FileSet) -> float | None:
        return ratio(medians[notelint_cold.label, fs.label], medians[peer.label, fs.label])

    def cached_over_cold(fs: FileSet) -> float | None:
        return ratio(medians[notelint_cached.label, fs.label], medians[notelint_cold.label, fs.label])

    targets = [
        Target(f"{one_label}: notelint / mdformat", notelint_over(peers[0], sets[0]), 0.5, "×"),
        Target(f"{many_label}: notelint / mdformat", notelint_over(peers[0], sets[1]), 0.3, "×"),
        Target(f"{one_label}: cached / cold", cached_over_cold(sets[0]), 0.2, "×"),
        Target(f"{many_label}: cached / cold", cached_over_cold(sets[1]), 0.2, "×"),
        Target(f"{many_label}: peak memory of a cold notelint run (process tree)",
               peak / MB if peak else None, 300, "MB"),
    ]
    print("\n".join(targets_table(targets)))
    print(f"\nfor reference, notelint / codespell: {fmt_target(notelint_over(peers[1], sets[0]), '×')} "
          f"({one_label}), {fmt_target(notelint_over(peers[1], sets[1]), '×')} ({many_label})")
    for note in notes:
        print(f"\nnote: {note}")


if __name__ == "__main__":
    main()
