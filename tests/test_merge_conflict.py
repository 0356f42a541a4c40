"""merge-conflict: the markers of a conflict committed unresolved, and what only looks like them."""

from __future__ import annotations

import pytest

from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.merge_conflict import MergeConflict


def check(text: str) -> list[Finding]:
    return list(MergeConflict().check(parse(text, "notes/a.md"), RuleContext()))


def test_each_marker_line_of_a_conflict_is_reported() -> None:
    text = ("Transit gateway.\n\n<<<<<<< Updated upstream\nPeering is not transitive: 45 links.\n"
            "||||||| base\nPeering.\n=======\nPeering is not transitive.\n>>>>>>> Stashed changes\n"
            "\nAfter.\n")
    found = check(text)
    assert [f.line for f in found] == [3, 5, 7, 9]
    assert found[0].message == ("Merge conflict marker `<<<<<<< Updated upstream`: "
                                "the conflict was never resolved")
    assert all(f.severity == "error" and f.fix is None for f in found)
    assert text[found[0].start:found[0].end] == "<<<<<<< Updated upstream"


def test_a_formatters_quote_of_the_closing_marker_and_crlf() -> None:
    text = "<<<<<<< HEAD\r\nOne.\r\n\r\n> > > > > > > Stashed changes\r\n"
    assert [f.line for f in check(text)] == [1, 4]


@pytest.mark.parametrize("text", [
    "Title\n=======\n\nText.\n",  # a heading's underline, no conflict open
    "```\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> main\n```\n",  # a git note's example
    "    <<<<<<< HEAD\n    ours\n    >>>>>>> main\n",  # in an indented code block
    "Shift with << and >>, or <<<<<<<<< arrows >>>>>>>>> drawn in prose.\n",
    "> > > quoted three times\n",
])
def test_what_only_looks_like_a_marker_is_left_alone(text: str) -> None:
    assert check(text) == []


def test_registered_with_its_documentation() -> None:
    rule = all_rules()["merge-conflict"]
    assert rule is MergeConflict
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in rule.documentation()
