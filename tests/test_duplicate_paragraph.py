"""duplicate-paragraph: copies in one file and across files, what is not a copy, which copy is
kept, when the fix is withheld, and the fix applied byte for byte; then the real corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fixers.edit import Edit
from lint.cache import Cache
from lint.document import Document
from lint.finding import Finding
from lint.paragraphs import compile_boilerplate, line_matcher
from lint.parser import parse
from lint.registry import RuleContext
from lint.rules.duplicate_paragraph import DuplicateParagraph, normalise

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"
LONG = "Instances in either VPC can communicate with each other as if they are within the same network."
OTHER = "A VPC peering connection helps you to facilitate the transfer of data between two accounts."


def check(text: str, **options: Any) -> list[Finding]:
    return list(DuplicateParagraph().check(parse(text, "notes/a.md"), RuleContext(options=options)))


def check_all(docs: list[Document], **options: Any) -> list[Finding]:
    return list(DuplicateParagraph().check_all(docs, RuleContext(options=options)))


def apply(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """Apply non-overlapping edits left to right."""
    out, pos = [], 0
    for edit in sorted(edits):
        assert edit.start >= pos
        out += [text[pos:edit.start], edit.replacement]
        pos = edit.end
    return "".join(out) + text[pos:]


def corpus() -> str:
    return CORPUS.read_text(encoding="utf-8")


# -- what is a copy ------------------------------------------------------------------------------


def test_flags_a_repeated_paragraph_and_points_at_the_first() -> None:
    text = f"# VPC\n\n{LONG}\n\n{OTHER}\n\n{LONG}\n\nEnd of the notes here.\n"
    [finding] = check(text)
    assert (finding.rule, finding.severity) == ("duplicate-paragraph", "warning")
    assert (finding.line, finding.column, finding.end_line) == (7, 1, 7)
    assert finding.message == "Paragraph repeats notes/a.md:3"
    assert text[finding.start:finding.end] == LONG
    assert finding.fingerprint == normalise(LONG)
    assert finding.fix is not None and finding.fix.is_safe() and finding.fix.guard_structure
    assert apply(text, finding.fix.edits) == f"# VPC\n\n{LONG}\n\n{OTHER}\n\nEnd of the notes here.\n"


def test_normalises_whitespace_case_and_trailing_punctuation() -> None:
    variant = LONG.upper().replace(" ", "  \n", 3).rstrip(".") + " !?"
    assert normalise(variant) == normalise(LONG)
    [finding] = check(f"{LONG}\n\n{OTHER}\n\n{variant}\n")
    assert finding.line == 5


def test_inner_differences_are_not_copies() -> None:
    assert check(f"{LONG}\n\n{LONG.replace('either', 'any')}\n\n{LONG.replace('VPC', 'V.P.C.')}\n") == []


def test_every_later_copy_is_flagged_against_the_first() -> None:
    findings = check(f"{LONG}\n\n{OTHER}\n\n{LONG}\n\n{OTHER}\n\n{LONG}\n")
    assert [(f.line, f.message) for f in findings] == [
        (5, "Paragraph repeats notes/a.md:1"),
        (7, "Paragraph repeats notes/a.md:3"),
        (9, "Paragraph repeats notes/a.md:1"),
    ]


def test_list_items_are_compared_whole_with_what_is_nested_in_them() -> None:
    text = (f"# A\n\n- {LONG}\n  - nested detail one\n- other item\n\n"
            f"# B\n\n- {LONG}\n  - nested detail one\n- yet another item\n\n"
            f"# C\n\n- {LONG}\n  - a different detail\n")
    item, sentence = check(text)
    assert item.line == 9 and item.message == "List item repeats notes/a.md:3"
    assert item.fix is not None
    assert apply(text, item.fix.edits) == text.replace(f"- {LONG}\n  - nested detail one\n- yet", "- yet")
    # Under C only the sentence repeats: it cannot go without the marker of its item.
    assert sentence.line == 15 and sentence.fix is None
    assert sentence.message == ("Paragraph repeats notes/a.md:3 (no safe fix: it shares its first line "
                                "with the marker of the list item that holds it)")


def test_an_item_and_its_own_paragraph_are_not_a_pair() -> None:
    assert check(f"- {LONG}\n- {OTHER}\n\n{OTHER.replace('two', 'three')}\n") == []


def test_a_paragraph_and_a_list_item_with_the_same_text_are_copies() -> None:
    [finding] = check(f"{LONG}\n\n- {LONG}\n- {OTHER}\n")
    assert finding.message == "List item repeats notes/a.md:1"


def test_nested_copies_inside_a_reported_item_are_not_reported_again() -> None:
    inner = "This nested sentence is long enough to count as a copy anywhere."
    text = f"- {LONG}\n  - {inner}\n\nMiddle paragraph.\n\n- {LONG}\n  - {inner}\n"
    [finding] = check(text)
    assert finding.line == 6 and finding.message.startswith("List item")


# -- short text and boilerplate --------------------------------------------------------------------

TODO = "# Todo\n\nCloudFormation revision\n\nEC2 endpoint.\n\nEC2 endpoint.\n\nAWS Fargate\n"


def test_short_paragraph_repeated_in_the_same_run_is_flagged() -> None:
    [finding] = check(TODO)
    assert finding.line == 7 and finding.message == "Paragraph repeats notes/a.md:5"


def test_a_figure_ends_a_run_of_paragraphs() -> None:
    """Steps that each end in a screenshot (minhaz1217's tcpdump notes) repeat their short lines on
    purpose; pasted twice in a row, a short line is still a copy."""
    step = "FC: `tcpdump {} 172.17.0.1`\n\nFH: `curl localhost`\n\n![Traffic by {}](images/{}.png)\n\n"
    text = "# Filters\n\n" + step.format("src", "source", "a") + step.format("dst", "destination", "b")
    assert check(text) == []
    linked = text.replace("![Traffic by source](images/a.png)", "[![source](images/a.png)](images/a.png)")
    assert check(linked) == []
    no_figure = text.replace("![Traffic by source](images/a.png)", "Traffic by source")
    assert [f.line for f in check(no_figure)] == [11]
    twice = text.replace("FH: `curl localhost`", "FH: `curl localhost`\n\nFH: `curl localhost`", 1)
    assert [f.line for f in check(twice)] == [7]


def test_short_text_with_something_left_out_is_no_copy() -> None:
    steps = "- ### Attach veth pair\n- `ip link set ...`\n- `ip link set ...`\n- `ip link set …`\n"
    assert check(steps) == []
    assert [f.line for f in check(steps.replace(" ...", "").replace(" …", ""))] == [3, 4]


def test_short_text_repeated_under_other_headings_is_not() -> None:
    text = ("# ECS\n\n- Amazon ECS\n- Fargate launch type\n\nYes\n\n"
            "# EKS\n\n- Amazon ECS\n- Kubernetes control plane\n\nYes\n")
    assert check(text) == []
    assert check(text, short_scope="section") == []


def test_short_skeleton_recapped_in_one_section_counts_only_with_section_scope() -> None:
    text = ("# CloudFormation\n\nParameters: set of parameters\n\nResources: set of resources\n\n"
            "- Mappings add a lookup table\n\nParameters: set of parameters\n\nResources: set of resources\n")
    assert check(text) == []  # two recaps, each its own run of paragraphs
    assert [f.line for f in check(text, short_scope="section")] == [9, 11]


def test_short_list_items_count_within_one_list_only() -> None:
    assert [f.line for f in check("- DescribeTable\n- UpdateItem\n- DescribeTable\n")] == [3]
    assert check("- DescribeTable\n- UpdateItem\n\nText between.\n\n- DescribeTable\n- DeleteItem\n") == []


def test_text_under_the_minimum_length_never_counts() -> None:
    assert check("Yes\n\nYes\n\nNo\n\nNo\n") == []
    assert [f.line for f in check("Yes\n\nYes\n", min_chars=0)] == [3]


def test_long_text_counts_across_sections_and_min_words_decides_what_is_long() -> None:
    text = "# A\n\nEC2 endpoint is regional\n\n# B\n\nEC2 endpoint is regional\n"
    assert check(text) == []
    assert [f.line for f in check(text, min_words=4)] == [7]


@pytest.mark.parametrize("boilerplate", [
    "| --- | :---: | ---: |",
    "|---|---|",
    "<details><summary>Click here to show the full answer to this practice question</summary>",
    "</details>",
])
def test_boilerplate_is_excluded(boilerplate: str) -> None:
    text = f"# A\n\n- {boilerplate}\n\n# B\n\n- {boilerplate}\n"
    assert check(text, min_words=0, min_chars=0) == []
    assert len(check(text, min_words=0, min_chars=0, boilerplate=[])) == 1


# -- which copy is kept ----------------------------------------------------------------------------


def test_keep_longest_keeps_the_longest_source() -> None:
    short, long = LONG.rstrip("."), LONG.replace("VPC", "**VPC**", 0) + ".."
    text = f"{short}\n\n{OTHER}\n\n{long}\n"
    assert [f.line for f in check(text)] == [5]
    [finding] = check(text, keep="longest")
    assert finding.line == 1 and finding.message == "Paragraph repeats notes/a.md:5"


def test_keep_longest_never_keeps_a_copy_inside_a_deleted_copy() -> None:
    # The items are copies (the first is longer: extra spaces), but the longer copy of the nested
    # sentence is inside the second item, which is deleted: keeping it there would delete every
    # copy of the sentence. It is kept in the first item instead.
    inner = "This nested sentence is long enough to count as a copy anywhere in the notes."
    wide_long, wide_inner = LONG.replace(" ", "   ", 3), inner.replace(" ", "   ", 3)
    text = (f"- {wide_long}\n  - {inner}\n\nMiddle paragraph here.\n\n- {LONG}\n  - {wide_inner}\n\n"
            f"Break paragraph.\n\n- one\n- two\n\n{inner}\n")
    findings = check(text, keep="longest")
    assert [(f.line, f.message.split(" (")[0]) for f in findings] == [
        (6, "List item repeats notes/a.md:1"), (14, "Paragraph repeats notes/a.md:2")]
    fixed = apply(text, [e for f in findings if f.fix for e in f.fix.edits])
    assert inner in fixed and wide_long in fixed


@pytest.mark.parametrize(("name", "value"), [
    ("keep", "last"), ("short_scope", "file"), ("min_words", -1), ("min_chars", "8"), ("boilerplate", "x"),
    ("boilerplate", ["("]),
])
def test_bad_options_are_refused(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        check(LONG, **{name: value})


# -- across files ------------------------------------------------------------------------------------


def test_copies_across_files_point_at_the_first_in_path_order() -> None:
    a = parse(f"# Topic\n\n{LONG}\n", "notes/a.md")
    b = parse(f"# Topics\n\n{OTHER}\n\n{LONG}\n", "notes/b.md")
    for docs in ([a, b], [b, a]):
        [finding] = check_all(docs)
        assert (finding.path, finding.line) == ("notes/b.md", 5)
        assert finding.message == "Paragraph repeats notes/a.md:3"


def test_short_repeats_never_cross_files() -> None:
    a = parse("EC2 endpoint.\n", "notes/a.md")
    b = parse("EC2 endpoint.\n", "notes/b.md")
    assert check_all([a, b]) == []


def test_check_is_check_all_of_one_document() -> None:
    doc = parse(f"{LONG}\n\n{LONG}\n", "notes/a.md")
    rule = DuplicateParagraph()
    assert list(rule.check(doc, RuleContext())) == list(rule.check_all([doc], RuleContext()))


def test_summary_holds_only_what_may_be_reported_and_survives_the_cache(tmp_path: Path) -> None:
    """Short text said once in its file can never be reported: the summary leaves it out. A
    summary is stored and read back through the cache (its restricted unpickler), unchanged."""
    rule, ctx = DuplicateParagraph(), RuleContext()
    summary = rule.summarize(parse(f"Amazon EC2 basics\n\n{LONG}\n\n- Amazon ECS\n- Amazon ECS\n",
                                   "notes/a.md"), ctx)
    assert [unit.key[1] for unit in summary.units] == [normalise(LONG), "amazon ecs", "amazon ecs"]
    cache = Cache(tmp_path)
    cache.put("summary", "a" * 64, summary)
    restored = Cache(tmp_path).get("summary", "a" * 64)
    assert restored == summary
    other = rule.summarize(parse(f"{LONG}\n", "notes/b.md"), ctx)
    findings = list(rule.combine([restored, other], ctx))
    assert findings == list(rule.combine([summary, other], ctx)) and len(findings) == 2


@pytest.mark.parametrize("patterns", [
    [r"^(-+)\1$", r"^x"],  # a group (a backreference counts them): tried one by one
    [r"(?i)^DETAILS$", r"^y"],  # inline flags must open the expression: tried one by one
    [r"^a|^b", r"c$"],  # an alternation of its own: grouped when joined
])
def test_boilerplate_patterns_mean_the_same_joined_or_not(patterns: list[str]) -> None:
    compiled = compile_boilerplate("duplicate-paragraph", patterns)
    for line in ["--", "----", "x", "details", "DETAILS", "y", "a", "b", "abc", "zc", "z"]:
        assert bool(line_matcher(compiled)(line)) == any(p.match(line) for p in compiled), (patterns, line)


def test_cross_file_fix_deletes_in_the_later_file_only_crlf_bom() -> None:
    a_text = f"# Topic\n\n{LONG}\n"
    b_text = "\ufeff" + f"# Topics\r\n\r\n{LONG}\r\n\r\n{OTHER}\r\n"
    [finding] = check_all([parse(a_text, "notes/a.md"), parse(b_text, "notes/b.md")])
    assert finding.path == "notes/b.md" and finding.fix is not None
    assert apply(b_text, finding.fix.edits) == "\ufeff" + f"# Topics\r\n\r\n{OTHER}\r\n"


# -- the fix and the structure around the copy ----------------------------------------------------


def test_a_copy_in_another_section_or_file_is_deleted_only_as_an_unsafe_fix() -> None:
    """A step two procedures share ("Start with a general-purpose SSH server (see above)", the
    first step of both) is an item of each list: deleting it takes a step from the second; so
    does a recap of commands in a later section. In one section, a repeat (a block pasted
    twice) is a copy to delete."""
    step = "- Start with a general-purpose SSH server that you can reach from here\n"
    two = (f"## Forward HTTP\n\n{step}- Open the reverse tunnel\n\n"
           f"## VPN over SSH\n\n{step}- Open the SOCKS tunnel\n")
    [finding] = check(two)
    assert finding.line == 8 and finding.fix is not None and finding.fix.applicability == "unsafe"
    [same] = check(two.replace("## VPN over SSH\n\n", "Then:\n\n"))
    assert same.fix is not None and same.fix.applicability == "safe"
    [other] = check_all([parse(f"{step}- a\n", "notes/a.md"), parse(f"{step}- b\n", "notes/b.md")])
    assert other.path == "notes/b.md" and other.fix is not None and other.fix.applicability == "unsafe"
    paragraph = "A VPC peering connection lets two VPCs route traffic between them privately.\n"
    [recap] = check(f"## A\n\n{paragraph}\n## B\n\n{paragraph}")
    assert recap.fix is not None and recap.fix.applicability == "unsafe"
    [pasted] = check(f"## A\n\n{paragraph}\n{OTHER}\n\n{paragraph}")
    assert pasted.fix is not None and pasted.fix.applicability == "safe"


def test_crlf_and_bom_are_kept_byte_for_byte() -> None:
    lf = f"{LONG}\n\n{OTHER}\n\n{LONG}\n\nLast line without newline"
    crlf = "\ufeff" + lf.replace("\n", "\r\n")
    for text, want in ((lf, f"{LONG}\n\n{OTHER}\n\nLast line without newline"),
                       (crlf, "\ufeff" + f"{LONG}\r\n\r\n{OTHER}\r\n\r\nLast line without newline")):
        [finding] = check(text)
        assert finding.fix is not None
        assert apply(text, finding.fix.edits) == want


@pytest.mark.parametrize(("text", "reason"), [
    (f"{LONG}\n\n- one\n- two\n\n{LONG}\n\n- three\n", "the lists before and after it would merge"),
    (f"{LONG}\n\nIntro:\n\n- {LONG}\n\nNext paragraph.\n", "only item of a list between two paragraphs"),
    (f"{LONG}\n\n- one\n\n{LONG}\n\n    indented code\n", "would become part of the list before it"),
    (f"- {LONG}\n\n  {OTHER}\n\nBreak.\n\n- one\n- {LONG}\n\n  {OTHER}\n- three\n",
     "the list around it would turn tight"),
    (f"- {LONG}\n\nBreak.\n\n- {LONG}\n  - {OTHER}\n", "shares its first line with the marker"),
])
def test_no_safe_fix_when_the_structure_around_would_change(text: str, reason: str) -> None:
    findings = check(text)
    [finding] = [f for f in findings if f.line > 1]
    assert finding.fix is None
    assert "(no safe fix: " in finding.message and reason in finding.message


def test_a_later_paragraph_of_a_list_item_repeating_its_first_is_flagged() -> None:
    text = f"- {LONG}\n\n  {OTHER}\n\n  {LONG}\n- two\n"
    [finding] = check(text)
    assert finding.line == 5 and finding.message == "Paragraph repeats notes/a.md:1"
    assert finding.fix is not None  # the list stays loose: a blank line still parts its first item's blocks
    assert apply(text, finding.fix.edits) == f"- {LONG}\n\n  {OTHER}\n- two\n"


def test_deleting_a_paragraph_between_lists_of_different_markers_is_safe() -> None:
    text = f"{LONG}\n\n- one\n\n{LONG}\n\n* two\n"
    [finding] = check(text)
    assert finding.fix is not None
    assert apply(text, finding.fix.edits) == f"{LONG}\n\n- one\n\n* two\n"


# -- the real corpus ---------------------------------------------------------------------------------

# (line of the copy, line of the kept first occurrence): every one read and confirmed a true copy.
CORPUS_COPIES = [(11, 9), (148, 142), (150, 144), (152, 146), (845, 832), (1910, 1888)]


def test_corpus_findings_are_the_known_true_copies() -> None:
    findings = list(DuplicateParagraph().check(parse(corpus(), "notes/aws-notes.md"), RuleContext()))
    assert [(f.line, f.message) for f in findings] == [
        (copy, f"{'List item' if copy in (152, 845) else 'Paragraph'} repeats notes/aws-notes.md:{kept}")
        for copy, kept in CORPUS_COPIES]
    assert all(f.fix is not None and f.fix.is_safe() for f in findings)


def test_corpus_with_section_scope_adds_the_cloudformation_skeleton() -> None:
    doc = parse(corpus(), "notes/aws-notes.md")
    findings = list(DuplicateParagraph().check(doc, RuleContext(options={"short_scope": "section"})))
    extra = sorted({f.line for f in findings} - {c for c, _ in CORPUS_COPIES})
    assert extra == [2681, 2685, 2693, 2697]
    assert {doc.line_text(n) for n in extra} == {"Parameters: set of parameters",
                                                 "Resources: set of resources"}


def test_corpus_fixed_text_is_clean_and_loses_only_the_copies() -> None:
    text = corpus()
    findings = list(DuplicateParagraph().check(parse(text, "notes/aws-notes.md"), RuleContext()))
    fixed = apply(text, [e for f in findings if f.fix for e in f.fix.edits])
    assert list(DuplicateParagraph().check(parse(fixed), RuleContext())) == []
    gone = set(text.splitlines()) - set(fixed.splitlines())
    assert gone == set()  # every deleted line still exists once: only copies went
    assert fixed.count(LONG) == 1 and fixed.count("EC2 endpoint.") == 1


def test_corpus_against_a_second_file_of_the_same_run() -> None:
    notes = parse(corpus(), "notes/aws-notes.md")
    paragraph = notes.line_text(1888)
    summary = parse(f"# Overview\n\n{paragraph}\n\nEC2 endpoint.\n\n- Amazon ECS\n", "notes/summary.md")
    findings = check_all([summary, notes])
    [cross] = [f for f in findings if f.path == "notes/summary.md"]
    assert cross.line == 3 and cross.message == "Paragraph repeats notes/aws-notes.md:1888"
    # The copy at 1910 still points at the first occurrence, in its own file.
    assert any(f.line == 1910 and f.message.endswith("notes/aws-notes.md:1888") for f in findings)


def test_documentation_follows_the_rule_page_layout() -> None:
    doc = DuplicateParagraph.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert "safe" in doc.split("## Fix", 1)[1]
    for option in DuplicateParagraph.options:
        assert f"`{option}" in doc


def test_a_recap_and_parallel_procedures_repeat_on_purpose() -> None:
    """A "Summary" or "Exam tips" section restates the notes; two numbered procedures of one file
    ("Without encryption", "With encryption") share steps. A step pasted twice into one list, or
    a list cut into one-item pieces by code, is still a copy."""
    recap = f"## RDS\n\n- {LONG}\n- {OTHER}\n\n### Exam tips\n\n- {LONG}\n"
    assert check(recap) == []
    assert len(check(recap.replace("### Exam tips", "### Backups"))) == 1
    step = "Partitioning scheme: all files in one partition, recommended for new users"
    procedures = (f"**Without encryption**\n\n1. Pick the disk\n2. {step}\n\n"
                  f"**With encryption**\n\n1. Pick the disk and set a passphrase\n2. {step}\n")
    assert check(procedures) == []
    pasted = f"1. Pick the disk\n2. {step}\n3. {step}\n"
    assert [f.line for f in check(pasted)] == [3]
    pieces = f"4. {step}\n\n```\ncode\n```\n\n5. Commit it\n\n```\nmore\n```\n\n6. {step}\n"
    assert [f.line for f in check(pieces)] == [13]
    rule = "Start and end with an alphanumeric character, with dashes and dots in between"
    details = (f"- Name\n  - Max 63 characters\n  - {rule}\n"
               f"- Valid label values\n  - Can be empty\n  - {rule}\n")
    assert check(details) == []  # the same detail of two items
    bullets = f"- Max 63 characters\n- {rule}\n\nAnd the values:\n\n- Can be empty\n- {rule}\n"
    assert [f.line for f in check(bullets)] == [7]  # two top-level lists: a copy


def test_a_step_repeated_in_its_own_list_is_a_copy_beside_a_parallel_procedure() -> None:
    step = "Boot the installer from the USB stick and choose the manual partitioning option."
    text = (f"## Plain\n\n1. {step}\n2. Create the root partition and format it as ext4.\n\n"
            f"## Encrypted\n\n1. {step}\n2. {step}\n3. Create the encrypted volume and format it.\n")
    assert [(f.line, f.message) for f in check(text)] == [(9, "List item repeats notes/a.md:8")]


def test_a_title_that_names_a_summary_is_no_recap_heading() -> None:
    """"# AWS Summary" titles the file, "## Summary" recaps: only a part named so is a recap."""
    for title in ("# AWS Summary", "# Cheat sheet", "## Docker cheat sheet"):
        text = f"{title}\n\n## S3\n\n{LONG}\n\n## EC2\n\n{LONG}\n"
        assert [f.line for f in check(text)] == [9], title
