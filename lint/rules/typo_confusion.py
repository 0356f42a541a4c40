"""`its` where `it's` is meant, and `it's` where `its` is meant, judged from the words around it.

## What it does
`its` is a possessive ("the queue and its messages"); `it's` is "it is" or "it has". The rule
reads the words after `its`/`it's` in prose and reports the wrong one:

Certain (reported with a fix):
- `its` before `a`, `an`, `the`, `not` or `been`: a possessive is never followed by an article,
  "not" or "been" (`its a standby replica`, `its not secure`, `its been deleted`);
- `it's own`: "it is own" is never English.

Likely (reported, not fixed):
- `its` before a preposition (`its in RUNNING state`, `its above the maximum`);
- `its` before a sentence adverb (`its also`, `its still`, `its always`, `its never`...);
- `its` before a past participle that ends the clause or is followed by a preposition or a
  conjunction (`its associated with it`, `if its generated,`, `its stored on disk`), also after
  an adverb (`when its freshly created`); a participle followed by a noun is an adjective of
  the possessive (`its associated resources`) and is left alone;
- `its` before an adjective that ends the clause or is followed by `to`, `that`, `than`...
  (`its similar to`, `as its stateless.`, `its possible that`).

Anything else is left alone: `its` followed by a noun is the possessive the sentence needs.

## Why is this bad?
The two read the same aloud and mean different things; a reader has to stop and re-read.

## Example
```markdown
- Its a standby replica, not a read replica.
- A target is healthy if its in RUNNING state.
- Each stage has it's own configuration.
```
Use instead:
```markdown
- It's a standby replica, not a read replica.
- A target is healthy if it's in RUNNING state.
- Each stage has its own configuration.
```

## Fix
Only for the certain cases, and **safe** there: replaces the word alone, keeping its case
(`Its` -> `It's`) and the document's apostrophe (`'` or `’`). The likely cases are reported
without a fix: the sentence may need rewording rather than an apostrophe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from fixers.replace_word import replace_word
from lint.document import Document
from lint.finding import Finding
from lint.prose import Token, adjacent, apostrophe, prose_index
from lint.registry import Rule, RuleContext, register
from lint.spelling import normalise

_CERTAIN_AFTER_ITS = frozenset({"a", "an", "the", "not", "been"})
_PREPOSITIONS = frozenset({"in", "on", "at", "above", "below", "beyond", "within", "without", "into",
                           "onto", "under", "about", "from", "inside", "outside", "behind", "between"})
# Adverbs and question words that never follow a possessive; the second set only at a clause end.
_ADVERBS = frozenset({"also", "still", "always", "never", "already", "actually", "probably",
                      "definitely", "usually", "basically", "obviously", "clearly", "generally",
                      "often", "sometimes", "really", "quite", "because", "what", "how", "why",
                      "where", "when"})
_ADVERBS_AT_END = frozenset({"so", "too", "now", "just", "here", "there"})
# Words that may sit between "it's" and its participle or adjective ("it's really simple"), besides
# any -ly adverb ("it's freshly created"); not "only": "its only purpose" is a possessive.
_DEGREE = frozenset({"very", "so", "too", "really", "quite", "also", "still", "now", "just",
                     "always", "never", "not"})
_ADJECTIVES = frozenset({"similar", "possible", "impossible", "important", "necessary", "unnecessary",
                         "required", "recommended", "better", "worse", "easy", "easier",
                         "hard", "harder", "difficult", "likely", "unlikely", "true", "false", "free",
                         "safe", "unsafe", "fine", "ok", "okay", "worth", "enough", "available",
                         "unavailable", "valid", "invalid", "different", "useful", "useless",
                         "mandatory", "optional", "cheaper", "faster", "slower", "cheap", "expensive",
                         "secure", "insecure", "good", "bad", "simple", "enabled", "disabled",
                         "stateless", "stateful", "idempotent", "immutable", "public", "private",
                         "global", "regional", "empty", "full", "done", "gone", "over"})
_IRREGULAR_PARTICIPLES = frozenset({"done", "gone", "known", "shown", "given", "taken", "seen", "built",
                                    "written", "sent", "kept", "held", "made", "run", "set", "put",
                                    "found", "lost", "left", "got", "gotten", "brought", "bought"})
_NOT_PARTICIPLES = frozenset({"shed", "sled", "hundred", "sacred", "naked", "wicked", "kindred", "hatred",
                              "rugged", "ragged", "jagged", "crooked", "beloved", "wretched", "embed"})
# What may follow "it's" + participle or adjective: the end of the clause or a word that opens a
# phrase of its own ("associated with", "similar to", "possible that").
_CLAUSE_OPENERS = frozenset({"with", "by", "to", "on", "in", "at", "for", "from", "as", "and", "or",
                             "but", "when", "if", "so", "because", "before", "after", "until", "into",
                             "under", "over", "via", "through", "that", "than", "since", "while",
                             "unless", "once", "using", "automatically", "only", "again", "yet",
                             "then", "there", "here", "inside", "within", "without"})
_PAUSE = re.compile(r"[ \t*_~]*(?:[.,;:!?)\]\"”'’—–]|\s+[-–—]\s|$)")  # punctuation ends a phrase
_ITS = frozenset({"its"})
_IT_IS = frozenset({"it's"})


@register
class TypoConfusion(Rule):
    id = "typo-confusion"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        index = prose_index(doc)
        wanted = index.variants_of(_ITS | _IT_IS)
        if not wanted:
            return
        for prose in index.blocks_containing(wanted):
            tokens = prose.tokens
            for i, token in enumerate(tokens):
                if token.kind == "word" and token.text in wanted:
                    finding = self._check(doc, tokens, i)
                    if finding is not None:
                        yield finding

    def _check(self, doc: Document, tokens: tuple[Token, ...], i: int) -> Finding | None:
        token = tokens[i]
        after = adjacent(doc, tokens, i, 1)
        nxt = normalise(after.text) if after else ""
        if normalise(token.text) in _IT_IS:
            if nxt != "own":
                return None
            fix = replace_word(token.start, token.end, token.text, "its")
            return self.finding(doc, token.start, token.end,
                                f"`{token.text} own` means \"it is own\": write `its own`", fix)
        if nxt in _CERTAIN_AFTER_ITS:
            fix = replace_word(token.start, token.end, token.text, "it's".replace("'", apostrophe(doc)))
            shown = fix.edits[0].replacement if fix else "it's"
            return self.finding(doc, token.start, token.end,
                                f"`{token.text} {after.text if after else ''}` needs `{shown}` "
                                f"(it is / it has): a possessive cannot come before `{nxt}`", fix)
        reason = _likely_it_is(doc, tokens, i)
        if reason:
            return self.finding(doc, token.start, token.end,
                                f"`{token.text}` here probably means `it's` (it is): {reason}")
        return None


def _likely_it_is(doc: Document, tokens: tuple[Token, ...], i: int) -> str:
    """Why ``its`` at ``tokens[i]`` reads as "it is", or "" when it reads as the possessive."""
    words = _following(doc, tokens, i, 3)
    if not words:
        return ""
    word, shown = words[0]
    rest = [w for w, _ in words[1:]]
    if word in _PREPOSITIONS or word in _ADVERBS or (word in _ADVERBS_AT_END and _ends(rest, 0)):
        return f"a possessive is not followed by `{shown}`"
    if _is_participle(word) and _ends(rest, 0):
        return f"`{shown}` is a verb here, not an adjective of a noun"
    if _is_adjective(word) and _ends(rest, 0):
        return f"`{shown}` describes \"it\" here"
    if (word in _DEGREE or word.endswith("ly")) and rest and (
            _is_participle(rest[0]) or _is_adjective(rest[0])) and _ends(rest, 1):
        return f"`{shown} {words[1][1]}` describes \"it\" here"
    return ""


def _following(doc: Document, tokens: tuple[Token, ...], i: int, n: int) -> list[tuple[str, str]]:
    """Up to ``n`` words right after ``tokens[i]`` (lower-cased, as written), up to punctuation.
    Something else in between (a code span, a link) stands as the word ``"…"``: not an end."""
    words: list[tuple[str, str]] = []
    while len(words) < n:
        after = adjacent(doc, tokens, i, 1)
        if after is None:
            if i + 1 < len(tokens) and not _PAUSE.match(doc.text, tokens[i].end):
                words.append(("…", "…"))  # `Object`, [a link]: a word of some kind follows
            break
        words.append((normalise(after.text), after.text))
        i += 1
    return words


def _ends(rest: list[str], k: int) -> bool:
    """Does the phrase end after word ``k - 1`` of ``rest``: punctuation, or a word opening a new
    phrase ("associated with", "similar to")?"""
    return len(rest) <= k or rest[k] in _CLAUSE_OPENERS


def _is_adjective(word: str) -> bool:
    return word in _ADJECTIVES or (len(word) > 6 and word.endswith(("less", "ful", "ous")))


def _is_participle(word: str) -> bool:
    """A past participle: regular ("used", "stored"), not a noun or adjective in -ed ("speed",
    "hundred", "sacred"), or irregular ("done", "built")."""
    return (len(word) >= 4 and word.endswith("ed") and not word.endswith("eed")
            and word not in _NOT_PARTICIPLES) or word in _IRREGULAR_PARTICIPLES
