"""Spelling knowledge: which words are correct, which are misspelled, and what they should be.

Sources, merged once into a ``Lexicon`` and cached on disk (see "The cache" below):

- **Curated misspellings**: codespell's dictionary files, read as *data* (codespell's code is
  GPL and is never imported). codespell 2.4's default builtin dictionaries are ``clear``
  (``dictionary.txt``) and ``rare`` (``dictionary_rare.txt``); we read the same two, plus
  ``lint/data/misspellings.txt`` (reviewed additions: "upto"). A line is ``wrong->right`` or
  ``wrong->one, other,``: an entry with exactly one candidate may be fixed.
- **English words**, US and UK: the word list and word counts shipped by ``pyspellchecker`` (MIT),
  read as data, plus every correction in codespell's files (they are real words), the British
  spellings of codespell's en-GB -> en-US list, and ``lint/data/english-extra.txt`` (reviewed
  words the lists lack). British endings (-ise, -our, -tre, -ence, -ll-, -ogue) are mapped to
  their US forms, so ``organisational`` is as correct as ``organizational``.
- **Software vocabulary**: ``lint/data/software-terms.txt`` (subnet, failover, idempotency...),
  known but never used to rank a fix.
- **The domain glossary** ``lint/data/glossary.txt``: AWS services, regions, acronyms, CLI tokens
  and third-party products in their canonical casing, extended by the user's glossary file.

``Speller`` combines them with the user's own words and answers: is a word correct (``is_known``),
is it a curated misspelling (``curated``), a misspelled glossary name (``name``), or an unknown
word with close dictionary words (``unknown``)? Candidates are found and ranked with rapidfuzz's
OSA distance (insertions, deletions, substitutions and adjacent transpositions).

A word the lists lack is still correct when it is built from known words: an inflection
(``tiering``, ``authorizers``), a prefix on a common word (``presign``, ``geoproximity``) or two
common words run together (``fanout``, ``datacenter``). An ``-able`` word whose ``-ible`` form
is a word (``accessable``) is not.

The cache: building the lexicon reads about 3 MB of data and takes about a second. The first run
stores the result (``marshal``) in the user cache directory (``$NOTELINT_CACHE_DIR``, else the
platform's cache directory for "notelint"); later runs load it in a few milliseconds, because
the big lists (English words, misspellings, common words, the pool's counts) are stored as the
bytes of marisa-tries: rebuilt in a fraction of a millisecond, they take a tenth of the memory of
a set or dict and answer lookups about as fast. The file is named by a key over the package
versions and the path, size and modification time of the data files and of this module (the
code that builds it), and it carries a digest of its payload: a stale, truncated or corrupt file
is never unmarshalled, it is rebuilt. When the directory cannot be written, the lexicon is built
in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import re
import sys
from array import array
from collections.abc import Container, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from lint.prose import camel_parts, is_camel

# Imported where they are used, so that a start-up that does not use them does not pay for them:
# gzip and json build the lexicon (once per data change), tempfile stores it, marisa_trie holds
# its word lists, and rapidfuzz measures edit distances (only for a word that needs candidates).

# codespell 2.4: `_builtin_default = "clear,rare"`; "clear" is dictionary.txt, "rare" is
# dictionary_rare.txt. The others (informal, usage, code, names, en-GB_to_en-US) are opt-in.
CODESPELL_DEFAULT_FILES = ("dictionary.txt", "dictionary_rare.txt")
# Its en-GB -> en-US list: the keys are correct British spellings, so they are English words.
CODESPELL_BRITISH_FILE = "dictionary_en-GB_to_en-US.txt"
DATA_DIR = Path(__file__).parent / "data"
GLOSSARY_PATH = DATA_DIR / "glossary.txt"
SOFTWARE_TERMS_PATH = DATA_DIR / "software-terms.txt"
EXTRA_WORDS_PATH = DATA_DIR / "english-extra.txt"
EXTRA_MISSPELLINGS_PATH = DATA_DIR / "misspellings.txt"
# Glossary sections whose words are names a misspelled word may be matched to; terms of a user's
# glossary file given before any section header are names too.
NAME_SECTIONS = frozenset({"services", "regions", "products", "kubernetes", "names", ""})
# Glossary sections whose terms are also written in lower case where that is right: Kubernetes
# kinds are kubectl's resource names (`kubectl get configmap`), so "a configmap" is no wrong casing.
LOWER_CASE_SECTIONS = frozenset({"kubernetes"})

# A name match must be one edit away (OSA distance); two when the word's neighbours spell out the
# rest of a multiword term ("N. Vergina"), or when a word of LONG_NAME_LENGTH letters or more holds
# the name's letters rearranged.
MIN_NAME_LENGTH = 5
LONG_NAME_LENGTH = 8
# Unknown words: shorter ones are mostly abbreviations and tool names (cert, mgmt, stdio, rustc),
# not typos; codespell's list covers the common slips of short words. Dictionary
# candidates are one edit away for words up to LONG_WORD_LENGTH - 1 letters (or two, when they
# hold the same letters), two beyond.
MIN_UNKNOWN_LENGTH = 6
LONG_WORD_LENGTH = 8
# pyspellchecker counts words in a large corpus. Words seen at least this often may be suggested
# as corrections (rarer ones are mostly noise); an unknown word is only reported when one of its
# candidates is familiar; words used to explain a compound or a prefixed word ("fan" + "out",
# "pre" + "sign") must be common.
SUGGEST_MIN_COUNT = 100
FAMILIAR_COUNT = 250
COMMON_COUNT = 2000
MAX_SUGGESTIONS = 3
# A word of 4 or 5 letters has many neighbours, and abbreviations are that short: it is a slip
# only when, of its neighbours one edit away this common, the document uses exactly one
# ("tehn" beside "then", though "ten" is a neighbour too).
MIN_SHORT_SLIP = 4
SHORT_SLIP_COUNT = 5000
MAX_RUN_TOGETHER = 40  # letters: longer runs are not read as two words run together

CACHE_FORMAT = 3
CACHE_ENV = "NOTELINT_CACHE_DIR"
_MAGIC = b"NLLEX1\n"

Source = Literal["curated", "glossary", "dictionary"]

# Contractions written without their apostrophe, and what they stand for. Words that are also
# ordinary words are left out ("well", "were", "shell", "ill", "lets", "id", "its": the last one is
# `typo-confusion`'s), except "wont" and "cant", which `typo-contraction` judges from context.
CONTRACTIONS = {
    "aint": "ain't", "arent": "aren't", "cant": "can't", "couldnt": "couldn't",
    "couldve": "could've", "didnt": "didn't", "doesnt": "doesn't", "dont": "don't",
    "hadnt": "hadn't", "hasnt": "hasn't", "havent": "haven't", "heres": "here's", "isnt": "isn't",
    "itll": "it'll", "mightnt": "mightn't", "mustnt": "mustn't", "mustve": "must've",
    "neednt": "needn't", "shes": "she's", "shouldnt": "shouldn't", "shouldve": "should've",
    "thatll": "that'll", "thats": "that's", "theres": "there's", "theyd": "they'd",
    "theyll": "they'll", "theyre": "they're", "theyve": "they've", "wasnt": "wasn't",
    "werent": "weren't", "weve": "we've", "whats": "what's", "wheres": "where's", "whos": "who's",
    "wont": "won't", "wouldnt": "wouldn't", "wouldve": "would've", "youd": "you'd",
    "youll": "you'll", "youre": "you're", "youve": "you've",
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What a misspelled word should be: ranked candidates, and whether one is certain."""

    word: str
    candidates: tuple[str, ...]
    source: Source
    term: str = ""  # the whole glossary term when the match used the neighbouring words

    @property
    def certain(self) -> bool:
        return len(self.candidates) == 1


# --- reading the sources ------------------------------------------------------------------------


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing (running) its code."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"notelint needs the {name!r} package installed for its data files")
    return Path(next(iter(spec.submodule_search_locations)))


def parse_curated(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Parse codespell's ``wrong->right`` / ``wrong->a, b,`` lines: lower-cased word -> candidates."""
    entries: dict[str, tuple[str, ...]] = {}
    for line in lines:
        wrong, sep, right = line.partition("->")
        if not sep:
            continue
        candidates = tuple(c.strip() for c in right.split(",") if c.strip())
        if candidates:
            entries[wrong.strip().lower()] = candidates
    return entries


def parse_word_list(text: str) -> list[str]:
    """One word a line; ``#`` starts a comment (a whole line, or after whitespace)."""
    words = []
    for raw in text.splitlines():
        line = re.split(r"(?:^|\s)#", raw, maxsplit=1)[0].strip()
        if line:
            words.append(line)
    return words


def _source_files() -> dict[str, Path]:
    codespell = _package_dir("codespell_lib") / "data"
    return {
        "clear": codespell / CODESPELL_DEFAULT_FILES[0],
        "rare": codespell / CODESPELL_DEFAULT_FILES[1],
        "british": codespell / CODESPELL_BRITISH_FILE,
        "english": _package_dir("spellchecker") / "resources" / "en.json.gz",
        "software": SOFTWARE_TERMS_PATH,
        "extra": EXTRA_WORDS_PATH,
        "misspellings": EXTRA_MISSPELLINGS_PATH,
    }


# --- the lexicon ----------------------------------------------------------------------------------


class _Trie:
    """What a word container held in a marisa trie answers alike: membership (False for a word
    the trie cannot hold, such as a lone surrogate), its keys, their count and its bytes."""

    __slots__ = ("_trie",)

    def __init__(self, trie: Any) -> None:
        self._trie = trie  # a marisa_trie.Trie or BytesTrie

    def __contains__(self, word: object) -> bool:
        try:
            return isinstance(word, str) and word in self._trie
        except UnicodeEncodeError:  # a lone surrogate: the trie holds UTF-8, no such word
            return False

    def _get(self, key: str) -> Any:
        """What the trie holds for ``key``, or None (a key it cannot hold included)."""
        try:
            return self._trie.get(key)
        except UnicodeEncodeError:
            return None

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie)

    def __len__(self) -> int:
        return len(self._trie)

    def to_data(self) -> Any:
        return bytes(self._trie.tobytes())


class WordSet(_Trie, AbstractSet[str]):
    """A large set of words held in a marisa-trie. A frozenset of 160,000 words costs some 18 MB
    and tens of milliseconds to unmarshal; the trie takes about 3 bytes a word, is rebuilt from its
    bytes in a fraction of a millisecond, and answers a lookup in about a microsecond."""

    __slots__ = ()

    @classmethod
    def of(cls, words: Iterable[str]) -> WordSet:
        import marisa_trie

        return cls(marisa_trie.Trie(words))

    @classmethod
    def from_data(cls, data: bytes) -> WordSet:
        import marisa_trie

        return cls(marisa_trie.Trie().frombytes(data))


_MISSING = object()


class WordMap(_Trie, Mapping[str, str]):
    """A large str -> str map held like ``WordSet``, in a marisa ``BytesTrie`` (each key holds
    exactly one value, its UTF-8 bytes): 0.45 MB where a dict of 65,000 entries takes 9 MB."""

    __slots__ = ()

    @classmethod
    def of(cls, items: Mapping[str, str]) -> WordMap:
        import marisa_trie

        return cls(marisa_trie.BytesTrie([(key, value.encode()) for key, value in items.items()]))

    @classmethod
    def from_data(cls, data: bytes) -> WordMap:
        import marisa_trie

        return cls(marisa_trie.BytesTrie().frombytes(data))

    def get(self, key: str, default: Any = None) -> Any:
        values = self._get(key)
        return default if values is None else values[0].decode()

    def __getitem__(self, key: str) -> str:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return str(value)


class WordCounts(_Trie, Mapping[str, int]):
    """How often each suggestion pool word was seen: a marisa-trie of the words and an array of
    the counts by the words' ids in it (a dict of 50,000 words and counts takes about 5 MB)."""

    __slots__ = ("_counts",)

    def __init__(self, trie: Any, counts: array[int]) -> None:
        if len(counts) != len(trie):
            raise ValueError("word counts do not match their words")
        super().__init__(trie)  # a marisa_trie.Trie: a word's id there indexes ``counts``
        self._counts = counts

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> WordCounts:
        import marisa_trie

        trie = marisa_trie.Trie(counts)
        by_id = array("Q", bytes(8 * len(trie)))
        for word, count in counts.items():
            by_id[trie[word]] = count
        return cls(trie, by_id)

    @classmethod
    def from_data(cls, words: bytes, counts: bytes) -> WordCounts:
        import marisa_trie

        return cls(marisa_trie.Trie().frombytes(words), array("Q", counts))

    def get(self, word: str, default: Any = None) -> Any:
        found = self._get(word)
        return default if found is None else self._counts[found]

    def __getitem__(self, word: str) -> int:
        value = self.get(word, _MISSING)
        if value is _MISSING:
            raise KeyError(word)
        return int(value)

    def to_data(self) -> tuple[bytes, bytes]:
        return bytes(self._trie.tobytes()), self._counts.tobytes()


class Lexicon:
    """Every word list merged, lower-cased, in the shapes the speller looks them up in.

    The big lists are marisa-tries (see ``WordSet``); the suggestion pool stays a joined string
    per first letter, split on first use (rapidfuzz searches a sequence of str, and most runs
    need few letters).
    """

    __slots__ = ("_pool", "common", "counts", "english", "misspellings", "pool_text", "rare",
                 "spelling", "terms")

    def __init__(self, english: WordSet, terms: frozenset[str], misspellings: WordMap,
                 rare: frozenset[str], common: WordSet, pool_text: dict[str, str],
                 counts: WordCounts, spelling: dict[str, str]) -> None:
        self.english = english  # dictionary words, US and UK
        self.terms = terms  # software vocabulary that is not in the dictionary
        self.misspellings = misspellings  # codespell clear + rare: word -> candidates joined by ","
        self.rare = rare  # entries only in codespell's "rare" list: real words, usually typos
        self.common = common  # frequent words
        # Words that may be suggested, by first letter: "\n"-joined, most frequent first.
        self.pool_text = pool_text
        self.counts = counts  # of the pool words
        self.spelling = spelling  # canonical spelling of words that are not lower case ("Virginia")
        self._pool: dict[str, tuple[str, ...]] = {}

    def pool(self, letter: str) -> tuple[str, ...]:
        words = self._pool.get(letter)
        if words is None:
            text = self.pool_text.get(letter)
            words = self._pool[letter] = tuple(text.split("\n")) if text else ()
        return words

    def count(self, word: str) -> int:
        """How often pyspellchecker saw a pool word (0 for a word it did not count)."""
        return int(self.counts.get(word, 0))

    def to_data(self) -> tuple[Any, ...]:
        return (self.english.to_data(), self.terms, self.misspellings.to_data(), self.rare,
                self.common.to_data(), self.pool_text, *self.counts.to_data(), self.spelling)

    @classmethod
    def from_data(cls, data: Any) -> Lexicon:
        kinds = (bytes, frozenset, bytes, frozenset, bytes, dict, bytes, bytes, dict)
        if not isinstance(data, tuple) or len(data) != len(kinds) or not all(
                isinstance(part, kind) for part, kind in zip(data, kinds, strict=True)):
            raise ValueError("cached lexicon has the wrong shape")
        english, terms, misspellings, rare, common, pool_text, words, counts, spelling = data
        return cls(WordSet.from_data(english), terms, WordMap.from_data(misspellings), rare,
                   WordSet.from_data(common), pool_text, WordCounts.from_data(words, counts), spelling)


def build_lexicon(files: dict[str, Path] | None = None) -> Lexicon:
    """Read and merge every source (about half a second; ``lexicon()`` caches the result)."""
    import gzip
    import json

    files = files or _source_files()
    clear = parse_curated(files["clear"].read_text(encoding="utf-8").splitlines())
    clear.update(parse_curated(parse_word_list(files["misspellings"].read_text(encoding="utf-8"))))
    rare = parse_curated(files["rare"].read_text(encoding="utf-8").splitlines())
    misspellings = {**clear, **rare}
    counts: dict[str, int] = json.loads(gzip.decompress(files["english"].read_bytes()))
    english = set(counts)
    spelling: dict[str, str] = {}
    suggestible = {w for w, n in counts.items() if n >= SUGGEST_MIN_COUNT}
    for candidates in misspellings.values():
        for candidate in candidates:
            for word in candidate.split():
                lower = word.lower()
                english.add(lower)
                suggestible.add(lower)
                if word != lower and word[0].isupper():
                    spelling.setdefault(lower, word)  # a proper noun: "Virginia", "Python"
    english.update(parse_curated(files["british"].read_text(encoding="utf-8").splitlines()))
    extra = [w.lower() for w in parse_word_list(files["extra"].read_text(encoding="utf-8"))]
    english.update(extra)
    suggestible.update(w for w in extra if len(w) >= 4)  # reviewed by hand: a fix may name them
    software = parse_word_list(files["software"].read_text(encoding="utf-8"))
    terms = {w.lower() for w in software} - english
    for word in software:
        if word != word.lower() and not word.isupper():
            spelling.setdefault(word.lower(), word)  # "Kubernetes", "GitHub"
    pool: dict[str, list[str]] = {}
    for word in sorted(suggestible, key=lambda w: (-counts.get(w, 0), w)):
        if len(word) >= 2 and word.isalpha() and word.isascii() and word not in misspellings:
            pool.setdefault(word[0], []).append(word)
    return Lexicon(
        english=WordSet.of(english),
        terms=frozenset(terms),
        misspellings=WordMap.of({word: ",".join(candidates) for word, candidates in misspellings.items()}),
        rare=frozenset(rare.keys() - clear.keys()),
        common=WordSet.of(w for w, n in counts.items() if n >= COMMON_COUNT),
        pool_text={letter: "\n".join(words) for letter, words in pool.items()},
        counts=WordCounts.of({w: counts.get(w, 0) for words in pool.values() for w in words}),
        spelling=spelling,
    )


def cache_dir() -> Path:
    """``$NOTELINT_CACHE_DIR``, else the platform's user cache directory for notelint."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    try:
        import platformdirs
    except ImportError:  # the same places platformdirs would choose
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
            return base / "notelint" / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "notelint"
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "notelint"
    return Path(platformdirs.user_cache_dir("notelint", appauthor=False))


def cache_key(files: dict[str, Path]) -> str:
    """A digest of what the lexicon is built from: the format, this module (the code that builds
    it), the installed versions of codespell and pyspellchecker, and each data file by path, size
    and modification time (stat, not content: keying must cost little on every run)."""
    from lint.cache import installed_distributions

    digest = hashlib.sha256(f"notelint-lexicon {CACHE_FORMAT}\n".encode())
    for name, path in sorted({**files, "code": Path(__file__)}.items()):
        stat = path.stat()
        digest.update(f"{name}\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for dist in installed_distributions(("codespell", "pyspellchecker")):
        digest.update(f"{dist}\n".encode())
    return digest.hexdigest()


def cache_path(files: dict[str, Path] | None = None) -> Path:
    return cache_dir() / f"lexicon-{cache_key(files or _source_files())[:24]}.bin"


def load_cached(path: Path) -> Lexicon | None:
    """The lexicon stored at ``path``, or None when it is missing, stale or damaged in any way."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 32
    if len(blob) < header or not blob.startswith(_MAGIC):
        return None
    payload = blob[header:]
    if hashlib.sha256(payload).digest() != blob[len(_MAGIC):header]:
        return None  # truncated or corrupt: never unmarshalled
    try:
        return Lexicon.from_data(marshal.loads(payload))
    except (EOFError, ValueError, TypeError, RuntimeError):  # RuntimeError: marisa's
        return None


KEPT_LEXICONS = 4  # lexicons kept in a cache directory, the one just stored among them


def _prune(path: Path) -> None:
    """Delete all but the newest other lexicons next to ``path``. Not every other one: a key
    names the installation too (its data files' paths), and two installations sharing the user
    cache (pre-commit's environment and the user's own) would each delete the other's lexicon
    and rebuild theirs, a second each time, on every alternation. Older data's lexicons, never
    read again, go as newer ones are stored."""
    def age(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    others = sorted((p for p in path.parent.glob("lexicon-*.bin") if p != path), key=age, reverse=True)
    for old in others[KEPT_LEXICONS - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()


def store(path: Path, lex: Lexicon) -> bool:
    """Write the lexicon atomically (a temporary file renamed over the target); False on failure."""
    import tempfile

    payload = marshal.dumps(lex.to_data())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".lexicon-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(path)
    except OSError:
        return False
    return True


@cache
def lexicon() -> Lexicon:
    """The merged word lists, loaded once per process: from the cache, or built and cached."""
    files = _source_files()
    try:
        path: Path | None = cache_path(files)
    except OSError:
        path = None
    if path is not None:
        cached = load_cached(path)
        if cached is not None:
            return cached
    built = build_lexicon(files)
    if path is not None:
        store(path, built)
    return built


def curated_misspellings() -> WordMap:
    """codespell's default dictionaries merged: lower-cased misspelling -> candidates joined by
    commas (``candidates()`` splits them)."""
    return lexicon().misspellings


def candidates(joined: str) -> tuple[str, ...]:
    return tuple(joined.split(","))


def rare_words() -> frozenset[str]:
    return lexicon().rare


def english_words() -> WordSet:
    return lexicon().english


# British endings and their US forms: a word whose US form is English is English too
# (organisational, analysed, centre, licence, travelling, catalogue).
_BRITISH = [(re.compile(p), r) for p, r in [
    (r"is(e|ed|es|ing|ation|ations|ational|er|ers)$", r"iz\1"),
    (r"ys(e|ed|es|ing|er|ers)$", r"yz\1"),
    (r"our(s|ed|ing|ful|less|able|ite|ites)?$", r"or\1"),
    (r"tre(s)?$", r"ter\1"),
    (r"ence(s)?$", r"ense\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"),
    (r"ogue(s)?$", r"og\1"),
]]


# Any of them: most words match none, and one search tells so.
_ANY_BRITISH = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _BRITISH))


def american_forms(word: str) -> list[str]:
    """The US spellings a lower-cased British spelling may stand for (none for most words)."""
    if not _ANY_BRITISH.search(word):
        return []
    return [p.sub(r, word) for p, r in _BRITISH if p.search(word)]


# --- the glossary -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    section: str
    words: tuple[str, ...]


class Glossary:
    """The domain terms: which words are known, and which names a misspelling may stand for."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)
        self.known = frozenset(w.lower() for t in self.terms for w in (t.text, *t.words))
        # Terms ending in "*" (x-amz-*) know every token that starts with them.
        self.prefixes = tuple(sorted({t.text[:-1].lower() for t in self.terms
                                      if t.text.endswith("*") and len(t.text) > 2}))
        names: dict[str, set[str]] = {}
        self.multiword: dict[str, list[tuple[Term, int]]] = {}
        for term in self.terms:
            if term.section not in NAME_SECTIONS:
                continue
            for i, word in enumerate(term.words):
                if _is_name_word(word):
                    names.setdefault(word.lower(), set()).add(word)
                    if len(term.words) > 1:
                        self.multiword.setdefault(word.lower(), []).append((term, i))
        self._near: dict[tuple[str, int], list[tuple[str, int]]] = {}
        self._name_keys = sorted(names)
        self._names = {key: sorted(spellings) for key, spellings in names.items()}
        # Canonical casing (for term-case), lower -> spellings: of one-word terms, and of the words
        # of multiword terms ("Beanstalk" of "Elastic Beanstalk"; "App" of "App Mesh").
        self.casing: dict[str, set[str]] = {}
        self.part_casing: dict[str, set[str]] = {}
        # One-word terms whose all-lower-case spelling is right too (``LOWER_CASE_SECTIONS``).
        self.lower_case_ok = frozenset(t.text.lower() for t in self.terms
                                       if t.section in LOWER_CASE_SECTIONS and len(t.words) == 1)
        for term in self.terms:
            whole = len(term.words) == 1
            for word in term.words:
                if not word.endswith("*"):
                    (self.casing if whole else self.part_casing).setdefault(word.lower(), set()).add(word)

    def knows(self, word: str) -> bool:
        lower = word.lower()
        return any(form in self.known for form in _forms(lower)) or (
            bool(self.prefixes) and lower.startswith(self.prefixes))

    def near(self, word: str, max_distance: int) -> list[str]:
        """Name words within ``max_distance`` edits of ``word`` that start with the same letter."""
        return sorted({name for name, _ in self.near_ranked(word, max_distance)})

    def near_ranked(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        """(name, distance) of the names within ``max_distance`` edits that start with the same
        letter, closest first (memoised)."""
        key = word.lower()
        found = self._near.get((key, max_distance))
        if found is None:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            hits = process.extract(key, self._name_keys, scorer=OSA.distance, score_cutoff=max_distance,
                                   limit=None)
            found = sorted(((name, int(distance)) for hit, distance, _ in hits if hit[:1] == key[:1]
                            for name in self._names[hit]), key=lambda nd: (nd[1], nd[0]))
            self._near[(key, max_distance)] = found
        return found

    def merged(self, other: Glossary) -> Glossary:
        return Glossary((*self.terms, *other.terms))


_TERM_WORD = re.compile(r"\S+")


def parse_glossary(text: str) -> Glossary:
    """Parse the glossary format: ``[section]`` lines, one term a line, ``#`` comments."""
    terms = []
    section = ""
    for raw in text.splitlines():
        line = raw.split("  #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        terms.append(Term(line, section, tuple(_TERM_WORD.findall(line))))
    return Glossary(terms)


@cache
def glossary() -> Glossary:
    return parse_glossary(GLOSSARY_PATH.read_text(encoding="utf-8"))


# --- the speller --------------------------------------------------------------------------------


class Speller:
    """Curated misspellings, English words, the glossary and the user's words, together."""

    def __init__(self, user_words: Iterable[str] = (), names: Glossary | None = None) -> None:
        lex = lexicon()
        # The typo rule's verdict on token texts: could a layer report something in it?
        self.screened: dict[str, bool] = {}
        self.known_texts: dict[str, bool] = {}  # ``is_known`` of short token texts, asked once a run
        self.lexicon = lex
        self.user_words = frozenset(normalise(w) for w in user_words)
        self.glossary = glossary() if names is None else names  # notelint's, or one merged with it
        self.misspellings = lex.misspellings
        self.english = lex.english
        self._known: dict[str, bool] = {}
        self._unknown: dict[str, Suggestion | None] = {}
        self._user_keys = sorted(self.user_words)

    # -- what is correct --

    def is_user_or_glossary(self, word: str) -> bool:
        lower = normalise(word)
        return any(f in self.user_words for f in _forms(lower)) or self.glossary.knows(lower)

    def is_english(self, word: str) -> bool:
        """A dictionary word (US or UK), or an inflection of one."""
        forms = _forms(normalise(word))
        english = self.english
        return any(f in english for f in forms) or any(
            us in english for f in forms for us in american_forms(f))

    def is_listed(self, word: str) -> bool:
        """A word in a list as it stands (or as a plural, possessive or British spelling): English,
        a software term, a glossary word or one of the user's words."""
        # ``is_user_or_glossary``, ``is_english`` and the terms, each on the word's forms, which
        # are worked out once here (``normalise`` of a normalised word is the word itself).
        lower = normalise(word)
        english = self.english
        if lower in english:  # most words a document holds: no forms need working out
            return True
        forms = _forms(lower)
        user, glossary = self.user_words, self.glossary
        if any(f in user for f in forms) or any(f in glossary.known for f in forms) or (
                bool(glossary.prefixes) and lower.startswith(glossary.prefixes)):
            return True
        if any(f in english for f in forms) or any(us in english for f in forms for us in american_forms(f)):
            return True
        terms = self.lexicon.terms
        return any(f in terms for f in forms)

    def is_known(self, word: str) -> bool:
        """A word that is correct: listed, or built from known words (an inflection, a prefix on
        a common word, two common words run together)."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self.is_listed(word) or self._derived(normalise(word))
        return known

    def _base(self, word: str, level: str = "") -> bool:
        """Is ``word`` a known word as it stands? With a ``level`` ("familiar", "common") it must
        be that frequent too, unless it is a term or one of the user's words."""
        lex = self.lexicon
        if word in lex.terms or word in self.user_words or word in self.glossary.known:
            return True
        if level == "common":
            return word in lex.common
        if level == "familiar":
            return lex.count(word) >= FAMILIAR_COUNT or word in lex.common
        return word in lex.english or any(us in lex.english for us in american_forms(word))

    def _inflected(self, word: str, level: str = "") -> bool:
        """``word`` is a known word, or a known word with a suffix (tier -> tiering); with a
        ``level``, the word it comes from must be that frequent (see ``_base``)."""
        if self._base(word, level):
            return True
        for suffix, restore in _SUFFIXES:
            if not word.endswith(suffix) or len(word) - len(suffix) < 3:
                continue
            stem = word[: -len(suffix)]
            if suffix in _ABLE:
                if restore == "e" and stem.endswith(("c", "g")):
                    continue  # chargeable, noticeable keep their e: "chargable" is a misspelling
                if self._base(stem + suffix.replace("abl", "ibl")):
                    continue  # accessable: the -ible word exists, so this is a misspelling
            if self._base(stem + restore, level):
                return True
            if (not restore and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou"
                    and self._base(stem[:-1], level)):
                return True  # shipped -> ship, scanner -> scan
        return False

    def _derived(self, word: str) -> bool:
        """An inflection, a prefixed common word, or two common words run together."""
        if not word.isalpha():
            return False
        if self._inflected(word):
            return True
        for prefix in _PREFIXES:
            rest = word[len(prefix):]
            # presign, geoproximity, resharding, malconfigured: the rest must be familiar, and
            # common when it is short ("inter" + "neal", "un" + "manga" + "ed" are no words).
            level = "common" if len(rest) < 6 else "familiar"
            if word.startswith(prefix) and len(rest) >= 4 and self._inflected(rest, level):
                return True
        # fanout, binpack, datacenter; or a common word and a term of the trade: sourcedir,
        # projectid, kubeconfig. Not a longer run of letters: each split slices the word, and a
        # 200,000-letter "word" took half a minute.
        if len(word) > MAX_RUN_TOGETHER:
            return False
        terms = self.lexicon.terms
        return any(word[i:] not in _SUFFIX_WORDS and (
            i >= 3 and len(word) - i >= 3 and self._base(word[:i], "common")
            and self._inflected(word[i:], "common")
            or len(word) - i >= 4 and word[:i] in terms and self._inflected(word[i:], "common")
            or i >= 4 and word[i:] in terms and self._base(word[:i], "common"))
            for i in range(2, len(word) - 1))

    # -- what is wrong --

    def curated(self, word: str) -> Suggestion | None:
        """The curated entry for ``word``, unless the glossary or the user says it is correct."""
        lower = normalise(word)
        joined = self.misspellings.get(lower)
        if joined is None or self.is_user_or_glossary(word) or word.isupper() and lower in self.lexicon.terms:
            return None  # the user's, a glossary word, or an acronym of the trade (AKS)
        return Suggestion(word, candidates(joined), "curated")

    def is_rare(self, word: str) -> bool:
        """A curated entry from codespell's ``rare`` list: a real word that is usually a typo."""
        return normalise(word) in self.lexicon.rare

    def name(self, word: str, before: str = "", after: str = "") -> Suggestion | None:
        """A misspelled glossary name: ``word`` with the prose ``before`` and ``after`` it.

        Only a capitalised or CamelCase word (not ALL CAPS) of ``MIN_NAME_LENGTH`` letters or more
        that is no known word is eligible, so that neither an English word ("Shield", "Glacial")
        nor an acronym ("RTO") is ever turned into a name. A word whose neighbours spell the rest
        of a multiword term matches that term first.
        """
        if not self.may_be_name(word):
            return None
        in_term = self._in_term(word, before, after)
        if in_term:
            return in_term
        # One edit; two only for a long word that holds the name's letters rearranged. A name
        # two edits away is as likely another name ("Transifex" is not "Transfer").
        candidates = [name for name, distance in self.glossary.near_ranked(word, 2)
                      if distance == 1 or (len(word) >= LONG_NAME_LENGTH
                                           and sorted(name.lower()) == sorted(word.lower()))]
        return Suggestion(word, tuple(sorted(set(candidates))), "glossary") if candidates else None

    def may_be_name(self, word: str) -> bool:
        """Is ``word`` eligible for ``name``: name-shaped, unlisted, no curated misspelling?"""
        if not is_name_shaped(word) or self.is_listed(word) or normalise(word) in self.misspellings:
            return False  # derivations do not count here: "Redshit" is no "red" + "shit"
        # A compound of correct words (singleAZ, StackName) is a name, not a typo.
        return not (is_camel(word) and all(p.isupper() or self.is_known(p) for p in camel_parts(word)))

    def _in_term(self, word: str, before: str, after: str) -> Suggestion | None:
        matches: dict[str, str] = {}
        for name in self.glossary.near(word, 2):
            for term, i in self.glossary.multiword.get(name.lower(), ()):
                if term.words[i] == name and _context_matches(term.words, i, before, after):
                    matches[name] = term.text
        if not matches:
            return None
        names = tuple(sorted(matches))
        return Suggestion(word, names, "glossary", term=matches[names[0]] if len(names) == 1 else "")

    def unknown(self, word: str) -> Suggestion | None:
        """An unknown word of ``MIN_UNKNOWN_LENGTH`` letters or more with close known words.

        Only plain words (letters, lower case or capitalised) are looked at. A word with no
        candidate close enough is left alone: it is a name or a term we do not know, and
        reporting it would help nobody. The candidates are those at the smallest distance found.
        """
        if not _plain_word(word):
            return None
        if word in self._unknown:
            return self._unknown[word]
        suggestion = None
        if self._unlisted(word):
            candidates = self.suggest(word)
            suggestion = Suggestion(word, candidates, "dictionary") if candidates else None
        self._unknown[word] = suggestion
        return suggestion

    def _unlisted(self, word: str) -> bool:
        """Neither a known word nor a curated misspelling (which layer 1 reports)."""
        return not self.is_known(word) and normalise(word) not in self.misspellings

    def unknown_here(self, word: str, here: Container[str]) -> Suggestion | None:
        """``unknown`` for a word it leaves alone (no familiar candidate, or the author's
        term), asked again with the document's own words: a candidate the document uses
        elsewhere ("throughput" beside "throuput") is familiar to its writer, and the word is a
        slip even when made three times. ``here`` holds the document's words in lower case;
        only candidates it holds are suggested."""
        if not (_plain_word(word) and self._unlisted(word)):
            return None
        candidates = tuple(c for c in self.suggest(word, here) if c.lower() in here)
        return Suggestion(word, candidates, "dictionary") if candidates else None

    def short_slip(self, word: str, here: Container[str]) -> Suggestion | None:
        """A word of ``MIN_SHORT_SLIP`` letters up to ``MIN_UNKNOWN_LENGTH`` that no list knows,
        and of whose common neighbours (one edit away) ``here`` (the document's words, lower
        case) holds exactly one: the word the writer meant ("tehn" beside "then", though "ten"
        is a neighbour too), or else exactly one that the word does not hold with a letter added
        inside it (a stray letter inside a word is the rarest slip: "yoru" beside "your" and
        "you" is "your"; "rset" beside "rest" and "reset", or "filej" beside "file" and "files",
        says nothing). Any other short word is left alone."""
        short = _plain_word(word, MIN_SHORT_SLIP) and len(word) < MIN_UNKNOWN_LENGTH
        if not (short and self._unlisted(word)):
            return None
        count = self.lexicon.count
        key = normalise(word)
        meant = {hit for hit, _ in self._pool_near(key, 1) if hit in here and count(hit) >= SHORT_SLIP_COUNT}
        if len(meant) > 1:  # drop the words this one holds with a letter added inside
            meant = {hit for hit in meant if len(hit) >= len(key) or (hit[0], hit[-1]) != (key[0], key[-1])}
        return Suggestion(word, (meant.pop(),), "dictionary") if len(meant) == 1 else None

    def suggest(self, word: str, here: Container[str] = ()) -> tuple[str, ...]:
        """Known words closest to ``word``, best first: glossary and user words first, then (for a
        capitalised word) proper nouns, then the more frequent word. Only the smallest distance
        found is kept: up to two edits, but for a word under ``LONG_WORD_LENGTH`` letters a
        candidate two edits away must hold the same letters ("encyprt" -> "encrypt"; "sisense" is
        not "sense").

        Dictionary candidates count only when one of them is a familiar word: a slip is made
        typing a word people use ("budgix" is more likely a name than a slip for "budgie"), or
        one in ``here`` (the writer's own words: see ``unknown_here``).
        """
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        key = normalise(word)
        long_word = len(key) >= LONG_WORD_LENGTH
        limit = 2  # for a shorter word, only a rearrangement of its letters may be two edits away
        capitalised = word[:1].isupper()
        ranked: dict[str, tuple[int, int, int, int]] = {}
        for name, distance in self.glossary.near_ranked(word, limit):
            if not capitalised and name[1:].islower() and name.lower() not in self.glossary.casing and (
                    self.is_english(name)):
                name = name.lower()  # "Security" of "Security Hub" is an ordinary word mid-sentence
            ranked.setdefault(name, (distance, 0, 0, 0))
        for hit, distance, _ in process.extract(key, self._user_keys, scorer=OSA.distance,
                                                score_cutoff=limit, limit=None):
            ranked.setdefault(hit, (int(distance), 0, 0, 0))
        lex = self.lexicon
        found = {c: sd for c, sd in self._dictionary_candidates(key, limit).items()
                 if not _end_only(key, c) or c.endswith(_INFLECTED)}
        if not long_word:
            found = {c: sd for c, sd in found.items() if sd[1] < 2 or sorted(c) == sorted(key)}
            ranked = {n: r for n, r in ranked.items() if r[0] < 2 or sorted(n.lower()) == sorted(key)}
        if not any(lex.count(stem) >= FAMILIAR_COUNT or c in here for c, (stem, _) in found.items()):
            found = {}
        named = {name.lower() for name in ranked}
        for candidate, (stem, distance) in found.items():
            if candidate in named:
                continue  # the glossary's or the user's spelling of it comes first
            shown = lex.spelling.get(candidate, candidate)
            proper = 0 if capitalised and shown != candidate else 1
            ranked.setdefault(shown, (distance, 1, proper, -lex.count(stem)))
        if not ranked:
            return ()
        best = min(rank[0] for rank in ranked.values())
        closest = sorted((rank, name) for name, rank in ranked.items() if rank[0] == best)
        return tuple(name for _, name in closest)

    def _dictionary_candidates(self, key: str, limit: int) -> dict[str, tuple[str, int]]:
        """Dictionary words within ``limit`` edits: candidate -> (the pool word it comes from,
        distance). The pool holds frequent words only, so an inflected or prefixed form it lacks
        ("retrievals", "chargeable", "unmanaged") is found from its stem and checked to be known."""
        found = {hit: (hit, distance) for hit, distance in self._pool_near(key, limit)}
        for suffix in _SUGGEST_SUFFIXES:
            stem = key[: -len(suffix)]
            if not key.endswith(suffix) or len(stem) < 4:
                continue
            for hit, _ in self._pool_near(stem, limit):
                if hit.endswith(suffix):
                    continue  # "connections" + "s": no word
                forms = [hit + suffix]
                if hit.endswith("e") and suffix[0] in "aeiouy":
                    forms.append(hit[:-1] + suffix)  # charge + able -> chargeable, store + ing
                for form in forms:
                    self._add_form(found, key, form, hit, limit)
        for prefix in _PREFIXES:
            rest = key[len(prefix):]
            if key.startswith(prefix) and len(rest) >= 4:
                for hit, _ in self._pool_near(rest, limit):
                    self._add_form(found, key, prefix + hit, hit, limit)
        return found

    def _add_form(self, found: dict[str, tuple[str, int]], key: str, form: str, stem: str,
                  limit: int) -> None:
        if form in found or form == key:
            return
        from rapidfuzz.distance import OSA

        distance = int(OSA.distance(key, form, score_cutoff=limit))
        if distance <= limit and form not in self.misspellings and self.is_listed(form):
            found[form] = (stem, distance)

    def _pool_near(self, key: str, limit: int) -> Iterator[tuple[str, int]]:
        """Pool words within ``limit`` edits that share the first letter, or whose first two
        letters are the word's swapped (``hte`` -> ``the``)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        pool = self.lexicon.pool
        for hit, distance, _ in process.extract(key, pool(key[0]), scorer=OSA.distance,
                                                score_cutoff=limit, limit=None):
            yield hit, int(distance)
        if len(key) > 1 and key[1] != key[0]:
            for hit, distance, _ in process.extract(key, pool(key[1]), scorer=OSA.distance,
                                                    score_cutoff=limit, limit=None):
                if hit[1:2] == key[:1]:
                    yield hit, int(distance)


def _plain_word(word: str, min_length: int = MIN_UNKNOWN_LENGTH) -> bool:
    """What ``Speller.unknown`` looks at: ASCII letters, lower case or capitalised, at least
    ``min_length`` of them."""
    return (len(word) >= min_length and word.isalpha() and word.isascii()
            and (word.islower() or word[0].isupper() and word[1:].islower()))


# A word ending so is an inflected form, which no name is built on: a letter more or less at its
# end is a slip ("runningn" -> "running", not "ruining"), and it stays a candidate.
_INFLECTED = ("ing", "ed", "tion", "ly", "ment", "ness")


def _end_only(word: str, candidate: str) -> bool:
    """Do the two differ only in the last letter, the word not doubling it? Then the word is more
    likely a name built on the candidate ("pythonz", "certifi", "rustc") than a slip."""
    if word[:-1] == candidate[:-1]:
        return True  # substituted
    if word[:-1] == candidate:
        return word[-1] != word[-2:-1]  # appended, unless doubled ("serverr")
    return candidate[:-1] == word  # dropped


def normalise(word: str) -> str:
    """Lower case, typographic apostrophes made plain."""
    return word.lower().replace("’", "'")


def is_name_shaped(word: str) -> bool:
    """Capitalised or CamelCase letters, not ALL CAPS, long enough to be matched safely."""
    return (len(word) >= MIN_NAME_LENGTH and not word.islower() and not word.isupper()
            and word.isalpha())


def _is_name_word(word: str) -> bool:
    """A glossary word a misspelling may be matched to: a capitalised word of letters."""
    return len(word) >= 4 and word.isalpha() and word[0].isupper() and not word.isupper()


# Suffixes a known word may take, and the letters the suffix replaced ("tiering" -> "tier",
# "authorizer" -> "authorize", "replies" -> "reply", "inlinable" -> "inline"). Not -al or -ful:
# they would let "interneal" (interne + al) and "usedful" through.
_INFLECTIONS = (
    ("s", ""), ("es", ""), ("ies", "y"), ("ied", "y"), ("ier", "y"), ("iers", "y"),
    ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"), ("ers", ""),
    ("ers", "e"),
)
_DERIVATIONS = (
    ("able", ""), ("able", "e"), ("ably", ""), ("ably", "e"), ("ability", ""), ("ability", "e"),
    ("ily", "y"), ("ly", ""), ("ness", ""), ("ment", ""), ("ments", ""), ("ize", ""), ("izes", ""),
    ("ized", ""), ("ized", "e"), ("izing", ""), ("ization", ""), ("ization", "e"), ("izations", ""),
    ("less", ""), ("or", ""), ("or", "e"), ("ors", ""), ("ors", "e"),
)
_SUFFIXES = _INFLECTIONS + _DERIVATIONS
_ABLE = ("able", "ably", "ability")
# Words that are suffixes too: "access" + "able" is no compound, it is "accessible" misspelled.
_SUFFIX_WORDS = frozenset({"able", "ably", "less", "ment", "ness", "ship", "wise", "ward", "like",
                           "ally", "ful"})
# Endings whose stem is searched when the pool lacks the whole word.
_SUGGEST_SUFFIXES = ("s", "es", "ed", "ing", "er", "ers", "able", "ly", "ment", "ments", "ize",
                     "izes", "ized", "izing", "ization")
_PREFIXES = ("anti", "auto", "bi", "co", "counter", "cross", "cyber", "de", "dis", "geo", "hyper",
             "inter", "intra", "macro", "mal", "meta", "micro", "mid", "mini", "mis", "multi", "non",
             "omni",
             "out", "over", "poly", "post", "pre", "pseudo", "re", "self", "semi", "sub", "super",
             "tele", "trans", "tri", "ultra", "un", "under", "uni", "up")


# The endings that take "es" in the plural; an "s" only after a vowel (bus, alias, status), as
# one after a consonant is a plural's own ("perms").
_ES_STEM = re.compile(r"(?:ss|x|z|ch|sh|o|[aeiou]s)$")


def _forms(word: str) -> tuple[str, ...]:
    """A lower-cased word and the stems it may be an inflection of: possessive and plural."""
    forms = [word]
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            forms.append(word)
            break
    stem = word[:-2]
    if word.endswith("es") and _ES_STEM.search(stem):
        forms.append(stem)  # boxes, patches, classes, buses: not "purposees", nor "permses" of "perms"
    if word.endswith("s"):
        forms.append(word[:-1])
    return tuple(forms)


def _context_matches(words: tuple[str, ...], i: int, before: str, after: str) -> bool:
    """Do the words before and after a matched word spell the rest of the term?"""
    if i:
        prefix = r"\s+".join(re.escape(w) for w in words[:i])
        if not re.search(rf"(?<!\w){prefix}\s+$", before, re.IGNORECASE):
            return False
    if i < len(words) - 1:
        suffix = r"\s+".join(re.escape(w) for w in words[i + 1:])
        if not re.match(rf"\s+{suffix}(?!\w)", after, re.IGNORECASE):
            return False
    return True
