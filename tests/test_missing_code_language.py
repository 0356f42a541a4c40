"""missing-code-language: fences without a language whose content is JSON, YAML or shell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixers.apply import FixResult, fix_document
from lint.config import Config
from lint.engine import Engine
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.missing_code_language import MissingCodeLanguage

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str, **options: str) -> list[Finding]:
    return list(MissingCodeLanguage().check(parse(text, "n.md"), RuleContext(options=options)))


def fix(text: str, tmp_path: Path, *, unsafe: bool = False) -> FixResult:
    run = Engine(Config(root=tmp_path, select=["missing-code-language"]))
    return fix_document(parse(text, "n.md"), lambda doc: run.check([doc]), unsafe=unsafe)


@pytest.mark.parametrize(("body", "info"), [
    ('{\n  "Effect": "Allow",\n  "Action": "s3:GetObject"\n}', "json"),
    ('"Effect": "Allow",\n"Action": "s3:*",\n"Resource": "*"', "json"),  # a deliberate fragment
    ('{\n  // comment\n  "a": 1,\n  "b": [1, 2]\n}', "jsonc"),  # comments: a json fence fails
    ("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: !GetAtt R.Arn",
     "yaml"),
    ("---\nversion: 0.0\nos: linux\nfiles:\n  - source: /\n---\nversion: 0.0", "yaml"),
    ("aws s3 cp ./site s3://bucket --recursive", "bash"),
    ("$ sam build\n$ sam deploy --guided\nDeploying ...", "console"),
])
def test_recognised_content_is_flagged_and_labelled(body: str, info: str, tmp_path: Path) -> None:
    text = f"Example:\n\n```\n{body}\n```\n"
    [finding] = check(text)
    assert (finding.rule, finding.severity) == ("missing-code-language", "info")
    assert (finding.line, finding.end_line) == (3, 3)
    assert text[finding.start:finding.end] == "```"
    assert finding.message.startswith("Code fence without a language holds a ")
    assert finding.message.endswith(f"; label it ```{info}")
    result = fix(text, tmp_path)
    assert result.text == f"Example:\n\n```{info}\n{body}\n```\n"
    assert fix(result.text, tmp_path).changed is False
    [block] = [b for b in parse(result.text).blocks if b.kind == "code"]
    assert (block.info, block.text) == (info, body)


@pytest.mark.parametrize("text", [
    "```\nplain output line\nanother line of output\n```\n",
    "```\n  a -->  b\n       |\n  c\n```\n",  # a diagram is fine without a language
    "```\nINFO started the server on port 8080\nWARN slow request\n```\n",
    "```json\n{}\n```\n",
    "```text\naws s3 ls --recursive\n```\n",
    "    aws s3 ls --recursive\n",  # unfenced: unfenced-code's business
    "```\n```\n",
])
def test_other_fences_are_left_alone(text: str) -> None:
    assert check(text) == []


def test_medium_confidence_is_reported_with_an_unsafe_fix(tmp_path: Path) -> None:
    text = "```\nnpm ci\nnpm test\n```\n"
    [finding] = check(text)
    assert "(medium confidence: 2 shell commands)" in finding.message
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert fix(text, tmp_path).changed is False
    assert fix(text, tmp_path, unsafe=True).text == "```bash\nnpm ci\nnpm test\n```\n"
    assert check(text, **{"min-confidence": "high"}) == []


def test_in_a_list_item_with_crlf(tmp_path: Path) -> None:
    text = "\ufeff- Policy:\r\n\r\n  ~~~\r\n  {\"a\": [1, 2]}\r\n  ~~~\r\n"
    [finding] = check(text)
    assert (finding.line, finding.column) == (3, 3)
    assert fix(text, tmp_path).text == "\ufeff- Policy:\r\n\r\n  ~~~json\r\n  {\"a\": [1, 2]}\r\n  ~~~\r\n"


def test_corpus_has_no_fence_to_label() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    assert list(MissingCodeLanguage().check(doc, RuleContext())) == []


def test_registered_with_documentation() -> None:
    assert all_rules()["missing-code-language"] is MissingCodeLanguage
    doc = MissingCodeLanguage.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    bad = doc.split("````markdown\n")[1].split("\n````")[0] + "\n"
    good = doc.split("````markdown\n")[2].split("\n````")[0] + "\n"
    [finding] = check(bad)
    assert finding.fix is not None and finding.fix.is_safe()
    assert check(good) == []


def test_json_with_comments_is_labelled_jsonc_and_the_fix_converges(tmp_path: Path) -> None:
    """A ```json label on JSON with comments would leave broken-json's "use a jsonc fence"."""
    text = '```\n{\n  // the version\n  "Version": "2012-10-17"\n}\n```\n'
    [finding] = check(text)
    assert finding.message.endswith("label it ```jsonc")
    assert check('```\n{\n  "url": "https://example.com/a//b"\n}\n```\n')[0].message.endswith("```json")
    path = tmp_path / "a.md"
    path.write_text(text)
    run = [sys.executable, "-m", "lint.cli"]
    subprocess.run([*run, "fix", str(path)], capture_output=True, check=False)
    assert path.read_text().startswith("```jsonc\n")
    assert subprocess.run([*run, "check", str(path)], capture_output=True).returncode == 0
