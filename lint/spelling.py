"""Spelling knowledge and candidate search: curated misspellings, English words, the glossary.

Three sources, each loaded lazily the first time it is needed and then kept for the process:

- **Curated misspellings**: codespell's dictionary files, read as *data* (codespell's code is
  GPL and is never imported). codespell 2.4's default builtin dictionaries are ``clear``
  (``dictionary.txt``) and ``rare`` (``dictionary_rare.txt``); we read the same two. A line is
  ``wrong->right`` or ``wrong->one, other,``: an entry with exactly one candidate may be fixed.
- **English words**: the US English word list shipped by ``pyspellchecker`` (MIT), read as data,
  plus every correction in codespell's files. It is used only to keep real words from being
  "corrected" into glossary names.
- **The domain glossary** ``lint/data/glossary.txt``: AWS services, regions, acronyms, CLI tokens
  and third-party products in their canonical casing.

``Speller`` combines them with the user's own words and answers two questions for a word: is it
a curated misspelling (``curated``), and is it a misspelled glossary name (``name``)?
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from lint.prose import camel_parts, is_camel

# codespell 2.4: `_builtin_default = "clear,rare"`; "clear" is dictionary.txt, "rare" is
# dictionary_rare.txt. The others (informal, usage, code, names, en-GB_to_en-US) are opt-in.
CODESPELL_DEFAULT_FILES = ("dictionary.txt", "dictionary_rare.txt")
# Its en-GB -> en-US list: the keys are correct British spellings, so they are English words.
CODESPELL_BRITISH_FILE = "dictionary_en-GB_to_en-US.txt"
GLOSSARY_PATH = Path(__file__).parent / "data" / "glossary.txt"
# Glossary sections whose words are names a misspelled word may be matched to.
NAME_SECTIONS = frozenset({"services", "regions", "products"})

# A name match must be this close (OSA distance: insertions, deletions, substitutions and
# adjacent transpositions). Short words get one edit, longer ones two; a word whose neighbours
# spell out the rest of a multiword term ("N. Vergina") may be two edits away at any length.
MIN_NAME_LENGTH = 5
LONG_NAME_LENGTH = 8

Source = Literal["curated", "glossary"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What a misspelled word should be: its candidates, and whether one is certain."""

    word: str
    candidates: tuple[str, ...]
    source: Source
    term: str = ""  # the whole glossary term when the match used the neighbouring words

    @property
    def certain(self) -> bool:
        return len(self.candidates) == 1


# --- codespell's curated misspellings -------------------------------------------------------


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
            key = wrong.strip().lower()
            entries[key] = candidates
            if "'" in key:  # codespell accepts the typographic apostrophe too
                entries[key.replace("'", "’")] = tuple(c.replace("'", "’") for c in candidates)
    return entries


@cache
def _curated_files() -> tuple[dict[str, tuple[str, ...]], ...]:
    data = _package_dir("codespell_lib") / "data"
    return tuple(parse_curated((data / name).read_text(encoding="utf-8").splitlines())
                 for name in CODESPELL_DEFAULT_FILES)


@cache
def curated_misspellings() -> dict[str, tuple[str, ...]]:
    """codespell's default dictionaries merged: lower-cased misspelling -> candidates."""
    entries: dict[str, tuple[str, ...]] = {}
    for part in _curated_files():
        entries.update(part)
    return entries


@cache
def rare_words() -> frozenset[str]:
    """Entries only in codespell's ``rare`` dictionary: real words that are usually typos."""
    clear, rare = _curated_files()
    return frozenset(rare.keys() - clear.keys())


# --- English words ----------------------------------------------------------------------------


@cache
def english_words() -> frozenset[str]:
    """Lower-cased English words: pyspellchecker's US list, codespell's corrections and the
    British spellings of codespell's en-GB -> en-US list."""
    path = _package_dir("spellchecker") / "resources" / "en.json.gz"
    words: set[str] = set(json.loads(gzip.decompress(path.read_bytes())))
    for candidates in curated_misspellings().values():
        for candidate in candidates:
            words.update(w.lower() for w in candidate.split())
    british = _package_dir("codespell_lib") / "data" / CODESPELL_BRITISH_FILE
    words.update(parse_curated(british.read_text(encoding="utf-8").splitlines()))
    return frozenset(words)


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


def american_forms(word: str) -> list[str]:
    """The US spellings a lower-cased British spelling may stand for (none for most words)."""
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
        self._name_keys = sorted(names)
        self._names = {key: sorted(spellings) for key, spellings in names.items()}

    def knows(self, word: str) -> bool:
        return any(form in self.known for form in _forms(word.lower()))

    def near(self, word: str, max_distance: int) -> list[str]:
        """Name words within ``max_distance`` edits of ``word`` that start with the same letter."""
        key = word.lower()
        hits = process.extract(key, self._name_keys, scorer=OSA.distance, score_cutoff=max_distance,
                               limit=None)
        return sorted({name for hit, _, _ in hits if hit[:1] == key[:1] for name in self._names[hit]})


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

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self.user_words = frozenset(w.lower() for w in user_words)
        self.glossary = glossary()
        self.misspellings = curated_misspellings()
        self.english = english_words()
        self._known: dict[str, bool] = {}

    def is_user_or_glossary(self, word: str) -> bool:
        forms = _forms(word.lower())
        return any(f in self.user_words for f in forms) or self.glossary.knows(word)

    def is_english(self, word: str) -> bool:
        forms = _forms(word.lower())
        return any(f in self.english for f in forms) or any(
            us in self.english for f in forms for us in american_forms(f))

    def is_known(self, word: str) -> bool:
        """A word that is correct: English, a glossary word, or one of the user's words."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = self.is_user_or_glossary(word) or self.is_english(word)
        return known

    def curated(self, word: str) -> Suggestion | None:
        """The curated entry for ``word``, unless the glossary or the user says it is correct."""
        candidates = self.misspellings.get(word.lower())
        if candidates is None or self.is_user_or_glossary(word):
            return None
        return Suggestion(word, candidates, "curated")

    def is_rare(self, word: str) -> bool:
        """A curated entry from codespell's ``rare`` list: a real word that is usually a typo."""
        return word.lower() in rare_words()

    def name(self, word: str, before: str = "", after: str = "") -> Suggestion | None:
        """A misspelled glossary name: ``word`` with the prose ``before`` and ``after`` it.

        Only a capitalised or CamelCase word (not ALL CAPS) of ``MIN_NAME_LENGTH`` letters or more
        that is no known word is eligible, so that neither an English word ("Shield", "Glacial")
        nor an acronym ("RTO") is ever turned into a name. A word whose neighbours spell the rest
        of a multiword term matches that term first.
        """
        if not is_name_shaped(word) or self.is_known(word) or word.lower() in self.misspellings:
            return None
        if is_camel(word) and all(p.isupper() or self.is_known(p) for p in camel_parts(word)):
            return None  # a compound of correct words (singleAZ, StackName): a name, not a typo
        in_term = self._in_term(word, before, after)
        if in_term:
            return in_term
        limit = 2 if len(word) >= LONG_NAME_LENGTH else 1
        candidates = self.glossary.near(word, limit)
        return Suggestion(word, tuple(candidates), "glossary") if candidates else None

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


def is_name_shaped(word: str) -> bool:
    """Capitalised or CamelCase letters, not ALL CAPS, long enough to be matched safely."""
    return (len(word) >= MIN_NAME_LENGTH and not word.islower() and not word.isupper()
            and word.isalpha())


def _is_name_word(word: str) -> bool:
    """A glossary word a misspelling may be matched to: a capitalised word of letters."""
    return len(word) >= 4 and word.isalpha() and word[0].isupper() and not word.isupper()


def _forms(word: str) -> tuple[str, ...]:
    """A lower-cased word and the stems it may be an inflection of: possessive and plural."""
    forms = [word]
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            forms.append(word)
            break
    if word.endswith("es"):
        forms.append(word[:-2])
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
