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
file) or `keep = "longest"` (the longest source text; the first among equals).

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

import re
from collections import defaultdict
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fixers.delete_block import BlockDeleter, block_name
from lint.document import Block, Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register

_TRAILING_PUNCTUATION = ".,;:!?…"

DEFAULT_BOILERPLATE = (
    r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$",  # table separator row
    r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$",  # horizontal rule
    r"^</?(?:details|summary)\b.*$",  # <details>/<summary> lines
)


def normalise(text: str) -> str:
    """Whitespace collapsed, case folded, trailing punctuation stripped."""
    return " ".join(text.split()).casefold().rstrip(_TRAILING_PUNCTUATION).rstrip()


@dataclass(frozen=True, slots=True)
class Settings:
    min_words: int
    min_chars: int
    short_scope: str
    keep: str
    boilerplate: tuple[re.Pattern[str], ...]

    @classmethod
    def from_context(cls, ctx: RuleContext, defaults: dict[str, Any]) -> Settings:
        def get(name: str) -> Any:
            return ctx.option(name, defaults[name])

        keep, scope = get("keep"), get("short_scope")
        if keep not in ("first", "longest"):
            raise ValueError(f"duplicate-paragraph: keep must be 'first' or 'longest', not {keep!r}")
        if scope not in ("run", "section"):
            raise ValueError(f"duplicate-paragraph: short_scope must be 'run' or 'section', not {scope!r}")
        for name in ("min_words", "min_chars"):
            value = get(name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"duplicate-paragraph: {name} must be a non-negative integer, not {value!r}")
        patterns = get("boilerplate")
        if isinstance(patterns, str) or not all(isinstance(p, str) for p in patterns):
            raise ValueError("duplicate-paragraph: boilerplate must be a list of regular expressions")
        try:
            compiled = tuple(re.compile(p) for p in patterns)
        except re.error as exc:
            raise ValueError(f"duplicate-paragraph: bad boilerplate pattern: {exc}") from exc
        return cls(get("min_words"), get("min_chars"), scope, keep, compiled)


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph or list item that takes part in the comparison."""

    doc: int  # position of its document in path order
    block: Block
    key: tuple[Hashable, str]  # (scope, normalised text): equal keys are copies
    length: int  # length of its source text, for keep = "longest"


def unit_text(doc: Document, block: Block) -> str:
    """A paragraph's text, or a list item's text and that of everything nested in it."""
    if block.kind != "list_item":
        return block.text
    parts: list[str] = []
    stack = list(reversed(block.children))
    while stack:
        child = doc.blocks[stack.pop()]
        if child.text:
            parts.append(child.text)
        stack.extend(reversed(child.children))
    return "\n".join(parts)


def is_unit(doc: Document, block: Block) -> bool:
    """List items, and paragraphs other than the only block of a list item (that is the item)."""
    if block.kind == "list_item":
        return True
    if block.kind != "paragraph":
        return False
    parent = doc.parent_of(block)
    return parent is None or parent.kind != "list_item" or len(parent.children) > 1


def is_boilerplate(text: str, norm: str, settings: Settings) -> bool:
    if len(norm) < settings.min_chars:
        return True
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(any(p.match(line) for p in settings.boilerplate) for line in lines)


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


def units_of(doc: Document, doc_no: int, settings: Settings) -> Iterator[Unit]:
    paragraph_runs = runs(doc)
    for block in doc.blocks:
        if not is_unit(doc, block):
            continue
        text = unit_text(doc, block)
        norm = normalise(text)
        if is_boilerplate(text, norm, settings):
            continue
        scope: Hashable = "all"
        if len(norm.split()) < settings.min_words:
            if settings.short_scope == "section":
                section = doc.sections[block.index] if block.index < len(doc.sections) else ()
                scope = ("section", doc_no, section)
            elif block.kind == "list_item":
                scope = ("list", doc_no, block.parent)
            else:
                scope = ("run", doc_no, paragraph_runs[block.index])
        yield Unit(doc_no, block, (scope, norm), block.end - block.start)


def keepers(units: Sequence[Unit], groups: dict[tuple[Hashable, str], list[int]], keep: str) -> dict[
        tuple[Hashable, str], int]:
    """The unit kept in each group of copies."""
    result = {}
    for key, members in groups.items():
        if len(members) < 2:
            continue
        if keep == "longest":
            result[key] = max(members, key=lambda i: (units[i].length, -i))
        else:
            result[key] = members[0]
    return result


@register
class DuplicateParagraph(Rule):
    id = "duplicate-paragraph"
    severity = "warning"
    options = {
        "min_words": 8,
        "min_chars": 8,
        "short_scope": "run",
        "keep": "first",
        "boilerplate": list(DEFAULT_BOILERPLATE),
    }

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        return self.check_all([doc], ctx)

    def check_all(self, docs: Sequence[Document], ctx: RuleContext) -> Iterator[Finding]:
        settings = Settings.from_context(ctx, self.options)
        ordered = sorted(docs, key=lambda d: d.path)  # "first" means first in path order
        units: list[Unit] = []
        groups: dict[tuple[Hashable, str], list[int]] = defaultdict(list)
        for doc_no, doc in enumerate(ordered):
            for unit in units_of(doc, doc_no, settings):
                groups[unit.key].append(len(units))
                units.append(unit)
        kept = keepers(units, groups, settings.keep)
        deleters: dict[int, BlockDeleter] = {}
        doomed: set[tuple[int, int]] = set()  # (doc, block) of copies reported for deletion
        findings = []
        for i, unit in enumerate(units):
            keeper = kept.get(unit.key)
            if keeper is None or keeper == i:
                continue
            doc = ordered[unit.doc]
            if self._inside_doomed(doc, unit, doomed):
                continue  # an enclosing list item is already reported: it takes this copy with it
            doomed.add((unit.doc, unit.block.index))
            if unit.doc not in deleters:
                deleters[unit.doc] = BlockDeleter(doc)
            deleter = deleters[unit.doc]
            findings.append(self._report(doc, unit, ordered[units[keeper].doc], units[keeper], deleter))
        findings.sort(key=Finding.sort_key)
        return iter(findings)

    @staticmethod
    def _inside_doomed(doc: Document, unit: Unit, doomed: set[tuple[int, int]]) -> bool:
        parent = doc.parent_of(unit.block)
        while parent is not None:
            if (unit.doc, parent.index) in doomed:
                return True
            parent = doc.parent_of(parent)
        return False

    def _report(self, doc: Document, unit: Unit, kept_doc: Document, kept: Unit,
                deleter: BlockDeleter) -> Finding:
        name = block_name(unit.block)
        message = f"{name.capitalize()} repeats {kept_doc.path}:{kept.block.start_line}"
        deletion = deleter.plan(unit.block)
        if deletion.problem:
            message += f" (no safe fix: {deletion.problem})"
        fix = deletion.fix(f"Delete the repeated {name}")
        return self.finding(doc, unit.block.start, unit.block.end, message, fix, fingerprint=unit.key[1])
