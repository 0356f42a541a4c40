"""Reporters: text with source lines and carets, JSON with exact keys, GitHub annotations, statistics."""

from __future__ import annotations

import io
import json
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixers.edit import Edit, Fix
from lint.config import Config
from lint.document import BOM, Document
from lint.engine import Engine
from lint.finding import SEVERITIES, Finding, Severity
from lint.parser import parse
from lint.reporters import FORMATS, Source, SourceText, escape_data, escape_property, report, write_statistics
from lint.source import read_source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"

TEXT = "# Encrytion at rest\n\nKMS keys are regional.\n"
JSON_KEYS = {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "fix"}


def finding(doc: Document, start: int, end: int, rule: str = "typo", message: str = "msg",
            severity: Severity = "warning", fix: Fix | None = None) -> Finding:
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return Finding(rule=rule, severity=severity, message=message, path=doc.path, start=start, end=end,
                   line=line, column=column, end_line=end_line, end_column=end_column, fix=fix,
                   fingerprint=doc.text[start:end])


def render(findings: Sequence[Finding], fmt: str, sources: Mapping[str, Source] | None = None,
           color: bool = False) -> str:
    out = io.StringIO()
    report(findings, fmt, out, sources=sources, color=color)
    return out.getvalue()


@pytest.fixture
def doc() -> Document:
    return parse(TEXT, "notes/aws.md")


@pytest.fixture
def typo(doc: Document) -> Finding:
    start = TEXT.index("Encrytion")
    fix = Fix((Edit(start, start + 9, "Encryption"),), "safe", "Replace with `Encryption`")
    return finding(doc, start, start + 9, message="`Encrytion` is misspelled; did you mean `Encryption`?",
                   fix=fix)


# -- text ------------------------------------------------------------------------------------


def test_text_shows_location_source_line_carets_and_summary(doc: Document, typo: Finding) -> None:
    assert render([typo], "text", {doc.path: TEXT}) == (
        "notes/aws.md:1:3: typo `Encrytion` is misspelled; did you mean `Encryption`?\n"
        "1 | # Encrytion at rest\n"
        "  |   ^^^^^^^^^\n"
        "\n"
        "Found 1 finding (1 fixable with `notelint fix`).\n"
    )


def test_text_without_sources_has_no_snippet(doc: Document, typo: Finding) -> None:
    other = finding(doc, TEXT.index("KMS"), TEXT.index("KMS") + 3, rule="empty-code-block",
                    message="m", severity="error")
    assert render([other, typo], "text") == (
        "notes/aws.md:1:3: typo `Encrytion` is misspelled; did you mean `Encryption`?\n"
        "notes/aws.md:3:1: empty-code-block m\n"
        "Found 2 findings (1 fixable with `notelint fix`).\n"
    )


def test_text_counts_unsafe_fixes_apart(doc: Document) -> None:
    unsafe = Fix((Edit(0, 1, ""),), "unsafe")
    findings = [finding(doc, 0, 1, fix=unsafe), finding(doc, 2, 3, rule="x")]
    assert render(findings, "text").splitlines()[-2:] == [
        "Found 2 findings.",
        "1 more fixable with `notelint fix --unsafe-fixes`.",
    ]


def test_text_when_clean() -> None:
    assert render([], "text") == "All checks passed!\n"


def test_text_summary_counts_files_that_could_not_be_checked() -> None:
    out = io.StringIO()
    report([], "text", out, errors=2)
    assert out.getvalue() == "2 errors (reported above): not every file was checked.\n"
    doc = parse("Encrytion\n", "a.md")
    out = io.StringIO()
    report([finding(doc, 0, 9)], "text", out, errors=1)
    assert out.getvalue().splitlines()[-2:] == [
        "Found 1 finding.", "1 error (reported above): not every file was checked."]


def test_text_multi_line_finding_underlines_to_the_end_of_its_first_line() -> None:
    text = "```json\n{\n```\n"
    doc = parse(text, "a.md")
    lines = render([finding(doc, 0, len(text) - 1, rule="broken-json")], "text", {"a.md": text}).splitlines()
    assert lines[1:3] == ["1 | ```json", "  | ^^^^^^^"]


def test_text_zero_width_finding_gets_one_caret() -> None:
    doc = parse("abc\n", "a.md")
    lines = render([finding(doc, 3, 3)], "text", {"a.md": "abc\n"}).splitlines()
    assert lines[1:3] == ["1 | abc", "  |    ^"]


def test_text_aligns_carets_after_a_bom_tabs_and_wide_characters() -> None:
    text = "\ufeff\t日本 Encrytion\n"
    doc = parse(text, "a.md")
    start = text.index("Encrytion")
    f = finding(doc, start, start + 9)
    assert (f.line, f.column) == (1, 5)
    lines = render([f], "text", {"a.md": text}).splitlines()
    assert lines[1] == "1 | \t日本 Encrytion"
    assert lines[2] == "  | \t     ^^^^^^^^^"


def test_text_gutter_widens_with_the_line_number() -> None:
    text = "x\n" * 11 + "bad\n"
    doc = parse(text, "a.md")
    lines = render([finding(doc, 22, 25)], "text", {"a.md": text}).splitlines()
    assert lines[1:3] == ["12 | bad", "   | ^^^"]


def test_text_color_marks_rule_and_carets_by_severity(doc: Document, typo: Finding) -> None:
    err = finding(doc, TEXT.index("KMS"), TEXT.index("KMS") + 3, rule="broken-json", severity="error")
    out = render([typo, err], "text", {doc.path: TEXT}, color=True)
    assert "\x1b[1;33mtypo\x1b[0m" in out
    assert "\x1b[1;31mbroken-json\x1b[0m" in out
    assert "\x1b[1;31m^^^\x1b[0m" in out
    assert "\x1b" not in render([typo, err], "text", {doc.path: TEXT})


def _typos(text: str, path: str = "a.md") -> list[Finding]:
    """The typo findings of the real engine on ``text``."""
    config = Config(root=ROOT, select=["typo"])
    return Engine(config).check([parse(text, path)])


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_text_shows_the_right_source_line_whatever_the_line_endings(newline: str) -> None:
    text = newline.join(["# Notes", "", "RDS Encrytion at rest", "", "KMS Encrytion too", ""])
    findings = _typos(text)
    assert [(f.line, f.column) for f in findings] == [(3, 5), (5, 5)]
    lines = render(findings, "text", {"a.md": text}).splitlines()
    assert lines[:8] == [
        "a.md:3:5: typo `Encrytion` is misspelled; did you mean `Encryption`?",
        "3 | RDS Encrytion at rest",
        "  |     ^^^^^^^^^",
        "",
        "a.md:5:5: typo `Encrytion` is misspelled; did you mean `Encryption`?",
        "5 | KMS Encrytion too",
        "  |     ^^^^^^^^^",
        "",
    ]


def test_text_shows_a_bom_crlf_file_from_its_text() -> None:
    text = BOM + "Encrytion first\r\n\r\nthen Encrytion\r\n"
    findings = _typos(text)
    assert [(f.line, f.column) for f in findings] == [(1, 1), (3, 6)]
    out = render(findings, "text", {"a.md": text})
    assert BOM not in out and "\r" not in out
    lines = out.splitlines()
    assert lines[1:3] == ["1 | Encrytion first", "  | ^^^^^^^^^"]
    assert lines[5:7] == ["3 | then Encrytion", "  |      ^^^^^^^^^"]


def test_text_accepts_documents_while_callers_move_to_texts(doc: Document, typo: Finding) -> None:
    assert render([typo], "text", {doc.path: doc}) == render([typo], "text", {doc.path: TEXT})
    assert "1 | # Encrytion at rest" in render([typo], "text", {doc.path: doc})


class _Untouchable:
    """A source that fails when read: only files with findings may be read."""

    @property
    def text(self) -> str:
        raise AssertionError("the text of a file without findings was read")


def test_text_reads_only_the_sources_of_files_with_findings(doc: Document, typo: Finding) -> None:
    out = render([typo], "text", {doc.path: TEXT, "other.md": _Untouchable()})
    assert "1 | # Encrytion at rest" in out


def test_a_file_line_index_is_built_once() -> None:
    src = SourceText("a\nb\n")
    assert src.line_starts is src.line_starts == [0, 2]


def test_source_text_positions_agree_with_the_document() -> None:
    text = BOM + "é\t日本\r\nx\ry\n\r\n\nlast"
    doc = parse(text, "a.md")
    src = SourceText(text)
    assert src.line_starts == doc.line_starts
    for offset in range(len(text) + 1):
        assert src.position(offset) == doc.position(offset), offset
    for line in range(1, len(doc.line_starts) + 1):
        assert src.line_text(line) == doc.line_text(line).removeprefix(BOM)


# -- json ------------------------------------------------------------------------------------


def test_json_is_a_list_with_exact_keys(doc: Document, typo: Finding) -> None:
    plain = finding(doc, TEXT.index("KMS"), TEXT.index("KMS") + 3, rule="broken-json", severity="error")
    data = json.loads(render([plain, typo], "json"))
    assert isinstance(data, list) and len(data) == 2
    assert all(set(item) == JSON_KEYS for item in data)
    first, second = data
    assert first == {"path": "notes/aws.md", "line": 1, "column": 3, "end_line": 1, "end_column": 12,
                     "rule": "typo", "severity": "warning",
                     "message": "`Encrytion` is misspelled; did you mean `Encryption`?",
                     "fix": first["fix"]}
    assert first["fix"]["applicability"] == "safe"
    assert first["fix"]["edits"] == [{"start": 2, "end": 11, "replacement": "Encryption"}]
    assert second["fix"] is None and second["rule"] == "broken-json" and second["severity"] == "error"


def test_json_when_clean_is_an_empty_list() -> None:
    assert json.loads(render([], "json")) == []


def test_json_keeps_unicode_readable(doc: Document) -> None:
    out = render([finding(doc, 0, 1, message="“N. Vergina” → “N. Virginia”")], "json")
    assert "“N. Vergina” → “N. Virginia”" in out
    assert json.loads(out)[0]["message"] == "“N. Vergina” → “N. Virginia”"


# -- github ----------------------------------------------------------------------------------


def test_github_annotation_per_severity(doc: Document) -> None:
    findings = [finding(doc, 2, 11, severity="error", rule="broken-json", message="bad"),
                finding(doc, 21, 24, severity="warning", rule="typo", message="meh"),
                finding(doc, 25, 29, severity="info", rule="duplicate-paragraph", message="fyi")]
    assert render(findings, "github").splitlines() == [
        "::error file=notes/aws.md,line=1,col=3,endLine=1,endColumn=12,title=notelint (broken-json)::bad",
        "::warning file=notes/aws.md,line=3,col=1,endLine=3,endColumn=4,title=notelint (typo)::meh",
        "::notice file=notes/aws.md,line=3,col=5,endLine=3,endColumn=9,"
        "title=notelint (duplicate-paragraph)::fyi",
    ]


def test_github_escapes_message_and_properties() -> None:
    doc = parse("text\n", "dir,with:odd%chars.md")
    f = finding(doc, 0, 4, message="100% broken:\r\nsee line 2, col 3")
    [line] = render([f], "github").splitlines()
    assert line == ("::warning file=dir%2Cwith%3Aodd%25chars.md,line=1,col=1,endLine=1,endColumn=5,"
                    "title=notelint (typo)::100%25 broken:%0D%0Asee line 2, col 3")


def test_github_escape_functions() -> None:
    assert escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


def test_github_multi_line_finding_has_no_columns() -> None:
    text = "```json\n{\n```\n"
    doc = parse(text, "a.md")
    multi = finding(doc, 0, len(text) - 1, rule="broken-json", severity="error")
    [line] = render([multi], "github").splitlines()
    assert line == "::error file=a.md,line=1,endLine=3,title=notelint (broken-json)::msg"


def test_github_when_clean_prints_nothing() -> None:
    assert render([], "github") == ""


# -- all formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_order_is_path_line_column_rule_whatever_the_input_order(fmt: str) -> None:
    a = parse("one two\nthree\n", "a.md")
    b = parse("x\n", "b.md")
    findings = [finding(b, 0, 1, rule="z"), finding(a, 8, 13, rule="b"), finding(a, 4, 7, rule="b"),
                finding(a, 0, 3, rule="y"), finding(a, 0, 3, rule="x")]
    expected = [("a.md", 1, 1, "x"), ("a.md", 1, 1, "y"), ("a.md", 1, 5, "b"), ("a.md", 2, 1, "b"),
                ("b.md", 1, 1, "z")]
    texts = {"a.md": a.text, "b.md": b.text}
    once = render(findings, fmt, texts)
    assert render(list(reversed(findings)), fmt, texts) == once
    if fmt == "json":
        got = [(d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(once)]
    elif fmt == "github":
        got = [(ln.split("file=")[1].split(",")[0], int(ln.split("line=")[1].split(",")[0]),
                int(ln.split("col=")[1].split(",")[0]), ln.split("(")[1].split(")")[0])
               for ln in once.splitlines()]
    elif fmt == "sarif":
        got = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"])
               for r in json.loads(once)["runs"][0]["results"]]
    else:
        heads = [ln for ln in once.splitlines() if ln.startswith(("a.md:", "b.md:"))]
        got = [(h.split(":")[0], int(h.split(":")[1]), int(h.split(":")[2]), h.split()[1]) for h in heads]
    assert got == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render([], "xml")


def test_formats_for_the_command_line() -> None:
    assert FORMATS == ("text", "json", "github", "sarif")


# -- statistics ------------------------------------------------------------------------------


def statistics(findings: Sequence[Finding]) -> str:
    out = io.StringIO()
    write_statistics(findings, out)
    return out.getvalue()


def test_statistics_count_the_corpus_findings_per_rule() -> None:
    text = read_source(CORPUS)
    findings = Engine(Config(root=ROOT)).check([parse(text, "notes/aws-notes.md")])
    lines = statistics(findings).splitlines()
    assert lines[0].split() == ["count", "rule", "severity", "fixable"]
    rows = [line.split() for line in lines[1:-1]]
    counts = Counter(f.rule for f in findings)
    safe = Counter(f.rule for f in findings if f.fix is not None and f.fix.is_safe())
    seen = {(f.rule, f.severity) for f in findings}
    severity = {rule: "/".join(s for s in SEVERITIES if (rule, s) in seen) for rule in counts}
    assert "/" in severity["broken-json"]  # the corpus has a rule whose findings mix severities
    assert {row[1]: int(row[0]) for row in rows} == counts
    assert {row[1]: int(row[3]) for row in rows} == {rule: safe[rule] for rule in counts}
    assert {row[1]: row[2] for row in rows} == severity
    assert [(int(row[0]), row[1]) for row in rows] == sorted(((n, r) for r, n in counts.items()),
                                                             key=lambda item: (-item[0], item[1]))
    assert lines[-1].split() == [str(len(findings)), "total", str(sum(safe.values()))]
    assert len({len(line) for line in lines[1:-1] if line.endswith(tuple("0123456789"))}) == 1


def test_statistics_table_is_aligned(doc: Document, typo: Finding) -> None:
    unsafe = Fix((Edit(0, 1, ""),), "unsafe")
    findings = [
        finding(doc, 21, 24, rule="broken-json", severity="error"),
        typo,
        finding(doc, 25, 29, rule="typo", fix=unsafe),
        finding(doc, 0, 1, rule="near-duplicate", severity="info"),
        finding(doc, 2, 3, rule="near-duplicate", severity="warning"),
    ]
    assert statistics(findings) == (
        "count  rule            severity      fixable\n"
        "    2  near-duplicate  warning/info        0\n"
        "    2  typo            warning             1\n"
        "    1  broken-json     error               0\n"
        "    5  total                               1\n"
    )


def test_statistics_when_clean() -> None:
    assert statistics([]) == "All checks passed!\n"


def test_a_long_line_is_shown_as_a_window_around_the_finding() -> None:
    text = "word " * 20_000 + "Encrytion " + "word " * 20_000 + "\n"
    start = text.index("Encrytion")
    doc = parse(text, "long.md")
    finding = Finding("typo", "warning", "Encrytion: Encryption", "long.md", start, start + 9,
                      *doc.position(start), *doc.position(start + 9))
    out = io.StringIO()
    report([finding], "text", out, sources={"long.md": text})
    source_line, carets = out.getvalue().splitlines()[1:3]
    assert len(source_line) < 220 and source_line.count("…") == 2
    # The carets still sit under the word in the window.
    column = carets.index("^")
    assert source_line[column:column + 9] == "Encrytion" and carets.count("^") == 9


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_the_ascii_fast_path_matches_the_per_character_rules(text: str) -> None:
    from lint import reporters

    assert reporters._visible(text) == "".join(
        c if c == "\t" or unicodedata.category(c) != "Cc" else "\ufffd" for c in text)
    assert reporters._indent(text) == "".join("\t" if c == "\t" else " " * reporters._char_width(c)
                                              for c in text)
    assert reporters._width(text) == sum(1 if c == "\t" else reporters._char_width(c) for c in text)


# -- the snippet's display helpers agree with their per-character definitions --------------------

def _cells(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


# ASCII and its controls, tabs, C1 controls, accents, combining marks, wide and zero-width text.
DISPLAY_TEXT = st.text(st.sampled_from("a \t\x00\x1b\x7f\x85\x9féü\u0301日本\u200b\ufeff’—x"), max_size=30)


@given(DISPLAY_TEXT)
def test_visible_indent_and_width_are_their_per_character_definitions(text: str) -> None:
    from lint import reporters

    assert reporters._visible(text) == "".join(
        c if c == "\t" or unicodedata.category(c) != "Cc" else "\ufffd" for c in text)
    assert reporters._indent(text) == "".join("\t" if c == "\t" else " " * _cells(c) for c in text)
    assert reporters._width(text) == sum(1 if c == "\t" else _cells(c) for c in text)
