"""Time ``notelint check`` on the user's notes: the whole command, the parse, and each rule.

Usage: python bench/bench_check.py [FILE] [--runs N]

Prints medians over N runs (after one warm-up): the end-to-end command in a fresh process
(start-up included, as pre-commit and CI run it), cold (``--no-cache``) and cached (a warm
``--cache-dir``, the file unchanged), the bare interpreter's start-up, the in-process parse,
and each rule's ``check`` on the parsed document. The command runs on a copy of the file in a
temporary folder, away from this repository's config (which excludes tests/). notelint's
modules are compiled to bytecode first, as installing it would (``bench/bytecode.py``). Nothing
here is asserted; README figures come from its output.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bytecode import compile_notelint

from lint.config import load_config
from lint.engine import Engine
from lint.parser import parse
from lint.registry import Rule, RuleContext
from lint.source import read_source

ROOT = Path(__file__).resolve().parent.parent


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: imports, dictionary caches, compiled regexes
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", nargs="?", default=str(ROOT / "tests" / "corpus" / "aws-notes.md"))
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if not compile_notelint():
        sys.exit("bench_check: notelint's modules did not compile")
    path = Path(args.file)
    text = read_source(path)
    lines = text.count("\n") + 1

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, Path(tmp) / path.name)
        command = [sys.executable, "-m", "lint", "check", path.name, "--format", "json"]
        cold = [*command, "--no-cache"]
        cached = [*command, "--cache-dir", str(Path(tmp) / "cache")]
        e2e = median_ms(lambda: subprocess.run(cold, capture_output=True, cwd=tmp), args.runs)
        e2e_cached = median_ms(lambda: subprocess.run(cached, capture_output=True, cwd=tmp), args.runs)
        startup = median_ms(lambda: subprocess.run([sys.executable, "-m", "lint", "--version"],
                                                   capture_output=True, cwd=tmp), args.runs)
        bare = median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], capture_output=True, cwd=tmp),
                         args.runs)
    parse_ms = median_ms(lambda: parse(text, str(path)), args.runs)
    engine = Engine(load_config([path]))
    # A fresh parse per run: rules share analyses memoised on the Document, so re-checking
    # one document would time only the first rule's share of them.
    check_ms = median_ms(lambda: engine.check([parse(text, str(path))]), args.runs) - parse_ms
    print(f"file: {path} ({lines} lines, {len(text.encode()):,} bytes); median of {args.runs} runs\n")
    print("| what | median ms |")
    print("|---|---:|")
    print(f"| `notelint check` end to end (fresh process, `--no-cache`) | {e2e:.0f} |")
    print(f"| `notelint check` end to end, cached (file unchanged) | {e2e_cached:.0f} |")
    print(f"| interpreter + imports only (`notelint --version`) | {startup:.0f} |")
    print(f"| the interpreter alone (`python -c pass`, its site hooks included) | {bare:.0f} |")
    print(f"| parse (mistune + positions) | {parse_ms:.1f} |")
    print(f"| all rules + filters on the parsed document | {check_ms:.1f} |")
    for rule, ctx in engine.rules:
        def one(rule: Rule = rule, ctx: RuleContext = ctx) -> float:
            doc = parse(text, str(path))
            start = time.perf_counter()
            list(rule.check_all([doc], ctx))
            return (time.perf_counter() - start) * 1000

        one()
        ms = statistics.median(one() for _ in range(args.runs))
        print(f"| rule `{rule.id}` alone (with the analyses it needs) | {ms:.1f} |")

if __name__ == "__main__":
    main()
