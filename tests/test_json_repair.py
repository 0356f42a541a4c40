"""JSON repairs: the safe ones, the unsafe rebuild of lost structure, on real corpus snippets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixers.apply import apply_edits, fix_document
from fixers.json_repair import Source, layout, rebuild, rebuild_fix, repair_fix, safe_repair, values_of
from lint.document import Block, Document
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.broken_json import BrokenJson
from lint.snippets.json_check import check_json
from lint.snippets.json_classify import CLASSES, LENIENT, classify, parses_within

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def strict(text: str) -> Any:
    result = check_json(text)
    assert result.ok, (result.problem, text)
    return result.values[0]


# --- safe repairs -------------------------------------------------------------------------------


def test_trailing_commas_are_removed_and_commas_in_strings_kept() -> None:
    text = '{\n  "Action": ["s3:GetObject", "s3:List,]",],\n  "Resource": "*",\n}'
    repair = safe_repair(text)
    assert repair is not None and repair.actions == ("remove 2 trailing commas",)
    assert strict(repair.text) == {"Action": ["s3:GetObject", "s3:List,]"], "Resource": "*"}
    assert repair.text == text.replace('",],', '"],').replace('"*",\n', '"*"\n')


def test_single_quoted_strings_become_double_quoted_and_escaped() -> None:
    text = "{'Sid': 'it\\'s a \"quoted\" word', \"Note\": \"don't touch\"}"
    repair = safe_repair(text)
    assert repair is not None and repair.actions == ("put 2 single-quoted strings in double quotes",)
    assert strict(repair.text) == {"Sid": "it's a \"quoted\" word", "Note": "don't touch"}


def test_missing_commas_between_members_and_elements_are_inserted() -> None:
    text = '{\n  "Effect": "Allow"\n  "Action": ["s3:GetObject" "s3:PutObject"]\n  "Resource": {"a": 1}\n}'
    repair = safe_repair(text)
    assert repair is not None and repair.actions == ("insert 3 missing commas",)
    assert strict(repair.text) == {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                                   "Resource": {"a": 1}}
    assert repair.text.split("\n")[1] == '  "Effect": "Allow",'  # the comma ends the line


def test_all_three_in_one_fix() -> None:
    repair = safe_repair("{'a': 1 \"b\": [1, 2,],}")
    assert repair is not None
    assert repair.message == ("Remove 2 trailing commas; put 1 single-quoted string in double quotes; "
                              "insert 1 missing comma")
    assert strict(repair.text) == {"a": 1, "b": [1, 2]}


@pytest.mark.parametrize("text", [
    '{"a": [1, 2,], "b": NaN}',  # the trailing comma alone does not make it parse
    "{'a': 'bad \\q escape'}",  # an invalid escape stays invalid
    '{"Statement": [\n  {"Effect": "Allow",}',  # unclosed: a truncated snippet is the rebuild's
    '{"a": 1 "a": 2}',  # the comma would make a duplicate key
    '{"a": 1}',  # nothing to repair
])
def test_no_safe_repair_when_the_result_would_not_parse(text: str) -> None:
    assert safe_repair(text) is None


def test_a_repair_keeps_a_jsonc_or_fragment_snippet_what_it_was() -> None:
    jsonc = '{\n  "a": 1, // one\n}'
    repair = safe_repair(jsonc)
    assert repair is not None and repair.text == '{\n  "a": 1 // one\n}'
    assert classify(repair.text).kind == "jsonc"
    fragment = '"Effect": "Allow"\n"Action": "s3:*"'
    repair = safe_repair(fragment)
    assert repair is not None and repair.text == '"Effect": "Allow",\n"Action": "s3:*"'
    assert classify(repair.text).kind == "fragment"
    # A repair never adds a class: a written object that would parse only as a fragment is left.
    assert safe_repair('{"a": 1}\n{"b": 2}') is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_repairs_restore_dropped_and_added_commas(value: Any) -> None:
    text = json.dumps(value, indent=2)
    no_commas = re.sub(r",\n", "\n", text)  # commas between lines lost
    trailing = re.sub(r"(?<=[\]}\"el0-9])\n(\s*[\]}])", r",\n\1", text)  # a comma before each closer
    for damaged in (no_commas, trailing):
        if damaged == text:
            continue
        repair = safe_repair(damaged)
        assert repair is not None, damaged
        assert strict(repair.text) == value


# --- the rebuild --------------------------------------------------------------------------------


def rebuilt(text: str, indents: list[int | None] | None = None) -> str:
    result = rebuild(text, indents=indents)
    assert result is not None, text
    strict(result.text)
    assert values_of(result.text) == values_of(text)
    return result.text


def test_deeper_indentation_opens_an_object_in_an_array() -> None:
    text = '"Version": "2012-10-17",\n"Statement": [\n    "Effect": "Allow",\n    "Action": "s3:*"'
    assert rebuilt(text) == (
        '{\n"Version": "2012-10-17",\n"Statement": [\n  {\n    "Effect": "Allow",\n'
        '    "Action": "s3:*"\n  }\n]\n}')


def test_a_repeated_key_starts_the_next_object_and_lost_items_make_an_empty_array() -> None:
    text = ('"Statement": [\n    "Effect": "Allow",\n    "Action": [\n    "Resource": "*"\n'
            '    "Effect": "Deny",\n    "Action": ["s3:DeleteObject"],\n    "Resource": "*"')
    value = strict(rebuilt(text))
    assert value == {"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"},
                                   {"Effect": "Deny", "Action": ["s3:DeleteObject"], "Resource": "*"}]}


def test_a_closed_object_gets_a_comma_before_its_next_sibling() -> None:
    # Corpus lines 400-410: "Principal" and "BoolIfExists" lost their closing braces.
    text = ('"Effect": "Allow",\n"Principal": {\n  "AWS": "arn:aws:iam::111122223333:user/Paulo"\n'
            '"Action": "sts:AssumeRole",\n"Condition": {\n  "BoolIfExists": {\n'
            '    "aws:MultiFactorAuthPresent": "true"\n  "IpAddress": {\n    "aws:SourceIp": ""')
    assert strict(rebuilt(text)) == {
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/Paulo"},
        "Action": "sts:AssumeRole",
        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"},
                      "IpAddress": {"aws:SourceIp": ""}}}


def test_a_dangling_comma_moves_after_the_restored_bracket_or_goes_at_the_end() -> None:
    moved = rebuilt('"code": 200,\n"headers": {\n  "name": "value",\n"body": "ok"')
    assert '  "name": "value"\n},\n"body"' in moved
    dropped = rebuilt('{"a": {\n  "b": 1,')
    assert dropped == '{"a": {\n  "b": 1\n}\n}'


def test_a_key_whose_lines_were_lost_gets_an_empty_object() -> None:
    assert strict(rebuilt('{"a": 1,\n"Condition":\n"Effect": "Allow"}')) == {
        "a": 1, "Condition": {}, "Effect": "Allow"}
    assert strict(rebuilt('"Condition":\n  "StringLike": {"s3:prefix": "home/"}\n"Effect": "Allow"')) == {
        "Condition": {"StringLike": {"s3:prefix": "home/"}}, "Effect": "Allow"}


def test_members_repeated_at_the_top_become_a_list_of_objects() -> None:
    text = '"AllowedMethods": ["PUT"],\n"MaxAgeSeconds": 3000\n"AllowedMethods": ["GET"]'
    assert strict(rebuilt(text)) == [{"AllowedMethods": ["PUT"], "MaxAgeSeconds": 3000},
                                     {"AllowedMethods": ["GET"]}]


def test_a_lost_opening_brace_is_restored_before_a_surviving_closing_one() -> None:
    assert rebuilt('  "a": 1,\n  "b": 2\n}') == '{\n  "a": 1,\n  "b": 2\n}'


@pytest.mark.parametrize("text", [
    '"a": {\n  "x": 1,\n  "x": 2\n"b": 1',  # a duplicate key in a written object stays one
    '"Statement": [\n    "Effect": "Allow"\n    "Effect": NaN',  # NaN is broken, not truncated
    '"Effect": "Allow"',  # a fragment: nothing to rebuild
    '{"a": 1}',
])
def test_no_rebuild_unless_the_result_parses(text: str) -> None:
    assert rebuild(text) is None


@st.composite
def objects(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """Objects as policies hold them: scalars, arrays of scalars, nested objects, and arrays of
    objects that share their keys (statements)."""
    keys = draw(st.lists(st.text("abcdefgh:", min_size=1, max_size=4), min_size=1, max_size=4, unique=True))
    scalars = st.none() | st.booleans() | st.integers(-99, 99) | st.text(max_size=6)
    leaves = scalars | st.lists(scalars, min_size=1, max_size=3)
    out: dict[str, Any] = {}
    for key in keys:
        kind = draw(st.integers(0, 3 if depth < 2 else 1))
        if kind < 2:
            out[key] = draw(leaves)
        elif kind == 2:
            out[key] = draw(objects(depth + 1))
        else:
            names = st.text("xyz", min_size=1, max_size=3)
            shared = draw(st.lists(names, min_size=1, max_size=3, unique=True))
            count = draw(st.integers(1, 3))
            out[key] = [{k: draw(leaves) for k in shared} for _ in range(count)]
    return out


BRACKET_LINE = re.compile(r"^\s*[\[\]{}],?\s*$")


@settings(max_examples=200, deadline=None)
@given(objects())
def test_rebuild_restores_pretty_printed_json_that_lost_its_bracket_lines(value: dict[str, Any]) -> None:
    text = json.dumps(value, indent=2)
    lost = "\n".join(line for line in text.split("\n") if not BRACKET_LINE.match(line))
    cls = classify(lost)
    if cls.kind == "fragment":  # only the outer braces were on lines of their own
        assert strict("{" + lost + "}") == value
        return
    assert cls.kind == "truncated", lost
    assert strict(rebuilt(lost)) == value


PIECES = [*'{}[],:"\' \n/*.…0123-\\', "  ", "true", "null", "abc", "//", "...", '"k": ', '"v"']


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_gets_a_class_and_repairs_keep_their_promises(text: str) -> None:
    cls = classify(text)
    assert cls.kind in CLASSES
    assert cls.ok == check_json(text).ok
    assert 0 <= cls.result.offset <= cls.result.end <= len(text)
    if cls.kind in LENIENT:
        assert parses_within(text, cls.traits)
    repair = safe_repair(text, cls)
    if repair is not None:
        assert not cls.ok and apply_edits(text, repair.edits) == repair.text
        assert parses_within(repair.text, cls.traits)
    result = rebuild(text, cls)
    if result is not None:
        assert cls.kind == "truncated" and values_of(result.text) == values_of(text)
        assert parses_within(result.text, cls.traits)


# --- onto the notes file ------------------------------------------------------------------------


def truncated_block(doc: Document) -> Block:
    return next(b for b in doc.blocks if b.kind in ("paragraph", "code") and classify(
        b.text, layout(doc, Source.of_block(b)).indents).kind == "truncated")


def fix_text(text: str) -> str:
    doc = parse(text, "notes.md")
    block = truncated_block(doc)
    fix = rebuild_fix(doc, Source.of_block(block))
    assert fix is not None and fix.applicability == "unsafe" and "needs review" in fix.message
    return apply_edits(text, fix.edits)


def test_rebuild_in_a_list_item_keeps_the_item_indentation() -> None:
    text = ('- Explicit approve allows `s3:PutObject`\n\n  "Version": "2012-10-17",\n  "Statement": [\n'
            '      "Effect": "Allow",\n      "Action": "s3:PutObject"\n- next item\n')
    fixed = fix_text(text)
    assert fixed == ('- Explicit approve allows `s3:PutObject`\n\n  {\n  "Version": "2012-10-17",\n'
                     '  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:PutObject"\n'
                     '    }\n  ]\n  }\n- next item\n')
    blocks = parse(fixed).blocks
    assert [(b.kind, b.depth) for b in blocks] == [
        ("list", 0), ("list_item", 1), ("paragraph", 2), ("paragraph", 2), ("list_item", 1), ("paragraph", 2)]
    strict(blocks[3].text)


def test_rebuild_in_a_crlf_file_inside_a_quote_keeps_both() -> None:
    text = '> ```json\r\n> "Statement": [\r\n>     "Effect": "Allow"\r\n>     "Effect": "Deny"\r\n> ```\r\n'
    fixed = fix_text(text)
    assert "\n" not in fixed.replace("\r\n", "")
    assert all(line.startswith(">") for line in fixed.split("\r\n") if line)
    code = next(b for b in parse(fixed).blocks if b.kind == "code")
    assert strict(code.text) == {"Statement": [{"Effect": "Allow"}, {"Effect": "Deny"}]}


def test_rebuild_of_a_paragraph_that_starts_on_its_list_marker() -> None:
    text = '- "Statement": [\n      "Effect": "Allow"\n- next\n'
    fixed = fix_text(text)
    assert fixed == '- {\n  "Statement": [\n    {\n      "Effect": "Allow"\n    }\n  ]\n  }\n- next\n'


def test_a_uniform_source_never_repeats_a_list_marker() -> None:
    # A detected snippet's lines (Source with uniform prefixes) whose first line follows "- ".
    text = '- "Statement": [\n      "Effect": "Allow"\n- next\n'
    doc = parse(text)
    block = next(b for b in doc.blocks if b.kind == "paragraph")
    source = Source(block.text, block.line_offsets, uniform=True)
    assert source.to_file(len('"Statement": [\n')) == text.index('    "Effect"')
    place = layout(doc, source)
    assert place.style.container == "  " and place.head_inline
    fix = rebuild_fix(doc, source)
    assert fix is not None
    assert apply_edits(text, fix.edits) == fix_text(text)


def test_indented_code_keeps_its_four_spaces() -> None:
    text = 'CORS rules:\n\n    "AllowedMethods": ["PUT"]\n    "AllowedMethods": ["GET"]\n\nAfter.\n'
    fixed = fix_text(text)
    code = next(b for b in parse(fixed).blocks if b.kind == "code")
    assert code.style == "indent"
    assert strict(code.text) == [{"AllowedMethods": ["PUT"]}, {"AllowedMethods": ["GET"]}]


def test_safe_repair_fix_maps_onto_the_file() -> None:
    text = "- item\n\n  ```json\n  {'a': [1, 2,]}\n  ```\n"
    doc = parse(text)
    block = next(b for b in doc.blocks if b.kind == "code")
    fix = repair_fix(doc, Source.of_block(block))
    assert fix is not None and fix.applicability == "safe"
    assert apply_edits(text, fix.edits) == '- item\n\n  ```json\n  {"a": [1, 2]}\n  ```\n'


# --- the corpus ---------------------------------------------------------------------------------

# The 11 JSON snippets of the notes, by the line where each starts, and their classes.
CORPUS_CLASSES = {
    285: "truncated", 299: "truncated", 321: "truncated", 400: "truncated", 501: "fragment",
    515: "truncated", 1025: "broken", 1182: "truncated", 1234: "truncated", 1383: "truncated",
    2278: "truncated",
}
JSON_LINE = re.compile(r'("[^"]*"\s*:|[\[\]{}])')


def corpus_snippets(doc: Document) -> list[Block]:
    """Paragraphs and indented code of two or more lines, each line a JSON member or bracket."""
    found = []
    for block in doc.blocks:
        lines = [line.strip() for line in block.text.split("\n") if line.strip()]
        if block.kind in ("paragraph", "code") and len(lines) > 1 and all(JSON_LINE.match(x) for x in lines):
            found.append(block)
    return found


@pytest.fixture(scope="module")
def corpus() -> Document:
    return parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))


def test_corpus_snippets_are_classified(corpus: Document) -> None:
    blocks = corpus_snippets(corpus)
    classes = {b.start_line: classify(b.text, layout(corpus, Source.of_block(b)).indents).kind
               for b in blocks}
    assert classes == CORPUS_CLASSES


def test_corpus_rebuild_parses_for_at_least_8_of_11_and_invents_nothing(corpus: Document) -> None:
    rebuilt_ok = []
    for block in corpus_snippets(corpus):
        indents = layout(corpus, Source.of_block(block)).indents
        result = rebuild(block.text, indents=indents)
        if result is None:
            continue
        strict(result.text)
        assert values_of(result.text) == values_of(block.text)  # no key or value invented
        rebuilt_ok.append(block.start_line)
    assert len(rebuilt_ok) >= 8
    # Which: every truncated snippet. Not 501 (a fragment: no fix) nor 1025 (placeholder values).
    assert rebuilt_ok == [line for line, kind in CORPUS_CLASSES.items() if kind == "truncated"]


def test_corpus_file_edits_rebuild_each_paragraph_in_place(corpus: Document) -> None:
    for block in corpus_snippets(corpus):
        fix = rebuild_fix(corpus, Source.of_block(block))
        if fix is None:
            continue
        fixed = parse(apply_edits(corpus.text, fix.edits))
        # The rebuilt snippet starts where the snippet started, its opening line in front.
        new = next(b for b in fixed.blocks if b.start_line == block.start_line and b.kind == block.kind)
        assert (new.depth, new.parent) == (block.depth, block.parent)
        assert new.end_line > block.end_line
        assert values_of(new.text) == values_of(block.text)
        strict(new.text)
        # Nothing else moved: the blocks after it are the same, a few lines further down.
        shift = new.end_line - block.end_line
        after = [(b.kind, b.text) for b in corpus.blocks if b.start_line > block.end_line][:5]
        assert [(b.kind, b.text) for b in fixed.blocks if b.start_line > new.end_line][:5] == after
        assert next(b.start_line for b in fixed.blocks if b.start_line > new.end_line) == next(
            b.start_line for b in corpus.blocks if b.start_line > block.end_line) + shift


def fence(text: str, block: Block, doc: Document) -> str:
    """What unfenced-code's fix does: a ```json fence around the snippet, dedented to its
    container's indentation (a list item's is kept)."""
    first, last = block.start_line, block.end_line
    lines = [doc.line_text(n) for n in range(first, last + 1)]
    indents = [len(x) - len(x.lstrip()) for x in lines]
    keep = min(indents) if doc.in_list(block) else 0
    cut = min(indents) - keep
    body = [" " * keep + "```json", *(x[cut:] for x in lines), " " * keep + "```"]
    start = doc.line_starts[first - 1]
    end = start + sum(len(x) + 1 for x in lines) - 1
    return text[:start] + "\n".join(body) + text[end:]


def test_corpus_fenced_snippets_come_out_valid_after_unsafe_fixes(corpus: Document) -> None:
    text = corpus.text
    for block in reversed(corpus_snippets(corpus)):
        text = fence(text, block, corpus)
    fenced = parse(text, "aws-notes.md")
    json_blocks = [b for b in fenced.blocks if b.kind == "code" and b.language == "json"]
    assert len(json_blocks) == 11

    def check(doc: Document) -> list[Any]:
        return list(BrokenJson().check(doc, RuleContext()))

    result = fix_document(fenced, check, unsafe=True)
    assert result.converged and not result.rejected
    after = [b for b in result.document.blocks if b.kind == "code" and b.language == "json"]
    valid = [b for b in after if check_json(b.text).ok]
    assert len(valid) >= 8 and len(valid) == 9
    # Idempotent: a second run changes nothing.
    again = fix_document(result.document, check, unsafe=True)
    assert not again.changed and again.converged
