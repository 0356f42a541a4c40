"""Classify a JSON snippet: valid, or which kind of not-quite-JSON it is, and where it fails.

Notes hold JSON in several deliberate shapes besides the valid one, and a check that cannot
tell them from damage gets switched off. Every snippet gets one class:

- ``valid``: strict JSON (``check_json``);
- ``fragment``: members or elements cut from a larger value; parses once wrapped in ``{}`` or
  ``[]`` (``"Effect": "Allow", "Action": "s3:GetObject"``). A comma left at either end of the
  cut is part of the cut;
- ``jsonc``: parses once its ``//`` and ``/* */`` comments are removed. Read string-aware: the
  ``//`` of ``"https://example.com"`` is text, not a comment;
- ``elided``: ``...`` or ``…`` stand for omitted content; parses once each is removed (with the
  comma next to it), or, where a value belongs (``"Body": ...``), replaced by a placeholder;
- ``truncated``: the structure was lost. Brace-only and bracket-only lines are missing, as in a
  policy pasted as an indented paragraph: ``"Statement": [`` followed by member lines, objects
  of one array run together, ``"Action": [`` never closed. Told by ``infer_structure`` from the
  indentation and from brackets that are unbalanced or absent, when every line is otherwise a
  valid line of JSON;
- ``broken``: anything else.

The lenient classes combine (a fragment with comments): ``traits`` lists every one that
applies, and ``kind`` is the first of them in the order jsonc, elided, fragment. A truncated or
broken snippet keeps its traits too (comments it also has), so a repair can be judged by them.

``infer_structure`` also says *where* the lost brackets were, as a ``StructurePlan`` of
insertions; ``fixers.json_repair`` renders it into edits. It never invents a key or a value.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from lint.snippets import SnippetResult, failure
from lint.snippets.json_check import check_json

__all__ = [
    "CLASSES", "ERRORS", "LENIENT", "JsonClass", "Lexeme", "Neutralised", "Piece", "StructurePlan",
    "classify", "infer_structure", "lex", "neutralise", "parses_within",
]

CLASSES = ("valid", "fragment", "jsonc", "elided", "truncated", "broken")
LENIENT = ("jsonc", "elided", "fragment")  # in the order that picks ``kind`` among traits
ERRORS = ("truncated", "broken")

_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_LOOSE_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_SINGLE_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'")
_LOOSE_SINGLE = re.compile(r"'(?:[^'\\\n]|\\.)*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?(?![\w.])")
_RUN = re.compile(r"[-+.\w]+")
_WORD = re.compile(r"[^\W\d]\w*|\$\w*")
_ELLIPSIS = re.compile(r"\.{3,}|…")
_LITERALS = frozenset({"true", "false", "null"})
_WHITESPACE = " \t\n\r"
_CLOSER = {"{": "}", "[": "]"}
_STRUCTURAL = frozenset({"string", "scalar", "{", "}", "[", "]", ",", ":"})


class Lexeme(NamedTuple):
    """A token of lenient JSON: punctuation is its own kind; else string (double-quoted, valid),
    scalar (a number or true/false/null), squote (a single-quoted string), comment, ellipsis,
    or bad (anything JSON has no token for, an invalid string included).

    A named tuple: one is made for every token, and it builds faster than a frozen dataclass."""

    kind: str
    start: int
    end: int


def lex(text: str) -> list[Lexeme]:
    """The lexemes of ``text``, strings read first so that ``//`` or ``...`` inside one is text."""
    out: list[Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _WHITESPACE:
            i += 1
            continue
        kind, end = _lexeme_at(text, i)
        out.append(Lexeme(kind, i, end))
        i = end
    return out


def _lexeme_at(text: str, i: int) -> tuple[str, int]:
    char = text[i]
    if char in "{}[],:":
        return char, i + 1
    if char == '"':
        match = _STRING.match(text, i)
        if match:
            return "string", match.end()
        loose = _LOOSE_STRING.match(text, i)
        assert loose is not None
        return "bad", loose.end()
    if text.startswith("//", i):
        end = text.find("\n", i)
        return "comment", len(text) if end < 0 else end
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return ("bad", len(text)) if end < 0 else ("comment", end + 2)
    if char == "'":
        match = _SINGLE_QUOTED.match(text, i)
        if match:
            return "squote", match.end()
        loose = _LOOSE_SINGLE.match(text, i)
        assert loose is not None
        return "bad", loose.end()
    for pattern, kind in ((_ELLIPSIS, "ellipsis"), (_NUMBER, "scalar")):
        match = pattern.match(text, i)
        if match:
            return kind, match.end()
    word = _WORD.match(text, i)
    if word:
        return ("scalar" if word.group() in _LITERALS else "bad"), word.end()
    run = _RUN.match(text, i)
    return "bad", run.end() if run else i + 1


# --- neutralising comments and ellipses --------------------------------------------------------


class Neutralised(NamedTuple):
    """``text`` with comments blanked and ellipses removed or replaced, offsets unchanged."""

    text: str
    comments: bool
    ellipses: bool


def neutralise(text: str, lexemes: Sequence[Lexeme] | None = None) -> Neutralised:
    """Blank comments (newlines kept) and take ``...``/``…`` out, keeping every offset.

    An ellipsis where a value belongs (after a colon) becomes the placeholder ``0``; anywhere
    else it is removed together with a comma next to it: the one after it, or the one before it
    when a closing bracket (or the end) follows, so ``[1, 2, ...]`` reads ``[1, 2]``.
    """
    lexemes = lex(text) if lexemes is None else lexemes
    chars = list(text)

    def blank(lexeme: Lexeme) -> None:
        for k in range(lexeme.start, lexeme.end):
            if chars[k] not in "\r\n":
                chars[k] = " "

    comments = ellipses = False
    significant = []
    for lexeme in lexemes:
        if lexeme.kind == "comment":
            comments = True
            blank(lexeme)
        else:
            significant.append(lexeme)
    before: Lexeme | None = None  # the last lexeme read that is not an ellipsis
    for k, lexeme in enumerate(significant):
        if lexeme.kind != "ellipsis":
            before = lexeme
            continue
        ellipses = True
        after = significant[k + 1] if k + 1 < len(significant) else None
        blank(lexeme)
        if before is not None and before.kind == ":":
            chars[lexeme.start] = "0"
        elif after is not None and after.kind == ",":
            blank(after)
        elif before is not None and before.kind == "," and (after is None or after.kind in "}]"):
            blank(before)
    return Neutralised("".join(chars), comments, ellipses)


# --- the classification -------------------------------------------------------------------------


class JsonClass(NamedTuple):
    """A snippet's class and where it fails.

    ``result`` is the strict checker's result that locates the problem, with offsets in the
    snippet as given: for the lenient classes the strict check of the text as it stands; for
    truncated and broken snippets the check after comments and ellipses are neutralised and, for
    a snippet that starts with a member, after wrapping in ``{}`` (so it names the real damage,
    not the missing outer braces). ``strict`` is always the plain strict check.
    ``wrap`` is ``"{}"`` or ``"[]"`` for a fragment. ``plan`` is the inferred lost structure of
    a truncated snippet.
    """

    kind: str
    traits: tuple[str, ...]
    result: SnippetResult
    strict: SnippetResult
    wrap: str = ""
    plan: StructurePlan | None = None

    @property
    def ok(self) -> bool:
        return self.kind == "valid"

    @property
    def is_error(self) -> bool:
        return self.kind in ERRORS


def classify(text: str, indents: Sequence[int | None] | None = None) -> JsonClass:
    """The class of the JSON snippet ``text`` (lines joined by ``"\\n"``).

    ``indents[i]``, when given, is the column of line i's first character in the notes file: a
    paragraph's text has lost the indentation of its first line, which the structure inference
    needs. Without it, indentation is read from ``text``.
    """
    strict = check_json(text)
    if strict.ok:
        return JsonClass("valid", (), strict, strict)
    if strict.kind == "empty":
        return JsonClass("broken", (), strict, strict)
    lexemes = lex(text)
    neutral = neutralise(text, lexemes)
    traits = [name for name, present in (("jsonc", neutral.comments), ("elided", neutral.ellipses))
              if present]
    plain = neutral.text
    if traits and check_json(plain).ok:
        return JsonClass(traits[0], tuple(traits), strict, strict)
    plain_lexemes = lex(plain)
    for wrap in ("{}", "[]"):
        if check_json(_wrapped(plain, plain_lexemes, wrap)).ok:
            traits.append("fragment")
            return JsonClass(traits[0], tuple(traits), strict, strict, wrap=wrap)
    located = _locate(text, plain, plain_lexemes)
    if all(x.kind not in ("bad", "squote") for x in plain_lexemes):
        plan = infer_structure(plain, indents, plain_lexemes)
        if plan is not None and plan.brackets:
            return JsonClass("truncated", tuple(traits), located, strict, plan=plan)
    if _starts_with_member(plain_lexemes):
        traits.append("fragment")  # its shape: a repair may leave it a fragment, not more
    return JsonClass("broken", tuple(traits), located, strict)


def parses_within(text: str, traits: Sequence[str], indents: Sequence[int | None] | None = None) -> bool:
    """Whether ``text`` is valid JSON, or of a lenient class whose every trait is in ``traits``.

    A repair must leave a snippet parsing: strictly, or for a snippet that was a fragment, had
    comments or elided content on purpose, strictly once those are accounted for.
    """
    cls = classify(text, indents)
    return cls.ok or (cls.kind in LENIENT and set(cls.traits) <= set(traits))


def _wrapped(plain: str, lexemes: Sequence[Lexeme], wrap: str) -> str:
    """``plain`` inside ``wrap``'s brackets, a comma at either end of the cut blanked."""
    chars = list(plain)
    if lexemes and lexemes[0].kind == ",":
        chars[lexemes[0].start] = " "
    if len(lexemes) > 1 and lexemes[-1].kind == ",":
        chars[lexemes[-1].start] = " "
    return wrap[0] + "".join(chars) + wrap[1]


def _starts_with_member(lexemes: Sequence[Lexeme]) -> bool:
    return len(lexemes) > 1 and lexemes[0].kind == "string" and lexemes[1].kind == ":"


def _locate(text: str, plain: str, lexemes: Sequence[Lexeme]) -> SnippetResult:
    """The first problem once comments and ellipses are out of the way, in ``text``'s offsets."""
    if not _starts_with_member(lexemes):
        result = check_json(plain)
        if result.ok:  # cannot happen: the caller saw it fail; keep a failure to report
            return check_json(text)
        return _rebased(text, result, 0)
    return _rebased(text, check_json("{" + plain + "}"), 1)


def _rebased(text: str, result: SnippetResult, shift: int) -> SnippetResult:
    """``result`` of a text with ``shift`` characters in front of ``text``, mapped onto ``text``."""
    if shift == 0:
        return result
    last = max(len(text) - 1, 0)
    offset = min(max(result.offset - shift, 0), last)
    end = min(max(result.end - shift, offset), len(text))
    related = None
    if result.related is not None and shift <= result.related < shift + len(text):
        related = result.related - shift
    return failure(text, result.kind, result.problem, offset, end, related=related,
                   related_note=result.related_note if related is not None else "")


# --- inferring lost structure -------------------------------------------------------------------


class Piece(NamedTuple):
    """Text to insert: inline, or (``column`` set) on a new line indented to ``column``."""

    text: str
    column: int | None = None


class StructurePlan(NamedTuple):
    """Where the lost brackets of a truncated snippet go, as insertions into its text.

    ``head`` holds the lines to put before the first line (outer brackets), each a ``Piece``
    with a column. ``insertions`` maps an offset in the text to the pieces inserted there, in
    order. ``deletions`` are trailing commas (start, end) that the closing brackets leave dangling.
    ``brackets`` counts the restored braces and brackets besides the outer ``{}`` of a snippet
    that merely starts with a member (that alone makes a fragment); ``commas`` the inserted commas.
    """

    head: tuple[Piece, ...]
    insertions: dict[int, tuple[Piece, ...]]
    deletions: tuple[tuple[int, int], ...]
    brackets: int
    commas: int
    first_line: int  # offset in the text where the first non-blank line starts


class _Line:
    __slots__ = ("indent", "lexemes", "start")

    def __init__(self, indent: int, start: int, lexemes: list[Lexeme]) -> None:
        self.indent = indent
        self.start = start
        self.lexemes = lexemes

    @property
    def member(self) -> bool:
        return _starts_with_member(self.lexemes)


class _Frame:
    """An open container (plain classes here: dataclasses are slow to define at import)."""

    __slots__ = ("bracket", "close_col", "closes_at", "count", "keys", "listed", "open_indent", "opened_at",
                 "outer", "state", "synthetic")

    def __init__(self, bracket: str, open_indent: int, closes_at: int, close_col: int, synthetic: bool,
                 opened_at: int, outer: bool = False, state: str = "key") -> None:
        self.bracket = bracket  # "{" or "["
        self.open_indent = open_indent  # indentation of the line that opened it
        self.closes_at = closes_at  # a line (not starting with a closer) indented this much or less closes it
        self.close_col = close_col  # the column of its closing line
        self.synthetic = synthetic  # its opening bracket was lost (restored by the plan)
        self.opened_at = opened_at  # offset just after its opening bracket (negative when restored)
        self.outer = outer  # the restored outer value around the whole snippet
        self.listed = False  # outer object repeated: the snippet is a list of objects
        self.state = state  # key | colon | value | after (a value read; comma or close next)
        self.count = 0
        self.keys: set[str] = set()


def _awaits_value(frame: _Frame) -> bool:
    """An object whose last key has no value yet."""
    return frame.bracket == "{" and frame.state in ("colon", "value")


class _Unresolvable(Exception):
    """The lines do not fit any structure the inference can restore."""


def infer_structure(text: str, indents: Sequence[int | None] | None = None,
                    lexemes: Sequence[Lexeme] | None = None) -> StructurePlan | None:
    """Where the brace-only and bracket-only lines of ``text`` were lost, or None.

    ``text`` must hold only JSON tokens (comments and ellipses neutralised). Reading line by line:

    - a line indented no deeper than the line that opened a container closes it; a container
      closed before any line inside it was an array or object whose items were lost (``[]``);
    - a member line (``"key": ...``) where an array's element belongs opens an object, and a key
      repeated in such a restored object closes it and opens the next one in the same array;
      members at the top level are wrapped in ``{}`` (a list of ``[{...}, {...}]`` when a key
      repeats there);
    - a key whose value is missing at the end of its line gets ``{`` or ``[`` when deeper lines
      follow, or ``{}`` when none do;
    - commas go between siblings that lack one, and a comma left dangling before a restored
      closing bracket moves after it (it is inserted before the comma) or, at the end, is dropped.

    None when the lines do not fit: a closing bracket that matches nothing, a value where a key
    belongs, more than one top-level value.
    """
    lines = _lines(text, indents, lex(text) if lexemes is None else lexemes)
    if not lines:
        return None
    try:
        return _Inference(text, lines).run()
    except _Unresolvable:
        return None


def _lines(text: str, indents: Sequence[int | None] | None, lexemes: Sequence[Lexeme]) -> list[_Line]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    raw = text.split("\n")
    by_line: dict[int, list[Lexeme]] = {}
    for lexeme in lexemes:
        if lexeme.kind == "comment":
            continue
        by_line.setdefault(bisect_right(starts, lexeme.start) - 1, []).append(lexeme)
    lines = []
    for i in sorted(by_line):
        given = indents[i] if indents is not None and i < len(indents) else None
        content = raw[i]
        indent = given if given is not None else len(content.expandtabs(4)) - len(
            content.expandtabs(4).lstrip())
        lines.append(_Line(indent, starts[i], by_line[i]))
    return lines


class _Inference:
    def __init__(self, text: str, lines: list[_Line]) -> None:
        self.text = text
        self.lines = lines
        self.stack: list[_Frame] = []
        self.head: list[Piece] = []
        self.pieces: dict[int, list[Piece]] = {}
        self.deletions: list[tuple[int, int]] = []
        self.anchor = 0  # just after the last token other than a comma
        self.comma: Lexeme | None = None  # a comma read after ``anchor``, not yet between siblings
        self.brackets = 0
        self.commas = 0
        rises = [b.indent - a.indent for a, b in zip(lines, lines[1:], strict=False) if b.indent > a.indent]
        self.step = min(rises) if rises else 2
        self.done = False  # the top-level value is complete

    # -- output helpers
    def emit(self, offset: int, piece: Piece) -> None:
        self.pieces.setdefault(offset, []).append(piece)

    def separate(self) -> None:
        """Put a comma between the value just read and the sibling that follows."""
        if self.comma is not None:
            self.anchor = self.comma.end
            self.comma = None
        else:
            self.emit(self.anchor, Piece(","))
            self.commas += 1

    def drop_dangling_comma(self) -> None:
        if self.comma is not None:
            self.deletions.append((self.comma.start, self.comma.end))
            self.comma = None

    def close(self, frame: _Frame) -> None:
        """Restore the closing bracket of ``frame``, the innermost open container."""
        if _awaits_value(frame):
            raise _Unresolvable("a key without its value")
        closer = _CLOSER[frame.bracket]
        if frame.count == 0 and frame.opened_at == self.anchor:
            self.emit(self.anchor, Piece(closer))  # nothing inside survived: [] or {}
        else:
            self.emit(self.anchor, Piece(closer, frame.close_col))
        if frame.outer and frame.listed:
            self.emit(self.anchor, Piece("]", frame.close_col))
        if not frame.outer:
            self.brackets += 1
        self.stack.pop()
        if not self.stack:
            self.done = True

    # -- the walk
    def run(self) -> StructurePlan:
        for number, line in enumerate(self.lines):
            self.begin_line(number, line)
            for lexeme in line.lexemes:
                self.token(line, lexeme)
            self.end_line(number, line)
        while self.stack:
            self.drop_dangling_comma()
            self.close(self.stack[-1])
        self.drop_dangling_comma()
        head = tuple(self.head)
        return StructurePlan(head, {k: tuple(v) for k, v in self.pieces.items()}, tuple(self.deletions),
                             self.brackets, self.commas, self.lines[0].start)

    def begin_line(self, number: int, line: _Line) -> None:
        first = line.lexemes[0]
        if first.kind in ("}", "]"):
            while (self.stack and not self.stack[-1].outer
                   and (self.stack[-1].open_indent > line.indent
                        or (self.stack[-1].synthetic and _CLOSER[self.stack[-1].bracket] != first.kind))):
                self.close(self.stack[-1])
            return
        while self.stack and not self.stack[-1].outer and line.indent <= self.stack[-1].closes_at:
            self.close(self.stack[-1])
        member = line.member
        if not self.stack:
            if self.done or number > 0:
                raise _Unresolvable("more than one top-level value")
            if first.kind not in ("{", "["):
                self.open_outer(line, "{" if member else "[")
            return
        top = self.stack[-1]
        if not member:
            return
        if top.bracket == "[" and top.state in ("value", "after"):
            if top.state == "after":
                self.separate()
            self.open_element_object(top, line)
        elif top.bracket == "{" and top.synthetic and top.state == "after" and self.key(first) in top.keys:
            parent = self.stack[-2] if len(self.stack) > 1 else None
            if top.outer or (parent is not None and parent.bracket == "["):
                self.next_object(top)

    def open_outer(self, line: _Line, bracket: str) -> None:
        column = max(0, line.indent - self.step)  # a renderer keeps it inside the container
        self.head.append(Piece(bracket, column))
        self.stack.append(_Frame(bracket, column, -(10 ** 9), column, True, -1, outer=True,
                                 state="key" if bracket == "{" else "value"))

    def open_element_object(self, array: _Frame, line: _Line) -> None:
        parent, child = array.open_indent, line.indent
        column = parent + (child - parent) // 2 if child - parent >= 2 else child
        self.emit(self.anchor, Piece("{", column))
        self.brackets += 1
        array.count += 1
        array.state = "after"
        closes_at = column if column < child else child - 1
        self.stack.append(_Frame("{", column, closes_at, column, True, -1))

    def next_object(self, frame: _Frame) -> None:
        """A key repeated in a restored object: close it and open the next one beside it."""
        if frame.outer and not frame.listed:
            frame.listed = True
            self.head.insert(0, Piece("[", frame.close_col))
            self.brackets += 2
        self.emit(self.anchor, Piece("}", frame.close_col))
        self.separate()
        self.emit(self.anchor, Piece("{", frame.close_col))
        self.brackets += 2
        frame.keys = set()
        frame.count = 0
        frame.state = "key"

    def key(self, lexeme: Lexeme) -> str:
        return self.text[lexeme.start + 1:lexeme.end - 1]

    def token(self, line: _Line, lexeme: Lexeme) -> None:
        kind = lexeme.kind
        if kind not in _STRUCTURAL:
            raise _Unresolvable(f"a {kind} token")
        if not self.stack:
            if self.done or kind not in ("{", "["):
                raise _Unresolvable("text after the top-level value")
            self.stack.append(_Frame(kind, line.indent, line.indent - 1, line.indent, False, lexeme.end,
                                     state="key" if kind == "{" else "value"))
            self.anchor = lexeme.end
            return
        top = self.stack[-1]
        if kind == ",":
            if top.state != "after" or self.comma is not None:
                raise _Unresolvable("a comma where none belongs")
            self.comma = lexeme
            return
        if kind in ("}", "]"):
            if _CLOSER[top.bracket] != kind or _awaits_value(top):
                raise _Unresolvable("a closing bracket that matches nothing open")
            self.drop_dangling_comma()
            self.stack.pop()  # a restored opener whose closer survived: nothing more to restore
            if top.outer:
                self.brackets += 1  # the outer opener was lost, not merely cut off: not a fragment
                if top.listed:
                    self.emit(lexeme.end, Piece("]", top.close_col))
            if not self.stack:
                self.done = True
            self.anchor = lexeme.end
            return
        if kind == ":":
            if top.state != "colon":
                raise _Unresolvable("a colon where none belongs")
            top.state = "value"
            self.anchor = lexeme.end
            return
        # a string, scalar or opening bracket
        if top.bracket == "{" and top.state in ("key", "after"):
            if kind != "string":
                raise _Unresolvable("a value where a key belongs")
            if top.state == "after":
                self.separate()
            top.keys.add(self.key(lexeme))
            top.count += 1
            top.state = "colon"
            self.anchor = lexeme.end
            return
        if top.state == "colon":
            raise _Unresolvable("a key without a colon")
        if top.state == "after":  # an array element after another
            self.separate()
        if top.bracket == "[":
            top.count += 1
        top.state = "after"
        self.anchor = lexeme.end
        if kind in ("{", "["):
            leading = lexeme is line.lexemes[0]
            closes_at = line.indent - 1 if leading else line.indent
            self.stack.append(_Frame(kind, line.indent, closes_at, line.indent, False, lexeme.end,
                                     state="key" if kind == "{" else "value"))

    def end_line(self, number: int, line: _Line) -> None:
        """A key whose value is missing at the end of its line."""
        if not self.stack or self.stack[-1].state != "value" or self.stack[-1].bracket != "{":
            return
        top = self.stack[-1]
        following = self.lines[number + 1] if number + 1 < len(self.lines) else None
        if following is not None and following.lexemes[0].kind in ("{", "["):
            return  # the value starts on the next line
        if following is not None and following.indent > line.indent:
            bracket = "{" if following.member else "["
            self.emit(self.anchor, Piece(" " + bracket))
            self.brackets += 1
            top.state = "after"
            self.stack.append(_Frame(bracket, line.indent, line.indent, line.indent, True, -2,
                                     state="key" if bracket == "{" else "value"))
            return
        self.emit(self.anchor, Piece(" {}"))
        self.brackets += 2
        top.state = "after"
