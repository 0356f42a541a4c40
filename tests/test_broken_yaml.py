"""broken-yaml: fenced ```yaml blocks that do not load safely, located in the notes file."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.broken_yaml import BrokenYaml

CORPUS = Path(__file__).resolve().parent.parent / "notes" / "aws-notes.md"


def check(text: str, **options: int) -> list[Finding]:
    return list(BrokenYaml().check(parse(text, "notes.md"), RuleContext(options=options)))


def only(text: str, **options: int) -> Finding:
    findings = check(text, **options)
    assert len(findings) == 1, findings
    return findings[0]


def fenced(body: str, info: str = "yaml", indent: str = "") -> str:
    lines = [f"```{info}", *body.rstrip("\n").split("\n"), "```"]
    return "\n".join(indent + line for line in lines) + "\n"


def test_mapping_value_where_none_is_allowed() -> None:
    text = "# Template\n\n" + fenced("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
                                     "     Properties:\n      BucketName: !Ref Name")
    finding = only(text)
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (7, 16, 7, 17)
    assert text[finding.start:finding.end] == ":"
    assert finding.message.startswith("invalid YAML: a ': ' here starts a mapping where none can be")
    assert finding.rule == "broken-yaml" and finding.severity == "error" and finding.fix is None


def test_inside_a_list_item() -> None:
    text = "- Deploy with:\n\n" + fenced("version: 0.0\nhooks:\n  - a\n  b: 1", indent="  ") + "- next\n"
    finding = only(text)
    assert (finding.line, finding.column) == (7, 5)
    assert text[finding.start:finding.end] == "b"
    assert "(while parsing a block collection that starts at line 6, column 5)" in finding.message


def test_crlf_file_with_bom() -> None:
    text = "\ufeff# Notes\r\n\r\n```yml\r\nResources:\r\n  A: 1\r\n  A: 2\r\n```\r\n"
    finding = only(text)
    assert (finding.line, finding.column, finding.end_column) == (6, 3, 4)
    assert finding.message == "invalid YAML: duplicate key 'A' (first defined at line 5, column 3)"


def test_in_a_quote_the_unclosed_quote_is_pointed_at() -> None:
    text = "> ```yaml\n> a: 'never closed\n> b: 2\n> ```\n"
    finding = only(text)
    assert (finding.line, finding.column) == (2, 6)
    assert finding.message == "invalid YAML: the quoted string is never closed"


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    body = f'ok: 1\nrun: !!python/object/apply:os.mkdir ["{marker}"]'
    text = "Notes\n\n" + fenced(body)
    finding = only(text)
    assert not marker.exists()
    assert (finding.line, finding.column) == (5, 6)
    assert text[finding.start:finding.end] == "!!python/object/apply:os.mkdir"
    assert "refused" in finding.message


@pytest.mark.parametrize("body", [
    "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
    "      Role: !GetAtt Role.Arn\n      Env: !Sub '${AWS::Region}'\n"
    "      Subnets: !Split [',', !ImportValue Subnets]\n      Cidr: !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]\n"
    "      Zone: !Select [0, !GetAZs '']\n      Name: !If [IsProd, !Join ['-', [a, b]], !Ref AWS::NoValue]\n"
    "      Map: !FindInMap [M, !Ref 'AWS::Region', Id]\n      Data: !Base64 {Fn::Sub: x}\n"
    "Conditions:\n  C: !And [!Equals [a, b], !Or [!Not [!Condition D], !Condition E]]\n",
    "Value:\n  Fn::GetAtt: [Bucket, Arn]\nOther:\n  Fn::Join: ['', [a, {Ref: B}]]\n",
    "Tags: [!Ref AWS::NoValue]\nCustom: !Whatever {a: 1}\n",
    "---\nversion: 0.0\n---\n- a\n...\n---\nplain\n",
    "base: &base {a: 1}\nderived:\n  <<: *base\n  b: 2\n",
    "# only a comment\n",
])
def test_valid_yaml_is_not_flagged(body: str) -> None:
    assert check("Notes\n\n" + fenced(body)) == []
    assert check("- item\n\n" + fenced(body, "yml", indent="  ")) == []


@pytest.mark.parametrize("text", [
    "```yaml\n```\n",
    "```json\na: b: c\n```\n",
    "```\na: b: c\n```\n",
    "    a: b: c\n",
    "```toml\na: b: c\n```\n",
])
def test_other_blocks_are_not_read(text: str) -> None:
    assert check(text) == []


def test_alias_bomb_gives_a_finding() -> None:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    finding = only(fenced("\n".join(lines)))
    assert "with its aliases expanded, the snippet has more than 100,000 nodes" in finding.message
    assert (finding.line, finding.column) == (7, 10)  # the first alias past the bound


@pytest.mark.parametrize("body", ["[" * 3000, "[" * 3000 + "]" * 3000, "- " * 3000 + "x"])
def test_deep_nesting_gives_a_finding(body: str) -> None:
    finding = only(fenced(body))
    assert "more than 64 levels deep" in finding.message
    assert finding.line == 2


def test_bounds_are_options() -> None:
    body = "a: [[[1]]]\n"
    assert check(fenced(body)) == []
    finding = only(fenced(body), **{"max-depth": 3})
    assert (finding.line, finding.column) == (2, 6)
    assert "more than 3 levels" in finding.message
    large = only(fenced(body), **{"max-chars": 5})
    assert large.message == "YAML not checked: the snippet has 10 characters, more than the 5 this " \
        "check reads"
    assert large.severity == "warning"  # not known to be broken


def test_unclosed_fence_says_so() -> None:
    finding = only("```yaml\na: 1\n\nSome prose: with a colon: here\n")
    assert finding.line == 4 and "the fence is never closed" in finding.message


def test_registered_with_documentation() -> None:
    assert all_rules()["broken-yaml"] is BrokenYaml
    doc = BrokenYaml.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert set(BrokenYaml.options) == {"max-chars", "max-depth", "max-aliases", "max-nodes"}


def test_corpus_has_no_fenced_yaml_and_no_false_positive() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    fenced_blocks = [b for b in doc.blocks if b.kind == "code" and b.style == "fenced"]
    assert fenced_blocks == []
    assert list(BrokenYaml().check(doc, RuleContext())) == []


def test_corpus_templates_once_fenced() -> None:
    # The corpus's CloudFormation snippets lost their parent keys. Fenced as they are, the one
    # at lines 2584-2589 is reported where its structure breaks, and line 2621's !Ref is valid.
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    broken = [line[4:] for line in lines[2583:2589]]
    assert broken[0] == 'Type: "AWS::S3::Bucket"'
    finding = only("```yaml\n" + "\n".join(broken) + "\n```\n")
    assert (finding.line, finding.column) == (3, 3)
    assert "expected the end of the block, but found a mapping" in finding.message
    assert lines[2620].strip() == 'Value: !Ref "AWS::Region"'
    assert check("```yaml\n" + lines[2620].strip() + "\n```\n") == []


def test_documented_example_is_flagged_where_the_docs_say() -> None:
    doc = BrokenYaml.documentation()
    bad, good = (part.split("````")[0] for part in doc.split("````markdown\n")[1:])
    finding = only(bad)
    assert "is reported at line 5, column 16" in doc
    assert (finding.line, finding.column) == (5, 16)
    assert check(good) == []
