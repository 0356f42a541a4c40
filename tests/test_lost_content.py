"""lost-content: each trace flagged at its exact place, the look-alikes of real notes left alone,
and every finding on the real corpus, reviewed by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.finding import Finding
from lint.lost import find_traces
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.lost_content import LostContent

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str) -> list[Finding]:
    return list(LostContent().check(parse(text, "notes/a.md"), RuleContext()))


def kinds(text: str) -> list[tuple[int, int, str]]:
    doc = parse(text, "notes/a.md")
    return [(*doc.position(t.start), t.kind) for t in find_traces(doc)]


@pytest.mark.parametrize(("text", "expected"), [
    # A lead-in and then a heading, a rule, the end of the file: the gap is where content was.
    ("The URL has this format:\n\n# Next\n", [(2, 1, "lead-in")]),
    ("Steps:\n\n---\n", [(2, 1, "lead-in")]),
    ("Pros:\n", [(1, 5, "lead-in")]),
    ("Text.\n\nRun the following command:", [(3, 26, "lead-in")]),
    ("Intro:\n## Heading\n", [(1, 6, "lead-in")]),
    # After a wide gap, prose, a title-like line or another lead-in cannot be the continuation.
    ("It has the following format, by default:\n\n\nIf you create an alias, it looks like this:\n\n\n"
     "> iam create-account-alias --account-alias finance\n",
     [(2, 1, "lead-in")]),
    ("The sign-in URL looks like the following example:\n\n\n> iam create-account-alias --account-alias x\n",
     [(2, 1, "lead-in")]),  # an example, but not of the URL it promises
    ("- Inserts\n- There are four view types:\n\n\nDynamoDB Triggers\n\n- Allow actions.\n",
     [(3, 1, "lead-in")]),
    ("> Quote intro:\n>\n> # Heading\n", [(2, 1, "lead-in")]),
    ("## A\n\nThe steps are:\n\n## B\n", [(4, 1, "lead-in")]),  # the next section, not a subsection
    ("- Pros:\n  - fast\n- Cons:\n\n## Next\n", [(4, 1, "lead-in")]),
    # A lead-in that promises code or an example: prose after one blank line is no example, nor
    # is a subsection (unless code opens it), nor a sentence that only holds a code span.
    ("Run the following command:\n\nThen open the console.\n", [(2, 1, "lead-in")]),
    ("The response looks like this:\n\nCreate an AMI -> start it -> register it.\n", [(2, 1, "lead-in")]),
    ("# A\n\nRun the following command:\n\n## B\n\n- item\n", [(4, 1, "lead-in")]),
    ("## A\n\nConsider the following code:\n\n## B\n\nText.\n\n```py\nx = 1\n```\n", [(4, 1, "lead-in")]),
    ("Run the following command:\n\n\nStore keys in `~/.ssh/$USER` with mode `700`.\n", [(2, 1, "lead-in")]),
    # Empty inline code.
    ("Use `` here.\n", [(1, 5, "empty-code")]),
    ("A span ` ` and ``  `` here.\n", [(1, 8, "empty-code"), (1, 16, "empty-code")]),
    ("- naked/apex like `` here\n- normal like `` is ok\n", [(1, 19, "empty-code"), (2, 15, "empty-code")]),
    ("| a | b |\n| - | - |\n| `` | x |\n", [(3, 3, "empty-code")]),
    # Empty emphasis.
    ("Consider a subnet say ****\n", [(1, 23, "empty-emphasis")]),
    ("The value ** ** is set.\n", [(1, 11, "empty-emphasis")]),
    ("Bold __ here.\n", [(1, 6, "empty-emphasis")]),
    ("Set (__ __) now.\n", [(1, 6, "empty-emphasis")]),
    # A bracket never closed.
    ("- Network Address (\n- Network + 1 ( `VPC Router`\n",
     [(1, 19, "unclosed-bracket"), (2, 15, "unclosed-bracket")]),
    ("Parts of the URL (\n\n- Stage (/dev)\n", [(1, 18, "unclosed-bracket")]),
    ("- Address [\n\nNext paragraph (closed).\n", [(1, 11, "unclosed-bracket")]),
    ("Mask ( `255.255.255.0` `Reserved (DNS)`\n", [(1, 6, "unclosed-bracket")]),
    ("## Endpoint (\n", [(1, 13, "unclosed-bracket")]),
    # A character where a list marker should be.
    ("Two types:\n\n– Lambda proxy integration\n– Lambda custom integration\n",
     [(3, 1, "list-marker"), (4, 1, "list-marker")]),
    ("Solutions:\n\n– Increase capacity.\n\n– Retry with backoff.\n",
     [(3, 1, "list-marker"), (5, 1, "list-marker")]),
    ("• one\n• two\n", [(1, 1, "list-marker"), (2, 1, "list-marker")]),
    ("- LSI allows it.\n  – For each key value.\n  – When you query.\n",
     [(2, 3, "list-marker"), (3, 3, "list-marker")]),
    ("Options:\n— first\n— second\n", [(2, 1, "list-marker"), (3, 1, "list-marker")]),
    # Empty items and cells.
    ("- a\n-\n- c\n", [(2, 1, "empty-item")]),
    ("- [ ]\n- [x] done\n", [(1, 1, "empty-item")]),
    ("| a | b |\n| - | - |\n|   |   |\n| 1 | 2 |\n", [(3, 1, "empty-cell")]),
    ("| A | B |   |\n| - | - | - |\n| x | y | z |\n", [(1, 10, "empty-cell")]),
    ("| Rule | Source    | Action |\n| ---- | --------- | ------ |\n| 110  | | ALLOW  |\n",
     [(3, 9, "empty-cell")]),
    # A sentence cut off after an article or a possessive.
    ("* Dedicated Instances\n    * Instances running on hardware dedicated to your\n* Hosts\n",
     [(2, 50, "cut-off")]),
    ("Pick the\n\n## Next\n", [(1, 6, "cut-off")]),
])
def test_flags_each_trace_at_its_place(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert kinds(text) == expected
    findings = check(text)
    assert [(f.line, f.column) for f in findings] == [(line, col) for line, col, _ in expected]
    assert all(f.rule == "lost-content" and f.severity == "warning" and f.fix is None for f in findings)


@pytest.mark.parametrize("text", [
    "Netmasking\n----------\n:TODO:\n\nSwitching\n---------\n",  # a marker, not a lead-in
    "Read this first :warning:\n\n# Next\n",  # an emoji shortcode
    '- A cron job (k create cronjob job --schedule="*/1 * * * *" -- echo hi), then suspend it\n',  # wildcards
    # Lead-ins that something continues.
    "Pros:\n\n- fast\n- cheap\n",
    "Note:\n\nThe bucket must be empty first.\n",  # a label and its note
    "Example: foo is a bar.\n",  # the colon is not at the end
    "## Options:\n\nSome text.\n",  # a heading ending with ":"
    "- There are four view types:\n  - KEYS_ONLY\n  - NEW_IMAGE\n",  # its nested list follows
    "- Types:\n- Inserts\n- Updates\n",  # a flat list under a lead-in item
    "Run:\n\n```sh\naws s3 ls\n```\n",
    "Run:\n\n    aws s3 ls\n",
    "The table:\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
    "The base URL is in the following format:\n\n> https://{api}.execute-api.{region}.amazonaws.com\n",
    "Two controls are available:\n\nReserved concurrency – guarantees the maximum.\n",
    "The URL looks like the following example:\n\n\nhttps://alias.signin.aws.amazon.com/console\n",
    "Enable tracing:\n\n\naws lambda update-function-configuration --tracing-config Mode=Active\n",
    "The filters:\n\n\n- Irrespective of how many objects match.\n",
    "Details:\n\n<details><summary>More</summary>x</details>\n",
    "Types:\n\n\n1) first kind\n2) second kind\n",
    "The answer is:\n\n\n  indented continuation of the answer.\n",
    "A timestamp 10:30 and a ratio 1:2 end here.\n",
    "Policy:\n\n\n\"Version\": \"2012-10-17\",\n\"Statement\": []\n",
    "**Note:**\n\nText of the note.\n",
    "Use the following policy:\n\nReplace ACCOUNT with your account id.\n\n```json\n{}\n```\n",
    "The template looks like this:\n\n### template.yaml\n\n```yaml\na: 1\n```\n",
    "The following examples show the CLI:\n\n### Example 1\n\nList the buckets.\n\n```sh\naws s3 ls\n```\n",
    "## CLI\n\nThe following examples show it:\n\n### Example 1\n\nList buckets.\n\n```sh\naws s3 ls\n```\n",
    "Run the following command:\n\n`aws s3 ls --recursive`\n",  # the command, as inline code
    "## Setup\n\nThe steps are as follows:\n\n### Step 1\n\nInstall.\n",  # its subsections follow
    "## Class\n\nIt emits the following events:\n\n## Event: close\n",  # sections it names
    "### Selectors\n\nSee examples below:\n\n### Objects\n",  # it points further down
    "Sections:\n\n* `Projects`:\n* `Global`:\n  * `Solution`:\n  * `Nested`:\n\n## Caveats\n",  # labels
    # Code, code spans and URLs are never looked at.
    "```\nfoo(\n****\n`` x\n– y\nIntro:\n```\n",
    "Use `foo(` and `**` and `[0, 1)` here.\n",
    "See https://example.com/a_(b and www.example.com/(x for more.\n",
    "Run `cmd:`\n",
    # Brackets that balance, smileys, enumerations, half-open ranges.
    "A list (that goes\nacross lines) closes.\n",
    "Nice :( but fine :-( really ;(\n",
    # Words that may end a sentence, or a sentence that runs on into a list or code.
    "Remember this\n\n- 6 KB each\n- Container Logging - A\n- crictl ps -a\n",
    "It waits until you complete the action using the\n\n- `complete-lifecycle-action` or\n- a timeout\n",
    "Run it with the\n\n```sh\naws s3 ls\n```\n",
    "Set `the` and `your`\n",  # code
    "I scored 72 on the exam :(((\n",  # each "(" of a long smiley
    "Choose 1) this or 2) that; a) and b) too.\n",
    "The interval [0, 1) and (0, 1] are half-open.\n",
    "A [link (with parens)](https://x.y/(z)) is fine.\n",
    "Escaped \\( bracket.\n",
    "A closer forgotten (a typo, not a loss\n",  # words follow it: nothing was taken out
    "Thanks ([@someone](https://github.com/someone)\n",
    "See [the docs](https://example.com/a_(b)) and `f(x)` (in `code`).\n",
    # Emphasis look-alikes.
    "Fill in the blank: The ___ service stores objects.\n",
    "The ____ is a fill-in blank too.\n",
    "Python's 2 ** 10 is 1024.\n",
    "The __init__ method and snake_case_name.\n",
    "**Bold** and *it* and __strong__.\n",
    "A wildcard * matches all; 3 * 4 = 12.\n",
    "| Rule | Action |\n| ---- | ------ |\n| \\*   | DENY   |\n",
    # Dashes that are not list markers.
    "The range 5\n– 10 is wrong-wrapped text.\n",
    "— Werner Vogels\n",
    "Text – with an en dash inside.\n",
    "- real list\n- items\n",
    # Tables with deliberately empty cells.
    "|   | A | B |\n| - | - | - |\n| x | 1 | 2 |\n",  # the corner cell
    "| INBOUND |      |     |\n| ------- | ---- | --- |\n| Rule #  | Type | Src |\n",  # a caption row
    "| a | b |\n| - | - |\n| 1 |   |\n",  # an optional value, padded like the rest
    "| a | b |\n|---|---|\n| 1 ||\n",  # an unaligned table says nothing by widths
])
def test_leaves_alone(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize("link", ["[policy.json](policy.json)", "![flow](img/flow.png)",
                                  "[the policy][policy], [the role][role].", "<https://example.com/policy>"])
def test_a_link_alone_is_what_a_lead_in_introduces(link: str) -> None:
    """The example kept in another file: the link (or image) is the content, not a hole."""
    text = f"Intro.\n\nBelow is the policy:\n\n{link}\n\nMore prose follows here.\n"
    assert kinds(text) == []


@pytest.mark.parametrize(("lead_in", "after"), [
    ("The following table summarises the options:", "SSE-S3 uses keys that S3 manages."),
    ("You can define lifecycle rules as shown below:", "Objects move to Glacier after 30 days."),
    ("The architecture diagram below:", "Traffic enters through the load balancer."),
])
def test_a_promised_table_or_figure_is_missing_when_prose_follows(lead_in: str, after: str) -> None:
    assert kinds(f"Intro.\n\n{lead_in}\n\n{after}\n") == [(4, 1, "lead-in")]
    table = "| Option | Keys |\n|---|---|\n| SSE-S3 | S3 |\n"
    assert kinds(f"Intro.\n\n{lead_in}\n\n{table}") == []
    assert kinds(f"Intro.\n\n{lead_in}\n\n{after}\n\n{table}") == []  # a sentence, then the table
    assert kinds(f"Intro.\n\n{lead_in}\n\n![the diagram](img/arch.png)\n") == []


def test_a_list_item_that_promises_code_is_not_continued_by_the_next_item_unless_it_is_code() -> None:
    lost = "- An ad-hoc command looks like:\n- Playbooks are YAML files.\n"
    [finding] = check(lost)
    assert (finding.line, finding.column) == (1, 31) and "before the list item on line 2" in finding.message
    assert kinds("- Run the following command:\n- `ansible all -m ping`\n") == []
    assert kinds("- The inventory looks like this:\n  ```ini\n  [web]\n  host1\n  ```\n- Next item.\n") == []
    assert kinds("- Steps:\n- Install the package\n- Configure it\n") == []  # promises no code
    # What is no sentence of prose may be the commands, the output or the names promised.
    assert kinds("- Run the following commands:\n- sudo apt update\n- docker ps\n") == []
    assert kinds("- The output looks like this:\n- Hello World\n") == []


def test_a_paragraph_of_term_and_definition_lines_is_the_list_a_lead_in_introduces() -> None:
    classes = ("Standard - Frequently accessed, highest cost\n"
               "Standard-IA - Infrequent access, retrieval fees\n"
               "Glacier Deep Archive - Cheapest, 12-48 hours retrieval\n")
    assert kinds(f"Intro.\n\nS3 Storage Classes:\n\n\n{classes}") == []
    assert kinds("Intro.\n\nLifecycle policies transition objects:\n\n\nVersioning (you enabled this)\n") == [
        (4, 1, "lead-in")]
    # A lead-in that promises code is not continued by "this - that" prose.
    prose = "Then restart the server - it picks up the change.\nAfter that check the logs - they show it.\n"
    assert kinds(f"Intro.\n\nRun the following command:\n\n{prose}") == [(4, 1, "lead-in")]


def test_in_notes_divided_by_rules_a_rule_under_a_lead_in_is_no_end() -> None:
    """An author who divides every part with "***" puts one between "Let's break it down:" and
    its first step; in other notes a rule after a lead-in ends what it introduced."""
    parts = "".join(f"Part {n}.\n\n***\n\n" for n in range(5))
    steps = "Let's break it down clearly:\n\n***\n\n#### Step 1\n\nOpen the console.\n"
    assert kinds(f"# Notes\n\n{parts}{steps}") == []
    assert kinds(f"# Notes\n\n{steps}") == [(4, 1, "lead-in")]
    assert kinds(f"# Notes\n\n{parts}For example:\n\n***\n\n# Next\n") == [(24, 1, "lead-in")]


def test_message_says_what_is_missing() -> None:
    [lead] = check("Your sign-in page URL has the following format, by default:\n\n\n# Next\n")
    assert "missing: the format it introduces" in lead.message and "heading on line 4" in lead.message
    assert "line 1" in lead.message
    for lead_in, what in (("Below is the policy:", "the policy"), ("Here is this:", "the content"),
                          ("Below are the following steps:", "the steps")):
        [found] = check(f"Intro.\n\n{lead_in}\n\n\nText after a hole.\n")
        assert f"missing: {what} it introduces" in found.message, found.message
    [code] = check("Use `` here.\n")
    assert code.message.startswith("Empty inline code")
    [bracket] = check("- Network Address (\n")
    assert "what it enclosed is missing" in bracket.message
    [marker] = check("– one\n")
    assert "'–' used as a list marker" in marker.message and "'- '" in marker.message


def test_positions_hold_with_a_bom_and_crlf() -> None:
    text = "Intro.\n\n- Network Address (\n- naked like `` here\n\n– one\n– two\n"
    plain = [(f.line, f.column, f.end_column) for f in check(text)]
    crlf = [(f.line, f.column, f.end_column) for f in check("\ufeff" + text.replace("\n", "\r\n"))]
    assert plain == crlf == [(3, 19, 20), (4, 14, 16), (6, 1, 2), (7, 1, 2)]


def test_fingerprints_tell_traces_apart() -> None:
    findings = check("First:\n\n\n# A\n\nSecond:\n\n\n# B\n")
    assert len(findings) == 2 and findings[0].fingerprint != findings[1].fingerprint
    assert all(f.fingerprint.startswith("lead-in:") for f in findings)


def test_registered_and_documented() -> None:
    assert all_rules()["lost-content"] is LostContent
    doc = LostContent.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert "None" in doc.split("## Fix", 1)[1]


# Every finding on the corpus, reviewed by eye against the file: all are real traces.
CORPUS_TRACES = {
    # "Your sign-in page URL has the following format, by default:" then two blank lines and
    # the next lead-in: the URL format is gone.
    (57, "lead-in"),
    # "... looks like the following example:" then two blank lines and an alias command, not the
    # example URL it promises.
    (60, "lead-in"),
    (99, "empty-emphasis"),  # "Consider a subnet say ****": the CIDR was stripped
    # "- Network Address (", "- Network + 1 ( `VPC Router`" ...: the addresses were stripped.
    (101, "unclosed-bracket"), (102, "unclosed-bracket"), (103, "unclosed-bracket"),
    (104, "unclosed-bracket"), (105, "unclosed-bracket"),
    # An aligned NACL table whose Source cells were squeezed to "| |" (the CIDRs were stripped).
    (195, "empty-cell"), (196, "empty-cell"),
    # "| Account A | Account B |         |": the third column (granted/denied) has no heading.
    (338, "empty-cell"),
    (876, "empty-code"), (877, "empty-code"),  # "like `` here": the domain names were stripped
    (945, "unclosed-bracket"), (947, "unclosed-bracket"),  # "Parts of the URL (", "Endpoint ("
    (985, "list-marker"), (986, "list-marker"), (992, "list-marker"), (993, "list-marker"),
    # A nested list written with en dashes, run into its parent item's text.
    (1809, "list-marker"), (1810, "list-marker"), (1811, "list-marker"),
    # "There are four view types that a stream can be configured with:" and then a new topic.
    (1832, "lead-in"),
    (1918, "list-marker"), (1920, "list-marker"), (1922, "list-marker"), (1924, "list-marker"),
    (2066, "list-marker"), (2067, "list-marker"), (2068, "list-marker"), (2069, "list-marker"),
    # "... you will have to manually create the following properties:" and then a new topic.
    (2356, "lead-in"),
}


def test_corpus_findings_are_the_reviewed_set() -> None:
    text = CORPUS.read_text(encoding="utf-8")
    doc = parse(text, "notes/aws-notes.md")
    traces = find_traces(doc)
    assert {(doc.position(t.start)[0], t.kind) for t in traces} == CORPUS_TRACES
    assert len(traces) == len(CORPUS_TRACES) == 32
    findings = list(LostContent().check(doc, RuleContext()))
    assert [(f.start, f.end) for f in findings] == [(t.start, t.end) for t in traces]
    # The lines the issue names are all among them.
    named = {57, 60, 876, 877, 99, 101, 102, 103, 945, 947, 985, 992, 1918, 2066, 1832, 2356}
    assert named <= {line for line, _ in CORPUS_TRACES}
    # Each trace points at the character that shows it.
    for t in traces:
        if t.kind == "unclosed-bracket":
            assert text[t.start] == "("
        elif t.kind == "list-marker":
            assert text[t.start] == "–"
        elif t.kind == "empty-code":
            assert text[t.start:t.end] == "``"
        elif t.kind == "lead-in":
            assert text[t.start:t.end].strip() == ""  # the blank gap where the content was
            assert doc.line_text(doc.line_of(t.start) - 1).rstrip().endswith(":")
