"""Applying fixes: span edits, passes to a fixed point, the structure guard, bytes kept.

The checks here are small toy rules that re-derive their findings from each re-parsed document,
as the engine's rules do: a typo rule, an empty-fence rule and a duplicate-paragraph rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixers.apply import FixResult, apply_edits, fix_document
from fixers.atomic import encode_text
from fixers.edit import Edit, Fix
from lint.document import Block, Document
from lint.finding import Finding
from lint.parser import parse

TYPOS = {"teh": "the", "recieve": "receive"}


def finding(doc: Document, rule: str, start: int, end: int, message: str, fix: Fix | None) -> Finding:
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return Finding(rule, "warning", message, doc.path, start, end, line, column, end_line, end_column, fix)


def correct(word: str) -> str | None:
    """The correction of a misspelled word in the word's case, or None."""
    right = TYPOS.get(word.lower())
    if right is None:
        return None
    return right.upper() if word.isupper() else right.capitalize() if word[0].isupper() else right


def typos(doc: Document) -> list[Finding]:
    """Misspelled words in paragraphs and headings; the fix keeps the word's case."""
    out = []
    for block in doc.iter_blocks("paragraph", "heading"):
        for m in re.finditer(r"[A-Za-z]+", block.text):
            right = correct(m.group())
            if right is None:
                continue
            start, end = doc.text_offset(block, m.start()), doc.text_offset(block, m.end())
            fix = Fix((Edit(start, end, right),), message=f"Replace with `{right}`")
            out.append(finding(doc, "typo", start, end, f"`{m.group()}` is misspelled", fix))
    return out


def shout(doc: Document) -> list[Finding]:
    """Words in capitals: lower-case them (its fix overlaps the typo fix of the same word)."""
    out = []
    for block in doc.iter_blocks("paragraph"):
        for m in re.finditer(r"\b[A-Z]{3,}\b", block.text):
            start, end = doc.text_offset(block, m.start()), doc.text_offset(block, m.end())
            fix = Fix((Edit(start, end, m.group().lower()),))
            out.append(finding(doc, "shout", start, end, "no shouting", fix))
    return out


def _whole_lines(doc: Document, block: Block) -> Edit:
    """Delete a block's lines and the blank line after them, terminators included."""
    start = doc.line_span(block.start_line)[0]
    last = block.end_line
    if last < len(doc.line_starts) and not doc.line_text(last + 1).strip():
        last += 1
    return Edit(start, doc.line_span(last)[1])


def empty_fences(doc: Document) -> list[Finding]:
    out = []
    for block in doc.iter_blocks("code"):
        if block.style == "fenced" and not block.text.strip():
            fix = Fix((_whole_lines(doc, block),), message="Remove the block", guard_structure=True)
            out.append(finding(doc, "empty-code-block", block.start, block.end, "empty code block", fix))
    return out


def duplicates(doc: Document, *, guard: bool = True) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for block in doc.iter_blocks("paragraph"):
        if block.depth:
            continue
        if block.text in seen:
            fix = Fix((_whole_lines(doc, block),), message="Delete the copy", guard_structure=guard)
            out.append(finding(doc, "duplicate", block.start, block.end, "repeated paragraph", fix))
        seen.add(block.text)
    return out


def checks(*rules: Callable[[Document], list[Finding]]) -> Callable[[Document], list[Finding]]:
    def check(doc: Document) -> list[Finding]:
        return sorted((f for rule in rules for f in rule(doc)), key=Finding.sort_key)

    return check


ALL = checks(typos, empty_fences, duplicates)


def fix(text: str, check: Callable[[Document], Sequence[Finding]] = ALL, *, unsafe: bool = False,
        max_passes: int = 10) -> FixResult:
    return fix_document(parse(text, "notes.md"), check, unsafe=unsafe, max_passes=max_passes)


# --- apply_edits -------------------------------------------------------------------------------


def test_apply_edits_left_to_right_on_the_original_offsets() -> None:
    text = "one two three"
    edits = [Edit(8, 13, "3"), Edit(0, 3, "1"), Edit(4, 4, "and ")]
    assert apply_edits(text, edits) == "1 and two 3"


def test_apply_edits_refuses_overlaps_and_spans_beyond_the_text() -> None:
    with pytest.raises(ValueError, match="overlap"):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])
    with pytest.raises(ValueError, match="overlap"):
        apply_edits("abcdef", [Edit(2, 2, "x"), Edit(2, 2, "y")])  # two insertions at one point
    with pytest.raises(ValueError, match="beyond"):
        apply_edits("abc", [Edit(1, 4, "x")])


def test_an_insertion_at_the_start_of_a_replacement_goes_first() -> None:
    assert apply_edits("abc", [Edit(1, 2, "B"), Edit(1, 1, "+")]) == "a+Bc"


# --- fixing documents --------------------------------------------------------------------------


def test_safe_fixes_apply_and_report_original_positions() -> None:
    text = "# Notes\n\nI recieve teh data.\n\n```\n```\n\nEnd.\n"
    result = fix(text)
    assert result.text == "# Notes\n\nI receive the data.\n\nEnd.\n"
    assert result.converged and result.passes == 1 and not result.rejected
    assert [(f.rule, f.line, f.column, f.end_column) for f in result.fixed] == [
        ("typo", 3, 3, 10), ("typo", 3, 11, 14), ("empty-code-block", 5, 1, 4)]
    assert not result.remaining


def test_positions_of_later_passes_map_back_to_the_original_text() -> None:
    # Pass 1 removes the fence above and lower-cases TEH; pass 2 fixes the "teh" that made.
    text = "```\n```\n\nSome TEH words.\n"
    result = fix(text, checks(typos, shout, empty_fences))
    assert result.text == "Some the words.\n"
    assert result.passes == 2
    by_rule = {(f.rule, f.pass_number): (f.line, f.column, f.end_column) for f in result.fixed}
    assert by_rule == {("empty-code-block", 1): (1, 1, 4), ("shout", 1): (4, 6, 9), ("typo", 2): (4, 6, 9)}


def test_overlapping_edits_wait_for_the_next_pass() -> None:
    seen: list[str] = []

    def check(doc: Document) -> list[Finding]:
        seen.append(doc.text)
        return ALL(doc) + shout(doc)

    result = fix("Read TEH text.\n", check)
    # "shout" and "typo" both want TEH: the first one in order goes, the other is derived again.
    assert seen == ["Read TEH text.\n", "Read teh text.\n", "Read the text.\n"]
    assert [(f.rule, f.pass_number) for f in result.fixed] == [("shout", 1), ("typo", 2)]
    assert result.converged and result.passes == 2


def test_overlap_deferral_holds_only_the_overlapping_fix() -> None:
    def check(doc: Document) -> list[Finding]:
        out = typos(doc)
        if "BIG" in doc.text:
            start = doc.text.index("BIG")
            whole, inner = Edit(start, start + 3, "big"), Edit(start + 1, start + 2, "i")
            out.append(finding(doc, "big", start, start + 3, "big", Fix((whole,))))
            out.append(finding(doc, "big2", start + 1, start + 2, "big", Fix((inner,))))
        return out

    result = fix("teh BIG teh\n", check)
    assert result.text == "the big the\n"
    assert [(f.rule, f.pass_number) for f in result.fixed] == [("typo", 1), ("big", 1), ("typo", 1)]
    assert result.passes == 1  # big2 waited, then vanished: "BIG" was gone


def test_a_second_run_changes_nothing() -> None:
    text = "Intro teh.\n\n```\n```\n\nIntro teh.\n\n- a\n- recieve\n\n```\n\n```\n\nEnd.\n"
    first = fix(text)
    assert first.changed and first.converged
    second = fix(first.text)
    assert second.text == first.text
    assert not second.fixed and second.passes == 0 and second.converged


def test_unsafe_fixes_apply_only_when_asked() -> None:
    def check(doc: Document) -> list[Finding]:
        i = doc.text.find("cant")
        if i < 0:
            return []
        return [finding(doc, "typo", i, i + 4, "cant", Fix((Edit(i, i + 4, "can't"),), "unsafe"))]

    assert fix("I cant.\n", check).text == "I cant.\n"
    assert fix("I cant.\n", check).converged  # nothing applicable: a fixed point
    assert fix("I cant.\n", check, unsafe=True).text == "I can't.\n"


# --- the structure guard -----------------------------------------------------------------------

MERGE = "Intro.\n\n- a\n- b\n\nIntro.\n\n- c\n- d\n"


def test_guard_rejects_a_deletion_that_would_merge_two_lists() -> None:
    result = fix(MERGE)
    assert result.text == MERGE  # deleting the copy would make one list of the two
    assert not result.fixed
    [rejected] = result.rejected
    assert (rejected.rule, rejected.line) == ("duplicate", 6)
    assert "structure guard" in rejected.reason
    assert result.converged  # nothing left to try: a fixed point, not a failure
    assert [f.rule for f in result.remaining] == ["duplicate"]  # still reported


def test_guard_checks_every_fix_not_only_flagged_ones() -> None:
    result = fix(MERGE, lambda doc: duplicates(doc, guard=False))
    assert result.text == MERGE
    assert [r.rule for r in result.rejected] == ["duplicate"]


def test_guard_accepts_the_same_deletion_where_structure_holds() -> None:
    text = "Intro.\n\n- a\n- b\n\nIntro.\n\nMore.\n"
    result = fix(text)
    assert result.text == "Intro.\n\n- a\n- b\n\nMore.\n"
    assert not result.rejected


def _drop_last_item(*, with_blank: bool) -> Callable[[Document], list[Finding]]:
    def check(doc: Document) -> list[Finding]:
        items = list(doc.iter_blocks("list_item"))
        if len(items) < 3:
            return []
        last = items[-1]
        edit = _whole_lines(doc, last) if with_blank else Edit(*doc.line_span(last.start_line))
        return [finding(doc, "drop", last.start, last.end, "drop", Fix((edit,), guard_structure=True))]

    return check


def test_guard_accepts_deleting_the_last_item_of_a_list() -> None:
    # The list shrinks (the one block that contained the edit); nothing around it changes.
    result = fix("- a\n- b\n- c\n\nAfter.\n", _drop_last_item(with_blank=False))
    assert result.text == "- a\n- b\n\nAfter.\n"
    assert [f.rule for f in result.fixed] == ["drop"] and not result.rejected


def test_guard_rejects_a_deletion_that_makes_a_lazy_continuation() -> None:
    # Taking the blank line too would pull "After." into the item before as a lazy line.
    result = fix("- a\n- b\n- c\n\nAfter.\n", _drop_last_item(with_blank=True))
    assert result.text == "- a\n- b\n- c\n\nAfter.\n"
    assert [r.rule for r in result.rejected] == ["drop"]


def test_a_structure_fix_is_guarded_alone_when_another_edit_is_near() -> None:
    # The typo fixes touch both lists, so the pass as a whole would hide the merge; the
    # deletion is checked on its own and refused, while the typo fixes go through.
    text = "Intro.\n\n- a\n- teh b\n\nIntro.\n\n- teh c\n- d\n"
    result = fix(text)
    assert result.text == "Intro.\n\n- a\n- the b\n\nIntro.\n\n- the c\n- d\n"
    assert [f.rule for f in result.fixed] == ["typo", "typo"]
    assert [(r.rule, r.line) for r in result.rejected] == [("duplicate", 6)]


def test_a_bad_fix_in_a_pass_does_not_hold_back_the_good_ones() -> None:
    text = "teh one.\n\n" + MERGE + "\nteh two.\n"
    result = fix(text, lambda doc: sorted(typos(doc) + duplicates(doc, guard=False), key=Finding.sort_key))
    assert result.text == "the one.\n\n" + MERGE + "\nthe two.\n"
    assert [f.rule for f in result.fixed] == ["typo", "typo"]
    assert [r.rule for r in result.rejected] == ["duplicate"]


def test_a_fix_that_fails_only_next_to_another_waits_for_the_next_pass() -> None:
    # Deleting either copy alone keeps the two lists apart; deleting both would merge them.
    text = "A.\n\nB.\n\n- a\n\nA.\n\nB.\n\n- c\n"
    result = fix(text, lambda doc: duplicates(doc, guard=False))
    assert result.text == "A.\n\nB.\n\n- a\n\nB.\n\n- c\n"
    assert [(f.rule, f.line, f.pass_number) for f in result.fixed] == [("duplicate", 7, 1)]
    # The copy of B. was held back in pass 1, then refused on its own in pass 2.
    assert [(r.rule, r.line, r.pass_number) for r in result.rejected] == [("duplicate", 9, 2)]


def test_rejection_is_stable_so_a_second_run_changes_nothing() -> None:
    first = fix(MERGE + "\nteh\n")
    second = fix(first.text)
    assert second.text == first.text
    assert [r.rule for r in second.rejected] == ["duplicate"]


def test_malformed_fixes_are_rejected_not_applied() -> None:
    def check(doc: Document) -> list[Finding]:
        n = len(doc.text)
        return [
            finding(doc, "long", 0, 1, "beyond", Fix((Edit(0, n + 5, "x"),))),
            finding(doc, "self", 0, 1, "own overlap", Fix((Edit(0, 3, "x"), Edit(2, 4, "y")))),
        ]

    result = fix("abcdef\n", check)
    assert result.text == "abcdef\n"
    assert sorted(r.reason.split(":")[0] for r in result.rejected) == ["malformed fix", "malformed fix"]


# --- convergence -------------------------------------------------------------------------------


def test_a_cycling_fix_stops_and_reports_not_converged() -> None:
    def check(doc: Document) -> list[Finding]:
        m = re.search(r"ping|pong", doc.text)
        if not m:
            return []
        other = "pong" if m.group() == "ping" else "ping"
        return [finding(doc, "flip", m.start(), m.end(), "flip", Fix((Edit(m.start(), m.end(), other),)))]

    result = fix("A ping.\n", check)
    assert result.cycle and not result.converged
    assert result.passes == 1 and result.text == "A pong.\n"  # the pass that would go back is not made


def test_a_fix_that_never_settles_stops_at_the_cap() -> None:
    def check(doc: Document) -> list[Finding]:
        i = doc.text.index("!")
        return [finding(doc, "more", i, i + 1, "more", Fix((Edit(i, i + 1, "!!"),)))]

    result = fix("Hey!\n", check, max_passes=3)
    assert not result.converged and not result.cycle
    assert result.passes == 3 and result.text == "Hey!!!!\n"
    assert [f.pass_number for f in result.fixed] == [1, 2, 3]


def test_max_passes_must_be_positive() -> None:
    with pytest.raises(ValueError):
        fix("x\n", max_passes=0)


# --- bytes as read -----------------------------------------------------------------------------


def test_crlf_and_bom_are_kept_byte_for_byte() -> None:
    text = "\ufeff# Title\r\n\r\nI recieve it.\r\n\r\n```\r\n```\r\n\r\nLast line\r\nno newline"
    result = fix(text)
    assert result.text == "\ufeff# Title\r\n\r\nI receive it.\r\n\r\nLast line\r\nno newline"
    assert encode_text(result.text) == (
        b"\xef\xbb\xbf# Title\r\n\r\nI receive it.\r\n\r\nLast line\r\nno newline")
    assert fix(result.text).text == result.text


def test_mixed_line_endings_are_left_as_they_are() -> None:
    text = "a teh\r\nb\n\nteh c\rd\n"
    result = fix(text)
    assert result.text == "a the\r\nb\n\nthe c\rd\n"


_PIECES = ["teh", "recieve", "word", "Teh", " ", " ", "\r\n", "\n", "\r\n\r\n", "\n\n", "- ", "# ",
           "```", "    ", "> ", "1. ", "`", "|", "é", "\t"]


@st.composite
def markdown(draw: st.DrawFn) -> str:
    bom = draw(st.booleans())
    return ("\ufeff" if bom else "") + "".join(draw(st.lists(st.sampled_from(_PIECES), max_size=40)))


@settings(max_examples=150, deadline=None)
@given(markdown())
def test_fixes_change_nothing_outside_their_spans(text: str) -> None:
    result = fix(text, checks(typos))
    misspelled = {(m.start(), m.end()) for m in re.finditer(r"(?i)teh|recieve", text)}
    # Each applied fix lies on a misspelling and writes its correction; every other character,
    # CR, LF and BOM included, is where it was.
    expected, cursor = [], 0
    for f in result.fixed:
        assert (f.start, f.end) in misspelled
        expected.append(text[cursor:f.start] + (correct(text[f.start:f.end]) or "?"))
        cursor = f.end
    expected.append(text[cursor:])
    assert result.text == "".join(expected)
    assert len(result.text) == len(text)  # the corrections here keep the length
    assert result.converged
    assert fix(result.text, checks(typos)).text == result.text


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_apply_edits_keeps_text_outside_spans(data: st.DataObject) -> None:
    text = data.draw(st.text(alphabet=st.sampled_from(list("ab \r\n\ufeff\u00e9")), max_size=60))
    points = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits, last = [], -1
    for start, end in zip(points[::2], points[1::2], strict=False):
        if start == end == last:
            continue  # two insertions at one point are refused: tested above
        edits.append(Edit(start, end, data.draw(st.text(alphabet="xy\r\n", max_size=4))))
        last = end
    edits = [e for i, e in enumerate(edits) if not any(e.overlaps(o) for o in edits[:i])]
    result = apply_edits(text, data.draw(st.permutations(edits)))
    delta, cursor = 0, 0
    for e in sorted(edits):
        gap = text[cursor:e.start]
        assert result[cursor + delta:e.start + delta] == gap
        assert encode_text(result[cursor + delta:e.start + delta]) == gap.encode("utf-8")
        assert result[e.start + delta:e.start + delta + len(e.replacement)] == e.replacement
        delta += len(e.replacement) - (e.end - e.start)
        cursor = e.end
    assert result[cursor + delta:] == text[cursor:]


# --- the corpus --------------------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def expand_aws(doc: Document) -> list[Finding]:
    """Spell out "AWS" in prose: many fixes that shift every offset after them."""
    out = []
    for block in doc.iter_blocks("paragraph"):
        for m in re.finditer(r"\bAWS\b", block.text):
            start = doc.text_offset(block, m.start())
            fix = Fix((Edit(start, start + 3, "Amazon Web Services"),))
            out.append(finding(doc, "aws", start, start + 3, "spell it out", fix))
    return out


def test_the_guard_lets_prose_fixes_through_on_the_corpus() -> None:
    doc = parse(CORPUS.read_bytes().decode("utf-8"), str(CORPUS))
    wanted = expand_aws(doc)
    assert len(wanted) > 100
    result = fix_document(doc, expand_aws)
    assert not result.rejected  # no block away from an edit parsed differently
    assert result.passes == 1 and result.converged
    assert result.text == apply_edits(doc.text, [e for f in wanted if f.fix for e in f.fix.edits])
    assert [(f.line, f.column) for f in result.fixed] == [(f.line, f.column) for f in wanted]
