"""`typo-confusion`: its / it's, from the words that follow."""

from __future__ import annotations

import pytest

from fixers.apply import apply_edits
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.typo_confusion import TypoConfusion


def check(text: str) -> list[Finding]:
    return list(TypoConfusion().check(parse(text), RuleContext()))


def fixed(text: str) -> str:
    return apply_edits(text, [e for f in check(text) if f.fix and f.fix.is_safe() for e in f.fix.edits])


@pytest.mark.parametrize("text, expected", [
    ("Its a standby replica.\n", "It's a standby replica.\n"),
    ("It is secure as its not public.\n", "It is secure as it's not public.\n"),
    ("Its the job of the load balancer.\n", "It's the job of the load balancer.\n"),
    ("Its been deleted.\n", "It's been deleted.\n"),
    ("Each stage has it's own configuration.\n", "Each stage has its own configuration.\n"),
    ("Its an ALB, it’s fine.\n", "It’s an ALB, it’s fine.\n"),  # the document's apostrophe
])
def test_certain_cases_are_fixed_safely(text: str, expected: str) -> None:
    assert fixed(text) == expected
    assert all(f.fix is not None and f.fix.is_safe() for f in check(text))


@pytest.mark.parametrize("text, word", [
    ("A target is healthy if its in RUNNING state.\n", "in"),
    ("And if its above the maximum, it is capped.\n", "above"),
    ("The address is not attached, its associated with it.\n", "associated"),
    ("If its generated, it can be renewed.\n", "generated"),
    ("Once its stored on disk, it is replicated.\n", "stored"),
    ("Its used for sign-in.\n", "used"),
    ("A user has no permission when its freshly created.\n", "freshly"),
    ("Private zone: Its similar to a public zone.\n", "similar"),
    ("Firewalls open every port as its stateless.\n", "stateless"),
    ("Its also cheaper.\n", "also"),
])
def test_likely_cases_are_reported_without_a_fix(text: str, word: str) -> None:
    (finding,) = check(text)
    assert finding.fix is None
    assert "probably means `it's`" in finding.message and f"`{word}" in finding.message


@pytest.mark.parametrize("text", [
    "The queue and its messages.\n",
    "Each stage has its own configuration.\n",
    "The region and its associated resources.\n",  # a participle before a noun: an adjective
    "The service uses its default certificate.\n",
    "It checks its health, then its stored value.\n",
    "Identified by its key.\n",
    "More lag than its source replica.\n",
    "Its speed is fine.\n",  # a noun in -ed
    "It's fine, it's been done, and it’s configured.\n",
    "Use `its a` in code.\n",
    "Its only purpose is this.\n",
    "The function runs in its fully managed environment.\n",
])
def test_correct_uses_are_left_alone(text: str) -> None:
    assert check(text) == []


def test_punctuation_between_the_words_breaks_the_pattern() -> None:
    assert check("It has its, a, b and c.\n") == []
    assert fixed("Its **not** safe.\n") == "It's **not** safe.\n"  # emphasis is no punctuation
