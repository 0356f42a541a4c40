"""near-duplicate: similar and contained paragraphs in one file and across files, what is not
reported (below the threshold, short text, boilerplate, exact copies), determinism, the rule with
its index against the rule with all pairs compared, and the reviewed findings on the corpus."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint import similarity
from lint.config import Config
from lint.document import Document
from lint.engine import Engine
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules import near_duplicate
from lint.rules.duplicate_paragraph import DuplicateParagraph
from lint.rules.near_duplicate import NearDuplicate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"

LONG = ("A VPC peering connection helps you to facilitate the transfer of data between two accounts "
        "in the same region or in different regions.")
NEAR = LONG.replace("accounts", "VPCs")  # one word of 23 changed mid-sentence: 3 shingles of 21, 75%
ONE_WORD = LONG.replace("different regions", "other regions")  # 2 shingles of 21 changed: 82%
SHORT = "If your stream has 100 active shards, there will be at most 100 concurrent invocations."
HOLDER = f"For streams, shards are the unit of concurrency. {SHORT} Each shard is read in order."
OTHER = "Security groups are stateful, while network ACLs are stateless and evaluate rules in order."


def check(text: str, path: str = "notes/a.md", **options: Any) -> list[Finding]:
    return list(NearDuplicate().check(parse(text, path), RuleContext(options=options)))


def check_all(docs: list[Document], **options: Any) -> list[Finding]:
    return list(NearDuplicate().check_all(docs, RuleContext(options=options)))


def summary(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.message) for f in findings]


# -- what is reported ---------------------------------------------------------------------------


def test_a_near_copy_is_reported_on_the_later_one_with_its_similarity() -> None:
    text = f"# VPC\n\n{LONG}\n\n{OTHER}\n\n{ONE_WORD}\n"
    [finding] = check(text)
    assert (finding.rule, finding.severity, finding.fix) == ("near-duplicate", "info", None)
    assert (finding.line, finding.column, finding.end_line) == (7, 1, 7)
    assert text[finding.start:finding.end] == ONE_WORD
    assert finding.message == "Paragraph is 82% similar to notes/a.md:3"


def test_the_threshold_decides_and_counts_at_the_boundary() -> None:
    assert check(f"{LONG}\n\n{NEAR}\n") == []  # 75% < 80%
    assert summary(check(f"{LONG}\n\n{NEAR}\n", threshold=0.75)) == [
        ("notes/a.md", 3, "Paragraph is 75% similar to notes/a.md:1")]
    # Word sets (shingle_size 1) of 9 words sharing 8: Jaccard 8/10, exactly the threshold.
    a = "alpha bravo charlie delta echo foxtrot golf hotel india"
    b = "alpha bravo charlie delta echo foxtrot golf hotel juliet"
    assert summary(check(f"{a}\n\n{b}\n", shingle_size=1)) == [
        ("notes/a.md", 3, "Paragraph is 80% similar to notes/a.md:1")]
    assert check(f"{a}\n\n{b}\n", shingle_size=1, threshold=0.81) == []


def test_a_copy_with_a_word_or_two_changed_is_reported_with_the_words_it_differs_in() -> None:
    """One word changed mid-sentence touches three shingles: 75% similar, under the threshold;
    word for word it is 22 of 23 words, which ``word_threshold`` (90% by default) counts."""
    text = f"# VPC\n\n{LONG}\n\n{OTHER}\n\n{NEAR}\n"
    assert summary(check(text)) == [("notes/a.md", 7, "Paragraph differs from notes/a.md:3 in 1 word")]
    two = NEAR.replace("the same region", "one same region")  # two words of 23 changed: 91%
    assert summary(check(f"# VPC\n\n{LONG}\n\n{OTHER}\n\n{two}\n")) == [
        ("notes/a.md", 7, "Paragraph differs from notes/a.md:3 in 2 words")]
    assert check(text, word_threshold=0.96) == []  # 22/23 words is 95.7%
    three = two.replace("transfer of data", "move of data")  # 3 edits of 23: 87% of words
    assert check(f"# VPC\n\n{LONG}\n\n{OTHER}\n\n{three}\n") == []


def test_a_copy_that_differs_only_in_symbols_is_not_called_100_percent_similar() -> None:
    text = f"{LONG}\n\n{OTHER}\n\n{LONG.replace('A VPC', 'A 🚀 VPC').rstrip('.')}!\n"
    assert summary(check(text)) == [
        ("notes/a.md", 5, "Paragraph has the same words as notes/a.md:1: only punctuation or symbols differ")]


def test_two_words_swapped_are_one_slip() -> None:
    """A swap of two neighbours moves two words but is one slip: in a sentence of 12 words, where
    one slip is allowed, a swap is a copy and two words changed are not."""
    line = "The NAT gateway lets instances in a private subnet reach the internet."
    swapped = line.replace("private subnet", "subnet private")
    text = f"{line}\n\n{OTHER}\n\n{swapped}\n"
    assert summary(check(text)) == [("notes/a.md", 5, "Paragraph differs from notes/a.md:1 in 2 words")]
    changed = line.replace("private subnet", "public network")
    assert check(f"{line}\n\n{OTHER}\n\n{changed}\n") == []


def test_neighbours_that_differ_in_a_word_are_parallel_statements_not_copies() -> None:
    """Consecutive items saying the same of two things ("NetworkIn ... received", "NetworkOut
    ... sent") differ in a word or two by design: word for word they are no pair; apart, they are."""
    rule = "- The rules of a security group allow the {} traffic from the listed sources to the instance\n"
    items = rule.format("inbound") + rule.format("outbound")
    assert check(items) == []  # 67% of shingles; one word of 17
    item = "- The new instance family is now available in {} for every account in the organization\n"
    regions = "".join(item.format(r) for r in ("Ohio", "Virginia", "Oregon", "Ireland", "Frankfurt"))
    assert check(regions) == []  # items of one list, however far apart
    apart = items.replace("\n- The rules", f"\n\n{OTHER}\n\n- The rules")
    assert summary(check(apart)) == [("notes/a.md", 5, "List item differs from notes/a.md:1 in 1 word")]


def test_the_same_sentence_of_another_command_is_no_copy_but_a_changed_word_beside_it_is() -> None:
    run = ("Run `docker build -t dennis/{} .` in the project folder to build the docker image for it, "
           "then push the image to the registry.")
    text = f"{run.format('simpleweb')}\n\n{OTHER}\n\n{run.format('visit')}\n"
    assert check(text) == []  # only the code span differs
    edited = run.format("visit").replace("project", "app")
    assert summary(check(f"{run.format('simpleweb')}\n\n{OTHER}\n\n{edited}\n")) == [
        ("notes/a.md", 5, "Paragraph differs from notes/a.md:1 in 2 words")]


def test_steps_over_different_code_are_no_copies_in_one_file_but_are_across_files() -> None:
    """Two steps of a tutorial, each over its own command (gbih's Kubernetes notes: step 6 is step
    5 "with optional tab space of 4"), say what differs in the code: no pair. Numbered steps over
    the same code run it again on purpose (Gclem2's RHCSA lab: "2. Issue the ssh command", later
    "4. Issue the ssh command ... Enter yes if prompted"): no pair either. Bullets over the same
    code, or steps across files (a passage copied with its code, then edited), are one."""
    step = "5. Display resource in JSON format, filter out multiple nested fields in jq, output as YAML\n"
    longer = step.replace("5.", "6.").rstrip() + " with optional tab space of 4\n"
    code = "```bash\nkubectl get svc -o json | jq 'del(.items[].metadata)' | yq r -P -{}\n```\n"
    steps = f"{step}{code.format('')}\n{OTHER}\n\n{longer}{code.format(' -I4')}"
    assert check(steps) == []
    same_code = f"{step}{code.format('')}\n{OTHER}\n\n{longer}{code.format('')}"
    assert check(same_code) == []
    bullets = same_code.replace("5. ", "- ").replace("6. ", "- ")
    assert summary(check(bullets)) == [("notes/a.md", 1, "List item is contained in notes/a.md:8")]
    one_code = f"{step}{code.format('')}\n{OTHER}\n\n{longer}\nThe output follows.\n"
    assert summary(check(one_code)) == [("notes/a.md", 1, "List item is contained in notes/a.md:8")]
    files = [parse(f"{step}{code.format('')}", "notes/a.md"),
             parse(f"{longer}{code.format(' -I4')}", "notes/b.md")]
    assert summary(check_all(files)) == [("notes/a.md", 1, "List item is contained in notes/b.md:1")]
    near = [parse(f"{LONG}\n\n{code.format('')}\n{OTHER}\n\n{ONE_WORD}\n\n{code.format(' -I4')}")]
    assert check_all(near) == []  # a similar pair, not only a contained one


def test_entries_on_different_commands_and_numbered_questions_are_no_copies() -> None:
    """A cheat sheet contrasts `git add -A` with `git add -A ./*`; a worksheet asks "Which year"
    then "Which month", each question its own numbered list. The same entry pasted again, or an
    unnumbered item, is still a copy."""
    entry = "- `git add -A` = Stage all modified files, including deleted files.\n"
    wider = ("- `git add -A ./*` = Stage all modified files, including deleted files, "
             "beneath the current path.\n")
    assert check(entry + wider) == []
    same_command = wider.replace("`git add -A ./*`", "`git add -A`")
    contained = [("notes/a.md", 1, "List item is contained in notes/a.md:2")]
    assert summary(check(entry + same_command)) == contained
    question = ("{n}. Which {unit} did the shop have the greatest sales in terms of the total number "
                "of orders? Are all {unit}s evenly represented?\n")
    sheet = f"{question.format(n=3, unit='year')}\n{OTHER}\n\n{question.format(n=4, unit='month')}"
    assert check(sheet) == []
    bullets = sheet.replace("3. ", "- ").replace("4. ", "- ")
    assert summary(check(bullets)) == [("notes/a.md", 5, "List item differs from notes/a.md:1 in 2 words")]


def test_word_order_matters_through_shingles() -> None:
    shuffled = " ".join(reversed(LONG.rstrip(".").split()))
    assert check(f"{LONG}\n\n{shuffled}\n") == []
    assert len(check(f"{LONG}\n\n{shuffled}\n", shingle_size=1)) == 1  # the same set of words


def test_a_sentence_pasted_into_a_longer_paragraph_is_contained_in_it() -> None:
    for text, line, where in ((f"{SHORT}\n\n{OTHER}\n\n{HOLDER}\n", 1, 5),
                              (f"{HOLDER}\n\n{OTHER}\n\n{SHORT}\n", 5, 1)):
        [finding] = check(text)  # reported on the contained piece, wherever it stands
        assert (finding.line, finding.message) == (line, f"Paragraph is contained in notes/a.md:{where}")


def test_containment_wins_over_similarity_and_points_at_the_first_holder() -> None:
    edited = HOLDER.replace("read in order", "read in sequence")
    assert summary(check(f"{HOLDER}\n\n{SHORT}\n\n{edited}\n")) == [
        ("notes/a.md", 3, "Paragraph is contained in notes/a.md:1"),
        ("notes/a.md", 5, "Paragraph is 92% similar to notes/a.md:1")]
    longer = f"{HOLDER} Resharding changes the count."  # 87% similar to HOLDER, and holds it whole
    assert summary(check(f"{HOLDER}\n\n{OTHER}\n\n{longer}\n")) == [
        ("notes/a.md", 1, "Paragraph is contained in notes/a.md:5")]


def test_list_items_are_compared_whole_and_with_paragraphs() -> None:
    text = f"- {LONG}\n- {OTHER}\n\nBetween the lists.\n\n{ONE_WORD}\n"
    assert summary(check(text)) == [("notes/a.md", 6, "Paragraph is 82% similar to notes/a.md:1")]
    nested = f"# A\n\n- {LONG}\n  - {OTHER}\n\n# B\n\n- {ONE_WORD}\n  - {OTHER}\n"
    [finding] = check(nested)  # the items as wholes; the nested exact copy is the other rule's
    assert (finding.line, finding.message) == (8, "List item is 84% similar to notes/a.md:3")


def test_a_list_item_and_its_own_content_are_never_a_pair() -> None:
    text = f"- {LONG}\n\n  {OTHER}\n- Second item of the list with a few words.\n"
    assert check(text) == []  # each paragraph is contained in the item that holds it


def test_a_nested_match_inside_the_enclosing_match_is_not_reported_again() -> None:
    inner = "Peering connections are not transitive, so each pair of VPCs that must talk needs its own link."
    text = (f"# A\n\n- {LONG}\n\n  {inner}\n\n# B\n\n"
            f"- {LONG.replace('A VPC', 'The VPC')}\n\n  {inner.replace('that must', 'which must')}\n")
    [finding] = check(text, threshold=0.5)  # not its paragraphs, 90% and 75% similar to those of A
    assert (finding.line, finding.message) == (9, "List item is 80% similar to notes/a.md:3")


def test_a_nested_paragraph_is_reported_when_its_item_is_not_similar() -> None:
    inner = "Peering connections are not transitive, so each pair of VPCs needs its own connection."
    text = f"# A\n\n- {LONG}\n\n  {inner}\n\n# B\n\n- {ONE_WORD}\n\n  {inner.replace('its own', 'a')}\n"
    # The items are 72% similar, their first paragraphs 82%; word for word (on by default) the
    # items differ in three words of 37, and that is reported instead.
    [finding] = check(text, word_threshold=0)
    assert (finding.line, finding.message) == (9, "Paragraph is 82% similar to notes/a.md:3")
    assert summary(check(text)) == [("notes/a.md", 9, "List item differs from notes/a.md:3 in 3 words")]
    assert text.splitlines()[8] == f"- {ONE_WORD}"


# -- what is not reported --------------------------------------------------------------------------


def test_exact_copies_are_left_to_duplicate_paragraph() -> None:
    text = f"{LONG}\n\n{OTHER}\n\n{LONG.upper()}\n"
    assert check(text) == []
    assert [f.line for f in DuplicateParagraph().check(parse(text, "notes/a.md"), RuleContext())] == [5]


def test_a_near_copy_of_exact_copies_is_reported_once_against_the_first() -> None:
    findings = check(f"{LONG}\n\n{LONG}\n\n{OTHER}\n\n{ONE_WORD}\n\n{SHORT}\n\n{HOLDER}\n\n{SHORT}\n")
    assert summary(findings) == [("notes/a.md", 7, "Paragraph is 82% similar to notes/a.md:1"),
                                 ("notes/a.md", 9, "Paragraph is contained in notes/a.md:11")]


def test_short_paragraphs_are_not_compared() -> None:
    text = "Amazon ECS runs containers on EC2.\n\nAmazon ECS runs containers on Fargate.\n"
    assert check(text) == []
    assert len(check(text, min_words=5, threshold=0.5)) == 1


def test_different_paragraphs_are_not_reported() -> None:
    assert check(f"{LONG}\n\n{OTHER}\n\n{SHORT}\n") == []


def test_boilerplate_lines_do_not_make_items_similar() -> None:
    wrap = "<details><summary>Click here to show the answer to this practice question</summary>"
    text = (f"- {wrap}\n\n  {LONG}\n\n  </details>\n\nBreak.\n\n"
            f"- {wrap}\n\n  {OTHER}\n\n  </details>\n")
    assert check(text) == []
    assert summary(check(text, boilerplate=[], threshold=0.2)) == [  # the wrapper lines in common
        ("notes/a.md", 9, "List item is 22% similar to notes/a.md:1")]


@pytest.mark.parametrize(("name", "value"), [
    ("threshold", 0), ("threshold", 1.5), ("threshold", "high"), ("threshold", True), ("min_words", -1),
    ("shingle_size", 0), ("shingle_size", 2.5), ("boilerplate", "x"), ("boilerplate", ["("]),
    ("word_threshold", 1.5), ("word_threshold", "most"), ("word_threshold", -0.5),
])
def test_bad_options_are_refused(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"near-duplicate: .*{name.split('_')[0]}"):
        list(NearDuplicate().check(parse(LONG), RuleContext(options={name: value})))


# -- across files and determinism ----------------------------------------------------------------


def test_across_files_the_later_path_is_reported() -> None:
    a = parse(f"# Topic\n\n{LONG}\n\n{HOLDER}\n", "notes/a.md")
    b = parse(f"# Topics\n\n{SHORT}\n\n{ONE_WORD}\n", "notes/b.md")
    want = [("notes/b.md", 3, "Paragraph is contained in notes/a.md:5"),
            ("notes/b.md", 5, "Paragraph is 82% similar to notes/a.md:3")]
    assert summary(check_all([a, b])) == summary(check_all([b, a])) == want


def test_the_engine_runs_it_across_files_with_options_from_the_config() -> None:
    assert all_rules()["near-duplicate"] is NearDuplicate
    a = parse(f"{LONG}\n", "notes/a.md")
    b = parse(f"{NEAR}\n", "notes/b.md")
    config = Config(root=Path("."), select=["near-duplicate"])
    [finding] = Engine(config).check([a, b])  # one word of 23 changed: 75% of shingles, 96% of words
    assert (finding.path, finding.message) == ("notes/b.md", "Paragraph differs from notes/a.md:1 in 1 word")
    config.rule_options["near-duplicate"] = {"word_threshold": 0}
    assert Engine(config).check([a, b]) == []
    config.rule_options["near-duplicate"] = {"threshold": 0.75}
    [finding] = Engine(config).check([b, a])
    assert (finding.path, finding.message) == ("notes/b.md", "Paragraph is 75% similar to notes/a.md:1")
    assert Engine(config).check_in_context(b, [a, b]) == [finding]
    assert Engine(config).check_in_context(a, [a, b]) == []


def _random_docs(rng: random.Random, files: int) -> list[Document]:
    """Paragraphs and list items drawn from a few sentences, with edits: many near pairs."""
    words = (LONG + " " + OTHER + " " + SHORT).split()
    docs = []
    for f in range(files):
        parts = []
        for _ in range(rng.randint(2, 10)):
            start = rng.randrange(0, len(words) - 12)
            chosen = words[start:start + rng.randint(8, 16)]
            for _ in range(rng.randint(0, 2)):
                chosen[rng.randrange(len(chosen))] = rng.choice(words)
            text = " ".join(chosen)
            parts.append(rng.choice([text, f"- {text}", f"- {text}\n  - {' '.join(reversed(chosen))}"]))
        docs.append(parse("\n\n".join(parts) + "\n", f"notes/{f}.md"))
    return docs


def test_findings_do_not_depend_on_input_order_or_repeated_runs() -> None:
    docs = _random_docs(random.Random(7), 6)
    first = check_all(docs, threshold=0.6)
    assert len(first) > 5
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert check_all(shuffled, threshold=0.6) == first


def test_a_generated_list_of_like_lines_is_no_set_of_copies_and_stays_linear() -> None:
    """Thousands of lines that differ in a number or two ("type 7 has two virtual CPUs...") are
    template text: every pair shares 40% of its shingles, and comparing them all word for word
    would be quadratic. Their shingles are held by too many units to find
    word-for-word candidates with; a real copy among them is still found by its rare shingles."""
    lines = [f"The instance type number {i} has two virtual CPUs and one GiB of memory in the region."
             for i in range(400)]
    assert check("\n\n".join(lines) + "\n") == []
    copy = LONG.replace("accounts", "VPCs")
    assert summary(check("\n\n".join([LONG, *lines, copy]) + "\n")) == [
        ("notes/a.md", 803, "Paragraph differs from notes/a.md:1 in 1 word")]


def test_findings_do_not_depend_on_hash_seeds() -> None:
    script = ("from lint.parser import parse; from lint.registry import RuleContext; "
              "from lint.rules.near_duplicate import NearDuplicate; import sys; "
              "doc = parse(open(sys.argv[1], encoding='utf-8').read(), 'notes/aws-notes.md'); "
              "ctx = RuleContext(options={'threshold': 0.5, 'shingle_size': 1}); "
              "print([(f.line, f.message) for f in NearDuplicate().check(doc, ctx)])")
    outputs = {subprocess.run([sys.executable, "-c", script, str(CORPUS)], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.sampled_from([0.5, 0.6, 0.7, 0.8, 0.9]), st.sampled_from([1, 2, 3]))
def test_the_rule_with_its_index_equals_the_rule_comparing_all_pairs(seed: int, threshold: float,
                                                                     size: int) -> None:
    docs = _random_docs(random.Random(seed), 4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(near_duplicate, "WORD_MAX_HOLDERS", None)  # the word pass's search made exact too
        found = check_all(docs, threshold=threshold, shingle_size=size, min_words=4)
        mp.setattr(similarity.SetIndex, "similar",
                   lambda self, t, max_holders=None: similarity.brute_similar(self.sets, t))
        mp.setattr(similarity.SetIndex, "contained", lambda self: similarity.brute_contained(self.sets))
        assert check_all(docs, threshold=threshold, shingle_size=size, min_words=4) == found


# -- the real corpus ----------------------------------------------------------------------------------

# Every finding read by eye and confirmed:
# - 255 repeats the paragraph at 250 as a list item, word for word, with `**outgoing**` in bold
#   (so not an exact copy);
# - 2133 is the second sentence of the list item at 2135, pasted above it;
# - 2526 is the last two sentences of the paragraph at 2095 (the example).
CORPUS_FINDINGS = [
    (255, "List item has the same words as notes/aws-notes.md:250: only punctuation or symbols differ"),
    (2133, "Paragraph is contained in notes/aws-notes.md:2135"),
    (2526, "Paragraph is contained in notes/aws-notes.md:2095"),
]


def corpus_doc() -> Document:
    return parse(CORPUS.read_text(encoding="utf-8"), "notes/aws-notes.md")


def test_corpus_findings_are_the_reviewed_ones() -> None:
    doc = corpus_doc()
    findings = list(NearDuplicate().check(doc, RuleContext()))
    assert [(f.line, f.message) for f in findings] == CORPUS_FINDINGS
    assert doc.line_text(2095).endswith(doc.line_text(2526))


def test_corpus_exact_copies_are_not_reported_again() -> None:
    doc = corpus_doc()
    exact = {f.line for f in DuplicateParagraph().check(doc, RuleContext())}
    near = {f.line for f in NearDuplicate().check(doc, RuleContext(options={"threshold": 0.5}))}
    assert exact == {11, 148, 150, 152, 845, 1910} and not exact & near


def test_corpus_against_a_summary_file_of_the_same_run() -> None:
    doc = corpus_doc()
    edited = doc.line_text(1888).replace("provisioned", "configured")
    assert edited != doc.line_text(1888)
    first_sentence = doc.line_text(2526).split(". ")[0] + "."  # in 2095 and in 2526: the first counts
    summary_doc = parse(f"# Overview\n\n{edited}\n\n{first_sentence}\n\n{doc.line_text(2526)}\n",
                        "notes/summary.md")
    findings = check_all([summary_doc, doc])
    assert [(f.path, f.line) for f in findings[:3]] == [("notes/aws-notes.md", n) for n, _ in CORPUS_FINDINGS]
    assert summary(findings[3:]) == [  # the exact copy of 2526 (line 7) is duplicate-paragraph's
        ("notes/summary.md", 3, "Paragraph is 84% similar to notes/aws-notes.md:1888"),
        ("notes/summary.md", 5, "Paragraph is contained in notes/aws-notes.md:2095")]


def test_documentation_follows_the_rule_page_layout() -> None:
    doc = NearDuplicate.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    for option in NearDuplicate.options:
        assert f"`{option}" in doc


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab9_ .,-'’é٣\n"), max_size=40))
def test_words_of_the_fast_path_are_the_word_pattern_s(text: str) -> None:
    assert near_duplicate._words(text) == near_duplicate._WORD.findall(text)


def test_a_detail_of_one_item_is_no_copy_of_another_item_whole() -> None:
    """Saigesp's DynamoDB notes: "No two items can have the same partition key" details "Simple";
    the item "Composite", whole, holds it with "and sort key" in its own details."""
    text = ("#### Two types:\n\n- **Simple**.\n    - Items have only one **partition key**.\n"
            "    - No two items can have the same partition key.\n- **Composite**.\n"
            "    - Items have only one **partition key** and a **sort key**.\n"
            "    - No two items can have the same partition key and sort key.\n")
    assert check(text) == []
    flat = "- No two items can have the same partition key.\n\n" + text.split("\n- **Composite**.\n", 1)[1]
    assert summary(check(flat)) != []  # not a detail of a sibling item: a copy


def test_parallel_procedures_and_recaps_are_no_near_copies() -> None:
    step = ("Select the disk to partition, and be careful to choose the correct disk because its "
            "data is wiped")
    procedures = (f"**Without encryption**\n\n1. Pick the method\n2. {step}\n\n"
                  f"**With encryption**\n\n1. Pick the method with LVM\n2. {step} for good\n")
    assert check(procedures) == []
    assert summary(check(procedures.replace("1. Pick the method with LVM\n2. ", "- "))) != []
    recap = f"## Streams\n\n{HOLDER}\n\n## Summary\n\n{SHORT}\n"
    assert check(recap.replace("## Summary", "## Key Exam Terms")) == []  # diamonddelt's SAA notes
    assert check(recap) == []
    assert summary(check(recap.replace("## Summary", "## Shards"))) == [
        ("notes/a.md", 7, "Paragraph is contained in notes/a.md:3")]
