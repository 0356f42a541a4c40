"""Strict checks of the code snippets in notes: does a JSON or YAML snippet load, and if not, why.

A checker (``json_check.check_json``, ``yaml_check.check_yaml``) takes a snippet's text, lines
joined by ``"\\n"`` as in ``Block.text``, and returns a ``SnippetResult``: whether it loads, the
kind of damage as a stable code, the problem in plain words, and where it is, as offsets into the
snippet and a 0-based (line, column). Checkers know nothing about Markdown; ``place`` maps a
result onto the notes file for a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lint.document import Block, Document

__all__ = ["SnippetResult", "YamlLimits", "failure", "line_column", "place", "token_end"]


@dataclass(frozen=True, slots=True)
class SnippetResult:
    """What a checker found in one snippet.

    ``kind`` is ``"valid"`` when ``ok``; otherwise a stable code for the damage (each checker's
    docstring lists its codes). ``offset``/``end`` span the offending text in the snippet (at
    least one character whenever the snippet has any), and ``line``/``column`` are 0-based.
    ``related`` is the offset of a second place the problem refers to (the first copy of a
    duplicate key, the bracket left open) and ``related_note`` names it ("first defined").
    ``values`` holds the loaded documents when ``ok`` (one for JSON; any number for YAML).
    """

    ok: bool
    kind: str = "valid"
    problem: str = ""
    offset: int = 0
    end: int = 0
    line: int = 0
    column: int = 0
    related: int | None = None
    related_note: str = ""
    related_line: int = 0
    related_column: int = 0
    values: tuple[Any, ...] = field(default=(), compare=False, hash=False, repr=False)

    def describe(self, where: Callable[[int], str] | None = None) -> str:
        """The problem, with the related place named by ``where(offset)``.

        Without ``where`` the related place is given as a 1-based line and column in the
        snippet; a rule passes a function that names the place in the notes file instead.
        """
        if self.related is None or not self.related_note:
            return self.problem
        if where is None:
            place = f"line {self.related_line + 1}, column {self.related_column + 1} of the snippet"
        else:
            place = where(self.related)
        return f"{self.problem} ({self.related_note} at {place})"


class YamlLimits(NamedTuple):
    """Bounds on what a YAML snippet may cost (``yaml_check``). Real notes are far inside every one
    of them. Here rather than in ``yaml_check``, so that its options are known without importing
    ruamel.yaml."""

    # Pure-Python loading runs at about 35,000 characters a second on block YAML and 10,000 on
    # dense flow YAML, so this bounds the worst snippet to about two seconds.
    max_chars: int = 20_000
    max_depth: int = 64
    max_aliases: int = 1_000
    max_nodes: int = 100_000  # nodes with every alias expanded


def failure(text: str, kind: str, problem: str, offset: int, end: int | None = None, *,
            related: int | None = None, related_note: str = "") -> SnippetResult:
    """A failed result at ``text[offset:end]``, its span widened to one character if it can be."""
    offset = max(0, min(offset, len(text)))
    end = offset if end is None else max(offset, min(end, len(text)))
    if end == offset:
        offset, end = _one_character(text, offset)
    line, column = line_column(text, offset)
    related_line, related_column = line_column(text, related) if related is not None else (0, 0)
    return SnippetResult(False, kind, problem, offset, end, line, column, related, related_note,
                         related_line, related_column)


def _one_character(text: str, offset: int) -> tuple[int, int]:
    """A one-character span at ``offset``, or at the last visible character before a line end."""
    if offset < len(text) and text[offset] != "\n":
        return offset, offset + 1
    back = len(text[:offset].rstrip())
    if back:
        return back - 1, back
    return offset, min(offset + 1, len(text))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """0-based (line, column) of ``offset`` in ``text``, lines split on ``"\\n"`` only."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset), offset - line_start


def token_end(text: str, offset: int) -> int:
    """The end of the word or symbol at ``offset``, to give a span to a point a parser reports.

    A bracket, comma or colon is one character; anything else runs to the next blank, bracket or
    comma, or to a colon that ends a key (``!!python/object/apply:os.system``, ``*alias``).
    """
    if offset >= len(text) or text[offset].isspace():
        return offset
    if text[offset] in "[]{},:":
        return offset + 1
    end = offset + 1
    while end < len(text) and not text[end].isspace() and text[end] not in "[]{},":
        if text[end] == ":" and (end + 1 == len(text) or text[end + 1].isspace()):
            break
        end += 1
    return end


def place(doc: Document, block: Block, result: SnippetResult) -> tuple[int, int, str]:
    """Map a failed result of ``block.text`` to (start, end, message) in ``doc.text``.

    The message names any related place by its 1-based line and column in the notes file.
    """

    def where(offset: int) -> str:
        line, column = doc.position(doc.text_offset(block, offset))
        return f"line {line}, column {column}"

    start = doc.text_offset(block, result.offset)
    end = max(start, doc.text_offset(block, result.end))
    return start, end, result.describe(where)
