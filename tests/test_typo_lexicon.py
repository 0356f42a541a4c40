"""The merged word lists: built once, cached on disk, and safe against a stale or damaged cache."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

import lint.spelling as spelling
from lint.spelling import (
    Lexicon,
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
                   misspellings=WordMap.of({"teh": "the"}), rare=frozenset(), common_text="word",
                   pool_text={"w": "word 900", "o": "other 300"}, spelling={"virginia": "Virginia"})


def test_store_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "lexicon-x.bin"
    assert store(path, tiny())
    loaded = load_cached(path)
    assert loaded is not None
    assert loaded.to_data() == tiny().to_data()
    assert loaded.pool("w") == ("word",) and loaded.count("other") == 300 and "word" in loaded.common
    assert "other" in loaded.english and "teh" in loaded.misspellings and loaded.misspellings["teh"] == "the"


def test_word_containers_answer_like_a_set_and_a_dict() -> None:
    words = {"", "a", "ab", "abc", "abd", "b", "don't", "über", "x y"}
    word_set = WordSet.of(words)
    assert set(word_set) == words and len(word_set) == len(words)
    for probe in [*words, "abe", "ac", "zz", "A", "ab "]:
        assert (probe in word_set) == (probe in words)
    assert 3 not in word_set
    mapping = {"teh": "the", "te": "the,tea", "": "empty", "x": "a b"}
    word_map = WordMap.of(mapping)
    assert dict(word_map) == mapping
    assert word_map.get("tex") is None and word_map.get("tex", "d") == "d" and word_map.get("te") == "the,tea"
    with pytest.raises(KeyError):
        word_map["tex"]
    with pytest.raises(ValueError):
        WordSet.of({"two\nlines"})


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
    import hashlib
    payload = marshal.dumps(("not", "a", "lexicon"))
    path = tmp_path / "lexicon-x.bin"
    path.write_bytes(spelling._MAGIC + hashlib.sha256(payload).digest() + payload)
    assert load_cached(path) is None


def test_storing_removes_lexicons_of_older_data(tmp_path: Path) -> None:
    old = tmp_path / "lexicon-old.bin"
    store(old, tiny())
    store(tmp_path / "lexicon-new.bin", tiny())
    assert not old.exists() and (tmp_path / "lexicon-new.bin").exists()


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
