"""Time the duplicate rules over the corpus ×1, ×10 and ×100, spread over many files.

Usage: python bench/bench_duplicates.py [--scales 1,10,100] [--seed 5] [--no-memory]

Copy 0 is the corpus itself; every other copy perturbs a share of its prose lines (outside
fences) the way notes drift apart: two neighbouring words swapped, a word dropped, or a typo
(two letters of a word swapped). The copies are written to a temporary directory, one copy a
file (×10: 10 files, ×100: 100 files), read back and parsed; parse time is reported apart from
rule time, both in CPU seconds of the one process. Each rule runs once over all documents of
the run (``check_all``), as the engine runs it. Peak memory is the rule's own allocation,
measured by tracemalloc in a separate run (it slows Python down, so times come from a run
without it). The last column is parse plus both rules, one core: the issue's budget for ×100
is 30 s. The cyclic garbage collector is tuned as ``notelint`` tunes it (``tune_gc``).
Nothing is asserted: the README and the issue quote the printed table.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

from lint.document import Document
from lint.finding import Finding
from lint.parser import parse
from lint.registry import Rule, RuleContext
from lint.rules.duplicate_paragraph import DuplicateParagraph
from lint.rules.near_duplicate import NearDuplicate
from lint.runner import tune_gc
from lint.source import read_source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"
_FENCE = re.compile(r"^\s*(```|~~~)")
_WORD = re.compile(r"[A-Za-z]{4,}")


def perturb_line(line: str, rng: random.Random) -> str:
    words = line.split(" ")
    if len(words) < 4:
        return line
    kind = rng.choice(("swap", "drop", "typo"))
    i = rng.randrange(1, len(words) - 1)  # keep the list marker or first word in place
    if kind == "swap":
        words[i], words[i + 1] = words[i + 1], words[i]
    elif kind == "drop":
        del words[i]
    else:
        word = words[i]
        if _WORD.fullmatch(word):
            j = rng.randrange(1, len(word) - 2)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def perturbed_copy(text: str, rng: random.Random, share: float) -> str:
    """The text with ``share`` of its prose lines perturbed once each; code fences untouched."""
    out, in_fence = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and rng.random() < share:
            line = perturb_line(line, rng)
        out.append(line)
    return "\n".join(out)


def write_copies(text: str, scale: int, directory: Path, seed: int, share: float) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for copy in range(scale):
        path = directory / f"topic-{copy:03d}.md"
        path.write_text(text if copy == 0 else perturbed_copy(text, rng, share), encoding="utf-8")
        paths.append(path)
    return paths


def run_rule(rule: Rule, docs: list[Document]) -> list[Finding]:
    return list(rule.check_all(docs, RuleContext()))


def measure(rule: Rule, docs: list[Document], memory: bool) -> tuple[float, str]:
    """One rule's CPU seconds, and its cells of the table: seconds, findings, peak MiB of its
    own allocations."""
    start = time.process_time()
    found = run_rule(rule, docs)
    seconds = time.process_time() - start
    peak = "-"
    if memory:
        tracemalloc.start()
        try:
            run_rule(rule, docs)
            peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:.0f}"
        finally:
            tracemalloc.stop()
    return seconds, f" {seconds:.2f} | {len(found):,} | {peak} |"


def parse_all(paths: list[Path]) -> tuple[float, list[Document]]:
    """The documents, and the CPU seconds spent reading and parsing them."""
    start = time.process_time()
    docs = [parse(read_source(p), str(p)) for p in paths]
    return time.process_time() - start, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--share", type=float, default=0.3, help="share of prose lines perturbed per copy")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    args = ap.parse_args()
    tune_gc()  # as the command line does
    text = read_source(CORPUS)
    rules: list[Rule] = [DuplicateParagraph(), NearDuplicate()]
    print(f"corpus: {CORPUS.name}, {len(text.encode()):,} bytes; {args.share:.0%} of prose lines perturbed "
          f"in each copy after the first\n")
    header = "| scale | files | MB | parse s |"
    for rule in rules:
        header += f" `{rule.id}` s | findings | peak MiB |"
    print(header + " total s |")
    print("|" + "---:|" * (5 + 3 * len(rules)))
    for scale in (int(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_copies(text, scale, Path(tmp), args.seed, args.share)
            size = sum(p.stat().st_size for p in paths)
            parse_s, docs = parse_all(paths)
            row = f"| ×{scale} | {len(paths)} | {size / 1e6:.1f} | {parse_s:.1f} |"
            total = parse_s
            for rule in rules:
                seconds, cells = measure(rule, docs, not args.no_memory)
                total += seconds
                row += cells
            print(f"{row} {total:.1f} |", flush=True)


if __name__ == "__main__":
    main()
