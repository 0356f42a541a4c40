"""The `typo` rule: curated misspellings and misspelled AWS names in prose, with case-keeping fixes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from fixers.apply import apply_edits, fix_document
from fixers.replace_word import case_pattern, keep_case, replace_word
from lint.document import Document
from lint.finding import Finding
from lint.parser import parse
from lint.registry import RuleContext, all_rules
from lint.rules.typo import Typo
from lint.spelling import Speller, curated_misspellings, glossary, parse_curated, parse_glossary

CORPUS = Path(__file__).resolve().parent.parent / "notes" / "aws-notes.md"


def check(text: str, **options: object) -> list[Finding]:
    doc = parse(text)
    return list(Typo().check(doc, RuleContext(options=options)))


def flagged(text: str, **options: object) -> list[str]:
    doc = parse(text)
    return [doc.text[f.start:f.end] for f in Typo().check(doc, RuleContext(options=options))]


def fixed(text: str, unsafe: bool = False) -> str:
    edits = [e for f in check(text) if f.fix and (unsafe or f.fix.is_safe()) for e in f.fix.edits]
    return apply_edits(text, edits)


# --- what is flagged -----------------------------------------------------------------------------


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
    (finding,) = check("It doesnt matter.\n")
    assert finding.message == "`doesnt` is misspelled; did you mean `doesn't` or `does not`?"
    assert finding.fix is None


def test_rare_words_get_an_unsafe_fix_only() -> None:
    (finding,) = check("You cant do that.\n")
    assert finding.fix is not None and not finding.fix.is_safe()
    assert fixed("You cant do that.\n") == "You cant do that.\n"
    assert fixed("You cant do that.\n", unsafe=True) == "You can't do that.\n"


@pytest.mark.parametrize("text, word, replacement", [
    ("The DyanamoDB table\n", "DyanamoDB", "DynamoDB"),
    ("Snapshots of RDS, Redshit and EBS\n", "Redshit", "Redshift"),
    ("Region only services - N. Vergina?\n", "Vergina", "Virginia"),
    ("Deploy with Elastic Beanstlak now\n", "Beanstlak", "Beanstalk"),
    ("Stream into Kinesys today\n", "Kinesys", "Kinesis"),
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
    # Without the "N." the same word is two edits from two names: nothing certain to say.
    assert flagged("Vergina is a place.\n") == []


def test_words_in_headings_tables_quotes_and_lists_are_checked() -> None:
    text = ("# Encrytion notes\n\n| a | Encrytion |\n| - | - |\n| b | recieve |\n\n"
            "> Quoted recieve\n\n- item seperate\n  lazy recieve\n")
    assert flagged(text) == ["Encrytion", "Encrytion", "recieve", "recieve", "seperate", "recieve"]


def test_identifier_parts_are_reported_but_never_rewritten() -> None:
    findings = check("Call recieveMessage or recieve_message.\n")
    assert [f.message for f in findings] == [
        "`recieve` in the name `recieveMessage` is misspelled; did you mean `receive`?",
        "`recieve` in the name `recieve_message` is misspelled; did you mean `receive`?",
    ]
    assert all(f.fix is None for f in findings)


# --- what is not flagged --------------------------------------------------------------------------


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
])
def test_non_prose_is_never_flagged(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize("text", [
    "RTO and RPO and TEH are acronyms.\n",  # ALL-CAPS up to five letters: acronyms
    "CloudFront, DynamoDB, Redshift, Kinesis and Elastic Beanstalk in N. Virginia.\n",
    "Athens is not Athena; Glacial is not Glacier; Shield, Cloud, Config and Macie are fine.\n",
    "Analysed, Organisational and Catalogue are British.\n",
    "Lambdas, CloudFront's and DynamoDB's names.\n",
    "Use singleAZ and StackName as names.\n",
    "Vertica and Teradata are products.\n",
])
def test_correct_words_and_names_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


def test_user_words_are_always_correct() -> None:
    assert flagged("Redshit and Encrytion\n") == ["Redshit", "Encrytion"]
    assert flagged("Redshit and Encrytion\n", words=["redshit", "Encrytion"]) == []


def test_the_glossary_flags_none_of_its_own_terms() -> None:
    terms = [t.text for t in glossary().terms]
    text = "\n\n".join(f"Use {term} now." for term in terms) + "\n"
    assert flagged(text) == []


# --- data and fix construction ------------------------------------------------------------------


def test_codespell_data_is_read_with_its_default_dictionaries() -> None:
    data = curated_misspellings()
    assert data["encrytion"] == ("encryption",)
    assert data["doesnt"] == ("doesn't", "does not")
    assert "cant" in data  # from the "rare" dictionary, a default one in codespell 2.4
    assert parse_curated(["abbort->abort, abbot,", "teh->the", "bad line"]) == {
        "abbort": ("abort", "abbot"), "teh": ("the",)}


def test_glossary_format() -> None:
    g = parse_glossary("# comment\n[services]\nDynamoDB  # a note\nElastic Beanstalk\n[cli]\ncfn-init\n")
    assert [(t.text, t.section, t.words) for t in g.terms] == [
        ("DynamoDB", "services", ("DynamoDB",)),
        ("Elastic Beanstalk", "services", ("Elastic", "Beanstalk")),
        ("cfn-init", "cli", ("cfn-init",)),
    ]
    assert g.knows("dynamodb") and g.knows("Beanstalk") and g.knows("CFN-INIT")
    assert g.near("Beanstalck", 1) == ["Beanstalk"]
    assert g.near("cfn-inot", 2) == []  # CLI tokens are known words, not names to match


def test_shipped_glossary_has_its_sections() -> None:
    sections = {t.section for t in glossary().terms}
    assert sections == {"services", "regions", "acronyms", "cli", "products"}
    texts = {t.text for t in glossary().terms}
    assert {"DynamoDB", "CloudFront", "Redshift", "N. Virginia", "us-east-1", "Vertica"} <= texts


def test_name_eligibility() -> None:
    speller = Speller()
    assert speller.name("Athens") is None  # an English word
    assert speller.name("Redshift") is None  # a glossary word
    assert speller.name("redshit") is None  # lower case: not name-shaped
    assert speller.name("REDSHIT") is None  # ALL CAPS: not name-shaped
    suggestion = speller.name("Redshit")
    assert suggestion is not None and suggestion.candidates == ("Redshift",) and suggestion.certain


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


def test_replace_word_builds_one_edit_over_the_word() -> None:
    fix = replace_word(10, 19, "Encrytion", "encryption")
    assert fix is not None and fix.is_safe()
    assert [(e.start, e.end, e.replacement) for e in fix.edits] == [(10, 19, "Encryption")]
    assert replace_word(0, 8, "DynamoDB", "DynamoDB", exact=True) is None  # nothing to change
    assert replace_word(0, 9, "EncrYtion", "encryption") is None  # no case pattern to keep
    unsafe = replace_word(0, 4, "cant", "can't", applicability="unsafe")
    assert unsafe is not None and not unsafe.is_safe()


def test_rule_is_registered_with_its_documentation() -> None:
    rule = all_rules()["typo"]
    doc = rule.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
        assert heading in doc
    assert "safe" in doc.split("## Fix", 1)[1]
    assert rule.options == {"words": []}


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
                   for f in findings if "`" in f.message and "misspelled; did you mean `" in f.message
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
