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
from dataclasses import dataclass

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
        return Fix((self.edit,), "safe", message, guard_structure=True)


class BlockDeleter:
    """Plans block deletions in one document. Build one per document: setup is linear."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

        def in_source_order(indices: tuple[int, ...] | list[int]) -> tuple[int, ...]:
            # mistune appends the block that interrupts a block quote (a list, say) before the
            # quote itself, so the block list is not always in source order.
            return tuple(sorted(indices, key=lambda i: doc.blocks[i].start))

        self.top = in_source_order([b.index for b in doc.blocks if b.parent is None])
        self.children = {b.index: in_source_order(b.children) for b in doc.blocks if b.children}
        # Position of each block among its siblings, so neighbours are found in O(1).
        self.position: dict[int, int] = {index: i for i, index in enumerate(self.top)}
        for children in self.children.values():
            for i, child in enumerate(children):
                self.position[child] = i
        # Facts about a container that do not depend on what is deleted, by block index.
        self._lazy_lines: dict[int, int | None] = {}
        self._loose_now: dict[tuple[int, bool], bool] = {}  # by (list, inside a quote)
        self._ancestors: dict[int, tuple[Block, ...]] = {}
        self._has_blank: dict[tuple[int, bool], bool] = {}

    # -- lines -----------------------------------------------------------------------------

    def line_count(self) -> int:
        return len(self.doc.line_starts)

    def is_blank(self, line: int, quoted: bool) -> bool:
        """Whether a line is blank; inside a block quote a bare ``>`` line is blank too."""
        text = self.doc.line_text(line).lstrip(BOM)
        return not text.strip() or (quoted and not text.strip(" \t>"))

    def quoted(self, block: Block) -> bool:
        return any(a.kind == "quote" for a in self.ancestors(block))

    def ancestors(self, block: Block) -> tuple[Block, ...]:
        """The blocks enclosing ``block``, innermost first (memoised: every check asks)."""
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

    # -- planning --------------------------------------------------------------------------

    def target_of(self, block: Block) -> Block:
        """The block itself, or the outermost container it is the only content of."""
        target = block
        parent = self.doc.parent_of(target)
        while parent is not None and len(parent.children) == 1 and parent.kind in _CONTAINERS:
            target = parent
            parent = self.doc.parent_of(target)
        return target

    def siblings(self, block: Block) -> tuple[int, ...]:
        return self.top if block.parent is None else self.children[block.parent]

    def neighbours(self, block: Block) -> tuple[Block | None, Block | None]:
        siblings = self.siblings(block)
        i = self.position[block.index]
        prev = self.doc.blocks[siblings[i - 1]] if i > 0 else None
        nxt = self.doc.blocks[siblings[i + 1]] if i + 1 < len(siblings) else None
        return prev, nxt

    def line_range(self, target: Block) -> tuple[int, int]:
        """The target's lines plus the blank line whose removal avoids a double blank line.

        Inside a container the blank line taken is one inside it: after the first block of a
        list item or quote, before the last one (the blank after the last one separates the
        container from what follows, and removing it would join them).
        """
        first, last = target.start_line, target.end_line
        quoted = self.quoted(target)
        n = self.line_count()
        blank_before = first > 1 and self.is_blank(first - 1, quoted)
        blank_after = last < n and self.is_blank(last + 1, quoted)
        prev, nxt = self.neighbours(target)
        contained = target.parent is not None
        if blank_before and (last == n or (contained and nxt is None)):
            first -= 1  # no blank line left at the end of the file or of the container
        elif blank_after and (blank_before or first == 1 or (contained and prev is None)):
            last += 1
        return first, last

    def edit_for(self, first: int, last: int) -> Edit:
        doc = self.doc
        start = doc.line_starts[first - 1]
        if first == 1 and doc.has_bom:
            start = len(BOM)
        end = doc.line_span(last)[1]
        if end == len(doc.text) and not doc.text.endswith(("\n", "\r")) and first > 1:
            # The last line has no terminator: remove the one before it instead, so the file
            # still ends without a final newline.
            start = doc.line_starts[first - 2] + len(doc.line_text(first - 1))
        return Edit(start, end)

    def plan(self, block: Block) -> Deletion:
        """The deletion of ``block``: the preferred line range, or when that would change the
        structure around it, another choice of blank line (or none) that would not."""
        target = self.target_of(block)
        preferred = self.line_range(target)
        problem = self.problem(target, *preferred)
        if problem is not None:
            for first, last in self.alternatives(target, preferred):
                if self.problem(target, first, last) is None:
                    return Deletion(block, target, first, last, self.edit_for(first, last), None)
        return Deletion(block, target, *preferred, self.edit_for(*preferred), problem)

    def alternatives(self, target: Block, preferred: tuple[int, int]) -> list[tuple[int, int]]:
        """Other line ranges for ``target``: without a blank line, or with the other one.

        A blank line decides looseness: ``1. a`` + blank + an empty fence + ``2. b`` stays a loose
        list only if the blank line before the fence is kept.
        """
        first, last = target.start_line, target.end_line
        quoted = self.quoted(target)
        options = [(first, last)]
        if first > 1 and self.is_blank(first - 1, quoted):
            options.append((first - 1, last))
        if last < self.line_count() and self.is_blank(last + 1, quoted):
            options.append((first, last + 1))
        return [option for option in options if option != preferred]

    # -- the structure check ---------------------------------------------------------------

    def problem(self, target: Block, first: int, last: int) -> str | None:
        """Why deleting lines first..last would change how the blocks around ``target`` parse."""
        for ancestor in self.ancestors(target):
            if ancestor.kind == "list_item" and ancestor.start_line >= first:
                return "it shares its first line with the marker of the list item that holds it"
        lazy = self._lazy(target)
        if lazy:
            return lazy
        prev, nxt = self.neighbours(target)
        for check in (self._merge, self._absorb, self._run_together, self._orphan, self._ordered_start):
            reason = check(target, prev, nxt, first, last)
            if reason:
                return reason
        return self._looseness(target, first, last)

    def _lazy(self, target: Block) -> str | None:
        """A container whose block starts on a line without the container's own prefix.

        Only paragraph text may continue lazily; mistune also lets a heading, or a paragraph
        after a closed fence, run on inside a quote or list item where CommonMark ends it.
        Deleting anything there could change which of the two readings applies.
        """
        chain = [target, *self.ancestors(target)]
        containers = [b for b in chain if b.kind in ("quote", "list_item")]
        # The other items of an enclosing list count too: a lazy line in any of them decides
        # where that list ends, and so what the deletion joins.
        for lst in chain:
            if lst.kind == "list":
                containers.extend(self.doc.blocks[i] for i in self.children.get(lst.index, ()))
        for container in containers:
            line = self.lazy_line(container)
            if line is not None:
                return (f"line {line} continues the {block_name(container)} around it without "
                        f"its {'`>`' if container.kind == 'quote' else 'indentation'} (a lazy line)")
        return None

    def lazy_line(self, container: Block) -> int | None:
        """The first line inside ``container`` that lacks its prefix; computed once per container,
        since every deletion inside a long list asks about all of the list's items."""
        if container.index not in self._lazy_lines:
            lines = sorted(self.block_starts_inside(container))
            self._lazy_lines[container.index] = next(
                (line for line in lines if self.lacks_prefix(container, line)), None)
        return self._lazy_lines[container.index]

    def block_starts_inside(self, container: Block) -> set[int]:
        """Lines on which a block inside ``container`` starts, other than its first line."""
        lines = set()
        stack = list(container.children)
        while stack:
            block = self.doc.blocks[stack.pop()]
            if block.start_line > container.start_line:
                lines.add(block.start_line)
            stack.extend(block.children)
        return lines

    def lacks_prefix(self, container: Block, line: int) -> bool:
        text = self.doc.line_text(line).lstrip(BOM).expandtabs(4)
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

    def _looseness(self, target: Block, first: int, last: int) -> str | None:
        quoted = self.quoted(target)
        chain = [target, *self.ancestors(target)]
        for lst in chain:
            if lst.kind != "list" or lst is target:
                continue
            if not self.has_blank_line(lst, quoted):
                continue  # looseness needs a blank line, and deleting lines adds none
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
        if (lst.index, quoted) not in self._has_blank:
            self._has_blank[lst.index, quoted] = any(
                self.is_blank(k, quoted) for k in range(lst.start_line + 1, lst.end_line))
        return self._has_blank[lst.index, quoted]

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
        return any(not first <= k <= last and self.is_blank(k, quoted) for k in range(after + 1, before))

    def loose(self, lst: Block, first: int, last: int, quoted: bool) -> bool:
        """CommonMark looseness of ``lst`` once lines first..last are gone: items, or blocks in
        one item, separated by a blank line."""
        groups = [self.kept_spans(lst, first, last)]
        for item in self.children.get(lst.index, ()):
            groups.append(self.kept_spans(self.doc.blocks[item], first, last))
        for spans in groups:
            for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False):
                if self.blank_between(a_end, b_start, first, last, quoted):
                    return True
        return False

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
