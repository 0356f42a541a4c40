"""broken-json: fenced ```json blocks that do not parse, located in the notes file."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.broken_json import BrokenJson

CORPUS = Path(__file__).resolve().parent.parent / "notes" / "aws-notes.md"


def check(text: str) -> list[Finding]:
    return list(BrokenJson().check(parse(text, "notes.md"), RuleContext()))


def only(text: str) -> Finding:
    findings = check(text)
    assert len(findings) == 1, findings
    return findings[0]


def test_top_level_trailing_comma() -> None:
    text = '# IAM\n\n```json\n{\n  "Effect": "Allow",\n  "Action": ["s3:GetObject",],\n}\n```\n'
    finding = only(text)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (6, 28, 6, 29)
    assert text[finding.start:finding.end] == ","
    assert finding.message == "invalid JSON: trailing comma before ']'"
    assert finding.rule == "broken-json" and finding.severity == "error" and finding.fix is None


def test_inside_a_list_item() -> None:
    text = '# Notes\n\n- A policy:\n\n  ```json\n  {"a": 1,\n   "b": 2,}\n  ```\n- next\n'
    finding = only(text)
    assert (finding.line, finding.column) == (7, 10)
    assert text[finding.start:finding.end] == ","


def test_in_a_nested_list_and_a_quote() -> None:
    nested = '1. one\n   - two\n\n     ```json\n     {"a": [1 2]}\n     ```\n'
    finding = only(nested)
    assert (finding.line, finding.column) == (5, 15)
    assert finding.message == "invalid JSON: missing comma before 2"
    quoted = '> ```json\n> {"a": [1 2]}\n> ```\n'
    assert (only(quoted).line, only(quoted).column) == (2, 12)


def test_crlf_file_with_bom() -> None:
    text = '\ufeff# Policy\r\n\r\n```json\r\n{"Version": "2012-10-17",\r\n "Statement" []}\r\n```\r\n'
    finding = only(text)
    assert (finding.line, finding.column, finding.end_column) == (5, 14, 15)
    assert text[finding.start:finding.end] == "["
    assert finding.message == "invalid JSON: missing ':' after the key \"Statement\""


def test_indented_fence_and_tilde_fence_with_attributes() -> None:
    assert (only('  ```json\n  [1,\n    2,]\n  ```\n').column) == 6
    finding = only('~~~JSON title="policy.json"\n[1,]\n~~~\n')
    assert (finding.line, finding.column) == (2, 3)


def test_related_place_is_given_in_file_coordinates() -> None:
    text = 'Intro\n\n- item\n\n  ```json\n  {\n    "Sid": "a",\n    "Sid": "b"\n  }\n  ```\n'
    finding = only(text)
    assert (finding.line, finding.column) == (8, 5)
    assert finding.message == 'invalid JSON: duplicate key "Sid" (first defined at line 7, column 5)'
    truncated = '# T\n\n```json\n{"Statement": [\n  {"Effect": "Allow"}\n```\n'
    finding = only(truncated)
    assert "2 brackets still open" in finding.message
    assert finding.message.endswith("the innermost '[' (truncated?) (opened at line 4, column 15)")


def test_nan_and_comments_and_fragments_are_errors() -> None:
    assert "NaN" in only('```json\n{"a": NaN}\n```\n').message
    assert "comments are not allowed" in only('```json\n{"a": 1 // one\n}\n```\n').message
    assert "fragment" in only('```json\n"Effect": "Allow",\n"Action": "s3:*"\n```\n').message


def test_unclosed_fence_is_checked_and_says_so() -> None:
    finding = only('text\n\n```json\n{"a": 1}\n\nmore prose\n')
    assert (finding.line, finding.column) == (6, 1)
    assert "the fence is never closed" in finding.message


@pytest.mark.parametrize("text", [
    '```json\n{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}\n```\n',
    '```json\n[\n  1,\n  2\n]\n```\n',
    '- item\n\n  ```json\n  {"a": {"b": [true, false, null]}}\n  ```\n',
    '```jsonc\n{"a": 1, // comments are fine here\n}\n```\n',
    '```json5\n{a: 1,}\n```\n',
    '```js\n{a: 1,}\n```\n',
    '```\n{"a": 1,}\n```\n',
    '    {"a": 1,}\n',  # indented code: unfenced-code's business, not this rule's
    '```json\n```\n',  # empty: empty-code-block's business
    '```json\n   \n```\n',
    'Inline `{"a": 1,}` code.\n',
])
def test_not_flagged(text: str) -> None:
    assert check(text) == []


def test_5000_deep_json_gives_a_finding_not_an_exception() -> None:
    finding = only("```json\n" + "[" * 5000 + "\n```\n")
    assert (finding.line, finding.column) == (2, 257)
    assert "nested more than 256 levels deep" in finding.message


def test_each_block_is_reported() -> None:
    findings = check('```json\n[1,]\n```\n\ntext\n\n```json\n{"ok": 1}\n```\n\n```json\n{,}\n```\n')
    assert [(f.line, f.column) for f in findings] == [(2, 3), (12, 2)]


def test_registered_with_documentation() -> None:
    assert all_rules()["broken-json"] is BrokenJson
    doc = BrokenJson.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert "jsonc" in doc


def test_corpus_has_no_fenced_json_and_no_false_positive() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    code = [b for b in doc.blocks if b.kind == "code"]
    # Today every snippet in the notes lost its fence: 20 indented code blocks, none fenced.
    assert len(code) == 20
    assert all(b.style == "indent" and b.info is None for b in code)
    assert list(BrokenJson().check(doc, RuleContext())) == []


def test_corpus_json_would_be_flagged_once_fenced() -> None:
    # The rule is not vacuous on real content: fence the corpus's Lambda proxy response snippet
    # (lines 1025-1029, which lost its braces) and it is reported where the damage is.
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    snippet = [line[4:] for line in lines[1024:1029]]
    assert snippet[0] == '"isBase64Encoded": true|false,'
    text = "```json\n" + "\n".join(snippet) + "\n```\n"
    finding = only(text)
    assert (finding.line, finding.column) == (2, 18)
    assert "fragment" in finding.message


def test_documented_example_is_flagged_where_the_docs_say() -> None:
    doc = BrokenJson.documentation()
    bad, good = (part.split("````")[0] for part in doc.split("````markdown\n")[1:])
    finding = only(bad)
    assert (finding.line, finding.column) == (4, 28)  # "the comma on line 4"
    assert finding.message == "invalid JSON: trailing comma before ']'"
    assert "is reported as `trailing comma before ']'` at the comma on line 4" in doc
    assert check(good) == []
