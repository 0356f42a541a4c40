"""duplicate-paragraph: a paragraph or list item that repeats an earlier one.

## What it does
Compares the normalised text of every paragraph and list item (whitespace collapsed, case folded,
trailing `.,;:!?…` stripped) across all files of a run, in one hash index, and flags each copy
after the one that is kept. The message points at the kept copy as `path:line`.

A list item is compared as a whole (its text and that of everything nested in it), and so is
each paragraph in it unless it is the item's only block (then it is the item). A copy nested in
a copy that is already reported is not reported again.

Short text repeats legitimately: "Amazon ECS" or "Yes" under several headings, or a skeleton
such as "Parameters: set of parameters" recapped in several places. So:

- text of at least `min_words` words (default 8) counts wherever it repeats, in any file;
- shorter text counts only when repeated close by: in the same list, or in the same run of
  consecutive paragraphs (`short_scope = "run"`, the default), or anywhere in the same section
  (`short_scope = "section"`);
- boilerplate never counts: text shorter than `min_chars` characters (default 8), and text whose
  every line matches one of the `boilerplate` patterns (table separator rows, horizontal rules,
  `<details>`/`<summary>` lines by default).

Which copy is kept is explicit: `keep = "first"` (default: the first in path order, then in the
file) or `keep = "longest"` (the longest source text; the first among equals). A copy nested in a
list item that is itself reported is never the one kept, since deleting the item would take it
along: the next candidate outside every reported copy is kept instead.

Units, normalisation and boilerplate are shared with `near-duplicate` (`lint/paragraphs.py`).

## Why is this bad?
A pasted passage that shows up twice makes notes longer without saying more, and the copies
drift apart when only one of them is corrected later.

## Example
```markdown
# VPC Peering

Instances in either VPC can communicate with each other as if they are within the same network.

- In case of cross account peering, one account creates the request and the other approves it

Instances in either VPC can communicate with each other as if they are within the same network.
```
The second paragraph repeats the first.

## Fix
Deletes the copy: its whole lines (a list item with its marker and continuation lines), plus one
adjacent blank line. The fix is safe only when the copy is a whole block and the Markdown
structure around it stays the same; it is withheld, and the message says why, when for example
deleting a paragraph between two lists would merge them into one list, or the copy is the only
item of a list between two paragraphs. The fix asks the applier to re-check the structure of the
untouched blocks (`guard_structure`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fixers.delete_block import BlockDeleter, block_name
from fixers.edit import Fix
from lint.document import Block, Document
from lint.finding import Finding, Location
from lint.paragraphs import (
    DEFAULT_BOILERPLATE,
    Patterns,
    check_count,
    compile_boilerplate,
    is_boilerplate,
    normalise,
    text_units,
    unit_ancestors,
)
from lint.registry import CrossFileRule, RuleContext, register

__all__ = ["DuplicateParagraph", "normalise"]


@dataclass(frozen=True, slots=True)
class Settings:
    min_words: int
    min_chars: int
    short_scope: str
    keep: str
    boilerplate: Patterns

    @classmethod
    def from_context(cls, ctx: RuleContext, defaults: dict[str, Any]) -> Settings:
        def get(name: str) -> Any:
            return ctx.option(name, defaults[name])

        keep, scope = get("keep"), get("short_scope")
        if keep not in ("first", "longest"):
            raise ValueError(f"duplicate-paragraph: keep must be 'first' or 'longest', not {keep!r}")
        if scope not in ("run", "section"):
            raise ValueError(f"duplicate-paragraph: short_scope must be 'run' or 'section', not {scope!r}")
        min_words = check_count(RULE_ID, "min_words", get("min_words"))
        min_chars = check_count(RULE_ID, "min_chars", get("min_chars"))
        return cls(min_words, min_chars, scope, keep, compile_boilerplate(RULE_ID, get("boilerplate")))


RULE_ID = "duplicate-paragraph"


@dataclass(frozen=True, slots=True)
class Removal:
    """How a copy would be deleted, planned with its file: the safe fix, or why there is none."""

    name: str  # "paragraph", "list item"
    fix: Fix | None
    problem: str | None


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """One paragraph or list item of a file, as the comparison needs it (a file's summary)."""

    block: int  # index in its document's blocks
    key: tuple[Hashable, str]  # (scope within the file, normalised text)
    length: int  # length of its source text, for keep = "longest"
    where: Location
    start_line: int
    enclosing: tuple[int, ...]  # blocks of the units around it in its file, innermost first
    removal: Removal | None  # None only for a unit that cannot be reported (unique short text)


@dataclass(frozen=True, slots=True)
class Summary:
    path: str
    units: tuple[UnitInfo, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of the run: its document (position in path order) and its run-wide key."""

    doc: int
    info: UnitInfo
    key: tuple[Hashable, str]  # equal keys are copies

    @property
    def length(self) -> int:
        return self.info.length


def runs(doc: Document) -> list[int]:
    """For each block, the number of the run of consecutive sibling paragraphs it belongs to.

    Any other block between two paragraphs (a list, code, a heading) starts a new run.
    """
    result = [0] * len(doc.blocks)
    last: dict[int | None, tuple[int, bool]] = {}  # parent -> (run number, last child a paragraph)
    counter = 0
    for block in doc.blocks:
        run, was_paragraph = last.get(block.parent, (0, False))
        if not (block.kind == "paragraph" and was_paragraph):
            counter += 1
            run = counter
        result[block.index] = run
        last[block.parent] = (run, block.kind == "paragraph")
    return result


def summarize(doc: Document, settings: Settings) -> Summary:
    """The file's units with their keys, and how each one that may be reported would be deleted.

    The deletion is planned here, with the document at hand, so that comparing files needs
    summaries only (cached, or sent back from a worker process). Long text may repeat in any
    file, so every long unit is planned; short text only counts within this file, so a short
    unit is planned only when its key repeats here.
    """
    paragraph_runs = runs(doc)
    found: list[tuple[Block, tuple[Hashable, str]]] = []
    for block, text in text_units(doc):
        norm = normalise(text)
        if is_boilerplate(text, norm, settings.min_chars, settings.boilerplate):
            continue
        scope: Hashable = "all"
        if len(norm.split()) < settings.min_words:
            if settings.short_scope == "section":
                section = doc.sections[block.index] if block.index < len(doc.sections) else ()
                scope = ("section", section)
            elif block.kind == "list_item":
                scope = ("list", block.parent)
            else:
                scope = ("run", paragraph_runs[block.index])
        found.append((block, (scope, norm)))
    repeated = Counter(key for _, key in found)
    deleter = BlockDeleter(doc)
    units = []
    for block, key in found:
        removal = None
        if key[0] == "all" or repeated[key] > 1:
            removal = _removal(deleter, block)
        units.append(UnitInfo(block.index, key, block.end - block.start,
                              Location.of(doc, block.start, block.end), block.start_line,
                              tuple(unit_ancestors(doc, block)), removal))
    return Summary(doc.path, tuple(units))


def _removal(deleter: BlockDeleter, block: Block) -> Removal:
    name = block_name(block)
    deletion = deleter.plan(block)
    return Removal(name, deletion.fix(f"Delete the repeated {name}"), deletion.problem)


def run_key(doc_no: int, key: tuple[Hashable, str]) -> tuple[Hashable, str]:
    """A unit's key across the run: short text is only compared within its own file."""
    scope, norm = key
    return (scope if scope == "all" else (doc_no, scope)), norm


def enclosing_units(units: Sequence[Unit]) -> list[list[int]]:
    """For each unit, the units (by number) that enclose it in its document."""
    number = {(u.doc, u.info.block): i for i, u in enumerate(units)}
    return [[number[u.doc, b] for b in u.info.enclosing if (u.doc, b) in number] for u in units]


def choose(units: Sequence[Unit], members: list[int], keep: str) -> int:
    if keep == "longest":
        return max(members, key=lambda i: (units[i].length, -i))
    return members[0]


def resolve(units: Sequence[Unit], groups: dict[tuple[Hashable, str], list[int]],
            enclosing: list[list[int]], keep: str) -> dict[int, int]:
    """Each reported copy (by unit number) with the unit it repeats.

    A kept copy must survive the fixes: a unit nested in a reported copy is deleted with it,
    so it may not be the one kept. ``keep = "longest"`` could otherwise keep the longer copy of
    a nested sentence inside a list item that is itself deleted as a copy, and report every
    other copy of the sentence against it, losing the sentence. So keepers are chosen among the
    units outside every reported copy, and the choice is repeated until it is stable; the set of
    candidates only shrinks, so this ends, and a group left without a candidate reports nothing.
    A copy nested in a reported copy is not reported again: it goes with the enclosing one.
    """
    eligible = [True] * len(units)
    by_depth = sorted(range(len(units)), key=lambda i: len(enclosing[i]))
    while True:
        kept = {}
        for key, members in groups.items():
            candidates = [i for i in members if eligible[i]]
            if len(members) > 1 and candidates:
                kept[key] = choose(units, candidates, keep)
        reported: dict[int, int] = {}
        for i in by_depth:  # enclosing units first
            keeper = kept.get(units[i].key)
            if keeper is None or keeper == i or any(e in reported for e in enclosing[i]):
                continue
            if keeper in enclosing[i] or i in enclosing[keeper]:
                continue  # an item holding only a nested list has that list's text: one text, not two
            reported[i] = keeper
        reported = dict(sorted(reported.items()))
        inside = [any(e in reported for e in enclosing[i]) for i in range(len(units))]
        if not any(inside[k] for k in kept.values()):
            return reported
        eligible = [ok and not gone for ok, gone in zip(eligible, inside, strict=True)]


@register
class DuplicateParagraph(CrossFileRule):
    id = RULE_ID
    severity = "warning"
    options = {
        "min_words": 8,
        "min_chars": 8,
        "short_scope": "run",
        "keep": "first",
        "boilerplate": list(DEFAULT_BOILERPLATE),
    }

    def summarize(self, doc: Document, ctx: RuleContext) -> Summary:
        return summarize(doc, Settings.from_context(ctx, self.options))

    def combine(self, summaries: Sequence[Summary], ctx: RuleContext) -> Iterator[Finding]:
        settings = Settings.from_context(ctx, self.options)
        ordered = sorted(summaries, key=lambda s: s.path)  # "first" means first in path order
        units: list[Unit] = []
        groups: dict[tuple[Hashable, str], list[int]] = defaultdict(list)
        for doc_no, summary in enumerate(ordered):
            for info in summary.units:
                unit = Unit(doc_no, info, run_key(doc_no, info.key))
                groups[unit.key].append(len(units))
                units.append(unit)
        reported = resolve(units, groups, enclosing_units(units), settings.keep)
        findings = []
        for i, keeper in reported.items():
            unit, kept = units[i], units[keeper]
            findings.append(self._report(ordered[unit.doc].path, unit, ordered[kept.doc].path, kept))
        findings.sort(key=Finding.sort_key)
        return iter(findings)

    def _report(self, path: str, unit: Unit, kept_path: str, kept: Unit) -> Finding:
        removal = unit.info.removal
        assert removal is not None, "a reported unit is always planned"  # see summarize()
        message = f"{removal.name.capitalize()} repeats {kept_path}:{kept.info.start_line}"
        if removal.problem:
            message += f" (no safe fix: {removal.problem})"
        return self.finding_at(path, unit.info.where, message, removal.fix, fingerprint=unit.key[1])
