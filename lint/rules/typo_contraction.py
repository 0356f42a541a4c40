"""Contractions written without their apostrophe: `doesnt`, `dont`, `isnt`, `thats`, `wont`, `cant`.

## What it does
Finds contractions whose apostrophe is missing in prose (paragraphs, headings, table cells):
`doesnt`, `dont`, `isnt`, `arent`, `wasnt`, `didnt`, `wouldnt`, `shouldnt`, `couldnt`, `hasnt`,
`havent`, `thats`, `whats`, `theres`, `youre`, `theyre`, `weve` and the like.

Two of them are also English words, and are judged from the words around them:

- `wont` is a noun ("as is his wont") and an adjective ("she was wont to"): it is left alone after
  a possessive or an article, and before "to";
- `cant` is a noun (hypocritical talk, jargon) and a verb (to tilt): it is left alone after an
  article, a possessive or "to", and before "of".

Contractions that are ordinary words too (`well`, `were`, `shell`, `ill`, `lets`, `id`) are never
reported, and `its` is `typo-confusion`'s. Code, URLs and the other non-prose spans that `typo`
skips are skipped here too.

## Why is this bad?
A contraction without its apostrophe is a misspelling: it reads as a slip, and a search for
"don't" misses "dont".

## Example
```markdown
- ECS doesnt scale the cluster.
- You cant connect this to CloudFront.
```
Use instead:
```markdown
- ECS doesn't scale the cluster.
- You can't connect this to CloudFront.
```

## Fix
Puts the apostrophe back, keeping the word's case (`Dont` -> `Don't`, `DONT` -> `DON'T`) and using
the apostrophe the document mostly uses (`'` or `’`). Only the word is replaced.

- **Safe** for words that are no English word (`doesnt`, `thats`), and for `wont`/`cant` when the
  context makes the contraction certain: after a subject pronoun (`you cant`, `it wont`), or
  before a verb that commonly follows them (`cant be`, `wont work`), or opening a sentence before
  a lower-case word (`Cant connect ...`).
- **Unsafe** for `wont`/`cant` anywhere else (`the service wont ...`): likely, not certain.
- Before the verb its ending stands for (`thats is`, `youre are`, `weve have`), the apostrophe
  would say the verb twice (`that's is`): the word without its ending is suggested instead
  (`that is`), as an **unsafe** fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from fixers.edit import Applicability, Fix
from fixers.replace_word import replace_word
from lint.document import Document
from lint.finding import Finding
from lint.prose import Token, adjacent, apostrophe, prose_index, starts_sentence
from lint.registry import Rule, RuleContext, register
from lint.spelling import CONTRACTIONS, normalise

# Words after which "wont"/"cant" are the noun: "his wont", "the cant of".
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "one's",
                          "this", "that", "such", "whose"})
# Subjects before which only the contraction makes sense: "you cant", "it wont".
_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they", "one", "who", "which", "there",
                       "these", "those", "someone", "anyone", "nobody", "everyone", "users", "people"})
# Words that commonly follow "can't"/"won't" and never the noun or the verb "cant".
_AFTER_CONTRACTION = frozenset({
    "be", "have", "do", "get", "go", "make", "see", "use", "work", "run", "start", "stop", "change",
    "connect", "access", "allow", "support", "affect", "find", "help", "happen", "fail", "delete",
    "create", "read", "write", "return", "send", "receive", "scale", "apply", "accept", "matter",
    "need", "exist", "show", "take", "let", "keep", "reach", "call", "update", "modify", "move",
    "share", "span", "communicate", "know", "tell", "say", "always", "ever", "even", "really",
    "just", "actually", "necessarily", "directly", "automatically", "also", "simply", "easily",
    "contain", "include", "cause", "replicate", "restore", "attach", "detach", "remove", "add",
    "resolve", "load", "save", "store", "retry", "trigger", "invoke", "serve", "handle", "process",
})
_REAL_WORDS = frozenset({"wont", "cant"})


@register
class TypoContraction(Rule):
    id = "typo-contraction"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        index = prose_index(doc)
        wanted = index.variants_of(CONTRACTIONS)
        if not wanted:
            return
        mark = apostrophe(doc)
        for prose in index.blocks_containing(wanted):
            tokens = prose.tokens
            for i, token in enumerate(tokens):
                if token.kind == "word" and token.text in wanted:
                    finding = self._check(doc, tokens, i, mark)
                    if finding is not None:
                        yield finding

    def _check(self, doc: Document, tokens: tuple[Token, ...], i: int, mark: str) -> Finding | None:
        token = tokens[i]
        key = normalise(token.text)
        applicability: Applicability = "safe"
        if key in _REAL_WORDS:
            verdict = judge(doc, tokens, i)
            if verdict is None:
                return None
            applicability = verdict
        contraction = CONTRACTIONS[key].replace("'", mark)
        repeated = _repeated_verb(doc, tokens, i, CONTRACTIONS[key])
        if repeated is not None:
            return self.finding(doc, token.start, token.end, *repeated)
        fix = replace_word(token.start, token.end, token.text, contraction, applicability=applicability)
        shown = fix.edits[0].replacement if fix else contraction
        return self.finding(doc, token.start, token.end,
                            f"`{token.text}` is missing its apostrophe: `{shown}`", fix)


# What a contraction's ending stands for: "thats is" wants "that is", not "that's is".
# Not "had" for "'d": "they'd had" is "they had had", good English.
_ENDINGS = {"s": {"is", "has"}, "re": {"are"}, "ve": {"have"}, "ll": {"will"}, "d": {"would"}}


def _repeated_verb(doc: Document, tokens: tuple[Token, ...], i: int,
                   contraction: str) -> tuple[str, Fix | None] | None:
    """The message and fix for a contraction before the verb its ending stands for (``thats is``):
    putting the apostrophe back would say the verb twice, so the word without its stray ending
    is suggested, as an unsafe fix (the writer may have meant the contraction and a stray verb)."""
    stem, _, ending = contraction.partition("'")
    after = adjacent(doc, tokens, i, 1)
    if after is None or normalise(after.text) not in _ENDINGS.get(ending, ()):
        return None
    token = tokens[i]
    fix = replace_word(token.start, token.end, token.text, stem, applicability="unsafe")
    shown = fix.edits[0].replacement if fix else stem
    return f"`{token.text} {after.text}` says `{after.text}` twice: did you mean `{shown} {after.text}`?", fix


def judge(doc: Document, tokens: tuple[Token, ...], i: int) -> Applicability | None:
    """For "wont"/"cant": None when it is the English word, else how safe the contraction is."""
    key = normalise(tokens[i].text)
    before = adjacent(doc, tokens, i, -1)
    after = adjacent(doc, tokens, i, 1)
    prev = normalise(before.text) if before else ""
    nxt = normalise(after.text) if after else ""
    if prev in _DETERMINERS or (key == "wont" and nxt == "to") or (
            key == "cant" and (prev == "to" or nxt == "of")):
        return None
    if prev in _SUBJECTS or nxt in _AFTER_CONTRACTION:
        return "safe"
    if (after is not None and tokens[i].text[:1].isupper() and starts_sentence(doc, tokens, i)
            and after.text.islower() and nxt not in _DETERMINERS):
        return "safe"  # "Cant connect ...": no sentence opens with the noun and no article
    return "unsafe"
