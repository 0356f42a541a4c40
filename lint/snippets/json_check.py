"""Strict JSON checking of a snippet, with the damage classified from the text itself.

The verdict is ``json.loads`` made strict: ``NaN``/``Infinity`` and duplicate keys are rejected
(Python accepts both by default), and input nested deeper than ``max_depth`` is refused before
``json.loads`` could recurse into it. When the snippet does not load, a small tokenizer and an
iterative grammar walk find the *first* problem in reading order and name it. They read the text,
never the exception message, whose wording and position differ between Python 3.11 and 3.13 (a
trailing comma is reported at the ``}`` by one and at the comma by the other).

Damage codes (``SnippetResult.kind``):

- ``empty``: nothing but whitespace;
- ``comment``: a ``//``, ``/* */`` or ``#`` comment;
- ``ellipsis``: ``...`` or ``…`` standing for elided content;
- ``single-quote``: a string in single quotes;
- ``unquoted-key``: an object key that is a bare word;
- ``bad-literal``: a word that is not a JSON value (``True``, ``None``, ``undefined``, a bare name);
- ``nonfinite``: ``NaN``, ``Infinity`` or ``-Infinity``;
- ``bad-number``: a malformed number (``01``, ``.5``, ``1.``, ``+1``, ``0x1F``);
- ``unterminated-string``, ``control-character`` (a raw tab or control character in a string),
  ``bad-escape``;
- ``invalid-character``: a character that cannot start any JSON token;
- ``trailing-comma``: a comma right before ``}`` or ``]`` (the span is the comma);
- ``missing-comma``: two values or members with no comma between them;
- ``missing-colon``: an object key not followed by ``:``;
- ``expected-key``: something other than a string where a key belongs;
- ``expected-value``: a comma, colon or bracket where a value belongs;
- ``unexpected-token``: a ``:`` where none can be;
- ``mismatched-bracket``: ``]`` closing ``{`` or ``}`` closing ``[``;
- ``unmatched-close``: a closing bracket with nothing open;
- ``extra-data``: more text after a complete JSON value (often a fragment of an object);
- ``unclosed``: the text ends with brackets still open (often a truncated snippet);
- ``duplicate-key``: a key repeated in one object (``related`` is the first one);
- ``too-deep``: nested more than ``max_depth`` levels;
- ``syntax``: ``json.loads`` failed where the tokenizer saw no problem (should not happen).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from lint.snippets import SnippetResult, failure

__all__ = ["MAX_DEPTH", "check_json"]

MAX_DEPTH = 256
"""Deepest nesting accepted: far beyond real documents, well inside the interpreter's stack."""

_WHITESPACE = re.compile(r"[ \t\n\r]+")  # exactly JSON's whitespace; json.loads allows no other
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_NUMBER_RUN = re.compile(r"[-+.0-9][-+.0-9A-Za-z_]*")
_WORD = re.compile(r"[^\W\d]\w*|\$\w*")
_ELLIPSIS = re.compile(r"\.{3,}|…")
_LINE_COMMENT = re.compile(r"(?://|#)[^\n]*")
_BLOCK_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_SINGLE_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'?")
_ESCAPES = frozenset('"\\/bfnrt')
_HEX = frozenset("0123456789abcdefABCDEF")
_LITERALS = frozenset({"true", "false", "null"})
_NONFINITE = frozenset({"NaN", "Infinity", "-Infinity"})
_LITERAL_SPELLINGS = {"true": "true", "false": "false", "null": "null", "none": "null", "nil": "null",
                      "undefined": "null"}
_CLOSER = {"{": "}", "[": "]"}


class _Rejected(ValueError):
    """Raised from json.loads hooks for what strict JSON refuses (duplicates, NaN)."""


# A named tuple and a plain class rather than dataclasses: quicker to define at import, and
# quicker to build, once a token.
class _Token(NamedTuple):
    kind: str  # punctuation itself, or string/number/literal, or a damage code
    start: int
    end: int
    problem: str = ""  # for damage tokens: what is wrong, in plain words


class _Open:
    __slots__ = ("bracket", "keys", "offset")

    def __init__(self, bracket: str, offset: int) -> None:
        self.bracket = bracket
        self.offset = offset
        self.keys: dict[str, int] = {}  # decoded key -> offset of its first use


def check_json(text: str, *, max_depth: int = MAX_DEPTH) -> SnippetResult:
    """Check ``text`` as strict JSON; on failure name the first problem and where it is."""
    if not text.strip(" \t\n\r"):
        return failure(text, "empty", "the snippet is empty", 0)
    if text.count("[") + text.count("{") > max_depth:
        # Deep enough to matter only if this many brackets nest: walk without recursion first.
        diagnosis = _diagnose(text, max_depth)
        if diagnosis is not None:
            return diagnosis
    try:
        value = loads_strict(text)
    except (json.JSONDecodeError, _Rejected, RecursionError, ValueError) as error:
        diagnosis = _diagnose(text, max_depth)
        if diagnosis is not None:
            return diagnosis
        if isinstance(error, RecursionError):  # a max_depth above what the interpreter's stack allows
            return failure(text, "too-deep", "nested too deeply for Python's json module to load", 0)
        position = error.pos if isinstance(error, json.JSONDecodeError) else 0
        return failure(text, "syntax", "not valid JSON", position)
    return SnippetResult(True, values=(value,))


def loads_strict(text: str) -> Any:
    """``json.loads`` made strict: NaN/Infinity and duplicate keys raise ``ValueError``."""
    return json.loads(text, object_pairs_hook=_unique_object, parse_constant=_no_constant,
                      parse_int=_integer)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Rejected(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Rejected(f"{name} is not JSON")


def _integer(digits: str) -> int | Decimal:
    # Python refuses to convert integers of more than 4,300 digits; they are still valid JSON.
    try:
        return int(digits)
    except ValueError:
        return Decimal(digits)


def _diagnose(text: str, max_depth: int) -> SnippetResult | None:
    """The first problem in ``text`` in reading order, or None when the grammar walk finds none."""
    stack: list[_Open] = []
    expect = "value"  # value | value_or_close | key | key_or_close | colon | comma_or_close | end
    comma: _Token | None = None  # the comma just read, for trailing-comma reports
    previous: _Token | None = None
    for token in _tokens(text):
        kind = token.kind
        if token.problem:
            return _lexical(text, token, expect)
        if kind in ("{", "[") and expect in ("value", "value_or_close"):
            if len(stack) >= max_depth:
                return failure(text, "too-deep", f"nested more than {max_depth} levels deep",
                               token.start, token.end)
            stack.append(_Open(kind, token.start))
            expect = "key_or_close" if kind == "{" else "value_or_close"
        elif kind in ("}", "]"):
            problem = _closing(text, token, stack, expect, comma)
            if problem is not None:
                return problem
            stack.pop()
            expect = "comma_or_close" if stack else "end"
        elif expect == "end":
            hint = " (a fragment of a larger object?)" if kind in (",", ":") else ""
            return failure(text, "extra-data", f"unexpected {_show(text, token)} after the complete "
                           f"JSON value{hint}", token.start, token.end)
        elif expect in ("value", "value_or_close"):
            if kind in ("string", "number", "literal"):
                expect = "comma_or_close" if stack else "end"
            else:  # , or :
                what = "a comma" if kind == "," else "a colon"
                return failure(text, "expected-value", f"expected a value but found {what}",
                               token.start, token.end)
        elif expect in ("key", "key_or_close"):
            if kind != "string":
                return failure(text, "expected-key", "object keys must be strings in double quotes, "
                               f"found {_show(text, token)}", token.start, token.end)
            problem = _duplicate(text, token, stack[-1])
            if problem is not None:
                return problem
            expect = "colon"
        elif expect == "colon":
            if kind != ":":
                key = text[previous.start:previous.end] if previous else "the key"
                return failure(text, "missing-colon", f"missing ':' after the key {key}",
                               token.start, token.end)
            expect = "value"
        else:  # comma_or_close
            if kind == ",":
                comma = token
                expect = "key" if stack[-1].bracket == "{" else "value"
                previous = token
                continue
            if kind == ":":
                place = "in an array" if stack[-1].bracket == "[" else "after a value"
                return failure(text, "unexpected-token", f"unexpected ':' {place}", token.start, token.end)
            return failure(text, "missing-comma", f"missing comma before {_show(text, token)}",
                           token.start, token.end)
        comma = None
        previous = token
    return _at_end(text, stack, expect, previous)


def _closing(text: str, token: _Token, stack: list[_Open], expect: str,
             comma: _Token | None) -> SnippetResult | None:
    """The problem with a closing bracket, or None when it properly closes the innermost one."""
    if not stack:
        return failure(text, "unmatched-close", f"'{token.kind}' closes nothing", token.start, token.end)
    opened = stack[-1]
    if _CLOSER[opened.bracket] != token.kind:
        return failure(text, "mismatched-bracket",
                       f"'{token.kind}' does not match the '{opened.bracket}' it would close",
                       token.start, token.end, related=opened.offset, related_note="opened")
    if expect in ("key", "value") and comma is not None:
        return failure(text, "trailing-comma", f"trailing comma before '{token.kind}'",
                       comma.start, comma.end)
    if expect in ("comma_or_close", "key_or_close", "value_or_close"):
        return None
    if expect == "colon":
        return failure(text, "missing-colon", f"missing ':' and value before '{token.kind}'",
                       token.start, token.end)
    return failure(text, "expected-value", f"expected a value but found '{token.kind}'",
                   token.start, token.end)


def _duplicate(text: str, token: _Token, opened: _Open) -> SnippetResult | None:
    key = json.loads(text[token.start:token.end])  # a well-formed string token: cannot fail
    first = opened.keys.setdefault(key, token.start)
    if first == token.start:
        return None
    return failure(text, "duplicate-key", f"duplicate key {text[token.start:token.end]}",
                   token.start, token.end, related=first, related_note="first defined")


def _at_end(text: str, stack: list[_Open], expect: str, last: _Token | None) -> SnippetResult | None:
    if last is None:
        return failure(text, "empty", "the snippet is empty", 0)
    if not stack:
        return None if expect == "end" else failure(text, "expected-value", "expected a value",
                                                     last.start, last.end)
    opened = stack[-1]
    if len(stack) == 1:
        problem = f"the JSON ends before '{opened.bracket}' is closed (truncated?)"
    else:
        problem = f"the JSON ends with {len(stack)} brackets still open, the innermost '{opened.bracket}' " \
            "(truncated?)"
    return failure(text, "unclosed", problem, last.start, last.end, related=opened.offset,
                   related_note="opened")


def _lexical(text: str, token: _Token, expect: str) -> SnippetResult:
    """A damage token; a bare word reads as an unquoted key where a key belongs."""
    if token.kind == "bad-literal" and expect in ("key", "key_or_close"):
        word = text[token.start:token.end]
        return failure(text, "unquoted-key", f"the key {word} must be in double quotes",
                       token.start, token.end)
    return failure(text, token.kind, token.problem, token.start, token.end)


def _show(text: str, token: _Token) -> str:
    shown = text[token.start:token.end]
    if token.kind == "string" and len(shown) > 40:
        shown = shown[:37] + '..."'
    return f"'{shown}'" if token.kind in ",:{}[]" else shown


def _tokens(text: str) -> Iterator[_Token]:
    """JSON tokens, plus one damage token (with a ``problem``) for anything JSON does not allow."""
    i, n = 0, len(text)
    while i < n:
        space = _WHITESPACE.match(text, i)
        if space:
            i = space.end()
            continue
        token = _token_at(text, i)
        yield token
        i = token.end


def _token_at(text: str, i: int) -> _Token:
    char = text[i]
    if char in "{}[],:":
        return _Token(char, i, i + 1)
    if char == '"':
        return _string(text, i)
    if text.startswith(("//", "/*", "#"), i):
        match = (_BLOCK_COMMENT if text.startswith("/*", i) else _LINE_COMMENT).match(text, i)
        assert match is not None
        return _Token("comment", i, match.end(), "comments are not allowed in JSON (use a jsonc fence)")
    ellipsis = _ELLIPSIS.match(text, i)
    if ellipsis:
        return _Token("ellipsis", i, ellipsis.end(), f"'{ellipsis.group()}' is not JSON: elided content "
                      "must be removed or written out")
    if char == "'":
        match = _SINGLE_QUOTED.match(text, i)
        assert match is not None
        return _Token("single-quote", i, match.end(), "strings must be in double quotes, not single quotes")
    if char == "-" and _WORD.match(text, i + 1):
        word = _WORD.match(text, i + 1)
        assert word is not None
        if "-" + word.group() in _NONFINITE:
            return _Token("nonfinite", i, word.end(), "-Infinity is not valid JSON (use null or a string)")
    if char in "-+.0123456789":
        run = _NUMBER_RUN.match(text, i)
        assert run is not None
        if _NUMBER.fullmatch(run.group()):
            return _Token("number", i, run.end())
        return _Token("bad-number", i, run.end(), f"'{run.group()}' is not a valid JSON number")
    word = _WORD.match(text, i)
    if word:
        return _word(word.group(), i, word.end())
    return _Token("invalid-character", i, i + 1, f"unexpected character {char!r}")


def _word(word: str, start: int, end: int) -> _Token:
    if word in _LITERALS:
        return _Token("literal", start, end)
    if word in _NONFINITE:
        return _Token("nonfinite", start, end, f"{word} is not valid JSON (use null or a string)")
    spelled = _LITERAL_SPELLINGS.get(word.lower())
    if spelled:
        return _Token("bad-literal", start, end, f"{word} is not a JSON value (write {spelled})")
    return _Token("bad-literal", start, end, f"{word} is not a JSON value (strings need double quotes)")


def _string(text: str, start: int) -> _Token:
    """A double-quoted string, or the first thing wrong inside it."""
    match = _STRING.match(text, start)
    if match:
        return _Token("string", start, match.end())
    i, n = start + 1, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            return _Token("string", start, i + 1)  # unreachable: the pattern would have matched
        if char == "\n":
            break
        if char == "\\":
            following = text[i + 1:i + 2]
            if following in _ESCAPES and following:
                i += 2
                continue
            if following == "u" and len(text[i + 2:i + 6]) == 4 and set(text[i + 2:i + 6]) <= _HEX:
                i += 6
                continue
            shown = text[i:i + 2] if following not in ("", "\n") else "\\"
            return _Token("bad-escape", i, i + len(shown), f"invalid escape '{shown}' in a string")
        if ord(char) < 0x20:
            return _Token("control-character", i, i + 1, f"raw control character {char!r} in a string "
                          "(escape it)")
        i += 1
    return _Token("unterminated-string", start, i, "the string is not closed on its line")
