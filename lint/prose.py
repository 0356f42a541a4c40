"""Prose in a document: the words a reader reads, with their exact offsets in ``Document.text``.

Prose is the inline text of paragraphs, headings and table cells. Everything in it that is not
written for a reader to read as words is blanked out before tokenising: inline code spans, link
destinations and reference labels, autolinks, inline HTML and comments, bare URLs, e-mail
addresses, @handles, ARNs, file paths and words with emphasis inside them
(``**J**ava**S**cript``). Code blocks, HTML blocks and front matter are never prose, and neither
are lines of a paragraph that are code pasted without a fence: a command (``aws kms encrypt \\``),
a line whose first word is a lower-case command and that carries a ``--flag``, a
pipe, a redirect to a file or a ``\\`` continuation, a line that opens with ``sudo``, every line
continued from one, and a line of
JSON (``"Effect": "Allow",``), nor any line of code that ``unfenced-code`` reports (a snippet
detected with medium confidence or more: YAML, JSON, shell, a diagram). A line in another
language is no English prose either: two words or more with letters beyond ASCII, and English
function words fewer than one word in ten. Namespaced names
(``AWS::S3::Bucket``) and IAM actions (``s3:GetObject``) are blanked wherever they are.

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

Speed: a document's prose is indexed once and shared by every rule (``prose_index``): the masked
blocks, the distinct token texts of each block and the count of each distinct token text, from
C-level regex scans (one a block) and C-level counting. A rule decides on the distinct texts,
then asks for the few blocks that hold the texts it cares about (``ProseIndex.blocks_containing``:
a set test a block); only those blocks are tokenised, once, whichever rule asks first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain, compress
from operator import methodcaller
from typing import Literal, NamedTuple

from lint.document import Block, Document
from lint.function_words import FUNCTION_WORDS

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
    ("@", r"(?<![\w.@/-])@[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?"),  # a handle or decorator: @user
    ("arn:", r"\barn:[^\s`]+"),  # ARN
    ("::", r"\b[A-Za-z][\w-]*(?:::[\w*-]+)+"),  # a type or namespaced name: AWS::S3::Bucket
    # An IAM action or a prefixed name: s3:GetObject, kms:*, dynamodb:DescribeStream.
    (":", r"(?<![\w/.-])[a-z][a-z0-9-]*:(?:\*|[A-Z][\w*]*)(?![\w:/])"),
    ("/", r"(?<!\S)(?:~|\.{1,2})?/[^\s`]*"),  # absolute or relative path: /x, ~/x, ./x
    (":\\", r"(?<!\S)[A-Za-z]:\\[^\s`]*"),  # Windows path
    ("$", r"(?<!\S)\$\{?\w+\}?"),  # shell or template variable: $HOME, ${AWS_REGION}
    ("&", r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]\w*);"),  # HTML entity
    # A word with emphasis inside it, **J**ava**S**cript, **HI**gh: its pieces are no words.
    # (Tried from the start of a run of letters only, and without backtracking into it: a long
    # run of letters would otherwise be tried from each of its letters, in quadratic time.)
    ("*", r"(?<![^\W\d_*])\**[^\W\d_]++(?:\*+[^\W\d_]++)+\**"),
]]
# For each pattern: its trigger; what every match holds where the trigger is common and the
# pattern slow to scan for, so that a block without it is not scanned ("a:B", "a:*" for an IAM
# action; a letter, stars and a letter for emphasis inside a word); the pattern; and the group
# that is blanked ("mask" where there is one, else the whole match).
_HINTS = {":": re.compile(r":[*A-Z]"), "*": re.compile(r"[^\W\d_]\*+[^\W\d_]")}
_MASKED = [(trigger, _HINTS.get(trigger), pattern, "mask" if "mask" in pattern.groupindex else 0)
           for trigger, pattern in _NON_PROSE]
# Any substring that makes masking necessary: the triggers above, slashes and backslashes (paths),
# and the marks of a pasted command line (see ``_command_lines``). One that holds another is
# left out ("arn:" holds ":"): then the pattern's first characters are rare ones, which the
# regex engine skips to.
_TRIGGERS = {trigger for trigger, _ in _NON_PROSE} | {"\\", "--", "| ", ">", "$ ", '":', "{", "[", "sudo"}
_ANY_TRIGGER = re.compile("|".join(re.escape(t) for t in sorted(
    (t for t in _TRIGGERS if not any(u != t and u in t for u in _TRIGGERS)), key=len, reverse=True)))
# A whitespace-delimited chunk with a slash is a path unless each part is a plain word
# ("and/or", "TCP/UDP" stay prose); with a backslash it is always one.
# (Matched from the start of a chunk only, and without backtracking: as fast as a scan can be.)
_SLASH_CHUNK = re.compile(r"(?<![^\s`])[^\s`/\\]*+[/\\][^\s`]*")
_PLAIN_SLASH = re.compile(r"[(\[\"'“‘*_]*[A-Za-z]+(?:/[A-Za-z]+)+[)\]\"'”’*_.,;:!?]*")

# A pasted command line: it starts with a lower-case command word, a prompt, a flag or a pipe, and
# it carries a long flag, a pipe into a command, a redirect to a file or a continuation backslash.
_COMMAND_START = re.compile(r"\s*(?:\$ |--?[A-Za-z]|[a-z][\w.-]*(?: |$))")
# A line of JSON pasted without a fence: it opens with a quoted key and a colon, or is a bracket.
_JSON_LINE = re.compile(r'\s*(?:"[^"\n]*"\s*:|[\[\]{}],?\s*$)')
# A line that opens with sudo, emphasis aside ("**sudo service postgresql status** to check it"):
# no sentence starts so.
_SUDO_LINE = re.compile(r"\s*(?:\*\*|__|\*|_)?sudo[ \t]")
_COMMAND_MARK = re.compile(r"(?:^|\s)--[A-Za-z][\w-]*|\s\|\s*[a-z]|\s>>?\s*[\w./-]+\.\w+$|\s\\$|^\s*\$ ")
_DIGIT = re.compile(r"\d")
# A token is a maximal run of word characters, apostrophes, dots and hyphens with its edge
# characters (apostrophes, dots, underscores, hyphens) stripped: from the first letter or digit of
# the run to its last, which is what this pattern matches, the run's edges never taken.
_TOKEN = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
# The same on ASCII text, where a word character is one of a small set: tested on a bitmap, not
# looked up in the Unicode database character by character (several times as fast).
_ASCII_TOKEN = re.compile(r"[^\W_](?:[\w'.-]*[^\W_])?", re.ASCII)
_RUN = re.compile(r"[\w'’.-]+")  # a run of token characters
_EDGE = "'’._-"
_PLAIN_APOSTROPHE = methodcaller("replace", "’", "'")
# ASCII text's runs the fast way (see ``_runs``): every byte that cannot be in a run made a space.
_ASCII_BREAKS = bytes(b if b < 128 and (chr(b).isalnum() or chr(b) in "_'.-") else 32 for b in range(256))
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_LETTERS = re.compile(r"[^\W\d_]+")
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


class ProseBlock:
    """A prose block, its text with non-prose spans blanked, and (built on first use) its tokens."""

    __slots__ = ("_source", "_tokens", "block", "text")

    def __init__(self, doc: Document, block: Block, text: str) -> None:
        # The file's text, not the document: a document holds its prose index, and a block
        # holding the document would make every document a cycle that only the collector frees.
        self._source = doc.text
        self.block = block
        self.text = text  # the masked text: as long as ``block.text``, line breaks kept
        self._tokens: tuple[Token, ...] | None = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        if self._tokens is None:
            self._tokens = _tokens(self._source, self.block, self.text)
        return self._tokens


class ProseIndex:
    """A document's prose blocks, the token texts of each, and how often each token text occurs.

    Built once per document (``prose_index``) and shared by every rule that reads prose.
    """

    __slots__ = ("_lowered", "_runs", "_stripped", "blocks", "counts")

    def __init__(self, blocks: tuple[ProseBlock, ...]) -> None:
        self.blocks = blocks
        # A token is a run of token characters stripped of its edges. The runs are found and
        # counted in C; only the distinct runs with an edge ("end.", "'quoted'") are stripped.
        runs = [_runs(p.text) for p in blocks]
        counts: dict[str, int] = {}
        stripped: dict[str, list[str]] = {}  # token text -> the other runs that are it stripped
        for run, n in Counter(chain.from_iterable(runs)).items():
            text = run
            if run[0] in _EDGE or run[-1] in _EDGE:
                text = run.strip(_EDGE)
                if not text:
                    continue
                stripped.setdefault(text, []).append(run)
            counts[text] = counts.get(text, 0) + n  # first appearance first, as in the document
        self.counts = counts  # token text -> occurrences in the document's prose
        self._stripped = stripped
        self._runs = [frozenset(r) for r in runs]  # the distinct runs of each block
        self._lowered: frozenset[str] | None = None

    @property
    def lowered(self) -> frozenset[str]:
        """Every token text in lower case: the document's vocabulary (made on first use)."""
        if self._lowered is None:
            self._lowered = frozenset(map(str.lower, self.counts))
        return self._lowered

    def texts_of(self, keys: Iterable[str]) -> set[str]:
        """The token texts whose lower-cased form (typographic apostrophes made plain) is one of
        ``keys``: each text lower-cased in C and tested, no index of them built."""
        wanted = keys if isinstance(keys, set | frozenset) else set(keys)
        texts = list(self.counts)
        lowered = map(_PLAIN_APOSTROPHE, map(str.lower, texts))
        return set(compress(texts, map(wanted.__contains__, lowered)))

    def variants_of(self, keys: Iterable[str]) -> set[str]:
        """The token texts that are one of ``keys`` (lower case, plain apostrophes) written in
        lower case, Capitalised or UPPER CASE, with either apostrophe: no index of every text
        is built, so a rule with a few words to look for pays for those only."""
        counts = self.counts
        found = set()
        for key in keys:
            for form in (key, key[:1].upper() + key[1:], key.upper()):
                for text in (form, form.replace("'", "’")):
                    if text in counts:
                        found.add(text)
        return found

    def blocks_containing(self, texts: Iterable[str]) -> list[ProseBlock]:
        """The blocks with a token (as ``ProseBlock.tokens`` reads it) whose text is one of
        ``texts``, in document order: a set test a block."""
        stripped = self._stripped
        wanted = set(texts)
        wanted.update(*[stripped[text] for text in wanted if text in stripped])  # as runs
        isdisjoint = wanted.isdisjoint
        return [prose for prose, runs in zip(self.blocks, self._runs, strict=True) if not isdisjoint(runs)]


def _runs(text: str) -> list[str]:
    """``_RUN.findall(text)``; for ASCII text (most blocks) by bytes.translate and split, in a
    fraction of the time."""
    if text.isascii():
        return text.encode().translate(_ASCII_BREAKS).decode().split()
    return _RUN.findall(text)


def prose_index(doc: Document) -> ProseIndex:
    """The document's prose, built once per document."""
    return doc.memo("prose.index", lambda: ProseIndex(tuple(_prose_blocks(doc))))


def prose_blocks(doc: Document) -> tuple[ProseBlock, ...]:
    """Every paragraph, heading and table with its masked text."""
    return prose_index(doc).blocks


def code_vocabulary(doc: Document) -> frozenset[str]:
    """The words the document writes as code or as names rather than as prose: in code blocks,
    HTML blocks, and the spans prose leaves out (inline code, link destinations, URLs, paths,
    pasted command lines). A word the writer also types as code is a name there: "the *splunk*
    namespace" beside `kubectl get all -n splunk`, "dbserver" beside `--link mysql:dbserver`.
    Runs of letters, exactly as written; built once per document."""
    return doc.memo("prose.code_vocabulary", lambda: frozenset(_code_words(doc)))


def code_vocabulary_lowered(doc: Document) -> frozenset[str]:
    """``code_vocabulary`` in lower case."""
    return doc.memo("prose.code_vocabulary_lowered", lambda: frozenset(map(str.lower, code_vocabulary(doc))))


def _code_words(doc: Document) -> Iterator[str]:
    for block in doc.iter_blocks("code", "html"):
        yield from _LETTERS.findall(block.text)
    for prose in prose_blocks(doc):
        if prose.text is not prose.block.text and prose.text != prose.block.text:
            blanked = Counter(_LETTERS.findall(prose.block.text))
            blanked.subtract(_LETTERS.findall(prose.text))  # masking only blanks: what is left is prose
            yield from (word for word, n in blanked.items() if n > 0)


def prose_vocabulary(doc: Document) -> dict[str, int]:
    """How often each distinct token text occurs in the document's prose."""
    return prose_index(doc).counts


def _prose_blocks(doc: Document) -> Iterator[ProseBlock]:
    spans_by_block: dict[int, list[tuple[int, int]]] = {}
    for span in doc.code_spans:
        spans_by_block.setdefault(span.block, []).append((span.start, span.end))
    code_lines = _unfenced_code_lines(doc)
    for block in doc.iter_blocks(*PROSE_KINDS):
        if not block.text:
            continue
        masked = mask_text(block, spans_by_block.get(block.index, ()))
        if code_lines and block.index in code_lines:
            masked = _blank_lines(doc, block, masked, code_lines[block.index])
        yield ProseBlock(doc, block, masked)


def _unfenced_code_lines(doc: Document) -> dict[int, list[tuple[int, int]]]:
    """For each block holding code pasted without a fence (what ``unfenced-code`` reports at its
    default confidence), the file lines of that code, 1-based."""
    from lint.snippets.detect import unfenced  # the detector shares no state with prose

    found: dict[int, list[tuple[int, int]]] = {}
    for snippet in unfenced(doc):
        lines = (snippet.start_line, snippet.end_line)
        for block in snippet.blocks:
            # With what it nests: "- name: x" over "  service:" is one item's text of a YAML list.
            for inner in range(block.index, doc.after_nested(block)):
                found.setdefault(inner, []).append(lines)
    return found


def _blank_lines(doc: Document, block: Block, masked: str, ranges: list[tuple[int, int]]) -> str:
    """``masked`` with its lines that lie on the file lines of ``ranges`` (first, last) made blank."""
    parts = masked.split("\n")
    for i, offset in enumerate(block.line_offsets[:len(parts)]):
        line = doc.position(offset)[0]
        if any(first <= line <= last for first, last in ranges):
            parts[i] = " " * len(parts[i])
    return "\n".join(parts)


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
    spans = [(_block_pos(block, start), _block_pos(block, end)) for start, end in code_spans] \
        if code_spans else []
    if not text.isascii():
        spans.extend(_foreign_lines(text))
    if not spans and not _ANY_TRIGGER.search(text):
        return text  # most blocks: nothing to blank
    for trigger, hint, pattern, group in _MASKED:
        if trigger in text and (hint is None or hint.search(text)):
            spans.extend(m.span(group) for m in pattern.finditer(text))
    if block.kind == "paragraph" and ("--" in text or "\\" in text or "| " in text or ">" in text
                                      or "$ " in text or '":' in text or "{" in text or "[" in text
                                      or "sudo" in text):
        spans.extend(_command_lines(text))
    masked = _blank(text, spans)
    if "/" not in masked and "\\" not in masked:
        return masked
    chunks = [m.span() for m in _SLASH_CHUNK.finditer(masked)
              if "\\" in m.group() or not _PLAIN_SLASH.fullmatch(m.group())]
    return _blank(masked, chunks) if chunks else masked


def _foreign_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines written in another language: two words or more with letters beyond
    ASCII, and English function words ("the", "in", "is") fewer than one word in ten ("câu 2:
    có trong đề thi", "Die Größe der Datei wird über die API gesetzt"). Their other words are that
    language's too: "thi" is Vietnamese, not a slip for "the". "The café in São Paulo" is English."""
    pos = 0
    for line in text.split("\n"):
        if not line.isascii():
            words = _LETTERS.findall(line)
            if sum(not word.isascii() for word in words) >= 2 and \
                    10 * sum(word.lower() in FUNCTION_WORDS for word in words) < len(words):
                yield pos, pos + len(line)
        pos += len(line) + 1


def _command_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines of a paragraph that are shell commands pasted without a code fence."""
    pos = 0
    continued = False  # the previous line ended with a backslash
    for line in text.split("\n"):
        stripped = line.rstrip()
        if (continued or _COMMAND_START.match(line) and _COMMAND_MARK.search(stripped)
                or _JSON_LINE.match(line) or _SUDO_LINE.match(line)):
            yield pos, pos + len(line)
        continued = stripped.endswith("\\")
        pos += len(line) + 1


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
        pieces.append(_spaces(text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _spaces(span: str) -> str:
    """As many spaces as ``span`` has characters, its line breaks kept (a regex substitution
    replaces one character at a time: slow on a long span)."""
    if "\n" not in span:
        return " " * len(span)
    return "\n".join([" " * len(line) for line in span.split("\n")])


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
    new = tuple.__new__  # as in ``_tokens``: NamedTuple's own __new__ is slow Python code
    if "_" in token.text:
        for m in _CAMEL_PART.finditer(token.text):
            yield new(Word, (m.group(), token.start + m.start(), token.start + m.end(), token, True))
        return
    for text, start, _end in segments(token):
        if is_camel(text):
            for m in _CAMEL_PART.finditer(text):
                yield new(Word, (m.group(), start + m.start(), start + m.end(), token, True))
        else:
            for m in _WORD_PART.finditer(text):
                yield new(Word, (m.group(), start + m.start(), start + m.end(), token, False))


@lru_cache(maxsize=1 << 16)
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


def _tokens(text: str, block: Block, masked: str) -> tuple[Token, ...]:
    index = block.index
    new = tuple.__new__  # NamedTuple's own __new__ is Python code: too slow for every token
    kind_of = classify
    tokens: list[Token] = []
    append = tokens.append
    pos = 0  # where the current line starts in the masked text
    # Masking only blanks characters, so a token is the block's text where it stands; when the
    # block's line is the file's own text (as the parser makes it), so is every token on it.
    masked_lines = masked.split("\n")
    sources = masked_lines if masked is block.text else block.text.split("\n")
    for line, source, offset in zip(masked_lines, sources, block.line_offsets, strict=False):
        exact = text.startswith(source, offset)
        for m in (_ASCII_TOKEN if line.isascii() else _TOKEN).finditer(line):
            raw = m[0]
            col, end = m.span()
            start = offset + col
            end += offset
            if exact or text[start:end] == raw:  # else the text does not map onto the file here
                append(new(Token, (raw, start, end, kind_of(raw), index, pos + col)))
        pos += len(line) + 1
    return tuple(tokens)


def _block_pos(block: Block, offset: int) -> int:
    """Inverse of ``Document.text_offset``: the position in ``block.text`` of a file offset."""
    line = max(bisect_right(block.line_offsets, offset) - 1, 0)
    line_start = 0
    for _ in range(line):
        line_start = block.text.index("\n", line_start) + 1
    return line_start + offset - block.line_offsets[line]


# --- context around a token, for rules that judge a word by its neighbours ----------------------

_GAP = re.compile(r"[ \t\r\n*_~]*")  # what may separate two adjacent words: spaces and emphasis
_SENTENCE_END = re.compile(r"[.!?:;|]")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])(['’])(?=[^\W\d_])")


def adjacent(doc: Document, tokens: tuple[Token, ...], i: int, step: int) -> Token | None:
    """The token before (``step=-1``) or after (``step=1``) ``tokens[i]`` when only spaces, line
    breaks or emphasis marks separate them in the file; None at punctuation, code or the edge."""
    j = i + step
    if not 0 <= j < len(tokens):
        return None
    a, b = (tokens[j], tokens[i]) if step < 0 else (tokens[i], tokens[j])
    return tokens[j] if _GAP.fullmatch(doc.text, a.end, b.start) else None


def starts_sentence(doc: Document, tokens: tuple[Token, ...], i: int) -> bool:
    """Is ``tokens[i]`` the first word of its block, table cell or sentence?"""
    if i == 0:
        return True
    return bool(_SENTENCE_END.search(doc.text, tokens[i - 1].end, tokens[i].start))


def apostrophe(doc: Document) -> str:
    """The apostrophe the document's prose mostly uses inside words: ``'`` or ``’`` (``'`` on a tie)."""
    def count() -> str:
        plain = curly = 0
        for text, n in prose_index(doc).counts.items():
            if "’" in text or "'" in text:
                marks = _APOSTROPHE.findall(text)
                plain += n * marks.count("'")
                curly += n * marks.count("’")
        return "’" if curly > plain else "'"
    return doc.memo("prose.apostrophe", count)
