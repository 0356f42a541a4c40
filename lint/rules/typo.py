"""Misspelled words in prose: curated misspellings and misspelled AWS and product names.

## What it does
Checks the words of paragraphs, headings and table cells against two lists:

- codespell's curated list of common misspellings (read as data; `clear` and `rare`, the
  dictionaries codespell 2.4 uses by default), e.g. `Encrytion` for `Encryption`;
- the project's domain glossary (`lint/data/glossary.txt`: AWS services, regions, acronyms, CLI
  tokens, third-party products), for misspelled names that no dictionary knows: `DyanamoDB` for
  `DynamoDB`, `Redshit` for `Redshift`, `N. Vergina` for `N. Virginia`. Only a capitalised or
  CamelCase word of five letters or more that is neither an English word nor a glossary word is
  matched against a name, and only when it is one edit away (two for words of eight letters or
  more, or when the words around it spell the rest of a multiword term such as `N. Virginia`).

Never checked: code spans and code blocks, link destinations, autolinks, URLs, e-mail addresses,
paths, ARNs, inline HTML, words with digits (ids, hex, region codes, `EC2`) and dotted names
(`index.html`, `s3.amazonaws.com`). ALL-CAPS words of up to five letters are acronyms and are
skipped. The parts of CamelCase and snake_case identifiers (`recieveMessage`) are checked and
reported, but an identifier is never rewritten.

Options (`[tool.notelint.typo]`): `words = ["Vertica", ...]`, words that are always correct.

## Why is this bad?
Misspelled terms make notes harder to search (`grep DynamoDB` misses `DyanamoDB`), and a
misspelled service or region name may be copied into a command or a template.

## Example
```markdown
RDS Encrytion
Region only services - N. Vergina?
```
Use instead:
```markdown
RDS Encryption
Region only services - N. Virginia?
```

## Fix
Replaces the word itself, and nothing around it, when there is exactly one candidate. The case is
kept (`encrytion` -> `encryption`, `Encrytion` -> `Encryption`, `ENCRYTION` -> `ENCRYPTION`); a
glossary name is written in its canonical casing (`DynamoDB`). The fix is safe for a curated
misspelling with one candidate and for a name with exactly one match. It is unsafe for codespell's
`rare` entries, which are real but rare words (`wont`). Words with several candidates, mixed-case
words and identifier parts are reported with suggestions and not fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar

from fixers.edit import Fix
from fixers.replace_word import keep_case, replace_word
from lint.document import Document
from lint.finding import Finding
from lint.prose import ProseBlock, Token, segments, words_of
from lint.prose import prose_blocks as _prose_blocks
from lint.registry import Rule, RuleContext, register
from lint.spelling import Speller, Suggestion, is_name_shaped

MAX_ACRONYM = 5  # ALL-CAPS words up to this length are acronyms, not misspellings


@register
class Typo(Rule):
    id = "typo"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {"words": []}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        speller = speller_for(_user_words(ctx.option("words", [])))
        misspellings = speller.misspellings
        for prose in _prose_blocks(doc):
            for token in prose.tokens:
                # Fast path for most tokens: a plain word that cannot be a name and that no list
                # has an entry for.
                if token.kind == "id" or (token.kind == "word" and not is_name_shaped(token.text)
                                          and token.text.lower() not in misspellings):
                    continue
                yield from self._check_token(doc, prose, token, speller)

    def _check_token(self, doc: Document, prose: ProseBlock, token: Token,
                     speller: Speller) -> Iterator[Finding]:
        named: list[tuple[int, int]] = []
        for text, start, end in segments(token):
            if not is_name_shaped(text):
                continue
            pos = token.pos + (start - token.start)
            suggestion = speller.name(text, prose.text[:pos], prose.text[pos + len(text):])
            if suggestion is not None:
                named.append((start, end))
                yield self._name_finding(doc, start, end, suggestion)
        for word in words_of(token):
            if len(word.text) < 2 or any(s <= word.start < e for s, e in named):
                continue
            if word.text.isupper() and len(word.text) <= MAX_ACRONYM:
                continue
            suggestion = speller.curated(word.text)
            if suggestion is not None:
                yield self._curated_finding(doc, word.start, word.end, suggestion, word.in_identifier,
                                            token.text, speller)

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


def _alternatives(candidates: list[str] | tuple[str, ...]) -> str:
    quoted = [f"`{c}`" for c in candidates]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _user_words(option: object) -> tuple[str, ...]:
    if isinstance(option, str):
        return (option,)
    if isinstance(option, list | tuple):
        return tuple(str(w) for w in option)
    raise ValueError("[tool.notelint.typo] words must be a list of strings")


@lru_cache(maxsize=8)
def speller_for(user_words: tuple[str, ...]) -> Speller:
    """One speller per set of user words, so the dictionaries are joined once per run."""
    return Speller(user_words)
