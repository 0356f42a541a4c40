"""`typo-contraction`: contractions without their apostrophe, and "wont"/"cant" judged from context."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixers.apply import apply_edits
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.typo_contraction import TypoContraction

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str) -> list[Finding]:
    return list(TypoContraction().check(parse(text), RuleContext()))


def fixed(text: str, unsafe: bool = False) -> str:
    edits = [e for f in check(text) if f.fix and (unsafe or f.fix.is_safe()) for e in f.fix.edits]
    return apply_edits(text, edits)


def test_finding_message_fix_and_columns() -> None:
    (finding,) = check("ECS doesnt scale it.\n")
    assert finding.rule == "typo-contraction"
    assert finding.message == "`doesnt` is missing its apostrophe: `doesn't`"
    assert (finding.line, finding.column, finding.end_column) == (1, 5, 11)
    assert finding.fix is not None and finding.fix.is_safe()
    assert [(e.start, e.end, e.replacement) for e in finding.fix.edits] == [(4, 10, "doesn't")]


@pytest.mark.parametrize("text, expected", [
    ("It isnt here, thats all, we dont.\n", "It isn't here, that's all, we don't.\n"),
    ("Doesnt work. DOESNT WORK.\n", "Doesn't work. DOESN'T WORK.\n"),
    ("You shouldnt, wouldnt, couldnt; whats that?\n", "You shouldn't, wouldn't, couldn't; what's that?\n"),
])
def test_non_words_are_fixed_safely_keeping_case(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_before_the_verb_its_ending_stands_for_the_stem_is_suggested_unsafely() -> None:
    """``thats is`` made ``that's is`` by a safe fix would say "is" twice."""
    text = "But thats is not it. Youre are right. Weve have it. Thats has gone. Thats it.\n"
    findings = check(text)
    assert [f.message for f in findings][:2] == [
        "`thats is` says `is` twice: did you mean `that is`?",
        "`Youre are` says `are` twice: did you mean `You are`?",
    ]
    assert fixed(text) == "But thats is not it. Youre are right. Weve have it. Thats has gone. That's it.\n"
    unsafe = "But that is not it. You are right. We have it. That has gone. That's it.\n"
    assert fixed(text, unsafe=True) == unsafe
    assert fixed("Theyd had the same issue.\n") == "They'd had the same issue.\n"  # past perfect


def test_the_documents_apostrophe_is_used() -> None:
    assert fixed("You’re right, it doesn’t, so dont.\n") == "You’re right, it doesn’t, so don’t.\n"
    assert fixed("It doesn't, so dont.\n") == "It doesn't, so don't.\n"


@pytest.mark.parametrize("text, expected", [
    ("You cant connect this.\n", "You can't connect this.\n"),  # after a subject pronoun
    ("Rules cant be based on it.\n", "Rules can't be based on it.\n"),  # before a common verb
    ("Cant be used with Glacier.\n", "Can't be used with Glacier.\n"),  # opening a sentence
    ("Functions in that state wont be affected.\n", "Functions in that state won't be affected.\n"),
    ("It wont scale.\n", "It won't scale.\n"),
])
def test_wont_and_cant_are_fixed_safely_when_the_context_is_certain(text: str, expected: str) -> None:
    assert fixed(text) == expected


def test_wont_and_cant_are_unsafe_when_the_context_is_only_likely() -> None:
    text = "The queue cant grow.\n"
    (finding,) = check(text)
    assert finding.fix is not None and not finding.fix.is_safe()
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == "The queue can't grow.\n"


@pytest.mark.parametrize("text", [
    "As is his wont, he left early.\n",
    "She was wont to reply at once.\n",
    "The cant of the sales pitch.\n",
    "The thieves spoke in cant.\n".replace("in cant", "the cant"),
    "Tip the table to cant it.\n",
    "Well, we were ill. Lets go, shell.\n",  # contractions that are words: never reported
    "Its fine.\n",  # typo-confusion's
    "Use `dont` in code, and see https://x.io/dont.\n",
])
def test_real_words_and_non_prose_are_left_alone(text: str) -> None:
    assert check(text) == []


def test_corpus_findings() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    findings = list(TypoContraction().check(doc, RuleContext()))
    words = sorted({doc.text[f.start:f.end] for f in findings})
    assert words == ["Cant", "Doesnt", "arent", "cant", "doesnt", "dont", "isnt", "shouldnt", "thats",
                     "whats", "wont", "wouldnt"]
    assert len(findings) == 35
    assert all(f.fix is not None and f.fix.is_safe() for f in findings)  # every cant/wont is certain
