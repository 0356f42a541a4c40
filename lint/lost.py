"""Traces of lost content in a document, for the ``lost-content`` rule.

Each detector yields ``Trace``s: what kind of trace it is, where it is in ``Document.text`` and a
message that says what is missing. Prose is read through ``lint.prose`` (code spans, URLs, paths
and pasted command lines are blanked there), so nothing inside code is ever reported; code blocks
are not prose at all.

Every detector is tuned for precision: it reports only what a reader would agree is a hole left
behind by content that went missing, and leaves alone the look-alikes that real notes are full of
(label lead-ins, smileys, ``1)`` enumerations, half-open ranges, fill-in blanks, caption rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Literal, NamedTuple

from lint.document import Block, CodeSpan, Document
from lint.prose import ProseBlock, prose_blocks

TraceKind = Literal["lead-in", "empty-code", "empty-emphasis", "unclosed-bracket", "list-marker",
                    "empty-item", "empty-cell", "cut-off"]


class Trace(NamedTuple):
    kind: TraceKind
    start: int  # offsets in Document.text
    end: int
    message: str
    fingerprint: str = ""  # what the baseline hashes when the span itself says little


def find_traces(doc: Document) -> list[Trace]:
    """Every trace in the document, in file order."""
    def compute() -> list[Trace]:
        prose = prose_blocks(doc)
        traces = [*_lead_ins(doc, prose), *_empty_code(doc, prose), *_empty_emphasis(doc, prose),
                  *_unclosed_brackets(doc, prose), *_list_markers(doc), *_empty_items(doc),
                  *_empty_cells(doc), *_cut_off(doc, prose)]
        return sorted(traces, key=lambda t: (t.start, t.end, t.kind))
    return doc.memo("lost.traces", compute)


# --- a lead-in ending with ":" that nothing continues ------------------------------------------

_MARKUP = frozenset("*_")
# What a lead-in promises, for the message: "the following example:" promises "the example".
_PROMISE = re.compile(r"\b(?:following|below|these|this)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s*(?:,[^,]*)?:$", re.I)
_VERB_AND_ARTICLE = re.compile(r"^(?:(?:is|are)\s+)?(?:(?:the|an?)\s+)?", re.I)
_NAMES_URL = re.compile(r"\b(?:URLs?|URIs?|links?|endpoints?|domains?)\b", re.I)
# A paragraph that is itself an example: a URL, a host name, a path, a template, a command prompt,
# an image, or code-ish punctuation.
_URL_LIKE = re.compile(r"://|\bwww\.|\b[\w{}-]+(?:\.[\w{}-]+)+/|\.(?:com|net|org|io|dev|aws)\b"
                       r"|\{[\w.-]+\}")
# Code-ish characters and shapes, looked for in prose with code spans blanked (a sentence may
# hold one; a paragraph that is mostly code spans is an example by ``_is_example``'s other test).
_CODE_LIKE = re.compile(r"[{}<>=;$\\]|!\[|^\s*\S+\(.*\)\s*$|--\w|\b\w+_\w+\b", re.M)
_ARROW = re.compile(r"<?[-=]+>|<[-=]+")
# A paragraph of links or images only: inline, by reference, or autolinks.
_ONLY_LINKS = re.compile(r"\s*(?:(?:!?\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])|<\w+:[^>\s]*>)[\s,;.]*+)++")
# A lead-in that promises code, an example, a table or a figure, not more prose: "Run the following
# command:", "The policy looks like this:", "The following table compares them:", "as shown
# below:". One blank line and a paragraph of prose after it is a hole too.
# What "the X below:" promises ("The diagram below:"); "See the examples below:" may instead be
# the sections that follow, so examples, and the words of a language, are promised only as
# "the following X:" or "this X:".
_PICTURED_NOUNS = ("tables?", "diagrams?", "figures?", "images?", "screenshots?", "charts?", "commands?",
                   "code", "snippets?", "outputs?", "templates?", r"polic(?:y|ies)", "scripts?", "manifests?",
                   r"quer(?:y|ies)")
_PICTURED = f"(?:{'|'.join(_PICTURED_NOUNS)})"
_SHOWN = f"(?:{'|'.join((*_PICTURED_NOUNS, 'examples?', 'json', 'yaml', 'syntax'))})"
_CODE_PROMISE = re.compile(
    rf"\b(?:following|below|this|these)\s+(?:[\w-]+\s+){{0,2}}?{_SHOWN}\b|\b{_PICTURED}\s+below\b"
    rf"|\b{_SHOWN}\s+(?:is|are|looks?)\s+as\s+follows\b"
    r"|\blooks?\s+like(?:\s+this|\s+the\s+following\b|\s*:)|\bshown\s+below\b", re.I)
# A paragraph that is a list in disguise: enumerations and stray bullets.
_LIST_LIKE = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][)]|\([ivx]+\)|[–—•◦▪▫‣∙·●○■□*+-])\s")
_SECTION_BREAKS = ("heading", "thematic_break")
_DEFINITION = re.compile(r"\s*[^\s:][^:\n]{0,60}?\s[-–—:]\s+\S")
_POINTS_DOWN = re.compile(r"\bbelow\b", re.I)
# A word between colons ends the text: a marker (":TODO:") or an emoji (":warning:"), no lead-in.
_SHORTCODE = re.compile(r"(?:^|\s):[\w+-]+:$")


def _strip_trailing_markup(text: str) -> str:
    """``text`` without the whitespace, ``*`` and ``_`` that end it.

    A scan from the end, not ``re.sub(r"[\\s*_]+$", ...)``: that regex retries from every
    character of every whitespace run, quadratic in the run's length, and a paragraph of deeply
    indented lines (thousands of spaces a line) took minutes.
    """
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _MARKUP):
        end -= 1
    return text[:end]


def _lead_ins(doc: Document, prose: tuple[ProseBlock, ...]) -> Iterator[Trace]:
    masked = {item.block.index: item.text for item in prose}
    for item in prose:
        block = item.block
        if block.kind != "paragraph" or ":" not in block.text:
            continue
        tail = _strip_trailing_markup(block.text)
        colon = len(tail) - 1
        # The colon must be prose: not the end of a URL, a code span or a pasted command line
        # ("cannot be used with: `x`" ends with code, not with the colon).
        if (not tail.endswith(":") or tail.endswith("::") or item.text[colon] != ":"
                or not tail.rsplit("\n", 1)[-1][:-1].strip() or _SHORTCODE.search(tail)):
            continue
        follower = doc.blocks[block.index + 1] if block.index + 1 < len(doc.blocks) else None
        gap = _blank_lines(doc, block.end_line, follower.start_line if follower else len(doc.line_starts) + 1)
        if follower is not None and _continues(doc, block, follower, gap, masked):
            continue
        if _in_label_list(doc, block):
            continue
        lead = tail.rsplit("\n", 1)[-1].strip()
        shown = lead if len(lead) <= 50 else "…" + lead[-49:]
        missing = _promise(lead)
        after = ("the end of the file" if follower is None
                 else f"the {_describe(follower)} on line {follower.start_line}")
        message = f"Lead-in \"{shown}\" (line {block.end_line}) is followed by nothing before {after}; " \
                  f"missing: {missing}"
        if gap:
            # The hole where the content was: the blank lines after the lead-in.
            last = block.end_line + gap
            start, end = doc.line_starts[block.end_line], doc.line_starts[last - 1] + len(doc.line_text(last))
        else:
            start = doc.text_offset(block, colon)
            end = start + 1
        yield Trace("lead-in", start, end, message, fingerprint=lead)


def _in_label_list(doc: Document, block: Block) -> bool:
    """Is ``block`` an item of a list whose items end with ":" as a style ("`Globals`:")?

    When another item of the same list ends with a colon and has nothing nested under it, the
    colons label the items; they introduce nothing.
    """
    item = doc.parent_of(block)
    listing = doc.parent_of(item) if item is not None and item.kind == "list_item" else None
    if item is None or listing is None:
        return False
    for sibling in (doc.blocks[i] for i in listing.children if i != item.index):
        kids = [doc.blocks[i] for i in sibling.children]
        if len(kids) == 1 and kids[0].kind == "paragraph" and \
                _strip_trailing_markup(kids[0].text).endswith(":"):
            return True
    return False


def _blank_lines(doc: Document, after: int, before: int) -> int:
    """How many blank lines (container prefixes aside) follow line ``after`` before line ``before``."""
    count = 0
    for line in range(after + 1, min(before, len(doc.line_starts) + 1)):
        if doc.line_text(line).strip(" \t>"):
            break
        count += 1
    return count


def _continues(doc: Document, lead: Block, follower: Block, gap: int, masked: dict[int, str]) -> bool:
    """Could ``follower``, the block after the lead-in ``lead``, be what the lead-in introduces?"""
    sentence = _last_sentence(lead.text)
    promises_code = _CODE_PROMISE.search(sentence) is not None
    if follower.kind == "heading":
        # A subsection of the lead-in's own section may be what it introduces ("The steps are:"
        # over "### Step 1"); a heading at the section's level or above starts something else.
        section = doc.sections[lead.index]
        deeper = bool(section) and (follower.level or 0) > (doc.blocks[section[-1]].level or 0)
        if promises_code:
            # Code or an example is no section: only a subsection whose code (or table) comes at
            # once, or after a sentence ("### Example 1", what it does, then its code), can be it.
            shown = ("code", "table", "html")
            return (deeper or not section) and _example_next(doc, follower, shown, within=2)
        if deeper:
            return True
        # Sections that the lead-in names ("with the following events:" over "Event: close"), or
        # points to ("See the examples below:").
        return bool(_stems(follower.text) & _stems(sentence)) or bool(_POINTS_DOWN.search(sentence))
    if follower.kind == "thematic_break" and follower.index + 1 < len(doc.blocks) and _rules_divide(doc):
        # In notes that divide their parts with rules, a rule under a lead-in stands between it
        # and what it introduces ("Let's break it down:", "***", "#### Step 1"): judge the block
        # after the rule.
        after = doc.blocks[follower.index + 1]
        return after.kind != "thematic_break" and _continues(doc, lead, after, gap, masked)
    if follower.kind in _SECTION_BREAKS:
        return False
    if promises_code and _next_item(doc, lead, follower):
        # "- An ad-hoc command looks like:" over "- Playbooks are YAML files.": a sentence of
        # prose is no command; anything else may be the command, the output or the names
        # promised ("- sudo apt update", "- Hello World", "- `ls -l`").
        paragraph = _first_paragraph(doc, doc.blocks[follower.children[0]]) if follower.children else None
        return paragraph is None or not _sentence(paragraph.text) or _is_example(
            paragraph.text, masked.get(paragraph.index, paragraph.text))
    if follower.kind in ("list", "list_item", "code", "table", "html"):
        return True  # a list (a sibling item of a list item too), a snippet, a table, markup
    if gap < 2 and (not promises_code or _example_next(doc, follower)):
        # One blank line: whatever text follows may be the continuation ("Note:" and its note, a
        # definition, a scenario). Only a wider hole says that something was taken out of it; or
        # a lead-in that promises code, when neither this paragraph nor the block after it
        # (code, a list, a table) can be that code.
        return True
    paragraph = _first_paragraph(doc, follower)
    if paragraph is None:
        return True
    text = paragraph.text
    if _is_example(text, masked.get(paragraph.index, text)):
        # An example that does not show what the lead-in names (a URL) is not its example.
        return not (_NAMES_URL.search(sentence) and not _URL_LIKE.search(text))
    first_line = doc.line_text(follower.start_line)
    # A list in disguise, the sentence going on, or an indented paragraph.
    return bool(_LIST_LIKE.match(text) or text[:1].islower() or first_line[:1] in " \t"
                or (not promises_code and _definitions(text)))


def _definitions(text: str) -> bool:
    """A paragraph of "Term - what it is" lines, two or more: a list written without markers
    ("Standard - Frequently accessed" over "Standard-IA - Infrequent access")."""
    lines = text.split("\n")
    return len(lines) >= 2 and all(_DEFINITION.match(line) for line in lines)


DIVIDING_RULES = 5  # horizontal rules in a document that make them its dividers, no section ends


def _rules_divide(doc: Document) -> bool:
    return doc.memo("lost.rules_divide",
                    lambda: sum(1 for _ in doc.iter_blocks("thematic_break")) >= DIVIDING_RULES)


def _sentence(text: str) -> bool:
    """A sentence of prose: a capital, four words or more, a full stop."""
    return text[:1].isupper() and text.rstrip()[-1:] in (".", "!", "?") and len(text.split()) >= 4


def _next_item(doc: Document, lead: Block, follower: Block) -> bool:
    """Is ``follower`` the list item after the one that ``lead`` is the text of?"""
    item = doc.parent_of(lead)
    return (follower.kind == "list_item" and item is not None and item.kind == "list_item"
            and follower.parent == item.parent)


_EXAMPLES = ("list", "code", "table", "html")


def _example_next(doc: Document, follower: Block, kinds: tuple[str, ...] = _EXAMPLES,
                  within: int = 1) -> bool:
    """Does a block of ``kinds`` (code, a list, a table) come among the ``within`` blocks after
    ``follower``, past paragraphs only (a note on the example put between the lead-in and the
    example: "Replace ACCOUNT with your id.")?"""
    after = (b for b in doc.blocks[follower.index + 1:] if b.parent == follower.parent)
    for _, block in zip(range(within), after, strict=False):
        if block.kind in kinds:
            return True
        if block.kind != "paragraph":
            return False
    return False


_WORD = re.compile(r"[A-Za-z]{4,}")
_STOP = frozenset((
    "about", "above", "after", "also", "below", "could", "each", "example", "examples", "follow",
    "following", "follows", "have", "into", "like", "looks", "more", "must", "only", "other", "same",
    "should", "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this",
    "those", "what", "when", "where", "which", "will", "with", "would", "your"))


def _stems(text: str) -> set[str]:
    """Content words of ``text``, crudely stemmed (``tiers`` and ``tier`` meet)."""
    words = (w.lower() for w in _WORD.findall(text))
    return {re.sub(r"(?:es|s|ing|ed)$", "", w) for w in words if w not in _STOP}


def _first_paragraph(doc: Document, block: Block) -> Block | None:
    """A paragraph, or a quote's first paragraph."""
    if block.kind == "paragraph":
        return block
    if block.kind == "quote":
        for child in block.children:
            if doc.blocks[child].kind == "paragraph":
                return doc.blocks[child]
    return None


def _is_example(text: str, masked: str) -> bool:
    """A URL, code, a command or JSON: code-ish characters in its prose (not inside an inline code
    span, nor an arrow, "a -> b", that prose uses too), or mostly blanked as non-prose."""
    if _URL_LIKE.search(text) or _CODE_LIKE.search(_ARROW.sub(" ", masked)) or _ONLY_LINKS.fullmatch(text):
        return True  # a link alone points at what was introduced: "Below is the policy:" [policy.json](...)
    solid = len(text) - text.count(" ") - text.count("\n")
    return len(masked) - masked.count(" ") - masked.count("\n") < solid / 2


def _last_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip())[-1]


def _promise(lead: str) -> str:
    m = _PROMISE.search(_strip_trailing_markup(lead))
    # "Below is the policy:" promises "the policy", not "the is the policy".
    what = _VERB_AND_ARTICLE.sub("", m.group(1)) if m else ""
    return f"the {what} it introduces" if what else "the content it introduces"


def _describe(block: Block) -> str:
    return {"thematic_break": "horizontal rule", "quote": "block quote", "list_item": "list item"}.get(
        block.kind, block.kind)


# --- empty inline code -------------------------------------------------------------------------

# A lone pair of backticks between blanks or punctuation: an empty span CommonMark cannot even
# parse as code (it renders the backticks).
_LONE_TICKS = re.compile(r"(?<![`\w\\])``(?![`\w])")


def _empty_code(doc: Document, prose: tuple[ProseBlock, ...]) -> Iterator[Trace]:
    message = "Empty inline code: the code or value it held is missing"
    spans: dict[int, list[str]] = {}
    for span in doc.code_spans:
        spans.setdefault(span.block, []).append(span.content)
    for span in doc.code_spans:
        if span.content.strip():
            continue
        if span.content and _shows_a_blank(doc, span, spans[span.block]):
            continue
        yield Trace("empty-code", span.start, span.end, message)
    for item in prose:
        if "``" not in item.text:
            continue  # most blocks: the regex would read them for nothing
        for m in _LONE_TICKS.finditer(item.text):
            start = doc.text_offset(item.block, m.start())
            yield Trace("empty-code", start, start + 2, message)


_BLANK_WORDS = re.compile(r"\b(?:space|blank|whitespace|delimiter|separator|character|char|combinator|"
                          r"padding|indent)", re.I)


def _shows_a_blank(doc: Document, span: CodeSpan, siblings: list[str]) -> bool:
    """Is ``span`` (a blank in backticks) a space shown on purpose?

    Documentation shows a space character as `` ` ` `` among other symbols (`` `,`, ` `, `;` ``),
    at the head of an item defining it (``- ` ` any descendant``), or next to a word saying so.
    """
    if sum(1 for content in siblings if 0 < len(content.strip()) <= 3) >= 1:
        return True
    block = doc.blocks[span.block]
    line = doc.line_text(doc.line_of(span.start))
    head = line[:doc.position(span.start)[1] - 1].strip(" \t>*+-|0123456789.")
    return not head or bool(_BLANK_WORDS.search(block.text))


# --- empty emphasis ----------------------------------------------------------------------------

# Strong or emphasis markers with nothing between them: "****", "** **", "__ __", "__".
# A run of three or more underscores is a fill-in blank ("The ___ service"), not emphasis; a lone
# "**" is also the power operator, so it is left alone; and "* *" is a run of wildcards (a cron
# schedule, "*/1 * * * *") far more often than the stars of emphasis that lost its text.
# The lookbehind comes after the first marker (it looks back past it) so that the pattern starts
# with "*" or "_": the regex engine then tries it only where those stand, not at every character.
_EMPTY_EMPHASIS = re.compile(
    r"(?:\*(?<![\w*\\]\*)(?:\*[ \t]*\*\*|\*\*[ \t]*\*\*\*)|_(?<![\w*\\]_)(?:_[ \t]+__|_))(?![\w*])")
# The markers stand alone: a blank or an opening mark before, a blank or a closing mark after.
# ("**(A)** **(B)**" has "** **" between two strong spans, after a ")".)
# (Strings, not regexes such as "[\s(\[{\"'“‘]": a class with characters past U+00FF is slow to compile.)
_BEFORE_EMPHASIS = "([{\"'“‘"
_AFTER_EMPHASIS = ")]}\"'”’:,.;!?"


def _empty_emphasis(doc: Document, prose: tuple[ProseBlock, ...]) -> Iterator[Trace]:
    for item in prose:
        text = item.text
        if "*" not in text and "_" not in text:
            continue  # most blocks: no marker at all
        for m in _EMPTY_EMPHASIS.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if not ((before.isspace() or before in _BEFORE_EMPHASIS)
                    and (after.isspace() or after in _AFTER_EMPHASIS)):
                continue
            if item.block.text[m.start():m.end()] != m.group():
                continue  # something between the markers was blanked: "**`code`**" is not empty
            if item.block.kind == "table" and m.group().startswith("*") and " " in m.group():
                continue  # "| * |" cells are bullets or wildcards, not emphasis
            start = doc.text_offset(item.block, m.start())
            yield Trace("empty-emphasis", start, start + len(m.group()),
                        f"Empty emphasis `{m.group()}`: the emphasised text is missing")


# --- a bracket opened and never closed ---------------------------------------------------------

_OPEN = {"(": ")", "[": "]"}
_PROSE_OR_TICK = re.compile(r"[^\W_]|`")  # a letter or digit, or a backtick
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_CLOSE = {")": "(", "]": "["}
_BRACKET = re.compile(r"[][()]")
# ":(", ":-(", ";(", "=(", ":'(": a smiley, not a bracket.
_SMILEY_BEFORE = re.compile(r"[:;=8][-'^o]?\(*$")  # ":(", and each "(" of ":((("


def _unclosed_brackets(doc: Document, prose: tuple[ProseBlock, ...]) -> Iterator[Trace]:
    for item in prose:
        raw = item.block.text
        if "(" not in raw and "[" not in raw:
            continue  # most blocks: nothing can be left open
        rows = item.text.split("\n") if item.block.kind == "table" else [item.text]
        pos = 0
        for row in rows:
            segment = raw[pos:pos + len(row)]
            followed = _ProseAfter(segment)
            for at in _unmatched_openers(segment, row):
                # Words after it mean the closer was forgotten (a typo, not a loss); a hole is an
                # opener that no prose follows: "Network Address (", "Network + 1 ( `VPC Router`".
                if followed(at + 1):
                    continue
                start = doc.text_offset(item.block, pos + at)
                bracket = row[at]
                yield Trace("unclosed-bracket", start, start + 1,
                            f"'{bracket}' is never closed and no text follows it: "
                            f"what it enclosed is missing")
            pos += len(row) + 1


class _ProseAfter:
    r"""Whether prose (a letter or digit) follows an offset of ``text`` outside code spans.

    Called with ``i``, it answers as ``re.search(r"[^\W_]", _CODE_SPAN.sub(" ", text[i:]))`` does,
    without copying and rescanning the rest of the text for each offset asked (a line of
    thousands of unclosed brackets took minutes that way). Up to the first backtick only prose
    can answer; from a backtick on, the code spans the regex pairs from there do not depend on
    where the scan began, so the answer from each backtick is remembered.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # The last scan: where it began, and the first prose character or backtick from there.
        self.last = (1, 0)
        self.from_tick: dict[int, bool] = {}

    def __call__(self, offset: int) -> bool:
        start, found = self.last
        if not start <= offset <= found:
            found = self.next_mark(offset)
            self.last = (offset, found)
        return self.answer(found)

    def next_mark(self, offset: int) -> int:
        match = _PROSE_OR_TICK.search(self.text, offset)
        return match.start() if match else len(self.text)

    def answer(self, at: int) -> bool:
        """The answer from ``at``, a prose character, a backtick or the end of the text."""
        visited: list[int] = []
        result = False
        while at < len(self.text):
            if self.text[at] != "`":
                result = True
                break
            if at in self.from_tick:
                result = self.from_tick[at]
                break
            visited.append(at)
            span = _CODE_SPAN.match(self.text, at)
            # Past a code span; or, when this backtick opens none, on from the next character (the
            # regex's scan tries there next, inside a run of backticks too).
            at = self.next_mark(span.end() if span else at + 1)
        for tick in visited:
            self.from_tick[tick] = result
        return result


def _prose_between(text: str, masked: str, start: int, end: int) -> bool:
    """Does a character of ``text[start:end]`` end a non-prose run (prose, or a line break)?"""
    return any(masked[j] == text[j] or masked[j] == "\n" for j in range(start, end))


def _unmatched_openers(text: str, masked: str) -> list[int]:
    """Positions of opening brackets that nothing closes, in ``text`` (``masked`` is its prose).

    Openers count only in prose. Closers count anywhere, code spans and URLs included, unless they
    close a bracket opened in the same stretch of code or URL: a bare URL often ends with the closer
    of the parenthesis around it ("(https://example.com/)"), while the ")" of "`Reserved (DNS)`"
    closes its own "(". A closer too many can only hide a trace, never invent one.
    A closer takes the nearest opener of its own kind; with none open, it takes the nearest opener
    of the other kind, so half-open ranges ("[0, 1)") balance. Closers with nothing open ("1)",
    "a)", ":)") are ignored. Escaped brackets and smileys do not count.
    """
    if "(" not in text and "[" not in text:
        return []  # most rows: nothing can be left open
    # The openers still open, by kind; together, in text order, they are the stack of openers.
    open_at: dict[str, list[int]] = {"(": [], "[": []}
    hidden = {"(": 0, "[": 0}  # brackets open inside the current non-prose run (code, URL)
    read = 0  # characters before this offset have been read
    # Only brackets act; any other character only ends a non-prose run (it resets ``hidden``, as
    # a bracket in prose does), which matters only while a bracket is open in that run.
    for match in _BRACKET.finditer(text):
        i = match.start()
        ch = text[i]
        if (hidden["("] or hidden["["]) and _prose_between(text, masked, read, i):
            hidden = {"(": 0, "[": 0}
        read = i + 1
        if masked[i] == ch or masked[i] == "\n":
            hidden = {"(": 0, "[": 0}
        elif ch in _OPEN:
            hidden[ch] += 1
            continue
        elif hidden[_CLOSE[ch]]:
            hidden[_CLOSE[ch]] -= 1
            continue
        if i and text[i - 1] == "\\":
            continue
        if ch in _OPEN:
            if ch == "(" and _SMILEY_BEFORE.search(text, max(0, i - 8), i):
                continue
            open_at[ch].append(i)
        else:
            # The nearest opener of its kind; with none, the top of the stack, of the other kind.
            same, other = open_at[_CLOSE[ch]], open_at["[" if ch == ")" else "("]
            if same:
                same.pop()
            elif other:
                other.pop()
    return sorted(open_at["("] + open_at["["])


# --- a character standing where a list marker should be ---------------------------------------

# En dash and bullets pasted from word processors and web pages. An em dash also opens
# attributions ("— Werner Vogels"), so it counts only on two lines running.
_MARKER = re.compile(r"^[ \t]*([–—•◦▪▫‣∙·●○■□])[ \t]+\S")
_MARKER_CHARACTER = re.compile(r"[–—•◦▪▫‣∙·●○■□]")


def _list_markers(doc: Document) -> Iterator[Trace]:
    paragraphs = [b for b in doc.iter_blocks("paragraph") if b.text]
    for n, block in enumerate(paragraphs):
        if not _MARKER_CHARACTER.search(block.text):
            continue  # most paragraphs: no line can start with a marker
        lines = block.text.split("\n")
        marks = [_MARKER.match(line) for line in lines]
        for i, m in enumerate(marks):
            if m is None:
                continue
            # A later line of a paragraph is a list line only in a run of them or under a lead-in;
            # elsewhere it is a dash breaking a wrapped sentence.
            in_run = (marks[i - 1] is not None or lines[i - 1].rstrip().endswith(":")
                      or (i + 1 < len(marks) and marks[i + 1] is not None)) if i else True
            if not in_run:
                continue
            mark = m.group(1)
            if mark == "—" and not _em_dash_run(doc, paragraphs, n, marks, i):
                continue
            pos = sum(len(line) + 1 for line in lines[:i]) + m.start(1)
            start = doc.text_offset(block, pos)
            yield Trace("list-marker", start, start + 1,
                        f"'{mark}' used as a list marker: the line is plain text, its list is lost "
                        f"(write '- ')")


def _em_dash_run(doc: Document, paragraphs: list[Block], n: int, marks: list[re.Match[str] | None],
                 i: int) -> bool:
    def opens(m: re.Match[str] | None) -> bool:
        return m is not None and m.group(1) == "—"
    if (i and opens(marks[i - 1])) or (i + 1 < len(marks) and opens(marks[i + 1])):
        return True
    neighbours = [paragraphs[k] for k in (n - 1, n + 1) if 0 <= k < len(paragraphs)]
    if i == 0:
        neighbours = [b for b in neighbours if abs(b.index - paragraphs[n].index) == 1]
        return any(opens(_MARKER.match(b.text)) for b in neighbours)
    return False


# --- empty list items and table cells ----------------------------------------------------------

_TASK_BOX = re.compile(r"\[[ xX]?\]")


# --- a sentence cut off after a word that cannot end one ---------------------------------------

# Articles and possessives: each needs the noun that follows it ("hardware dedicated to your").
# Demonstratives ("remember this") and "each" ("4 KB each") may end a sentence; "A" may be a label.
_TAIL = 12  # characters at a paragraph's end that can hold the article and the word before it
_NEEDS_A_NOUN = re.compile(r"(?<=\w[ \t])(?:the|an?|your|my|our|their|its|whose)$")


def _cut_off(doc: Document, prose: tuple[ProseBlock, ...]) -> Iterator[Trace]:
    """A paragraph whose last word is an article or a possessive, with no punctuation after it:
    the rest of the sentence went missing. Not when a list, code or a table follows at once,
    which the sentence runs on into ("... using the" over "- `complete-lifecycle-action`")."""
    blocks = doc.blocks
    for item in prose:
        block = item.block
        if block.kind != "paragraph":
            continue
        text = item.text.rstrip()
        tail = max(0, len(text) - _TAIL)  # the last words only: no need to scan the paragraph
        m = _NEEDS_A_NOUN.search(text, tail)
        # Masked text keeps the source's offsets: what was blanked after the word (a code span,
        # "called a `Cognito token`") is where the sentence goes on.
        if m is None or block.text[m.end():].strip():
            continue
        after = block.index + 1
        if after < len(blocks) and blocks[after].kind in ("list", "code", "table"):
            continue
        yield Trace("cut-off", doc.text_offset(block, m.start()), doc.text_offset(block, m.end()),
                    f"The sentence stops at `{m.group()}`: the rest of it is missing")


def _empty_items(doc: Document) -> Iterator[Trace]:
    for block in doc.iter_blocks("list_item"):
        if not block.children:
            yield Trace("empty-item", block.start, block.end, "Empty list item: its text is missing",
                        fingerprint=f"empty item at {doc.line_text(block.start_line).strip()}")
            continue
        first = doc.blocks[block.children[0]]
        if len(block.children) == 1 and first.kind == "paragraph" and _TASK_BOX.fullmatch(first.text.strip()):
            yield Trace("empty-item", block.start, block.end, "Empty task item: its text is missing")


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(row: str) -> list[tuple[int, str]]:
    """(position in the row, text) of each cell of a table row, outer pipes dropped."""
    cells: list[tuple[int, str]] = []
    pos = 0
    for piece in _CELL_SPLIT.split(row):
        cells.append((pos, piece))
        pos += len(piece) + 1
    stripped = row.strip()
    if stripped.startswith("|"):
        cells = cells[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        cells = cells[:-1]
    return cells


def _empty_cells(doc: Document) -> Iterator[Trace]:
    for block in doc.iter_blocks("table"):
        lines = block.text.split("\n")
        if len(lines) < 2:
            continue
        rows = [_cells(line) for line in lines]
        header, body = rows[0], rows[2:]
        offsets = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        filled = [text.strip() for _, text in header]
        # A caption row ("| INBOUND | | |") names the table, not its columns.
        caption = sum(1 for text in filled if text) == 1 and filled[0] != ""
        for col, (at, text) in enumerate(header):
            if col == 0 or caption or text.strip():
                continue  # the corner cell above row labels is usually left empty
            if any(col < len(row) and row[col][1].strip() for row in body):
                start = doc.text_offset(block, offsets[0] + at)
                yield Trace("empty-cell", start, start + len(text),
                            f"Empty header cell in column {col + 1}, whose cells have content: "
                            f"the column's heading is missing",
                            fingerprint=f"{lines[0]}#{col}")
        yield from _stripped_cells(doc, block, lines, rows, offsets)
        for r, row in enumerate(body, start=2):
            if row and not any(text.strip() for _, text in row):
                start = doc.text_offset(block, offsets[r])
                yield Trace("empty-cell", start, start + len(lines[r].rstrip()),
                            "Empty table row: its cells are missing",
                            fingerprint=f"empty row under {lines[0]}")


def _stripped_cells(doc: Document, block: Block, lines: list[str], rows: list[list[tuple[int, str]]],
                    offsets: list[int]) -> Iterator[Trace]:
    """Empty cells narrower than their column in a table padded to its column widths.

    An aligned table pads every cell, empty ones too, to the width of its separator cell; a cell
    squeezed to "| |" in a row whose other cells keep their width lost its content afterwards.
    """
    if not any(len(text) - len(text.strip()) > 2 for row in rows[:1] + rows[2:] for _, text in row):
        return  # no cell is padded: the widths carry no information
    widths = [len(text) for _, text in rows[1]]
    header = [len(text) for _, text in rows[0]]
    if header != widths:
        return  # the header is not padded to the separator: the table is not aligned
    for r, row in enumerate(rows[2:], start=2):
        if len(row) != len(widths):
            continue
        empty = [c for c, (_, text) in enumerate(row) if not text.strip()]
        if not empty or len(empty) == len(row):
            continue
        if any(len(text) != widths[c] for c, (_, text) in enumerate(row) if c not in empty):
            continue  # the row is not aligned either: its widths say nothing
        for c in empty:
            at, text = row[c]
            if len(text) < widths[c]:
                start = doc.text_offset(block, offsets[r] + at)
                yield Trace("empty-cell", start, start + len(text),
                            f"Empty cell in column {c + 1} of an aligned table, narrower than its "
                            f"column: its content is missing", fingerprint=f"{lines[r]}#{c}")
