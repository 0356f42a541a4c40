"""The `typo` rule: curated misspellings, misspelled names and unknown words in prose, and its fixes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixers.apply import apply_edits, fix_document
from fixers.replace_word import case_pattern, keep_case, replace_word
from lint.config import ConfigError
from lint.document import Document
from lint.finding import Finding
from lint.parser import parse
from lint.prose import prose_index
from lint.registry import RuleContext, all_rules
from lint.rules import typo
from lint.rules.typo import Typo, speller_for
from lint.spelling import (
    CONTRACTIONS,
    Speller,
    curated_misspellings,
    glossary,
    parse_curated,
    parse_glossary,
    parse_word_list,
)

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def check(text: str, root: str = ".", **options: object) -> list[Finding]:
    doc = parse(text)
    return list(Typo().check(doc, RuleContext(options=options, root=root)))


def flagged(text: str, **options: object) -> list[str]:
    doc = parse(text)
    return [doc.text[f.start:f.end] for f in Typo().check(doc, RuleContext(options=options))]


def fixed(text: str, unsafe: bool = False) -> str:
    edits = [e for f in check(text) if f.fix and (unsafe or f.fix.is_safe()) for e in f.fix.edits]
    return apply_edits(text, edits)


# --- layer 1: curated misspellings -------------------------------------------------------------


def test_curated_misspelling_is_found_with_message_and_exact_columns() -> None:
    (finding,) = check("RDS Encrytion\n")
    assert finding.rule == "typo" and finding.severity == "warning"
    assert finding.message == "`Encrytion` is misspelled; did you mean `Encryption`?"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 5, 1, 14)
    assert finding.fix is not None and finding.fix.is_safe()
    assert [(e.start, e.end, e.replacement) for e in finding.fix.edits] == [(4, 13, "Encryption")]


@pytest.mark.parametrize("word, expected", [
    ("encrytion", "encryption"), ("Encrytion", "Encryption"), ("ENCRYTION", "ENCRYPTION"),
])
def test_fix_keeps_the_case(word: str, expected: str) -> None:
    assert fixed(f"about {word} here\n") == f"about {expected} here\n"


@pytest.mark.parametrize("text, expected", [
    ("RDS Encrytion\r\nN. Vergina\r\n", "RDS Encryption\r\nN. Virginia\r\n"),
    ("\ufeffRDS Encrytion\n", "\ufeffRDS Encryption\n"),
])
def test_fixes_keep_crlf_and_bom(text: str, expected: str) -> None:
    assert fixed(text) == expected
    (first, *_) = check(text)
    assert (first.line, first.column) == (1, 5)


def test_several_candidates_are_suggested_but_not_fixed() -> None:
    (finding,) = check("The value is desiged here.\n")
    assert finding.message == "`desiged` is misspelled; did you mean `designed` or `desired`?"
    assert finding.fix is None


def test_rare_entries_get_an_unsafe_fix_only() -> None:
    rare = sorted(w for w in speller_for().lexicon.rare if w.isalpha() and w not in CONTRACTIONS
                  and len(curated_misspellings()[w].split(",")) == 1 and len(w) >= 5)
    word = rare[0]
    (finding,) = check(f"A {word} here.\n")
    assert finding.fix is not None and not finding.fix.is_safe()


def test_run_together_words_from_notelints_own_list() -> None:
    assert fixed("Upto 64,000 IOPS, upto 4KB.\n") == "Up to 64,000 IOPS, up to 4KB.\n"


def test_contractions_are_left_to_typo_contraction() -> None:
    assert flagged("It doesnt matter, you cant say, thats it.\n") == []


# --- layer 2: misspelled names ------------------------------------------------------------------


@pytest.mark.parametrize("text, word, replacement", [
    ("The DyanamoDB table\n", "DyanamoDB", "DynamoDB"),
    ("Snapshots of RDS, Redshit and EBS\n", "Redshit", "Redshift"),
    ("Region only services - N. Vergina?\n", "Vergina", "Virginia"),
    ("Deploy with Elastic Beanstlak now\n", "Beanstlak", "Beanstalk"),
    ("Stream into Kinesys today\n", "Kinesys", "Kinesis"),
    ("Query it with Terradata.\n", "Terradata", "Teradata"),
])
def test_misspelled_names_are_fixed_to_the_glossary_name(text: str, word: str, replacement: str) -> None:
    (finding,) = check(text)
    assert text[finding.start:finding.end] == word
    assert f"`{word}`" in finding.message and f"`{replacement}`" in finding.message
    assert finding.fix is not None and finding.fix.is_safe()
    assert fixed(text) == text.replace(word, replacement)


def test_multiword_term_is_matched_across_words() -> None:
    (finding,) = check("Launch it in N. Vergina.\n")
    assert finding.message == "`Vergina` is misspelled; did you mean `Virginia` (as in `N. Virginia`)?"
    # Without the "N." it is a name we do not know, inside a sentence: nothing to say.
    assert flagged("A village called Vergina.\n") == []


def test_a_name_is_never_explained_away_as_a_compound() -> None:
    # "Redshit" is "red" + "shit" to the compound rule; names are matched before that.
    assert flagged("Load it into Redshit.\n") == ["Redshit"]


# --- layer 3: unknown words ---------------------------------------------------------------------


def test_unknown_word_is_reported_with_its_candidate_and_an_unsafe_fix() -> None:
    (finding,) = check("Snapshots are incrimental.\n")
    assert finding.message == "`incrimental` is not a known word; did you mean `incremental`?"
    assert finding.fix is not None and not finding.fix.is_safe()
    assert fixed("Snapshots are incrimental.\n") == "Snapshots are incrimental.\n"
    assert fixed("Snapshots are incrimental.\n", unsafe=True) == "Snapshots are incremental.\n"


@pytest.mark.parametrize("word, candidate", [
    ("retreivals", "retrievals"),  # a plural the suggestion pool lacks: found from its stem
    ("chargable", "chargeable"),  # charge + able keeps its e
    ("externailized", "externalized"),
    ("emphemral", "ephemeral"),  # two edits
    ("usedful", "useful"),  # not "used" + "ful"
    ("interneal", "internal"),  # not "interne" + "al"
])
def test_unknown_words_find_the_right_candidate(word: str, candidate: str) -> None:
    (finding,) = check(f"The {word} part.\n")
    assert f"did you mean `{candidate}`?" in finding.message


def test_several_candidates_are_ranked_and_not_fixed() -> None:
    (finding,) = check("It is unmangaed here.\n")
    assert finding.message.startswith("`unmangaed` is not a known word; did you mean `unmanaged`")
    assert finding.fix is None


def test_capitalised_words_are_checked_at_a_sentence_start_and_in_headings() -> None:
    assert flagged("Incrimental backups.\n") == ["Incrimental"]
    assert flagged("# Data Incrimental Keys\n") == ["Incrimental"]
    assert flagged("| a | Incrimental |\n| - | - |\n") == ["Incrimental"]
    # Inside a sentence a capitalised word is a name: only the glossary speaks for it.
    assert flagged("We met Incrimental there.\n") == []


@pytest.mark.parametrize("text", [
    "Use tiering, presigned URLs, authorizers and a fanout.\n",  # inflections, prefixes, compounds
    "Sharding, resharding, backoff, failover and idempotency.\n",  # software vocabulary
    "Colour, organisational, analysed and travelling are British.\n",
    "Vice versa, etc.\n",
    "A budgix here.\n",  # nothing familiar close ("budgie" is rare): a name, not a slip
    "Use cfn-init, cfn-hup, ebextensions, appspec, buildspec and x-amz-meta-color headers.\n",
])
def test_correct_words_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


def test_names_of_people_are_not_misspelled_words_or_names() -> None:
    """Found in a changelog: a surname after an initial opens no sentence; a first name next
    to an unknown surname is no misspelled service (`Maciej` is not `Macie`)."""
    assert flagged("Bump ICU4C from 54 to 55 (Steven R. Loomis).\n") == []
    assert flagged("Loomis bumped it.\n") == ["Loomis"]  # at a sentence start it is checked
    assert flagged("Eliminate double getenv() (Maciej Małecki).\n") == []
    assert flagged("We use Macei for data discovery.\n") == ["Macei"]  # alone, still the service
    assert flagged("Region only services - N. Vergina?\n") == ["Vergina"]  # an initial of a name


def test_two_letter_acronyms_are_never_misspellings() -> None:
    assert flagged("Do not send TE in HEAD responses.\n") == []
    assert flagged("Do not send te in HEAD responses.\n") == ["te"]
    assert flagged("TEH END.\n") == ["TEH"]


def test_a_word_used_three_times_is_the_authors_term() -> None:
    once = "Snapshots are incrimental.\n\n"
    assert flagged(once) == ["incrimental"]
    assert flagged(once * 2) == ["incrimental", "incrimental"]
    assert flagged(once * 3) == []


def test_glossary_names_rank_first_and_are_not_repeated() -> None:
    (finding,) = check("Build it on jenkens today.\n")
    assert finding.message == "`jenkens` is not a known word; did you mean `Jenkins` or `jensens`?"
    (finding,) = check("Run it on cassandara today.\n")
    assert finding.message == "`cassandara` is not a known word; did you mean `Cassandra`?"


# --- what is never flagged ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Use `encrytion` here.\n",
    "```\nencrytion = 1\n```\n",
    "    recieve = 2\n",
    "See https://example.com/encrytion now.\n",
    "See <https://example.com/recieve> now.\n",
    "A [link](https://example.com/recieve \"recieve\") now.\n",
    "Mail recieve@example.com now.\n",
    "The file /var/recieve/log and ~/recieve and src/recieve.py.\n",
    "The bucket arn:aws:s3:::recieve-bucket now.\n",
    "Open recieve.txt or recieve.example.com.\n",
    "The id i-0recieve12 and 0xrecieve1.\n",
    "<!-- recieve --> and <span title=\"recieve\">ok</span>\n",
    "<div>\nrecieve\n</div>\n",
    "Allow dynamodb:RecieveStream and AWS::Recieve::Bucket.\n",
    "aws kms encrypt \\\n    --key-id alias/recieve \\\n    --plaintext fileb://recieve.txt\n",
    "echo \"find the yumz\" > recieve.txt\n",
    "\"Effect\": \"Recieve\",\n\"Action\": \"s3:*\"\n",
])
def test_non_prose_is_never_flagged(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize("text", [
    "RTO and RPO and ACU are acronyms.\n",  # ALL-CAPS up to five letters
    "CloudFront, DynamoDB, Redshift, Kinesis and Elastic Beanstalk in N. Virginia.\n",
    "Athens is not Athena; Glacial is not Glacier; Shield, Cloud, Config and Macie are fine.\n",
    "Lambdas, CloudFront's and DynamoDB's names, VPCs and AMIs.\n",
    "Use singleAZ and StackName as names.\n",
    "Vertica, Teradata, Greenplum and Splunk are products.\n",
    "VPCSTACK and ADSTACK are names in capitals.\n",
])
def test_correct_words_and_names_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


def test_all_caps_known_misspelling_is_flagged() -> None:
    assert flagged("TEH END\n") == ["TEH"]
    assert flagged("Run it on AKS.\n") == []  # an acronym of the trade, though codespell lists "aks"


def test_identifier_parts_are_reported_but_never_rewritten() -> None:
    findings = check("Call recieveMessage or recieve_message.\n")
    assert [f.message for f in findings] == [
        "`recieve` in the name `recieveMessage` is misspelled; did you mean `receive`?",
        "`recieve` in the name `recieve_message` is misspelled; did you mean `receive`?",
    ]
    assert all(f.fix is None for f in findings)


def test_the_parts_of_a_name_known_whole_are_not_checked() -> None:
    """``Hashi`` is codespell's slip for "hash", but ``HashiCorp`` is a glossary name; an
    unknown name's parts are still checked."""
    assert flagged("# HashiCorp Terraform\n\nBuilt by HashiCorp, like Vault.\n") == []
    assert flagged("Built by HashiCorps.\n") == []  # a plural of the name
    assert flagged("Call HashiMessage.\n") == ["Hashi"]


def test_the_glossary_flags_none_of_its_own_terms() -> None:
    terms = [t.text for t in glossary().terms]
    text = "\n\n".join(f"Use {term} now." for term in terms) + "\n"
    assert flagged(text) == []


# --- the user's words and glossary ----------------------------------------------------------------


def test_user_words_are_always_correct() -> None:
    assert flagged("Redshit and Encrytion and incrimental\n") == ["Redshit", "Encrytion", "incrimental"]
    assert flagged("Redshit and Encrytion and incrimental\n",
                   words=["redshit", "Encrytion", "Incrimental"]) == []


def test_words_file_is_read_relative_to_the_config_root(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / ".words.txt").write_text("# ours\nredshit\nincrimental  # on purpose\n")
    assert check("Redshit is incrimental.\n", root=str(tmp_path), **{"words-file": "notes/.words.txt"}) == []


def test_a_missing_words_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="words-file"):
        check("text\n", root=str(tmp_path), **{"words-file": "nope.txt"})


def test_glossary_file_adds_known_words_and_names(tmp_path: Path) -> None:
    (tmp_path / "terms.txt").write_text("[products]\nFrobnitz Cloud\nZorblaxDB\n")
    options = {"glossary-file": "terms.txt"}
    text = "Frobnitz stores in ZorbalxDB and Frobnits.\n"
    findings = check(text, root=str(tmp_path), **options)
    assert [(text[f.start:f.end], f.fix.edits[0].replacement if f.fix else None) for f in findings] == [
        ("ZorbalxDB", "ZorblaxDB"), ("Frobnits", "Frobnitz")]
    assert check("Frobnitz and ZorblaxDB.\n", root=str(tmp_path), **options) == []


def test_the_glossary_file_is_read_once_for_the_speller_and_the_glossary_rules(tmp_path: Path) -> None:
    from lint.rules.typo import glossary_for_context, speller_for_context

    (tmp_path / "terms.txt").write_text("[products]\nFrobnitz Cloud\n")
    ctx = RuleContext(options={"glossary-file": "terms.txt"}, root=str(tmp_path))
    merged = glossary_for_context(ctx, "term-case")
    assert merged.knows("frobnitz")
    assert speller_for_context(ctx, "typo").glossary is merged


def test_options_are_declared_for_the_config() -> None:
    assert all_rules()["typo"].options == {"words": [], "words-file": "", "glossary-file": ""}


# --- data -----------------------------------------------------------------------------------------


def test_codespell_data_is_read_with_its_default_dictionaries() -> None:
    data = curated_misspellings()
    assert data["encrytion"] == "encryption"
    assert data["doesnt"] == "doesn't,does not"
    assert "cant" in data  # from the "rare" dictionary, a default one in codespell 2.4
    assert data["upto"] == "up to"  # notelint's own addition
    assert parse_curated(["abbort->abort, abbot,", "teh->the", "bad line"]) == {
        "abbort": ("abort", "abbot"), "teh": ("the",)}


def test_word_list_format() -> None:
    assert parse_word_list("# c\nalpha\n beta  # note\n\ngamma#not-a-comment\n") == [
        "alpha", "beta", "gamma#not-a-comment"]


def test_glossary_format() -> None:
    g = parse_glossary("# comment\n[services]\nDynamoDB  # a note\nElastic Beanstalk\n[cli]\ncfn-init\n"
                       "x-amz-*\n")
    assert [(t.text, t.section, t.words) for t in g.terms] == [
        ("DynamoDB", "services", ("DynamoDB",)),
        ("Elastic Beanstalk", "services", ("Elastic", "Beanstalk")),
        ("cfn-init", "cli", ("cfn-init",)),
        ("x-amz-*", "cli", ("x-amz-*",)),
    ]
    assert g.knows("dynamodb") and g.knows("Beanstalk") and g.knows("CFN-INIT")
    assert g.knows("x-amz-meta-color") and not g.knows("x-amzn")
    assert g.near("Beanstalck", 1) == ["Beanstalk"]
    assert g.near("cfn-inot", 2) == []  # CLI tokens are known words, not names to match
    assert g.casing["dynamodb"] == {"DynamoDB"} and g.part_casing["beanstalk"] == {"Beanstalk"}


def test_shipped_glossary_has_its_sections() -> None:
    sections = {t.section for t in glossary().terms}
    assert sections == {"services", "regions", "acronyms", "cli", "products", "kubernetes"}
    texts = {t.text for t in glossary().terms}
    assert {"DynamoDB", "CloudFront", "Redshift", "N. Virginia", "us-east-1", "Vertica", "Teradata",
            "Greenplum", "Splunk", "cfn-init", "cfn-hup", "ebextensions", "appspec", "buildspec",
            "x-amz-*", "RTO", "ConfigMap", "kubelet", "nftables"} <= texts
    assert flagged("- nftables replaces iptables; firewalld and chronyd run as services.\n") == []
    assert flagged("- a gradle or maven file; use graphviz to draw it; mount blobs with blobfuse.\n") == []
    assert [f.message for f in check("Install Apache on an Amazon Linue 2 instance.\n")] == [
        "`Linue` is misspelled; did you mean `Linux`?"]
    assert flagged("The CliusterIP service and the kubelet on each node.\n") == ["CliusterIP"]


def test_name_eligibility() -> None:
    speller = Speller()
    assert speller.name("Athens") is None  # an English word
    assert speller.name("Redshift") is None  # a glossary word
    assert speller.name("redshit") is None  # lower case: not name-shaped
    assert speller.name("REDSHIT") is None  # ALL CAPS: not name-shaped
    suggestion = speller.name("Redshit")
    assert suggestion is not None and suggestion.candidates == ("Redshift",) and suggestion.certain


def test_known_words_and_derivations() -> None:
    speller = Speller()
    for word in ("tiering", "authorizers", "presign", "geoproximity", "fanout", "datacenter",
                 "organisational", "subnets", "shipped"):
        assert speller.is_known(word), word
    for word in ("accessable", "chargable", "usedful", "interneal"):
        assert not speller.is_known(word), word
    assert not speller.is_listed("redshit") and speller.is_known("redshit")  # red + shit


# --- fix construction ---------------------------------------------------------------------------


@pytest.mark.parametrize("word, pattern", [
    ("word", "lower"), ("Word", "title"), ("WORD", "upper"), ("WoRd", "mixed"), ("I", "title"),
])
def test_case_pattern(word: str, pattern: str) -> None:
    assert case_pattern(word) == pattern


def test_keep_case() -> None:
    assert keep_case("achilleus", "Achilles") == "Achilles"  # a proper noun keeps its capitals
    assert keep_case("Aboutit", "about it") == "About it"
    assert keep_case("DOESNT", "doesn't") == "DOESN'T"
    assert keep_case("EncrYtion", "encryption") is None


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z]{2,12}", fullmatch=True), st.from_regex(r"[a-z]{2,12}", fullmatch=True))
def test_keep_case_keeps_each_pattern(word: str, replacement: str) -> None:
    assert keep_case(word, replacement) == replacement
    assert keep_case(word.upper(), replacement) == replacement.upper()
    assert keep_case(word.title(), replacement) == replacement.title()


def test_replace_word_builds_one_edit_over_the_word() -> None:
    fix = replace_word(10, 19, "Encrytion", "encryption")
    assert fix is not None and fix.is_safe()
    assert [(e.start, e.end, e.replacement) for e in fix.edits] == [(10, 19, "Encryption")]
    assert replace_word(0, 8, "DynamoDB", "DynamoDB", exact=True) is None  # nothing to change
    assert replace_word(0, 9, "EncrYtion", "encryption") is None  # no case pattern to keep
    unsafe = replace_word(0, 4, "cant", "can't", applicability="unsafe")
    assert unsafe is not None and not unsafe.is_safe()


def test_rule_is_registered_with_its_documentation() -> None:
    for rule_id in ("typo", "typo-contraction", "typo-confusion", "term-case"):
        doc = all_rules()[rule_id].documentation()
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
            assert heading in doc, (rule_id, heading)
        assert "safe" in doc.split("## Fix", 1)[1].lower()


# --- the corpus -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> tuple[Document, list[Finding]]:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    return doc, list(Typo().check(doc, RuleContext()))


def _at(findings: Sequence[Finding], doc: Document, line: int, word: str) -> Finding:
    return next(f for f in findings if f.line == line and doc.text[f.start:f.end] == word)


def test_corpus_line_5_encryption_and_line_26_virginia(corpus: tuple[Document, list[Finding]]) -> None:
    doc, findings = corpus
    encrytion = _at(findings, doc, 5, "Encrytion")
    vergina = _at(findings, doc, 26, "Vergina")
    assert encrytion.fix is not None and encrytion.fix.is_safe()
    assert vergina.fix is not None and vergina.fix.is_safe()
    result = fix_document(doc, lambda d: list(Typo().check(d, RuleContext())))
    lines = result.text.splitlines()
    assert lines[4] == "RDS Encryption"
    assert lines[25] == "Region only services - N. Virginia?"


def test_corpus_name_matches_are_exactly_the_misspelled_names(corpus: tuple[Document, list[Finding]]) -> None:
    doc, findings = corpus
    names = sorted((f.line, doc.text[f.start:f.end], f.fix.edits[0].replacement if f.fix else "")
                   for f in findings if f.fix and f.fix.is_safe()
                   and doc.text[f.start:f.end].lower() not in curated_misspellings())
    assert names == [(26, "Vergina", "Virginia"), (1800, "DyanamoDB", "DynamoDB"),
                     (2022, "DyanamoDB", "DynamoDB"), (2767, "Redshit", "Redshift")]


def test_corpus_fixes_change_only_the_words(corpus: tuple[Document, list[Finding]]) -> None:
    doc, findings = corpus
    assert findings
    for finding in findings:
        word = doc.text[finding.start:finding.end]
        assert re.fullmatch(r"[A-Za-z'’]+", word), word
        assert finding.message.startswith(f"`{word}`")
        if finding.fix:
            (edit,) = finding.fix.edits
            assert (edit.start, edit.end) == (finding.start, finding.end)
            assert re.fullmatch(r"[A-Za-z'’ ]+", edit.replacement)


def test_corpus_fix_is_idempotent_and_local(corpus: tuple[Document, list[Finding]]) -> None:
    doc, findings = corpus
    result = fix_document(doc, lambda d: list(Typo().check(d, RuleContext())))
    assert result.converged and not result.rejected
    assert len(result.fixed) == sum(1 for f in findings if f.fix and f.fix.is_safe())
    assert not any(f.fix and f.fix.is_safe() for f in result.remaining)
    again = fix_document(result.document, lambda d: list(Typo().check(d, RuleContext())))
    assert again.text == result.text
    # Nothing but the flagged words changed: the result is exactly the first findings' edits.
    safe_edits = [f.fix.edits[0] for f in findings if f.fix and f.fix.is_safe()]
    assert result.text == apply_edits(doc.text, safe_edits)


def test_the_screen_of_plain_words_equals_the_screen_of_their_tokens() -> None:
    """The fast path for words of letters (most texts) says what the token's segments and words
    say, on every such text of the corpus and on capitalised, upper-case and accented words."""
    speller = speller_for()
    texts = list(prose_index(parse(CORPUS.read_text(encoding="utf-8"))).counts)
    texts += ["Redshit", "DyanamoDB", "ENCRYTION", "Encrytion", "Doesnt", "Vergina", "Cieślak", "naïve"]
    plain = [t for t in texts if t.isalpha() and (t.islower() or not typo.is_camel(t))]
    assert len(plain) > 1000
    assert [typo._screen_word(t, speller) for t in plain] == [typo._screen_token(t, speller) for t in plain]


def test_a_letter_more_or_less_at_the_end_is_a_name_unless_the_word_is_inflected() -> None:
    """``pythonz``, ``certifi`` and ``rustc`` are names built on words, left alone; a doubled last
    letter is a slip (``serverr``), and so is a letter after an inflected form, which no name is
    built on: ``runningn`` is "running", never the farther "ruining"."""
    assert flagged("Install pythonz and certifi and rustc now.\n") == []
    (finding,) = check("The runningn process.\n")
    assert "`running`" in finding.message and "ruining" not in finding.message
    assert fixed("The runningn process.\n", unsafe=True) == "The running process.\n"
    assert flagged("The serverr process.\n") == ["serverr"]


def test_an_ordinary_word_that_starts_a_term_is_suggested_in_the_slip_s_case() -> None:
    """The glossary holds "Security" (of "Security Hub"): for a lower-case slip the fix is the
    ordinary word, not a capital letter mid-sentence; a capitalised slip keeps the capital. A
    one-word name keeps its own casing, an ordinary word or not ("Lambda", "Jenkins", "GitHub")."""
    assert fixed("The sercurity team said so.\n", unsafe=True) == "The security team said so.\n"
    assert fixed("Sercurity comes first.\n", unsafe=True) == "Security comes first.\n"
    assert Speller().suggest("instnace") == ("instance",) and Speller().suggest("paramter") == ("parameter",)
    names = [Speller().suggest(slip)[0] for slip in ("lamdba", "jenkens", "githbu")]
    assert names == ["Lambda", "Jenkins", "GitHub"]


def test_a_word_the_writer_also_types_as_code_is_a_name_but_a_curated_slip_is_not() -> None:
    """"dbserver" is the host alias set in the command; "jenkinsci" the image's organisation,
    in its indented code; "mystring" the string the command searches. A curated misspelling in
    code is misspelled there too ("defination" in a diagram's label)."""
    link = "    docker run --link mysql:dbserver app\n\nHere we used dbserver as a generic name.\n"
    assert flagged(link) == []
    assert flagged("Here we used dbserver as a generic name.\n") == ["dbserver"]
    image = "Run the jenkinsci/blueocean image:\n\n    docker run jenkinsci/blueocean\n"
    assert flagged(image) == []
    grep = "- `git grep \"mystring\" $(git rev-list --all)` = Search history for *mystring*.\n"
    assert flagged(grep) == []
    assert flagged("    --- Container Defination\n\nThe task defination.\n") == ["defination"]


def test_a_short_slip_is_reported_only_beside_the_one_common_word_it_misses() -> None:
    """Four or five letters: "thwse" and "dtaa" are slips of the words the note uses; alone, or
    with two common words one edit away, or an abbreviation, a short word says nothing."""
    text = "These hold the data. Keep thwse apart, and the dtaa too.\n"
    assert flagged(text) == ["thwse", "dtaa"]
    assert fixed(text, unsafe=True) == "These hold the data. Keep these apart, and the data too.\n"
    assert flagged("Keep thwse apart, and the dtaa too.\n") == []  # the note never writes them
    assert flagged("Read the intro, then the repo, then the docs. Read it again.\n") == []
    assert flagged("The rset and the rest and the reset.\n") == []  # "rest" or "reset"?
    # "you" with a stray "r" inside, or "your" with two letters swapped: a stray letter is rarer.
    assert flagged("Connect to yoru cluster; you see your nodes.\n") == ["yoru"]
    assert flagged("One file, two files, a container filej.\n") == []  # a stray letter at the end
    assert flagged("Poetry keeps its settings in toml, and the tool reads them.\n") == []  # a format


def test_a_stray_capital_is_reported_and_fixed() -> None:
    """"USes", "PRovided", "VOlume" (four audits' notes); an acronym's plural ("IDs", "APIs") and a
    name in mixed case ("IPsec", "VMware") are no common word with a stray capital."""
    text = "It USes the PRovided VOlume with IDs, APIs, IPsec and VMware.\n"
    assert [f.message for f in check(text)] == [
        "`USes` has a stray capital: `Uses`", "`PRovided` has a stray capital: `Provided`",
        "`VOlume` has a stray capital: `Volume`"]
    assert fixed(text) == "It Uses the Provided Volume with IDs, APIs, IPsec and VMware.\n"


def test_a_word_split_in_two_by_a_lost_ligature_is_joined() -> None:
    """fpaul787's EC2 notes, pasted from a PDF whose "fi" ligature was lost: "confi guring",
    "fi les", "profi le". Two known words are left alone ("log in", "in to"), and so is a pair
    that joins into no common word ("env vars")."""
    text = "Steps for confi guring the fi les of the profi le.\n"
    findings = check(text)
    assert [f.message for f in findings] == [
        "`confi guring` is one word split in two: `configuring`",
        "`fi les` is one word split in two: `files`", "`profi le` is one word split in two: `profile`"]
    assert fixed(text) == "Steps for configuring the files of the profile.\n"
    assert flagged("Log in to the console, then set the env vars.\n") == []
    assert [f.message for f in check("A Confi guring note.\n")] == [
        "`Confi guring` is one word split in two: `Configuring`"]


def test_a_word_the_document_spells_right_elsewhere_makes_a_slip_of_its_misspelling() -> None:
    """"throughput" is too rare a word to be suggested on its own ("throuput" could be a name),
    and a word used three times is the author's term; but a writer who also types
    "Throughput" knows the word, and "throuput" is a slip each time."""
    slips = "The throuput is low, the throuput is high, the throuput varies.\n"
    assert flagged(slips) == []
    findings = check("# Throughput\n\n" + slips)
    assert [f.message for f in findings] == ["`throuput` is not a known word; did you mean `throughput`?"] * 3
    assert fixed("# Throughput\n\n" + slips, unsafe=True) == "# Throughput\n\n" + slips.replace("throuput",
                                                                                               "throughput")
