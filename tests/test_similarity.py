"""The similarity index finds exactly the pairs that comparing all pairs finds: similar pairs at
or above a threshold (the boundary included, computed without rounding) and proper subsets."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.similarity import SetIndex, as_fraction, at_least, brute_contained, brute_similar

# Small alphabets make overlaps, subsets and equal sets common.
SETS = st.lists(st.frozensets(st.integers(0, 12), min_size=1, max_size=9), max_size=24)
THRESHOLDS = st.sampled_from([0.1, 0.25, 0.3, 1 / 3, 0.5, 0.6, 2 / 3, 0.7, 0.75, 0.8, 0.9, 0.95, 1.0])


@settings(max_examples=400, deadline=None)
@given(SETS, THRESHOLDS)
def test_similar_pairs_equal_brute_force(sets: list[frozenset[int]], threshold: float) -> None:
    assert SetIndex(sets).similar(threshold) == brute_similar(sets, threshold)


@settings(max_examples=400, deadline=None)
@given(SETS)
def test_contained_pairs_equal_brute_force(sets: list[frozenset[int]]) -> None:
    assert SetIndex(sets).contained() == brute_contained(sets)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.frozensets(st.text("abcde", min_size=1, max_size=2), min_size=1, max_size=8), max_size=16),
       st.fractions(min_value=Fraction(1, 20), max_value=1, max_denominator=20))
def test_any_tokens_and_exact_fraction_thresholds(sets: list[frozenset[str]], threshold: Fraction) -> None:
    index = SetIndex(sets)
    assert index.similar(threshold) == brute_similar(sets, threshold)
    assert index.contained() == brute_contained(sets)


def test_larger_random_collections_with_near_copies() -> None:
    rng = random.Random(5)
    base = [rng.sample(range(400), rng.randint(5, 40)) for _ in range(60)]
    sets = []
    for tokens in base:  # each base set and a few perturbed copies: clusters, as in real notes
        sets.append(frozenset(tokens))
        for _ in range(3):
            copy = set(tokens)
            copy.discard(rng.choice(tokens))
            copy.add(rng.randrange(400, 500))
            sets.append(frozenset(copy))
        sets.append(frozenset(tokens[: len(tokens) // 2] or tokens))  # a contained piece
    rng.shuffle(sets)
    index = SetIndex(sets)
    for threshold in (0.5, 0.7, 0.8, 0.9):
        found = index.similar(threshold)
        assert found == brute_similar(sets, threshold)
        assert found  # the copies are found
    assert index.contained() == brute_contained(sets) != []


def test_the_threshold_boundary_counts_and_is_exact() -> None:
    ten = frozenset(range(10))
    seven_of_ten = frozenset(range(7))  # J = 7/10 exactly; 0.7 * 10 in floats is 7.000000000000001
    assert SetIndex([ten, seven_of_ten]).similar(0.7) == [(0, 1, 7)]
    assert SetIndex([ten, seven_of_ten]).similar(0.71) == []
    assert at_least(7, 10, 7, as_fraction(0.7))


def test_output_is_sorted_and_independent_of_repeated_runs() -> None:
    sets = [frozenset("abcd"), frozenset("abce"), frozenset("abcd"), frozenset("ab"), frozenset("abcdz")]
    first = SetIndex(sets).similar(0.6)
    assert first == sorted(first) == SetIndex(sets).similar(0.6)
    assert SetIndex(sets).contained() == [(0, 4), (2, 4), (3, 0), (3, 1), (3, 2), (3, 4)]


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5])
def test_thresholds_outside_zero_to_one_are_refused(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        SetIndex([frozenset("a")]).similar(threshold)


def test_empty_sets_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one token"):
        SetIndex([frozenset("a"), frozenset()])
