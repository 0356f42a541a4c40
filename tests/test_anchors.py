"""A safe fix never rewrites a heading that a link of the note points at: the anchor would change
and the link break (a table of contents to "## Stackoverflow awnsers")."""

from __future__ import annotations

import pytest

from fixers.apply import apply_edits
from lint.anchors import linked_headings, slug
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.term_case import TermCase
from lint.rules.typo import Typo


@pytest.mark.parametrize(("heading", "anchor"), [
    ("Stackoverflow awnsers", "stackoverflow-awnsers"),
    ("  S3: Storage Classes (2024)! ", "s3-storage-classes-2024"),
    ("kube-proxy & iptables", "kube-proxy--iptables"),
    ("[Setup](setup.md) guide", "setup-guide"),  # a link's text, not its destination
])
def test_slug_is_the_anchor_github_makes(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor


TOC = ("# Notes\n\n- [Answers](#stackoverflow-awnsers)\n- <a href=\"#using-cloudfront\">CDN</a>\n\n"
       "## Stackoverflow awnsers\n\nSome recieved text.\n\n## Using Cloudfront\n\n## Other awnsers\n")


def test_only_the_headings_that_links_point_at_are_linked() -> None:
    doc = parse(TOC, "notes/a.md")
    linked = [doc.text[s:e] for s, e in linked_headings(doc)]
    assert linked == ["## Stackoverflow awnsers", "## Using Cloudfront"]
    assert linked_headings(parse("# A\n\nNo links.\n", "a.md")) == []


def test_a_fix_in_a_linked_heading_is_unsafe_and_elsewhere_stays_safe() -> None:
    doc = parse(TOC, "notes/a.md")
    found = [*Typo().check(doc, RuleContext()), *TermCase().check(doc, RuleContext())]
    applicability = {(f.line, doc.text[f.start:f.end]): f.fix.applicability for f in found if f.fix}
    assert applicability == {(6, "awnsers"): "unsafe", (8, "recieved"): "safe", (10, "Cloudfront"): "unsafe",
                             (12, "awnsers"): "safe"}
    safe = [e for f in found if f.fix and f.fix.is_safe() for e in f.fix.edits]
    fixed = apply_edits(TOC, safe)
    assert "(#stackoverflow-awnsers)" in fixed and "## Stackoverflow awnsers" in fixed  # the link holds
    assert "Some received text." in fixed and "## Other answers" in fixed


def test_a_reference_definition_links_a_heading_too() -> None:
    text = "See [the answers][a].\n\n[a]: #stackoverflow-awnsers\n\n## Stackoverflow awnsers\n"
    doc = parse(text, "notes/a.md")
    assert [doc.text[s:e] for s, e in linked_headings(doc)] == ["## Stackoverflow awnsers"]
