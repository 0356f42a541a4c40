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
  (`short_scope = "section"`), and only when nothing in it is elided: two items "`ip link set
  ...`" are two commands whose arguments were left out;
- boilerplate never counts: text shorter than `min_chars` characters (default 8), and text whose
  every line matches one of the `boilerplate` patterns (table separator rows, horizontal rules,
  `<details>`/`<summary>` lines by default).

Which copy is kept is explicit: `keep = "first"` (default: the first in path order, then in the
file) or `keep = "longest"` (the longest source text; the first among equals). A copy nested in a
list item that is itself reported is never the one kept, since deleting the item would take it
along: the next candidate outside every reported copy is kept instead.

Repeats that are meant are not copies:
- what stands under a recap heading ("Summary", "Recap", "Exam tips", "Key takeaways", "Cheat
  sheet", "TL;DR", "Quick reference") restates the notes above it;
- two lists of parallel items in one file, numbered lists of two steps or more (procedures:
  "Without encryption", "With encryption") or lists nested under two items of a list (details:
  "Start and end with an alphanumeric" under "Name" and under "Valid label values"): what both
  say, a step or a warning under it, is said in each. A step repeated in one list, in the
  one-step pieces that fences cut a list into, or in two top-level bullet lists, is a copy.

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

The fix is safe only when the kept copy is in the same section of the same file. A copy whose
kept copy is under another heading or in another file gets an **unsafe** fix: there the repeat
may be meant, a recap of commands in a later section or a step two procedures share ("Start with
the SSH server (see above)"), and deleting it takes it from that section or file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from fixers.delete_block import BlockDeleter, block_name, deletion_fix
from fixers.edit import Edit, Fix
from lint.document import Block, Document
from lint.finding import Finding, Location
from lint.paragraphs import (
    DEFAULT_BOILERPLATE,
    Patterns,
    check_count,
    compile_boilerplate,
    line_matcher,
    normalise,
    only_boilerplate,
    parallel_list_of,
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


_new = tuple.__new__  # builds a NamedTuple without its own __new__, which is Python code


class UnitInfo(NamedTuple):
    """A paragraph or list item of a file that may be reported, and how it would be deleted.

    A file's summary holds one for every long unit, and a run holds the summaries of all its
    files (pickled to and from worker processes and the cache): so it is one flat tuple of plain
    values, cheap to build, hold, collect and unpickle, and its Location and fix are made only
    for a reported copy.
    """

    block: int  # index in its document's blocks
    key: tuple[Hashable, str]  # (scope within the file, normalised text)
    start: int  # its Location, field by field
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    start_line: int
    enclosing: tuple[int, ...]  # blocks of the units around it in its summary, innermost first
    name: str  # "paragraph", "list item"
    cut_start: int  # the planned deletion: text[cut_start:cut_end] goes
    cut_end: int
    problem: str | None  # why that deletion would not be safe (then it has no fix)
    section: int  # the block of the heading it is under (-1: none)
    parallel_list: int  # the nearest list of parallel items around it (``parallel_list_of``), or -1

    @property
    def where(self) -> Location:
        return _new(Location, (self.start, self.end, self.line, self.column, self.end_line, self.end_column))

    @property
    def length(self) -> int:
        """The length of its source text, for keep = "longest"."""
        return self.end - self.start

    def fix(self, kept: UnitInfo | None = None) -> Fix | None:
        """The fix that deletes the copy, or None when there is none (``problem``). Safe when the
        ``kept`` copy is in the same section of the same file; unsafe when it is under another
        heading or in another file (``kept`` None): there the repeat may be meant (a recap, a
        step two procedures share), and deleting it takes it from that section."""
        if self.problem is not None:
            return None
        fix = deletion_fix(Edit(self.cut_start, self.cut_end), f"Delete the repeated {self.name}")
        if kept is None or kept.section != self.section:
            fix = replace(fix, applicability="unsafe")
        return fix


def _earlier_in_its_list(run: Run, i: int) -> int | None:
    """An earlier copy of unit ``i`` in the same file and the same list of parallel items."""
    info = run.infos[i]
    for j in range(i - 1, -1, -1):
        if run.docs[j] != run.docs[i]:
            return None  # units are numbered by file, then in file order
        if run.group[j] == run.group[i] and run.infos[j].parallel_list == info.parallel_list:
            return j
    return None


def _parallel_lists(copy: UnitInfo, kept: UnitInfo) -> bool:
    """Both in two different lists of parallel items of one file (``parallel_list_of``): the
    same step of two procedures ("3. Partitioning scheme: ..." without and with encryption), or
    the same detail under two items, not a copy."""
    return copy.parallel_list >= 0 and kept.parallel_list >= 0 and copy.parallel_list != kept.parallel_list


@dataclass(frozen=True, slots=True)
class Summary:
    path: str
    units: tuple[UnitInfo, ...]


# Images alone, or linked: ![alt](src), [![alt](src)](href), <img ...>.
_IMAGE = r"!\[[^\]\n]*\]\([^)\n]*\)"
_FIGURE = re.compile(rf"(?:\s*(?:{_IMAGE}|\[{_IMAGE}\]\([^)\n]*\)|<img\b[^>]*>))+\s*")


def runs(doc: Document) -> list[int]:
    """For each block, the number of the run of consecutive sibling paragraphs it belongs to.

    Any other block between two paragraphs (a list, code, a heading, a figure: a paragraph of
    images only) starts a new run: steps that each end in a screenshot repeat their short lines
    ("FH: `curl localhost`") on purpose.
    """
    result = [0] * len(doc.blocks)
    open_runs: dict[int | None, int] = {}  # parent -> the run of its last child, if a paragraph
    counter = 0
    for block in doc.blocks:
        if block.kind != "paragraph" or _FIGURE.fullmatch(block.text):
            counter += 1
            result[block.index] = counter
            open_runs.pop(block.parent, None)
            continue
        run = open_runs.get(block.parent)
        if run is None:
            counter += 1
            run = open_runs[block.parent] = counter
        result[block.index] = run
    return result


def summarize(doc: Document, settings: Settings) -> Summary:
    """The file's units that may be reported, with their keys and how each would be deleted.

    The deletion is planned here, with the document at hand, so that comparing files needs
    summaries only (cached, or sent back from a worker process). Long text may repeat in any
    file, so every long unit is planned; short text only counts within this file, so a short
    unit is kept only when its key repeats here (any other can never be reported).
    """
    blocks, keys = counted_units(doc, settings)
    repeated = Counter(keys)
    kept = [i for i, key in enumerate(keys) if key[0] == "all" or repeated[key] > 1]
    indices = {blocks[i].index for i in kept}
    deleter = BlockDeleter(doc)
    enclosing_in: dict[int | None, tuple[int, ...]] = {None: ()}  # by parent: the items of a list share it
    units = []
    for i in kept:
        block, key = blocks[i], keys[i]
        enclosing = enclosing_in.get(block.parent)
        if enclosing is None:
            enclosing = tuple(b for b in unit_ancestors(doc, block) if b in indices)
            enclosing_in[block.parent] = enclosing
        # Location.of(doc, block.start, block.end), field by field: no Location is built to be unpacked.
        where = (block.start, block.end, *doc.position(block.start), *doc.position(block.end))
        section = doc.sections[block.index] if block.index < len(doc.sections) else ()
        units.append(_new(UnitInfo, (block.index, key, *where, block.start_line, enclosing, block_name(block),
                                     *deleter.plan_span(block), section[-1] if section else -1,
                                     parallel_list_of(doc, block))))
    return Summary(doc.path, tuple(units))


def counted_units(doc: Document, settings: Settings) -> tuple[list[Block], list[tuple[Hashable, str]]]:
    """The units whose text counts (not boilerplate), and their keys: (scope, normalised text).
    Two lists, not a list of pairs: they live while every unit is planned, and a pair each
    would be as many more objects for the cyclic collector to go over."""
    paragraph_runs = runs(doc)
    boilerplate = line_matcher(settings.boilerplate)
    blocks: list[Block] = []
    keys: list[tuple[Hashable, str]] = []
    for block, text, norm in text_units(doc):
        if len(norm) < settings.min_chars or only_boilerplate(text, boilerplate):
            continue  # is_boilerplate(), the patterns looked up once
        scope: Hashable = "all"
        if word_count(norm) < settings.min_words:
            if "..." in norm or "…" in norm:
                continue  # "`ip link set ...`" twice: what each left out may differ
            if settings.short_scope == "section":
                section = doc.sections[block.index] if block.index < len(doc.sections) else ()
                scope = ("section", section)
            elif block.kind == "list_item":
                scope = ("list", block.parent)
            else:
                scope = ("run", paragraph_runs[block.index])
        blocks.append(block)
        keys.append((scope, norm))
    return blocks, keys


def word_count(norm: str) -> int:
    """``len(norm.split())`` of normalised text, without the list: its words are parted by
    single spaces, and it has no whitespace at either end."""
    return norm.count(" ") + 1 if norm else 0


def run_keys(summaries: Sequence[Summary]) -> list[list[tuple[Hashable, str]]]:
    """Each unit's key across the run, by file: short text is only compared within its own file."""
    return [[info.key if info.key[0] == "all" else ((doc_no, info.key[0]), info.key[1]) for info in s.units]
            for doc_no, s in enumerate(summaries)]


@dataclass(slots=True)
class Run:
    """The units of a run that have a copy in it (no other can be reported or kept), numbered
    in path order, then in file order."""

    docs: list[int]  # each unit's file, by position in path order
    infos: list[UnitInfo]
    group: list[int]  # each unit's group of copies, numbered from 0
    groups: int  # how many groups there are
    enclosing: list[tuple[int, ...]]  # the units that enclose each one in its file

    @classmethod
    def of(cls, summaries: Sequence[Summary]) -> Run:
        keys = run_keys(summaries)
        count = Counter(key for file_keys in keys for key in file_keys)
        run = cls([], [], [], 0, [])
        group_of: dict[tuple[Hashable, str], int] = {}
        for doc_no, (summary, file_keys) in enumerate(zip(summaries, keys, strict=True)):
            number: dict[int, int] = {}  # block -> unit number, in this file
            for info, key in zip(summary.units, file_keys, strict=True):
                if count[key] < 2:
                    continue
                number[info.block] = len(run.infos)
                run.group.append(group_of.setdefault(key, len(group_of)))
                run.docs.append(doc_no)
                run.infos.append(info)
                run.enclosing.append(tuple(number[b] for b in info.enclosing if b in number) if info.enclosing
                                     else ())
        run.groups = len(group_of)
        return run


def keepers(run: Run, eligible: list[bool], keep: str) -> list[int | None]:
    """Each group's kept copy among the eligible units (None: none is): the first, or with
    ``keep = "longest"`` the longest source (the first among equals)."""
    kept: list[int | None] = [None] * run.groups
    for i, g in enumerate(run.group):
        if eligible[i]:
            k = kept[g]
            if k is None or (keep == "longest" and run.infos[i].length > run.infos[k].length):
                kept[g] = i
    return kept


def resolve(run: Run, keep: str) -> dict[int, int]:
    """Each reported copy (by unit number) with the unit it repeats.

    A kept copy must survive the fixes: a unit nested in a reported copy is deleted with it,
    so it may not be the one kept. ``keep = "longest"`` could otherwise keep the longer copy of
    a nested sentence inside a list item that is itself deleted as a copy, and report every
    other copy of the sentence against it, losing the sentence. So keepers are chosen among the
    units outside every reported copy, and the choice is repeated until it is stable; the set of
    candidates only shrinks, so this ends, and a group left without a candidate reports nothing.
    A copy nested in a reported copy is not reported again: it goes with the enclosing one.
    """
    enclosing = run.enclosing
    eligible = [True] * len(run.infos)
    by_depth = sorted(range(len(run.infos)), key=list(map(len, enclosing)).__getitem__)
    while True:
        kept = keepers(run, eligible, keep)
        reported: dict[int, int] = {}
        for i in by_depth:  # enclosing units first
            keeper = kept[run.group[i]]
            if keeper is None or keeper == i:
                continue
            around = enclosing[i]
            if around and (keeper in around or any(e in reported for e in around)):
                continue
            if i in enclosing[keeper]:
                continue  # an item holding only a nested list has that list's text: one text, not two
            reported[i] = keeper
        reported = dict(sorted(reported.items()))
        if not any(e in reported for k in kept if k is not None for e in enclosing[k]):
            return reported
        inside = [any(e in reported for e in around) for around in enclosing]
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
        run = Run.of(ordered)
        findings = []
        for i, keeper in resolve(run, settings.keep).items():
            if run.docs[i] == run.docs[keeper] and _parallel_lists(run.infos[i], run.infos[keeper]):
                found = _earlier_in_its_list(run, i)
                if found is None:
                    continue  # the same step of another procedure, said on purpose
                keeper = found  # a step repeated in its own list: a copy of that one
            path, kept_path = ordered[run.docs[i]].path, ordered[run.docs[keeper]].path
            findings.append(self._report(path, run.infos[i], kept_path, run.infos[keeper]))
        findings.sort(key=Finding.sort_key)
        return iter(findings)

    def _report(self, path: str, unit: UnitInfo, kept_path: str, kept: UnitInfo) -> Finding:
        message = f"{unit.name.capitalize()} repeats {kept_path}:{kept.start_line}"
        if unit.problem:
            message += f" (no safe fix: {unit.problem})"
        fix = unit.fix(kept if path == kept_path else None)
        return self.finding_at(path, unit.where, message, fix, fingerprint=unit.key[1])
