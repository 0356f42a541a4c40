"""Inline suppression pragmas: each form, code is not a pragma, and unused-suppression reports."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import lint.rules
from fixers.edit import Fix
from lint.document import Document
from lint.finding import Finding
from lint.parser import parse
from lint.registry import _RULES, Rule, RuleContext, all_rules, register
from lint.suppressions import filter_findings, parse_pragmas

UNUSED = "unused-suppression"


def load_every_rule() -> None:
    """Import every module of ``lint.rules``. ``all_rules()`` loads the package only while the
    registry is empty, and other test modules import single rule modules at collection time."""
    for info in pkgutil.iter_modules(lint.rules.__path__):
        importlib.import_module(f"lint.rules.{info.name}")


class _Word(Rule):
    word = ""

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for m in re.finditer(rf"\b{self.word}\b", doc.text):
            yield self.finding(doc, m.start(), m.end(), f"{self.word} found")


@pytest.fixture(autouse=True)
def rules() -> Iterator[None]:
    """Two dummy rules: ``bad-word`` flags BAD and ``worse-word`` flags WORSE."""
    load_every_rule()  # the real rules first, so the registry is not left holding only dummies

    class Bad(_Word):
        id = "bad-word"
        word = "BAD"

    class Worse(_Word):
        id = "worse-word"
        word = "WORSE"

    register(Bad)
    register(Worse)
    try:
        yield
    finally:
        del _RULES["bad-word"], _RULES["worse-word"]


DUMMIES = ("bad-word", "worse-word")


def check(text: str, enabled: Sequence[str] | None = None, path: str = "a.md") -> list[Finding]:
    """Run the dummy rules and filter; ``enabled`` defaults to every registered rule."""
    enabled = list(all_rules()) if enabled is None else enabled
    doc = parse(text, path)
    raw = [f for rule_id in DUMMIES if rule_id in enabled
           for f in all_rules()[rule_id]().check(doc, RuleContext())]
    return sorted(filter_findings(doc, raw, enabled), key=Finding.sort_key)


def lines_of(findings: Sequence[Finding], rule: str) -> list[int]:
    return [f.line for f in findings if f.rule == rule]


def apply(text: str, fix: Fix) -> str:
    for edit in sorted(fix.edits, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


# -- disable-next-line -----------------------------------------------------------------------


def test_next_line_suppresses_only_the_next_line() -> None:
    text = "<!-- notelint-disable-next-line bad-word -->\nBAD here\nBAD there\n"
    found = check(text)
    assert lines_of(found, "bad-word") == [3]
    assert lines_of(found, UNUSED) == []


def test_next_line_skips_blank_lines() -> None:
    text = "# T\n\n<!-- notelint-disable-next-line bad-word -->\n\n\nBAD here\n\nBAD there\n"
    found = check(text)
    assert lines_of(found, "bad-word") == [8]
    assert lines_of(found, UNUSED) == []


def test_next_line_suppresses_only_the_named_rule() -> None:
    text = "<!-- notelint-disable-next-line bad-word -->\nBAD and WORSE\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [("worse-word", 2)]


def test_next_line_without_rule_suppresses_every_rule() -> None:
    text = "<!-- notelint-disable-next-line -->\nBAD and WORSE\nBAD\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [("bad-word", 3)]


def test_next_line_covers_the_whole_code_block_it_opens() -> None:
    text = "<!-- notelint-disable-next-line bad-word -->\n```json\n{\n  BAD\n}\n```\nBAD\n"
    found = check(text)
    assert lines_of(found, "bad-word") == [7]
    assert lines_of(found, UNUSED) == []


def test_trailing_comment_covers_the_following_line() -> None:
    text = "Intro text <!-- notelint-disable-next-line bad-word --> BAD\nBAD next\n"
    found = check(text)
    assert lines_of(found, "bad-word") == [1]


def test_next_line_at_end_of_file_is_unused() -> None:
    found = check("BAD\n<!-- notelint-disable-next-line bad-word -->\n")
    assert lines_of(found, "bad-word") == [1]
    assert lines_of(found, UNUSED) == [2]


# -- disable / enable ranges -----------------------------------------------------------------


def test_range_disables_until_enable() -> None:
    text = ("BAD 1\n\n<!-- notelint-disable bad-word -->\n\nBAD 2\n\n- BAD 3\n  - BAD 4\n\n"
            "<!-- notelint-enable bad-word -->\n\nBAD 5\n")
    found = check(text)
    assert lines_of(found, "bad-word") == [1, 12]
    assert lines_of(found, UNUSED) == []


def test_range_without_enable_runs_to_the_end_of_the_file() -> None:
    text = "BAD 1\n<!-- notelint-disable bad-word -->\nBAD 2\n\nBAD 3\n"
    assert lines_of(check(text), "bad-word") == [1]


def test_range_covers_text_after_the_comment_on_its_line_only() -> None:
    text = "BAD <!-- notelint-disable bad-word --> BAD\nBAD\n"
    found = check(text)
    assert [(f.line, f.column) for f in found] == [(1, 1)]


def test_disable_several_rules_with_commas_and_spaces() -> None:
    text = ("<!-- notelint-disable bad-word,  worse-word -->\nBAD WORSE\n"
            "<!-- notelint-enable worse-word -->\nBAD WORSE\n")
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [("worse-word", 4)]


def test_disable_all_then_enable_one_rule() -> None:
    text = ("<!-- notelint-disable -->\nBAD WORSE\n<!-- notelint-enable worse-word -->\nBAD WORSE\n"
            "<!-- notelint-enable -->\nBAD WORSE\n")
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [("worse-word", 4), ("bad-word", 6), ("worse-word", 6)]
    assert lines_of(found, UNUSED) == []


def test_enable_all_closes_named_ranges() -> None:
    text = "<!-- notelint-disable bad-word -->\nBAD\n<!-- notelint-enable -->\nBAD\n"
    assert lines_of(check(text), "bad-word") == [4]


# -- disable-file ----------------------------------------------------------------------------


def test_disable_file_suppresses_everything_everywhere() -> None:
    text = "BAD before\n\n<!-- notelint-disable-file -->\n\nBAD WORSE after\n"
    assert check(text) == []


def test_disable_file_with_ids_suppresses_only_those() -> None:
    text = "BAD WORSE\n\n<!-- notelint-disable-file worse-word -->\n\nBAD WORSE\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [("bad-word", 1), ("bad-word", 5)]


# -- code is not a pragma --------------------------------------------------------------------


def test_pragma_in_fenced_code_is_ignored() -> None:
    text = "```markdown\n<!-- notelint-disable-file -->\n```\n\nBAD\n"
    doc = parse(text, "a.md")
    assert parse_pragmas(doc) == []
    assert lines_of(check(text), "bad-word") == [5]
    assert lines_of(check(text), UNUSED) == []


def test_pragma_in_indented_code_and_in_a_code_span_is_ignored() -> None:
    text = ("Use `<!-- notelint-disable-file -->` to turn it all off.\n\n"
            "    <!-- notelint-disable-next-line bad-word -->\n    BAD in code\n\nBAD\n")
    assert parse_pragmas(parse(text, "a.md")) == []
    assert lines_of(check(text), "bad-word") == [4, 6]


def test_pragma_in_code_inside_a_list_is_ignored() -> None:
    text = "- item\n\n  ```md\n  <!-- notelint-disable bad-word -->\n  ```\n\nBAD\n"
    assert parse_pragmas(parse(text, "a.md")) == []
    assert lines_of(check(text), "bad-word") == [7]


def test_pragma_inside_a_list_item_counts() -> None:
    text = "- <!-- notelint-disable-next-line bad-word -->\n  BAD in the item\n- BAD again\n"
    assert lines_of(check(text), "bad-word") == [3]


def test_multi_line_comment_counts_from_its_last_line() -> None:
    text = "<!--\n  notelint-disable-next-line bad-word\n-->\nBAD\nBAD\n"
    assert lines_of(check(text), "bad-word") == [5]


# -- unused suppressions ---------------------------------------------------------------------


def test_unused_next_line_is_reported_on_the_rule_id_with_a_safe_fix() -> None:
    text = "# T\n\n<!-- notelint-disable-next-line bad-word -->\nall good\n"
    [finding] = check(text)
    assert finding.rule == UNUSED and finding.severity == "warning"
    assert (finding.line, finding.column, finding.end_column) == (3, 33, 41)
    assert "`bad-word`" in finding.message and "suppresses nothing" in finding.message
    assert finding.fix is not None and finding.fix.is_safe() and finding.fix.guard_structure
    fixed = apply(text, finding.fix)
    assert fixed == "# T\n\nall good\n"
    assert check(fixed) == []


def test_partly_unused_pragma_loses_only_the_stale_id() -> None:
    text = "<!-- notelint-disable-next-line worse-word, bad-word -->\nBAD\n"
    [finding] = check(text)
    assert finding.rule == UNUSED and "`worse-word`" in finding.message
    assert finding.fix is not None
    fixed = apply(text, finding.fix)
    assert fixed == "<!-- notelint-disable-next-line bad-word -->\nBAD\n"
    assert check(fixed) == []


def test_every_id_unused_removes_the_whole_pragma() -> None:
    text = "Text\n\n<!-- notelint-disable bad-word worse-word -->\nfine\n"
    found = check(text)
    assert [f.message.split("`")[3] for f in found] == ["bad-word", "worse-word"]
    for f in found:
        assert f.fix is not None
        assert apply(text, f.fix) == "Text\n\nfine\n"


@pytest.mark.parametrize("text", [
    "- a\n\n<!-- notelint-disable-next-line bad-word -->\n\n- b\n",  # two lists would become one
    "para\n<!-- notelint-disable-next-line bad-word -->\nnext\n",  # two paragraphs would join
    "- a\n<!-- notelint-disable-next-line bad-word -->\nnext\n",  # lazy continuation of the item
])
def test_no_fix_when_the_pragma_keeps_blocks_apart(text: str) -> None:
    before = [(b.kind, b.start_line) for b in parse(text, "a.md").blocks if b.kind != "html"]
    [finding] = check(text)
    assert finding.rule == UNUSED and finding.fix is None
    # The reason: without the comment line, the blocks around it parse differently.
    lines = text.splitlines(keepends=True)
    without = "".join(line for line in lines if "notelint" not in line)
    after = [(b.kind, b.start_line) for b in parse(without, "a.md").blocks]
    assert len(after) < len(before)


def test_inline_unused_pragma_removal_keeps_the_text_around_it() -> None:
    text = "Some text <!-- notelint-disable-next-line bad-word -->\nmore text\n"
    [finding] = check(text)
    assert finding.fix is not None
    assert apply(text, finding.fix) == "Some text\nmore text\n"


@pytest.mark.parametrize(("text", "fixed"), [
    ("- <!-- notelint-disable-next-line bad-word --> item\n", "- item\n"),
    ("a <!-- notelint-disable bad-word --> b\n", "a b\n"),
    ("text\t<!-- notelint-disable bad-word -->\r\nmore\r\n", "text\r\nmore\r\n"),
])
def test_inline_pragma_removal(text: str, fixed: str) -> None:
    [finding] = check(text)
    assert finding.fix is not None
    assert apply(text, finding.fix) == fixed


def test_fix_keeps_crlf_and_bom() -> None:
    text = "\ufeff<!-- notelint-disable-file bad-word -->\r\nfine\r\n"
    [finding] = check(text)
    assert finding.fix is not None
    assert apply(text, finding.fix) == "\ufefffine\r\n"
    last = "fine\r\n<!-- notelint-disable bad-word -->"
    [finding] = check(last)
    assert finding.fix is not None
    assert apply(last, finding.fix) == "fine"


@pytest.mark.parametrize(("text", "fixed"), [
    ("para\n<!-- notelint-disable-file bad-word -->", "para"),
    ("para\n<!-- notelint-disable-file bad-word -->\n", "para\n"),
    ("para\n\n<!-- notelint-disable-file bad-word -->\n", "para\n"),
    ("para\r\n\r\n<!-- notelint-disable-file bad-word -->", "para"),
    ("<!-- notelint-disable-file bad-word -->\n\npara\n", "para\n"),
    ("a\n\n<!-- notelint-disable-file bad-word -->\n\nb\n", "a\n\nb\n"),
    ("<!-- notelint-disable-file bad-word -->", ""),
])
def test_removing_a_pragma_line_leaves_no_stray_blank_line(text: str, fixed: str) -> None:
    [finding] = check(text)
    assert finding.fix is not None
    assert apply(text, finding.fix) == fixed


def test_unused_bare_pragma_is_reported_on_the_whole_comment() -> None:
    text = "<!-- notelint-disable-file -->\nfine\n"
    [finding] = check(text)
    assert (finding.line, finding.column, finding.end_column) == (1, 1, 31)
    assert finding.fix is not None and finding.fix.is_safe()


def test_unused_bare_pragma_fix_is_unsafe_when_not_every_rule_ran() -> None:
    text = "<!-- notelint-disable-next-line -->\nfine\n"
    [finding] = check(text, enabled=("bad-word", UNUSED))
    assert finding.fix is not None and not finding.fix.is_safe()


def test_pragma_for_a_rule_that_did_not_run_is_not_reported() -> None:
    text = "<!-- notelint-disable-next-line worse-word -->\nfine\n"
    assert check(text, enabled=("bad-word", UNUSED)) == []


def test_nothing_is_reported_when_unused_suppression_is_disabled() -> None:
    text = "<!-- notelint-disable-next-line worse-word, nope -->\nBAD\n<!-- notelint-disabel -->\n"
    found = check(text, enabled=DUMMIES)
    assert [(f.rule, f.line) for f in found] == [("bad-word", 2)]


def test_unknown_rule_id_is_reported_without_a_fix() -> None:
    text = "<!-- notelint-disable-next-line bad-word, bad-wrod -->\nBAD\n"
    [finding] = check(text)
    assert finding.message == "unknown rule `bad-wrod` in `notelint-disable-next-line`"
    assert (finding.column, finding.end_column) == (43, 51)
    assert finding.fix is None


def test_misspelt_pragma_is_reported() -> None:
    text = "<!-- notelint-disabel bad-word -->\nBAD\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [(UNUSED, 1), ("bad-word", 2)]
    assert "unknown pragma `notelint-disabel`" in found[0].message
    assert found[0].fix is None


def test_stray_enable_is_reported() -> None:
    text = "BAD\n<!-- notelint-enable bad-word -->\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [("bad-word", 1), (UNUSED, 2)]
    assert "was not disabled" in found[1].message
    fix = found[1].fix
    assert fix is not None and apply("BAD\n<!-- notelint-enable bad-word -->\n", fix) == "BAD\n"


def test_redundant_disable_is_reported() -> None:
    text = "<!-- notelint-disable bad-word -->\nBAD\n<!-- notelint-disable bad-word -->\nBAD\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [(UNUSED, 3)]


def test_most_specific_pragma_gets_the_credit() -> None:
    text = "<!-- notelint-disable -->\n<!-- notelint-disable-next-line bad-word -->\nBAD\n"
    found = check(text)
    assert [(f.rule, f.line) for f in found] == [(UNUSED, 1)]
    assert "`notelint-disable` suppresses nothing" in found[0].message


def test_naming_unused_suppression_keeps_a_stale_pragma_quietly() -> None:
    text = ("<!-- notelint-disable-next-line unused-suppression -->\n"
            "<!-- notelint-disable-next-line bad-word -->\nfine\n")
    assert check(text) == []


def test_stale_unused_suppression_pragma_is_reported() -> None:
    text = "<!-- notelint-disable-next-line unused-suppression -->\nfine\n"
    [finding] = check(text)
    assert finding.line == 1 and "`unused-suppression`" in finding.message
    assert finding.fix is not None and apply(text, finding.fix) == "fine\n"


def test_bare_pragma_does_not_hide_its_own_report() -> None:
    text = "<!-- notelint-disable-file -->\n\nfine\n"
    assert lines_of(check(text), UNUSED) == [1]


def test_findings_of_other_paths_pass_through() -> None:
    doc = parse("<!-- notelint-disable-file -->\nBAD\n", "a.md")
    other = parse("BAD\n", "b.md")
    mine = list(all_rules()["bad-word"]().check(doc, RuleContext()))
    theirs = list(all_rules()["bad-word"]().check(other, RuleContext()))
    assert filter_findings(doc, mine + theirs, ["bad-word", UNUSED]) == theirs


def test_finding_severity_comes_from_the_rule_class() -> None:
    # Imported through the registry: importing the rule module directly would register it alone
    # and stop all_rules() from loading the others.
    rule = all_rules()[UNUSED]
    assert rule.severity == "warning"
    [finding] = check("<!-- notelint-disable-next-line bad-word -->\nok\n")
    assert finding.severity == rule.severity


def test_rule_documentation_has_the_rule_page_sections() -> None:
    doc = all_rules()[UNUSED].documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert "safe" in doc.split("## Fix")[1]


def test_corpus_has_no_pragmas_and_passes_findings_through() -> None:
    corpus = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"
    text = corpus.read_text(encoding="utf-8")
    doc = parse(text, "notes/aws-notes.md")
    assert parse_pragmas(doc) == []
    raw = list(all_rules()["bad-word"]().check(doc, RuleContext()))
    assert filter_findings(doc, raw, ["bad-word", UNUSED]) == raw


def test_pragma_without_spaces_inside_the_comment() -> None:
    found = check("<!--notelint-disable-next-line bad-word-->\nBAD\nBAD\n")
    assert [(f.rule, f.line) for f in found] == [("bad-word", 3)]
    [pragma] = parse_pragmas(parse("<!--notelint-disable-file-->\n", "a.md"))
    assert pragma.action == "disable-file" and pragma.rules == ()
