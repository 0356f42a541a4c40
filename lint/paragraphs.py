"""The paragraphs and list items the duplicate rules compare, and what counts as boilerplate.

Shared by ``duplicate-paragraph`` (exact copies) and ``near-duplicate`` (similar text) so that
both rules see the same units, normalise them the same way and skip the same boilerplate:

- a *unit* is a list item (compared whole: its text and that of everything nested in it) or a
  paragraph, except the only block of a list item (then the item is the unit);
- ``normalise`` collapses whitespace, folds case and strips trailing punctuation: two units with
  the same normalised text are exact copies;
- a line is boilerplate when it matches one of the patterns (table separator rows, horizontal
  rules, ``<details>``/``<summary>`` lines by default); a unit whose every line is boilerplate,
  or whose normalised text is shorter than a minimum, never counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from lint.document import Block, Document

_TRAILING_PUNCTUATION = ".,;:!?…"

DEFAULT_BOILERPLATE = (
    r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$",  # table separator row
    r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$",  # horizontal rule
    r"^</?(?:details|summary)\b.*$",  # <details>/<summary> lines
)

Patterns = tuple[re.Pattern[str], ...]


def normalise(text: str) -> str:
    """Whitespace collapsed, case folded, trailing punctuation stripped."""
    return collapse_whitespace(text).casefold().rstrip(_TRAILING_PUNCTUATION).rstrip()


def collapse_whitespace(text: str) -> str:
    """``" ".join(text.split())``, without splitting a line whose only whitespace is single
    spaces between words (most paragraphs): every other whitespace character is unprintable."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def compile_boilerplate(rule_id: str, patterns: object) -> Patterns:
    """The ``boilerplate`` option compiled, or a ValueError naming the rule and the option."""
    if isinstance(patterns, str) or not isinstance(patterns, Iterable) or not all(
            isinstance(p, str) for p in patterns):
        raise ValueError(f"{rule_id}: boilerplate must be a list of regular expressions")
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise ValueError(f"{rule_id}: bad boilerplate pattern: {exc}") from exc


def check_count(rule_id: str, name: str, value: object) -> int:
    """An option that must be a non-negative integer (bool refused), or a ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{rule_id}: {name} must be a non-negative integer, not {value!r}")
    return value


def is_boilerplate_line(line: str, patterns: Patterns) -> bool:
    return bool(line_matcher(patterns)(line))


@lru_cache(maxsize=16)
def line_matcher(patterns: Patterns) -> Callable[[str], object]:
    """A test of whether any of the patterns matches a line: one alternation of them all when
    that means the same, so that a line costs one match call rather than one per pattern.

    Patterns with groups (a backreference counts them) or with flags of their own (inline
    flags must open the expression) are tried one by one instead.
    """
    if not patterns or any(p.groups or p.flags != re.UNICODE for p in patterns):
        return lambda line: any(p.match(line) for p in patterns)
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)).match
    except re.error:
        return lambda line: any(p.match(line) for p in patterns)


def content_lines(text: str, patterns: Patterns) -> list[str]:
    """The stripped, non-blank lines of ``text`` that are not boilerplate."""
    matches = line_matcher(patterns)
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not matches(line)]


def is_boilerplate(text: str, norm: str, min_chars: int, patterns: Patterns) -> bool:
    """Text too short to count, or whose every non-blank line is boilerplate."""
    return len(norm) < min_chars or only_boilerplate(text, line_matcher(patterns))


def only_boilerplate(text: str, matches: Callable[[str], object]) -> bool:
    """Whether ``text`` has a non-blank line and every one, stripped, ``matches`` (a
    ``line_matcher``): ``is_boilerplate`` for many texts, with the matcher looked up once."""
    seen = False
    for line in text.splitlines():  # most text is told apart by its first line
        line = line.strip()
        if line:
            if not matches(line):
                return False
            seen = True
    return seen


def unit_text(doc: Document, block: Block) -> str:
    """A paragraph's text, or a list item's text and that of everything nested in it."""
    if block.kind != "list_item":
        return block.text
    if len(block.children) == 1 and not doc.blocks[block.children[0]].children:
        return doc.blocks[block.children[0]].text  # most items: one paragraph
    parts: list[str] = []
    stack = list(reversed(block.children))
    while stack:
        child = doc.blocks[stack.pop()]
        if child.text:
            parts.append(child.text)
        stack.extend(reversed(child.children))
    return "\n".join(parts)


def is_unit(doc: Document, block: Block) -> bool:
    """List items, and paragraphs other than the only block of a list item (that is the item)."""
    if block.kind == "list_item":
        return True
    if block.kind != "paragraph":
        return False
    parent = doc.parent_of(block)
    return parent is None or parent.kind != "list_item" or len(parent.children) > 1


def text_units(doc: Document) -> Sequence[tuple[Block, str, str]]:
    """Every unit of the document in block order, with its text and that text normalised;
    computed once per document (both duplicate rules go over them)."""
    return doc.memo("paragraphs.units", lambda: tuple(_units(doc)))


# A heading over a recap: what it holds restates the notes above it, on purpose. The heading must
# be named so ("Summary", "Exam tips - EC2", "Let's recap"), not name a subject ("AWS Summary").
_RECAP = re.compile(r"[\W\d_]*(?:let'?s\s+)?(?:summary|recap|exam\s+tips?|key\s+(?:points|takeaways)"
                    r"|key\s+(?:exam\s+)?terms|takeaways|cheat\s*sheet|tl;?\s*dr|quick\s+reference)\b", re.I)


def _units(doc: Document) -> list[tuple[Block, str, str]]:
    """``(block, unit_text(doc, block), normalised)`` of each block that ``is_unit``, asking only
    what can differ: a list item is always one, and a paragraph's text is its own. Units under a
    recap heading ("Summary", "Exam tips", "Key takeaways") are left out: repeating the notes is
    what a recap is for."""
    # A document's title (level 1) names the whole file, even "Cheat sheet": only its parts recap.
    recaps = {h.index for h in doc.iter_blocks("heading") if (h.level or 1) > 1 and _RECAP.match(h.text)}
    units = []
    for block in doc.blocks:
        if recaps and block.index < len(doc.sections) and not recaps.isdisjoint(doc.sections[block.index]):
            continue
        if block.kind == "paragraph":
            if is_unit(doc, block):
                units.append((block, block.text, normalise(block.text)))
        elif block.kind == "list_item":
            text = unit_text(doc, block)
            units.append((block, text, normalise(text)))
    return units


def parallel_list_of(doc: Document, block: Block) -> int:
    """The nearest list of two items or more around ``block`` whose items are parallel: an
    ordered list (the steps of a procedure, a list of questions) or a list nested in a list item
    (the details of that item); -1 when there is none. What repeats between two such lists of one
    file repeats on purpose: "3. Partitioning scheme: ..." without and with encryption, "Start
    and end with an alphanumeric" under "Name" and under "Valid label values". A list of one item
    is none of these: a fence or a paragraph between numbered steps cuts one list into such
    pieces; nor is a list at the top, whose neighbour lists are often pasted twice."""
    parent = doc.parent_of(block)
    while parent is not None:
        if parent.kind == "list" and len(parent.children) > 1 and (
                parent.parent is not None or doc.text[parent.start:parent.start + 1].isdigit()):
            return parent.index
        parent = doc.parent_of(parent)
    return -1


def unit_ancestors(doc: Document, block: Block) -> list[int]:
    """Indices of the blocks that enclose ``block`` and are units themselves, innermost first."""
    result = []
    parent = doc.parent_of(block)
    while parent is not None:
        if is_unit(doc, parent):
            result.append(parent.index)
        parent = doc.parent_of(parent)
    return result
