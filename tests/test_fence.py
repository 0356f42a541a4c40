"""fixers.fence: wrapping lines in a fence and labelling a fence, byte for byte."""

from __future__ import annotations

import pytest

from fixers.apply import apply_edits
from fixers.fence import fence_edit, fence_fix, fence_marker, info_edit, info_fix
from lint.parser import parse


def fenced(text: str, start: int, end: int, code: list[str], info: str, indent: int = 0) -> str:
    doc = parse(text)
    return apply_edits(text, [fence_edit(doc, start, end, code, info, indent)])


def test_top_level_lines_are_replaced_by_the_fence() -> None:
    text = 'Policy:\n\n  "a": 1,\n    "b": 2\n\nAfter.\n'
    out = fenced(text, 3, 4, ['"a": 1,', '  "b": 2'], "json")
    assert out == 'Policy:\n\n```json\n"a": 1,\n  "b": 2\n```\n\nAfter.\n'
    [code] = [b for b in parse(out).blocks if b.kind == "code"]
    assert (code.info, code.text) == ("json", '"a": 1,\n  "b": 2')


def test_in_a_list_item_the_fence_keeps_the_item_indent() -> None:
    text = "- Run:\n\n  aws s3 ls\n  aws s3 cp a b\n- next\n"
    out = fenced(text, 3, 4, ["aws s3 ls", "aws s3 cp a b"], "bash", indent=2)
    assert out == "- Run:\n\n  ```bash\n  aws s3 ls\n  aws s3 cp a b\n  ```\n- next\n"
    doc = parse(out)
    [code] = [b for b in doc.blocks if b.kind == "code"]
    assert doc.blocks[code.parent or 0].kind == "list_item" and code.text == "aws s3 ls\naws s3 cp a b"
    assert sum(1 for b in doc.blocks if b.kind == "list_item") == 2


def test_crlf_terminators_and_the_bom_are_kept() -> None:
    text = "\ufeff  a -->  b\r\n       |\r\n  c\r\n\r\nEnd\r\n"
    out = fenced(text, 1, 3, ["a -->  b", "     |", "c"], "text")
    assert out == "\ufeff```text\r\na -->  b\r\n     |\r\nc\r\n```\r\n\r\nEnd\r\n"


def test_mixed_terminators_inside_the_span_stay_as_they_were() -> None:
    text = "x\n\n  a: 1\r\n  b: 2\n  c: 3\n"
    out = fenced(text, 3, 5, ["a: 1", "b: 2", "c: 3"], "yaml")
    assert out == "x\n\n```yaml\na: 1\r\nb: 2\nc: 3\n```\n"  # the file's newline is \n: 2 of 3


def test_blank_lines_inside_stay_blank_without_indent() -> None:
    text = "- item\n\n      a\n\n      b\n"
    out = fenced(text, 3, 5, ["a", "", "b"], "text", indent=2)
    assert out == "- item\n\n  ```text\n  a\n\n  b\n  ```\n"


def test_no_final_newline_stays_without_one() -> None:
    assert fenced("  x --> y\n  |", 1, 2, ["x --> y", "|"], "text") == "```text\nx --> y\n|\n```"


@pytest.mark.parametrize(("code", "marker"), [
    (["a"], "```"),
    (["```", "b"], "````"),
    (["x ``inline`` y"], "```"),
    (["`````"], "``````"),
])
def test_the_fence_outruns_any_backtick_run(code: list[str], marker: str) -> None:
    assert fence_marker(code) == marker


def test_a_code_line_with_a_fence_cannot_close_it_early() -> None:
    text = "Example:\n\n    ```\n    inner\n    ```\n"
    out = fenced(text, 3, 5, ["```", "inner", "```"], "markdown")
    [code] = [b for b in parse(out).blocks if b.kind == "code"]
    assert code.info == "markdown" and code.text == "```\ninner\n```"


def test_code_of_another_length_is_joined_with_the_file_newline() -> None:
    text = 'x\r\n\r\n  "a": 1,\r\n  "b": 2\r\n'
    out = fenced(text, 3, 4, ["{", '  "a": 1,', '  "b": 2', "}"], "json")
    assert out == 'x\r\n\r\n```json\r\n{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n```\r\n'


@pytest.mark.parametrize(("start", "end"), [(0, 1), (2, 1), (1, 3)])
def test_lines_outside_the_file_are_refused(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="no lines"):
        fence_edit(parse("a\nb\n"), start, end, ["a"], "text")


def test_fence_fix_carries_its_applicability_and_message() -> None:
    doc = parse("  a: 1\n  b: 2\n")
    fix = fence_fix(doc, 1, 2, ["a: 1", "b: 2"], "yaml", applicability="unsafe")
    assert (fix.applicability, fix.message, len(fix.edits)) == ("unsafe", "wrap in a ```yaml fence", 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("```\n{}\n```\n", "```json\n{}\n```\n"),
    ("~~~~ \n{}\n~~~~\n", "~~~~json \n{}\n~~~~\n"),
    ("- a\n\n  ```\n  {}\n  ```\n", "- a\n\n  ```json\n  {}\n  ```\n"),
    ("> ```\n> {}\n> ```\n", "> ```json\n> {}\n> ```\n"),
    ("\ufeff```\r\n{}\r\n```\r\n", "\ufeff```json\r\n{}\r\n```\r\n"),
])
def test_info_is_inserted_after_the_opening_fence(text: str, expected: str) -> None:
    doc = parse(text)
    [block] = [b for b in doc.blocks if b.kind == "code"]
    edit = info_edit(doc, block, "json")
    assert edit is not None and edit.start == edit.end
    assert apply_edits(text, [edit]) == expected
    [after] = [b for b in parse(expected).blocks if b.kind == "code"]
    assert after.info == "json" and after.text == "{}"


@pytest.mark.parametrize("text", ["```yaml\na: 1\n```\n", "Text\n\n    indented\n"])
def test_info_is_never_added_to_a_block_that_has_one_or_no_fence(text: str) -> None:
    doc = parse(text)
    [block] = [b for b in doc.blocks if b.kind == "code"]
    assert info_edit(doc, block, "json") is None
    assert info_fix(doc, block, "json") is None
