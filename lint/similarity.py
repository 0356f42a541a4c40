"""An exact index of set similarity: every pair at or above a Jaccard threshold, and every pair
where one set lies strictly inside another, without comparing all pairs.

Both searches rest on the prefix-filter principle. Order all tokens once, globally, rarest
first (ties by first appearance, so the order is deterministic), and write every set in that
order. If two sets share at least ``a`` tokens, then the first ``|x| - a + 1`` tokens of ``x`` and
the first ``|y| - a + 1`` tokens of ``y`` share a token: otherwise ``x`` would hold ``|x| - a + 1``
tokens outside ``y`` and could share at most ``a - 1``.

Similar pairs (``J(x, y) = |x ∩ y| / |x ∪ y| >= t``): the union is at least the larger set, so
``|x ∩ y| >= ceil(t·max(|x|, |y|))``. Each set is indexed under its prefix of length
``|s| - ceil(t·|s|) + 1``; for the larger set of a pair that is exactly the prefix the principle
needs, and for the smaller one it is at least as long, so the pair shares an indexed token and
becomes a candidate. A size filter (``min >= t·max``) drops candidates that cannot reach ``t``, and
every candidate is then verified exactly. The threshold is a ``Fraction`` and all comparisons are
on integers, so ``0.7 · 10`` is 7, not 7.000000000000001, and no pair is lost to rounding.

Contained pairs (``x ⊊ y``): ``|x ∩ y| = |x|``, so ``x``'s prefix has length 1: every token of ``x``,
and in particular its rarest, is in ``y``. Each set is listed under those of its tokens that are
some set's rarest token, and a set probes the list of its own rarest token (the shortest list it
could probe); candidates (larger sets only) are verified with a subset test.

Tokens that only one set holds come first in that order, and no other set can share them: they
are never indexed, never compared, and a set holding one is inside no other set. So each set is
kept as its size and its *shared* tokens (those of two sets or more), ranked; its prefix is its
lone tokens, then its first shared ones. In notes most text is written once, so most sets have
few shared tokens or none, and the index does little work for them.

Memory is proportional to the total size of the sets: one frozenset of small integers per set
(its shared tokens), and posting lists holding each set once per indexed token.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from fractions import Fraction
from itertools import chain

Threshold = Fraction | float | int


def as_fraction(threshold: Threshold) -> Fraction:
    """A threshold in (0, 1] as an exact fraction; a float is read as the decimal it prints as."""
    value = Fraction(str(threshold)) if isinstance(threshold, float) else Fraction(threshold)
    if not 0 < value <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    return value


def at_least(overlap: int, size_x: int, size_y: int, t: Fraction) -> bool:
    """Whether ``overlap / (size_x + size_y - overlap) >= t``, exactly."""
    return overlap * t.denominator >= t.numerator * (size_x + size_y - overlap)


def ceil_times(t: Fraction, n: int) -> int:
    """``ceil(t * n)``, exactly."""
    return -((-t.numerator * n) // t.denominator)


class SetIndex:
    """The sets to compare (``sets``, as given), each also kept as its size and the ranks of its
    shared tokens (1 is the rarest shared token)."""

    def __init__(self, sets: Iterable[Iterable[Hashable]]) -> None:
        self.sets = [frozenset(s) for s in sets]  # a frozenset is taken as it is, not copied
        if not all(self.sets):
            raise ValueError("every set must hold at least one token")
        # Counted and ranked by C-level loops: a run holds hundreds of thousands of tokens.
        frequency = Counter(chain.from_iterable(self.sets))  # insertion order: first appearance
        shared = [token for token, n in frequency.items() if n > 1]
        shared.sort(key=frequency.__getitem__)  # stable: ties keep the order of first appearance
        rank = dict(zip(shared, range(1, len(shared) + 1), strict=True))
        self.holders = [0, *map(frequency.__getitem__, shared)]  # by rank: how many sets hold it
        del frequency, shared
        self.sizes = [len(s) for s in self.sets]
        # A lone token has no rank (None), and ranks start at 1: filtering the falsy drops it alone.
        self.shared: list[frozenset[int]] = [frozenset(filter(None, map(rank.get, s))) for s in self.sets]

    def __len__(self) -> int:
        return len(self.sets)

    def similar(self, threshold: Threshold, max_holders: int | None = None) -> list[tuple[int, int, int]]:
        """``(i, j, overlap)`` for every pair ``i < j`` with Jaccard >= threshold, sorted.

        With ``max_holders``, a token that more sets hold is neither indexed nor probed: the
        search is no longer exact, but it stays linear when hundreds of sets share their text (a
        generated list, "type N has two CPUs and ..."), where every pair reaches a low
        threshold; a set whose prefix holds only such tokens takes no part."""
        t = as_fraction(threshold)
        postings: dict[int, list[int]] = {}
        pairs: list[tuple[int, int, int]] = []
        sizes, shared = self.sizes, self.shared
        for i, x in enumerate(shared):
            size = sizes[i]
            lone = size - len(x)
            # The prefix is the set's lone tokens, then its rarest shared ones: only those count.
            length = size - ceil_times(t, size) + 1 - lone
            if length <= 0:
                continue
            candidates: set[int] = set()
            for token in sorted(x)[:length]:
                if max_holders is not None and self.holders[token] > max_holders:
                    break  # ranks go from the rarest: every token after it is as common
                found = postings.get(token)
                if found is None:
                    postings[token] = [i]
                    continue
                candidates.update(found)
                found.append(i)
            for j in sorted(candidates):
                other = sizes[j]
                small, large = min(size, other), max(size, other)
                if small * t.denominator < t.numerator * large:
                    continue  # size filter: J <= small / large < t
                overlap = len(x & shared[j])  # lone tokens are in one set only
                if at_least(overlap, size, other, t):
                    pairs.append((j, i, overlap))
        pairs.sort()
        return pairs

    def contained(self) -> list[tuple[int, int]]:
        """``(i, j)`` for every pair where set ``i`` is a proper subset of set ``j``, sorted."""
        sizes, shared = self.sizes, self.shared
        # Only a set without lone tokens can lie inside another: all of it is shared.
        inner = [i for i, x in enumerate(shared) if len(x) == sizes[i]]
        firsts = {i: min(shared[i]) for i in inner}
        listed = set(firsts.values())
        postings: dict[int, list[int]] = {token: [] for token in listed}
        for j, y in enumerate(shared):
            for token in listed.intersection(y):
                postings[token].append(j)
        pairs = []
        for i in inner:
            x, size = shared[i], sizes[i]
            for j in postings[firsts[i]]:
                if sizes[j] > size and x <= shared[j]:
                    pairs.append((i, j))
        pairs.sort()
        return pairs


def brute_similar(sets: Sequence[Iterable[Hashable]], threshold: Threshold) -> list[tuple[int, int, int]]:
    """All pairs compared: the reference the index must match exactly (tests, benchmarks)."""
    t = as_fraction(threshold)
    frozen = [frozenset(s) for s in sets]
    return [(i, j, len(x & y)) for i, x in enumerate(frozen) for j, y in enumerate(frozen)
            if i < j and at_least(len(x & y), len(x), len(y), t)]


def brute_contained(sets: Sequence[Iterable[Hashable]]) -> list[tuple[int, int]]:
    frozen = [frozenset(s) for s in sets]
    return [(i, j) for i, x in enumerate(frozen) for j, y in enumerate(frozen) if x < y]
