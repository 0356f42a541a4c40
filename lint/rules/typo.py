"""Misspelled words in prose: curated misspellings, misspelled AWS and product names, unknown words.

## What it does
Checks the words of paragraphs, headings and table cells in three layers:

1. **Curated misspellings**: codespell's list of common misspellings (read as data; `clear` and
   `rare`, the dictionaries codespell 2.4 uses by default), e.g. `Encrytion` for `Encryption`.
2. **Misspelled names**: a capitalised or CamelCase word of five letters or more that no word
   list knows, one edit from a name in the domain glossary (two when the words around it spell
   the rest of a multiword term, or when a word of eight letters or more holds the name's
   letters rearranged): `DyanamoDB` for `DynamoDB`, `Redshit` for `Redshift`, `N. Vergina` for
   `N. Virginia`; but not `Transifex` for `Transfer`.
3. **Unknown words**: a word of six letters or more (shorter ones: see below), in lower case, or
   capitalised at the start of a sentence, a list item, a table cell or anywhere in a heading,
   that is in no word list (English, US and UK; software vocabulary; the glossary; your words)
   and cannot be built from known words (`tiering`, `presign`, `fanout` can), reported with the
   closest known words, ranked: glossary and your words first, proper nouns first for a
   capitalised word, then the more frequent word. Candidates are one edit away, or two for words
   of eight letters or more (and for shorter ones when they hold the same letters: `encyprt`).
   Left alone, as names or terms rather than slips:
   - a capitalised word inside a sentence, or after an initial ("Steven R. Loomis"): only
     layer 2 speaks for it;
   - a capitalised word next to another unknown capitalised one, a person's name ("Alexandre
     Vivien", "Maciej Małecki"): no layer speaks for it, not even layer 2 (`Maciej` is no
     misspelled `Macie`);
   - a word right before "(" (a function: `statfs(2)`);
   - a word whose candidates are all rare ("budgix" is no slip for "budgie"), or differ only in
     the last letter ("pythonz", "certifi"; but "runningn" is a slip for the inflected "running"),
     or that has no candidate at all;
   - a word used three times or more in the file (the author's term);
   - a word the file also writes as code, in a code block, an inline code span, a URL or a
     path: it is a name there ("dbserver" beside `--link mysql:dbserver`, "jenkinsci" beside
     `docker run jenkinsci/blueocean`). Layer 2 leaves it alone too; a curated misspelling is
     still reported, as it is misspelled in the code too ("Defination" in a diagram's label).

   These last two give way when the file itself uses a candidate: a writer who types
   "throughput" knows the word, and "throuput" is a slip, made once or three times.

   A word of four or five letters has many neighbours, and abbreviations are that short: it is
   reported only when, of the common words one edit away (a transposition counts as one:
   "thwse", "tehn"), the file itself uses exactly one: "tehn" beside "then" (not "ten").

Besides the layers, a **stray capital**: a common word whose first two letters are capitals
("USes", "PRovided", "VOlume"), fixed safely. And a **word split in two**: two words on one
line, one of them unknown, that join into a common word: `confi guring`, `profi le`, `fi les`
(the "fi" ligature of a PDF lost in the paste). The pair is reported whole (its halves are not
reported again), fixed safely by joining them.

Contractions without an apostrophe (`doesnt`) are `typo-contraction`'s, and `its`/`it's` is
`typo-confusion`'s.

Never checked: code spans and code blocks, code pasted without a fence (commands, JSON, and
whatever `unfenced-code` reports), link destinations, autolinks, URLs, e-mail addresses,
@handles, paths, ARNs, IAM actions (`s3:GetObject`), namespaced names (`AWS::S3::Bucket`),
inline HTML, words with digits (ids, hex, region codes, `EC2`), dotted names (`index.html`) and
glossary patterns (`x-amz-meta-color`).
ALL-CAPS words of up to five letters are acronyms: only a curated misspelling (`TEH`) is
reported, and not even that for two letters (`TE` is Transfer-Encoding, not "the"). The parts
of CamelCase and snake_case identifiers (`recieveMessage`) are checked
against the curated list and reported, but an identifier is never rewritten; parts shorter than
four letters (`ons` of `add-ons`, `Te` of `TeX`) are not checked, nor the parts of a name that a
word list knows whole (`HashiCorp`, whose `Hashi` codespell would correct to "hash").

Options (`[tool.notelint.typo]`):
- `words = ["Vertica", ...]`: words that are always correct (any case);
- `words-file = "notes/.words.txt"`: more such words, one a line (`#` comments), relative to the
  directory of the config file;
- `glossary-file = "notes/glossary.txt"`: more glossary terms, in the format of notelint's
  glossary (one term a line, `[section]` headers optional); its terms are known words, and
  misspelled names are matched to them.

## Why is this bad?
Misspelled terms make notes harder to search (`grep DynamoDB` misses `DyanamoDB`), and a
misspelled service or region name may be copied into a command or a template.

## Example
```markdown
RDS Encrytion
Region only services - N. Vergina?
The object is accesed by the client.
```
Use instead:
```markdown
RDS Encryption
Region only services - N. Virginia?
The object is accessed by the client.
```

## Fix
Replaces the word itself, and nothing around it. The case is kept (`encrytion` -> `encryption`,
`Encrytion` -> `Encryption`, `ENCRYTION` -> `ENCRYPTION`); a glossary name is written in its
canonical casing (`DynamoDB`).

- **Safe**: a curated misspelling with exactly one candidate; a name with exactly one match.
- **Unsafe** (`--unsafe-fixes`): a curated entry from codespell's `rare` list (real but rare
  words); an unknown word with exactly one closest candidate (a word list never knows every term).
- **No fix**: several candidates, a mixed-case word, an identifier part.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any, ClassVar

from fixers.edit import Fix
from fixers.replace_word import keep_case, replace_word
from lint.config import ConfigError
from lint.document import Document
from lint.finding import Finding
from lint.prose import (
    ProseBlock,
    ProseIndex,
    Token,
    adjacent,
    classify,
    code_vocabulary_lowered,
    is_camel,
    prose_index,
    segments,
    starts_sentence,
    words_of,
)
from lint.registry import Rule, RuleContext, register
from lint.spelling import (
    CONTRACTIONS,
    MIN_SHORT_SLIP,
    Glossary,
    Speller,
    Suggestion,
    glossary,
    is_name_shaped,
    normalise,
    parse_glossary,
    parse_word_list,
)

MAX_ACRONYM = 5  # ALL-CAPS words up to this length are acronyms, not misspellings
# An unknown word used this often in a file is the author's term, not a slip of the hand.
REPEATED_TERM = 3
MAX_SHOWN = 3  # candidates named in a message
MIN_PART_LENGTH = 4  # parts of hyphenated or CamelCase tokens shorter than this are not checked
MIN_CURATED_ACRONYM = 3  # a two-letter ALL-CAPS word ("TE", "OT") is an abbreviation, never a slip
MIN_SPLIT_WORD = 5  # a word split in two is looked for only when this long, joined
_STRAY_CAPITAL = re.compile(r"[A-Z]{2}[a-z]{2,}")  # "USes": two capitals, then lower case
STRAY_CAPITAL_COUNT = 100  # how common (pyspellchecker's count) the word must be in lower case


@register
class Typo(Rule):
    id = "typo"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {"words": [], "words-file": "", "glossary-file": ""}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        speller = speller_for_context(ctx, "typo")
        index = prose_index(doc)
        counts = index.counts
        screened = speller.screened
        for text in [text for text in counts if text not in screened]:
            screened[text] = _screen(text, speller)
        # Every text has its verdict now: pick those worth a look in C, not one by one.
        wanted = set(compress(counts, map(screened.__getitem__, counts)))
        split = list(self._split_words(doc, index, speller, wanted))
        yield from split
        yield from self._stray_capitals(doc, index, speller)
        if not wanted:
            return
        split_ends = {f.start for f in split} | {f.end for f in split}  # its halves are reported whole
        for prose in index.blocks_containing(wanted):
            tokens = prose.tokens
            heading = prose.block.kind == "heading"
            for i, token in enumerate(tokens):
                if token.text in wanted and token.start not in split_ends and token.end not in split_ends:
                    # A capitalised word inside a sentence is a name: only the glossary speaks
                    # for it. At the start of a sentence or in a heading, capitals say nothing.
                    # Next to another unknown capitalised word it is a person's name: nothing
                    # speaks for it.
                    lower = token.text[:1].islower()
                    person = not lower and _in_name(doc, tokens, i, speller)
                    plain = heading or lower or (
                        starts_sentence(doc, tokens, i) and not person and not _after_initial(doc, tokens, i))
                    yield from self._check_token(doc, prose, token, speller, index, plain, person)

    def _split_words(self, doc: Document, index: ProseIndex, speller: Speller,
                     wanted: set[str]) -> Iterator[Finding]:
        """Two words, one of them unknown, that a single space splits out of a common word:
        "confi guring", "profi le", "fi les", where a PDF's "fi" ligature was lost in the paste.
        ``wanted`` holds the longer unknown words already; short ones ("fi") are looked up."""
        known = speller.known_texts
        halves = wanted | {t for t in index.counts
                           if len(t) < MIN_SHORT_SLIP and t.isalpha() and not _known(known, speller, t)}
        if not halves:
            return
        count = speller.lexicon.count
        for prose in index.blocks_containing(halves):
            tokens = prose.tokens
            for a, b in zip(tokens, tokens[1:], strict=False):
                if a.text not in halves and b.text not in halves:
                    continue
                if a.kind != "word" or b.kind != "word" or doc.text[a.end:b.start] != " ":
                    continue
                if not (a.text.isalpha() and b.text.isalpha()):
                    continue
                whole = a.text + b.text
                if len(whole) < MIN_SPLIT_WORD or not b.text.islower() or count(whole.lower()) == 0:
                    continue
                if _known(known, speller, a.text) and _known(known, speller, b.text):
                    continue
                message = f"`{a.text} {b.text}` is one word split in two: `{whole}`"
                fix = replace_word(a.start, b.end, doc.text[a.start:b.end], whole, exact=True)
                yield self.finding(doc, a.start, b.end, message, fix)

    def _stray_capitals(self, doc: Document, index: ProseIndex, speller: Speller) -> Iterator[Finding]:
        """A common word whose second letter the shift key also caught: "USes", "PRovided",
        "VOlume". An acronym before a plural or a suffix ("IDs", "APIs") has one lower-case letter;
        a name in mixed case ("IPsec", "VMware") is no common word."""
        count = speller.lexicon.count
        texts = {t for t in index.counts
                 if _STRAY_CAPITAL.fullmatch(t) and count(t.lower()) >= STRAY_CAPITAL_COUNT}
        for prose in index.blocks_containing(texts):
            for token in prose.tokens:
                if token.text in texts:
                    fixed = token.text[0] + token.text[1:].lower()
                    yield self.finding(doc, token.start, token.end,
                                       f"`{token.text}` has a stray capital: `{fixed}`",
                                       replace_word(token.start, token.end, token.text, fixed, exact=True))

    def _check_token(self, doc: Document, prose: ProseBlock, token: Token, speller: Speller,
                     index: ProseIndex, plain: bool, person: bool = False) -> Iterator[Finding]:
        named: list[tuple[int, int]] = []
        coded = code_vocabulary_lowered(doc)  # a word the writer also types as code is a name
        for text, start, end in segments(token):
            if person or not is_name_shaped(text) or text.lower() in coded:
                continue
            pos = token.pos + (start - token.start)
            suggestion = speller.name(text, prose.text[:pos], prose.text[pos + len(text):])
            if suggestion is not None:
                named.append((start, end))
                yield self._name_finding(doc, start, end, suggestion)
        # A CamelCase name a word list knows whole (``HashiCorp``) is spelled right, whatever its
        # parts would say on their own (``Hashi``, a curated slip for "hash").
        listed = token.kind == "identifier" and speller.is_listed(token.text)
        for word in words_of(token):
            text = word.text
            if len(text) < 2 or any(s <= word.start < e for s, e in named) or listed and word.in_identifier:
                continue
            lower = normalise(text)
            if lower in CONTRACTIONS:
                continue  # typo-contraction's
            acronym = text.isupper() and len(text) <= MAX_ACRONYM
            # A short part of a longer token ("ons" of "add-ons", "Te" of "TeX") is no word of
            # its own: codespell, which reads the token whole, would not flag it either.
            part = word.start != token.start or word.end != token.end
            short = part and len(text) < MIN_PART_LENGTH or acronym and len(text) < MIN_CURATED_ACRONYM
            suggestion = None if short else speller.curated(text)
            if suggestion is not None:
                yield self._curated_finding(doc, word.start, word.end, suggestion, word.in_identifier,
                                            token.text, speller)
            elif (plain or text.islower()) and not (acronym or word.in_identifier or lower in coded) and (
                    doc.text[word.end:word.end + 1] != "("):
                # A word the writer also types as code is a name ("dbserver" beside `--link
                # mysql:dbserver`); a curated misspelling there is misspelled there too.
                rare = _uses(index, lower) < REPEATED_TERM
                suggestion = speller.unknown(text) if rare else None
                if suggestion is None:
                    suggestion = speller.unknown_here(text, index.lowered)
                if suggestion is None and rare:
                    suggestion = speller.short_slip(text, index.lowered)
                if suggestion is not None:
                    yield self._unknown_finding(doc, word.start, word.end, suggestion)

    def _curated_finding(self, doc: Document, start: int, end: int, suggestion: Suggestion,
                         in_identifier: bool, token: str, speller: Speller) -> Finding:
        word = suggestion.word
        shown = [keep_case(word, c) or c for c in suggestion.candidates]
        message = f"`{word}` is misspelled; did you mean {_alternatives(shown)}?"
        fix: Fix | None = None
        if in_identifier:
            message = f"`{word}` in the name `{token}` is misspelled; did you mean {_alternatives(shown)}?"
        elif suggestion.certain:
            rare = speller.is_rare(word)
            fix = replace_word(start, end, word, suggestion.candidates[0],
                               applicability="unsafe" if rare else "safe")
        return self.finding(doc, start, end, message, fix)

    def _name_finding(self, doc: Document, start: int, end: int, suggestion: Suggestion) -> Finding:
        word = suggestion.word
        message = f"`{word}` is misspelled; did you mean {_alternatives(suggestion.candidates)}"
        message += f" (as in `{suggestion.term}`)?" if suggestion.term else "?"
        fix = None
        if suggestion.certain:
            fix = replace_word(start, end, word, suggestion.candidates[0], exact=True)
        return self.finding(doc, start, end, message, fix)

    def _unknown_finding(self, doc: Document, start: int, end: int, suggestion: Suggestion) -> Finding:
        word = suggestion.word
        shown = [keep_case(word, c) or c for c in suggestion.candidates[:MAX_SHOWN]]
        more = len(suggestion.candidates) - len(shown)
        others = f" (or {more} other word{'s' if more > 1 else ''})" if more > 0 else ""
        message = f"`{word}` is not a known word; did you mean {_alternatives(shown)}{others}?"
        fix = None
        if suggestion.certain:
            fix = replace_word(start, end, word, suggestion.candidates[0], applicability="unsafe")
        return self.finding(doc, start, end, message, fix)


def _known(cache: dict[str, bool], speller: Speller, word: str) -> bool:
    known = cache.get(word)
    if known is None:
        known = cache[word] = speller.is_known(word)
    return known


def _alternatives(candidates: list[str] | tuple[str, ...]) -> str:
    quoted = [f"`{c}`" for c in candidates]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _screen(text: str, speller: Speller) -> bool:
    """Could any layer report something in a token with this text? (``Speller.screened`` keeps
    the verdicts.)"""
    if text.isalpha() and (text.islower() or not is_camel(text)):
        return _screen_word(text, speller)
    return _screen_token(text, speller)


def _screen_token(text: str, speller: Speller) -> bool:
    """``_screen`` of any text: its segments and words, as ``_check_token`` reads them."""
    kind = classify(text)
    if kind == "id" or speller.glossary.prefixes and text.lower().startswith(speller.glossary.prefixes):
        return False
    if kind == "identifier" and speller.is_listed(text):
        return False  # a name known whole (HashiCorp): see _check_token
    token = Token(text, 0, len(text), kind, -1, 0)
    if any(speller.may_be_name(part) for part, _, _ in segments(token)):
        return True
    for word in words_of(token):
        lower = normalise(word.text)
        if lower in CONTRACTIONS:
            continue
        if lower in speller.misspellings:
            return True
        if (not word.in_identifier and len(word.text) >= MIN_SHORT_SLIP
                and not speller.is_known(word.text)):
            return True
    return False


def _screen_word(text: str, speller: Speller) -> bool:
    """``_screen_token`` of a word of letters that is no CamelCase name, most of a document's
    texts: it is its own only segment and word, so no token need be made to split it."""
    lower = text.lower()  # letters only: ``normalise`` has no apostrophe to make plain
    if speller.glossary.prefixes and lower.startswith(speller.glossary.prefixes):
        return False
    if not text.islower() and speller.may_be_name(text):
        return True
    if lower in CONTRACTIONS:
        return False
    return lower in speller.misspellings or (len(text) >= MIN_SHORT_SLIP and not speller.is_known(text))


def _in_name(doc: Document, tokens: tuple[Token, ...], i: int, speller: Speller) -> bool:
    """Is ``tokens[i]`` one of two capitalised words in a row, the other one unknown: a person's
    or a product's name ("Alexandre Vivien", "Marcin Cieślak"), whatever opens the sentence?"""
    for step in (-1, 1):
        other = adjacent(doc, tokens, i, step)
        if (other is not None and other.kind == "word" and other.text[:1].isupper()
                and not other.text.isupper() and not speller.is_known(other.text)):
            return True
    return False


def _after_initial(doc: Document, tokens: tuple[Token, ...], i: int) -> bool:
    """Does ``tokens[i]`` follow an initial ("R. Loomis", "John F. Kennedy")? Its full stop ends
    no sentence."""
    if i == 0:
        return False
    before = tokens[i - 1]
    return (len(before.text) == 1 and before.text.isupper()
            and doc.text[before.end:tokens[i].start] == ". ")


def _uses(index: ProseIndex, lower: str) -> int:
    """How often a lower-cased word occurs in the document, in lower, Title or UPPER case."""
    counts = index.counts
    return sum(counts.get(t, 0) for t in {lower, lower[:1].upper() + lower[1:], lower.upper()})


# --- the user's words and glossary -----------------------------------------------------------


def speller_for_context(ctx: RuleContext, rule_id: str) -> Speller:
    """The speller for a rule's options: ``words``, ``words-file`` and ``glossary-file``."""
    words = _string_list(ctx.option("words", []), rule_id, "words")
    return _speller(words, _file_stamp(ctx, rule_id, "words-file"),
                    _file_stamp(ctx, rule_id, "glossary-file"))


def glossary_for_context(ctx: RuleContext, rule_id: str) -> Glossary:
    """notelint's glossary with the terms of the rule's ``glossary-file`` option: the glossary
    alone, without the word lists a speller loads."""
    return _glossary(_file_stamp(ctx, rule_id, "glossary-file"))


_Stamp = tuple[str, int, int] | None  # (path, mtime_ns, size): a file is read again when it changes


def _file_stamp(ctx: RuleContext, rule_id: str, option: str) -> _Stamp:
    value = ctx.option(option, "") or ctx.option(option.replace("-", "_"), "")
    if not value:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{rule_id} option {option}: expected a path string")
    path = Path(ctx.root) / value
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{rule_id} option {option}: cannot read {path}: {exc.strerror or exc}") from None
    return os.path.abspath(path), stat.st_mtime_ns, stat.st_size


def _read(stamp: _Stamp) -> str:
    if stamp is None:
        return ""
    try:
        return Path(stamp[0]).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {stamp[0]}: {exc}") from None


@lru_cache(maxsize=8)
def _speller(words: tuple[str, ...], words_file: _Stamp, glossary_file: _Stamp) -> Speller:
    """One speller per configuration, so the word lists are joined once per run."""
    extra_words = parse_word_list(_read(words_file))
    return Speller((*words, *extra_words), _glossary(glossary_file))


@lru_cache(maxsize=8)
def _glossary(glossary_file: _Stamp) -> Glossary:
    """notelint's glossary, merged with the terms of ``glossary_file``: read and merged once
    for the speller and the rules that need the glossary alone."""
    return glossary().merged(parse_glossary(_read(glossary_file))) if glossary_file else glossary()


def _string_list(option: object, rule_id: str, name: str) -> tuple[str, ...]:
    if isinstance(option, str):
        return (option,)
    if isinstance(option, list | tuple) and all(isinstance(w, str) for w in option):
        return tuple(option)
    raise ConfigError(f"{rule_id} option {name}: expected a list of strings")


def speller_for(user_words: tuple[str, ...] = ()) -> Speller:
    """A speller with only ``user_words`` added (tests, benchmarks)."""
    return _speller(tuple(user_words), None, None)
