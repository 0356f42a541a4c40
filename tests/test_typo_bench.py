"""The spelling rules on the hand-labelled notes (bench/typo/labels.tsv): quality floors, and the
fixed corpus checked word by word. Speed is measured in bench/typo/bench_typo.py, never here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench" / "typo"))

from evaluate import (  # noqa: E402
    CASE_RULES,
    TYPO_RULES,
    Labels,
    fixed_text,
    flagged_by_notelint,
    load_corpus,
    load_labels,
    named_fixes,
    score,
    word_changes,
)

from lint.document import Document  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> Document:
    return load_corpus()


@pytest.fixture(scope="module")
def labels() -> Labels:
    return load_labels()


def test_precision_and_recall_on_the_labelled_notes(corpus: Document, labels: Labels) -> None:
    result = score(corpus, flagged_by_notelint(corpus), labels)
    assert not result.unlabelled, [f"{o.line}:{o.column} {o.word}" for o in result.unlabelled]
    assert result.precision >= 0.95, [f"{o.line}:{o.column} {o.word}" for o in result.false]
    assert result.recall >= 0.90, [f"{o.line}:{o.column} {o.word}" for o in result.missed]
    assert result.gold >= 100  # the labelled set is the corpus's, not a sample


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "safe+unsafe"])
def test_the_fixed_corpus_changes_only_labelled_typos_to_their_labels(corpus: Document, labels: Labels,
                                                                      unsafe: bool) -> None:
    fixed = fixed_text(corpus, (*TYPO_RULES, *CASE_RULES), unsafe)
    changes = word_changes(corpus, fixed, labels)
    assert changes
    wrong = [c for c in changes if c.verdict != "ok"]
    assert wrong == []


def test_every_misspelled_name_is_fixed_to_the_right_name(corpus: Document, labels: Labels) -> None:
    fixed = fixed_text(corpus, (*TYPO_RULES, *CASE_RULES), unsafe=False)
    done, left = named_fixes(corpus, fixed, labels)
    assert left == []
    assert sorted((c.line, c.before, c.after) for c in done) == [
        (26, "Vergina", "Virginia"), (1800, "DyanamoDB", "DynamoDB"), (2022, "DyanamoDB", "DynamoDB"),
        (2767, "Redshit", "Redshift")]


def test_the_word_by_word_check_catches_a_harmed_word(corpus: Document, labels: Labels) -> None:
    # What `typos -w` did to the user's notes: a correct name "fixed" into another word.
    text = corpus.text.replace("Encrytion", "Encryption", 1).replace("Vertica", "Vertical", 1)
    changes = word_changes(corpus, text, labels)
    assert [(c.before, c.after, c.verdict) for c in changes] == [
        ("Encrytion", "Encryption", "ok"), ("Vertica", "Vertical", "an unlabelled word was changed")]
    wrong = corpus.text.replace("Encrytion", "Encrypt", 1)
    (change,) = word_changes(corpus, wrong, labels)
    assert change.verdict == "fixed to 'Encrypt', labelled 'Encryption'"
