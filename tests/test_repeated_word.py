"""repeated-word: a word written twice in a row, on real slips from notes and the repeats that
mean something."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixers.apply import apply_edits
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.repeated_word import RepeatedWord

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str) -> list[Finding]:
    return list(RepeatedWord().check(parse(text, "notes/a.md"), RuleContext()))


def flagged(text: str) -> list[str]:
    return [text[f.start:f.end] for f in check(text)]


def fixed(text: str) -> str:
    return apply_edits(text, [e for f in check(text) if f.fix for e in f.fix.edits])


@pytest.mark.parametrize(("text", "pair", "expected"), [
    ("SAM will fill in the the missing pieces.\n", "the the", "SAM will fill in the missing pieces.\n"),
    ("Versioning comes with with MFA delete.\n", "with with", "Versioning comes with MFA delete.\n"),
    ("Would you create a a separate Pod?\n", "a a", "Would you create a separate Pod?\n"),
    ("Per per bandwidth pricing.\n", "Per per", "Per bandwidth pricing.\n"),
    ("- the VPC network network is peered\n", "network network", "- the VPC network is peered\n"),
    ("> quoted, and and kept\n", "and and", "> quoted, and kept\n"),
    ("A NAT gateway to to enable instances\n", "to to", "A NAT gateway to enable instances\n"),
])
def test_a_doubled_word_is_reported_and_deleted(text: str, pair: str, expected: str) -> None:
    [finding] = check(text)
    assert text[finding.start:finding.end] == pair and finding.rule == "repeated-word"
    assert finding.fix is not None and finding.fix.applicability == "safe"
    assert fixed(text) == expected
    assert check(expected) == []  # converges


@pytest.mark.parametrize("text", [
    "It turns out that that's not what they meant.\n",  # that that
    "Are very very fast.\n",
    "Log in in the console, then turn on on boot.\n",  # a particle, then its preposition
    "As the on-demand demand goes up, prices rise.\n",  # part of a compound
    "Combine conditions using AND and OR.\n",  # another case: a keyword
    "Run these:\n    ls\n    ls -l\n",  # pasted commands, one a line
    "Both sides of the transfer\nTransfer data between instances.\n",  # a new line, a new thought
    "Use `x` x here, and 3 3 and b b.\n",  # code between; digits; a single letter
    "| the | the |\n|---|---|\n| a | b |\n",  # two cells
    "3. `vim /etc/fstab` (UUID=123 swap swap default 0 0)\n",  # an fstab entry: config
    "   > apt-get install curl\n   > curl -s http://podIP\n",  # a command opens the next line
    "- name: Start & Enable HTTPD service\n  service:\n    name: httpd\n    state: started\n",  # a task
])
def test_repeats_that_mean_something_are_left_alone(text: str) -> None:
    assert flagged(text) == []


def test_across_a_line_break_it_is_reported_without_a_fix() -> None:
    text = "Work out what you mean and fill in the\nthe missing pieces.\n"
    [finding] = check(text)
    assert (finding.line, finding.end_line, finding.fix) == (1, 2, None)


def test_corpus_has_the_one_doubled_word() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    [finding] = check(text)
    assert finding.line == 2574 and text[finding.start:finding.end] == "the the"


def test_registered_with_its_documentation() -> None:
    rule = all_rules()["repeated-word"]
    assert rule is RepeatedWord and rule.severity == "warning"
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in rule.documentation()
