"""empty-code-block: what it flags, what it leaves alone, and its fix, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixers.edit import Edit
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.empty_code_block import EmptyCodeBlock

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str) -> list[Finding]:
    return list(EmptyCodeBlock().check(parse(text, "notes/a.md"), RuleContext()))


def apply(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """Apply non-overlapping edits left to right."""
    out, pos = [], 0
    for edit in sorted(edits):
        assert edit.start >= pos
        out += [text[pos:edit.start], edit.replacement]
        pos = edit.end
    return "".join(out) + text[pos:]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("A\n\n```\n```\n\nB\n", 3, "Empty code block"),
    ("A\n\n```python\n   \n\n```\n\nB\n", 3, "Empty `python` code block"),
    ("A\n\n~~~ yaml title\n~~~\n", 3, "Empty `yaml` code block"),
    ("A\n\n````\n\n````\n", 3, "Empty code block"),
    ("- a\n\n  ```json\n  ```\n\n- b\n", 3, "Empty `json` code block"),
    ("> quote\n>\n> ```\n> ```\n", 3, "Empty code block"),
])
def test_flags_an_empty_block(text: str, line: int, message: str) -> None:
    [finding] = check(text)
    assert (finding.rule, finding.severity, finding.line) == ("empty-code-block", "warning", line)
    assert finding.message.startswith(message)
    # The finding spans the block from its opening fence to its closing one.
    span = text[finding.start:finding.end].split("\n")
    assert span[0] == text.splitlines()[line - 1].lstrip(" >")
    closing = span[-1].lstrip(" >")
    assert len(span) > 1 and len(closing) >= 3 and set(closing) == {span[0][0]}


@pytest.mark.parametrize("text", [
    "```\n0\n```\n",  # content that is falsy is still content
    "```json\n{}\n```\n",
    "A\n\n    indented code\n",
    "A\n\n```\n",  # a fence never closed runs to the end: it is not "empty"
    "A\n\n```\n\n\n\n",  # ... even when only blank lines follow it
    "- a\n- ```\n- b\n",  # unclosed inside a list item: it ends with the item
    "Text with ``` inline ``` backticks.\n",
    "No code at all.\n",
])
def test_leaves_alone(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("A\n\n```\n```\n\nB\n", "A\n\nB\n"),
    ("```\n```\n\nB\n", "B\n"),
    ("A\n\n```\n```\n", "A\n"),
    ("A\n\n```\n```", "A"),
    ("# Title\n```sh\n```\n\nB\n", "# Title\n\nB\n"),
    ("- a\n- ```\n  ```\n- c\n", "- a\n- c\n"),  # the item holding only the block goes with it
    ("- a\n\n  ```\n  ```\n\n- c\n", "- a\n\n- c\n"),
    ("> quote\n>\n> ```\n> ```\n", "> quote\n"),
    ("> ```\n> ```\n\nAfter\n", "After\n"),
    ("1. a\n\n   ```\n   ```\n2. b\n", "1. a\n\n2. b\n"),  # the blank line keeps the list loose
])
def test_fix_removes_the_block_and_one_blank_line(text: str, expected: str) -> None:
    for source, want in ((text, expected),
                         ("\ufeff" + text.replace("\n", "\r\n"), "\ufeff" + expected.replace("\n", "\r\n"))):
        [finding] = check(source)
        assert finding.fix is not None and finding.fix.is_safe() and finding.fix.guard_structure
        assert apply(source, finding.fix.edits) == want
        assert check(want) == []


@pytest.mark.parametrize(("text", "reason"), [
    ("- a\n\n```\n```\n\n- b\n", "the lists before and after it would merge into one list"),
    ("A\n```\n```\nB\n", "would run together"),
    ("- ```\n  ```\n  text\n", "shares its first line with the marker"),
])
def test_no_fix_when_the_structure_around_would_change(text: str, reason: str) -> None:
    [finding] = check(text)
    assert finding.fix is None
    assert "(no safe fix: " in finding.message and reason in finding.message


def test_documentation_follows_the_rule_page_layout() -> None:
    doc = EmptyCodeBlock.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert "safe" in doc.split("## Fix", 1)[1]


def test_corpus_has_no_empty_code_block() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    doc = parse(text, "notes/aws-notes.md")
    assert len(list(doc.iter_blocks("code"))) == 20
    assert list(EmptyCodeBlock().check(doc, RuleContext())) == []


def test_corpus_with_an_empty_fence_pasted_in_is_restored_byte_for_byte() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    at = text.index("\n\n", text.index("Yes. Using VPC Peering.")) + 2
    broken = text[:at] + "```json\n```\n\n" + text[at:]
    crlf = "\ufeff" + broken.replace("\n", "\r\n"), "\ufeff" + text.replace("\n", "\r\n")
    for source, original in ((broken, text), crlf):
        [finding] = list(EmptyCodeBlock().check(parse(source, "notes/aws-notes.md"), RuleContext()))
        assert finding.line == 142 and finding.message == "Empty `json` code block"
        assert finding.fix is not None
        assert apply(source, finding.fix.edits) == original
