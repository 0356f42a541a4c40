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
   indent); ``_Source`` records where each line's literal part starts, and block text keeps
   to the literal part, so every position slices the file exactly.

Inline content is not rendered (the renderer ignores the token stream), which keeps the parse
cheap; inline code spans are located by ``_code_spans`` on each block's source text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.plugins.table import table as table_plugin
from mistune.util import expand_leading_tab

from lint.document import BOM, Block, CodeSpan, Document, line_starts_of

Token = dict[str, Any]

_CHILD_SOURCES = "notelint_child_sources"
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_ATX_OPENING = re.compile(r"^[ \t]*#{1,6}(?=[ \t]|$)")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$)")
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
        last = self.last_token()
        if last and last["type"] == "paragraph":
            last["text"] += text
            last["_end"] = self.cursor + len(text)
        else:
            self.tokens.append({"type": "paragraph", "text": text, "_start": self.cursor,
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
    lo = max(first, 0)
    fresh = [i for i in range(lo, len(tokens)) if "_start" not in tokens[i]]
    nested = [tokens[j]["_start"] for j in range(lo, len(tokens))
              if j not in fresh and tokens[j]["_start"] >= start]
    for i in fresh:
        stop = min([end, *nested])
        tokens[i]["_start"], tokens[i]["_end"] = start, stop


class _PositionParser(BlockParser):
    state_cls = _PositionState

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None:  # type: ignore[override]
        start, count = state.cursor, len(state.tokens)
        last = state.tokens[-1] if state.tokens else None
        was_paragraph = last is not None and last["type"] == "paragraph"
        end = super().parse_method(m, state)
        if end:
            _stamp(state, count - 1, start, end)
            if was_paragraph and last is not None and last["type"] == "heading":
                last["_end"] = end  # setext underline turned the paragraph into a heading
        return end

    if hasattr(BlockParser, "_parse_indent_code_fast"):

        def _parse_indent_code_fast(self, state: BlockState) -> int | None:
            start, count = state.cursor, len(state.tokens)
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
    source line i begins (every character from it on is the file's own), ``file_line[i]`` the
    0-based file line, and ``col[i]`` the column in that file line of character ``lit[i]``.
    A position inside the synthetic prefix maps to the start of the literal part.
    """

    def __init__(self, src: str, file_line: list[int], lit: list[int], col: list[int]) -> None:
        self.src = src
        self.starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.lines = src.split("\n")
        self.file_line = file_line
        self.lit = lit
        self.col = col

    def locate(self, pos: int) -> tuple[int, int]:
        """(source line, column) of an offset in ``src``."""
        line = bisect_right(self.starts, pos) - 1
        return line, pos - self.starts[line]

    def child(self, child_src: str, first_line: int) -> _Source:
        """The mapping of a child source whose line i is this source's line first_line + i."""
        lines = child_src.split("\n")
        file_line, lit, col = [], [], []
        for i, text in enumerate(lines):
            j = min(first_line + i, len(self.lines) - 1)
            parent = self.lines[j]
            n = min(_literal_tail(parent, text), len(parent) - self.lit[j])
            file_line.append(self.file_line[j])
            lit.append(len(text) - n)
            col.append(self.col[j] + len(parent) - n - self.lit[j])
        return _Source(child_src, file_line, lit, col)


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


class _Builder:
    """Turns the stamped token tree into positioned ``Block``s."""

    def __init__(self, text: str, line_starts: list[int], children: dict[int, Any]) -> None:
        self.text = text
        self.line_starts = line_starts
        self.children = children
        self.bom = 1 if text.startswith(BOM) else 0
        self.blocks: list[dict[str, Any]] = []

    def offset(self, src: _Source, pos: int) -> int:
        line, col = src.locate(pos)
        file_line = src.file_line[line]
        bom = self.bom if file_line == 0 else 0
        return self.line_starts[file_line] + bom + src.col[line] + max(0, col - src.lit[line])

    def walk(self, tokens: list[Token], src: _Source, depth: int, parent: int | None) -> None:
        # mistune may insert a list that ends a quote before the quote's token (it prepends
        # the quote after its break parse); sorting by start keeps blocks in source order.
        for tok in sorted(tokens, key=lambda t: t.get("_start", 0)):
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
        line = src.locate(tok["_start"])[0]
        for item in tok["children"]:
            entry = self.children.get(id(item["children"]))
            if entry is None:
                continue
            while line < len(src.lines) and not src.lines[line].strip():
                line += 1
            marker_line = min(line, len(src.lines) - 1)
            marker_text = src.lines[marker_line]
            marker = _LIST_MARKER.match(marker_text)
            rest = marker_text[marker.end():] if marker else "x"
            item_start = src.starts[marker_line] + len(marker_text) - len(marker_text.lstrip())
            child_src = entry[1]
            if not child_src.strip():
                # An empty item is its marker line alone. mistune may hand it a blank line as
                # source ("-" then a blank line): that line is not part of the item's span.
                item_end = src.starts[marker_line] + len(marker_text.rstrip())
                self.add_span(item, "list_item", self.offset(src, item_start), self.offset(src, item_end),
                              depth + 1, index, "")
                line = marker_line + 1
                continue
            first = line + 1 if not rest.strip() else line
            child = src.child(child_src, first)
            line = first + child_src.rstrip("\n").count("\n") + 1
            item_end = _last_content_end(child)
            item_index = self.add_span(item, "list_item", self.offset(src, item_start),
                                       self.offset(child, item_end), depth + 1, index, "")
            self.walk(item["children"], child, depth + 2, item_index)

    def add(self, tok: Token, kind: str, src: _Source, start: int, end: int, depth: int,
            parent: int | None) -> int | None:
        raw = src.src[start:end]
        stripped = raw.rstrip()
        lead = len(raw) - len(raw.lstrip(" \t\n"))
        if not stripped.strip():
            return None
        start, end = start + lead, start + len(stripped)
        text, offsets = self.content(tok, kind, src, start, end)
        extra: dict[str, Any] = {}
        if kind == "code":
            fenced = tok.get("style") == "fenced"
            extra["style"] = "fenced" if fenced else "indent"
            extra["info"] = (tok.get("attrs") or {}).get("info", "") if fenced else None
            last = src.lines[src.locate(end)[0]]
            close = _FENCE_CLOSE.match(last)
            marker = tok.get("marker", "")
            # Only a run of the opening fence's character, at least as long, closes it: a last
            # line "```" under a "````" or "~~~" fence is content of an unclosed block.
            extra["closed"] = not fenced or (
                src.locate(end)[0] > src.locate(start)[0] and close is not None and bool(marker)
                and close.group(1)[0] == marker[0] and len(close.group(1)) >= len(marker))
        elif kind == "heading":
            extra["style"] = tok.get("style")
            extra["level"] = (tok.get("attrs") or {}).get("level")
        file_start = self.offset(src, start)
        if kind == "code" and extra["style"] == "indent" and offsets:
            # Indented code begins after its 4-column indent, not at the first non-blank: the
            # extra indent of "      x" is code (text "  x"), so the span starts where text does.
            file_start = offsets[0]
        file_end = self.offset(src, end)
        if kind == "code" and offsets:
            # Trailing blanks on the last code line are code, not padding: keep them in the span
            # (an unclosed fence or indented code ends on a content line).
            file_end = max(file_end, offsets[-1] + len(text) - text.rfind("\n") - 1)
        return self.add_span(tok, kind, file_start, file_end, depth, parent,
                             text, offsets, **extra)

    def content(self, tok: Token, kind: str, src: _Source, start: int,
                end: int) -> tuple[str, tuple[int, ...]]:
        """A block's own text and the file offset where each of its lines begins.

        Every line of the text is a slice of the file: leading blanks that mistune synthesised
        (a tab expanded across a container's indent) are left out, so positions stay exact.
        """
        first, first_col = src.locate(start)
        last, last_col = src.locate(end)
        if kind in ("list", "list_item", "quote"):
            return "", ()
        if kind == "code":
            return self.code_content(tok, src)
        if kind == "heading" and tok.get("style") == "atx":
            line_text = src.lines[first]
            heading = tok.get("text", "")
            opening = _ATX_OPENING.match(line_text)
            after = opening.end() if opening else 0
            col = line_text.find(heading, after) if heading else len(line_text.rstrip())
            col = max(col if col >= 0 else after, src.lit[first])
            heading = line_text[col:col + len(heading)]
            return heading, (self.offset(src, src.starts[first] + col),)
        if kind == "heading" and last > first:
            # A setext heading's text is the lines above its underline, not the underline.
            last -= 1
            last_col = len(src.lines[last].rstrip())
        lines, offsets = [], []
        for j in range(first, last + 1):
            line_text = src.lines[j]
            col = max(first_col if j == first else 0, src.lit[j])
            stop = last_col if j == last else len(line_text)
            lines.append(line_text[col:max(col, stop)])
            offsets.append(self.offset(src, src.starts[j] + col))
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
            offsets.append(self.offset(src, src.starts[j] + len(line_text) - n))
        return "\n".join(lines), tuple(offsets)

    def add_span(self, tok: Token, kind: str, start: int, end: int, depth: int, parent: int | None,
                 text: str, offsets: tuple[int, ...] = (), **extra: Any) -> int:
        index = len(self.blocks)
        start_line = bisect_right(self.line_starts, start)
        end_line = bisect_right(self.line_starts, max(start, end - 1)) if end > start else start_line
        self.blocks.append(dict(index=index, kind=kind, start=start, end=end, start_line=start_line,
                                end_line=end_line, text=text, line_offsets=offsets, depth=depth,
                                parent=parent, children=[], **extra))
        if parent is not None:
            self.blocks[parent]["children"].append(index)
        return index


def _last_content_end(src: _Source) -> int:
    return len(src.src.rstrip())


def _code_spans(block: Block, doc_text: str) -> Iterable[tuple[int, int, str]]:
    """Inline code spans in a block's text: (start, end) in ``block.text`` and the content.

    A run of n backticks opens a span that the next run of exactly n backticks closes, as in
    CommonMark; a backslash before the opening run escapes one backtick of it.
    """
    text = block.text
    if "`" not in text:
        return
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
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
    result = []
    for block in blocks:
        if block.kind == "heading" and block.depth == 0 and block.level:
            while path and (path[-1].level or 0) >= block.level:
                path.pop()
            result.append(tuple(b.index for b in path))
            path.append(block)
        else:
            result.append(tuple(b.index for b in path))
    return result


def _markdown() -> mistune.Markdown:
    md = mistune.Markdown(renderer=_NoRender(), block=_PositionParser(), plugins=[table_plugin])  # type: ignore[arg-type]
    md.before_render_hooks.append(_collect_blocks)
    return md


def _collect_blocks(md: mistune.Markdown, state: BlockState) -> None:
    text = state.env["notelint_text"]
    line_starts = state.env["notelint_line_starts"]
    _fill_unstamped(state.tokens, len(state.src))
    n = len(state.src.split("\n"))
    top = _Source(state.src, [min(i, len(line_starts) - 1) for i in range(n)], [0] * n, [0] * n)
    builder = _Builder(text, line_starts, state.env.get(_CHILD_SOURCES, {}))
    builder.walk(state.tokens, top, 0, None)
    state.env["notelint_blocks"] = builder.blocks


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
    _MD.parse(text[1:] if text.startswith(BOM) else text, state)
    raw_blocks: list[dict[str, Any]] = state.env["notelint_blocks"]
    blocks = [Block(**{**b, "children": tuple(b["children"])}) for b in raw_blocks]
    doc = Document(path=path, text=text, blocks=blocks, code_spans=[], line_starts=line_starts)
    for block in blocks:
        if block.kind in ("paragraph", "heading", "table"):
            for start, end, content in _code_spans(block, text):
                doc.code_spans.append(CodeSpan(doc.text_offset(block, start), doc.text_offset(block, end),
                                               content, block.index))
    doc.sections = _sections(blocks)
    return doc
