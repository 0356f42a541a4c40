"""Source positions, proved by slicing the file.

Every position the parser records must index ``Document.text`` (the file as read, BOM and CRLF
kept) exactly. For each block with text, line i of ``block.text`` is the file text at
``block.line_offsets[i]``; between two lines there is only a line terminator and container
prefix (blanks and ``>``); ``start``/``end`` agree with the text; ``start_line``/``end_line``
agree with ``Document.position``. The same holds for inline code spans.

This runs on the real corpus (as LF, CRLF, CR, with and without a BOM), on a few hundred
generated nested documents, on a hypothesis token soup, and on deep and hostile input.

Line ranges are cross-checked against markdown-it-py (``token.map``), a CommonMark parser.
mistune differs from CommonMark in a few documented places (``DIVERGENCES`` below). The
generator has a ``strict`` mode that stays out of them; strict documents must agree with
markdown-it block for block, and every divergence has a test that pins both parsers' readings.
"""

from __future__ import annotations

import functools
import random
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.document import BOM, Document
from lint.parser import parse

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"
GAP = re.compile(r"(?:\r\n|\r|\n)[ \t>]*")  # what may separate two lines of one block's text
SETEXT_UNDERLINE = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t>]*(?:=+|-+)")


def read_corpus() -> str:
    with CORPUS.open(encoding="utf-8", newline="") as f:  # as read: no newline translation
        return f.read()


# --------------------------------------------------------------------------------------------
# The invariants


def position_errors(doc: Document) -> list[str]:
    """Every way the blocks' recorded positions fail to slice ``doc.text``; empty when exact."""
    errors: list[str] = []
    text = doc.text
    for b in doc.blocks:
        where = f"block {b.index} ({b.kind}, line {b.start_line})"
        if not 0 <= b.start <= b.end <= len(text):
            errors.append(f"{where}: span {b.start}..{b.end} outside the file")
            continue
        if doc.position(b.start)[0] != b.start_line:
            errors.append(f"{where}: start_line {b.start_line} != {doc.position(b.start)[0]}")
        if doc.position(max(b.start, b.end - 1))[0] != b.end_line:
            errors.append(f"{where}: end_line {b.end_line} != {doc.position(max(b.start, b.end - 1))[0]}")
        # A span runs from the first content character (indented code keeps its extra indent)
        # to the end of a line, terminator excluded.
        first = text[b.start:b.start + 1]
        if b.start < b.end and (first in "\r\n" or (first in " \t" and b.kind != "code")
                                or text[b.end - 1] in "\r\n"):
            errors.append(f"{where}: span {text[b.start:b.end]!r} begins blank or ends in a newline")
        if not b.text:
            continue
        lines = b.text.split("\n")
        if len(lines) != len(b.line_offsets):
            errors.append(f"{where}: {len(lines)} text lines but {len(b.line_offsets)} offsets")
            continue
        for i, (line, off) in enumerate(zip(lines, b.line_offsets, strict=True)):
            if text[off:off + len(line)] != line:
                errors.append(f"{where}: line {i} {line!r} != file {text[off:off + len(line)]!r}")
            if i and not GAP.fullmatch(text[b.line_offsets[i - 1] + len(lines[i - 1]):off]):
                errors.append(f"{where}: line {i} is not the next line after a container prefix")
        last_end = b.line_offsets[-1] + len(lines[-1])
        if not b.start <= b.line_offsets[0] <= last_end <= b.end:
            errors.append(f"{where}: text runs outside the span")
        block_source = text[b.start:b.end]
        if b.kind in ("paragraph", "table", "html", "thematic_break") or b.style == "indent":
            # The span is exactly the text, with only container prefixes between its lines.
            if b.line_offsets[0] != b.start or last_end != b.end:
                errors.append(f"{where}: span {block_source!r} is not its text {b.text!r}")
            elif b.kind == "paragraph" and b.depth == 0 and re.sub(r"\r\n?", "\n", block_source) != b.text:
                errors.append(f"{where}: top-level paragraph {block_source!r} is not its text {b.text!r}")
        elif b.kind == "heading" and b.style == "setext":
            underline = text[last_end:b.end]
            if b.line_offsets[0] != b.start or not SETEXT_UNDERLINE.fullmatch(underline):
                errors.append(f"{where}: setext heading span {block_source!r}")
        elif b.kind == "heading":
            if not re.match(f"#{{{b.level}}}(?:[ \t]|$)", block_source) or last_end > b.end:
                errors.append(f"{where}: atx heading span {block_source!r}")
        elif b.kind == "code":  # fenced: opening fence line, then the code lines
            fence = re.match(r"(`{3,}|~{3,})[^\r\n]*(?:\r\n|\r|\n)", block_source)
            if not fence or not GAP.fullmatch(text[b.start + fence.end() - 1:b.line_offsets[0]]):
                errors.append(f"{where}: fenced code span {block_source!r}")
            elif b.closed and not re.search(r"(`{3,}|~{3,})[ \t]*$", block_source[last_end - b.start:]):
                errors.append(f"{where}: closed fence span does not end with a fence")
    return errors


def span_errors(doc: Document) -> list[str]:
    """Code spans: the file text at [start, end) opens and closes with the same backtick run."""
    errors = []
    for span in doc.code_spans:
        source = doc.text[span.start:span.end]
        run = re.match(r"`+", source)
        block = doc.blocks[span.block]
        if not run or not source.endswith(run.group()) or len(source) < 2 * len(run.group()):
            errors.append(f"span {source!r} does not open and close with one backtick run")
        elif doc.text[span.end:span.end + 1] == "`":
            errors.append(f"span {source!r} stops inside a backtick run")
        if not block.start <= span.start < span.end <= block.end:
            errors.append(f"span {source!r} lies outside its block {block.index}")
    return errors


def assert_exact(doc: Document) -> None:
    errors = position_errors(doc) + span_errors(doc)
    assert not errors, "\n".join(errors[:10])


def shifted(text: str, bom: bool, newline: str) -> tuple[str, Callable[[int], int]]:
    """``text`` (LF) re-encoded with a BOM and/or another newline, and how its offsets move."""
    starts = [m.start() for m in re.finditer("\n", text)]
    extra = len(newline) - 1

    def move(offset: int) -> int:
        return offset + int(bom) + extra * bisect_left(starts, offset)

    return (BOM if bom else "") + text.replace("\n", newline), move


def assert_same_blocks_shifted(lf: Document, other: Document, move: Callable[[int], int]) -> None:
    """``other`` is ``lf`` read with a BOM/CRLF: the same blocks and lines, offsets moved."""
    assert len(other.blocks) == len(lf.blocks)
    for a, b in zip(lf.blocks, other.blocks, strict=True):
        same = (a.kind, a.text, a.start_line, a.end_line, a.depth, a.parent, a.children, a.info, a.style,
                a.level, a.closed)
        assert same == (b.kind, b.text, b.start_line, b.end_line, b.depth, b.parent, b.children, b.info,
                        b.style, b.level, b.closed), f"block {a.index} differs"
        assert (b.start, b.end) == (move(a.start), move(a.end)), f"block {a.index} span"
        assert b.line_offsets == tuple(map(move, a.line_offsets)), f"block {a.index} line offsets"
    assert [(move(s.start), move(s.end), s.content, s.block) for s in lf.code_spans] == [
        (s.start, s.end, s.content, s.block) for s in other.code_spans]


# --------------------------------------------------------------------------------------------
# The corpus


def test_corpus_positions_slice_exactly() -> None:
    doc = parse(read_corpus(), str(CORPUS))
    assert len(doc.blocks) > 3000
    assert {b.kind for b in doc.blocks} >= {"paragraph", "heading", "code", "list", "list_item", "quote",
                                            "table"}
    assert_exact(doc)


def test_corpus_code_spans_slice_exactly() -> None:
    doc = parse(read_corpus())
    assert len(doc.code_spans) > 200
    assert_exact(doc)
    for span in doc.code_spans:
        source = doc.text[span.start:span.end]
        run = len(source) - len(source.lstrip("`"))
        inner = source[run:-run].replace("\n", " ")
        if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
            inner = inner[1:-1]
        assert span.content == inner


@pytest.mark.parametrize(("bom", "newline"), [(True, "\n"), (False, "\r\n"), (True, "\r\n"), (False, "\r")],
                         ids=["bom", "crlf", "bom+crlf", "cr"])
def test_corpus_as_read_with_bom_and_other_newlines(bom: bool, newline: str) -> None:
    lf_text = read_corpus()
    assert "\r" not in lf_text and not lf_text.startswith(BOM)
    text, move = shifted(lf_text, bom, newline)
    other = parse(text)
    assert_exact(other)
    assert_same_blocks_shifted(parse(lf_text), other, move)
    assert other.has_bom == bom


# --------------------------------------------------------------------------------------------
# Generated nested documents

WORDS = ["alpha", "beta", "gamma", "delta", "vpc", "subnet", "route", "table", "bucket", "policy", "role",
         "lambda", "queue"]

# Line states while containers wrap content. CONT: a paragraph continuation line that may still
# become lazy. LAZY: it lost its inner prefixes; an outer container may drop or keep its own.
# PINNED: a continuation that kept an inner ">", so outer containers must keep theirs (dropping an
# outer prefix in front of a kept ">" would open a new quote, not continue the paragraph).
NORMAL, CONT, LAZY, PINNED = range(4)
Lines = list[tuple[str, int]]


class Generator:
    """Random nested Markdown: lists in quotes in lists, lazy lines, tabs, code, tables, HTML.

    ``strict`` keeps to Markdown that mistune reads as CommonMark does (see ``DIVERGENCES``):
    tabs as indentation only at column 0, a blank line around lists, quotes and tables, tables
    only at the top level, and no lazy line in a quote that opens with code.
    """

    def __init__(self, seed: int, strict: bool) -> None:
        self.rng = random.Random(seed)
        self.strict = strict

    def document(self) -> str:
        lines = self.blocks(0, 0, self.rng.randint(1, 5))
        return "\n".join(text for text, _ in lines) + self.rng.choice(["\n", "", "\n\n"])

    def words(self, n: int | None = None) -> str:
        rng = self.rng
        out = [rng.choice(WORDS) for _ in range(n or rng.randint(1, 5))]
        r = rng.random()
        if r < 0.15:
            out.insert(rng.randrange(len(out) + 1), "`" + rng.choice(WORDS) + "`")
        elif r < 0.2:
            out.insert(rng.randrange(len(out) + 1), "``a ` b``")
        elif r < 0.25:
            out.append("a\tb")
        return " ".join(out)

    def tab_ok(self, col: int) -> bool:
        # mistune measures tab stops from the container's content, CommonMark from the line start.
        return col == 0 if self.strict else col % 4 == 0

    def goes_lazy(self, state: int) -> bool:
        """Whether this container writes a continuation line without its prefix."""
        return state in (CONT, LAZY) and self.rng.random() < (0.25 if state == CONT else 0.5)

    def paragraph(self) -> Lines:
        return [(self.words(), NORMAL)] + [(self.words(), CONT) for _ in range(self.rng.randint(0, 2))]

    def leaf(self, col: int, last: bool) -> Lines:
        rng = self.rng
        r = rng.random()
        if r < 0.40:
            return self.paragraph()
        if r < 0.48:
            return [("#" * rng.randint(1, 6) + " " + self.words() + rng.choice(["", " #", " ##"]), NORMAL)]
        if r < 0.53:
            return [(self.words(), NORMAL), (rng.choice(["===", "---", "=", "--"]), NORMAL)]
        if r < 0.63:
            fence = rng.choice(["```", "~~~", "````"])
            body = [(rng.choice(['{"a": 1}', "  key: value", "x = 1", ""]), NORMAL)
                    for _ in range(rng.randint(0, 3))]
            close = [] if last and rng.random() < 0.3 else [(fence, NORMAL)]  # maybe unclosed
            return [(fence + rng.choice(["", "json", "yaml", "python extra"]), NORMAL), *body, *close]
        if r < 0.70:
            pads = ["    ", "     "] + (["\t"] if self.tab_ok(col) else [])
            return [(rng.choice(pads) + rng.choice(["code", "x = 1", "  deeper"]), NORMAL)
                    for _ in range(rng.randint(1, 3))]
        if r < 0.75 and (col == 0 or not self.strict):
            rows = [(f"| {self.words(1)} | {self.words(1)} |", NORMAL) for _ in range(rng.randint(0, 2))]
            return [("| a | b |", NORMAL), ("|---|---|", NORMAL), *rows]
        if r < 0.80:
            if rng.random() < 0.6:
                return [("<!-- " + self.words() + " -->", NORMAL)]
            return [("<!--", NORMAL), (self.words(), NORMAL), ("-->", NORMAL)]
        if r < 0.83:
            return [(rng.choice(["***", "___", "* * *"]), NORMAL)]
        return self.paragraph()

    def blocks(self, col: int, depth: int, n: int) -> Lines:
        rng = self.rng
        out: Lines = []
        closed = True  # False after a container, which strict documents follow with a blank line
        for k in range(n):
            r = rng.random()
            container = depth < 3 and r < 0.42
            if container:
                block = self.make_list(col, depth) if r < 0.30 else self.quote(col, depth)
            else:
                block = self.leaf(col, k == n - 1)
                container = block[0][0].startswith("|")
                if not closed and block[0][0].startswith((" ", "\t")):
                    block = self.paragraph()  # an indented line after a list would continue its item
            if out and (rng.random() < 0.8 or block[0][0].startswith((" ", "\t")) or not closed
                        or (self.strict and container)):
                out.append(("", NORMAL))
            out.extend(block)
            closed = not (self.strict and container)
        return out

    def make_list(self, col: int, depth: int) -> Lines:
        rng = self.rng
        kind = rng.choice(["-", "*", "+", "1.", "1)", "3."])
        out: Lines = []
        for k in range(rng.randint(1, 3)):
            marker = kind if not kind[0].isdigit() else f"{int(kind[:-1]) + k}{kind[-1]}"
            if rng.random() < 0.08:
                out.append((marker, NORMAL))  # an empty item
                continue
            sep = rng.choice([" ", " ", " ", "  "] + (["\t"] if depth == 0 and self.tab_ok(col) else []))
            blank_marker = rng.random() < 0.08
            width = len(marker) + 1 if blank_marker else len(marker) + len(sep)
            content = self.blocks(col + width, depth + 1, rng.randint(1, 2))
            first = content[0][0]
            if blank_marker and first.strip() and not first.startswith((" ", "\t")):
                out.append((marker, NORMAL))  # the marker alone on its line: "-\n  text"
                rest = content
            else:
                line = marker + sep + first
                out.append((line, NORMAL))
                rest = content[1:]
                # CommonMark: 1-4 columns of blanks after the marker belong to it; 5 or more
                # make indented code, and then only one does.
                after = line[len(marker):]
                blanks = len(after) - len(after.lstrip(" \t"))
                cols = len(after[:blanks].expandtabs(4 - (col + len(marker)) % 4 or 4))
                width = len(marker) + (cols if cols <= 4 else 1)
            for text, state in rest:
                if not text:
                    out.append(("", NORMAL))
                elif self.goes_lazy(state):
                    out.append((text.lstrip(" \t") if state == CONT else text, LAZY))  # a lazy line
                else:
                    tab = width == 4 and self.tab_ok(col) and rng.random() < 0.2
                    out.append((("\t" if tab else " " * width) + text, state))
            if rng.random() < 0.3:
                out.append(("", NORMAL))
        while out and not out[-1][0]:
            out.pop()
        return out

    def quote(self, col: int, depth: int) -> Lines:
        rng = self.rng
        prefix = rng.choice(["> ", ">", " > "])
        content = self.blocks(col + len(prefix), depth + 1, rng.randint(1, 2))
        markers_only = self.strict and content[0][0].startswith((" ", "\t", "```", "~~~"))
        out: Lines = []
        for text, state in content:
            if not text:
                out.append((prefix.rstrip(), NORMAL))
            elif not markers_only and self.goes_lazy(state):
                out.append((text.lstrip(" \t") if state == CONT else text, LAZY))
            else:
                # After ">" the first blank belongs to the marker: write "> " before indented text.
                p = "> " if prefix == ">" and text[0] in " \t" else prefix
                out.append((p + text, PINNED if state in (CONT, LAZY, PINNED) else state))
        return out


def generated(strict: bool, count: int = 300) -> Iterator[tuple[int, str]]:
    for seed in range(count):
        yield seed, Generator(seed, strict).document()


def test_generator_covers_the_hard_cases() -> None:
    """The generated documents really contain what the position tests are meant to exercise."""
    texts = [text for _, text in generated(strict=False)]
    docs = [parse(text) for text in texts]
    blocks = [b for doc in docs for b in doc.blocks]
    joined = "\n".join(texts)
    assert max(b.depth for b in blocks) >= 6
    assert any(b.kind == "code" and not b.closed for b in blocks)  # unclosed fences
    assert any(b.kind == "code" and b.style == "indent" and b.depth >= 2 for b in blocks)
    assert any(b.kind == "code" and b.style == "fenced" and b.depth >= 2 for b in blocks)
    assert any(b.kind == "heading" and b.style == "setext" and b.depth > 0 for b in blocks)
    assert any(b.kind == "quote" and any(d.blocks[c].kind == "list" for c in b.children)
               for d in docs for b in d.blocks)  # lists inside quotes
    assert any(b.kind == "list_item" and any(d.blocks[c].kind == "quote" for c in b.children)
               for d in docs for b in d.blocks)  # quotes inside lists
    assert any(b.kind == "list_item" and not b.children for b in blocks)  # empty items
    assert {"table", "html", "thematic_break"} <= {b.kind for b in blocks}
    assert re.search(r"^ *(?:[-*+]|\d+[.)])\n +\S", joined, re.M)  # "-\n  text"
    assert re.search(r"^ *(?:[-*+]|\d+[.)])\t", joined, re.M) and "\n\t" in joined  # tabs
    assert sum(len(d.code_spans) for d in docs) > 100


@pytest.mark.parametrize("strict", [False, True], ids=["any", "strict"])
def test_generated_documents_slice_exactly(strict: bool) -> None:
    failures = []
    for seed, text in generated(strict):
        errors = position_errors(doc := parse(text)) + span_errors(doc)
        if errors:
            failures.append(f"seed {seed}: {errors[:3]}")
    assert not failures, "\n".join(failures[:10])


def test_generated_documents_as_read_with_bom_and_crlf() -> None:
    for _, text in generated(strict=False, count=100):
        other_text, move = shifted(text, True, "\r\n")
        other = parse(other_text)
        assert_exact(other)
        assert_same_blocks_shifted(parse(text), other, move)


_TOKENS = ["-", "*", "+", "1.", "2)", ">", " ", " ", "  ", "    ", "\t", "`", "``", "```", "~~~", "#", "##",
           "a", "bc", "word", "|", "---", "===", "<!--", "-->", "\n", "\n", "\n\n", "\r\n", "\r", "\\",
           "<div>", "***", "[x]: /u", "\x0b", "\x0c", "\u2028", "\x85", "\x00", "😀", "é", "\u00a0"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.booleans(), st.lists(st.sampled_from(_TOKENS), max_size=80))
def test_token_soup_slices_exactly(bom: bool, tokens: list[str]) -> None:
    """Any mix of Markdown syntax, blanks, odd line ends and control characters."""
    assert_exact(parse((BOM if bom else "") + "".join(tokens)))


# --------------------------------------------------------------------------------------------
# Cross-check with markdown-it-py (CommonMark): line ranges of block-level tokens

_MDIT_KINDS = {"paragraph_open": "paragraph", "heading_open": "heading", "fence": "code",
               "code_block": "code", "bullet_list_open": "list", "ordered_list_open": "list",
               "list_item_open": "list_item", "blockquote_open": "quote", "table_open": "table",
               "html_block": "html", "hr": "thematic_break"}


@functools.cache
def _commonmark() -> Any:
    """markdown-it-py in CommonMark mode with GFM tables (a test dependency, like hypothesis)."""
    return pytest.importorskip("markdown_it").MarkdownIt("commonmark").enable("table")


def mdit_blocks(text: str) -> list[tuple[str, int, int]]:
    """(kind, first line, last line), 1-based, of markdown-it's block tokens in document order."""
    return [(_MDIT_KINDS[t.type], t.map[0] + 1, t.map[1]) for t in _commonmark().parse(text.removeprefix(BOM))
            if t.type in _MDIT_KINDS and t.map]


def mdit_code_spans(text: str) -> list[str]:
    return [c.content for t in _commonmark().parse(text.removeprefix(BOM)) if t.type == "inline"
            for c in t.children or [] if c.type == "code_inline"]


def range_differences(doc: Document) -> list[str]:
    """Blocks whose line range differs from markdown-it's, paired by kind in document order.

    Two allowances, both about trailing blank lines and nothing else: markdown-it's list and
    list item maps run on over the blank lines after the item (ours end on the last content
    line, as every block span does), and an unclosed fence, which runs to the end of its
    container, takes in that container's trailing blank lines in markdown-it.
    """
    lines = re.split(r"\r\n|\r|\n", doc.text.removeprefix(BOM))
    ours = [(b.kind, b.start_line, b.end_line, b.kind == "code" and not b.closed) for b in doc.blocks]
    theirs = mdit_blocks(doc.text)
    problems = []
    for kind in sorted({k for k, *_ in ours} | {k for k, *_ in theirs}):
        mine = [o for o in ours if o[0] == kind]
        other = [t for t in theirs if t[0] == kind]
        if len(mine) != len(other):
            problems.append(f"{kind}: ours {[o[1:3] for o in mine]} markdown-it {[t[1:] for t in other]}")
            continue
        for (_, start, end, unclosed), (_, m_start, m_end) in zip(mine, other, strict=True):
            blank_tail = kind in ("list", "list_item") or unclosed
            if start != m_start or not (
                    end == m_end or (blank_tail and end < m_end
                                     and all(re.fullmatch(r"[ \t>]*", line) for line in lines[end:m_end]))):
                problems.append(f"{kind}: ours {start}-{end}, markdown-it {m_start}-{m_end}")
    return problems


def test_corpus_line_ranges_match_markdown_it() -> None:
    doc = parse(read_corpus())
    # Twice the corpus hits "list-lazy-after-code" (see DIVERGENCES): a list item ends in an
    # indented ASCII diagram and the next line ("Region |----- VPC", "1 NACL    |-----") starts
    # at column 0. mistune keeps that paragraph (lines 93-97, 189-190) in the item; CommonMark
    # ends the list after the code. Every block, those paragraphs included, has the same lines.
    assert range_differences(doc) == [
        "list: ours 81-97, markdown-it 81-92", "list: ours 183-190, markdown-it 183-188",
        "list_item: ours 89-97, markdown-it 89-92", "list_item: ours 186-190, markdown-it 186-188"]
    lazy = [b for b in doc.blocks if b.kind == "paragraph" and b.start_line in (93, 189)]
    parents = [doc.parent_of(b) for b in lazy]
    assert [(b.end_line, p and p.kind) for b, p in zip(lazy, parents, strict=True)] == [
        (97, "list_item"), (190, "list_item")]
    assert doc.line_text(93).startswith("Region |") and doc.line_text(189).startswith("1 NACL")


def test_corpus_code_spans_match_markdown_it() -> None:
    text = read_corpus()
    assert [s.content for s in parse(text).code_spans] == mdit_code_spans(text)


def test_generated_line_ranges_match_markdown_it() -> None:
    failures = []
    compared = 0
    for seed, text in generated(strict=True, count=400):
        doc = parse(text)
        compared += len(doc.blocks)
        if problems := range_differences(doc):
            failures.append(f"seed {seed}: {problems[:3]}")
        if [s.content for s in doc.code_spans] != mdit_code_spans(text):
            failures.append(f"seed {seed}: code spans differ")
    assert not failures, "\n".join(failures[:10])
    assert compared > 5000


# Where mistune 3.4 reads Markdown differently from CommonMark. Positions are mistune's reading
# (that is the structure the rules see), exact by slicing in every case; only the line ranges
# differ from markdown-it's. Each case pins both readings, so a change in either parser shows.
Ranges = list[tuple[str, int, int]]
LIST_1_3 = [("list", 1, 3), ("list_item", 1, 3), ("paragraph", 1, 1), ("list", 3, 3), ("list_item", 3, 3)]
DIVERGENCES = [  # (markdown, ours, markdown-it's, why)
    pytest.param(
        "- ```\n  x\n  ```\nfoo\n",
        [("list", 1, 4), ("list_item", 1, 4), ("code", 1, 3), ("paragraph", 4, 4)],
        [("list", 1, 3), ("list_item", 1, 3), ("code", 1, 3), ("paragraph", 4, 4)],
        "mistune's list item takes a following unindented line as a lazy continuation whatever "
        "the item's last block is; CommonMark continues only an open paragraph, so the list ends "
        "before 'foo' (the corpus has this twice)",
        id="list-lazy-after-code"),
    pytest.param(
        "- # h\nfoo\n",
        [("list", 1, 2), ("list_item", 1, 2), ("heading", 1, 1), ("paragraph", 2, 2)],
        [("list", 1, 1), ("list_item", 1, 1), ("heading", 1, 1), ("paragraph", 2, 2)],
        "the same, after a heading",
        id="list-lazy-after-heading"),
    pytest.param(
        "-\nfoo\n",
        [("list", 1, 2), ("list_item", 1, 2), ("paragraph", 2, 2)],
        [("list", 1, 1), ("list_item", 1, 1), ("paragraph", 2, 2)],
        "the same: an empty item ('-' alone) takes the next unindented line",
        id="empty-item-then-text"),
    pytest.param(
        "*  a\n  * * *\n",
        [("list", 1, 2), ("list_item", 1, 2), ("paragraph", 1, 1), ("thematic_break", 2, 2)],
        [("list", 1, 1), ("list_item", 1, 1), ("paragraph", 1, 1), ("thematic_break", 2, 2)],
        "mistune lets a block start interrupt a list item only when it is indented no more than the "
        "marker; '  * * *' (indent 2, content column 3) becomes content of the item",
        id="break-indented-less-than-content"),
    pytest.param(
        "> # h\nfoo\n",
        [("quote", 1, 2), ("heading", 1, 1), ("paragraph", 2, 2)],
        [("quote", 1, 1), ("heading", 1, 1), ("paragraph", 2, 2)],
        "mistune's block quote takes a line without '>' as a lazy continuation whatever its last "
        "block is; CommonMark continues only a paragraph",
        id="quote-lazy-after-heading"),
    pytest.param(
        "> ```\n> x\n> ```\n> a\nb\n",
        [("quote", 1, 4), ("code", 1, 3), ("paragraph", 4, 4), ("paragraph", 5, 5)],
        [("quote", 1, 5), ("code", 1, 3), ("paragraph", 4, 5)],
        "when a quote's first line is a fence, indented code or blank, mistune requires '>' on "
        "every line of it, so 'b' is not the lazy continuation of 'a' that CommonMark makes it",
        id="quote-opening-with-code-has-no-lazy-lines"),
    pytest.param(
        ">\n> a\nb\n",
        [("quote", 1, 2), ("paragraph", 2, 2), ("paragraph", 3, 3)],
        [("quote", 1, 3), ("paragraph", 2, 3)],
        "the same, for a quote that opens with a blank '>' line",
        id="quote-opening-blank-has-no-lazy-lines"),
    pytest.param(
        "- x\n\n  - \tcode\n",
        [*LIST_1_3, ("paragraph", 3, 3)],
        [*LIST_1_3, ("code", 3, 3)],
        "mistune expands a tab from the container's content column (2 columns here: a paragraph), "
        "CommonMark from the line start (4 columns after the marker's blank: indented code)",
        id="tab-stops-inside-containers"),
    pytest.param(
        "- a\n\n  | a | b |\n  |---|---|\n  | c | d |\n",
        [("list", 1, 5), ("list_item", 1, 5), ("paragraph", 1, 1), ("paragraph", 3, 5)],
        [("list", 1, 5), ("list_item", 1, 5), ("paragraph", 1, 1), ("table", 3, 5)],
        "notelint registers mistune's 'table' plugin, which parses top-level tables only; a table "
        "in a list item or quote stays a paragraph ('table_in_list'/'table_in_quote' are not used)",
        id="table-inside-a-list"),
    pytest.param(
        "| a | b |\n|---|---|\nc\nd\n",
        [("table", 1, 2), ("paragraph", 3, 4)],
        [("table", 1, 4)],
        "a GFM table row needs no '|'; mistune's table ends at the first line without one",
        id="table-row-without-pipe"),
]


@pytest.mark.parametrize(("markdown", "ours", "commonmark", "why"), DIVERGENCES)
def test_known_divergences_from_commonmark(markdown: str, ours: Ranges, commonmark: Ranges, why: str) -> None:
    assert why
    doc = parse(markdown)
    assert_exact(doc)
    assert [(b.kind, b.start_line, b.end_line) for b in doc.blocks] == ours
    assert mdit_blocks(markdown) == commonmark


# --------------------------------------------------------------------------------------------
# Positions fixed in the parser, one case each


def blocks_of(text: str) -> list[tuple[str, str, str]]:
    """(kind, file text at the span, text) of each block, after proving positions exact."""
    doc = parse(text)
    assert_exact(doc)
    return [(b.kind, doc.text[b.start:b.end], b.text) for b in doc.blocks]


def test_indented_code_starts_at_its_indent_not_its_first_non_blank() -> None:
    # "      x" is code "  x": the extra indent is content, so the span starts with it.
    assert blocks_of("      x\n    y\n") == [("code", "  x\n    y", "  x\ny")]


def test_indented_code_that_opens_with_a_line_of_blanks() -> None:
    # mistune keeps a blank line with more than 4 columns of indent as a code line of spaces.
    doc = parse("        \n    a\n")
    assert_exact(doc)
    assert [(b.text, b.start_line, b.end_line) for b in doc.blocks] == [("    \na", 1, 2)]


def test_trailing_blanks_of_a_last_code_line_are_in_the_span() -> None:
    assert blocks_of("    x  \n") == [("code", "x  ", "x  ")]
    assert blocks_of("```\nx  ") == [("code", "```\nx  ", "x  ")]


def test_setext_heading_text_excludes_its_underline() -> None:
    assert blocks_of("Title\nline two\n===\n") == [("heading", "Title\nline two\n===", "Title\nline two")]
    assert blocks_of("> Title\n> ---\n")[1] == ("heading", "Title\n> ---", "Title")


def test_text_leaves_out_blanks_mistune_made_from_a_tab() -> None:
    # mistune turns ">\tfoo" into "  foo" (the tab minus the marker's optional blank): the text
    # keeps only what is in the file.
    assert blocks_of(">\tfoo\n>\tbar\n")[1] == ("paragraph", "foo\n>\tbar", "foo\nbar")
    assert blocks_of("- a\n\n\t\tcode\n")[3] == ("code", "code", "code")


def test_empty_list_items_are_blocks_of_their_marker_line() -> None:
    assert blocks_of("1.\n2.\n") == [("list", "1.\n2.", ""), ("list_item", "1.", ""), ("list_item", "2.", "")]
    assert blocks_of("- a\n-\n- b\n")[3] == ("list_item", "-", "")
    # mistune hands "-" a blank line as its source: the item is still its marker line alone.
    assert blocks_of("-\n\n  text\n")[:2] == [("list", "-", ""), ("list_item", "-", "")]
    assert blocks_of("> -\n>\n> lambda\n")[2] == ("list_item", "-", "")


def test_a_fence_closes_only_with_its_own_character_and_length() -> None:
    closed = {text: parse(text).blocks[0].closed for text in
              ["````\ncode\n```\n", "```\ncode\n~~~\n", "```\ncode\n````\n", "~~~\n~~~", "```", "```\n"]}
    assert closed == {"````\ncode\n```\n": False, "```\ncode\n~~~\n": False, "```\ncode\n````\n": True,
                      "~~~\n~~~": True, "```": False, "```\n": False}


# --------------------------------------------------------------------------------------------
# Code spans


def spans_of(text: str) -> list[tuple[str, str]]:
    """(file text at the span, content) of each code span, after proving positions exact."""
    doc = parse(text)
    assert_exact(doc)
    return [(doc.text[s.start:s.end], s.content) for s in doc.code_spans]


def test_code_span_over_two_lines() -> None:
    assert spans_of("see `a\nb` here\n") == [("`a\nb`", "a b")]
    assert spans_of("see `a\r\nb` here\r\n") == [("`a\r\nb`", "a b")]


def test_code_span_in_a_list_item_and_a_quote() -> None:
    assert spans_of("- item with `code` in it\n  and ``two\n  lines``\n") == [
        ("`code`", "code"), ("``two\n  lines``", "two lines")]
    assert spans_of("> quoted `a\n> b`\n") == [("`a\n> b`", "a b")]
    assert spans_of("1. x\n\n   > deep `span` here\n") == [("`span`", "span")]


def test_code_span_runs_and_escapes() -> None:
    assert spans_of("``a ` b`` and ` c `\n") == [("``a ` b``", "a ` b"), ("` c `", "c")]
    assert spans_of("\\`not` a `span`\n") == [("` a `", "a")]  # the escaped tick opens nothing
    assert spans_of("``` unmatched `` run\n") == []
    assert spans_of("# heading `code`\n") == [("`code`", "code")]


def test_code_span_positions_with_a_bom() -> None:
    assert spans_of(BOM + "`a`\n") == [("`a`", "a")]


# --------------------------------------------------------------------------------------------
# Deep and hostile input: parse returns (mistune caps nesting at max_nested_level), no
# RecursionError, positions still exact. Speed is measured, not asserted.

HOSTILE = {
    "3000-deep nested list": lambda: "".join("  " * i + "- item\n" for i in range(3000)),
    "3000-deep list on one line": lambda: "- " * 3000 + "x\n",
    "5000 > levels": lambda: ">" * 5000 + " x\n",
    "5000 '> ' levels": lambda: "> " * 5000 + "x\n",
    "10 MB single line": lambda: "word " * 2_000_000 + "\n",
    "100k blank lines": lambda: "a\n" + "\n" * 100_000 + "b\n",
    "100k code spans in one line": lambda: "`a` " * 100_000 + "\n",
    "a line of unmatched backtick runs": lambda: " ".join("`" * (i % 300 + 1) for i in range(10_000)) + "\n",
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_parses(make: Callable[[], str]) -> None:
    text = make()
    limit = sys.getrecursionlimit()
    doc = parse(text)
    assert sys.getrecursionlimit() == limit
    assert doc.blocks
    assert max(b.depth for b in doc.blocks) <= 2 * 20 + 2  # mistune's max_nested_level is 20
    assert_exact(doc)


def test_hostile_spans_are_all_found() -> None:
    doc = parse("`a` " * 100_000 + "\n")
    assert len(doc.code_spans) == 100_000
    last = doc.code_spans[-1]
    assert doc.text[last.start:last.end] == "`a`" and last.start == 4 * 99_999


def test_blocks_are_in_source_order_when_a_list_ends_a_quote() -> None:
    # mistune prepends the quote token after parsing the list that broke it.
    doc = parse("> a\n- b\n\n```\n```\n")
    starts = [b.start for b in doc.blocks if b.depth == 0]
    assert starts == sorted(starts)
    assert [b.kind for b in doc.blocks if b.depth == 0] == ["quote", "list", "code"]


def test_quote_broken_by_a_list_and_fence_does_not_overlap_them() -> None:
    # mistune prepends the quote before the last token (the fence), after the list.
    doc = parse("> q\n- b\n\n```\nx\n```\n")
    top = [(b.kind, b.start_line, b.end_line) for b in doc.blocks if b.depth == 0]
    assert top == [("quote", 1, 1), ("list", 2, 2), ("code", 4, 6)]


def test_a_parent_comes_before_its_children() -> None:
    """What one-pass readers of ``Document.blocks`` rely on (``BlockDeleter``'s quote test):
    every block's parent has a lower index, even where quotes and lists interrupt each other."""
    texts = [read_corpus(), "> quote\n- item\n  > nested\n  > - deep\n>\n> - a\n>   > b\n"]
    for text in texts:
        doc = parse(text)
        assert any(b.parent is not None for b in doc.blocks)
        assert all(b.parent is None or b.parent < b.index for b in doc.blocks)


@pytest.mark.parametrize(("text", "closing"), [
    ("---\ntitle: Kubernetes notes\nkeywords: [kubernetes commands, jvm]\n---\n\n# Pods\n", "\n---\n"),
    ("\ufeff---\r\ntitle: x\r\n...\r\n# Pods\r\n", "\n...\r\n"),  # a BOM, CRLF, a YAML document end
    ("+++\ntitle = \"x\"\n+++\n# Pods\n", "\n+++\n"),  # TOML
])
def test_front_matter_is_no_block_and_every_offset_holds(text: str, closing: str) -> None:
    """Jekyll's or Obsidian's front matter is metadata: no rule reads it as a rule and a setext
    heading; the blocks after it keep their places in the file."""
    doc = parse(text)
    assert doc.front_matter == text.index(closing) + len(closing)
    [heading] = doc.blocks
    assert heading.kind == "heading" and text[heading.start:heading.end] == "# Pods"
    assert heading.start_line == text[:heading.start].count("\n") + 1


@pytest.mark.parametrize("text", [
    "---\nA rule, then a setext heading\n---\n",  # no key: Markdown
    "---\ntitle: never closed\n\n# Pods\n",
    "Intro.\n\n---\ntitle: x\n---\n",  # not at the top
])
def test_what_only_looks_like_front_matter_is_markdown(text: str) -> None:
    doc = parse(text)
    assert doc.front_matter == 0 and doc.blocks
