"""Repairs of JSON snippets, each offered only when the repaired snippet parses.

Safe repairs (``safe_repair``), found in one walk over the snippet's tokens:

- a trailing comma before ``}`` or ``]`` is removed;
- a single-quoted string becomes double-quoted (``\\'`` unescaped, ``"`` escaped);
- a comma is inserted between two members or elements that lack one.

The unsafe rebuild (``rebuild``) restores the brace-only and bracket-only lines that a truncated
snippet lost, where ``json_classify.infer_structure`` says they were: from the indentation and
from keys repeated at one level. It inserts brackets, commas and line breaks and drops a comma
left dangling; it never invents a key or a value (checked: the multiset of keys and scalar
values is the same before and after). Every inserted line keeps the snippet's indentation
style and container prefix (a list item's indentation, a quote's ``>``) and the file's line
endings.

"Parses" means strictly, or, for a snippet that was a fragment, had comments or elided content
(its traits), strictly once those are accounted for: a repair never adds a trait.

Everything works on the snippet's text first (``Edit`` offsets into it); ``repair_fix`` and
``rebuild_fix`` map the edits onto the notes file for a rule, through a ``Source``: the text and
the file offset where each of its lines begins (a block's, or a detected snippet's).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from fixers.apply import apply_edits
from fixers.edit import Edit, Fix
from lint.document import Block, Document
from lint.snippets.json_classify import (
    JsonClass,
    Lexeme,
    Piece,
    StructurePlan,
    classify,
    lex,
    parses_within,
)

__all__ = ["Layout", "Rebuild", "Repair", "SnippetLayout", "Source", "layout", "rebuild", "rebuild_fix",
           "repair_fix", "safe_repair", "values_of"]

_CLOSERS = {"{": "}", "[": "]"}


@dataclass(frozen=True, slots=True)
class Repair:
    """Safe edits on a snippet's text, the repaired text, and what they do in words."""

    edits: tuple[Edit, ...]
    text: str
    actions: tuple[str, ...]

    @property
    def message(self) -> str:
        text = "; ".join(self.actions)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Rebuild:
    """The unsafe rebuild of a truncated snippet: edits on its text and the rebuilt text."""

    edits: tuple[Edit, ...]
    text: str
    brackets: int
    commas: int

    @property
    def message(self) -> str:
        commas = f" and {_plural(self.commas, 'comma')}" if self.commas else ""
        return (f"Rebuild {_plural(self.brackets, 'lost brace or bracket', 'lost braces and brackets')}"
                f"{commas} from the indentation and repeated keys; needs review: check that each "
                "value sits in the object or array it belongs to")


# --- safe repairs -------------------------------------------------------------------------------


def safe_repair(text: str, cls: JsonClass | None = None,
                indents: Sequence[int | None] | None = None) -> Repair | None:
    """The safe repairs of ``text``, or None when there are none or the result would not parse."""
    cls = cls if cls is not None else classify(text, indents)
    if cls.ok:
        return None
    edits, counts = _repair_edits(text)
    if not edits:
        return None
    repaired = apply_edits(text, edits)
    if not parses_within(repaired, cls.traits, indents):
        return None
    actions = []
    if counts["trailing"]:
        actions.append(f"remove {_plural(counts['trailing'], 'trailing comma')}")
    if counts["quoted"]:
        actions.append(f"put {_plural(counts['quoted'], 'single-quoted string')} in double quotes")
    if counts["comma"]:
        actions.append(f"insert {_plural(counts['comma'], 'missing comma')}")
    return Repair(tuple(edits), repaired, tuple(actions))


def _repair_edits(text: str) -> tuple[list[Edit], Counter[str]]:
    """One walk over the tokens: trailing commas, single quotes and missing commas."""
    lexemes = [x for x in lex(text) if x.kind != "comment"]
    edits: list[Edit] = []
    counts: Counter[str] = Counter()
    member_first = len(lexemes) > 1 and lexemes[0].kind in ("string", "squote") and lexemes[1].kind == ":"
    # The snippet itself sits in a virtual container, so that a fragment's members are walked too.
    stack: list[list[str]] = [["{" if member_first else "[", "key" if member_first else "value"]]
    previous: Lexeme | None = None
    comma: Lexeme | None = None  # the comma just read
    for lexeme in lexemes:
        kind = lexeme.kind
        if kind == "bad" or not stack:
            break  # nothing safe to say past a token JSON has no place for
        top = stack[-1]
        if kind == "squote":
            edits.append(Edit(lexeme.start, lexeme.end, _double_quoted(text[lexeme.start:lexeme.end])))
            counts["quoted"] += 1
        if kind in ("}", "]"):
            if comma is not None:
                edits.append(Edit(comma.start, comma.end))
                counts["trailing"] += 1
            if len(stack) == 1 or _CLOSERS[top[0]] != kind:
                break
            stack.pop()
        elif kind == ",":
            if top[1] == "after":
                top[1] = "key" if top[0] == "{" else "value"
        elif kind == ":":
            if top[1] == "colon":
                top[1] = "value"
        elif kind == "ellipsis":
            if top[1] in ("key", "value"):
                top[1] = "after"
        else:  # a string, scalar or opening bracket
            if top[1] == "after" and previous is not None:
                edits.append(Edit(previous.end, previous.end, ","))
                counts["comma"] += 1
                top[1] = "key" if top[0] == "{" else "value"
            if top[1] == "key":
                top[1] = "colon" if kind in ("string", "squote") else "after"
            elif top[1] in ("value", "colon"):
                top[1] = "after"
            if kind in ("{", "["):
                stack.append([kind, "key" if kind == "{" else "value"])
        comma = lexeme if kind == "," else None
        previous = lexeme
    return sorted(edits), counts


def _double_quoted(single: str) -> str:
    """A single-quoted string as a JSON string: ``\\'`` unescaped, ``"`` and control characters
    escaped, other escapes kept (an invalid one stays invalid, and the repair is not offered)."""
    body = single[1:-1]
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            following = body[i + 1]
            out.append("'" if following == "'" else char + following)
            i += 2
            continue
        if char == '"':
            out.append('\\"')
        elif ord(char) < 0x20:
            out.append(json.dumps(char)[1:-1])
        else:
            out.append(char)
        i += 1
    return '"' + "".join(out) + '"'


# --- the rebuild --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layout:
    """How to write a new line into a snippet: the line ending and the prefix of its column."""

    newline: str = "\n"
    container: str = ""  # what every line of the snippet starts with in the file (list indent, "> ")
    width: int = 0  # the columns ``container`` takes

    def prefix(self, column: int | None) -> str:
        return self.container + " " * max(0, (column or 0) - self.width)

    def render(self, pieces: Sequence[Piece]) -> str:
        return "".join(p.text if p.column is None else self.newline + self.prefix(p.column) + p.text
                       for p in pieces)


def rebuild(text: str, cls: JsonClass | None = None,
            indents: Sequence[int | None] | None = None) -> Rebuild | None:
    """The rebuild of a truncated snippet, or None when it is not truncated or would not parse."""
    cls = cls if cls is not None else classify(text, indents)
    if cls.kind != "truncated" or cls.plan is None:
        return None
    plan = cls.plan
    head = "".join(" " * (p.column or 0) + p.text + "\n" for p in plan.head)
    edits = _plan_edits(plan, Layout(), {plan.first_line: head} if head else {})
    rebuilt = apply_edits(text, edits)
    if not parses_within(rebuilt, cls.traits) or values_of(rebuilt) != values_of(text):
        return None
    inserted = "".join(e.replacement for e in edits)
    return Rebuild(tuple(edits), rebuilt, sum(inserted.count(b) for b in "{}[]"), inserted.count(","))


def values_of(text: str) -> Counter[str]:
    """The multiset of keys and scalar values (strings, numbers, literals) in ``text``."""
    return Counter(text[x.start:x.end] for x in lex(text) if x.kind in ("string", "scalar", "squote"))


def _plan_edits(plan: StructurePlan, style: Layout, extra: dict[int, str]) -> list[Edit]:
    """The plan's insertions and deletions as edits on the snippet's text.

    ``extra`` holds text to insert before everything else at an offset (the head). Insertions
    at one offset become one edit, merged with a deletion that starts there.
    """
    inserted: dict[int, str] = dict(extra)
    for offset, pieces in plan.insertions.items():
        inserted[offset] = inserted.get(offset, "") + style.render(pieces)
    edits = []
    for start, end in plan.deletions:
        edits.append(Edit(start, end, inserted.pop(start, "")))
    edits.extend(Edit(offset, offset, text) for offset, text in inserted.items())
    return sorted(edits)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


# --- onto the notes file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A snippet's text and where each of its lines begins in the notes file.

    ``uniform`` says that every line's offset is preceded by its container prefix alone (code
    lines, or a snippet's dedented lines); a paragraph's own text is not uniform, since its first
    line also starts after the paragraph's indentation.
    """

    text: str
    offsets: tuple[int, ...]
    uniform: bool = True
    _starts: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    @classmethod
    def of_block(cls, block: Block) -> Source:
        return cls(block.text, block.line_offsets, uniform=block.kind == "code")

    def to_file(self, pos: int) -> int:
        """The offset in the notes file of position ``pos`` in ``text``."""
        if not self._starts:
            object.__setattr__(self, "_starts", (0, *(m.end() for m in re.finditer("\n", self.text))))
        line = min(max(bisect_right(self._starts, pos) - 1, 0), len(self.offsets) - 1)
        return self.offsets[line] + pos - self._starts[line]


@dataclass(frozen=True, slots=True)
class SnippetLayout:
    """Where a snippet's lines sit in the notes file."""

    indents: tuple[int | None, ...]  # file column of each text line's first character (None: blank)
    style: Layout
    head_offset: int  # where lines before the first line are inserted
    head_inline: bool  # True: inserted before the first token, the first line moved down


def layout(doc: Document, source: Source) -> SnippetLayout:
    """How the lines of ``source`` sit in ``doc``: their columns, and how to add a line."""
    lines = source.text.split("\n")
    prefixes: list[str] = []
    indents: list[int | None] = []
    for i, line in enumerate(lines):
        offset = source.offsets[min(i, len(source.offsets) - 1)]
        line_start = doc.line_starts[doc.line_of(offset) - 1]
        prefix = doc.text[line_start:offset]
        prefixes.append(prefix)
        blanks = line[:len(line) - len(line.lstrip(" \t"))]
        indents.append(_width(prefix + blanks) if line.strip() else None)
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    # The container prefix: what the lines start with, never a list marker.
    candidates = [p for i, p in enumerate(prefixes) if (i > 0 or source.uniform) and lines[i].strip()
                  and _is_container(p)]
    if candidates:
        container = min(candidates, key=_width)
    else:
        container = "".join(c if _is_container(c) else " " for c in prefixes[first])
    first_offset = source.offsets[min(first, len(source.offsets) - 1)]
    first_line = doc.line_of(first_offset)
    head_inline = not _is_container(prefixes[first])
    lead = len(lines[first]) - len(lines[first].lstrip(" \t"))
    style = Layout(_line_ending(doc, first_line), container, _width(container))
    head_offset = first_offset + lead if head_inline else doc.line_starts[first_line - 1]
    return SnippetLayout(tuple(indents), style, head_offset, head_inline)


def rebuild_fix(doc: Document, source: Source, cls: JsonClass | None = None) -> Fix | None:
    """The unsafe rebuild of the truncated snippet ``source`` as a fix on the notes file."""
    place = layout(doc, source)
    cls = cls if cls is not None else classify(source.text, place.indents)
    result = rebuild(source.text, cls, place.indents)
    if result is None or cls.plan is None:
        return None
    plan = cls.plan
    edits = [_moved(source, e) for e in _plan_edits(plan, place.style, {})]
    if plan.head:
        style = place.style
        if place.head_inline:
            first_column = next(n for n in place.indents if n is not None)
            head = style.render([Piece(plan.head[0].text), *plan.head[1:], Piece("", first_column)])
        else:
            head = "".join(style.prefix(p.column) + p.text + style.newline for p in plan.head)
        edits.append(Edit(place.head_offset, place.head_offset, head))
    return Fix(tuple(_merged(edits)), "unsafe", result.message)


def repair_fix(doc: Document, source: Source, cls: JsonClass | None = None) -> Fix | None:
    """The safe repairs of the snippet ``source`` as a fix on the notes file."""
    result = safe_repair(source.text, cls, layout(doc, source).indents)
    if result is None:
        return None
    return Fix(tuple(_moved(source, e) for e in result.edits), "safe", result.message)


def _moved(source: Source, edit: Edit) -> Edit:
    start = source.to_file(edit.start)
    return Edit(start, max(start, source.to_file(edit.end)), edit.replacement)


def _merged(edits: list[Edit]) -> list[Edit]:
    """Edits sorted, insertions at one offset joined (the applier refuses two at one point)."""
    out: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end != e.start)):
        if out and out[-1].start == out[-1].end == edit.start:
            last = out.pop()
            edit = Edit(edit.start, edit.end, last.replacement + edit.replacement)
        out.append(edit)
    return out


def _is_container(prefix: str) -> bool:
    """Blanks and block-quote markers only: a prefix a new line may repeat."""
    return all(c in " \t>" for c in prefix)


def _width(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _line_ending(doc: Document, line: int) -> str:
    start, end = doc.line_span(line)
    ending = doc.text[start:end][len(doc.line_text(line)):]
    return ending or doc.newline
