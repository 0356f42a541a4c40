"""How well notelint finds, classifies and repairs code that lost its fences, measured.

Usage: python bench/snippets/bench_snippets.py [--no-fix]

Runs the snippet rules (unfenced-code, missing-code-language, broken-json, broken-yaml) through
``lint.engine.Engine``, with the configuration ``notelint check`` would load, over the user's
notes (notes/aws-notes.md, scored against the hand-labelled snippets of labels.tsv) and over
fixtures/*.md (notes written the way other people write them, every block preceded by an HTML
comment naming its expected outcome). It prints Markdown tables:

- the corpus's lost snippets, found or missed, by line, with the detected language and
  confidence, and the same for the unfenced snippets of the fixtures;
- false positives per 1,000 prose paragraphs, on the corpus and on the fixtures apart;
- the broken-json class of every JSON snippet of the corpus and of the fixtures, next to the
  expected class; and every other fixture expectation (YAML verdicts, fences without a language);
- the fix check: the corpus copied to a temporary directory, ``python -m lint fix
  --unsafe-fixes`` run twice there; how many JSON snippets end as valid JSON in ```json fences,
  and whether the second run changed any byte.

Nothing here is asserted; the targets of issue 3 (at least 18 of its 20 lost snippets found, no
prose paragraph of the corpus flagged) are printed next to the figures.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import (  # noqa: E402
    CORPUS,
    ROOT,
    SNIPPET_RULES,
    Label,
    Region,
    fixture_paths,
    flagging,
    load_labels,
    prose_units,
    regions,
)

from fixers.json_repair import layout  # noqa: E402
from lint.config import load_config  # noqa: E402
from lint.document import Block, Document  # noqa: E402
from lint.engine import Engine  # noqa: E402
from lint.finding import Finding  # noqa: E402
from lint.parser import parse  # noqa: E402
from lint.rules.broken_json import json_snippets  # noqa: E402
from lint.snippets.detect import Snippet, snippets  # noqa: E402
from lint.snippets.json_classify import JsonClass, classify  # noqa: E402
from lint.source import read_source  # noqa: E402

_INFO = re.compile(r"```(\w+)$")
_CONFIDENCE = re.compile(r"\((low|medium|high) confidence")


@dataclass(frozen=True)
class Checked:
    """A parsed file and what the snippet rules report on it."""

    path: Path
    doc: Document
    findings: list[Finding]

    def by(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]


def run(path: Path) -> Checked:
    doc = parse(read_source(path), str(path))
    engine = Engine(load_config([path]), select=list(SNIPPET_RULES))
    return Checked(path, doc, engine.check([doc]))


def info_of(finding: Finding) -> str:
    m = _INFO.search(finding.message)
    return m.group(1) if m else "?"


def confidence_of(finding: Finding) -> str:
    m = _CONFIDENCE.search(finding.message)
    return m.group(1) if m else "?"


def detection_at(doc_snippets: Sequence[Snippet], start: int, end: int) -> str:
    """What detection makes of the lines, reported or not: "yaml/low", or "none"."""
    found = [s for s in doc_snippets if not s.fenced and s.start_line <= end and start <= s.end_line]
    if not found:
        return "none"
    return ", ".join(f"{s.language}/{s.detection.confidence if s.detection else '?'} "
                     f"{lines(s.start_line, s.end_line)}" for s in found)


def cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, on one line."""
    return " ".join(text.split()).replace("|", "\\|")


def lines(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def per_thousand(flagged: int, total: int) -> str:
    return f"{1000 * flagged / total:.1f}" if total else "n/a"


def json_class(doc: Document, start: int, end: int) -> tuple[str, JsonClass] | None:
    """The class of the JSON snippet (fenced or detected) that starts within the lines."""
    for snippet in json_snippets(doc):
        first = snippet.block.start_line
        if start <= first <= end:
            cls = classify(snippet.source.text, layout(doc, snippet.source).indents)
            return lines(first, snippet.block.end_line), cls
    return None


def class_name(cls: JsonClass) -> str:
    if cls.kind in ("valid", "truncated", "broken"):
        return cls.kind
    return "+".join(cls.traits)


def same_class(expected: str, cls: JsonClass) -> bool:
    if cls.kind in ("valid", "truncated", "broken"):
        return expected == cls.kind
    return set(expected.split("+")) == set(cls.traits)


# ----------------------------------------------------------------------------------------------
# The corpus


def corpus_found(checked: Checked, labels: Sequence[Label]) -> tuple[int, int, int, int]:
    """Print the table of lost snippets; return (found, labelled, issue found, issue labelled)."""
    found = [f for f in checked.by("unfenced-code")]
    every = snippets(checked.doc)
    print("### Corpus: lost snippets found and missed (unfenced-code, default `min-confidence = medium`)\n")
    print("| lines | label | issue 3 names | found | finding lines | fenced as | confidence "
          "| detection (any confidence) | note |")
    print("|---|---|---|---|---|---|---|---|---|")
    hits = issue_hits = issue_total = 0
    snippet_labels = [lb for lb in labels if lb.kind == "snippet"]
    for label in snippet_labels:
        mine = [f for f in found if label.overlaps(f.line, f.end_line)]
        verdict = "missed"
        if mine:
            hits += 1
            exact = any((f.line, f.end_line) == (label.start, label.end) for f in mine)
            same = any(info_of(f) == label.language for f in mine)
            verdict = "yes" if exact and same else "partly" if same else "other language"
        if label.issue != "-":
            issue_total += 1
            issue_hits += bool(mine)
        where = ", ".join(lines(f.line, f.end_line) for f in mine) or "-"
        info = ", ".join(info_of(f) for f in mine) or "-"
        sure = ", ".join(confidence_of(f) for f in mine) or "-"
        print(f"| {lines(label.start, label.end)} | {label.language} | {label.issue} | {verdict} | {where} "
              f"| {info} | {sure} | {detection_at(every, label.start, label.end)} | {cell(label.note)} |")
    stray = [f for f in found if not any(lb.overlaps(f.line, f.end_line) for lb in snippet_labels)]
    print(f"\nFound {hits} of {len(snippet_labels)} labelled lost snippets; {issue_hits} of the "
          f"{issue_total} that issue 3 names by line (target: at least 18 of its 20). "
          f"unfenced-code findings on no labelled snippet: {len(stray)}"
          + (f" ({', '.join(lines(f.line, f.end_line) for f in stray)})" if stray else "") + ".\n")
    return hits, len(snippet_labels), issue_hits, issue_total


def corpus_prose(checked: Checked, labels: Sequence[Label]) -> tuple[int, int, int]:
    """(prose units, flagged by unfenced-code, flagged by any snippet rule)."""
    units = prose_units(checked.doc, [(lb.start, lb.end) for lb in labels if lb.kind == "snippet"])
    return _count_flagged(units, checked)


def _count_flagged(units: Sequence[Block], checked: Checked) -> tuple[int, int, int]:
    unfenced = [u for u in units if flagging(u, checked.by("unfenced-code"))]
    anything = [u for u in units if flagging(u, checked.findings)]
    if not anything:
        print(f"- {checked.path.name}: none")
    for unit in anything:
        rules = sorted({f.rule for f in flagging(unit, checked.findings)})
        print(f"- flagged prose: {checked.path.name} lines {lines(unit.start_line, unit.end_line)} "
              f"by {', '.join(rules)}: {unit.text.splitlines()[0][:80]!r}")
    return len(units), len(unfenced), len(anything)


def corpus_json(checked: Checked, labels: Sequence[Label]) -> None:
    print("### Corpus: the class of each JSON snippet (broken-json)\n")
    print("| lines | class | expected | as expected | severity | problem |")
    print("|---|---|---|---|---|---|")
    for label in (lb for lb in labels if lb.kind == "snippet" and lb.language == "json"):
        got = json_class(checked.doc, label.start, label.end)
        if got is None:
            print(f"| {lines(label.start, label.end)} | not read as JSON | {label.json_class} | no | - | - |")
            continue
        where, cls = got
        finding = [f for f in checked.by("broken-json") if label.overlaps(f.line, f.end_line)]
        severity = finding[0].severity if finding else "none"
        print(f"| {where} | {class_name(cls)} | {label.json_class} "
              f"| {'yes' if same_class(label.json_class, cls) else 'no'} | {severity} "
              f"| {cell(cls.result.problem) if not cls.ok else '-'} |")
    print()


def corpus_yaml(checked: Checked, labels: Sequence[Label]) -> None:
    print("### Corpus: broken-yaml on each YAML snippet\n")
    print("| lines | broken-yaml |")
    print("|---|---|")
    for label in (lb for lb in labels if lb.kind == "snippet" and lb.language == "yaml"):
        found = [f for f in checked.by("broken-yaml") if label.overlaps(f.line, f.end_line)]
        said = "; ".join(f"line {f.line}: {f.message}" for f in found) or "nothing reported"
        print(f"| {lines(label.start, label.end)} | {cell(said)} |")
    print()


# ----------------------------------------------------------------------------------------------
# The fixtures


@dataclass
class Outcome:
    region: Region
    what: str
    detail: str
    got: str
    ok: bool


def fixture_outcomes(checked: Checked, text: str) -> tuple[list[Outcome], list[Block]]:
    """Every expectation of one fixture with what the rules did; and its prose units."""
    outcomes: list[Outcome] = []
    prose: list[Block] = []
    for region in regions(checked.path, text):
        inside = [f for f in checked.findings if region.holds(f.line)]
        if region.is_prose:
            prose.extend(b for b in prose_units(checked.doc, []) if region.holds(b.start_line))
        for what, detail in region.expects:
            outcomes.append(_judge(checked, region, inside, what, detail))
    return outcomes, prose


def _judge(checked: Checked, region: Region, inside: list[Finding], what: str, detail: str) -> Outcome:
    def rule(rule_id: str) -> list[Finding]:
        return [f for f in inside if f.rule == rule_id]

    def summary(found: list[Finding]) -> str:
        return "; ".join(f"{f.rule} {f.severity}: {f.message[:70]}" for f in found) or "nothing reported"

    if what in ("prose", "clean"):
        return Outcome(region, what, detail, summary(inside), not inside)
    if what in ("unfenced", "nolang"):
        found = rule("unfenced-code" if what == "unfenced" else "missing-code-language")
        got = ", ".join(f"{info_of(f)} ({confidence_of(f)})" for f in found) or "not reported"
        return Outcome(region, what, detail, got, any(info_of(f) == detail for f in found))
    if what == "json":
        got_class = json_class(checked.doc, region.start, region.end)
        if got_class is None:
            return Outcome(region, what, detail, "not read as JSON", False)
        _, cls = got_class
        errors = [f for f in rule("broken-json") if f.severity == "error"]
        # An error exactly when the class is one: truncated and broken only.
        consistent = bool(errors) == cls.is_error
        return Outcome(region, what, detail, f"{class_name(cls)} ({summary(rule('broken-json'))[:60]})",
                       same_class(detail, cls) and consistent)
    if what == "yaml":
        found = rule("broken-yaml")
        messages = " ".join(f.message for f in found)
        ok = {"ok": not found, "error": bool(found), "duplicate": "duplicate key" in messages,
              "truncated": "truncated YAML" in messages}.get(detail, False)
        return Outcome(region, what, detail, summary(found), ok)
    raise ValueError(f"{region.path.name}:{region.start}: unknown expectation {what!r}")


def fixtures_report() -> tuple[int, int, int, int, int]:
    """Print the fixture tables; return (prose units, flagged by unfenced-code, flagged by any snippet
    rule, expectations, met)."""
    outcomes: list[Outcome] = []
    units = flagged = unfenced_fp = 0
    print("### Fixtures: flagged prose\n")
    for path in fixture_paths():
        text = read_source(path)
        checked = run(path)
        mine, prose = fixture_outcomes(checked, text)
        outcomes.extend(mine)
        total, by_unfenced, anything = _count_flagged(prose, checked)
        units += total
        unfenced_fp += by_unfenced
        flagged += anything
    print(f"\n{flagged} of {units} prose paragraphs of the fixtures flagged by a snippet rule.\n")

    unfenced = [o for o in outcomes if o.what == "unfenced"]
    print("### Fixtures: unfenced snippets found and missed\n")
    print("| fixture | lines | expected | found as (confidence) | found |")
    print("|---|---|---|---|---|")
    for o in unfenced:
        print(f"| {o.region.path.name} | {lines(o.region.start, o.region.end)} | {o.detail} | {o.got} "
              f"| {'yes' if o.ok else 'MISSED'} |")
    print()
    print("### Fixtures: JSON classes, YAML verdicts, fences without a language\n")
    print("| fixture | lines | expected | got | as expected |")
    print("|---|---|---|---|---|")
    for o in outcomes:
        if o.what in ("unfenced", "prose"):
            continue
        expected_cell = cell(f"{o.what} {o.detail}")
        print(f"| {o.region.path.name} | {lines(o.region.start, o.region.end)} | {expected_cell} "
              f"| {cell(o.got)} | {'yes' if o.ok else 'NO'} |")
    met = sum(o.ok for o in outcomes if o.what != "prose")
    expected = sum(1 for o in outcomes if o.what != "prose")
    print(f"\n{met} of {expected} fixture expectations met (prose regions are counted in the table below).\n")
    return units, unfenced_fp, flagged, expected, met


# ----------------------------------------------------------------------------------------------
# The fix check


def fix_check(labels: Sequence[Label]) -> None:
    print("### Fix check: `python -m lint fix --unsafe-fixes` on a copy of the corpus, twice\n")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / CORPUS.name
        shutil.copyfile(CORPUS, copy)
        command = [sys.executable, "-m", "lint", "fix", "--unsafe-fixes", copy.name]
        first = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        after_first = copy.read_bytes()
        second = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        after_second = copy.read_bytes()
    for name, done in (("first run", first), ("second run", second)):
        said = (done.stdout + "\n" + done.stderr).splitlines()
        tail = [ln.strip() for ln in said if ln.startswith(("Fixed", "Found"))]
        print(f"- {name}: exit {done.returncode} (1: findings remain); {' '.join(tail) or said[-1:]}")
    print(f"- second run changed nothing (byte compare): {'yes' if after_first == after_second else 'NO'}\n")

    doc = parse(after_first.decode("utf-8"), "fixed.md")
    fences = [b for b in doc.blocks if b.kind == "code" and b.style == "fenced" and b.info == "json"]
    originals = [lb for lb in labels if lb.kind == "snippet" and lb.language == "json"]
    print("| corpus lines | ```json fence at (fixed file) | class after the fix |")
    print("|---|---|---|")
    valid = 0
    for k, fence in enumerate(fences):
        cls = classify(fence.text)
        valid += cls.ok
        origin = lines(originals[k].start, originals[k].end) if len(fences) == len(originals) else "?"
        print(f"| {origin} | {lines(fence.start_line, fence.end_line)} | {class_name(cls)} |")
    print(f"\n{valid} of {len(originals)} JSON snippets of the corpus end as valid JSON in ```json fences "
          f"({len(fences)} ```json fences in all; issue 3 asks for at least 8).\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-fix", action="store_true", help="skip the fix check (two runs of `notelint fix`)")
    args = ap.parse_args()
    labels = load_labels()
    checked = run(CORPUS)
    print(f"corpus: {CORPUS.relative_to(ROOT)}; {sum(lb.kind == 'snippet' for lb in labels)} lost snippets "
          f"labelled; rules: {', '.join(SNIPPET_RULES)}\n")
    hits, labelled, issue_hits, issue_total = corpus_found(checked, labels)
    print("### Corpus: flagged prose\n")
    units, unfenced_fp, any_fp = corpus_prose(checked, labels)
    print(f"\n{any_fp} of {units} prose paragraphs of the corpus flagged by a snippet rule.\n")
    corpus_json(checked, labels)
    corpus_yaml(checked, labels)
    f_units, f_unfenced, f_flagged, expected, met = fixtures_report()

    print("### False positives per 1,000 prose paragraphs\n")
    print("| text | prose paragraphs | flagged by unfenced-code | flagged by any snippet rule | per 1,000 |")
    print("|---|---:|---:|---:|---:|")
    print(f"| corpus (notes/aws-notes.md) | {units} | {unfenced_fp} | {any_fp} "
          f"| {per_thousand(any_fp, units)} |")
    print(f"| fixtures ({len(fixture_paths())} files) | {f_units} | {f_unfenced} | {f_flagged} "
          f"| {per_thousand(f_flagged, f_units)} |")
    print()
    print("### Against the targets of issue 3 (reported, not asserted)\n")
    print("| target | measured |")
    print("|---|---|")
    print(f"| at least 18 of the 20 lost snippets found | {issue_hits} of the {issue_total} it names by "
          f"line; {hits} of {labelled} labelled |")
    print(f"| no prose paragraph of the corpus flagged | {any_fp} flagged of {units} |")
    print(f"| fixture expectations | {met} of {expected} met; {f_flagged} of {f_units} prose flagged |")
    print()
    if not args.no_fix:
        fix_check(labels)


if __name__ == "__main__":
    main()
