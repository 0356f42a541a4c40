"""Precision, recall, fix safety and speed of notelint's spelling rules, next to codespell.

Usage: python bench/typo/bench_typo.py [--runs N]

Scores, on the hand-labelled words of notes/aws-notes.md (labels.tsv; README.md says how it was
built), in one run:

- notelint's typo rules (typo, typo-contraction, typo-confusion) and the codespell CLI (its
  default dictionaries, run as a subprocess on the same file; hits outside prose are counted
  apart): precision over every word flagged in prose, recall on the non-word typos, recall on
  real-word typos (its/it's, cant, wont);
- term-case apart (casing is no misspelling): precision and recall on the labelled casings;
- the fixes: the corpus fixed with safe fixes, then with unsafe ones too, compared with the
  original word by word: every changed word must be a labelled typo changed to its label;
  every misspelled name must be fixed to the right name by the safe fixes;
- speed: building the lexicon without a cache, loading it from the cache (fresh processes), and
  the four rules on the parsed corpus after start-up (medians of N runs).

Nothing here is asserted; tests/test_typo_bench.py holds the floors.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evaluate import (  # noqa: E402
    CASE_RULES,
    CORPUS,
    ROOT,
    TYPO_RULES,
    Labels,
    codespell_hits,
    fixed_text,
    flagged_by_notelint,
    load_corpus,
    load_labels,
    named_fixes,
    prose_occurrences,
    run_rules,
    score,
    timed,
    word_changes,
)

from lint.document import Document  # noqa: E402
from lint.parser import parse  # noqa: E402
from lint.prose import prose_index, prose_tokens, segments  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    doc = load_corpus()
    labels = load_labels()

    ours = score(doc, flagged_by_notelint(doc), labels)
    hits, outside = codespell_hits(CORPUS, doc)
    theirs = score(doc, hits, labels)
    print(f"corpus: {CORPUS.relative_to(ROOT)}; {len(prose_occurrences(doc))} words of prose; "
          f"{ours.gold} non-word typos and {ours.real_gold} real-word typos labelled\n")
    print("| tool | flagged | true | precision | recall, non-word typos | recall, real-word typos |")
    print("|---|---:|---:|---:|---:|---:|")
    tools = (("notelint (typo, typo-contraction, typo-confusion)", ours), ("codespell 2.4 CLI", theirs))
    for name, s in tools:
        print(f"| {name} | {s.flagged} | {s.true} | {s.precision:.3f} | {s.recall:.3f} ({s.found}/{s.gold}) "
              f"| {s.real_recall:.3f} ({s.real_found}/{s.real_gold}) |")
    print(f"\ncodespell hits outside prose (code, URLs), not scored: {outside}")
    case_flagged, case_true, case_gold, case_found = _case_score(doc, labels)
    print(f"term-case: {case_flagged} flagged, {case_true} true (precision "
          f"{case_true / case_flagged if case_flagged else 1:.3f}); recall {case_found}/{case_gold}")

    for title, s in (("notelint", ours), ("codespell", theirs)):
        print(f"\n{title}: false positives {len(s.false) + len(s.unlabelled)}, misses {len(s.missed)}")
        for occ in s.false:
            print(f"  false   {occ.line}:{occ.column} {occ.word}")
        for occ in s.unlabelled:
            print(f"  UNLABELLED {occ.line}:{occ.column} {occ.word}")
        for occ in s.missed:
            print(f"  missed  {occ.line}:{occ.column} {occ.word}")

    print("\nFixes, checked word by word against the original:")
    rules = (*TYPO_RULES, *CASE_RULES)
    for unsafe in (False, True):
        fixed = fixed_text(doc, rules, unsafe)
        changes = word_changes(doc, fixed, labels)
        bad = [c for c in changes if c.verdict != "ok"]
        kind = "safe + unsafe" if unsafe else "safe only"
        print(f"- {kind}: {len(changes)} words changed, {len(bad)} wrongly")
        for c in bad:
            print(f"    line {c.line}: {c.before!r} -> {c.after!r}: {c.verdict}")
        if not unsafe:
            done, left = named_fixes(doc, fixed, labels)
            print(f"- misspelled names fixed by safe fixes: {len(done)} "
                  f"({', '.join(f'{c.before} -> {c.after}' for c in done)}); left: {len(left)}")

    _speed(args.runs)


def _case_score(doc: Document, labels: Labels) -> tuple[int, int, int, int]:
    """term-case's findings scored on the casing labels: flagged, true, labelled, found."""
    findings = run_rules(doc, CASE_RULES)
    flagged = {f.start: doc.text[f.start:f.end] for f in findings}
    true = 0
    for start, text in flagged.items():
        lbl = labels.get(text, *doc.position(start))
        true += lbl is not None and lbl.verdict == "typo" and lbl.kind == "case"
    gold = found = 0
    for token in prose_tokens(doc):
        for text, start, _ in segments(token):
            lbl = labels.get(text, *doc.position(start))
            if lbl and lbl.verdict == "typo" and lbl.kind == "case":
                gold += 1
                found += start in flagged
    return len(flagged), true, gold, found


def _speed(runs: int) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nSpeed ({os.cpu_count()} CPUs, load average {load:.1f}; medians of {runs} runs, "
          "min in brackets):")
    probe = ("import time, lint.spelling as s; t = time.perf_counter(); s.lexicon(); "
             "print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NOTELINT_CACHE_DIR": cache}
        cold = [_seconds(probe, env)]
        warm = [_seconds(probe, env) for _ in range(max(3, runs // 3))]
        start = [_seconds("import time; t = time.perf_counter(); import lint.rules.typo, "
                          "lint.rules.typo_contraction, lint.rules.typo_confusion, lint.rules.term_case; "
                          "import lint.spelling as s; s.lexicon(); print(time.perf_counter() - t)", env)
                 for _ in range(max(3, runs // 3))]
    print(f"- lexicon built from the sources (first run, no cache): {cold[0] * 1000:.0f} ms")
    print(f"- lexicon loaded from the cache (fresh process): {_ms(warm)}")
    print(f"- start-up: importing the four rules and loading the lexicon (fresh process): {_ms(start)}")
    text = CORPUS.read_text(encoding="utf-8")
    rules = (*TYPO_RULES, *CASE_RULES)
    run_rules(parse(text, str(CORPUS)), rules)  # warm-up: lexicon, memos
    print("- on the parsed corpus after start-up (wall ms | CPU ms):")
    cases: list[tuple[str, Callable[[Document], object]]] = [
        ("prose index (shared by the four rules)", prose_index),
        ("the four rules, prose index included", lambda d: run_rules(d, rules)),
    ]
    cases += [(f"{rule_id} alone, prose index included", lambda d, r=rule_id: run_rules(d, (r,)))
              for rule_id in rules]
    for name, fn in cases:
        docs = iter([parse(text, str(CORPUS)) for _ in range(runs)])
        wall, cpu = timed(lambda f=fn, ds=docs: f(next(ds)), runs)  # type: ignore[misc]
        print(f"  - {name}: {_ms(wall)} | {_ms(cpu)}")


def _seconds(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.1f} ms ({min(times) * 1000:.1f})"


if __name__ == "__main__":
    main()
