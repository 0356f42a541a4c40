"""Inline suppressions: ``notelint-`` pragmas in HTML comments, and the findings they hide.

Forms (rule ids separated by commas and/or spaces; no id means every rule)::

    <!-- notelint-disable typo, broken-json -->   from here on ...
    <!-- notelint-enable typo -->                 ... until here (or the end of the file)
    <!-- notelint-disable-next-line typo -->      only the next line that is not blank
    <!-- notelint-disable-file -->                the whole file (ids are allowed here too)

Decisions, so that users can rely on them:

- ``disable-next-line`` covers the next *non-blank* line after the line where the comment ends
  (markdownlint uses the very next line, but notes often keep a blank line after a comment, and
  a pragma that silently covered a blank line would be a trap). When that line opens a code
  block, the whole code block is covered: snippet rules report the line inside the snippet where
  the damage is, and the pragma goes above the fence. Text after the comment on its own line is
  not covered.
- A finding is covered by where it *starts*. Ranges use file offsets: a ``disable`` takes effect
  after its comment, an ``enable`` at its comment.
- ``enable`` without ids re-enables everything; ``enable RULE`` under an all-rules ``disable``
  re-enables just that rule.
- Pragmas inside code blocks and inline code spans are text, not pragmas.
- A finding is credited to the most specific pragma that covers it (a named rule before "all";
  next-line before a range before the file), so the broader one may be reported as unused.
- ``unused-suppression`` findings can only be suppressed by pragmas that name that rule
  explicitly: an all-rules pragma that suppressed nothing must not hide its own report.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from fixers.edit import Applicability, Edit, Fix
from lint.document import Block, Document
from lint.finding import Finding
from lint.registry import all_rules

UNUSED_RULE = "unused-suppression"
ALL = "*"

# An HTML comment whose first word starts with "notelint-"; the action is validated afterwards
# so that a misspelt pragma is reported rather than silently ignored.
_PRAGMA = re.compile(r"<!--[ \t\r\n]*notelint-(?P<action>[A-Za-z-]*)(?P<args>.*?)-->", re.DOTALL)
_ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")
_SEPARATORS = re.compile(r"[^\s,]+")


@dataclass(frozen=True, slots=True)
class RuleRef:
    """One rule id named in a pragma, with its span in the file (for precise reports and fixes)."""

    rule: str
    start: int
    end: int
    cut_start: int  # span to delete to drop this id from the list (with one separator)
    cut_end: int


@dataclass(slots=True)
class Pragma:
    action: str  # one of _ACTIONS, or the misspelt action as written
    start: int  # span of the whole comment
    end: int
    rules: tuple[RuleRef, ...]  # empty: every rule
    line: int  # line where the comment ends (next-line pragmas count from it)
    used: set[str] = field(default_factory=set)  # rule ids (or ALL) it suppressed something for

    @property
    def known_action(self) -> bool:
        return self.action in _ACTIONS

    def names(self) -> tuple[str, ...]:
        return tuple(r.rule for r in self.rules) or (ALL,)


def parse_pragmas(doc: Document) -> list[Pragma]:
    """Every ``notelint-`` pragma of the document that is not inside code, in file order."""
    code = sorted([(b.start, b.end) for b in doc.blocks if b.kind == "code"]
                  + [(s.start, s.end) for s in doc.code_spans])
    starts = [s for s, _ in code]
    pragmas = []
    for m in _PRAGMA.finditer(doc.text):
        # Code blocks and code spans never overlap one another, so the one starting last
        # before the comment is the only one that can hold it.
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < code[i][1]:
            continue
        pragmas.append(Pragma(action=m.group("action").lower(), start=m.start(), end=m.end(),
                              rules=_rule_refs(m), line=doc.line_of(max(m.start(), m.end() - 1))))
    return pragmas


def _rule_refs(m: re.Match[str]) -> tuple[RuleRef, ...]:
    base = m.start("args")
    tokens = list(_SEPARATORS.finditer(m.group("args")))
    refs = []
    for k, tok in enumerate(tokens):
        start, end = base + tok.start(), base + tok.end()
        # Dropping an id also drops the separator before it (or after it, for the first one).
        if k > 0:
            cut_start, cut_end = base + tokens[k - 1].end(), end
        elif len(tokens) > 1:
            cut_start, cut_end = start, base + tokens[1].start()
        else:
            cut_start, cut_end = start, end
        refs.append(RuleRef(tok.group(), start, end, cut_start, cut_end))
    return tuple(refs)


class _Coverage:
    """Which pragma, if any, covers a finding of a given rule at a given place."""

    def __init__(self, doc: Document, pragmas: Sequence[Pragma]) -> None:
        self.file = [p for p in pragmas if p.action == "disable-file"]
        self.next_line: dict[int, list[Pragma]] = {}
        for p in pragmas:
            if p.action == "disable-next-line":
                for line in _covered_lines(doc, p.line):
                    self.next_line.setdefault(line, []).append(p)
        self.segments = _segments([p for p in pragmas if p.action in ("disable", "enable")])
        self.segment_starts = [start for start, _ in self.segments]

    def owner(self, rule: str, line: int, offset: int, *, explicit_only: bool = False) -> Pragma | None:
        """The most specific pragma covering ``rule`` at (line, offset), or None."""
        i = bisect_right(self.segment_starts, offset) - 1
        disabled = self.segments[i][1] if i >= 0 else {}
        reenabled = disabled.get(rule) is _REENABLED
        for name in (rule,) if explicit_only else (rule, ALL):  # named before "all"
            for p in self.next_line.get(line, ()):
                if name in p.names():
                    return p
            if not reenabled and name in disabled:
                return disabled[name]
            for p in self.file:
                if name in p.names():
                    return p
        return None


def _covered_lines(doc: Document, line: int) -> range:
    """The lines a next-line pragma ending on ``line`` covers: the next non-blank line, or the
    whole code block that opens on it."""
    target = line + 1
    last = len(doc.line_starts)
    while target <= last and not doc.line_text(target).strip():
        target += 1
    if target > last:
        return range(0)
    block = _code_blocks_by_line(doc).get(target)
    if block is not None:
        return range(target, block.end_line + 1)
    return range(target, target + 1)


def _code_blocks_by_line(doc: Document) -> dict[int, Block]:
    """The first code block opening on each line, found once per document: looking it up block
    by block for each pragma made thousands of pragmas quadratic."""
    return doc.memo("suppressions.code_by_line", lambda: {
        b.start_line: b for b in reversed(doc.blocks) if b.kind == "code"})


# Marks a rule re-enabled (by ``enable RULE``) under an all-rules ``disable``: nothing covers it.
_REENABLED = Pragma(action="enable", start=-1, end=-1, rules=(), line=0)


def _segments(pragmas: Sequence[Pragma]) -> list[tuple[int, dict[str, Pragma]]]:
    """Sweep disable/enable pragmas into segments: (start offset, rule id or ALL -> its disabler).

    A ``disable`` takes effect after its comment and an ``enable`` at its comment. An enable is
    marked used when it closes something; a disable of something already disabled keeps the
    first disabler, so the later one is never credited and gets reported.
    """
    segments: list[tuple[int, dict[str, Pragma]]] = []
    named: dict[str, Pragma] = {}
    everything: Pragma | None = None
    reenabled: set[str] = set()
    for p in pragmas:
        if p.action == "disable":
            if not p.rules and everything is None:
                everything, reenabled = p, set()
            for ref in p.rules:
                named.setdefault(ref.rule, p)
                reenabled.discard(ref.rule)
            at = p.end
        else:
            closed = False
            if not p.rules:
                closed = bool(named) or everything is not None
                named, everything, reenabled = {}, None, set()
            for ref in p.rules:
                closed |= named.pop(ref.rule, None) is not None
                if everything is not None and ref.rule not in reenabled:
                    reenabled.add(ref.rule)
                    closed = True
            if closed:
                p.used.add(ALL)
            at = p.start
        state: dict[str, Pragma] = dict(named)
        if everything is not None:
            state[ALL] = everything
            state.update(dict.fromkeys(reenabled, _REENABLED))
        segments.append((at, state))
    return segments


def filter_findings(doc: Document, findings: Iterable[Finding], enabled_rule_ids: Collection[str],
                    pragmas: Sequence[Pragma] | None = None) -> list[Finding]:
    """The findings of ``doc`` that no pragma suppresses, plus ``unused-suppression`` findings.

    Findings of other paths pass through unchanged. A pragma (or each rule named in it) that
    suppressed nothing is reported when that rule is enabled and so is ``unused-suppression``;
    unknown rule ids, misspelt pragmas and enables that close nothing are reported too.
    """
    findings = list(findings)
    if pragmas is None:
        pragmas = parse_pragmas(doc)
    if not pragmas:
        return findings
    coverage = _Coverage(doc, pragmas)
    kept = [f for f in findings if f.path != doc.path or not _suppress(coverage, f)]
    enabled = set(enabled_rule_ids)
    if UNUSED_RULE not in enabled:
        return kept
    every_rule = set(all_rules()) - {UNUSED_RULE} <= enabled
    reports = [r for p in pragmas for r in _stale(p, enabled)]
    # Only pragmas that name unused-suppression may hide these reports (and are used by that).
    reports = [r for r in reports if not _suppress(coverage, _finding(doc, r, None), explicit_only=True)]
    for p in pragmas:
        for ref in p.rules:
            if ref.rule == UNUSED_RULE and UNUSED_RULE not in p.used and p.known_action:
                reports.append(_Report(p, ref, "unused"))
    stale_ids: dict[int, set[str]] = {}  # by id() of the pragma: its ids reported unused
    for r in reports:
        if r.ref is not None and r.kind == "unused":
            stale_ids.setdefault(id(r.pragma), set()).add(r.ref.rule)
    kept.extend(_finding(doc, r, _fix(doc, r, stale_ids.get(id(r.pragma), set()), every_rule))
                for r in reports)
    return kept


def _suppress(coverage: _Coverage, finding: Finding, *, explicit_only: bool = False) -> bool:
    """Whether a pragma covers the finding; the covering pragma is credited with it."""
    owner = coverage.owner(finding.rule, finding.line, finding.start, explicit_only=explicit_only)
    if owner is None:
        return False
    owner.used.add(finding.rule if finding.rule in owner.names() else ALL)
    return True


@dataclass(frozen=True, slots=True)
class _Report:
    pragma: Pragma
    ref: RuleRef | None  # None: the whole pragma
    kind: str  # unused | unknown-rule | unknown-pragma | stray-enable


def _stale(p: Pragma, enabled: set[str]) -> Iterable[_Report]:
    """What is wrong with one pragma once the findings have been filtered (unused-suppression
    itself aside: its use is known only after these reports are filtered)."""
    if not p.known_action:
        yield _Report(p, None, "unknown-pragma")
        return
    known = all_rules()
    for ref in p.rules:
        if ref.rule not in known:
            yield _Report(p, ref, "unknown-rule")
    if p.action == "enable":
        if ALL not in p.used:
            yield _Report(p, None, "stray-enable")
        return
    if not p.rules:
        if ALL not in p.used:
            yield _Report(p, None, "unused")
        return
    for ref in p.rules:
        if ref.rule in known and ref.rule in enabled and ref.rule != UNUSED_RULE and ref.rule not in p.used:
            yield _Report(p, ref, "unused")


def _message(r: _Report) -> str:
    pragma = f"`notelint-{r.pragma.action}`"
    if r.kind == "unknown-pragma":
        expected = ", ".join(f"`notelint-{a}`" for a in _ACTIONS)
        return f"unknown pragma {pragma} (expected one of {expected})"
    if r.kind == "stray-enable":
        what = ", ".join(f"`{ref.rule}`" for ref in r.pragma.rules) or "rules"
        return f"{pragma} re-enables {what} that {'was' if len(r.pragma.rules) == 1 else 'were'} not disabled"
    if r.kind == "unknown-rule":
        assert r.ref is not None
        return f"unknown rule `{r.ref.rule}` in {pragma}"
    if r.ref is None:
        return f"unused suppression: {pragma} suppresses nothing"
    return f"unused suppression: {pragma} of `{r.ref.rule}` suppresses nothing"


def _finding(doc: Document, r: _Report, fix: Fix | None) -> Finding:
    start, end = (r.ref.start, r.ref.end) if r.ref else (r.pragma.start, r.pragma.end)
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    rule = all_rules().get(UNUSED_RULE)
    return Finding(rule=UNUSED_RULE, severity=rule.severity if rule else "warning", message=_message(r),
                   path=doc.path, start=start, end=end, line=line, column=column, end_line=end_line,
                   end_column=end_column, fix=fix, fingerprint=doc.text[r.pragma.start:r.pragma.end])


def _fix(doc: Document, r: _Report, reported: set[str], every_rule: bool) -> Fix | None:
    """Remove the pragma, or only the stale id when other ids in it still do their job
    (``reported``: the ids of the pragma reported unused).

    An all-rules pragma found unused in a run that did not enable every rule might be needed by
    a rule that did not run: removing it is then unsafe.
    """
    if r.kind in ("unknown-pragma", "unknown-rule"):
        return None  # most likely a typo of a real pragma or id: the user should correct it
    p = r.pragma
    whole_stale = r.ref is None or all(ref.rule in reported for ref in p.rules)
    if not whole_stale:
        assert r.ref is not None
        edit = Edit(r.ref.cut_start, r.ref.cut_end, "")
        return Fix((edit,), "safe", f"Remove `{r.ref.rule}` from the pragma")
    safe = every_rule or bool(p.rules) or r.kind == "stray-enable"
    return _remove_comment(doc, p, "safe" if safe else "unsafe")


def _remove_comment(doc: Document, p: Pragma, applicability: Applicability) -> Fix | None:
    """Delete the comment; when it stands alone on its lines, delete those lines too.

    No fix when the comment is an HTML block that keeps its neighbours apart (see
    ``_separates``); the structure guard is requested anyway, for cases this does not foresee.
    """
    text = doc.text
    first, last = doc.line_of(p.start), doc.line_of(max(p.start, p.end - 1))
    line_start = doc.line_starts[first - 1]
    if first == 1 and doc.has_bom:
        line_start = 1  # the BOM stays
    line_end = doc.line_span(last)[1]
    before, after = text[line_start:p.start], text[p.end:line_end]
    if not before.strip() and not after.strip():
        if _separates(doc, p, first, last):
            return None
        start, end = line_start, line_end
        prev_blank = first > 1 and not doc.line_text(first - 1).strip()
        if (first == 1 or prev_blank) and last < len(doc.line_starts) and not doc.line_text(last + 1).strip():
            end = doc.line_span(last + 1)[1]  # leave no leading blank line, nor two in a row
        elif end == len(text) and first > 1:
            # The comment ends the file: take the blank line before it too, and when the file
            # has no final newline, the terminator before, so that none is left dangling.
            if prev_blank and first > 2:
                start = doc.line_starts[first - 2]
            if not text.endswith(("\n", "\r")):
                start -= 2 if text.endswith("\r\n", 0, start) else 1
    else:
        # Text follows: take the blanks after the comment ("- <!-- x --> text" -> "- text");
        # the comment ends the line: take the blanks before it ("text <!-- x -->" -> "text").
        start, end = p.start, p.end
        if after.strip():
            end += len(after) - len(after.lstrip(" \t"))
        else:
            start -= len(before) - len(before.rstrip(" \t"))
    return Fix((Edit(start, end, ""),), applicability, "Remove the unused pragma", guard_structure=True)


def _separates(doc: Document, p: Pragma, first: int, last: int) -> bool:
    """Whether the HTML block holding just this comment keeps the blocks around it apart.

    Without it, two adjacent lists become one list, and blocks with no blank line between them
    run together (a paragraph absorbs the next line, a list item takes it as lazy text).
    """
    block = _html_block_at(doc, p.start)
    if block is None or block.start_line != first or block.end_line != last:
        return False
    siblings, i = _siblings(doc)[block.index]
    if i == 0 or i + 1 == len(siblings):
        return False
    before, after = doc.blocks[siblings[i - 1]], doc.blocks[siblings[i + 1]]
    if before.kind == after.kind == "list":
        return True
    return before.end_line == first - 1 and after.start_line == last + 1


# Found once per document: searching the blocks for each pragma made thousands of pragmas
# quadratic.


def _html_block_at(doc: Document, offset: int) -> Block | None:
    """The HTML block holding ``offset`` (HTML blocks never overlap one another)."""
    blocks, starts = doc.memo("suppressions.html", lambda: _html_blocks(doc))
    i = bisect_right(starts, offset) - 1
    return blocks[i] if i >= 0 and offset < blocks[i].end else None


def _html_blocks(doc: Document) -> tuple[list[Block], list[int]]:
    blocks = sorted((b for b in doc.blocks if b.kind == "html"), key=lambda b: b.start)
    return blocks, [b.start for b in blocks]


def _siblings(doc: Document) -> dict[int, tuple[list[int], int]]:
    """For each block (by index): the indices of the blocks of its parent, itself included, in
    order, and its position among them."""
    def compute() -> dict[int, tuple[list[int], int]]:
        groups: dict[int | None, list[int]] = {}
        for b in doc.blocks:
            groups.setdefault(b.parent, []).append(b.index)
        return {index: (members, n) for members in groups.values() for n, index in enumerate(members)}
    return doc.memo("suppressions.siblings", compute)
