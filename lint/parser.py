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

from lint.document import BOM, Block, CodeSpan, Document, line_starts_of

Token = dict[str, Any]

_CHILD_SOURCES = "notelint_child_sources"
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
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
    """Stamp tokens appended since index ``first`` that a nested call has not stamped."""
    tokens = state.tokens
    fresh = [i for i in range(max(first, 0), len(tokens)) if "_start" not in tokens[i]]
    for i in fresh:
        stop = end
        for later in tokens[i + 1:]:
            if "_start" in later and later["_start"] >= start:
                stop = min(stop, later["_start"])
                break
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
    for i, tok in enumerate(tokens):
        if "_start" not in tok:
            tok["_start"] = tokens[i - 1]["_end"] if i else 0
            nxt = next((t["_start"] for t in tokens[i + 1:] if "_start" in t), length)
            tok["_end"] = nxt


class _Source:
    """A state's source text and how each of its lines maps onto the file.

    ``file_line[i]`` is the 0-based file line of source line i, and ``shift[i]`` the column in
    that file line where source line i begins (the container prefix width).
    """

    def __init__(self, src: str, file_line: list[int], shift: list[int]) -> None:
        self.src = src
        self.starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.lines = src.split("\n")
        self.file_line = file_line
        self.shift = shift

    def locate(self, pos: int) -> tuple[int, int]:
        """(source line, column) of an offset in ``src``."""
        line = bisect_right(self.starts, pos) - 1
        return line, pos - self.starts[line]

    def child(self, child_src: str, first_line: int) -> _Source:
        """The mapping of a child source whose line i is this source's line first_line + i."""
        lines = child_src.split("\n")
        file_line, shift = [], []
        for i, text in enumerate(lines):
            j = min(first_line + i, len(self.lines) - 1)
            parent = self.lines[j]
            cut = len(parent) - len(text) if parent.endswith(text) else len(parent) - len(text.lstrip())
            file_line.append(self.file_line[j])
            shift.append(self.shift[j] + max(0, min(cut, len(parent))))
        return _Source(child_src, file_line, shift)


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
        return self.line_starts[file_line] + bom + src.shift[line] + col

    def walk(self, tokens: list[Token], src: _Source, depth: int, parent: int | None) -> None:
        for tok in tokens:
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
            marker_line = line
            marker = _LIST_MARKER.match(src.lines[min(line, len(src.lines) - 1)])
            rest = src.lines[line][marker.end():] if marker and line < len(src.lines) else "x"
            child_src = entry[1]
            if not child_src:
                line += 1  # an empty item holds only its marker line
                continue
            first = line + 1 if not rest.strip() else line
            child = src.child(child_src, first)
            line = first + child_src.rstrip("\n").count("\n") + 1
            item_start = src.starts[min(marker_line, len(src.starts) - 1)]
            item_start += len(src.lines[marker_line]) - len(src.lines[marker_line].lstrip())
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
            extra["closed"] = not fenced or (
                src.locate(end)[0] > src.locate(start)[0] and bool(_FENCE_CLOSE.match(last)))
        elif kind == "heading":
            extra["style"] = tok.get("style")
            extra["level"] = (tok.get("attrs") or {}).get("level")
        return self.add_span(tok, kind, self.offset(src, start), self.offset(src, end), depth, parent,
                             text, offsets, **extra)

    def content(self, tok: Token, kind: str, src: _Source, start: int, end: int) -> tuple[str, tuple[int, ...]]:
        """A block's own text and the file offset where each of its lines begins."""
        first, _ = src.locate(start)
        last, _ = src.locate(end)
        if kind == "code":
            raw = tok.get("raw", "")
            if not raw.strip("\n"):
                return "", ()
            first_code = first + 1 if tok.get("style") == "fenced" else first
            lines = raw.split("\n")
            if lines and lines[-1] == "" and raw.endswith("\n"):
                lines.pop()
            offsets = []
            for k, code_line in enumerate(lines):
                j = min(first_code + k, len(src.lines) - 1)
                line_text = src.lines[j]
                col = len(line_text) - len(code_line) if line_text.endswith(code_line) else 0
                offsets.append(self.offset(src, src.starts[j] + max(col, 0)))
            return "\n".join(lines), tuple(offsets)
        if kind in ("list", "list_item", "quote"):
            return "", ()
        if kind == "heading" and tok.get("style") == "atx":
            line_text = src.lines[first]
            heading = tok.get("text", "")
            col = line_text.find(heading) if heading else len(line_text)
            col = col if col >= 0 else 0
            return heading, (self.offset(src, src.starts[first] + col),)
        text = src.src[start:end]
        offsets = [self.offset(src, start)]
        offsets.extend(self.offset(src, src.starts[j]) for j in range(first + 1, last + 1))
        return text, tuple(offsets)

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
    i = 0
    while i < len(runs):
        start, end = runs[i]
        if start > 0 and text[start - 1] == "\\":
            start += 1
        width = end - start
        close = next((j for j in range(i + 1, len(runs)) if runs[j][1] - runs[j][0] == width), None)
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
    top = _Source(state.src, list(range(n)), [0] * n)
    top.file_line = [min(i, len(line_starts) - 1) for i in range(n)]
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
