"""broken-json: fenced ```json blocks that do not parse, located in the notes file."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixers.apply import apply_edits, fix_document
from lint.config import ConfigError
from lint.document import Document
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.broken_json import BrokenJson

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str, **options: object) -> list[Finding]:
    return list(BrokenJson().check(parse(text, "notes.md"), RuleContext(options=options)))


def only(text: str) -> Finding:
    findings = check(text)
    assert len(findings) == 1, findings
    return findings[0]


def test_top_level_trailing_comma() -> None:
    text = '# IAM\n\n```json\n{\n  "Effect": "Allow",\n  "Action": ["s3:GetObject",],\n}\n```\n'
    finding = only(text)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (6, 28, 6, 29)
    assert text[finding.start:finding.end] == ","
    assert finding.message == "invalid JSON (broken): trailing comma before ']'"
    assert finding.rule == "broken-json" and finding.severity == "error"
    assert finding.fix is not None and finding.fix.applicability == "safe"
    assert finding.fix.message == "Remove 2 trailing commas"
    fixed = apply_edits(text, finding.fix.edits)
    assert fixed == '# IAM\n\n```json\n{\n  "Effect": "Allow",\n  "Action": ["s3:GetObject"]\n}\n```\n'
    assert check(fixed) == []


def test_inside_a_list_item() -> None:
    text = '# Notes\n\n- A policy:\n\n  ```json\n  {"a": 1,\n   "b": 2,}\n  ```\n- next\n'
    finding = only(text)
    assert (finding.line, finding.column) == (7, 10)
    assert text[finding.start:finding.end] == ","


def test_in_a_nested_list_and_a_quote() -> None:
    nested = '1. one\n   - two\n\n     ```json\n     {"a": [1 2]}\n     ```\n'
    finding = only(nested)
    assert (finding.line, finding.column) == (5, 15)
    assert finding.message == "invalid JSON (broken): missing comma before 2"
    quoted = '> ```json\n> {"a": [1 2]}\n> ```\n'
    assert (only(quoted).line, only(quoted).column) == (2, 12)


def test_crlf_file_with_bom() -> None:
    text = '\ufeff# Policy\r\n\r\n```json\r\n{"Version": "2012-10-17",\r\n "Statement" []}\r\n```\r\n'
    finding = only(text)
    assert (finding.line, finding.column, finding.end_column) == (5, 14, 15)
    assert text[finding.start:finding.end] == "["
    assert finding.message == "invalid JSON (broken): missing ':' after the key \"Statement\""


def test_indented_fence_and_tilde_fence_with_attributes() -> None:
    assert (only('  ```json\n  [1,\n    2,]\n  ```\n').column) == 6
    finding = only('~~~JSON title="policy.json"\n[1,]\n~~~\n')
    assert (finding.line, finding.column) == (2, 3)


def test_related_place_is_given_in_file_coordinates() -> None:
    text = 'Intro\n\n- item\n\n  ```json\n  {\n    "Sid": "a",\n    "Sid": "b"\n  }\n  ```\n'
    finding = only(text)
    assert (finding.line, finding.column) == (8, 5)
    assert finding.message == 'invalid JSON (broken): duplicate key "Sid" (first defined at line 7, column 5)'
    truncated = '# T\n\n```json\n{"Statement": [\n  {"Effect": "Allow"}\n```\n'
    finding = only(truncated)
    assert finding.message.startswith("invalid JSON (truncated: its brace-only and bracket-only lines "
                                      "were lost): the JSON ends with 2 brackets still open")
    assert finding.message.endswith("the innermost '[' (truncated?) (opened at line 4, column 15)")


def test_nan_is_an_error_but_comments_and_fragments_are_info() -> None:
    nan = only('```json\n{"a": NaN}\n```\n')
    assert nan.severity == "error" and "NaN" in nan.message and nan.fix is None
    comment = only('```json\n{"a": 1 // one\n}\n```\n')
    assert comment.severity == "info" and comment.fix is None
    assert comment.message == ("not strict JSON (jsonc: parses once its comments are removed): "
                               "comments are not allowed in JSON (use a jsonc fence)")
    assert (comment.line, comment.column) == (2, 9)
    fragment = only('```json\n"Effect": "Allow",\n"Action": "s3:*"\n```\n')
    assert fragment.severity == "info" and fragment.fix is None
    assert fragment.message.startswith("not strict JSON (fragment: parses once it is wrapped in {}): ")
    assert (fragment.line, fragment.column) == (2, 9)


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
    '    {"a": 1,}\n',  # one line of indented code is not detected as JSON
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


def test_corpus_snippets_are_found_classified_and_fixable() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    # No snippet in the notes has a fence: the 11 JSON ones are found by detection.
    assert not any(b.kind == "code" and b.style == "fenced" for b in doc.blocks)
    findings = list(BrokenJson().check(doc, RuleContext()))
    found = {f.line: (f.severity, f.message.split(":")[0], f.fix.applicability if f.fix else None)
             for f in findings}
    truncated = ("error", "invalid JSON (truncated", "unsafe")
    assert found == {
        287: truncated, 301: truncated, 323: truncated, 402: truncated,
        501: ("info", "not strict JSON (fragment", None),  # a KMS key policy statement
        519: truncated,
        1025: ("error", "invalid JSON (broken, also fragment)", None),  # true|false, httpStatusCode
        1184: truncated, 1236: truncated, 1387: truncated, 2279: truncated,
    }
    # The 1017 prose line that starts with a member is not a snippet.
    assert doc.line_text(1017).startswith('"Effect": "Allow", "Action"')


def test_corpus_fix_with_unsafe_fixes_fences_valid_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`notelint fix --unsafe-fixes`: unfenced-code fences, this rule rebuilds, in separate passes."""
    from lint.cli import main
    from lint.snippets.json_check import check_json

    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "aws-notes.md"
    notes.write_text(CORPUS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".notelint.toml").write_text('select = ["broken-json", "unfenced-code"]\n')
    main(["fix", "--unsafe-fixes", "aws-notes.md"])
    fixed = parse(notes.read_text(encoding="utf-8"))
    fenced = [b for b in fixed.blocks if b.kind == "code" and b.language == "json"]
    valid = [b for b in fenced if check_json(b.text).ok]
    assert len(fenced) == 11 and len(valid) >= 8
    assert len(valid) == 9
    capsys.readouterr()
    before = notes.read_text(encoding="utf-8")
    main(["fix", "--unsafe-fixes", "aws-notes.md"])
    assert notes.read_text(encoding="utf-8") == before  # a second run changes nothing
    assert "Fixed 0 finding(s)" in capsys.readouterr().err


def test_detected_json_outside_fences_is_checked() -> None:
    paragraph = only('A policy:\n\n  "Version": "2012-10-17",\n  "Statement": [\n      "Effect": "Allow"\n')
    assert paragraph.message.startswith("invalid JSON (truncated")
    assert (paragraph.line, paragraph.column) == (5, 15)
    unlabelled = only('```\n{"a": 1,\n "b": 2,}\n```\n')
    assert unlabelled.message == "invalid JSON (broken): trailing comma before '}'"
    assert unlabelled.fix is not None and unlabelled.fix.applicability == "safe"


def test_corpus_json_would_be_flagged_once_fenced() -> None:
    # The rule is not vacuous on real content: fence the corpus's Lambda proxy response snippet
    # (lines 1025-1029, which lost its braces and holds placeholders for values) and it is
    # reported where the damage is.
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    snippet = [line[4:] for line in lines[1024:1029]]
    assert snippet[0] == '"isBase64Encoded": true|false,'
    text = "```json\n" + "\n".join(snippet) + "\n```\n"
    finding = only(text)
    assert (finding.line, finding.column) == (2, 24)
    assert finding.message == "invalid JSON (broken, also fragment): unexpected character '|'"
    assert finding.fix is None  # no value is invented for a placeholder


def test_documented_example_is_flagged_where_the_docs_say() -> None:
    doc = BrokenJson.documentation()
    bad, good = (part.split("````")[0] for part in doc.split("````markdown\n")[1:])
    finding = only(bad)
    assert (finding.line, finding.column) == (4, 28)  # "the comma on line 4"
    assert finding.message == "invalid JSON (broken): trailing comma before ']'"
    assert "is reported as `invalid JSON (broken): trailing comma before ']'` at the comma on line 4" in doc
    assert check(good) == []
    assert finding.fix is not None and apply_edits(bad, finding.fix.edits) == good


# --- classes, the allow option, fixes ---------------------------------------------------------

FRAGMENT = '```json\n"Effect": "Allow",\n"Action": "s3:GetObject"\n```\n'
JSONC = '```json\n{\n  "url": "https://example.com", // the default\n  "retries": 3\n}\n```\n'
ELIDED = '```json\n{"Statement": [{"Effect": "Allow"}, ...]}\n```\n'
FRAGMENT_WITH_COMMENT = '```json\n"Effect": "Allow", // only Allow grants\n"Action": "s3:*"\n```\n'
TRUNCATED = ('- Statement:\n\n  ```json\n  "Version": "2012-10-17",\n  "Statement": [\n'
             '      "Effect": "Allow",\n      "Action": [\n      "Resource": "*"\n  ```\n')


@pytest.mark.parametrize(("text", "label"), [
    (FRAGMENT, "fragment: parses once it is wrapped in {}"),
    (JSONC, "jsonc: parses once its comments are removed"),
    (ELIDED, "elided: parses once its '...' placeholders are taken out"),
    (FRAGMENT_WITH_COMMENT, "jsonc + fragment: parses once its comments are removed and it is wrapped in {}"),
])
def test_lenient_classes_are_info_naming_the_class(text: str, label: str) -> None:
    finding = only(text)
    assert finding.severity == "info" and finding.fix is None
    assert finding.message.startswith(f"not strict JSON ({label}): ")


def test_output_cut_with_dots_in_a_fence_without_a_language_is_an_excerpt() -> None:
    """`docker network inspect` output with its head cut (sjmillington's and BeautifulTovarisch's
    notes): in a fence without a language no one claimed it is JSON. A ```json fence does."""
    output = ('```\n ...\n  "Containers": {\n      "0ce3": {\n          "Name": "new_nginx",\n'
              '          "IPv4Address": "172.18.0.2/16"\n      }\n  },\n ...\n```\n')
    assert check(output) == []
    assert only(output.replace("```\n ...", "```json\n ...", 1)).severity == "info"
    broken = output.replace('"new_nginx",', '"new_nginx",,')
    assert only_error(check(broken))  # an error is an error in any fence


def test_allow_accepts_classes_outright() -> None:
    assert check(FRAGMENT, allow=["fragment"]) == []
    assert check(JSONC, allow=["fragment"])[0].severity == "info"
    # A combination is accepted only when each of its classes is.
    assert len(check(FRAGMENT_WITH_COMMENT, allow=["fragment"])) == 1
    assert check(FRAGMENT_WITH_COMMENT, allow=["fragment", "jsonc"]) == []
    assert check(ELIDED, allow=["elided"]) == []
    # Errors stay errors whatever is allowed.
    assert only_error(check(TRUNCATED, allow=["fragment", "jsonc", "elided"]))


def only_error(findings: list[Finding]) -> bool:
    return len(findings) == 1 and findings[0].severity == "error"


@pytest.mark.parametrize(("allow", "words"), [
    (["truncated"], "truncated is an error"),
    (["fragmnet"], "cannot accept 'fragmnet'"),
    ("jsonc, fragment", "cannot accept 'jsonc, fragment'"),
    (3, "expected a list of classes"),
])
def test_allow_refuses_what_it_cannot_accept(allow: object, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        check(FRAGMENT, allow=allow)


def test_allow_from_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    from lint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("# IAM\n\n" + FRAGMENT + "\n" + JSONC)
    (tmp_path / ".notelint.toml").write_text('select = ["broken-json"]\n')
    assert main(["check", "a.md"]) == 0  # info findings do not fail
    out = capsys.readouterr().out
    assert "a.md:4:9: broken-json" in out and "(fragment:" in out and "(jsonc:" in out
    config = 'select = ["broken-json"]\n[broken-json]\nallow = ["fragment"]\n'
    (tmp_path / ".notelint.toml").write_text(config)
    main(["check", "a.md"])
    out = capsys.readouterr().out
    assert "(fragment:" not in out and "(jsonc:" in out
    (tmp_path / ".notelint.toml").write_text('[broken-json]\nallow = ["broken"]\n')
    assert main(["check", "a.md"]) == 2
    assert "broken is an error" in capsys.readouterr().err


def test_truncated_gets_the_unsafe_rebuild() -> None:
    finding = only(TRUNCATED)
    assert finding.severity == "error" and (finding.line, finding.column) == (6, 15)
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert "needs review" in finding.fix.message
    fixed = apply_edits(TRUNCATED, finding.fix.edits)
    assert fixed == ('- Statement:\n\n  ```json\n  {\n  "Version": "2012-10-17",\n  "Statement": [\n'
                     '    {\n      "Effect": "Allow",\n      "Action": [],\n      "Resource": "*"\n'
                     '    }\n  ]\n  }\n  ```\n')
    assert check(fixed) == []


def test_no_fix_inside_a_fence_that_is_never_closed() -> None:
    finding = only('```json\n{"a": [1,]}\n')
    assert finding.fix is None and "never closed" in finding.message


def rule_check(doc: Document) -> list[Finding]:
    return list(BrokenJson().check(doc, RuleContext()))


@pytest.mark.parametrize("unsafe", [False, True])
def test_fixing_twice_changes_nothing_the_second_time(unsafe: bool) -> None:
    text = "# Notes\n\n" + "\n".join([
        "```json\n{'a': [1, 2,],}\n```\n", TRUNCATED, FRAGMENT, JSONC,
        '```json\n{"Effect": "Allow"\n "Action": "s3:*"}\n```\n'])
    first = fix_document(parse(text, "notes.md"), rule_check, unsafe=unsafe)
    assert first.changed and first.converged and not first.rejected
    assert len(first.fixed) == (3 if unsafe else 2)
    errors = [f for f in first.remaining if f.severity == "error"]
    assert len(errors) == (0 if unsafe else 1)
    second = fix_document(first.document, rule_check, unsafe=unsafe)
    assert not second.changed and second.converged and second.fixed == ()


def test_documented_rebuild_example_is_what_the_fix_does() -> None:
    section = BrokenJson.documentation().split("## Fix")[1]

    def example(part: str) -> str:
        """An indented example of the Fix section as the Markdown it shows."""
        lines = ["- " + part.split("\n")[0]]
        for line in part.split("\n")[1:]:
            if line and not line.startswith(" " * 6):
                break
            lines.append(line[6:])
        return "\n".join(lines).rstrip("\n") + "\n"

    before, after = (example(part) for part in section.split("\n\n      - ")[1:3])
    assert before.count("\n") == 10 and after.count("\n") == 17
    finding = only(before)  # the paragraph is detected as JSON
    assert finding.fix is not None
    assert apply_edits(before, finding.fix.edits) == after
