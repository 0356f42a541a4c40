"""Snippet detection: the corpus's lost snippets are found with the right language, prose is not,
and every snippet maps back onto the file exactly."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.document import Document
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.broken_json import BrokenJson
from lint.snippets.detect import (
    CONFIDENCES,
    UNKNOWN,
    Snippet,
    at_least,
    detect,
    is_prose,
    noun,
    snippets,
)

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


@cache
def corpus() -> Document:
    return parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))


def found(text: str) -> list[Snippet]:
    return [s for s in snippets(parse(text, "n.md")) if not s.fenced]


def only(text: str) -> Snippet:
    [snippet] = found(text)
    return snippet


def lines(text: str) -> list[str]:
    return text.split("\n")


# ----------------------------------------------------------------------------------------------
# The corpus's lost snippets


@pytest.mark.parametrize(("start", "end", "language"), [
    (285, 295, "json"),  # a continuation paragraph in a list item, braces lost
    (299, 307, "json"),  # a 2-space-indented top-level paragraph
    (400, 410, "json"),
    (501, 505, "json"),
    (1025, 1029, "json"),  # an indented code block with placeholder values (true|false)
    (1383, 1390, "json"),
    (2278, 2280, "json"),
    (2550, 2557, "yaml"),  # SAM, with a trailing comment on a key
    (2584, 2589, "yaml"),  # CloudFormation whose parent keys were lost
    (2593, 2601, "yaml"),
    (2605, 2611, "yaml"),
    (2621, 2621, "yaml"),  # one line in an indented code block: Value: !Ref "AWS::Region"
    (2805, 2809, "yaml"),  # a paragraph
    (2894, 2896, "yaml"),  # a nested list whose item is a YAML mapping (appspec)
    (2900, 2901, "yaml"),
    (523, 523, "bash"),  # echo "..." > battleplans.txt
    (525, 530, "bash"),  # continuation lines and a pipe
    (532, 535, "bash"),
    (1377, 1377, "bash"),
    (2113, 2113, "bash"),
    (91, 97, "text"),  # an indented code block and the paragraph it turned into
    (188, 190, "text"),
    (674, 679, "text"),
    (731, 734, "text"),  # one arrow line, then ragged labels
    (837, 840, "text"),
    (1255, 1257, "text"),
])
def test_corpus_snippet_is_found_with_its_language(start: int, end: int, language: str) -> None:
    [snippet] = [s for s in snippets(corpus()) if s.start_line == start]
    assert (snippet.end_line, snippet.language, snippet.fenced) == (end, language, False)
    assert snippet.detection is not None and snippet.detection.confidence == "high"


def test_corpus_json_reason_counts_members() -> None:
    [snippet] = [s for s in snippets(corpus()) if s.start_line == 285]
    assert snippet.detection is not None
    assert snippet.detection.reason == "11 of 11 lines are JSON members"
    assert snippet.indent == 2 and snippet.refittable  # inside "- Explicit approve ...": column 2
    assert snippet.code.split("\n")[:3] == ['"Version": "2012-10-17",', '"Statement": [',
                                            '    "Effect": "Allow",']


def test_corpus_medium_detections_are_the_doubtful_shapes() -> None:
    medium = {(s.start_line, s.end_line, s.language) for s in snippets(corpus())
              if s.detection is not None and s.detection.confidence == "medium"}
    # A YAML list whose parent key was lost, with a lazy last line; a diagram of three rules
    # in an indented code block with no second dimension.
    assert medium == {(2886, 2888, "yaml"), (2214, 2218, "text")}


@pytest.mark.parametrize("line", [1628, 1782, 412, 1017, 2288, 2615, 1443, 2468, 2689, 62, 192])
def test_corpus_prose_around_the_snippets_is_not_detected(line: int) -> None:
    assert not [s for s in snippets(corpus()) if s.start_line <= line <= s.end_line]


def test_indented_prose_is_no_snippet_but_other_indented_code_is_low_text() -> None:
    by_start = {s.start_line: s for s in snippets(corpus())}
    for line in (2182, 2648, 2659, 2960, 3086):  # indented code blocks that are sentences
        assert line not in by_start
    waterfall = by_start[1335]  # "S3 Standard-IA" ... indented as a staircase
    assert waterfall.detection is not None
    assert (waterfall.language, waterfall.detection.confidence, waterfall.detection.reason) == \
        ("text", "low", UNKNOWN)
    assert noun(waterfall.detection) == "code"


# ----------------------------------------------------------------------------------------------
# Prose


PROSE = [
    "Recovery Point Objective (RPO): Time between last backup and the failure.\n"
    "Recovery Time Objective (RTO): Time between the failure and fully recovery.",
    "1 RCU = 1 x 4KB read operation per second. (Even 1KB read will consume 1RCU).\n"
    "1 WCU = 1 x 1KB write operation per second.",
    "Term: explanation of the term\nOther term: another explanation",
    "Parameters: set of parameters\nResources: set of resources",
    "Pros: cheap and simple\nCons: eventually consistent",
    "Q: What is the max size of an SQS message?\nA: 256 KB.",
    "Notes:\nTodo:",
    "echo the request back to the client and log it.\nThen return.",
    "aws lambda functions can be invoked synchronously\nor asynchronously.",
    "Use aws s3 cp to copy files,\nor aws s3 sync for whole folders.",
    "git is a distributed version control system\nthat tracks changes.",
    "make sure the bucket policy allows the role.\nfind the instance id in the console.",
    "cd into the folder\nls the files",
    '"Effect": "Allow", "Action": ["execute-api:InvalidateCache"] allows any request\n'
    "to invalidate cache results in API Gateway.",
    '"Yes", she said.\n"No", he said.',
    "S3 -> Lambda -> DynamoDB\nSQS -> Lambda -> SNS",
    "Region -> AZ -> Subnet is the hierarchy\nto remember for the exam.",
    "cost = requests x price\ntotal = 5 + 10",
    "Name | Value | Notes\nA | B | C",
]


@pytest.mark.parametrize("text", PROSE)
def test_prose_is_not_flagged(text: str) -> None:
    detection = detect(lines(text))
    assert detection is None or detection.confidence == "low"
    assert all(s.detection is None or s.detection.confidence == "low" for s in found(text + "\n"))


@pytest.mark.parametrize("text", [
    "- Retention period: from 1 minute to 14 days\n- Visibility timeout: 30 seconds by default\n",
    "- Standard: 3-5 hours\n- Bulk: 5-12 hours\n",
    "- Compute:\n  - EC2\n  - Lambda\n",
    "| Name | Value |\n| a | b |\n",
    "| Name | Value |\n| --- | --- |\n| a | b |\n",
    "> aws s3 ls --recursive\n> aws s3 cp a b --acl private\n",  # block quotes are not searched
])
def test_lists_tables_and_quotes_are_not_flagged(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("line", "prose"), [
    ("Recovery Point Objective (RPO): Time between last backup and the failure.", True),
    ("This is how the policy is evaluated", True),
    ('"Effect": "Allow and then some of the words"', False),  # quoted words are not prose
    ("aws s3 ls --recursive", False),
])
def test_is_prose(line: str, prose: bool) -> None:
    assert is_prose(line) is prose


# ----------------------------------------------------------------------------------------------
# Notes written by other people


@pytest.mark.parametrize(("body", "language", "confidence"), [
    ('"Effect": "Allow",\n"Action": "s3:GetObject",\n"Resource": "*"', "json", "high"),  # a fragment
    ('{\n  // who may read\n  "Effect": "Allow",\n  /* any key */\n  "Resource": "*"\n}', "json", "high"),
    ('{\n  "Statement": [ ... ],\n  ...\n}', "json", "medium"),
    ('[\n  {"a": 1},\n  {"a": 2}\n]', "json", "high"),  # parses
    ("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name: !Ref Name",
     "yaml", "high"),
    ("Value:\n  Fn::GetAtt: [Bucket, Arn]\nOther:\n  Fn::Join: ['', [a, b]]", "yaml", "high"),
    ("---\nversion: 0.0\nos: linux\n---\nversion: 0.0\nos: windows", "yaml", "medium"),
    ("phases:\n  install:\n    commands:\n      - npm ci", "yaml", "high"),
    ("$ aws s3 ls\n2021-01-01 12:00:00 my-bucket", "console", "high"),
    ("$ pyenv versions\n  system\n* 3.11.7", "console", "high"),
    ("aws cloudformation deploy \\\n  --template-file t.yaml \\\n  --stack-name s", "bash", "high"),
    ("npm install\nnpm start", "bash", "medium"),  # in a fence, a command word is enough
    ("export PATH=$HOME/bin:$PATH", "bash", "high"),
    ("./configure --prefix=/usr\nmake", "bash", "medium"),
    ("Client\n  |\n  v\nServer", "text", "high"),
    ("+------+------+\n| a    | b    |\n+------+------+", "text", "high"),
])
def test_fenced_without_a_language_gets_the_detected_one(body: str, language: str, confidence: str) -> None:
    [snippet] = snippets(parse(f"Notes\n\n```\n{body}\n```\n", "n.md"))
    assert snippet.fenced and snippet.text == body
    assert snippet.detection is not None
    assert (snippet.language, snippet.detection.confidence) == (language, confidence)


@pytest.mark.parametrize("body", [
    "START RequestId: 1 Version: $LATEST\nEND RequestId: 1",
    "Content-Type: application/json\nAuthorization: Bearer token value",
    "Hello world, this is some output from the program.\nAnd the second line of it.",
    "def handler(event, context):\n    return event",
])
def test_fenced_content_that_is_no_known_language_gets_none(body: str) -> None:
    [snippet] = snippets(parse(f"```\n{body}\n```\n", "n.md"))
    assert snippet.language == "" or snippet.detection is None or snippet.detection.confidence == "low"


def test_a_fence_with_a_language_is_taken_at_its_word() -> None:
    [snippet] = snippets(parse('```yml\n"a": 1\n```\n', "n.md"))
    assert (snippet.language, snippet.detection, snippet.fenced) == ("yml", None, True)
    assert (snippet.start_line, snippet.end_line, snippet.code) == (2, 2, '"a": 1')


# ----------------------------------------------------------------------------------------------
# Where snippets are


def test_paragraph_snippet_fields() -> None:
    text = 'Policy:\n\n  "Version": "2012-10-17",\n  "Statement": [\n      "Effect": "Allow",\n'
    snippet = only(text)
    assert snippet.block.kind == "paragraph" and snippet.text == snippet.block.text
    assert snippet.text == '"Version": "2012-10-17",\n  "Statement": [\n      "Effect": "Allow",'
    assert snippet.code == '"Version": "2012-10-17",\n"Statement": [\n    "Effect": "Allow",'
    assert (snippet.start_line, snippet.end_line, snippet.indent) == (3, 5, 0)


def test_inside_a_list_item_lines_are_read_from_the_item_column() -> None:
    text = '1. Allow it:\n\n   "Effect": "Allow",\n   "Action": "s3:*",\n   "Resource": "*"\n2. next\n'
    snippet = only(text)
    assert (snippet.indent, snippet.language, snippet.refittable) == (3, "json", True)
    assert snippet.code == '"Effect": "Allow",\n"Action": "s3:*",\n"Resource": "*"'


def test_a_lazy_line_reads_every_line_at_its_file_column() -> None:
    snippet = [s for s in snippets(corpus()) if s.start_line == 91][0]
    assert (snippet.indent, snippet.refittable, len(snippet.blocks)) == (2, False, 2)
    assert [b.kind for b in snippet.blocks] == ["code", "paragraph"]
    assert snippet.code.split("\n")[:3] == ["       |----- VPC ----|-----    AZ", "       |              |",
                                            "Region |----- VPC     |-----    AZ"]


def test_a_diagram_goes_on_into_the_indented_code_after_it() -> None:
    [snippet] = [s for s in snippets(corpus()) if s.start_line == 1266]
    assert snippet.end_line == 1270 and [b.kind for b in snippet.blocks] == ["paragraph", "code"]
    assert snippet.code.split("\n")[2] == ""


def test_the_first_paragraph_of_an_item_is_the_item_not_a_snippet() -> None:
    assert found("- aws s3 ls --recursive\n- aws s3 cp a b --acl private\n") == []


def test_snippets_are_computed_once_per_document() -> None:
    doc = parse("  a -->  b\n       |\n  c\n", "n.md")
    assert snippets(doc) is snippets(doc)
    assert doc.derived["snippets"] is snippets(doc)


@pytest.mark.parametrize("doc", [corpus(), parse("\ufeff  \"a\": 1,\r\n  \"b\": {\r\n\t\"c\": 2\r\n", "n.md"),
                                 parse("- x\n\n  ```\n  {\"a\": 1}\n  ```\n", "n.md")],
                         ids=["corpus", "crlf-bom-tab", "fenced-in-item"])
def test_code_maps_onto_the_file_exactly(doc: Document) -> None:
    assert snippets(doc)
    for snippet in snippets(doc):
        code_lines = snippet.source.split("\n")
        assert len(code_lines) == len(snippet.offsets) or not snippet.offsets
        pos = 0
        for line in code_lines:
            start = snippet.offset(pos)
            if "\t" not in doc.line_text(doc.line_of(start)):
                assert doc.text[start:start + len(line)] == line, (snippet.start_line, line)
            else:  # a tab was read as spaces: the offset is where the line's text begins
                assert not snippet.refittable
                assert doc.text[start:].startswith(line.lstrip()), (snippet.start_line, line)
            pos += len(line) + 1


# ----------------------------------------------------------------------------------------------
# Properties


def test_confidences_are_ordered() -> None:
    assert at_least("high", "medium") and at_least("medium", "medium") and not at_least("low", "medium")
    assert CONFIDENCES == ("low", "medium", "high")


_LINE = st.one_of(
    st.sampled_from(['"Version": "2012-10-17",', '  "Action": ["s3:*"],', "}", "Type: AWS::S3::Bucket",
                     "  Properties:", "- Name: x", "aws s3 ls --recursive", "$ ls", "  |----> B", "",
                     "A sentence with the words in it.", "Key: value", "    indented", "> quoted",
                     "- item", "1. item", "```", "\t\"tab\": 1", "--- x", "   v"]),
    st.text(alphabet=" ab:|-\"{}[]$#>\t.", max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=14), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_any_document_gives_snippets_that_map_exactly(parts: list[str], newline: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + newline.join(parts) + newline
    doc = parse(text, "n.md")
    for snippet in snippets(doc):
        assert snippet.detection is None or (snippet.detection.confidence in CONFIDENCES
                                             and 0 <= snippet.detection.score <= 1)
        pos = 0
        for line in snippet.source.split("\n"):
            start = snippet.offset(pos)
            if "\t" not in doc.line_text(doc.line_of(start)):
                assert doc.text[start:start + len(line)] == line
            pos += len(line) + 1


CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: debug
  app.properties: |
    cache.enabled=true
    cache.ttl=300
"""


def test_a_block_scalar_s_lines_are_its_text_not_lines_that_lost_their_colon() -> None:
    """``app.properties: |`` over ``cache.ttl=300``: the text of the value, read as nothing else."""
    found = detect(CONFIGMAP.splitlines())
    assert found is not None and (found.language, found.confidence) == ("yaml", "high")
    assert found.reason == "7 of 7 lines are YAML keys, with nesting"  # the two text lines apart


def test_a_tab_indents_yaml_for_detection_and_one_slip_among_six_keys_is_yaml() -> None:
    tabbed = ("version: 0.2\nphases:\n  install:\n\truntime-versions:\n      nodejs: 14\n  build:\n"
              "    commands:\n")
    found = detect(tabbed.splitlines())
    assert found is not None and found.language == "yaml"
    slipped = CONFIGMAP.replace("  LOG_LEVEL: debug", "  LOG_LEVEL debug")  # one line of 9 lost its colon
    found = detect(slipped.splitlines())
    assert found is not None and found.language == "yaml"
    assert detect("Name: Alice\nAge: 30\nCity Sydney\n".splitlines()) is None  # too few keys to tell


POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:Query"],
      "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores"
    }
  ]
}"""


@pytest.mark.parametrize("slip", ["'Resource': 'arn:aws:dynamodb:us-east-1:123456789012:table/GameScores'",
                                  'Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores"'])
def test_one_member_whose_key_lost_its_quotes_is_a_slip_in_json(slip: str) -> None:
    """A policy with one single-quoted or unquoted key is still JSON, broken: broken-json checks
    it. Two such lines, or an object of a few members, are no longer sure to be JSON."""
    broken = POLICY.replace('"Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores"', slip)
    found = detect(broken.splitlines(), code=True)
    assert found is not None and (found.language, found.confidence) == ("json", "medium")
    assert "one a member whose key lost its double quotes" in found.reason
    twice = broken.replace('"Effect": "Allow"', "Effect: 'Allow'")
    assert detect(twice.splitlines(), code=True) is None
    assert detect(['{', "  name: 'web'", '  "port": 80', '}'], code=True) is None
    doc = parse(f"The policy:\n\n```\n{broken}\n```\n")
    [finding] = BrokenJson().check(doc, RuleContext())
    assert finding.line == 10 and finding.severity == "error"  # the slip's line
