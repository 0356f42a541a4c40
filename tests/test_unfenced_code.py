"""unfenced-code: what it flags in the user's notes (reviewed by eye), what it leaves alone, and
its fence fix applied through the engine and the applier, byte for byte."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixers.apply import FixResult, fix_document
from lint.config import Config
from lint.document import Document
from lint.engine import Engine
from lint.finding import Finding
from lint.parser import parse
from lint.prose import prose_words
from lint.registry import RuleContext, all_rules
from lint.rules.unfenced_code import UnfencedCode
from lint.snippets.detect import snippets

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"

# Every finding on the corpus, reviewed by eye against the file: (first line, last line, info).
# All 36 are code that lost its fence. None is prose.
REVIEWED = {
    (91, 97, "text"),  # VPC / AZ / subnet tree: an indented code block and the paragraph after it
    (188, 190, "text"),  # one NACL, three subnets
    (285, 295, "json"),  # S3 bucket policy (Allow, Deny with a date condition), in a list item
    (299, 307, "json"),  # SCP denying regions outside a list
    (321, 334, "json"),  # home-folder S3 policy, three statements, in a list item
    (400, 410, "json"),  # trust policy with MFA and IP conditions
    (501, 505, "json"),  # KMS key policy statement, in a list item
    (515, 519, "json"),  # KMS encrypt/decrypt identity policy
    (523, 523, "bash"),  # echo ... > battleplans.txt
    (525, 530, "bash"),  # aws kms encrypt, continued lines, piped to base64
    (532, 535, "bash"),  # aws kms decrypt
    (554, 555, "text"),  # User or App --- S3 Endpoint --- S3 Storage, the master key below
    (571, 572, "text"),  # the same with KMS
    (674, 679, "text"),  # ELB DNS name to its nodes: an indented code block and a paragraph
    (731, 734, "text"),  # Domain Name -> ELB DNS -> ELB Node, rules and groups below
    (837, 840, "text"),  # hosted zone and its four name servers
    (1025, 1029, "json"),  # Lambda proxy response (true|false, httpStatusCode placeholders)
    (1037, 1039, "text"),  # CloudFront behaviours
    (1182, 1188, "json"),  # public-read bucket policy, in a list item
    (1234, 1240, "json"),  # static hosting bucket policy, in a list item
    (1255, 1257, "text"),  # versioning states: Disabled -- Enabled -- Suspended
    (1266, 1270, "text"),  # two object versions side by side, the rest indented below
    (1377, 1377, "bash"),  # aws s3 presign
    (1383, 1390, "json"),  # CORS rules (an indented code block)
    (2113, 2113, "bash"),  # aws lambda update-function-configuration
    (2214, 2218, "text"),  # --- Container Defination (x3): branches of a task definition
    (2278, 2280, "json"),  # ECS placementStrategy
    (2550, 2557, "yaml"),  # SAM function with an Events property
    (2584, 2589, "yaml"),  # non-portable CloudFormation template
    (2593, 2601, "yaml"),  # portable version with !Ref parameters
    (2605, 2611, "yaml"),  # SSM parameter version
    (2621, 2621, "yaml"),  # Value: !Ref "AWS::Region"
    (2805, 2809, "yaml"),  # SAM Transform
    (2886, 2888, "yaml"),  # appspec files: a list whose "files:" key was lost
    (2894, 2896, "yaml"),  # appspec ECS TargetService
    (2900, 2901, "yaml"),  # appspec Lambda function
}
# Lost snippets the rule does not report, and why: line 62 sits in a block quote (and lost its
# "aws"); 1261-1262 ("key = image.jpg / id  = null") draws nothing; 2314-2320 (an Elastic
# Beanstalk diagram) is three one-line paragraphs; 2779-2780 ("cfn-init: ---") is low
# confidence; 1335-1343 (storage classes as a staircase) is an indented code block of no
# language (low).


@cache
def corpus() -> Document:
    return parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))


def check(text: str, **options: str) -> list[Finding]:
    return list(UnfencedCode().check(parse(text, "n.md"), RuleContext(options=options)))


def engine(tmp_path: Path) -> Engine:
    return Engine(Config(root=tmp_path, select=["unfenced-code"]))


def fix(text: str, tmp_path: Path, *, unsafe: bool = False) -> FixResult:
    run = engine(tmp_path)
    return fix_document(parse(text, "n.md"), lambda doc: run.check([doc]), unsafe=unsafe)


def code_blocks(text: str) -> list[tuple[str | None, str, str]]:
    """(info, text, kind of the parent) of each code block after a re-parse."""
    doc = parse(text, "n.md")
    return [(b.info, b.text, doc.blocks[b.parent].kind if b.parent is not None else "top")
            for b in doc.blocks if b.kind == "code"]


# ----------------------------------------------------------------------------------------------
# The corpus


def test_corpus_findings_are_exactly_the_reviewed_snippets() -> None:
    findings = list(UnfencedCode().check(corpus(), RuleContext(options=UnfencedCode.options)))
    flagged = {(f.line, f.end_line, f.message.rsplit("```", 1)[1]) for f in findings}
    assert flagged == REVIEWED
    assert all(f.rule == "unfenced-code" and f.severity == "warning" for f in findings)


def test_corpus_counts_by_language_and_confidence() -> None:
    counts: dict[tuple[str, str], int] = {}
    for s in snippets(corpus()):
        if not s.fenced and s.detection is not None:
            key = (s.language, s.detection.confidence)
            counts[key] = counts.get(key, 0) + 1
    assert counts == {("json", "high"): 11, ("yaml", "high"): 8, ("yaml", "medium"): 1, ("yaml", "low"): 1,
                      ("bash", "high"): 5, ("text", "high"): 10, ("text", "medium"): 1, ("text", "low"): 1}


def test_message_names_language_confidence_and_reason() -> None:
    [finding] = [f for f in UnfencedCode().check(corpus(), RuleContext()) if f.line == 285]
    assert finding.message == ("Unfenced JSON snippet (high confidence: 11 of 11 lines are JSON members); "
                               "fence it as ```json")
    assert (finding.column, finding.end_line) == (3, 295)
    assert corpus().text[finding.start:].startswith('"Version": "2012-10-17",')
    [code] = [f for f in UnfencedCode().check(corpus(), RuleContext()) if f.line == 1383]
    assert code.message.startswith("Unfenced JSON snippet in an indented code block (high confidence")


def test_corpus_fixed_with_unsafe_fixes_fences_every_snippet(tmp_path: Path) -> None:
    original = corpus()
    expected = {s.start_line: s for s in snippets(original) if (s.start_line, s.end_line, s.language)
                in REVIEWED}
    result = fix_document(original, lambda doc: engine(tmp_path).check([doc]), unsafe=True)
    assert result.converged and not result.rejected and len(result.fixed) == len(REVIEWED)
    assert [f for f in result.remaining if f.rule == "unfenced-code"] == []
    fences = [(b.info, b.text) for b in result.document.blocks if b.kind == "code" and b.style == "fenced"]
    assert sorted(fences) == sorted((s.language, s.code) for s in expected.values())
    # Left indented: five sentences, the storage-class staircase, "cfn-init: ---".
    assert sum(1 for b in result.document.blocks if b.kind == "code" and b.style == "indent") == 7
    again = fix_document(result.document, lambda doc: engine(tmp_path).check([doc]), unsafe=True)
    assert not again.changed and again.fixed == ()


def test_corpus_safe_fixes_leave_the_doubtful_ones(tmp_path: Path) -> None:
    result = fix_document(corpus(), lambda doc: engine(tmp_path).check([doc]))
    left = {(f.line, f.end_line) for f in result.remaining}
    # Medium confidence, or lazy lines that a fence inside the item must re-indent.
    assert {(o.line, o.end_line) for o in result.fixed} == {(a, b) for a, b, _ in REVIEWED} - {
        (2886, 2888), (2214, 2218), (91, 97), (188, 190)}
    assert len(left) == 4


# ----------------------------------------------------------------------------------------------
# Options and prose


def test_min_confidence_option() -> None:
    high = {(f.line, f.end_line) for f in UnfencedCode().check(corpus(), RuleContext(
        options={"min-confidence": "high"}))}
    low = {(f.line, f.end_line) for f in UnfencedCode().check(corpus(), RuleContext(
        options={"min-confidence": "low"}))}
    default = {(a, b) for a, b, _ in REVIEWED}
    assert high == default - {(2886, 2888), (2214, 2218)}
    assert low == default | {(1335, 1343), (2779, 2780)}


@pytest.mark.parametrize("text", [
    "Recovery Point Objective (RPO): Time between last backup and the failure.\n"
    "Recovery Time Objective (RTO): Time between the failure and fully recovery.\n",
    "1 RCU = 1 x 4KB read operation per second.\n1 WCU = 1 x 1KB write operation per second.\n",
    "- Retention period: from 1 minute to 14 days\n- Default: 4 days\n",
    "Parameters: set of parameters\n\nResources: set of resources\n",
    "Run aws configure first, then the aws s3 commands work.\nSee the docs.\n",
    "S3 -> Lambda -> DynamoDB\nSQS -> Lambda -> SNS\n",
    "    You cannot copy an encrypted snapshot to yield an unencrypted one.\n",
    "| a | b |\n| c | d |\n",
])
def test_prose_is_not_flagged(text: str) -> None:
    assert check(text) == []


def test_indented_code_of_no_language_is_only_reported_at_low() -> None:
    text = "Tiers:\n\n    S3 Standard\n\n        S3 Glacier\n"
    assert check(text) == []
    [finding] = check(text, **{"min-confidence": "low"})
    assert finding.message == ("Unfenced code in an indented code block (low confidence: indented code of "
                               "no recognised language); fence it as ```text")
    assert finding.fix is not None and finding.fix.applicability == "unsafe"


# ----------------------------------------------------------------------------------------------
# The fix


def test_top_level_paragraph_is_fenced(tmp_path: Path) -> None:
    text = ('The policy:\n\n  "Version": "2012-10-17",\n  "Statement": [\n      "Effect": "Allow",\n\n'
            "After.\n")
    result = fix(text, tmp_path)
    assert result.text == ('The policy:\n\n```json\n"Version": "2012-10-17",\n"Statement": [\n    "Effect": '
                           '"Allow",\n```\n\nAfter.\n')
    assert code_blocks(result.text) == [("json", '"Version": "2012-10-17",\n"Statement": [\n    "Effect": '
                                         '"Allow",', "top")]
    assert fix(result.text, tmp_path).changed is False


def test_in_a_list_item_the_fence_stays_in_the_item(tmp_path: Path) -> None:
    text = ("- Deny outside the regions:\n\n  aws organizations create-policy \\\n"
            "      --type SERVICE_CONTROL_POLICY \\\n      --content file://scp.json\n- Next item\n")
    result = fix(text, tmp_path)
    assert result.text == ("- Deny outside the regions:\n\n  ```bash\n  aws organizations create-policy \\\n"
                           "      --type SERVICE_CONTROL_POLICY \\\n      --content file://scp.json\n  ```\n"
                           "- Next item\n")
    assert code_blocks(result.text) == [("bash", "aws organizations create-policy \\\n    --type "
                                         "SERVICE_CONTROL_POLICY \\\n    --content file://scp.json",
                                         "list_item")]
    assert sum(1 for b in parse(result.text).blocks if b.kind == "list_item") == 2
    assert fix(result.text, tmp_path).changed is False


def test_crlf_and_bom_are_kept_byte_for_byte(tmp_path: Path) -> None:
    text = ('\ufeff  "Sid": "PublicRead",\r\n  "Effect": "Allow",\r\n  "Principal": "*"\r\n\r\n'
            "- item\r\n\r\n      |----> Behaviour\r\n      |----> Behaviour\r\n")
    result = fix(text, tmp_path)
    assert result.text == ('\ufeff```json\r\n"Sid": "PublicRead",\r\n"Effect": "Allow",\r\n'
                           '"Principal": "*"\r\n```\r\n\r\n- item\r\n\r\n  ```text\r\n  |----> Behaviour\r\n'
                           "  |----> Behaviour\r\n  ```\r\n")
    assert [(i, t.replace("\r", "")) for i, t, _ in code_blocks(result.text)] == [
        ("json", '"Sid": "PublicRead",\n"Effect": "Allow",\n"Principal": "*"'),
        ("text", "|----> Behaviour\n|----> Behaviour")]
    assert fix(result.text, tmp_path).changed is False


def test_yaml_list_keeps_its_markers(tmp_path: Path) -> None:
    text = ("- For ECS:\n\n  - TargetService:\n      Type: AWS::ECS::Service\n        TaskDefinition: x\n\n"
            "- For Lambda\n")
    result = fix(text, tmp_path)
    assert result.text == ("- For ECS:\n\n  ```yaml\n  - TargetService:\n      Type: AWS::ECS::Service\n"
                           "        TaskDefinition: x\n  ```\n\n- For Lambda\n")
    assert code_blocks(result.text)[0][:2] == ("yaml", "- TargetService:\n    Type: AWS::ECS::Service\n"
                                                        "      TaskDefinition: x")


PLAY = """Playbook:

- hosts: node02
  tasks:
    - name: Start Nginx & MariaDB
      service:
        name: "{{ item }}"
        state: started
      loop:
        - nginx
        - mariadb

    - name: Delete folders under '/usr/share/nginx/html'
      file:
        path: /usr/share/nginx/html/*
        state: absent
"""


def test_a_play_pasted_without_a_fence_is_one_snippet_with_its_tasks(tmp_path: Path) -> None:
    """A play's text holds the list of its tasks: the whole play is the snippet (mleager's
    Ansible notes), and its tasks' list, YAML on its own, is no second one inside it."""
    [finding] = check(PLAY)
    assert (finding.line, finding.end_line) == (3, 16)
    result = fix(PLAY, tmp_path)
    assert code_blocks(result.text) == [("yaml", PLAY.split("\n\n", 1)[1].rstrip("\n"), "top")]
    assert fix(result.text, tmp_path).changed is False
    words = [w.text for w in prose_words(parse(PLAY))]
    assert words == ["Playbook"]  # the tasks' lines are code, not prose ("service" over "service:")


def test_medium_confidence_and_lazy_lines_are_unsafe(tmp_path: Path) -> None:
    lazy = "- NACL\n\n          |-----    Subnet\n1 NACL    |-----    Subnet\n          |-----    Subnet\n"
    [finding] = check(lazy)
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert fix(lazy, tmp_path).changed is False
    result = fix(lazy, tmp_path, unsafe=True)
    # Read at its file columns, the drawing keeps its alignment inside the item.
    assert code_blocks(result.text) == [("text", "          |-----    Subnet\n1 NACL    |-----    Subnet\n"
                                                 "          |-----    Subnet", "list_item")]
    medium = "    npm ci\n    npm test\n"
    [finding] = check(medium)
    assert "medium confidence" in finding.message and finding.fix is not None
    assert finding.fix.applicability == "unsafe"


def test_registered_with_documentation() -> None:
    assert all_rules()["unfenced-code"] is UnfencedCode
    doc = UnfencedCode.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert UnfencedCode.options == {"min-confidence": "medium"}


def test_documented_example_is_flagged_and_fixed_as_shown(tmp_path: Path) -> None:
    doc = UnfencedCode.documentation()
    example = doc.split("## Example\n")[1]
    bad = example.split("```markdown\n", 1)[1].split("\n```\n", 1)[0] + "\n"
    good = example.split("````markdown\n", 1)[1].split("\n````\n", 1)[0] + "\n"
    [finding] = check(bad)
    assert finding.message.startswith("Unfenced shell command (high confidence")
    assert fix(bad, tmp_path).text == good


# ----------------------------------------------------------------------------------------------
# Any document


_LINE = st.sampled_from([
    '"Version": "2012-10-17",', '  "Statement": [', '      "Effect": "Allow",', "  }",
    "Type: AWS::S3::Bucket", "  Properties:", "    BucketName: !Ref Name",
    "aws s3 ls s3://bucket --recursive", "$ sam deploy", "  |----> Behaviour", "       |", "A --> B",
    "", "", "A sentence with the words in it.", "Term: words here", "- item", "  - nested", "1. first",
    "    indented code", "      |-----    Subnet", "> quoted", "```", "# Heading", "  - TargetService:",
    "      Type: AWS::ECS::Service", "\t\"tab\": 1,", "---",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=16), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_fixing_any_document_converges_and_fences_what_it_fixes(parts: list[str], newline: str,
                                                                  bom: bool) -> None:
    text = ("\ufeff" if bom else "") + newline.join(parts) + newline
    doc = parse(text, "n.md")
    rule, ctx = UnfencedCode(), RuleContext(options=UnfencedCode.options)
    wanted = {(s.start_line, s.end_line): (s.language, s.code) for s in snippets(doc)
              if not s.fenced and s.detection is not None and s.detection.confidence != "low"}
    result = fix_document(doc, lambda d: list(rule.check(d, ctx)), unsafe=True)
    assert result.converged and result.text.startswith("\ufeff") == bom
    refused = {(r.line, r.end_line) for r in result.rejected}
    assert {(f.line, f.end_line) for f in result.fixed} == set(wanted) - refused
    assert len([f for f in result.remaining if f.rule == "unfenced-code"]) == len(refused)
    fences = Counter((b.info or "", b.text) for b in result.document.blocks
                     if b.kind == "code" and b.style == "fenced")
    made = Counter(wanted[(f.line, f.end_line)] for f in result.fixed)
    assert not made - fences, "every fixed snippet is a fenced block with its language and its code"
    again = fix_document(result.document, lambda d: list(rule.check(d, ctx)), unsafe=True)
    assert not again.changed
