"""The parsed document every rule reads: text as read, a line index, and positioned blocks.

All offsets index ``Document.text``: the decoded file exactly as read, BOM and CRLF included, so
edits built from them preserve every byte outside their span.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from lint.lines import BOM, line_starts_of

__all__ = ["BOM", "Block", "CodeSpan", "Document", "line_starts_of", "new_block"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Block:
    """One Markdown block with its exact place in the file.

    ``kind`` is one of: paragraph, heading, code, list, list_item, quote, table, html,
    thematic_break. Paragraphs in tight list items are ``paragraph`` too.

    ``start``/``end`` span the block from its first character (after any container prefix such
    as ``- `` or ``> ``) to the end of its last line, line terminator excluded.

    ``text`` is the block's own content: a paragraph's or heading's inline source (a setext
    heading's without its underline), a code block's code (without fences or indentation). It is
    ``""`` for containers and for an empty list item, whose span is its marker line.
    ``line_offsets[i]`` is the offset in ``Document.text`` where line ``i`` of ``text`` begins,
    so a position inside ``text`` maps back to the file exactly (see ``Document.text_offset``).
    Every line of ``text`` is literally the file's text at its offset: where a tab straddles a
    container's indent (mistune expands it to spaces), those synthetic blanks are left out.
    """

    index: int
    kind: str
    start: int
    end: int
    start_line: int  # 1-based
    end_line: int  # 1-based, inclusive
    text: str
    line_offsets: tuple[int, ...]
    depth: int = 0  # container depth: 0 at top level
    parent: int | None = None  # index of the enclosing list_item/quote/list block
    info: str | None = None  # code: fence info string ("" for a fence without one)
    style: str | None = None  # code: "fenced" | "indent"; heading: "atx" | "setext"
    level: int | None = None  # heading level
    closed: bool = True  # code: False for a fence that runs to the end of the file
    children: tuple[int, ...] = field(default=())

    @property
    def language(self) -> str:
        """The first word of the fence info string, lower-cased ("" when there is none)."""
        return (self.info or "").split(maxsplit=1)[0].lower() if self.info else ""


# The parser makes a block for every paragraph, list item and heading of a file. Setting the
# slots through their descriptors takes half the time of the frozen dataclass's ``__init__``
# (one ``object.__setattr__`` lookup and call a field); the object is the same.
_new = object.__new__
_BLOCK_FIELDS = ("index", "kind", "start", "end", "start_line", "end_line", "text", "line_offsets", "depth",
                 "parent", "info", "style", "level", "closed", "children")
if Block.__slots__ != _BLOCK_FIELDS:
    raise TypeError("new_block() is out of step with the fields of Block")
(_set_index, _set_kind, _set_start, _set_end, _set_start_line, _set_end_line, _set_text,
 _set_line_offsets, _set_depth, _set_parent, _set_info, _set_style, _set_level, _set_closed,
 _set_children) = (vars(Block)[name].__set__ for name in _BLOCK_FIELDS)


def new_block(index: int, kind: str, start: int, end: int, start_line: int, end_line: int, text: str,
              line_offsets: tuple[int, ...], depth: int, parent: int | None, info: str | None,
              style: str | None, level: int | None, closed: bool, children: Iterable[int]) -> Block:
    """``Block(...)`` with every field given, in field order, made faster (for the parser);
    ``children`` is made a tuple."""
    block: Block = _new(Block)
    _set_index(block, index)
    _set_kind(block, kind)
    _set_start(block, start)
    _set_end(block, end)
    _set_start_line(block, start_line)
    _set_end_line(block, end_line)
    _set_text(block, text)
    _set_line_offsets(block, line_offsets)
    _set_depth(block, depth)
    _set_parent(block, parent)
    _set_info(block, info)
    _set_style(block, style)
    _set_level(block, level)
    _set_closed(block, closed)
    _set_children(block, tuple(children))
    return block


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """An inline code span: ``start``/``end`` include the backticks, ``content`` excludes them."""

    start: int
    end: int
    content: str
    block: int  # index of the block it sits in


@dataclass(slots=True)
class Document:
    path: str
    text: str
    blocks: list[Block]
    code_spans: list[CodeSpan]
    line_starts: list[int]  # offset of each line's first character; line n is line_starts[n-1]
    sections: list[tuple[int, ...]] = field(default_factory=list)  # heading path per block index
    front_matter: int = 0  # where the front matter ends (its closing line included); 0: none
    # Analyses derived from the parse that several rules share (snippet detection, prose
    # tokens), computed once per document: ``doc.derived.setdefault(key, ...)`` or ``memo``.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Line starts inside each block's text, built on first use by ``text_offset``; keyed by id()
    # and holding the block so that the id cannot be reused while the entry lives.
    _text_lines: dict[int, tuple[Block, list[int]]] = field(default_factory=dict, init=False, repr=False,
                                                            compare=False)

    @property
    def has_bom(self) -> bool:
        return self.text.startswith(BOM)

    @property
    def newline(self) -> str:
        """The file's dominant line terminator, used by fixes that insert lines."""
        # Counted once per text: every fence fix asks, and counting scans the whole file.
        text = self.text
        cached = self.derived.get("document.newline")
        if cached is None or cached[0] is not text:
            cached = (text, "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n")
            self.derived["document.newline"] = cached
        return cast(str, cached[1])

    def line_of(self, offset: int) -> int:
        """1-based line of an offset."""
        return bisect_right(self.line_starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; a BOM does not count as a column."""
        line = bisect_right(self.line_starts, offset)
        start = self.line_starts[line - 1]
        if line == 1 and self.has_bom:
            start = min(offset, 1)
        return line, offset - start + 1

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its terminator."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of line ``line`` including its terminator."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return start, end

    def text_offset(self, block: Block, pos: int) -> int:
        """Map an offset inside ``block.text`` to an offset in ``Document.text``."""
        # A bisect on a cached line index: counting newlines up to ``pos`` on every call made
        # mapping many positions in one long block quadratic.
        entry = self._text_lines.get(id(block))
        if entry is None or entry[0] is not block:
            entry = (block, [0, *(m.end() for m in _LF.finditer(block.text))])
            self._text_lines[id(block)] = entry
        starts = entry[1]
        line = bisect_right(starts, pos) - 1
        return block.line_offsets[min(line, len(block.line_offsets) - 1)] + (pos - starts[line])

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The value derived under ``key``, computing it on first use."""
        if key not in self.derived:
            self.derived[key] = compute()
        return cast(T, self.derived[key])

    def iter_blocks(self, *kinds: str) -> Iterator[Block]:
        for block in self.blocks:
            if not kinds or block.kind in kinds:
                yield block

    def after_nested(self, block: Block) -> int:
        """The index of the first block after ``block`` and everything nested in it (blocks are
        in document order, so what a block holds follows it at once)."""
        blocks = self.blocks
        after = block.index + 1
        while after < len(blocks) and blocks[after].start < block.end:
            after += 1
        return after

    def parent_of(self, block: Block) -> Block | None:
        return None if block.parent is None else self.blocks[block.parent]

    def in_list(self, block: Block) -> bool:
        parent = self.parent_of(block)
        return parent is not None and parent.kind == "list_item"


_LF = re.compile("\n")
