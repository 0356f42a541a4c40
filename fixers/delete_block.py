"""Delete a whole block by its lines, and tell whether the Markdown around it keeps its structure.

A deletion removes the block's whole lines (a list item: its marker line and its continuation
lines) plus at most one adjacent blank line, so that no double blank line is left behind. Bytes
outside the removed lines are untouched: CRLF terminators and a BOM survive as they were, and a
file without a final newline keeps none.

When the block is the only content of its container (the only item of a list, the only block of
a list item or block quote), the container goes with it: the deletion *target* is the outermost
container the block fills.

Deleting can change how the blocks around the target parse, and then no safe fix exists. The
static check (``Deletion.problem``) catches the cases known to matter:

- two lists of the same marker kind, or two indented code blocks, that would merge;
- an indented block that would join the list before it;
- blocks that would run together with no blank line between them (lazy continuation, a setext
  underline);
- a list that would turn loose or tight;
- an ordered list that would no longer start at 1 and so could not interrupt the paragraph before;
- a marker line shared with an enclosing list item;
- a lazy line in the containers around the target, where mistune and CommonMark disagree on
  where a quote or list item ends;
- the only item of a list that separates two paragraphs (the paragraph before usually introduces
  it: "The operations are:").

It is checked against mistune's and CommonMark's (markdown-it-py) parse of generated documents in
``tests/test_delete_block.py``. The applier's structure guard (``guard_structure``) re-parses as
a second line of defence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from fixers.edit import Edit, Fix
from lint.document import BOM, Block, Document

_MARKER = re.compile(r"(?:([*+-])|(\d{1,9})([.)]))(?=[ \t]|$)")

_CONTAINERS = ("list", "list_item", "quote")
Neighbour = Block | None

# How each block kind is named in a reason.
_NAMES = {
    "paragraph": "paragraph",
    "heading": "heading",
    "code": "code block",
    "list": "list",
    "list_item": "list item",
    "quote": "block quote",
    "table": "table",
    "html": "HTML block",
    "thematic_break": "thematic break",
}


def block_name(block: Block) -> str:
    """A block's kind in words, for messages."""
    return _NAMES.get(block.kind, block.kind)


@dataclass(frozen=True, slots=True)
class Deletion:
    """How a block would be deleted, and why that would not be safe (``problem``)."""

    block: Block  # the block asked for
    target: Block  # the block actually removed: ``block`` or the container it alone fills
    first_line: int  # 1-based, inclusive: the lines removed, blank line included
    last_line: int
    edit: Edit
    problem: str | None  # None when the blocks around the target keep their structure

    def fix(self, message: str) -> Fix | None:
        """The safe fix, or None when deleting would change the structure around the block."""
        if self.problem is not None:
            return None
        return deletion_fix(self.edit, message)


def deletion_fix(edit: Edit, message: str) -> Fix:
    """The fix that applies a planned deletion whose ``problem`` is None (for a plan kept
    without its ``Deletion``): safe, and the applier re-checks the structure around it."""
    return Fix((edit,), "safe", message, guard_structure=True)


class _Around(NamedTuple):
    """What the deletions of the children of one container have in common: facts about that
    container and the ones around it, computed once per container rather than once per plan."""

    quoted: bool  # inside a block quote
    item_line: int  # the largest first line of an enclosing list item (0: none)
    lazy: str | None  # a lazy line in an enclosing quote or list item, innermost first
    lazy_item: str | None  # a lazy line in an item of an enclosing list, innermost list first
    lists: tuple[Block, ...]  # enclosing lists with a blank line inside, innermost first


_TOP = _Around(False, 0, None, None, ())
_new = tuple.__new__


class _Place(NamedTuple):
    """A block to delete and what every check of its deletion reads about the blocks around it."""

    target: Block
    around: _Around
    prev: Block | None
    nxt: Block | None
    blank: list[bool]  # whether each line is blank, read as inside a quote where the target is


def _lazy_reason(container: Block, line: int) -> str:
    return (f"line {line} continues the {block_name(container)} around it without "
            f"its {'`>`' if container.kind == 'quote' else 'indentation'} (a lazy line)")


@dataclass(frozen=True, slots=True)
class _BlankLines:
    """Which lines of a document are blank, with running counts so that any range is asked in
    O(1): every plan asks about the lines around its target, and looseness about whole lists."""

    blank: list[bool]  # by 0-based line number
    before: list[int]  # before[k]: how many of the first k lines are blank

    @classmethod
    def of(cls, blank: list[bool]) -> _BlankLines:
        return cls(blank, [0, *accumulate(blank)])

    def count(self, first: int, last: int) -> int:
        """How many of lines first..last (1-based, inclusive) are blank."""
        return self.before[last] - self.before[first - 1] if first <= last else 0


@dataclass(frozen=True, slots=True)
class _ChildLines:
    """The lines of a container's children in source order, and which gaps between them hold a
    blank line before anything is deleted: what a deletion's effect on looseness is worked out
    from, around the deleted lines only."""

    indices: tuple[int, ...]
    starts: list[int]  # first line of each child
    ends: list[int]  # last line of each child, never decreasing
    blank_gaps: list[int]  # running count: [k] is how many of the first k gaps hold a blank line

    @classmethod
    def of(cls, deleter: BlockDeleter, container: Block, quoted: bool) -> _ChildLines | None:
        indices = deleter.children.get(container.index, ())
        blocks = deleter.doc.blocks
        starts = [blocks[i].start_line for i in indices]
        ends = [blocks[i].end_line for i in indices]
        if any(b < a for a, b in zip(ends, ends[1:], strict=False)):
            return None  # not in line order: nothing can be said from the lines alone
        gaps = (deleter.blank_between(a, b, 0, -1, quoted) for a, b in zip(ends, starts[1:], strict=False))
        return cls(indices, starts, ends, [0, *accumulate(gaps)])

    def meeting(self, first: int, last: int) -> tuple[range, int]:
        """The children that meet lines first..last, and the number of the first one after them.
        The ones before end before ``first``, the ones after start after ``last``."""
        start = bisect_left(self.ends, first)
        after = bisect_right(self.starts, last)
        return range(start, after), after


class BlockDeleter:
    """Plans block deletions in one document. Build one per document: setup is linear."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        blocks = doc.blocks
        start_of = [b.start for b in blocks].__getitem__  # a sort key called without a Python frame

        def in_source_order(indices: tuple[int, ...] | list[int]) -> tuple[int, ...]:
            # mistune appends the block that interrupts a block quote (a list, say) before the
            # quote itself, so the block list is not always in source order.
            return tuple(sorted(indices, key=start_of)) if len(indices) > 1 else tuple(indices)

        self.top = in_source_order([b.index for b in blocks if b.parent is None])
        self.children = {b.index: in_source_order(b.children) if len(b.children) > 1 else b.children
                         for b in blocks if b.children}
        # Position of each block among its siblings, so neighbours are found in O(1).
        self.position: dict[int, int] = {index: i for i, index in enumerate(self.top)}
        for children in self.children.values():
            if len(children) == 1:  # most containers: a list item's paragraph
                self.position[children[0]] = 0
                continue
            for i, child in enumerate(children):
                self.position[child] = i
        # Whether each block is inside a block quote, in one pass: the parser adds a parent
        # before its children, so a parent's answer is known when its children are reached.
        self._in_quote = in_quote = [False] * len(blocks)
        for b in blocks:
            if b.parent is not None:
                parent = blocks[b.parent]
                in_quote[b.index] = in_quote[parent.index] or parent.kind == "quote"
        # Facts about a container that do not depend on what is deleted, by block index.
        self._lazy_lines: dict[int, int | None] = {}
        self._loose_now: dict[tuple[int, bool], bool] = {}  # by (list, inside a quote)
        self._loose_items: dict[tuple[int, bool], list[int]] = {}  # by (list, inside a quote)
        self._child_lines: dict[tuple[int, bool], _ChildLines | None] = {}  # by (container, quoted)
        self._ancestors: dict[int, tuple[Block, ...]] = {}
        self._around: dict[int, _Around] = {}
        # Whether each line is blank, outside and inside a quote: built on first use, since
        # every plan asks about the lines around its target.
        self._blank: dict[bool, _BlankLines] = {}
        self._lines: list[str] | None = None

    # -- lines -----------------------------------------------------------------------------

    def line_count(self) -> int:
        return len(self.doc.line_starts)

    def is_blank(self, line: int, quoted: bool) -> bool:
        """Whether a line is blank; inside a block quote a bare ``>`` line is blank too."""
        return self.blank_lines(quoted).blank[line - 1]

    def blank_lines(self, quoted: bool) -> _BlankLines:
        """Which lines are blank (outside or inside a quote): computed once, on first use."""
        found = self._blank.get(quoted)
        if found is None:
            if not quoted:
                found = _BlankLines.of([not line or line.isspace() for line in self.lines()])
            else:
                outside = self.blank_lines(False).blank
                found = _BlankLines.of([is_blank or not line.strip(" \t>")
                                        for is_blank, line in zip(outside, self.lines(), strict=True)])
            self._blank[quoted] = found
        return found

    def lines(self) -> list[str]:
        """Every line's text without its terminator or a BOM at its start, by 0-based number."""
        if self._lines is None:
            self._lines = self._split_lines()
        return self._lines

    def _split_lines(self) -> list[str]:
        text, starts = self.doc.text, self.doc.line_starts
        if "\r" in text:
            ends = [*starts[1:], len(text)]
            lines = [text[start:end].rstrip("\r\n") for start, end in zip(starts, ends, strict=True)]
        else:  # the lines of line_starts_of(), without slicing each one out
            lines = text.split("\n")
            del lines[len(starts):]  # the empty "line" after a final newline is none
        if BOM in text:
            lines = [line.lstrip(BOM) for line in lines]
        return lines

    def quoted(self, block: Block) -> bool:
        """Whether ``block`` is inside a block quote."""
        return self._in_quote[block.index]

    def ancestors(self, block: Block) -> tuple[Block, ...]:
        """The blocks enclosing ``block``, innermost first (memoised)."""
        found = self._ancestors.get(block.index)
        if found is None:
            # Iterative, not recursive: hostile notes nest lists thousands deep.
            chain = []
            parent = self.doc.parent_of(block)
            while parent is not None:
                chain.append(parent)
                parent = self.doc.parent_of(parent)
            found = self._ancestors[block.index] = tuple(chain)
        return found

    def around(self, block: Block) -> _Around:
        """The facts about the containers that enclose ``block``."""
        if block.parent is None:
            return _TOP
        found = self._around.get(block.parent)
        if found is None:
            # Each container from its parent's facts, outermost first; iterative, not recursive:
            # hostile notes nest lists thousands deep.
            pending = []
            index: int | None = block.parent
            while index is not None and index not in self._around:
                pending.append(self.doc.blocks[index])
                index = pending[-1].parent
            found = _TOP if index is None else self._around[index]
            for container in reversed(pending):
                found = self._around[container.index] = self._inside(container, found)
        return found

    def _inside(self, container: Block, outer: _Around) -> _Around:
        """The facts for the children of ``container``, from those of the containers around it."""
        kind = container.kind
        quoted = outer.quoted or kind == "quote"
        item_line = max(outer.item_line, container.start_line) if kind == "list_item" else outer.item_line
        lazy, lazy_item = outer.lazy, outer.lazy_item
        if kind in ("quote", "list_item"):
            line = self.lazy_line(container)
            if line is not None:
                lazy = _lazy_reason(container, line)
        elif kind == "list":
            lazy_item = self.lazy_item(container) or lazy_item
        if quoted == outer.quoted:
            lists = outer.lists
            if kind == "list" and self.has_blank_line(container, quoted):
                lists = (container, *lists)
        else:  # a quote: bare `>` lines are blank now, so every enclosing list is asked again
            lists = tuple(lst for lst in self.ancestors(container)
                          if lst.kind == "list" and self.has_blank_line(lst, quoted))
        return _new(_Around, (quoted, item_line, lazy, lazy_item, lists))

    # -- planning --------------------------------------------------------------------------

    def target_of(self, block: Block) -> Block:
        """The block itself, or the outermost container it is the only content of."""
        target = block
        parent = self.doc.parent_of(target)
        while parent is not None and len(parent.children) == 1 and parent.kind in _CONTAINERS:
            target = parent
            parent = self.doc.parent_of(target)
        return target

    def neighbours(self, block: Block) -> tuple[Block | None, Block | None]:
        siblings = self.top if block.parent is None else self.children[block.parent]
        i = self.position[block.index]
        prev = self.doc.blocks[siblings[i - 1]] if i > 0 else None
        nxt = self.doc.blocks[siblings[i + 1]] if i + 1 < len(siblings) else None
        return prev, nxt

    def place(self, target: Block) -> _Place:
        """What the checks of a deletion of ``target`` read about the blocks around it."""
        around = self.around(target)
        prev, nxt = self.neighbours(target)
        blank = self.blank_lines(around.quoted).blank
        return _new(_Place, (target, around, prev, nxt, blank))  # without NamedTuple's Python __new__

    def line_range(self, target: Block) -> tuple[int, int]:
        """The target's lines plus the blank line whose removal avoids a double blank line.

        Inside a container the blank line taken is one inside it: after the first block of a
        list item or quote, before the last one (the blank after the last one separates the
        container from what follows, and removing it would join them).
        """
        return self._line_range(self.place(target))

    def _line_range(self, place: _Place) -> tuple[int, int]:
        target, blank = place.target, place.blank
        first, last = target.start_line, target.end_line
        n = len(blank)
        blank_before = first > 1 and blank[first - 2]
        blank_after = last < n and blank[last]
        contained = target.parent is not None
        if blank_before and (last == n or (contained and place.nxt is None)):
            first -= 1  # no blank line left at the end of the file or of the container
        elif blank_after and (blank_before or first == 1 or (contained and place.prev is None)):
            last += 1
        return first, last

    def edit_for(self, first: int, last: int) -> Edit:
        return Edit(*self.span_for(first, last))

    def span_for(self, first: int, last: int) -> tuple[int, int]:
        """The offsets of lines first..last, terminators included."""
        starts, text = self.doc.line_starts, self.doc.text
        start = starts[first - 1]
        if first == 1 and text.startswith(BOM):
            start = len(BOM)
        end = starts[last] if last < len(starts) else len(text)
        if end == len(text) and first > 1 and not text.endswith(("\n", "\r")):
            # The last line has no terminator: remove the one before it instead, so the file
            # still ends without a final newline.
            start = starts[first - 2] + len(self.doc.line_text(first - 1))
        return start, end

    def plan(self, block: Block) -> Deletion:
        """The deletion of ``block``: the preferred line range, or when that would change the
        structure around it, another choice of blank line (or none) that would not."""
        target = self.target_of(block)
        first, last, problem = self.lines_to_delete(target)
        return Deletion(block, target, first, last, self.edit_for(first, last), problem)

    def plan_span(self, block: Block) -> tuple[int, int, str | None]:
        """``plan(block)``'s edit span and problem only, for a caller that plans every unit of a
        file and keeps neither the Deletion nor the Edit (building them costs as much as a check)."""
        first, last, problem = self.lines_to_delete(self.target_of(block))
        return (*self.span_for(first, last), problem)

    def lines_to_delete(self, target: Block) -> tuple[int, int, str | None]:
        """The lines ``plan`` deletes for ``target``, and the problem (None: safe)."""
        place = self.place(target)
        preferred = self._line_range(place)
        problem, whatever_goes = self._reason(place, *preferred)
        if problem is not None and not whatever_goes:
            for first, last in self._alternatives(place, preferred):
                if self._reason(place, first, last)[0] is None:
                    return first, last, None
        return (*preferred, problem)

    def alternatives(self, target: Block, preferred: tuple[int, int]) -> list[tuple[int, int]]:
        """Other line ranges for ``target``: without a blank line, or with the other one.

        A blank line decides looseness: ``1. a`` + blank + an empty fence + ``2. b`` stays a loose
        list only if the blank line before the fence is kept.
        """
        return self._alternatives(self.place(target), preferred)

    def _alternatives(self, place: _Place, preferred: tuple[int, int]) -> list[tuple[int, int]]:
        first, last = place.target.start_line, place.target.end_line
        options = [(first, last)]
        if first > 1 and place.blank[first - 2]:
            options.append((first - 1, last))
        if last < len(place.blank) and place.blank[last]:
            options.append((first, last + 1))
        return [option for option in options if option != preferred]

    # -- the structure check ---------------------------------------------------------------

    def problem(self, target: Block, first: int, last: int) -> str | None:
        """Why deleting lines first..last would change how the blocks around ``target`` parse."""
        return self._reason(self.place(target), first, last)[0]

    def _reason(self, place: _Place, first: int, last: int) -> tuple[str | None, bool]:
        """``problem``, and whether it holds whichever lines go: then no other choice of blank
        line can help, and none is tried (most problems are of that kind: two lists merging)."""
        target, around, prev, nxt = place.target, place.around, place.prev, place.nxt
        if around.item_line >= first:
            return "it shares its first line with the marker of the list item that holds it", False
        lazy = self._lazy(target, around)
        if lazy:
            return lazy, True
        # The checks in order, called only where they can apply (every plan runs this): all
        # but the last need a block on either side, and that one a block after and none before.
        if prev is not None and nxt is not None:
            if prev.kind in ("list", "code"):  # what merges with the block after, or absorbs it
                reason = (self._merge(target, prev, nxt, first, last)
                          or self._absorb(target, prev, nxt, first, last))
                if reason:
                    return reason, True
            reason = self._run_together(target, prev, nxt, first, last)
            if reason:
                return reason, False
            reason = self._orphan(target, prev, nxt, first, last)
            if reason:
                return reason, True
        elif nxt is not None:
            reason = self._ordered_start(target, prev, nxt, first, last)
            if reason:
                return reason, False
        return (self._looseness(around, first, last) if around.lists else None), False

    def _lazy(self, target: Block, around: _Around) -> str | None:
        """A container whose block starts on a line without the container's own prefix.

        Only paragraph text may continue lazily; mistune also lets a heading, or a paragraph
        after a closed fence, run on inside a quote or list item where CommonMark ends it.
        Deleting anything there could change which of the two readings applies. The other items
        of an enclosing list count too (after every enclosing quote and item): a lazy line in
        any of them decides where that list ends, and so what the deletion joins.
        """
        if target.kind in ("quote", "list_item"):
            line = self.lazy_line(target)
            if line is not None:
                return _lazy_reason(target, line)
        if around.lazy:
            return around.lazy
        return (self.lazy_item(target) if target.kind == "list" else None) or around.lazy_item

    def lazy_item(self, lst: Block) -> str | None:
        """The lazy line of the first item of ``lst`` that has one (called once per list)."""
        for index in self.children.get(lst.index, ()):
            item = self.doc.blocks[index]
            line = self.lazy_line(item)
            if line is not None:
                return _lazy_reason(item, line)
        return None

    def lazy_line(self, container: Block) -> int | None:
        """The first line inside ``container`` that lacks its prefix; computed once per container,
        since every deletion inside a long list asks about all of the list's items."""
        found = self._lazy_lines.get(container.index, -1)
        if found == -1:
            lines = self.block_starts_inside(container)  # mostly none: an item of one line
            found = self.first_lacking_prefix(container, lines) if lines else None
            self._lazy_lines[container.index] = found
        return found

    def first_lacking_prefix(self, container: Block, lines: set[int]) -> int | None:
        """The first of ``lines`` that lacks the prefix of ``container``."""
        return next((line for line in sorted(lines) if self.lacks_prefix(container, line)), None)

    def block_starts_inside(self, container: Block) -> set[int]:
        """Lines on which a block inside ``container`` starts, other than its first line."""
        blocks, first = self.doc.blocks, container.start_line
        lines = set()
        stack = list(container.children)
        while stack:
            block = blocks[stack.pop()]
            if block.start_line > first:
                lines.add(block.start_line)
            if block.children:
                stack.extend(block.children)
        return lines

    def lacks_prefix(self, container: Block, line: int) -> bool:
        text = self.lines()[line - 1].expandtabs(4)
        if container.kind == "quote":
            return not text.lstrip(" ").startswith(">")
        if self.quoted(container):
            return False  # indentation inside a quote is measured after its `>`: not checked here
        return len(text) - len(text.lstrip(" ")) < self.content_column(container)

    def content_column(self, item: Block) -> int:
        """0-based column where a list item's content starts (what continuation lines indent to)."""
        line_start = self.doc.line_starts[item.start_line - 1]
        column = len(self.doc.text[line_start:item.start].lstrip(BOM).expandtabs(4))
        m = _MARKER.match(self.doc.text, item.start)
        if m is None:
            return column
        rest = self.doc.line_text(item.start_line)[m.end() - line_start:]
        spaces = len(rest) - len(rest.lstrip(" "))
        return column + len(m.group(0)) + (spaces if 1 <= spaces <= 4 else 1)

    def _merge(self, target: Block, prev: Neighbour, nxt: Neighbour, first: int, last: int) -> str | None:
        if prev is None or nxt is None:
            return None
        if prev.kind == nxt.kind == "code" and prev.style == nxt.style == "indent":
            return "the indented code blocks before and after it would merge into one"
        if prev.kind != "list" or nxt.kind != "list":
            return None
        a, b = self.marker(prev), self.marker(nxt)
        if a is not None and b is not None and a[0] == b[0]:
            return "the lists before and after it would merge into one list"
        return None

    def _absorb(self, target: Block, prev: Neighbour, nxt: Neighbour, first: int, last: int) -> str | None:
        if prev is None or nxt is None or prev.kind != "list":
            return None
        if self.doc.position(nxt.start)[1] > self.doc.position(prev.start)[1]:
            return f"the indented {block_name(nxt)} after it would become part of the list before it"
        return None

    def _run_together(self, target: Block, prev: Neighbour, nxt: Neighbour, first: int,
                      last: int) -> str | None:
        if prev is None or nxt is None or prev.kind == "list_item":
            return None
        if self.blank_between(prev.end_line, nxt.start_line, first, last, self.quoted(target)):
            return None
        closed_fence = prev.kind == "code" and prev.style == "fenced" and prev.closed
        if prev.kind == "thematic_break" or closed_fence or (prev.kind == "heading" and prev.style == "atx"):
            return None
        return (f"the {block_name(prev)} before it and the {block_name(nxt)} after it would run "
                "together with no blank line between them")

    def _orphan(self, target: Block, prev: Neighbour, nxt: Neighbour, first: int, last: int) -> str | None:
        if target.kind != "list" or prev is None or nxt is None:
            return None
        if prev.kind == "paragraph" and nxt.kind == "paragraph":
            return ("it is the only item of a list between two paragraphs: the paragraph that "
                    "introduces it would run on into the next one")
        return None

    def _ordered_start(self, target: Block, prev: Neighbour, nxt: Neighbour, first: int,
                       last: int) -> str | None:
        """Deleting the first item of an ordered list renumbers it; an ordered list that does
        not start at 1 cannot interrupt a paragraph, so it would join the paragraph before it."""
        if target.kind != "list_item" or prev is not None or nxt is None:
            return None
        marker = self.marker(nxt)
        if marker is None or marker[1] in (None, 1):
            return None
        lst = self.doc.parent_of(target)
        if lst is None:
            return None
        before, _ = self.neighbours(lst)
        if before is not None and before.kind == "paragraph" and before.end_line == first - 1:
            return f"the list would start at {marker[1]} and join the paragraph before it"
        return None

    def _looseness(self, around: _Around, first: int, last: int) -> str | None:
        quoted = around.quoted
        for lst in around.lists:  # looseness needs a blank line, and deleting lines adds none
            if (lst.index, quoted) not in self._loose_now:
                self._loose_now[lst.index, quoted] = self.loose(lst, 0, -1, quoted)
            before = self._loose_now[lst.index, quoted]
            after = self.loose(lst, first, last, quoted)
            if before != after:
                return f"the list around it would turn {'loose' if after else 'tight'}"
        return None

    # -- helpers ---------------------------------------------------------------------------

    def has_blank_line(self, lst: Block, quoted: bool) -> bool:
        """Whether any line inside the list is blank (most lists in notes have none)."""
        return self.blank_lines(quoted).count(lst.start_line + 1, lst.end_line - 1) > 0

    def marker(self, block: Block) -> tuple[str, int | None] | None:
        """A list's or item's marker type (bullet char or ordered delimiter) and its number."""
        m = _MARKER.match(self.doc.text, block.start)
        if m is None:
            return None
        if m.group(1):
            return m.group(1), None
        return m.group(3), int(m.group(2))

    def blank_between(self, after: int, before: int, first: int, last: int, quoted: bool) -> bool:
        """Whether a kept blank line lies strictly between lines ``after`` and ``before``."""
        if after + 1 >= before:
            return False
        counts = self.blank_lines(quoted).before
        blank = counts[before - 1] - counts[after]  # lines after + 1 .. before - 1
        if not blank:
            return False
        lo, hi = max(after + 1, first), min(before - 1, last)  # those of them deleted
        return lo > hi or blank > counts[hi] - counts[lo - 1]

    def loose(self, lst: Block, first: int, last: int, quoted: bool) -> bool:
        """CommonMark looseness of ``lst`` once lines first..last are gone: items, or blocks in
        one item, separated by a blank line.

        Only the items that meet lines first..last are looked at again: the others are as they
        were, and every deletion in a long list would otherwise go over all of its items.
        """
        if self.group_loose(lst, first, last, quoted):
            return True
        items = self.child_lines(lst, quoted)
        if items is None or first > last:
            return any(self.group_loose(self.doc.blocks[item], first, last, quoted)
                       for item in self.children.get(lst.index, ()))
        before = self.loose_items(lst, quoted)
        met, after = items.meeting(first, last)
        if before[met.start] or before[-1] - before[after]:
            return True
        return any(self.group_loose(self.doc.blocks[items.indices[k]], first, last, quoted) for k in met)

    def loose_items(self, lst: Block, quoted: bool) -> list[int]:
        """Running count of the items of ``lst`` whose blocks are parted by a blank line, before
        anything is deleted: ``[k]`` counts the first k items."""
        key = (lst.index, quoted)
        if key not in self._loose_items:
            self._loose_items[key] = [0, *accumulate(self.group_loose(self.doc.blocks[item], 0, -1, quoted)
                                                     for item in self.children.get(lst.index, ()))]
        return self._loose_items[key]

    def group_loose(self, container: Block, first: int, last: int, quoted: bool) -> bool:
        """Whether two children of ``container`` that lines first..last leave behind are parted
        by a kept blank line. Only the children that meet those lines, and the two around them,
        are looked at again: the gaps between the others are as they were."""
        children = self.child_lines(container, quoted)
        if children is None:
            return self.spans_loose(self.kept_spans(container, first, last), first, last, quoted)
        gaps, n = children.blank_gaps, len(children.indices)
        if first > last or n < 2:
            return gaps[-1] > 0
        met, _ = children.meeting(first, last)
        lo, hi = max(met.start - 1, 0), min(met.stop, n - 1)  # untouched children around them
        if gaps[lo] or gaps[-1] - gaps[hi]:  # gaps before child lo, or after child hi
            return True
        blocks = self.doc.blocks
        spans = [self.kept_span(blocks[children.indices[k]], first, last) for k in range(lo, hi + 1)]
        return self.spans_loose([span for span in spans if span is not None], first, last, quoted)

    def spans_loose(self, spans: list[tuple[int, int]], first: int, last: int, quoted: bool) -> bool:
        """Whether a kept blank line parts two consecutive spans."""
        return any(self.blank_between(a_end, b_start, first, last, quoted)
                   for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))

    def child_lines(self, container: Block, quoted: bool) -> _ChildLines | None:
        """The lines of the children of ``container`` (None when they are out of order)."""
        key = (container.index, quoted)
        if key not in self._child_lines:
            self._child_lines[key] = _ChildLines.of(self, container, quoted)
        return self._child_lines[key]

    def kept_spans(self, container: Block, first: int, last: int) -> list[tuple[int, int]]:
        """The line span of each child of ``container`` that lines first..last leave behind."""
        spans = []
        for index in self.children.get(container.index, ()):
            span = self.kept_span(self.doc.blocks[index], first, last)
            if span is not None:
                spans.append(span)
        return spans

    def kept_span(self, block: Block, first: int, last: int) -> tuple[int, int] | None:
        """A block's lines once first..last are gone: a container whose first (or last) lines
        go starts (or ends) with its first (or last) remaining child."""
        if first <= block.start_line and block.end_line <= last:
            return None
        start, end = block.start_line, block.end_line
        if first <= start <= last or first <= end <= last:
            inner = self.kept_spans(block, first, last)
            if not inner:
                return None
            if first <= start <= last:
                start = inner[0][0]
            if first <= end <= last:
                end = inner[-1][1]
        return start, end


def plan_deletion(doc: Document, block: Block) -> Deletion:
    """Plan deleting one block (for several blocks of one document, reuse a ``BlockDeleter``)."""
    return BlockDeleter(doc).plan(block)
