"""The merged word lists: built once, cached on disk, and safe against a stale or damaged cache."""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import lint.spelling as spelling
from lint.spelling import (
    Lexicon,
    WordCounts,
    WordMap,
    WordSet,
    build_lexicon,
    cache_key,
    cache_path,
    lexicon,
    load_cached,
    store,
)


def tiny() -> Lexicon:
    return Lexicon(english=WordSet.of({"word", "other"}), terms=frozenset({"subnet"}),
                   misspellings=WordMap.of({"teh": "the"}), rare=frozenset(), common=WordSet.of({"word"}),
                   pool_text={"w": "word", "o": "other"}, counts=WordCounts.of({"word": 900, "other": 300}),
                   spelling={"virginia": "Virginia"})


def write_payload(path: Path, data: Any) -> None:
    """A cache file with a valid digest: only its contents can make it unusable."""
    payload = marshal.dumps(data)
    path.write_bytes(spelling._MAGIC + hashlib.sha256(payload).digest() + payload)


def test_store_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "lexicon-x.bin"
    assert store(path, tiny())
    loaded = load_cached(path)
    assert loaded is not None
    assert loaded.to_data() == tiny().to_data()
    assert loaded.pool("w") == ("word",) and loaded.pool("x") == () and loaded.count("other") == 300
    assert loaded.count("wor") == 0 and "word" in loaded.common and "other" not in loaded.common
    assert "other" in loaded.english and "teh" in loaded.misspellings and loaded.misspellings["teh"] == "the"


def test_word_containers_answer_like_a_set_and_a_dict() -> None:
    words = {"", "a", "ab", "abc", "abd", "b", "don't", "über", "x y", "two\nlines"}
    probes = [*words, "abe", "ac", "zz", "A", "ab ", "ü", "two", "\ud800", "ab\udcff"]  # lone surrogates
    for word_set in (WordSet.of(words), WordSet.from_data(WordSet.of(words).to_data())):
        assert set(word_set) == words and len(word_set) == len(words)
        for probe in probes:
            assert (probe in word_set) == (probe in words)
        assert 3 not in word_set and None not in word_set
    mapping = {"teh": "the", "te": "the,tea", "": "empty", "x": "a b", "ü": "ä, ö", "t": ""}
    for word_map in (WordMap.of(mapping), WordMap.from_data(WordMap.of(mapping).to_data())):
        assert dict(word_map) == mapping and len(word_map) == len(mapping)
        for probe in probes:
            assert (probe in word_map) == (probe in mapping)
            assert word_map.get(probe) == mapping.get(probe)
            assert word_map.get(probe, "d") == mapping.get(probe, "d")
        assert 3 not in word_map
        with pytest.raises(KeyError):
            word_map["tex"]
    counts = {"the": 76_138_318, "a": 0, "über": 2**40, "ab": 7}
    for word_counts in (WordCounts.of(counts), WordCounts.from_data(*WordCounts.of(counts).to_data())):
        assert dict(word_counts) == counts
        for probe in probes:
            assert word_counts.get(probe, 0) == counts.get(probe, 0)
        with pytest.raises(KeyError):
            word_counts["abc"]


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2],  # truncated
    lambda b: b[:-1] + bytes([b[-1] ^ 0xFF]),  # a flipped byte: the digest no longer matches
    lambda b: b"garbage",
    lambda b: b"",
])
def test_a_damaged_cache_is_never_unmarshalled(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "lexicon-x.bin"
    store(path, tiny())
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    assert load_cached(path) is None


def test_a_cache_of_the_wrong_shape_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "lexicon-x.bin"
    write_payload(path, ("not", "a", "lexicon"))
    assert load_cached(path) is None
    data = tiny().to_data()
    for i in (0, 2, 4, 6):  # a trie's bytes damaged: marisa refuses them
        write_payload(path, (*data[:i], data[i][:-5], *data[i + 1:]))
        assert load_cached(path) is None
        write_payload(path, (*data[:i], b"garbage", *data[i + 1:]))
        assert load_cached(path) is None
    write_payload(path, (*data[:7], data[7][:-8], *data[8:]))  # a count missing
    assert load_cached(path) is None
    write_payload(path, data)
    assert load_cached(path) is not None


def test_storing_keeps_the_newest_lexicons_and_removes_older_ones(tmp_path: Path) -> None:
    """Two installations sharing the cache (pre-commit's and the user's) keep both lexicons:
    neither rebuilds its own because the other stored one. Beyond four, the oldest go."""
    paths = [tmp_path / f"lexicon-{i}.bin" for i in range(6)]
    for age, path in enumerate(paths):
        store(path, tiny())
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # stored in this order
    assert [p.exists() for p in paths] == [False, False, True, True, True, True]
    assert load_cached(paths[2]) is not None and load_cached(paths[5]) is not None
    store(paths[2], tiny())  # the oldest kept one, stored again (rebuilt): now the newest
    assert [p.exists() for p in paths] == [False, False, True, True, True, True]


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert store(blocker / "lexicon-x.bin", tiny()) is False


def test_the_key_follows_the_data(tmp_path: Path) -> None:
    files = {name: tmp_path / name for name in ("a", "b")}
    for path in files.values():
        path.write_text("one")
    first = cache_key(files)
    assert cache_key(files) == first
    files["b"].write_text("two")
    assert cache_key(files) != first


def test_the_cache_directory_can_be_chosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(tmp_path))
    assert cache_path().parent == tmp_path
    assert cache_path().name.startswith("lexicon-")


def test_first_use_builds_and_caches_later_uses_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(tmp_path))
    lexicon.cache_clear()
    try:
        built = lexicon()
        (path,) = tmp_path.glob("lexicon-*.bin")
        lexicon.cache_clear()
        loaded = lexicon()
        assert loaded is not built and loaded.to_data() == built.to_data()
        path.write_bytes(b"NLLEX1\n" + os.urandom(64))  # damaged: rebuilt and stored again
        lexicon.cache_clear()
        assert lexicon().to_data() == built.to_data()
        assert load_cached(path) is not None
    finally:
        lexicon.cache_clear()


def test_the_built_lexicon_holds_every_source() -> None:
    lex = build_lexicon()
    assert {"colour", "organisation", "encryption", "versa"} <= lex.english  # US, UK, extra
    assert {"subnet", "kubectl", "idempotency"} <= lex.terms and "failover" in lex.english
    assert lex.misspellings["upto"] == "up to" and lex.misspellings["teh"] == "the"
    assert "cant" in lex.rare and "teh" not in lex.rare
    assert lex.spelling["arizona"] == "Arizona" and lex.spelling["ascii"] == "ASCII"
    assert "encryption" in lex.pool("e") and lex.count("the") > lex.count("encryption") > 0
    assert "liveness" in lex.pool("l") and "conformant" in lex.pool("c")  # reviewed extra words


def test_a_plural_in_es_is_only_read_where_english_makes_one() -> None:
    """"purposees" is no plural of "purpose" (nor "permses" of "perms"): a suggestion for
    "purpoeses" is "purposes" alone, and for "permises" "premises"."""
    from lint.registry import RuleContext
    from lint.rules.typo import speller_for_context

    speller = speller_for_context(RuleContext(), "typo")
    assert [w for w in ("boxes", "patches", "classes", "buses", "aliases", "goes", "caches")
            if not speller.is_listed(w)] == []
    assert [w for w in ("purposees", "permites", "permses") if speller.is_listed(w)] == []
    assert speller.suggest("purpoeses") == ("purposes",) and speller.suggest("permises") == ("premises",)


class Recorded:
    """The plain word lists ``build_lexicon`` hands to the trie-backed containers."""

    def __init__(self) -> None:
        self.sets: list[set[str]] = []
        self.maps: list[dict[str, Any]] = []


@pytest.fixture(scope="module")
def built() -> Iterator[tuple[Lexicon, Recorded]]:
    recorded = Recorded()
    of_set, of_map, of_counts = WordSet.of.__func__, WordMap.of.__func__, WordCounts.of.__func__  # type: ignore[attr-defined]

    def record_set(cls: type[WordSet], words: Any) -> WordSet:
        recorded.sets.append(plain := set(words))
        return of_set(cls, plain)

    def record_map(cls: type[Any], items: Mapping[str, Any]) -> Any:
        recorded.maps.append(plain := dict(items))
        return (of_map if cls is WordMap else of_counts)(cls, plain)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WordSet, "of", classmethod(record_set))
        patch.setattr(WordMap, "of", classmethod(record_map))
        patch.setattr(WordCounts, "of", classmethod(record_map))
        lex = build_lexicon()
    yield lex, recorded


def near_misses(words: Iterable[str]) -> Iterator[str]:
    """Strings next to the words: each extended, shortened, and with its last letter changed."""
    for word in words:
        yield word + "s"
        yield word[:-1]
        yield word[:-1] + ("z" if word[-1:] != "z" else "q")


def test_the_tries_answer_like_the_plain_lists(built: tuple[Lexicon, Recorded], tmp_path: Path) -> None:
    lex, recorded = built
    english, common = recorded.sets
    misspellings, counts = recorded.maps
    assert len(english) > 150_000 and len(misspellings) > 60_000 and len(counts) > 40_000
    store(tmp_path / "lexicon-x.bin", lex)
    loaded = load_cached(tmp_path / "lexicon-x.bin")
    assert loaded is not None and loaded.to_data() == lex.to_data()
    for one in (lex, loaded):
        for trie, plain in ((one.english, english), (one.common, common)):
            assert len(trie) == len(plain) and set(trie) == plain
            assert all(word in trie for word in plain)
            assert all((probe in trie) == (probe in plain) for probe in near_misses(plain))
        assert len(one.misspellings) == len(misspellings) and dict(one.misspellings) == misspellings
        assert all(one.misspellings.get(probe) == misspellings.get(probe)
                   for probe in [*misspellings, *near_misses(misspellings)])
        assert all(one.count(probe) == counts.get(probe, 0) for probe in [*counts, *near_misses(counts)])


def test_the_pool_is_most_frequent_first(built: tuple[Lexicon, Recorded]) -> None:
    lex, recorded = built
    counts = recorded.maps[1]
    letters = {word[0] for word in counts}
    assert sum(len(lex.pool(letter)) for letter in letters) == len(counts)
    for letter in letters:
        pool = lex.pool(letter)
        assert all(word[0] == letter for word in pool)
        assert [(-counts[w], w) for w in pool] == sorted((-counts[w], w) for w in pool)
