"""Prose in a document: the words a reader reads, with their exact offsets in ``Document.text``.

Prose is the inline text of paragraphs, headings and table cells. Everything in it that is not
written for a reader to read as words is blanked out before tokenising: inline code spans, link
destinations and reference labels, autolinks, inline HTML and comments, bare URLs, e-mail
addresses, ARNs and file paths. Code blocks, HTML blocks and front matter are never prose.

Tokens are then classified so that rules can decide what they may touch:

- ``word``: letters, with inner apostrophes (``doesn't``);
- ``compound``: words joined by hyphens (``day-to-day``); each part is a word;
- ``identifier``: CamelCase, snake_case or dotted names (``PutTraceSegments``, ``max_size``,
  ``index.html``); the token is a name and is never rewritten. The parts of CamelCase and
  snake_case names are words (``Word.in_identifier``); a dotted name (a file, host or module
  name) has none;
- ``id``: anything with a digit (``us-east-1``, ``EC2``, ``i-0abc12``, ``0x1F``, ``v2``).

``segments`` gives the parts of a token that may each be a word or a name (a CamelCase name
whole, the parts of a hyphenated compound), for rules that match names such as ``DynamoDB``.

Blanking keeps every offset: the masked text has the length of ``Block.text``, so a position in
it maps to the file with ``Document.text_offset``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from lint.document import Block, Document

TokenKind = Literal["word", "compound", "identifier", "id"]
PROSE_KINDS = ("paragraph", "heading", "table")

# Spans of inline source that are not prose, blanked before tokenising, each with a substring
# that any match contains (most blocks have none, and are not scanned at all). For a link, only
# the group "mask" (the destination or the label) is blanked: the link text is prose.
_NON_PROSE: list[tuple[str, re.Pattern[str]]] = [(trigger, re.compile(p, re.S)) for trigger, p in [
    ("<!--", r"<!--.*?-->"),  # HTML comment (suppression comments included)
    ("<", r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"),  # URI autolink
    ("<", r"<[^\s<>@]+@[^\s<>@]+>"),  # e-mail autolink
    ("<", r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*)?/?>"),  # inline HTML tag
    # Inline link or image destination (and title): ](dest "title"); balanced parentheses once.
    ("](", r"\](?P<mask>\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\))"),
    ("](", r"\](?P<mask>\(<[^<>\n]*>(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))"),
    ("][", r"\](?P<mask>\[[^\[\]]*\])"),  # full reference link label: [text][label]
    ("://", r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s<>`]*"),  # bare URL with a scheme
    ("www.", r"(?<![\w.-])www\.[^\s<>`]+"),  # bare www. URL
    ("@", r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail address
    ("arn:", r"\barn:[^\s`]+"),  # ARN
    ("/", r"(?<!\S)(?:~|\.{1,2})?/[^\s`]*"),  # absolute or relative path: /x, ~/x, ./x
    (":\\", r"(?<!\S)[A-Za-z]:\\[^\s`]*"),  # Windows path
    ("$", r"(?<!\S)\$\{?\w+\}?"),  # shell or template variable: $HOME, ${AWS_REGION}
    ("&", r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]\w*);"),  # HTML entity
]]
# A whitespace-delimited chunk with a slash is a path unless each part is a plain word
# ("and/or", "TCP/UDP" stay prose); with a backslash it is always one.
_SLASH_CHUNK = re.compile(r"[^\s`]*[/\\][^\s`]*")
_PLAIN_SLASH = re.compile(r"[(\[\"'“‘*_]*[A-Za-z]+(?:/[A-Za-z]+)+[)\]\"'”’*_.,;:!?]*")

_NOT_NEWLINE = re.compile(r"[^\n]")
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[\w'’](?:[\w'’.-]*[\w'’])?")
_EDGE = "'’._-"
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_WORD_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+(?:['’][a-z]+)*|[^\W\d_]+")


class Token(NamedTuple):
    """A run of word characters in prose, with its offsets in ``Document.text``."""

    text: str
    start: int
    end: int
    kind: TokenKind
    block: int  # index of the block it sits in
    pos: int  # offset of the token in the block's (masked) text


class Word(NamedTuple):
    """One word of a token: the token itself for a plain word, or a part of a compound/identifier.

    ``in_identifier`` marks a part of a CamelCase or snake_case name: check it, never rewrite it.
    """

    text: str
    start: int
    end: int
    token: Token
    in_identifier: bool = False


@dataclass(frozen=True, slots=True)
class ProseBlock:
    """A prose block, its text with non-prose spans blanked, and its tokens in order."""

    block: Block
    text: str
    tokens: tuple[Token, ...]


def prose_blocks(doc: Document) -> Iterator[ProseBlock]:
    """Every paragraph, heading and table with its masked text and its tokens."""
    spans_by_block: dict[int, list[tuple[int, int]]] = {}
    for span in doc.code_spans:
        spans_by_block.setdefault(span.block, []).append((span.start, span.end))
    for block in doc.iter_blocks(*PROSE_KINDS):
        if not block.text:
            continue
        masked = mask_text(block, spans_by_block.get(block.index, ()))
        yield ProseBlock(block, masked, tuple(_tokens(doc, block, masked)))


def prose_tokens(doc: Document) -> Iterator[Token]:
    for prose in prose_blocks(doc):
        yield from prose.tokens


def prose_words(doc: Document) -> Iterator[Word]:
    """Every word of the document's prose, identifier parts included (see ``Word.in_identifier``)."""
    for token in prose_tokens(doc):
        yield from words_of(token)


def mask_text(block: Block, code_spans: Iterable[tuple[int, int]] = ()) -> str:
    """``block.text`` with every non-prose span replaced by spaces (newlines kept)."""
    text = block.text
    spans = [(_block_pos(block, start), _block_pos(block, end)) for start, end in code_spans]
    for trigger, pattern in _NON_PROSE:
        if trigger in text:
            group = "mask" if "mask" in pattern.groupindex else 0
            spans.extend(m.span(group) for m in pattern.finditer(text))
    masked = _blank(text, spans)
    if "/" not in masked and "\\" not in masked:
        return masked
    chunks = [m.span() for m in _SLASH_CHUNK.finditer(masked)
              if "\\" in m.group() or not _PLAIN_SLASH.fullmatch(m.group())]
    return _blank(masked, chunks) if chunks else masked


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by as many spaces, line breaks kept."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        pieces.append(text[pos:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def segments(token: Token) -> Iterator[tuple[str, int, int]]:
    """The parts of a token that may each be a word or a name: (text, start, end) in the file.

    A plain word is one segment, a hyphenated compound has one per part (``DynamoDB-compatible``
    gives ``DynamoDB`` and ``compatible``) and a CamelCase name is one. Snake_case and dotted
    names and tokens with digits have none: they are names as a whole.
    """
    if token.kind == "id" or "_" in token.text or "." in token.text:
        return
    pos = 0
    for part in token.text.split("-"):
        if part:
            yield part, token.start + pos, token.start + pos + len(part)
        pos += len(part) + 1


def is_camel(text: str) -> bool:
    """CamelCase: a capital inside the word after a lower-case letter, or ending an acronym."""
    return bool(_CAMEL.search(text))


def camel_parts(text: str) -> list[str]:
    """The words of a CamelCase name: ``DyanamoDB`` -> ``Dyanamo``, ``DB``."""
    return _CAMEL_PART.findall(text)


def words_of(token: Token) -> Iterator[Word]:
    """The words of a token: itself, its hyphen-separated parts, or its identifier parts."""
    if token.kind == "id" or "." in token.text:
        return  # a dotted name is a file, host or module name: not ours to spell
    if "_" in token.text:
        for m in _CAMEL_PART.finditer(token.text):
            yield Word(m.group(), token.start + m.start(), token.start + m.end(), token, True)
        return
    for text, start, _end in segments(token):
        if is_camel(text):
            for m in _CAMEL_PART.finditer(text):
                yield Word(m.group(), start + m.start(), start + m.end(), token, True)
        else:
            for m in _WORD_PART.finditer(text):
                yield Word(m.group(), start + m.start(), start + m.end(), token)


def classify(token: str) -> TokenKind:
    if token.isalpha():
        return "identifier" if _CAMEL.search(token) else "word"
    if _DIGIT.search(token):
        return "id"
    if "_" in token or "." in token:
        return "identifier"
    if "-" in token:
        return "compound"
    return "identifier" if _CAMEL.search(token) else "word"


def _tokens(doc: Document, block: Block, masked: str) -> Iterator[Token]:
    text = doc.text
    index = block.index
    pos = 0  # where the current line starts in the masked text
    for line, offset in zip(masked.split("\n"), block.line_offsets, strict=False):
        for m in _TOKEN.finditer(line):
            raw = m.group()
            col = m.start()
            if raw[0] in _EDGE or raw[-1] in _EDGE:
                stripped = raw.strip(_EDGE)
                if not stripped:
                    continue
                col += len(raw) - len(raw.lstrip(_EDGE))
                raw = stripped
            start = offset + col
            end = start + len(raw)
            if text[start:end] != raw:
                continue  # the block's text does not map onto the file here: never guess offsets
            yield Token(raw, start, end, classify(raw), index, pos + col)
        pos += len(line) + 1


def _block_pos(block: Block, offset: int) -> int:
    """Inverse of ``Document.text_offset``: the position in ``block.text`` of a file offset."""
    line = max(bisect_right(block.line_offsets, offset) - 1, 0)
    line_start = 0
    for _ in range(line):
        line_start = block.text.index("\n", line_start) + 1
    return line_start + offset - block.line_offsets[line]
