"""Scoring the spelling rules against the hand-labelled misspellings of the user's notes.

Used by ``bench_typo.py`` (the report) and by ``tests/test_typo_bench.py`` (the word-by-word fix
check and the quality floor). See README.md for how ``labels.tsv`` was built.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fixers.apply import fix_document
from lint.document import Document
from lint.finding import Finding
from lint.parser import parse
from lint.prose import prose_tokens, words_of
from lint.registry import RuleContext, all_rules

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"
LABELS = HERE / "labels.tsv"
TYPO_RULES = ("typo", "typo-contraction", "typo-confusion")
CASE_RULES = ("term-case",)
NON_WORD = ("non-word", "name")  # the classes the recall target is about
_CODESPELL_WORD = re.compile(r"[\w\-'’]+")  # codespell 2.4's default word regex
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # words of the text, for the fixed-corpus check


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One word of prose: where it is and how it is written."""

    line: int
    column: int
    word: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Label:
    word: str
    line: int | None  # None: every occurrence of the word
    column: int | None  # None: every occurrence on the line
    verdict: str  # "typo" or "ok"
    correction: str
    kind: str  # non-word, name, real-word, case, or "-" for ok
    note: str = ""


@dataclass
class Labels:
    by_place: dict[tuple[str, int, int], Label] = field(default_factory=dict)
    by_line: dict[tuple[str, int], Label] = field(default_factory=dict)
    by_word: dict[str, Label] = field(default_factory=dict)

    def get(self, word: str, line: int, column: int = 0) -> Label | None:
        """The most specific label: of this line and column, of this line, of the word."""
        return (self.by_place.get((word, line, column)) or self.by_line.get((word, line))
                or self.by_word.get(word))


def load_labels(path: Path = LABELS) -> Labels:
    labels = Labels()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 5:
            raise ValueError(f"{path}:{number}: expected word, line, verdict, correction, class")
        word, place, verdict, correction, kind, *note = cells
        if verdict not in ("typo", "ok"):
            raise ValueError(f"{path}:{number}: verdict must be typo or ok, not {verdict!r}")
        line, _, column = place.partition(":")
        label = Label(word, None if line == "*" else int(line), int(column) if column else None,
                      verdict, correction, kind, note[0] if note else "")
        if label.line is None:
            labels.by_word[word] = label
        elif label.column is None:
            labels.by_line[(word, label.line)] = label
        else:
            labels.by_place[(word, label.line, label.column)] = label
    return labels


def load_corpus(path: Path = CORPUS) -> Document:
    return parse(path.read_text(encoding="utf-8"), str(path))


def prose_occurrences(doc: Document) -> list[Occurrence]:
    """Every word of the document's prose, identifier parts included."""
    out = []
    for token in prose_tokens(doc):
        for word in words_of(token):
            line, column = doc.position(word.start)
            out.append(Occurrence(line, column, word.text, word.start, word.end))
    return out


def run_rules(doc: Document, rule_ids: Sequence[str]) -> list[Finding]:
    rules = all_rules()
    found: list[Finding] = []
    for rule_id in rule_ids:
        rule = rules[rule_id]()
        found.extend(rule.check(doc, RuleContext(options=rule.options, root=str(ROOT))))
    return sorted(found, key=Finding.sort_key)


def flagged_by_notelint(doc: Document, rule_ids: Sequence[str] = TYPO_RULES) -> dict[int, Finding]:
    """Findings by the offset of the word they flag."""
    return {f.start: f for f in run_rules(doc, rule_ids)}


def codespell_hits(path: Path, doc: Document) -> tuple[dict[int, str], int]:
    """Run the codespell CLI (its default dictionaries) on ``path``: the words it flags in prose,
    by offset (offset -> its suggestion), and how many hits fell outside prose (code, URLs)."""
    command = [shutil.which("codespell") or "", str(path)]
    if not command[0]:
        command = [sys.executable, "-m", "codespell_lib", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if result.returncode not in (0, 65) and not result.stdout:
        raise RuntimeError(f"codespell failed: {result.stderr.strip()}")
    prose = {o.start: o for o in prose_occurrences(doc)}
    starts = sorted(prose)
    seen: dict[tuple[int, str], int] = {}
    hits: dict[int, str] = {}
    outside = 0
    for raw in result.stdout.splitlines():
        m = re.match(r".*?:(\d+): (.+?) ==> (.*)$", raw)
        if not m:
            continue
        line, word, suggestion = int(m.group(1)), m.group(2), m.group(3)
        k = seen.get((line, word), 0)
        seen[(line, word)] = k + 1
        text = doc.line_text(line)
        matches = [x for x in _CODESPELL_WORD.finditer(text) if word in x.group()]
        if k >= len(matches):
            outside += 1
            continue
        match = matches[k]
        offset = doc.line_starts[line - 1] + match.start() + match.group().index(word)
        hit = next((s for s in starts if s <= offset < prose[s].end), None)
        if hit is None:
            outside += 1
        else:
            hits[hit] = suggestion
    return hits, outside


@dataclass
class Score:
    flagged: int = 0
    true: int = 0
    false: list[Occurrence] = field(default_factory=list)
    unlabelled: list[Occurrence] = field(default_factory=list)
    gold: int = 0  # non-word typos in the labelled set
    found: int = 0  # of which flagged
    missed: list[Occurrence] = field(default_factory=list)
    real_gold: int = 0
    real_found: int = 0

    @property
    def precision(self) -> float:
        return self.true / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def real_recall(self) -> float:
        return self.real_found / self.real_gold if self.real_gold else 1.0


def score(doc: Document, flagged: Iterable[int], labels: Labels, *, kinds: Sequence[str] = NON_WORD,
          counted: Sequence[str] = ("non-word", "name", "real-word")) -> Score:
    """Precision of the flagged word offsets, and recall on the labelled typos of ``kinds``.

    A flagged word counts as true when it is labelled a typo of one of the ``counted`` classes;
    an unlabelled flagged word counts as false (and is listed, to be labelled).
    """
    occurrences = {o.start: o for o in prose_occurrences(doc)}
    flagged_set = set(flagged)
    result = Score()
    for start in sorted(flagged_set):
        occ = occurrences.get(start)
        if occ is None:
            continue  # not a prose word (cannot happen for notelint; codespell is mapped first)
        result.flagged += 1
        label = labels.get(occ.word, occ.line, occ.column)
        if label is None:
            result.unlabelled.append(occ)
        elif label.verdict == "typo" and label.kind in counted:
            result.true += 1
        else:
            result.false.append(occ)
    for occ in occurrences.values():
        label = labels.get(occ.word, occ.line, occ.column)
        if label is None or label.verdict != "typo":
            continue
        if label.kind in kinds:
            result.gold += 1
            if occ.start in flagged_set:
                result.found += 1
            else:
                result.missed.append(occ)
        elif label.kind == "real-word":
            result.real_gold += 1
            result.real_found += occ.start in flagged_set
    return result


# --- the fixed corpus, word by word -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    line: int
    column: int
    before: str
    after: str
    verdict: str  # "ok": a labelled typo fixed to its label; otherwise what is wrong


def fixed_text(doc: Document, rule_ids: Sequence[str], unsafe: bool) -> str:
    def check(d: Document) -> list[Finding]:
        return run_rules(d, rule_ids)
    return fix_document(doc, check, unsafe=unsafe).text


def word_changes(doc: Document, fixed: str, labels: Labels) -> list[Change]:
    """Compare the fixed text with the original word by word: every changed word must be a
    labelled typo, changed to its label's correction."""
    before = [(m.group(), *doc.position(m.start())) for m in _WORD.finditer(doc.text)]
    after = [m.group() for m in _WORD.finditer(fixed)]
    changes = []
    matcher = difflib.SequenceMatcher(None, [w for w, _, _ in before], after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace":
            old = " ".join(w for w, _, _ in before[i1:i2])
            _, line, column = before[min(i1, len(before) - 1)]
            changes.append(Change(line, column, old, " ".join(after[j1:j2]), f"words {op}d"))
            continue
        for (word, line, column), replacement in _pair(before[i1:i2], after[j1:j2], labels):
            changes.append(Change(line, column, word, replacement,
                                  _verdict(labels.get(word, line, column), replacement)))
    return changes


def _pair(old: list[tuple[str, int, int]], new: list[str],
          labels: Labels) -> list[tuple[tuple[str, int, int], str]]:
    """Pair the words of a changed run: one to one when the counts agree; else each old word
    with as many new words as its label's correction has ("upto" -> "up to"), the rest as one."""
    if len(old) == len(new):
        return list(zip(old, new, strict=True))
    pairs = []
    j = 0
    for k, (word, line, column) in enumerate(old):
        label = labels.get(word, line, column)
        size = len(label.correction.split()) if label and label.verdict == "typo" else 1
        if k == len(old) - 1:
            size = len(new) - j  # the last word takes what is left
        pairs.append(((word, line, column), " ".join(new[j:j + size])))
        j += size
    return pairs


def _verdict(label: Label | None, replacement: str) -> str:
    if label is None:
        return "an unlabelled word was changed"
    if label.verdict != "typo":
        return "a correct word was changed"
    if not _same(label.correction, replacement):
        return f"fixed to {replacement!r}, labelled {label.correction!r}"
    return "ok"


def _same(label: str, replacement: str) -> bool:
    a, b = label.replace("’", "'"), replacement.replace("’", "'")
    return a == b if any(c.isupper() for c in a) else a.lower() == b.lower()


def named_fixes(doc: Document, fixed: str, labels: Labels) -> tuple[list[Change], list[Occurrence]]:
    """The misspelled names (class ``name``) fixed in ``fixed`` to their label, and those left."""
    done = [c for c in word_changes(doc, fixed, labels) if c.verdict == "ok"
            and (label := labels.get(c.before, c.line, c.column)) is not None and label.kind == "name"]
    names = [o for o in prose_occurrences(doc)
             if (label := labels.get(o.word, o.line, o.column)) is not None and label.kind == "name"
             and label.verdict == "typo"]
    left = [o for o in names if not any(c.line == o.line and o.word in c.before for c in done)]
    return done, left


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of ``runs`` calls (after the caller's warm-up). CPU time is the
    steadier figure on a machine that other jobs share."""
    import time
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu
