"""Applying fixes: span edits on the text as read, in passes, to a fixed point, under a guard.

A pass takes the applicable fixes of the current findings left to right and accepts each fix
whose edits overlap no fix accepted before it; an overlapping fix waits for the next pass, when
the findings are derived again from the edited text. Passes repeat until no fix applies, under a
cap, and a content hash of every text seen stops a cycle.

The structure guard keeps a fix from changing Markdown it does not touch: the blocks whose spans
stay clear of every edit must parse the same afterwards, compared as (position mapped through
the edits, kind, depth, text, info, heading level, fence closed). Deleting a paragraph between
two lists would merge them into one list: that fix is rejected, reported, and never applied.

* Every fix is guarded together with the other fixes of its pass. The guard reuses the parse
  that the next pass needs anyway, so it costs nothing when it passes.
* A fix with ``guard_structure=True`` (fixes that delete or replace whole blocks) is also
  guarded alone, because a neighbouring edit in the same pass could hide the blocks that show
  its damage.

When the pass as a whole fails the guard, the longest run of its fixes (left to right) that
passes is found by bisection, and the fix that breaks it is settled: rejected when it fails
alone, otherwise held for the next pass (it only fails next to the fixes before it). A rejected
fix is not tried again in the run while the text it was judged on stands; when no fix is left,
the fixes rejected before the last pass are tried once more on the final text (that pass may
have changed the Markdown around them). Those rejected for good stay reported in
``FixResult.rejected``.

Two fixes go in one pass only when their edits neither overlap nor meet with an insertion at
the edge of the other's span (``_conflict``).

``FixResult.converged`` is true when no applicable fix is left pending; rejected fixes do not
count, so a second run over the result changes nothing. On a cycle the pass that would
recreate an earlier text is not made; at the cap the text is the one the last pass left.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fixers.edit import Applicability, Edit, Fix
from lint.document import Block, Document
from lint.finding import Finding
from lint.parser import parse

Check = Callable[[Document], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """A fix that was applied or rejected, with its finding's position in the original text."""

    rule: str
    message: str  # the finding's message
    fix_message: str
    applicability: Applicability
    start: int  # offsets in the original text
    end: int
    line: int  # 1-based, in the original text
    column: int
    end_line: int
    end_column: int
    pass_number: int  # 1-based pass in which the fix was applied or rejected
    reason: str = ""  # why a rejected fix was rejected; "" for an applied one


@dataclass(frozen=True)
class FixResult:
    path: str
    original: str  # the text before any fix
    text: str  # the text after the fixes: write this back
    document: Document  # ``text`` parsed
    fixed: tuple[FixOutcome, ...]
    rejected: tuple[FixOutcome, ...]
    remaining: tuple[Finding, ...]  # findings of ``text`` (positions in ``text``)
    passes: int  # passes that changed the text
    converged: bool  # no applicable fix was left pending
    cycle: bool = False  # stopped because a pass would have recreated an earlier text
    # The edits each pass applied, sorted, in the coordinates of the text that pass started
    # from: applied in order to ``original`` they give ``text``, and nothing else changed.
    edits: tuple[tuple[Edit, ...], ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits, left to right, to ``text``; everything else is copied as is.

    Raises ``ValueError`` for an edit beyond the end of the text or two overlapping edits.
    """
    ordered = sorted(edits)
    parts: list[str] = []
    cursor = 0
    previous: Edit | None = None
    for edit in ordered:
        if edit.end > len(text):
            raise ValueError(f"edit {edit.start}..{edit.end} is beyond the end of the text ({len(text)})")
        if previous is not None and previous.overlaps(edit):
            raise ValueError(f"edits {previous.start}..{previous.end} and {edit.start}..{edit.end} overlap")
        parts.append(text[cursor:edit.start])
        parts.append(edit.replacement)
        cursor = edit.end
        previous = edit
    parts.append(text[cursor:])
    return "".join(parts)


def fix_document(doc: Document, check: Check, *, unsafe: bool = False, max_passes: int = 10) -> FixResult:
    """Apply the applicable fixes of ``check(doc)`` pass after pass until none applies.

    ``check`` returns the findings of a document with config and suppressions applied. Safe
    fixes apply; unsafe ones too when ``unsafe`` is true.
    """
    if max_passes < 1:
        raise ValueError("max_passes must be at least 1")
    run = _Run(doc, check, unsafe)
    return run.loop(max_passes)


@dataclass
class _Candidate:
    finding: Finding
    fix: Fix
    edits: tuple[Edit, ...]  # sorted

    @property
    def key(self) -> tuple[str, tuple[Edit, ...]]:
        return self.finding.rule, self.edits


@dataclass
class _Pass:
    """The outcome of one pass's selection and guard."""

    accepted: list[_Candidate] = field(default_factory=list)
    rejected: list[tuple[_Candidate, str]] = field(default_factory=list)
    document: Document | None = None  # the accepted edits applied and parsed


class _Run:
    def __init__(self, doc: Document, check: Check, unsafe: bool) -> None:
        self.original = doc
        self.check = check
        self.unsafe = unsafe
        self.history: list[tuple[Edit, ...]] = []  # accepted edits of each pass, sorted
        self.fixed: list[FixOutcome] = []
        self.rejected: list[FixOutcome] = []
        # Rejected fixes, in current coordinates, with the number of passes made when rejected.
        self.refused: dict[tuple[str, tuple[Edit, ...]], int] = {}
        self.reported: set[tuple[str, str, int, int]] = set()

    def loop(self, max_passes: int) -> FixResult:
        doc = self.original
        findings = tuple(self.check(doc))
        seen = {_digest(doc.text)}
        passes = 0
        converged = cycle = False
        while True:
            candidates = self.candidates(doc, findings)
            if not candidates and self.forget_stale_refusals():
                candidates = self.candidates(doc, findings)
            if not candidates:
                converged = True
                break
            if passes >= max_passes:
                break
            step = self.step(doc, candidates)
            for cand, reason in step.rejected:
                self.refused[cand.key] = passes
                self.record(cand, passes + 1, reason, self.rejected)
            if not step.accepted:
                continue  # only rejections: the fixes they held back may go now
            assert step.document is not None
            digest = _digest(step.document.text)
            if digest in seen:
                cycle = True
                break
            seen.add(digest)
            passes += 1
            edits = tuple(sorted(e for cand in step.accepted for e in cand.edits))
            for cand in step.accepted:
                self.record(cand, passes, "", self.fixed)
            self.history.append(edits)
            moved = (((rule, _shift_edits(old, edits)), at) for (rule, old), at in self.refused.items())
            self.refused = {(rule, new): at for (rule, new), at in moved if new is not None}
            doc = step.document
            findings = tuple(self.check(doc))
        return FixResult(
            path=self.original.path,
            original=self.original.text,
            text=doc.text,
            document=doc,
            fixed=tuple(self.fixed),
            rejected=tuple(self.rejected),
            remaining=findings,
            passes=passes,
            converged=converged,
            cycle=cycle,
            edits=tuple(self.history),
        )

    def forget_stale_refusals(self) -> bool:
        """Forget the fixes refused before the last pass changed the text; true if there were any.

        The guard judges a fix by the Markdown around it, and a later pass may have changed
        that (an unused pragma between two indented code blocks may go once a fix fenced
        them). Retried on the final text, such a fix is applied or refused for good; kept
        refused, it would be applied by the next run, and a second run must change nothing.
        """
        stale = [key for key, at in self.refused.items() if at < len(self.history)]
        for key in stale:
            del self.refused[key]
        return bool(stale)

    def candidates(self, doc: Document, findings: Sequence[Finding]) -> list[_Candidate]:
        """Applicable fixes that change the text, left to right, minus those already refused."""
        out = []
        for finding in findings:
            fix = finding.fix
            if fix is None or not fix.edits or not (fix.is_safe() or self.unsafe):
                continue
            cand = _Candidate(finding, fix, tuple(sorted(fix.edits)))
            if cand.key in self.refused or _is_noop(doc.text, cand.edits):
                continue
            out.append(cand)
        out.sort(key=lambda c: (c.edits[0].start, c.edits[-1].end, c.finding.rule, c.finding.message))
        return out

    def step(self, doc: Document, candidates: list[_Candidate]) -> _Pass:
        """Select non-overlapping fixes left to right and run them through the guard."""
        step = _Pass()
        guard = _Guard(doc)
        selected: list[_Candidate] = []
        taken: list[Edit] = []
        for cand in candidates:
            problem = _malformed(doc.text, cand.edits)
            if problem:
                step.rejected.append((cand, problem))
            elif not any(_conflict(e, t) for e in cand.edits for t in taken):
                selected.append(cand)
                taken.extend(cand.edits)
            # else: it meets a fix taken before it and waits for the next pass.
        selected = [cand for cand in selected if self.alone_ok(guard, cand, selected, step)]
        if not selected:
            return step
        if guard.accepts(_edits_of(selected)):
            step.accepted = selected
        else:
            self.one_at_a_time(guard, selected, step)
        if step.accepted:
            step.document = guard.parsed(_edits_of(step.accepted))
        return step

    def alone_ok(self, guard: _Guard, cand: _Candidate, selected: list[_Candidate], step: _Pass) -> bool:
        """Guard a ``guard_structure`` fix alone when other edits of the pass lie near it.

        The damage a block deletion does shows in the blocks around it. When no other edit of
        the pass lies between the top-level blocks before and after it, the guard of the whole
        pass sees those blocks as they are, and the parse of the fix alone can be saved.
        """
        if not cand.fix.guard_structure:
            return True
        low, high = guard.neighbourhood(cand.edits[0].start, max(e.end for e in cand.edits))
        crowded = any(e.start <= high and low <= e.end
                      for other in selected if other is not cand for e in other.edits)
        if not crowded or guard.accepts(cand.edits):
            return True
        step.rejected.append((cand, guard.reason))
        return False

    def one_at_a_time(self, guard: _Guard, selected: list[_Candidate], step: _Pass) -> None:
        """Accept the longest prefix of ``selected`` that passes the guard, then settle the fix
        that broke it and go on after it; a binary search keeps this to a few parses a culprit."""
        rest = selected
        while rest:
            if guard.accepts(_edits_of([*step.accepted, *rest])):
                step.accepted.extend(rest)
                return
            good, bad = 0, len(rest)  # accepted + rest[:good] passes, accepted + rest[:bad] fails
            while bad - good > 1:
                middle = (good + bad) // 2
                if guard.accepts(_edits_of([*step.accepted, *rest[:middle]])):
                    good = middle
                else:
                    bad = middle
            step.accepted.extend(rest[:good])
            culprit = rest[good]
            if not guard.accepts(culprit.edits):
                step.rejected.append((culprit, guard.reason))
            # else: it only fails next to the fixes accepted before it, and waits for the next pass.
            rest = rest[good + 1:]

    def record(self, cand: _Candidate, pass_number: int, reason: str, into: list[FixOutcome]) -> None:
        finding = cand.finding
        start = self.to_original(finding.start, end=False)
        end = max(start, self.to_original(finding.end, end=True))
        key = (finding.rule, finding.message, start, end)
        if reason and key in self.reported:
            return  # the same fix refused again in another form: reported once
        if not reason and key in self.reported:
            # Refused next to text that a later pass changed, then applied: not a rejection.
            self.rejected = [o for o in self.rejected if (o.rule, o.message, o.start, o.end) != key]
        self.reported.add(key)
        line, column = self.original.position(start)
        end_line, end_column = self.original.position(end)
        into.append(FixOutcome(finding.rule, finding.message, cand.fix.message, cand.fix.applicability,
                               start, end, line, column, end_line, end_column, pass_number, reason))

    def to_original(self, offset: int, *, end: bool) -> int:
        for edits in reversed(self.history):
            offset = _map_back(offset, edits, end=end)
        return offset


_CACHED_PARSES = 4  # enough for: the pass, the prefix accepted so far, the fix alone


class _Guard:
    """Compares how the blocks away from a set of edits parse before and after them."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.cache: dict[str, Document] = {}
        self.reason = ""
        self.tops: list[Block] | None = None

    def parsed(self, edits: Sequence[Edit]) -> Document:
        text = apply_edits(self.doc.text, edits)
        if text not in self.cache:
            if len(self.cache) >= _CACHED_PARSES:
                del self.cache[next(iter(self.cache))]  # the oldest
            self.cache[text] = parse(text, self.doc.path)
        return self.cache[text]

    def accepts(self, edits: Sequence[Edit]) -> bool:
        edits = sorted(edits)
        try:
            after = self.parsed(edits)
        except Exception as exc:  # a fix that breaks the parser must not be written
            self.reason = f"the edited text could not be parsed: {type(exc).__name__}: {exc}"
            return False
        shift = _forward(edits)
        old_spans = _old_spans(edits)
        before, edited = _split(self.doc, old_spans)
        # An edited block that starts clear of every edit survives in the edited text, maybe
        # shorter (a list that lost its last item); its counterpart there counts as edited too.
        survivors = {(shift(b.start), b.kind, b.depth) for b in edited
                     if not _within(b.start, old_spans)}
        # So does a block that starts where a deletion starts, when the deletion took only its
        # beginning (the first item of a list): it now starts at the deletion's point. Unless an
        # untouched block lands there with the same kind and depth: then the deletion took the
        # whole block, and that is the next one, moved up.
        deletions = {e.start for e in edits if not e.replacement}
        clear = {(shift(b.start), b.kind, b.depth) for b in before}
        survivors |= {(shift(b.start), b.kind, b.depth) for b in edited if b.start in deletions} - clear
        now, _ = _split(after, _new_spans(edits), survivors)
        if [_key(b, shift) for b in before] == [_key(b, None) for b in now]:
            return True
        self.reason = _describe([_key(b, shift) for b in before], [_key(b, None) for b in now], after)
        return False

    def neighbourhood(self, start: int, end: int) -> tuple[int, int]:
        """From the top-level block ending before ``start`` to the one starting after ``end``."""
        if self.tops is None:
            self.tops = [b for b in self.doc.blocks if b.depth == 0]
        low, high = 0, len(self.doc.text)
        for block in self.tops:
            if block.end < start:
                low = block.start
            elif block.start > end:
                high = block.end
                break
        return low, high


# A span an edit covers: (start, end, inclusive). A replacement or insertion touches the blocks
# it meets, even at their edges (its text may join them); a pure deletion touches only the
# blocks it overlaps, or in the edited text the blocks that span its point: a deletion that
# merely ends where the next block begins must leave that block parsing the same.
_Span = tuple[int, int, bool]
_BlockKey = tuple[int, int, str, int, str, Any, Any, bool]


def _split(doc: Document, spans: list[_Span],
           survivors: set[tuple[int, str, int]] | None = None) -> tuple[list[Block], list[Block]]:
    """The blocks no span touches, and the others (``survivors`` count as touched)."""
    ends = [end for _, end, _ in spans]
    clear: list[Block] = []
    edited: list[Block] = []
    for b in doc.blocks:
        i = bisect_left(ends, b.start)  # the first span that ends at or after the block's start
        touched = survivors is not None and (b.start, b.kind, b.depth) in survivors
        while i < len(spans) and spans[i][0] <= b.end and not touched:
            start, end, inclusive = spans[i]
            touched = inclusive or (start < b.end and b.start < end)
            i += 1
        (edited if touched else clear).append(b)
    return clear, edited


def _within(offset: int, spans: list[_Span]) -> bool:
    """Whether ``offset`` lies inside or at the edge of a span."""
    i = bisect_left([end for _, end, _ in spans], offset)
    return i < len(spans) and spans[i][0] <= offset


def _key(b: Block, shift: Callable[[int], int] | None) -> _BlockKey:
    start, end = (shift(b.start), shift(b.end)) if shift else (b.start, b.end)
    return start, end, b.kind, b.depth, b.text, b.info, b.level, b.closed


def _describe(before: list[_BlockKey], now: list[_BlockKey], after: Document) -> str:
    """Name the first untouched block that would parse differently, for the report."""
    prefix = "structure guard: the fix would change how the Markdown around it parses"
    for old, new in zip(before, now, strict=False):
        if old != new:
            line, _ = after.position(min(old[0], len(after.text)))
            return f"{prefix} (the {old[2]} at line {line} of the fixed text would not stay as it is)"
    return f"{prefix} ({len(before)} untouched blocks before, {len(now)} after)"


def _edits_of(cands: Iterable[_Candidate]) -> list[Edit]:
    return sorted(e for cand in cands for e in cand.edits)


def _conflict(a: Edit, b: Edit) -> bool:
    """Whether edits of two different fixes may not go in one pass: they overlap, or one is an
    insertion at the edge of the other's span.

    Within one fix an insertion next to a replacement is deliberate; across two fixes it lands
    against text the other fix rewrites: broken-json's brace inserted before a snippet that
    unfenced-code replaces with a fenced copy of itself ended up outside the new fence. The
    later fix waits for the next pass, which derives it again from the edited text.
    """
    if a.overlaps(b):
        return True
    return (a.start == a.end or b.start == b.end) and a.start <= b.end and b.start <= a.end


def _malformed(text: str, edits: tuple[Edit, ...]) -> str:
    if any(e.end > len(text) for e in edits):
        return f"malformed fix: an edit ends beyond the end of the text ({len(text)})"
    if any(a.overlaps(b) for a, b in zip(edits, edits[1:], strict=False)):
        return "malformed fix: its own edits overlap"
    return ""


def _is_noop(text: str, edits: tuple[Edit, ...]) -> bool:
    return all(e.end <= len(text) and text[e.start:e.end] == e.replacement for e in edits)


def _delta(edit: Edit) -> int:
    return len(edit.replacement) - (edit.end - edit.start)


def _old_spans(edits: Sequence[Edit]) -> list[_Span]:
    return [(e.start, e.end, bool(e.replacement)) for e in edits]


def _new_spans(edits: Sequence[Edit]) -> list[_Span]:
    """Where each edit's replacement lies in the edited text (edits sorted, non-overlapping)."""
    spans, delta = [], 0
    for e in edits:
        start = e.start + delta
        spans.append((start, start + len(e.replacement), bool(e.replacement)))
        delta += _delta(e)
    return spans


def _forward(edits: Sequence[Edit]) -> Callable[[int], int]:
    """Map an offset clear of every edit from the old text into the edited one."""
    ends = [e.end for e in edits]
    cumulative = [0]
    for e in edits:
        cumulative.append(cumulative[-1] + _delta(e))

    def shift(offset: int) -> int:
        return offset + cumulative[bisect_right(ends, offset)]  # edits ending at or before it

    return shift


def _shift_edits(old: tuple[Edit, ...], applied: tuple[Edit, ...]) -> tuple[Edit, ...] | None:
    """Move a refused fix's edits to the offsets of the edited text; ``None`` if an applied edit
    overlaps them (the text they were refused for is gone, so the fix may be derived anew)."""
    moved = []
    for e in old:
        if any(a.overlaps(e) for a in applied):
            return None
        # Applied edits sort before ``e`` exactly when they end at or before its start.
        delta = sum(_delta(a) for a in applied if a.end <= e.start)
        moved.append(Edit(e.start + delta, e.end + delta, e.replacement))
    return tuple(moved)


def _map_back(offset: int, edits: Sequence[Edit], *, end: bool) -> int:
    """Map an offset in the edited text to the text before ``edits`` (sorted, applied).

    An offset on a replacement maps to the replaced span's start, or to its end when it is the
    end of a range (``end``) or sits right after the replacement.
    """
    delta = 0
    for e in edits:
        new_start = e.start + delta
        new_end = new_start + len(e.replacement)
        if offset < new_start:
            break
        if offset <= new_end:
            if end:
                return e.start if offset == new_start and new_start < new_end else e.end
            return e.end if offset == new_end else e.start
        delta += _delta(e)
    return offset - delta


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
