"""Parse Markdown once, with mistune, into a ``Document`` whose blocks carry exact file positions.

mistune 3 records no source positions, so they are added through its overridable points only:

1. ``_PositionState`` (the block parser's ``state_cls``, inherited by child states) stamps each
   paragraph's start when it is created and extends its end as lines are appended, and remembers
   every child state's source so list items and quotes can be mapped back later.
2. ``_PositionParser.parse_method`` wraps the single dispatch point every block rule goes
   through: tokens appended during a call get ``[cursor before, end returned)``. Tokens stamped
   by a nested call clip the outer token's end; a setext underline extends its paragraph.
3. mistune 3.4's private indented-code fast path bypasses ``parse_method``; it is wrapped behind
   a ``hasattr`` guard, and any top-level token still unstamped is filled from its neighbours.
4. A ``before_render_hooks`` pass maps the children of list items and block quotes, whose text
   mistune re-parses from a copy with the markers stripped *line for line*, back to file lines.
   Only leading blanks of a copied line can differ from the file (tabs expanded across an
   indent); ``_Source`` records where each line's literal part starts and its file offset, and
   block text keeps to the literal part, so every position slices the file exactly.

Inline content is not rendered (the renderer ignores the token stream), which keeps the parse
cheap; inline code spans are located by ``_code_spans`` on each block's source text.

Front matter (Jekyll, Hugo, Obsidian: `---` on the first line, YAML keys, then `---` or `...`;
or TOML between `+++` lines) is metadata, not Markdown: mistune would read its opening `---` as a
rule and the rest as a setext heading. It is blanked, character for character, before mistune
reads the file, so no block holds it and every offset is kept; ``Document.front_matter`` says
how far it reaches.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.plugins.table import table as table_plugin
from mistune.util import expand_leading_tab

from lint.document import BOM, Block, CodeSpan, Document, line_starts_of, new_block

Token = dict[str, Any]

_CHILD_SOURCES = "notelint_child_sources"
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_ATX_OPENING = re.compile(r"^[ \t]*#{1,6}(?=[ \t]|$)")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$)")
_BACKTICK_RUN = re.compile(r"`+")
_KINDS = {
    "paragraph": "paragraph",
    "block_text": "paragraph",
    "heading": "heading",
    "block_code": "code",
    "list": "list",
    "list_item": "list_item",
    "block_quote": "quote",
    "table": "table",
    "block_html": "html",
    "thematic_break": "thematic_break",
}


class _PositionState(BlockState):
    """Block state that stamps paragraphs and remembers child sources."""

    def add_paragraph(self, text: str) -> None:
        # mistune always calls this with the cursor at the start of ``text``.
        tokens = self.tokens
        last = tokens[-1] if tokens else None
        if last and last["type"] == "paragraph":
            last["text"] += text
            last["_end"] = self.cursor + len(text)
        else:
            tokens.append({"type": "paragraph", "text": text, "_start": self.cursor,
                           "_end": self.cursor + len(text)})

    def append_paragraph(self) -> int | None:
        end = super().append_paragraph()
        if end:
            self.tokens[-1]["_end"] = end
        return end

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        # The child's token list becomes the list item's or quote's "children": key on it.
        self.env.setdefault(_CHILD_SOURCES, {})[id(child.tokens)] = (child.tokens, child.src)
        return child


def _stamp(state: BlockState, first: int, start: int, end: int) -> None:
    """Stamp tokens appended since index ``first`` that a nested call has not stamped.

    A token stamped by a nested call (a list or fence that broke a block quote) clips the
    outer token's end. It may sit before or after the outer token in the list: mistune's
    ``prepend_token`` puts a quote just before the *last* token, not before all nested ones.
    """
    tokens = state.tokens
    fresh = []
    stop = end
    for i in range(max(first, 0), len(tokens)):
        tok = tokens[i]
        nested = tok.get("_start")
        if nested is None:
            fresh.append(tok)
        elif start <= nested < stop:
            stop = nested
    for tok in fresh:
        tok["_start"], tok["_end"] = start, stop


def _stamp_appended(tokens: list[Token], count: int, start: int, end: int) -> bool:
    """``_stamp``'s common case, without its scan: one token appended after a stamped one that
    cannot clip it. Whether it applied."""
    if len(tokens) != count + 1 or "_start" in tokens[count]:
        return False
    before = tokens[count - 1].get("_start") if count else -1
    if before is None or start <= before < end:
        return False
    tok = tokens[count]
    tok["_start"], tok["_end"] = start, end
    return True


class _PositionParser(BlockParser):
    state_cls = _PositionState

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None:  # type: ignore[override]
        tokens = state.tokens
        start, count = state.cursor, len(tokens)
        last = tokens[-1] if tokens else None
        was_paragraph = last is not None and last["type"] == "paragraph"
        end = super().parse_method(m, state)
        if end:
            if not _stamp_appended(state.tokens, count, start, end):
                _stamp(state, count - 1, start, end)
            if was_paragraph and last is not None and last["type"] == "heading":
                last["_end"] = end  # setext underline turned the paragraph into a heading
        return end

    if hasattr(BlockParser, "_parse_indent_code_fast"):

        def _parse_indent_code_fast(self, state: BlockState) -> int | None:
            # mistune tries this at every block start; only a line that opens with a blank can
            # be indented code, so any other is declined as mistune would, without the call.
            start = state.cursor
            if not state.src.startswith((" ", "\t"), start):
                return None
            count = len(state.tokens)
            end = super()._parse_indent_code_fast(state)  # type: ignore[misc]
            if end is not None:
                _stamp(state, count, start, end)
            return end


class _NoRender:
    """A renderer that leaves the token stream unconsumed, so no inline parsing happens."""

    NAME = "notelint"

    def __call__(self, tokens: Iterable[Token], state: BlockState) -> None:
        return None


def _fill_unstamped(tokens: list[Token], length: int) -> None:
    """Top-level tokens tile the source: give any unstamped one the gap between neighbours."""
    if all(["_start" in tok for tok in tokens]):  # as a rule: skip the two passes
        return
    # One backward pass for the next stamped start (a forward search per token was quadratic).
    next_start = length
    following: list[int] = [length] * len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        following[i] = next_start
        if "_start" in tokens[i]:
            next_start = tokens[i]["_start"]
    for i, tok in enumerate(tokens):
        if "_start" not in tok:
            tok["_start"] = tokens[i - 1]["_end"] if i else 0
            tok["_end"] = following[i]


class _Source:
    """A state's source text and how each of its lines maps onto the file.

    mistune re-parses container content from a rewritten copy, line for line: the container
    prefix is cut and leading tabs may be expanded to spaces, so a source line is the file line's
    *literal* tail behind a possibly synthetic prefix. ``lit[i]`` is where the literal part of
    source line i begins (every character from it on is the file's own), ``base[i]`` the file
    offset of that character and ``file_line[i]`` the 0-based file line; ``starts[i]`` is where
    line i begins in ``src``. A position inside the synthetic prefix maps to the start of the
    literal part.
    """

    __slots__ = ("base", "file_line", "lines", "lit", "src", "starts")

    def __init__(self, src: str, lines: list[str], starts: list[int], lit: list[int], base: list[int],
                 file_line: list[int]) -> None:
        self.src = src
        self.lines = lines
        self.starts = starts
        self.lit = lit
        self.base = base
        self.file_line = file_line

    def locate(self, pos: int) -> tuple[int, int]:
        """(source line, column) of an offset in ``src``."""
        line = bisect_right(self.starts, pos) - 1
        return line, pos - self.starts[line]

    def place(self, pos: int) -> tuple[int, int]:
        """``offset(pos)`` and the 0-based file line it is on."""
        line = bisect_right(self.starts, pos) - 1
        col, lit = pos - self.starts[line], self.lit[line]
        return self.base[line] + (col - lit if col > lit else 0), self.file_line[line]

    def offset(self, pos: int) -> int:
        """The file offset of offset ``pos`` in ``src``."""
        return self.place(pos)[0]

    def at(self, line: int, col: int) -> int:
        """The file offset of column ``col`` (at most the line's length) of line ``line``."""
        lit = self.lit[line]
        return self.base[line] + (col - lit if col > lit else 0)

    def child(self, child_src: str, first_line: int) -> _Source:
        """The mapping of a child source whose line i is this source's line first_line + i."""
        lines = child_src.split("\n")
        parents, parent_lit, parent_base, parent_file_line = self.lines, self.lit, self.base, self.file_line
        last = len(parents) - 1
        starts, lit, base, file_line = [], [], [], []
        pos = 0
        j = first_line
        for text in lines:
            k = j if j < last else last
            j += 1
            parent = parents[k]
            size = len(text)
            # The literal tail shared with the parent line (``_literal_tail``), within the
            # parent's own literal part; the whole line when it is the parent's tail.
            n = size if parent.endswith(text) else _literal_tail(parent, text)
            room = len(parent) - parent_lit[k]
            if n > room:
                n = room
            starts.append(pos)
            pos += size + 1
            lit.append(size - n)
            base.append(parent_base[k] + room - n)
            file_line.append(parent_file_line[k])
        return _Source(child_src, lines, starts, lit, base, file_line)


def _literal_tail(line: str, derived: str) -> int:
    """How many trailing characters ``derived`` (``line`` with its prefix rewritten) shares with it.

    mistune only rewrites leading whitespace (container indent, tab expansion), so the tail from
    the first non-blank character on is shared; blanks before it are shared as far as they agree.
    """
    if line.endswith(derived):
        return len(derived)
    n = min(len(derived.lstrip(" \t")), len(line))
    while n < len(derived) and n < len(line) and derived[-n - 1] == line[-n - 1]:
        n += 1
    return n


def _start_of(tok: Token) -> int:
    start: int = tok.get("_start", 0)
    return start


class _Builder:
    """Turns the stamped token tree into rows of ``Block`` fields, in ``Block``'s field order.

    A row's last field, the children, is a list while the tree is walked (a child is added
    after its parent's row); ``parse`` freezes it into a tuple.
    """

    def __init__(self, line_starts: list[int], text_length: int, children: dict[int, Any]) -> None:
        self.line_starts = line_starts
        # Where the line after each begins (past the text for the last): a hint is checked
        # against it.
        self.next_starts = [*line_starts[1:], text_length + 1]
        self.children = children
        self.rows: list[tuple[Any, ...]] = []

    def walk(self, tokens: list[Token], src: _Source, depth: int, parent: int | None) -> None:
        # mistune may insert a list that ends a quote before the quote's token (it prepends
        # the quote after its break parse); sorting by start keeps blocks in source order.
        for tok in sorted(tokens, key=_start_of) if len(tokens) > 1 else tokens:
            kind = _KINDS.get(tok["type"])
            if kind is None or "_start" not in tok:
                continue
            if kind == "list":
                self.add_list(tok, src, depth, parent)
                continue
            index = self.add(tok, kind, src, tok["_start"], tok["_end"], depth, parent)
            if index is not None and kind == "quote":
                child = self.child_source(tok, src, src.locate(tok["_start"])[0])
                if child is not None:
                    self.walk(tok["children"], child, depth + 1, index)

    def child_source(self, tok: Token, src: _Source, first_line: int) -> _Source | None:
        entry = self.children.get(id(tok["children"]))
        return None if entry is None else src.child(entry[1], first_line)

    def add_list(self, tok: Token, src: _Source, depth: int, parent: int | None) -> None:
        index = self.add(tok, "list", src, tok["_start"], tok["_end"], depth, parent)
        if index is None:
            return
        children, lines, file_line = self.children, src.lines, src.file_line
        last_line = len(lines) - 1
        line = src.locate(tok["_start"])[0]
        for item in tok["children"]:
            entry = children.get(id(item["children"]))
            if entry is None:
                continue
            while line <= last_line and not lines[line].strip():
                line += 1
            marker_line = line if line < last_line else last_line
            marker_text = lines[marker_line]
            marker = _LIST_MARKER.match(marker_text)
            rest = marker_text[marker.end():] if marker else "x"
            item_start = src.at(marker_line, len(marker_text) - len(marker_text.lstrip()))
            child_src = entry[1]
            content_end = len(child_src.rstrip())
            if not content_end:
                # An empty item is its marker line alone. mistune may hand it a blank line as
                # source ("-" then a blank line): that line is not part of the item's span.
                item_end = src.at(marker_line, len(marker_text.rstrip()))
                marker_file_line = file_line[marker_line]
                self.add_span("list_item", item_start, item_end, marker_file_line, marker_file_line,
                              depth + 1, index, "")
                line = marker_line + 1
                continue
            first = line + 1 if not rest.strip() else line
            child = src.child(child_src, first)
            line = first + child_src.rstrip("\n").count("\n") + 1
            item_end, end_file_line = child.place(content_end)
            item_index = self.add_span("list_item", item_start, item_end, file_line[marker_line],
                                       end_file_line, depth + 1, index, "")
            self.walk(item["children"], child, depth + 2, item_index)

    def add(self, tok: Token, kind: str, src: _Source, start: int, end: int, depth: int,
            parent: int | None) -> int | None:
        raw = src.src[start:end]
        stripped = raw.rstrip()
        if not stripped:  # only blanks (what rstrip leaves ends in a non-blank)
            return None
        start, end = start + len(raw) - len(raw.lstrip(" \t\n")), start + len(stripped)
        if kind == "code":
            return self.add_code(tok, src, start, end, depth, parent)
        # The lines and columns of the ends, found once for the span and the text.
        starts = src.starts
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end) - 1
        first_col, last_col = start - starts[first], end - starts[last]
        text: str = ""
        offsets: tuple[int, ...] = ()
        style = level = None
        if kind == "paragraph":
            text, offsets = self.content(src, first, first_col, last, last_col)
        elif kind == "heading":
            style = tok.get("style")
            level = (tok.get("attrs") or {}).get("level")
            if style == "atx":
                text, offsets = self.atx_content(tok, src, first)
            elif last > first:
                # A setext heading's text is the lines above its underline, not the underline.
                text, offsets = self.content(src, first, first_col, last - 1,
                                             len(src.lines[last - 1].rstrip()))
            else:
                text, offsets = self.content(src, first, first_col, last, last_col)
        elif kind not in ("list", "quote"):
            text, offsets = self.content(src, first, first_col, last, last_col)
        lit, base = src.lit, src.base
        file_start = base[first] + (first_col - lit[first] if first_col > lit[first] else 0)
        file_end = base[last] + (last_col - lit[last] if last_col > lit[last] else 0)
        return self.add_span(kind, file_start, file_end, src.file_line[first], src.file_line[last], depth,
                             parent, text, offsets, None, style, level)

    def add_code(self, tok: Token, src: _Source, start: int, end: int, depth: int,
                 parent: int | None) -> int:
        text, offsets = self.code_content(tok, src)
        fenced = tok.get("style") == "fenced"
        info = (tok.get("attrs") or {}).get("info", "") if fenced else None
        end_line = src.locate(end)[0]
        close = _FENCE_CLOSE.match(src.lines[end_line])
        marker = tok.get("marker", "")
        # Only a run of the opening fence's character, at least as long, closes it: a last
        # line "```" under a "````" or "~~~" fence is content of an unclosed block.
        closed = not fenced or (
            end_line > src.locate(start)[0] and close is not None and bool(marker)
            and close.group(1)[0] == marker[0] and len(close.group(1)) >= len(marker))
        # Indented code begins after its 4-column indent, not at the first non-blank: the
        # extra indent of "      x" is code (text "  x"), so the span starts where text does.
        file_start = offsets[0] if not fenced and offsets else src.offset(start)
        file_end = src.offset(end)
        if offsets:
            # Trailing blanks on the last code line are code, not padding: keep them in the span
            # (an unclosed fence or indented code ends on a content line).
            file_end = max(file_end, offsets[-1] + len(text) - text.rfind("\n") - 1)
        return self.add_span("code", file_start, file_end, src.file_line[src.locate(start)[0]],
                             src.file_line[end_line], depth, parent, text, offsets, info,
                             "fenced" if fenced else "indent", None, closed)

    @staticmethod
    def atx_content(tok: Token, src: _Source, line: int) -> tuple[str, tuple[int, ...]]:
        """An ATX heading's text, found on its line, and its file offset."""
        line_text = src.lines[line]
        heading = tok.get("text", "")
        opening = _ATX_OPENING.match(line_text)
        after = opening.end() if opening else 0
        col = line_text.find(heading, after) if heading else len(line_text.rstrip())
        col = max(col if col >= 0 else after, src.lit[line])
        heading = line_text[col:col + len(heading)]
        return heading, (src.at(line, col),)

    @staticmethod
    def content(src: _Source, first: int, first_col: int, last: int,
                last_col: int) -> tuple[str, tuple[int, ...]]:
        """A block's own text, from (first, first_col) to (last, last_col), and the file offset
        where each of its lines begins.

        Every line of the text is a slice of the file: leading blanks that mistune synthesised
        (a tab expanded across a container's indent) are left out, so positions stay exact.
        """
        src_lines, src_lit, src_base = src.lines, src.lit, src.base
        if first == last:  # one line: most blocks
            lit = src_lit[first]
            col = first_col if first_col > lit else lit
            return (src_lines[first][col:last_col if last_col > col else col],
                    (src_base[first] + col - lit,))
        lines, offsets = [], []
        for j in range(first, last + 1):
            line_text = src_lines[j]
            lit = src_lit[j]
            col = first_col if j == first and first_col > lit else lit
            stop = last_col if j == last else len(line_text)
            lines.append(line_text[col:stop if stop > col else col])
            offsets.append(src_base[j] + col - lit)
        return "\n".join(lines), tuple(offsets)

    def code_content(self, tok: Token, src: _Source) -> tuple[str, tuple[int, ...]]:
        """Code lines (mistune's ``raw`` minus any synthetic leading blanks) and their offsets."""
        raw = tok.get("raw", "")
        if not raw.strip("\n"):
            return "", ()
        first_code = src.locate(tok["_start"])[0]
        if tok.get("style") == "fenced":
            first_code += 1
        else:
            # mistune drops the leading lines that its 4-column trim leaves empty ("  ", "\t");
            # a blank line with more indent ("      ") stays, as a line of spaces.
            while first_code < len(src.lines) - 1 and len(expand_leading_tab(src.lines[first_code])) <= 4:
                first_code += 1
        code_lines = raw.split("\n")
        if code_lines and code_lines[-1] == "" and raw.endswith("\n"):
            code_lines.pop()
        lines, offsets = [], []
        for k, code_line in enumerate(code_lines):
            j = min(first_code + k, len(src.lines) - 1)
            line_text = src.lines[j]
            n = min(_literal_tail(line_text, code_line), len(line_text) - src.lit[j])
            lines.append(code_line[len(code_line) - n:])
            offsets.append(src.at(j, len(line_text) - n))
        return "\n".join(lines), tuple(offsets)

    def add_span(self, kind: str, start: int, end: int, start_hint: int, end_hint: int, depth: int,
                 parent: int | None, text: str, offsets: tuple[int, ...] = (), info: str | None = None,
                 style: str | None = None, level: int | None = None, closed: bool = True) -> int:
        """Add a row; ``start_hint``/``end_hint`` are the likely 0-based file lines of ``start`` and
        ``end - 1``, checked before use (a bisect of the file's lines on each block added up)."""
        rows = self.rows
        index = len(rows)
        line_starts, next_starts = self.line_starts, self.next_starts
        if line_starts[start_hint] <= start < next_starts[start_hint]:
            start_line = start_hint + 1
        else:
            start_line = bisect_right(line_starts, start)
        if end <= start:
            end_line = start_line
        elif line_starts[end_hint] < end <= next_starts[end_hint]:
            end_line = end_hint + 1
        else:
            end_line = bisect_right(line_starts, end - 1)
        rows.append((index, kind, start, end, start_line, end_line, text, offsets, depth, parent, info,
                     style, level, closed, []))
        if parent is not None:
            rows[parent][-1].append(index)
        return index


def _code_spans(block: Block, doc_text: str) -> Iterable[tuple[int, int, str]]:
    """Inline code spans in a block's text: (start, end) in ``block.text`` and the content.

    A run of n backticks opens a span that the next run of exactly n backticks closes, as in
    CommonMark; a backslash before the opening run escapes one backtick of it.
    """
    text = block.text
    if "`" not in text:
        return
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(text)]
    # Run indices by width, so finding the closing run is a bisect rather than a scan of every
    # later run (quadratic for a line full of unmatched backticks).
    by_width: dict[int, list[int]] = {}
    for j, (run_start, run_end) in enumerate(runs):
        by_width.setdefault(run_end - run_start, []).append(j)
    i = 0
    while i < len(runs):
        start, end = runs[i]
        if start > 0 and text[start - 1] == "\\":
            start += 1
        width = end - start
        same = by_width.get(width, [])
        k = bisect_right(same, i)
        close = same[k] if k < len(same) else None
        if width == 0 or close is None:
            i += 1
            continue
        content = text[end:runs[close][0]].replace("\n", " ")
        if len(content) > 2 and content.startswith(" ") and content.endswith(" ") and content.strip():
            content = content[1:-1]
        yield start, runs[close][1], content
        i = close + 1


def _sections(blocks: list[Block]) -> list[tuple[int, ...]]:
    """For each block, the indices of the top-level headings whose section holds it."""
    path: list[Block] = []
    current: tuple[int, ...] = ()  # the indices of ``path``, rebuilt only when a heading moves it
    result = []
    for block in blocks:
        if block.kind == "heading" and block.depth == 0 and block.level:
            while path and (path[-1].level or 0) >= block.level:
                path.pop()
            result.append(tuple(b.index for b in path))
            path.append(block)
            current = tuple(b.index for b in path)
        else:
            result.append(current)
    return result


_FRONT_OPEN = re.compile(r"(?:---|\+\+\+)[ \t]*\r?\n")
_YAML_KEY_LINE = re.compile(r"[ \t]*[\w\"'-][^:\n]*:(?:[ \t]|\r?$)", re.M)
FRONT_MATTER_LINES = 200  # a closing line further down is no front matter's


def front_matter_end(text: str) -> int:
    """The offset where the file's front matter ends (past its closing line), or 0: none."""
    start = 1 if text.startswith(BOM) else 0
    opening = _FRONT_OPEN.match(text, start)
    if opening is None:
        return 0
    toml = text.startswith("+++", start)
    closers = ("+++",) if toml else ("---", "...")
    offset = opening.end()
    for _ in range(FRONT_MATTER_LINES):
        end = text.find("\n", offset)
        line = text[offset:len(text) if end < 0 else end].rstrip("\r \t")
        if line in closers:
            body = text[opening.end():offset]
            keyed = ("=" in body) if toml else _YAML_KEY_LINE.match(body) is not None
            return (len(text) if end < 0 else end + 1) if keyed else 0
        if end < 0:
            return 0
        offset = end + 1
    return 0


def _blank(text: str, end: int) -> str:
    """``text`` with everything before ``end`` but line breaks (and a BOM) made spaces."""
    head = re.sub(r"[^\r\n\ufeff]", " ", text[:end])
    return head + text[end:]


def _markdown() -> mistune.Markdown:
    md = mistune.Markdown(renderer=_NoRender(), block=_PositionParser(), plugins=[table_plugin])  # type: ignore[arg-type]
    md.before_render_hooks.append(_collect_blocks)
    return md


def _collect_blocks(md: mistune.Markdown, state: BlockState) -> None:
    text = state.env["notelint_text"]
    line_starts = state.env["notelint_line_starts"]
    _fill_unstamped(state.tokens, len(state.src))
    lines = state.src.split("\n")
    n = len(lines)
    last = len(line_starts) - 1
    # Source line i is file line i; lines past the file's last (mistune appends a final
    # newline) belong to the last. A BOM, cut before the parse, precedes file line 0.
    file_line = [*range(min(n, last + 1)), *[last] * (n - last - 1)]
    base = line_starts[:n] + [line_starts[last]] * (n - last - 1)  # line_starts[file_line[i]]
    if text.startswith(BOM):  # every line that is file line 0 (all, in a one-line file)
        base = [start + 1 for start in base] if last == 0 else [base[0] + 1, *base[1:]]
    starts = list(accumulate([len(line) + 1 for line in lines[:-1]], initial=0))
    top = _Source(state.src, lines, starts, [0] * n, base, file_line)
    builder = _Builder(line_starts, len(text), state.env.get(_CHILD_SOURCES, {}))
    builder.walk(state.tokens, top, 0, None)
    state.env["notelint_blocks"] = builder.rows


_MD: mistune.Markdown | None = None


def parse(text: str, path: str = "<string>") -> Document:
    """Parse decoded file text (as read: BOM and CRLF kept) into a positioned ``Document``."""
    global _MD
    if _MD is None:
        _MD = _markdown()
    line_starts = line_starts_of(text)
    state = _MD.block.state_cls()
    state.env["notelint_text"] = text
    state.env["notelint_line_starts"] = line_starts
    # The parse makes millions of small objects on a large file, none of them garbage cycles:
    # the cyclic collector's passes over the growing token tree only cost time (a sixth of it on
    # 19 MB). It runs again, as before, once the blocks are made.
    collecting = gc.isenabled()
    gc.disable()
    front = front_matter_end(text)
    source = _blank(text, front) if front else text
    if front:
        state.env["notelint_text"] = source  # the same length and lines: every offset holds
    try:
        _MD.parse(source[1:] if source.startswith(BOM) else source, state)
        rows: list[tuple[Any, ...]] = state.env["notelint_blocks"]
        blocks = [new_block(*row) for row in rows]
    finally:
        if collecting:
            gc.enable()
    doc = Document(path=path, text=text, blocks=blocks, code_spans=[], line_starts=line_starts,
                   front_matter=front)
    spans = doc.code_spans
    for block in blocks:
        if block.kind in ("paragraph", "heading", "table") and "`" in block.text:
            for start, end, content in _code_spans(block, text):
                spans.append(CodeSpan(doc.text_offset(block, start), doc.text_offset(block, end),
                                      content, block.index))
    doc.sections = _sections(blocks)
    return doc
