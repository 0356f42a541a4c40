"""Classifying JSON snippets: valid, fragment, jsonc, elided, truncated, broken, and where."""

from __future__ import annotations

import json

import pytest

from lint.snippets import line_column
from lint.snippets.json_classify import classify, infer_structure, lex, neutralise

POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicRead",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject", "s3:GetObjectVersion"],
      "Resource": ["arn:aws:s3:::DOC-EXAMPLE-BUCKET/*"]
    }
  ]
}"""


def at(text: str, line: int, column: int) -> str:
    """The text from a 0-based line and column on, up to the end of that line."""
    return text.split("\n")[line][column:]


# --- valid --------------------------------------------------------------------------------------


def test_a_policy_is_valid_and_carries_its_value() -> None:
    cls = classify(POLICY)
    assert cls.kind == "valid" and cls.ok and not cls.is_error and cls.traits == ()
    assert cls.result.values == (json.loads(POLICY),)


@pytest.mark.parametrize("text", [
    '{"url": "https://example.com//path", "glob": "/*/*"}',  # comment markers inside strings
    '{"body": "...", "more": "wait…"}',  # ellipses inside strings
    '[]',
    '"just a string"',
])
def test_markers_inside_strings_leave_json_valid(text: str) -> None:
    assert classify(text).kind == "valid"


# --- the lenient classes ------------------------------------------------------------------------


def test_a_statement_cut_from_a_policy_is_a_fragment() -> None:
    text = '"Effect": "Allow",\n"Action": "s3:GetObject",\n"Resource": "arn:aws:s3:::bucket/*"'
    cls = classify(text)
    assert (cls.kind, cls.traits, cls.wrap) == ("fragment", ("fragment",), "{}")
    # The position is the strict checker's: the colon after the first key.
    assert cls.result.kind == "extra-data" and (cls.result.line, cls.result.column) == (0, 8)
    assert "fragment" in cls.result.problem


def test_a_cut_may_keep_the_comma_at_either_end() -> None:
    assert classify('"Effect": "Allow",\n"Action": "s3:*",').kind == "fragment"
    assert classify(', "Action": "s3:*"').kind == "fragment"


def test_elements_cut_from_an_array_are_a_fragment_in_brackets() -> None:
    cls = classify('{"Effect": "Allow", "Action": "s3:*"},\n{"Effect": "Deny", "Action": "iam:*"}')
    assert (cls.kind, cls.wrap) == ("fragment", "[]")


def test_comments_make_jsonc_and_a_double_slash_in_a_string_stays_text() -> None:
    text = ('{\n  // where the app lives\n  "url": "https://example.com//app", /* the default */\n'
            '  "retries": 3\n}')
    cls = classify(text)
    assert (cls.kind, cls.traits) == ("jsonc", ("jsonc",))
    assert cls.result.kind == "comment" and (cls.result.line, cls.result.column) == (1, 2)
    plain = neutralise(text)
    assert plain.comments and not plain.ellipses
    assert json.loads(plain.text) == {"url": "https://example.com//app", "retries": 3}
    assert len(plain.text) == len(text) and plain.text.count("\n") == text.count("\n")


def test_a_block_comment_over_several_lines_keeps_the_line_count() -> None:
    text = '{\n  /* one\n     two */\n  "a": 1\n}'
    plain = neutralise(text)
    assert plain.text.count("\n") == 4 and json.loads(plain.text) == {"a": 1}
    assert classify(text).kind == "jsonc"


@pytest.mark.parametrize(("text", "value"), [
    ('{"Statement": [{"Effect": "Allow"}, ...]}', {"Statement": [{"Effect": "Allow"}]}),
    ('{\n  "Version": "2012-10-17",\n  ...\n}', {"Version": "2012-10-17"}),
    ('["s3:GetObject", ..., "s3:PutObject"]', ["s3:GetObject", "s3:PutObject"]),
    ('{"Condition": …, "Effect": "Deny"}', {"Condition": 0, "Effect": "Deny"}),
    ('{"Action": [...]}', {"Action": []}),
])
def test_ellipses_make_elided(text: str, value: object) -> None:
    cls = classify(text)
    assert (cls.kind, cls.traits) == ("elided", ("elided",))
    assert cls.result.kind == "ellipsis"
    assert json.loads(neutralise(text).text) == value


def test_combinations_list_every_class_and_the_first_names_it() -> None:
    fragment_with_comments = '"Effect": "Allow", // the only effect that grants\n"Action": "s3:*"'
    cls = classify(fragment_with_comments)
    assert (cls.kind, cls.traits, cls.wrap) == ("jsonc", ("jsonc", "fragment"), "{}")
    elided_with_comments = '{\n  "a": 1, // first\n  ...\n}'
    assert classify(elided_with_comments).traits == ("jsonc", "elided")


# --- truncated ----------------------------------------------------------------------------------

# Corpus lines 299-307: the policy lost its brace-only and bracket-only lines.
CORPUS_STYLE = """"Version": "2012-10-17",
"Statement": [
    "Sid": "DenyNonApprovedRegions",
    "Effect": "Deny",
    "NotAction": ["cloudfront:*", "iam:*", "route53:*", "support:*"],
    "Resource": "*",
    "Condition": {
      "StringNotEquals": {
        "aws:RequestedRegion": ["ap-southeast-2", "eu-west-1"]"""


def test_a_policy_that_lost_its_bracket_lines_is_truncated() -> None:
    cls = classify(CORPUS_STYLE)
    assert cls.kind == "truncated" and cls.is_error and cls.plan is not None
    # Located after the outer braces are accounted for: the first member inside the array.
    assert cls.result.problem == "unexpected ':' in an array"
    assert (cls.result.line, cls.result.column) == (2, 9)
    assert at(CORPUS_STYLE, 2, 9).startswith(': "DenyNonApprovedRegions"')
    # The plain strict check only sees that the text goes on after its first string.
    assert cls.strict.kind == "extra-data"


def test_objects_of_one_array_run_together_are_truncated() -> None:
    text = ('"AllowedHeaders": ["*"],\n"AllowedMethods": ["PUT"],\n"ExposeHeaders": []\n'
            '"AllowedHeaders": [],\n"AllowedMethods": ["GET"],\n"ExposeHeaders": []')
    cls = classify(text)
    assert cls.kind == "truncated"
    assert cls.result.kind == "missing-comma" and cls.result.line == 3


def test_unclosed_brackets_and_a_lost_opening_brace_are_truncated() -> None:
    unclosed = classify('{"Statement": [\n  {"Effect": "Allow"}')
    assert unclosed.kind == "truncated" and unclosed.result.kind == "unclosed"
    assert classify('  "a": 1,\n  "b": 2\n}').kind == "truncated"


def test_truncated_keeps_its_other_traits() -> None:
    cls = classify('"Statement": [ // every statement\n    "Effect": "Allow"')
    assert (cls.kind, cls.traits) == ("truncated", ("jsonc",))


def test_file_indentation_decides_the_structure() -> None:
    # A paragraph's text loses the indentation of its first line: the caller gives it back.
    text = '"Action": [\n    "Resource": "*"'
    nested = infer_structure(text)
    sibling = infer_structure(text, [4, 4])
    assert nested is not None and sibling is not None
    assert nested.insertions != sibling.insertions
    assert classify(text, [4, 4]).kind == "truncated"


# --- broken -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind", "where"), [
    ('{"a": NaN}', "nonfinite", (0, 6)),
    ('{\n  "Action": ["s3:GetObject",],\n}', "trailing-comma", (1, 27)),
    ("{'Effect': 'Allow'}", "single-quote", (0, 1)),
    ('{\n  "Effect": "Allow"\n  "Action": "s3:*"\n}', "missing-comma", (2, 2)),
    ('{"a": [1, 2}', "mismatched-bracket", (0, 11)),
    ('{"a": 1}\n{"b": 2}', "extra-data", (1, 0)),
    ('{"a": True}', "bad-literal", (0, 6)),
])
def test_broken(text: str, kind: str, where: tuple[int, int]) -> None:
    cls = classify(text)
    assert cls.kind == "broken" and cls.is_error
    assert cls.result.kind == kind and (cls.result.line, cls.result.column) == where


def test_a_duplicate_key_in_a_written_object_is_broken_not_truncated() -> None:
    cls = classify('{\n  "Sid": "a",\n  "Sid": "b"\n}')
    assert cls.kind == "broken" and cls.result.kind == "duplicate-key"
    assert cls.result.related is not None and line_column('{\n  "Sid": "a",\n', cls.result.related) == (1, 2)


def test_placeholders_for_values_are_broken_even_when_braces_were_lost() -> None:
    # Corpus lines 1025-1029: the lines are not otherwise valid, so the structure cannot be told.
    text = ('"isBase64Encoded": true|false,\n"statusCode": httpStatusCode,\n"headers": {\n'
            '  "headerName": "headerValue",\n"body": "..."')
    cls = classify(text)
    assert cls.kind == "broken" and cls.traits == ("fragment",)
    assert cls.result.kind == "invalid-character"
    assert at(text, cls.result.line, cls.result.column) == "|false,"


def test_a_broken_fragment_is_located_at_its_real_damage() -> None:
    cls = classify("\"Effect\": 'Allow',\n\"Action\": \"s3:*\"")
    assert cls.kind == "broken" and cls.result.kind == "single-quote"
    assert (cls.result.line, cls.result.column) == (0, 10)


def test_empty_is_broken() -> None:
    assert classify("  \n").kind == "broken"


# --- the lexer ----------------------------------------------------------------------------------


def test_lexer_reads_strings_before_comment_and_ellipsis_markers() -> None:
    kinds = [x.kind for x in lex('{"a//b": "c/*d*/...", \'e\': …} // f')]
    assert kinds == ["{", "string", ":", "string", ",", "squote", ":", "ellipsis", "}", "comment"]
    assert [x.kind for x in lex('1.5 -0 01 .5 true None "bad\\q"')] == [
        "scalar", "scalar", "bad", "bad", "scalar", "bad", "bad"]
