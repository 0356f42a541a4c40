"""Deleting a whole block: the exact edit, byte for byte, and the static structure check.

The structure check is held to an independent referee: mistune's own AST (with list tightness),
so a deletion called safe must leave every other block parsing the same, and a deletion that is
withheld must really change the structure when forced (except the lead-in case, which is withheld
for what it means, not for how it parses).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import mistune
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixers.delete_block import BlockDeleter, plan_deletion
from fixers.edit import Edit
from lint.document import Block, Document
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.duplicate_paragraph import DuplicateParagraph

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"
_AST = mistune.create_markdown(renderer=None, plugins=["table"])
_CONTAINERS = ("list", "list_item", "block_quote")


def apply(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits left to right."""
    out, pos = [], 0
    for edit in sorted(edits):
        assert edit.start >= pos, "overlapping edits"
        out.append(text[pos:edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def events(text: str, skip: int | None = None, blocks: int | None = None) -> list[Any]:
    """mistune's own view of the structure: container open/close events (with list tightness)
    and leaf blocks. ``skip`` leaves out the subtree of the block with that pre-order number."""
    tokens = _AST(text.lstrip("\ufeff"))
    assert isinstance(tokens, list)
    out: list[Any] = []
    counter = 0

    def walk(toks: list[dict[str, Any]]) -> None:
        nonlocal counter
        for tok in toks:
            if tok["type"] == "blank_line":
                continue
            number, counter = counter, counter + 1
            if number == skip:
                counter += _count(tok.get("children", [])) if tok["type"] in _CONTAINERS else 0
                continue
            if tok["type"] in _CONTAINERS:
                out.append(("open", tok["type"], tok.get("tight"), tok.get("bullet"),
                            (tok.get("attrs") or {}).get("ordered")))
                walk(tok["children"])
                out.append(("close", tok["type"]))
            else:
                kind = "paragraph" if tok["type"] == "block_text" else tok["type"]
                out.append(("leaf", kind, json.dumps(tok.get("children") or tok.get("raw"), sort_keys=True)))

    walk(tokens)
    if blocks is not None:
        assert counter == blocks, "mistune's blocks and the Document's must correspond one to one"
    return out


def _count(toks: list[dict[str, Any]]) -> int:
    n = 0
    for tok in toks:
        if tok["type"] == "blank_line":
            continue
        n += 1
        if tok["type"] in _CONTAINERS:
            n += _count(tok["children"])
    return n


def keeps_structure(doc: Document, target: Block, fixed: str) -> bool:
    """Whether ``fixed`` parses as ``doc`` without ``target`` and its content."""
    return events(fixed) == events(doc.text, skip=target.index, blocks=len(doc.blocks))


def find(doc: Document, kind: str, text: str) -> Block:
    """The block of a kind whose first line of text is ``text``; a list item by its first block."""
    for block in doc.blocks:
        own = block.text
        if block.kind == "list_item" and block.children:
            own = doc.blocks[block.children[0]].text
        if block.kind == kind and own.split("\n")[0] == text:
            return block
    raise LookupError(f"no {kind} {text!r}")


# -- safe deletions: exact text, and structure kept ------------------------------------------

SAFE = [
    # (name, source, kind, text of the block to delete, expected text)
    ("paragraph between paragraphs", "A\n\nB\n\nC\n", "paragraph", "B", "A\n\nC\n"),
    ("first paragraph of the file", "B\n\nC\n", "paragraph", "B", "C\n"),
    ("last paragraph of the file", "A\n\nB\n", "paragraph", "B", "A\n"),
    ("no final newline is kept so", "A\n\nB", "paragraph", "B", "A"),
    ("multi-line paragraph", "A\n\nB1\nB2\n\nC\n", "paragraph", "B1", "A\n\nC\n"),
    ("right after a heading", "# H\nB\n\nC\n", "paragraph", "B", "# H\n\nC\n"),
    ("paragraph between a list and a paragraph", "- a\n\nB\n\nC\n", "paragraph", "B", "- a\n\nC\n"),
    ("paragraph between different kinds of list", "- a\n\nB\n\n* c\n", "paragraph", "B", "- a\n\n* c\n"),
    ("middle item, tight list", "- a\n- b\n- c\n", "list_item", "b", "- a\n- c\n"),
    ("middle item, loose list", "- a\n\n- b\n\n- c\n", "list_item", "b", "- a\n\n- c\n"),
    ("item with blank only after it stays loose", "- a\n- b\n\n- c\n", "list_item", "b", "- a\n\n- c\n"),
    ("item with continuation and nested list", "- a\n- b\n  more b\n  - nested\n- c\n", "list_item", "b",
     "- a\n- c\n"),
    ("last item", "- a\n- b\n\nP\n", "list_item", "b", "- a\n\nP\n"),
    ("first item of an ordered list after a blank", "P\n\n1. a\n2. b\n", "list_item", "a", "P\n\n2. b\n"),
    ("only item of a list before a heading", "P\n\n- x\n\n# H\n", "list_item", "x", "P\n\n# H\n"),
    ("nested only item", "- a\n  - x\n- b\n", "list_item", "x", "- a\n- b\n"),
    ("paragraph in a quote", "> A\n>\n> B\n>\n> C\n", "paragraph", "B", "> A\n>\n> C\n"),
    ("only paragraph of a quote", "A\n\n> B\n\nC\n", "paragraph", "B", "A\n\nC\n"),
    ("later paragraph of a list item", "- a\n\n  B\n\n  C\n- d\n", "paragraph", "B", "- a\n\n  C\n- d\n"),
    ("empty fence between paragraphs", "A\n\n```\n```\n\nC\n", "code", "", "A\n\nC\n"),
    ("empty fence alone in an item", "- a\n- ```\n  ```\n- c\n", "code", "", "- a\n- c\n"),
    # The blank line taken is the one inside the quote, not the one that parts it from the next.
    ("last paragraph of a quote before another", "> A\n>\n> B\n\n> C\n", "paragraph", "B", "> A\n\n> C\n"),
    ("first paragraph of a quote", "> A\n>\n> B\n", "paragraph", "A", "> B\n"),
    # Taking the blank line before the fence would make the list tight: it is kept instead.
    ("blank line that keeps a list loose", "1. a\n\n   ```\n   ```\n2. b\n", "code", "", "1. a\n\n2. b\n"),
]


@pytest.mark.parametrize(("source", "kind", "text", "expected"), [c[1:] for c in SAFE],
                         ids=[c[0] for c in SAFE])
def test_safe_deletion_gives_exact_text_and_keeps_structure(source: str, kind: str, text: str,
                                                             expected: str) -> None:
    doc = parse(source)
    deletion = plan_deletion(doc, find(doc, kind, text))
    assert deletion.problem is None
    fix = deletion.fix("Delete it")
    assert fix is not None and fix.is_safe() and fix.guard_structure
    fixed = apply(source, list(fix.edits))
    assert fixed == expected
    assert keeps_structure(doc, deletion.target, fixed)


@pytest.mark.parametrize(("source", "kind", "text", "expected"), [c[1:] for c in SAFE],
                         ids=[c[0] for c in SAFE])
def test_crlf_and_bom_survive(source: str, kind: str, text: str, expected: str) -> None:
    crlf = "\ufeff" + source.replace("\n", "\r\n")
    doc = parse(crlf)
    fix = plan_deletion(doc, find(doc, kind, text)).fix("Delete it")
    assert fix is not None
    assert apply(crlf, list(fix.edits)) == "\ufeff" + expected.replace("\n", "\r\n")


def test_target_is_the_container_the_block_fills() -> None:
    doc = parse("P\n\n- x\n\n# H\n")
    deletion = plan_deletion(doc, find(doc, "paragraph", "x"))
    assert deletion.target.kind == "list"
    doc = parse("- a\n- b\n")
    assert plan_deletion(doc, find(doc, "list_item", "b")).target.kind == "list_item"


def test_whole_file() -> None:
    doc = parse("\ufeffOnly\r\n")
    fix = plan_deletion(doc, doc.blocks[0]).fix("Delete it")
    assert fix is not None and apply(doc.text, list(fix.edits)) == "\ufeff"


# -- withheld deletions: the reason, and forcing the edit really breaks the structure -----------

WITHHELD = [
    # (name, source, kind, text, expected reason fragment, whether forcing it changes the parse)
    ("paragraph between two lists", "- a\n\nB\n\n- c\n", "paragraph", "B", "merge into one list", True),
    ("paragraph between ordered lists", "1. a\n\nB\n\n3. c\n", "paragraph", "B", "merge into one list", True),
    ("indented code after a list", "- a\n\nB\n\n    code\n", "paragraph", "B", "become part of the list",
     True),
    ("setext underline", "P\n- x\n---\n", "list_item", "x", "run together", True),
    ("fence between touching paragraphs", "A\n```\n```\nB\n", "code", "", "run together", True),
    ("only item between two paragraphs", "Intro:\n\n- x\n\nNext.\n", "list_item", "x",
     "only item of a list between two paragraphs", False),
    ("item whose inner blank made the list loose", "- a\n- b\n\n  more\n- c\n", "list_item", "b",
     "turn tight", True),
    ("ordered list that could no longer interrupt", "Intro\n1. a\n2. b\n", "list_item", "a",
     "start at 2", True),
    ("nested item on its parent's marker line", "- - a\n  - b\n", "list_item", "a",
     "shares its first line", True),
    ("first paragraph of a list item with more", "- P\n\n  Q\n", "paragraph", "P", "shares its first line",
     True),
    ("empty fence first in an item with more", "- ```\n  ```\n  text\n", "code", "", "shares its first line",
     True),
    ("loose two-item list that would keep one item", "- a\n  - x\n\n  - y\n", "list_item", "x", "turn tight",
     True),
    ("indented code blocks would merge", "    a\n\nP\n\n    b\n", "paragraph", "P", "indented code blocks",
     True),
    # mistune keeps an unindented paragraph after a fence inside the item; CommonMark ends the list.
    ("lazy paragraph after a fence in an item", "- w1\n- w2\n  ```\n  ```\nw3\nw4\n", "paragraph", "w3",
     "lazy line", True),
    # mistune keeps the heading in the quote, CommonMark does not: either way it is parser-dependent.
    ("lazy heading in a quote", "> A\n>\n> B\n# H\n", "paragraph", "A", "lazy line", None),
]


@pytest.mark.parametrize(("source", "kind", "text", "reason", "breaks"), [c[1:] for c in WITHHELD],
                         ids=[c[0] for c in WITHHELD])
def test_withheld_deletion(source: str, kind: str, text: str, reason: str, breaks: bool | None) -> None:
    doc = parse(source)
    deletion = plan_deletion(doc, find(doc, kind, text))
    assert deletion.problem is not None and reason in deletion.problem
    assert deletion.fix("Delete it") is None
    forced = apply(source, [deletion.edit])
    if breaks is not None:
        assert keeps_structure(doc, deletion.target, forced) is not breaks


def test_deleter_is_reused_across_blocks() -> None:
    doc = parse("A\n\nB\n\n- a\n- b\n- c\n")
    deleter = BlockDeleter(doc)
    first = deleter.plan(find(doc, "paragraph", "B"))
    second = deleter.plan(find(doc, "list_item", "b"))
    assert apply(doc.text, [first.edit, second.edit]) == "A\n\n- a\n- c\n"


# -- generated documents: every deletion called safe keeps the structure --------------------------


def generated(rng: random.Random, quote_blank: bool) -> str:
    """Small documents of paragraphs, nested lists (tight and loose, four marker kinds), fences
    empty or not, indented code, quotes, headings and rules, with or without blank lines between."""
    words = iter(range(1, 10_000))

    def word() -> str:
        return f"w{next(words)}"

    def items(indent: str, depth: int) -> list[str]:
        marker = rng.choice(["-", "*", "+", "1.", "2)"])
        pad = indent + " " * (len(marker) + 1)
        lines: list[str] = []
        for _ in range(rng.randint(1, 3)):
            lines.append(f"{indent}{marker} {word()}")
            r = rng.random()
            if r < 0.2 and depth < 2:
                lines += [""] * rng.randint(0, 1) + items(pad, depth + 1)
            elif r < 0.35:
                lines += ["", pad + word()]
            elif r < 0.45:
                lines += [pad + "```"] + [pad + word()] * rng.randint(0, 1) + [pad + "```"]
            lines += [""] * (rng.random() < 0.4)
        return lines

    text = ""
    for _ in range(rng.randint(2, 7)):
        k = rng.random()
        if k < 0.3:
            chunk = [word()] * rng.randint(1, 2)
        elif k < 0.55:
            chunk = items("", 0)
        elif k < 0.62:
            chunk = [f"# {word()}"]
        elif k < 0.72:
            chunk = ["```"] + [word()] * rng.randint(0, 1) + ["```"]
        elif k < 0.8:
            chunk = [f"    {word()}"]
        elif k < 0.9:
            chunk = [f"> {word()}"] + [">", f"> {word()}"] * rng.randint(0, 1)
        else:
            chunk = [rng.choice(["***", "---", "___"])]
        while chunk and not chunk[-1]:
            chunk.pop()
        if quote_blank and chunk[0].startswith(">"):
            chunk.append("")  # mistune orders a quote after the block that interrupts it
        text += "\n".join(chunk) + ("\n\n" if rng.random() < 0.75 else "\n")
    return text


def safe_deletions(text: str) -> list[tuple[Document, Block, str, int, int]]:
    doc = parse(text)
    deleter = BlockDeleter(doc)
    out = []
    for block in doc.blocks:
        if block.kind in ("paragraph", "list_item", "code"):
            deletion = deleter.plan(block)
            if deletion.problem is None:
                out.append((doc, deletion.target, apply(text, [deletion.edit]), deletion.first_line,
                            deletion.last_line))
    return out


def untight(events_: list[Any]) -> list[Any]:
    # mistune's tightness differs from CommonMark's (a blank line after an item's last paragraph
    # makes it loose); CommonMark tightness is checked by the markdown-it-py property.
    return [e[:2] + e[3:] if e[0] == "open" else e for e in events_]


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32))
def test_generated_safe_deletions_keep_mistune_structure(seed: int) -> None:
    text = generated(random.Random(seed), quote_blank=True)
    for doc, target, fixed, _, _ in safe_deletions(text):
        assert untight(events(fixed)) == untight(events(text, skip=target.index, blocks=len(doc.blocks))), \
            (text, target)


def commonmark_events(text: str, deleted: tuple[int, int] | None = None) -> list[Any]:
    """markdown-it-py's CommonMark block tree (paragraphs hidden in tight lists), leaving out the
    blocks that start in the deleted lines and end there (or in blank lines after them)."""
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    out: list[Any] = []
    skipping = 0
    for tok in MarkdownIt("commonmark").parse(text):
        if skipping:
            skipping += tok.nesting
            continue
        if deleted and tok.map and tok.nesting >= 0 and deleted[0] <= tok.map[0] + 1 <= deleted[1] and all(
                not lines[k].strip() for k in range(deleted[1], min(tok.map[1], len(lines)))):
            skipping = tok.nesting
            continue
        out.append((tok.type, tok.hidden, tok.content, tok.markup if "list" in tok.type else ""))
    return out


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32))
def test_generated_safe_deletions_keep_commonmark_structure(seed: int) -> None:
    pytest.importorskip("markdown_it")
    text = generated(random.Random(seed), quote_blank=False)
    for _, _, fixed, first, last in safe_deletions(text):
        assert commonmark_events(fixed) == commonmark_events(text, (first, last)), (text, first, last)


# -- the shortcuts planning takes are exact --------------------------------------------------------


def loose_by_rescan(deleter: BlockDeleter, lst: Block, first: int, last: int, quoted: bool) -> bool:
    """The looseness of ``lst`` without lines first..last, from every span of every item again:
    what ``BlockDeleter.loose`` works out around the deleted lines only."""
    blocks = deleter.doc.blocks
    groups = [deleter.kept_spans(lst, first, last)]
    groups += [deleter.kept_spans(blocks[item], first, last) for item in deleter.children.get(lst.index, ())]
    return any(deleter.blank_between(a_end, b_start, first, last, quoted)
               for spans in groups for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def lines_by_trying_every_range(deleter: BlockDeleter, block: Block) -> tuple[int, int, str | None]:
    """``plan``'s lines and problem, trying the other ranges whatever the problem was (``plan``
    skips them when the problem holds whichever lines go)."""
    target = deleter.target_of(block)
    preferred = deleter.line_range(target)
    problem = deleter.problem(target, *preferred)
    if problem is not None:
        for first, last in deleter.alternatives(target, preferred):
            if deleter.problem(target, first, last) is None:
                return first, last, None
    return (*preferred, problem)


def is_blank_by_definition(doc: Document, line: int, quoted: bool) -> bool:
    text = doc.line_text(line).lstrip("\ufeff")
    return not text.strip() or (quoted and not text.strip(" \t>"))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32))
def test_planning_shortcuts_are_exact(seed: int) -> None:
    text = generated(random.Random(seed), quote_blank=seed % 2 == 0)
    if seed % 3 == 1:
        text = "\ufeff" + text.replace("\n", "\r\n")
    elif seed % 3 == 2:
        text = text.rstrip("\n")
    doc = parse(text)
    deleter = BlockDeleter(doc)
    for line in range(1, len(doc.line_starts) + 1):
        for quoted in (False, True):
            assert deleter.is_blank(line, quoted) == is_blank_by_definition(doc, line, quoted), (text, line)
    for block in doc.blocks:
        deletion = deleter.plan(block)
        assert (deletion.first_line, deletion.last_line, deletion.problem) == \
            lines_by_trying_every_range(deleter, block), (text, block.index)
        assert deleter.plan_span(block) == (deletion.edit.start, deletion.edit.end, deletion.problem)
        target = deletion.target
        preferred = deleter.line_range(target)
        for lst in (b for b in deleter.ancestors(target) if b.kind == "list"):
            for first, last in [preferred, *deleter.alternatives(target, preferred)]:
                for quoted in (False, True):
                    expected = loose_by_rescan(deleter, lst, first, last, quoted)
                    assert deleter.loose(lst, first, last, quoted) == expected, (text, lst.index, first, last)


# -- the real corpus ----------------------------------------------------------------------------


def test_corpus_duplicate_fixes_keep_structure_one_by_one() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    doc = parse(text, str(CORPUS))
    findings = [f for f in DuplicateParagraph().check(doc, RuleContext()) if f.fix is not None]
    assert len(findings) >= 6
    deleter = BlockDeleter(doc)
    for finding in findings:
        assert finding.fix is not None
        block = next(b for b in doc.blocks if b.start == finding.start and b.end == finding.end)
        fixed = apply(text, list(finding.fix.edits))
        assert keeps_structure(doc, deleter.plan(block).target, fixed), finding.line
        # Whole lines go: the text around the deletion is untouched, with no double blank left.
        assert "\n\n\n" not in fixed[finding.fix.span[0] - 2: finding.fix.span[0] + 2]


def test_corpus_all_duplicate_fixes_together() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    doc = parse(text, str(CORPUS))
    findings = list(DuplicateParagraph().check(doc, RuleContext()))
    edits = [e for f in findings if f.fix for e in f.fix.edits]
    fixed = apply(text, edits)
    # Six copies go; all but the list item at 845 (followed by a paragraph directly) take a blank line.
    assert len(findings) == 6
    assert len(fixed.splitlines()) == len(text.splitlines()) - 11
    assert "EC2 endpoint." in fixed and fixed.count("EC2 endpoint.") == 1
    assert list(DuplicateParagraph().check(parse(fixed), RuleContext())) == []
