"""near-duplicate: a paragraph or list item that is nearly the same as another, or contained in one.

## What it does
Compares every paragraph and list item of at least `min_words` words (default 8) across all
files of a run, as sets of word shingles (`shingle_size` consecutive words, default 3, after
folding case and dropping punctuation). It reports:

- a pair whose Jaccard similarity (shared shingles over all shingles) is at least `threshold`
  (default 0.8), on the later of the two (path order, then position):
  "Paragraph is 87% similar to notes/x.md:120" (or, when all its shingles are the other's and
  only punctuation or symbols tell them apart, "Paragraph has the same words as notes/x.md:120");
- a paragraph whose shingles all occur in a longer one, on the shorter (the copied piece):
  "Paragraph is contained in notes/x.md:120" (the first such place);
- a pair that is the same word for word but for a few slips (a word changed, added or dropped,
  or two neighbours swapped), at most `1 - word_threshold` of the longer one's words (default
  0.9: one slip in 10 to 19 words, two in 20 to 29...): "Paragraph differs from notes/x.md:120
  in 2 words" (the words that differ: a swap is one slip of two words). One word changed
  mid-sentence touches `shingle_size` shingles, which in a 20-word paragraph is under the
  Jaccard threshold already. Two neighbours (one right after the other, blank lines between) or
  two items of one list are no such pair: items that differ in a word ("NetworkIn: bytes
  received", "NetworkOut: bytes sent") are parallel statements, not a copy; nor are two that
  differ only in inline code (the same instruction for another command or name). An inline code
  span counts as one word.
  These pairs are looked for among those sharing at least a third of their shingles;
  `word_threshold = 0` turns this comparison off.

In one file, two units that each introduce a code block (the next block is code), and not the
same code, are no pair either: they are steps of a tutorial ("5. Show the service as YAML" over
one command, "6. Show the service as YAML with an indent of 4" over another), and what differs
is in their code. Two numbered steps over the same code are none either: a procedure runs a
command again on purpose ("2. Issue the ssh command to access server10:", and once the rule is
back, "4. Issue the ssh command to access server10. Enter yes if prompted"). Across files such
a pair is still reported: a passage copied with its code.
Nor are two that start with different inline code, entries of a cheat sheet on two commands
("`git add -A` = Stage all modified files", "`git add -A ./*` = Stage all modified files
beneath the current path"); and for the word-for-word comparison, two numbered items of one
file, its steps or questions, are parallel like the items of one list ("3. Which year did
sales peak?", "4. Which month did sales peak?"), even with a paragraph or code between them.

As in `duplicate-paragraph`, units under a recap heading ("Summary", "Exam tips" ...) and
what two parallel lists of one file share (the steps of two numbered procedures, the details
under two items of one list) are never a pair.

Each paragraph or list item is reported at most once, against its closest match: a place that
contains it, or else the most similar earlier one by shingles, or else the earlier one it
differs from in the fewest words (the first among equals). Units are those of
`duplicate-paragraph`: a list item is compared whole, with what is nested in it, and so is each
paragraph in it unless it is the item's only block. A list item and what is nested in it are
never a pair, and a nested unit whose match lies inside the match of its enclosing item is not
reported again. Exact copies (same normalised text) are left to `duplicate-paragraph`: each
group of exact copies takes part once, as its first copy, so no pair is reported by both rules.
Boilerplate lines (the `boilerplate` patterns, as in `duplicate-paragraph`) are left out before
comparing.

The search is exact (every pair at or above the threshold is found) and near linear: an
index with prefix filtering (`lint/similarity.py`), not a comparison of all pairs.

## Why is this bad?
A passage pasted twice and then edited in one place drifts apart: one copy gets the correction,
the other keeps the mistake. A sentence pasted into a longer paragraph elsewhere says the same
thing twice.

## Example
```markdown
If your stream has 100 active shards, there will be at most 100 Lambda function invocations
running concurrently.

For streams, the number of shards is the unit of concurrency. If your stream has 100 active
shards, there will be at most 100 Lambda function invocations running concurrently.
```
The first paragraph is contained in the second.

## Fix
None: which copy to keep, and how to merge what differs, is for the author to decide. The
message gives the other place and how similar the two are, or how many words they differ in.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from itertools import count
from typing import Any, NamedTuple

from fixers.delete_block import block_name
from lint.document import Block, Document
from lint.finding import Finding, Location
from lint.paragraphs import (
    DEFAULT_BOILERPLATE,
    Patterns,
    check_count,
    compile_boilerplate,
    content_lines,
    line_matcher,
    normalise,
    parallel_list_of,
    text_units,
    unit_ancestors,
)
from lint.registry import CrossFileRule, RuleContext, register
from lint.similarity import SetIndex, as_fraction, at_least, ceil_times

RULE_ID = "near-duplicate"
_WORD = re.compile(r"\w+")
# ASCII text's words the fast way: every byte that is no word character made a space, then split.
_ASCII_BREAKS = bytes(b if b < 128 and (chr(b).isalnum() or chr(b) == "_") else 32 for b in range(256))


# The rule's records are named tuples, not dataclasses: a dataclass is built by generating and
# compiling its methods when the module is imported, a few milliseconds of every run's start.


class Settings(NamedTuple):
    min_words: int
    threshold: Fraction
    shingle_size: int
    boilerplate: Patterns
    word_threshold: Fraction | None  # None: word-for-word comparison off

    @classmethod
    def from_context(cls, ctx: RuleContext, defaults: dict[str, Any]) -> Settings:
        def get(name: str) -> Any:
            return ctx.option(name, defaults[name])

        threshold = get("threshold")
        if not isinstance(threshold, int | float) or isinstance(threshold, bool):
            raise ValueError(f"{RULE_ID}: threshold must be a number in (0, 1], not {threshold!r}")
        try:
            exact = as_fraction(threshold)
        except ValueError as exc:
            raise ValueError(f"{RULE_ID}: {exc}") from exc
        shingle_size = check_count(RULE_ID, "shingle_size", get("shingle_size"))
        if shingle_size < 1:
            raise ValueError(f"{RULE_ID}: shingle_size must be at least 1, not {shingle_size}")
        return cls(check_count(RULE_ID, "min_words", get("min_words")), exact, shingle_size,
                   compile_boilerplate(RULE_ID, get("boilerplate")), _word_threshold(get("word_threshold")))


def _word_threshold(value: object) -> Fraction | None:
    """The ``word_threshold`` option: a number in (0, 1], or 0 / false to turn it off."""
    if value is False or value == 0:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"{RULE_ID}: word_threshold must be a number in [0, 1], not {value!r}")
    try:
        return as_fraction(value)
    except ValueError as exc:
        raise ValueError(f"{RULE_ID}: word_{exc}") from exc


class UnitInfo(NamedTuple):
    """One unit of a file long enough to compare (a file's summary holds these)."""

    block: int  # index in its document's blocks
    key: str  # normalised text: what duplicate-paragraph calls a copy
    content: str  # normalised text without boilerplate lines: what is shingled (mostly ``key`` itself)
    name: str  # "paragraph", "list item"
    start_line: int
    where: Location
    # The finding's fingerprint (its normalised text in the file) in pieces that join to it: the
    # key, when it is the same, or the list marker and the key. A piece that is the key object is
    # pickled once, so a summary holds each unit's text about once, not three times.
    fingerprint: tuple[str, ...]
    enclosing: tuple[int, ...]  # blocks of the units around it in its file, innermost first
    parent: int | None = None  # its block's parent: for a list item, its list
    caption: int = 0  # a checksum of the code block right after it (never 0), or 0: none
    parallel_list: int = -1  # the nearest list of parallel items around it (``parallel_list_of``), or -1
    items_list: int = -1  # when that list details an item of a list, the list of that item; else -1


class Summary(NamedTuple):
    path: str
    units: tuple[UnitInfo, ...]


def summarize(doc: Document, settings: Settings) -> Summary:
    units = []
    boilerplate = line_matcher(settings.boilerplate)
    new = tuple.__new__  # NamedTuple's own __new__ is Python code
    for block, text, key in text_units(doc):
        if not _long_enough(key, settings.min_words):
            continue  # leaving boilerplate lines out only takes words away
        content = key  # without boilerplate lines: normalising joins the same words
        if _has_boilerplate(text, boilerplate):
            content = normalise("\n".join(content_lines(text, settings.boilerplate)))
            if not _long_enough(content, settings.min_words):
                continue
        source = doc.text[block.start:block.end]
        parallel = parallel_list_of(doc, block)
        units.append(new(UnitInfo, (
            block.index, key, content, block_name(block), block.start_line,
            Location.of(doc, block.start, block.end),
            (key,) if source == text else _fingerprint(source, key),
            tuple(unit_ancestors(doc, block)) if block.parent is not None else (), block.parent,
            _caption(doc, block), parallel, _items_list(doc, parallel))))
    return Summary(doc.path, tuple(units))


def _items_list(doc: Document, parallel: int) -> int:
    """The list whose item the list ``parallel`` details ("- **Simple**." over its details), or -1."""
    if parallel < 0:
        return -1
    item = doc.parent_of(doc.blocks[parallel])
    return item.parent if item is not None and item.kind == "list_item" and item.parent is not None else -1


def _caption(doc: Document, block: Block) -> int:
    """A checksum of the code block that comes right after ``block`` and what it holds (the code
    the unit introduces: "5. Show the service as YAML" over its command), never 0; 0 when the
    next block is no code."""
    blocks = doc.blocks
    after = doc.after_nested(block)
    if after == len(blocks) or blocks[after].kind != "code":
        return 0
    return zlib.crc32(blocks[after].text.encode("utf-8", "surrogatepass")) << 1 | 1


def _long_enough(normalised: str, min_words: int) -> bool:
    """At least ``min_words`` words (at least one), one of them with a word character. Normalised
    text is its words joined by single spaces: count the spaces, split nothing."""
    return bool(normalised) and normalised.count(" ") + 1 >= min_words and (
        normalised[0].isalnum() or _WORD.search(normalised) is not None)


def _fingerprint(source: str, key: str) -> tuple[str, ...]:
    """``normalise(source)`` in pieces that share ``key`` where it holds it (see ``UnitInfo``)."""
    fingerprint = normalise(source)
    if fingerprint == key:
        return (key,)
    if fingerprint.endswith(key):  # "- " + key: a list item's marker
        return fingerprint[:len(fingerprint) - len(key)], key
    return (fingerprint,)


def _has_boilerplate(text: str, matches: Callable[[str], object]) -> bool:
    """Whether a non-blank line of ``text``, stripped, ``matches`` (a ``line_matcher``)."""
    for line in text.splitlines():
        line = line.strip()
        if line and matches(line):
            return True
    return False


class Group(NamedTuple):
    """Units with the same normalised text: exact copies, compared once as the first of them."""

    doc: int  # the first copy: its file (path order) and unit
    unit: UnitInfo
    members: list[tuple[int, int]]  # (file, block index) of every copy
    shingles: frozenset[int]


class Shingler:
    """Word shingles as small integers, interned across the run so that equal shingles match.

    Ids are handed out in order of first appearance (so the index's work does not depend on
    hash seeds), by C-level ``map``/``zip`` rather than a Python loop over the words."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.ids: dict[tuple[str, ...], int] = {}
        self._next = count()  # a new shingle takes the next number; numbers need not be dense

    def __call__(self, text: str) -> frozenset[int]:
        words = _words(text)
        k = min(self.size, len(words))
        shingles = zip(*[words[i:] for i in range(k)], strict=False) if k else iter([()])
        return frozenset(map(self.ids.setdefault, shingles, self._next))


def _words(text: str) -> list[str]:
    """``_WORD.findall(text)``; for ASCII text (most) by bytes.translate and split, a third of
    the time: in ASCII the word characters are letters, digits and "_", nothing else."""
    if text.isascii():
        return text.encode().translate(_ASCII_BREAKS).decode().split()
    return _WORD.findall(text)


def groups_of(summaries: Sequence[Summary], settings: Settings) -> list[Group]:
    """The groups of exact copies among the units long enough to compare, in order of first copy."""
    shingler = Shingler(settings.shingle_size)
    by_text: dict[str, Group] = {}
    for doc_no, summary in enumerate(summaries):
        for unit in summary.units:
            group = by_text.get(unit.key)
            if group is None:
                by_text[unit.key] = Group(doc_no, unit, [(doc_no, unit.block)], shingler(unit.content))
            else:
                group.members.append((doc_no, unit.block))
    return list(by_text.values())


def enclosing_groups(summaries: Sequence[Summary],
                     groups: Sequence[Group]) -> tuple[list[set[int]], list[set[int]]]:
    """For each group, the groups that enclose any of its copies (the list items around them),
    and those that enclose its first copy."""
    group_of = {member: g for g, group in enumerate(groups) for member in group.members}
    # Only units inside a list item have units around them: most have none, and cost nothing.
    enclosing_of = {(doc_no, u.block): u.enclosing for doc_no, s in enumerate(summaries)
                    for u in s.units if u.enclosing}
    around_any: list[set[int]] = []
    around_first: list[set[int]] = []
    for group in groups:
        enclosing: set[int] = set()
        first: set[int] = set()
        for member in group.members:
            blocks = enclosing_of.get(member)
            if blocks is None:
                continue
            doc_no = member[0]
            outer = {group_of[doc_no, i] for i in blocks if (doc_no, i) in group_of}
            if member == (group.doc, group.unit.block):
                first = outer
            enclosing |= outer
        around_any.append(enclosing)
        around_first.append(first)
    return around_any, around_first


class Match(NamedTuple):
    other: int  # group number of the other place
    contained: bool  # this unit's shingles all occur in the other, larger one
    overlap: int
    union: int
    edits: int = -1  # the words that differ, for a word-for-word match; -1 for the others


# Pairs compared word for word are found among those sharing this share of shingles: two words
# swapped in ten leave four of eight shingles (3-word shingles) shared, a Jaccard of 1/3.
WORD_CANDIDATES = Fraction(1, 3)
# A shingle that more units hold is template text ("has two virtual CPUs and"): it finds no
# word-for-word candidates. A paragraph pasted twice has a copy or two, not dozens; and a
# generated list of thousands of such lines would otherwise make every pair a candidate.
WORD_MAX_HOLDERS: int | None = 16


def best_matches(groups: Sequence[Group], enclosing: Sequence[set[int]], t: Fraction,
                 word_t: Fraction | None = None) -> dict[int, Match]:
    """For each group that has one, the match it is reported against."""
    index = SetIndex(g.shingles for g in groups)

    def apart(a: int, b: int) -> bool:
        """Never a pair: a list item and its own content, captions of different code, entries
        about different commands."""
        x, y = groups[a], groups[b]
        return (a in enclosing[b] or b in enclosing[a] or _captions_of_other_code(x, y)
                or _other_subjects(x, y) or _parallel_lists(x, y))

    best: dict[int, Match] = {}
    for small, large in index.contained():
        if small not in best and not apart(small, large):  # pairs are sorted: the first place wins
            size = len(groups[small].shingles)
            best[small] = Match(large, True, size, len(groups[large].shingles))
    # (first, later, overlap, whether the pair is only a candidate for the word-for-word test)
    pairs = [(a, b, n, False) for a, b, n in index.similar(t)]
    if word_t is not None:
        words = _Words(groups, word_t)
        for first, later, overlap in index.similar(min(t, WORD_CANDIDATES), WORD_MAX_HOLDERS):
            x, y = groups[first].shingles, groups[later].shingles
            if not at_least(overlap, len(x), len(y), t):  # else a pair of the exact search above
                pairs.append((first, later, overlap, True))
    for first, later, overlap, by_words in pairs:
        x, y = groups[first].shingles, groups[later].shingles
        if x < y or y < x or apart(first, later):
            continue  # a containment is reported as such
        edits = -1
        if by_words:
            found = None if _parallel(groups[first], groups[later]) else words.edits(first, later)
            if found is None:
                continue
            edits = found
        match = Match(first, False, overlap, len(x) + len(y) - overlap, edits)
        current = best.get(later)
        if current is None or (not current.contained and _closer(match, current)):
            best[later] = match
    return best


def _closer(a: Match, b: Match) -> bool:
    """Whether ``a`` is a closer match than ``b``: a shingle match before a word-for-word one,
    then the more similar (compared exactly) or the fewer edits; ties keep the earlier ``b``."""
    if (a.edits < 0) != (b.edits < 0):
        return a.edits < 0
    if a.edits >= 0:
        return a.edits < b.edits
    return a.overlap * b.union > b.overlap * a.union


class _Words:
    """Word-for-word comparison of two groups' first copies: the words of each, in order, made
    on first use (only pairs that share enough shingles are compared)."""

    def __init__(self, groups: Sequence[Group], threshold: Fraction) -> None:
        self.groups = groups
        self.threshold = threshold
        # Each group's words as numbers, one per distinct word of the run (a code span's is
        # odd): a run of many files compares tens of thousands of units, and a list of
        # str objects each would be the parent's largest allocation.
        self._words: dict[int, array[int]] = {}
        self._ids: dict[str, int] = {}

    def of(self, g: int) -> array[int]:
        words = self._words.get(g)
        if words is None:
            found = _CODE_OR_WORD.findall(self.groups[g].unit.content)
            words = self._words[g] = array("Q", map(self._id, found))
        return words

    def _id(self, word: str) -> int:
        found = self._ids.get(word)
        if found is None:
            found = self._ids[word] = 2 * len(self._ids) + (word[0] == "`")
        return found

    def edits(self, first: int, later: int) -> int | None:
        """The words that differ (changed, added or dropped) between the two, when the slips that
        turn one into the other (the same, but a swap of two neighbours is one) leave at least
        ``threshold`` of the longer one's words as they are and some of them are no inline code;
        else None."""
        from rapidfuzz.distance import OSA, Levenshtein

        x, y = self.of(first), self.of(later)
        longest = max(len(x), len(y))
        allowed = longest - ceil_times(self.threshold, longest)  # edits that keep the threshold
        if allowed < 1:
            return None  # no edit is allowed: only exact copies, which are duplicate-paragraph's
        # Optimal string alignment: two neighbouring words swapped are one slip, not two changes.
        slips = int(OSA.distance(x, y, score_cutoff=allowed))
        if not 0 < slips <= allowed:
            return None
        ops = Levenshtein.editops(x, y)
        if all(_in_code(op, x, y) for op in ops):
            return None  # the same sentence of another command or name: "Run `build a`", "Run `build b`"
        return len(ops)  # the words that differ, a swap's two included, for the message


def _captions_of_other_code(a: Group, b: Group) -> bool:
    """Whether, in one file, each introduces a code block, and not the same code, or they are two
    numbered steps: two steps of a tutorial ("5. Show the service as YAML", "6. Show the service
    as YAML indented by 4"), each over its own command, say what differs in the code, not in their
    words; a procedure may run one command twice ("2. Issue the ssh command", the rule put back,
    "4. Issue the ssh command ... again"). Across files such a pair is more likely a passage
    copied with its code, then edited in one copy."""
    if a.doc != b.doc or not (a.unit.caption and b.unit.caption):
        return False
    return a.unit.caption != b.unit.caption or _step_number(a.unit) != _step_number(b.unit)


def _step_number(unit: UnitInfo) -> str | None:
    """The number of a numbered list item ("4" of "4. Issue the ssh command"), or None."""
    if unit.name != "list item":
        return None
    m = _NUMBER.match(unit.fingerprint[0])
    return m.group() if m else None


def _parallel(a: Group, b: Group) -> bool:
    """Neighbours (the later one starts at most ``NEIGHBOURS`` lines after the earlier ends), or
    items of one list: statements side by side that differ in a word or two are parallel,
    "NetworkIn: bytes received" over "NetworkOut: bytes sent", not a copy."""
    if a.doc != b.doc:
        return False
    if b.unit.start_line - a.unit.where.end_line <= NEIGHBOURS:
        return True
    if a.unit.name != "list item" or b.unit.name != "list item":
        return False
    # Items of one list, or numbered items of one file: its steps or questions, each list
    # perhaps cut off from the next by a paragraph or code ("3. Which year did ...", "4. Which
    # month did ...").
    return a.unit.parent == b.unit.parent or _numbered(a.unit) and _numbered(b.unit)


def _numbered(unit: UnitInfo) -> bool:
    """An item of an ordered list: its normalised source starts with its number."""
    return _step_number(unit) is not None


def _parallel_lists(a: Group, b: Group) -> bool:
    """Whether both are in two different lists of parallel items of one file (``parallel_list_of``),
    or one details an item of a list and the other is another item of it: the same step of two
    procedures, "Without encryption" and "With encryption", or the same detail under two items,
    says the same on purpose."""
    x, y = a.unit.parallel_list, b.unit.parallel_list
    return a.doc == b.doc and (x >= 0 and y >= 0 and x != y or _detail_and_item(a.unit, b.unit)
                               or _detail_and_item(b.unit, a.unit))


def _detail_and_item(detail: UnitInfo, item: UnitInfo) -> bool:
    """Whether ``detail`` details one item of a list and ``item`` is another item of that list,
    taken whole: "No two items can have the same partition key" under "Simple" is no copy of the
    item "Composite", whose details say it of the partition and sort keys."""
    return detail.items_list >= 0 and item.parent == detail.items_list and item.block not in detail.enclosing


def _other_subjects(a: Group, b: Group) -> bool:
    """Whether both start with an inline code span, and not the same: entries of a cheat sheet
    about two commands ("`git add -A` = Stage all modified files", "`git add -A ./*` = Stage all
    modified files beneath the current path"), not a copy."""
    x, y = _SUBJECT.match(a.unit.content), _SUBJECT.match(b.unit.content)
    return x is not None and y is not None and x.group() != y.group()


_SUBJECT = re.compile(r"`[^`]+`")
_NUMBER = re.compile(r"\d+(?=[.)])")


NEIGHBOURS = 2  # lines from one unit's end to the next one's start that make them neighbours
# The words compared word for word: an inline code span is one word (a command or a name).
_CODE_OR_WORD = re.compile(r"`[^`]+`|\w+")


def _in_code(op: Any, x: array[int], y: array[int]) -> bool:
    """Whether an edit (rapidfuzz's ``Editop``) changes, adds or drops a code span only (the
    words of ``_Words.of``: a code span's number is odd)."""
    if op.tag == "insert":
        return bool(y[op.dest_pos] & 1)
    if op.tag == "delete":
        return bool(x[op.src_pos] & 1)
    return bool(x[op.src_pos] & 1 or y[op.dest_pos] & 1)


@register
class NearDuplicate(CrossFileRule):
    id = RULE_ID
    severity = "info"
    combine_order = -1  # its index is the largest comparison of a run: before duplicate-paragraph's findings
    options = {
        "min_words": 8,
        "threshold": 0.8,
        "word_threshold": 0.9,
        "shingle_size": 3,
        "boilerplate": list(DEFAULT_BOILERPLATE),
    }

    def summarize(self, doc: Document, ctx: RuleContext) -> Summary:
        return summarize(doc, Settings.from_context(ctx, self.options))

    def combine(self, summaries: Sequence[Summary], ctx: RuleContext) -> Iterator[Finding]:
        settings = Settings.from_context(ctx, self.options)
        ordered = sorted(summaries, key=lambda s: s.path)  # "earlier" means earlier in path order
        groups = groups_of(ordered, settings)
        enclosing, around_first = enclosing_groups(ordered, groups)
        best = best_matches(groups, enclosing, settings.threshold, settings.word_threshold)
        findings = []
        for g, match in best.items():
            if self._repeats_enclosing(match, around_first[g], best, enclosing):
                continue
            findings.append(self._report(ordered, groups[g], groups[match.other], match))
        findings.sort(key=Finding.sort_key)
        return iter(findings)

    @staticmethod
    def _repeats_enclosing(match: Match, around: set[int], best: dict[int, Match],
                           enclosing: Sequence[set[int]]) -> bool:
        """A list item around this unit is reported against the place of this match, or one around it."""
        for outer in around:
            covering = best.get(outer)
            if covering is not None and (covering.other == match.other
                                         or covering.other in enclosing[match.other]):
                return True
        return False

    def _report(self, summaries: Sequence[Summary], group: Group, other: Group, match: Match) -> Finding:
        unit = group.unit
        where = f"{summaries[other.doc].path}:{other.unit.start_line}"
        if match.contained:
            message = f"{unit.name.capitalize()} is contained in {where}"
        elif match.edits >= 0:
            words = f"{match.edits} word{'s' * (match.edits > 1)}"
            message = f"{unit.name.capitalize()} differs from {where} in {words}"
        elif match.overlap == match.union:  # the same shingles: "100% similar" would puzzle
            message = (f"{unit.name.capitalize()} has the same words as {where}: only punctuation or "
                       "symbols differ")
        else:
            message = f"{unit.name.capitalize()} is {match.overlap * 100 // match.union}% similar to {where}"
        return self.finding_at(summaries[group.doc].path, unit.where, message,
                               fingerprint="".join(unit.fingerprint))
