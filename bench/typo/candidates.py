"""Write the words of the notes that need a label: every word any detector flags.

Usage: python bench/typo/candidates.py [FILE] > candidates.tsv

A word is a candidate when any of these flags it:
- N: notelint's typo, typo-contraction, typo-confusion and term-case rules;
- C: the codespell CLI (its default dictionaries), on words of prose;
- U: an unknown-word pass: every word of prose (identifier parts and ALL-CAPS words included,
  any length) that no word list knows as written (English US/UK, software terms, glossary),
  before any of notelint's allowances (inflections, prefixes, compounds, acronyms, repeated
  words); plus every contraction word (dont, wont, cant...) and every its/it's;
- R: a rare-word pass, for misspellings that a word list happens to hold: every word of three
  letters or more, not ALL CAPS, that is known only as a rare dictionary word (pyspellchecker
  counts it fewer than 100 times) or only from the software vocabulary.

One line a word and line: word, line, sources, what notelint says, the line's text. Labels go in
labels.tsv (see README.md); words already labelled there are marked with their label.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from evaluate import (
    CASE_RULES,
    CORPUS,
    LABELS,
    TYPO_RULES,
    codespell_hits,
    load_corpus,
    load_labels,
    prose_occurrences,
    run_rules,
)

from lint.rules.typo import speller_for
from lint.spelling import CONTRACTIONS, SUGGEST_MIN_COUNT, normalise


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    doc = load_corpus(path)
    labels = load_labels(LABELS) if LABELS.exists() else None
    speller = speller_for()
    sources: dict[int, set[str]] = defaultdict(set)
    said: dict[int, str] = {}
    for finding in run_rules(doc, (*TYPO_RULES, *CASE_RULES)):
        sources[finding.start].add("N")
        said[finding.start] = f"{finding.rule}: {finding.message}"
    hits, _ = codespell_hits(path, doc)
    for start in hits:
        sources[start].add("C")
    occurrences = {o.start: o for o in prose_occurrences(doc)}
    lex = speller.lexicon
    for occ in occurrences.values():
        key = normalise(occ.word)
        if key in CONTRACTIONS or key in ("its", "it's") or not speller.is_listed(occ.word):
            sources[occ.start].add("U")
        elif (len(key) >= 3 and not occ.word.isupper() and not speller.is_user_or_glossary(key)
              and not any(lex.count(form) >= SUGGEST_MIN_COUNT for form in (key, key.rstrip("s")))):
            sources[occ.start].add("R")
    print("word\tline\tsources\tlabel\tnotelint\tcontext")
    for start in sorted(sources):
        occ = occurrences.get(start)
        if occ is None:
            continue
        label = labels.get(occ.word, occ.line) if labels else None
        shown = f"{label.verdict}:{label.correction}" if label else ""
        print(f"{occ.word}\t{occ.line}\t{''.join(sorted(sources[start]))}\t{shown}\t{said.get(start, '')}"
              f"\t{doc.line_text(occ.line).strip()[:160]}")


if __name__ == "__main__":
    main()
