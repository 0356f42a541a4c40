"""Cleanup: the one-shot pass that leaves a notes folder clean and keeps it so.

``plan_cleanup`` computes everything in memory; ``apply_cleanup`` writes it. In order:

1. Fix: every file's fixes to a fixed point (safe ones; unsafe ones too with ``unsafe``),
   each file checked in the context of the others, as ``notelint fix`` does.
2. Restructure: a file with at least ``MIN_TOPICS`` topics and ``MIN_LINES`` lines is split
   (``lint.restructure``) into a folder named after its stem, next to it: ``notes/aws.md``
   becomes ``notes/aws/README.md`` (the index) and one file per topic. Working in place, the
   original file is removed once everything else is written: its content lives on in the
   topics. A smaller file, an index, or a topic file is left whole, so a second run splits
   nothing.
3. Fix again over the final set of files (moving a duplicate to another file can change which
   copy is the first), so that a second run finds nothing to fix.
4. Write ``facts.yaml`` (``lint.facts.write_facts``, generated indexes left out), the baseline
   of every finding that is left, and the config that points at it, all in the output root:
   ``notelint check`` on the folder then passes, and a problem added later fails it.

The config: a ``.notelint.toml`` (or a pyproject.toml with ``[tool.notelint]``) already in the
output root gets a ``baseline`` key if it has none (one line, inserted; nothing else changes)
and keeps its own if it has one; otherwise a new ``.notelint.toml`` is written. A config found
above the output root no longer applies below it then (the closest config wins): that is
reported, and the baseline is computed with the config that will apply.

Nothing is lost: the words of the output (generated indexes aside) are the words of the input,
except those a fix changed; ``CleanupPlan.changes`` lists every such change with the rule that
made it. A file that cannot be read stops the cleanup before anything is written.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from fixers.apply import FixOutcome, fix_document
from fixers.atomic import encode_text, write_atomic
from lint.baseline import BASELINE_NAME, Baseline
from lint.config import NOTELINT_TOML, PYPROJECT, Config, load_config
from lint.document import Document
from lint.engine import Engine
from lint.parser import parse
from lint.restructure import INDEX_NAME, check_targets, is_index, plan, slugify, topic_count
from lint.source import SourceError, discover, read_source
from lint.unified_diff import unified_diff

MIN_TOPICS = 2
MIN_LINES = 200
FACTS_NAME = "facts.yaml"
MAX_FIX_ROUNDS = 3
LINK_RULE = "restructure (links)"

T = TypeVar("T")
Progress = Callable[[Sequence[T], str], Iterable[T]]


class CleanupError(Exception):
    """The cleanup cannot go ahead; ``problems`` lists why, one line each. Nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """Words a fix removed and added, at a line of the file as it was before that fix."""

    path: str
    line: int
    rule: str
    removed: str
    added: str


@dataclass
class CleanupPlan:
    out_root: Path
    writes: dict[Path, bytes] = field(default_factory=dict)  # only files whose content changes
    deletes: list[Path] = field(default_factory=list)
    old: dict[Path, bytes | None] = field(default_factory=dict)  # current content, for diffs
    fixed: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)
    changes: list[Change] = field(default_factory=list)
    split: list[tuple[str, str, int]] = field(default_factory=list)  # source, folder, topics
    notes: list[str] = field(default_factory=list)  # things the user should know
    rejected: list[str] = field(default_factory=list)  # fixes the structure guard refused
    outputs: dict[str, str] = field(default_factory=dict)  # final notes: relative path -> text

    @property
    def changed(self) -> bool:
        return bool(self.writes or self.deletes)


def _no_progress(items: Sequence[T], what: str) -> Iterable[T]:
    return items


def _posix(path: Path) -> str:
    return PurePosixPath(*path.parts).as_posix() if path.parts else "."


def _walk_key(rel: str) -> tuple[tuple[int, str], ...]:
    """The order ``lint.source.discover`` walks a folder in: a folder's files, then its subfolders."""
    parts = rel.split("/")
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def _common_base(paths: Sequence[Path]) -> Path:
    dirs = [os.path.abspath(p) if p.is_dir() else os.path.dirname(os.path.abspath(p)) for p in paths]
    return Path(os.path.commonpath(dirs))


# ---------------------------------------------------------------------------------------------
# Word changes


_WORD = re.compile(r"\S+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in _WORD.finditer(text)]


def word_changes(path: str, before: str, after: str, outcomes: Sequence[FixOutcome],
                 default_rule: str = "?") -> list[Change]:
    """The word-level differences from ``before`` to ``after``, each attributed to the fix whose
    finding it touches (``default_rule`` when none does)."""
    if before == after:
        return []
    a, b = _tokens(before), _tokens(after)
    starts = _line_starts(before)
    changes = []
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            lo, hi = a[i1][1], a[i2 - 1][1] + len(a[i2 - 1][0])
        else:  # an insertion: the gap between the words around it
            lo = a[i1 - 1][1] + len(a[i1 - 1][0]) if i1 > 0 else 0
            hi = a[i1][1] if i1 < len(a) else len(before)
        line = _line(starts, lo)
        end_line = _line(starts, hi)
        rule = _attribute(outcomes, lo, hi, line, end_line) or default_rule
        changes.append(Change(path, line, rule, " ".join(t for t, _ in a[i1:i2]),
                              " ".join(t for t, _ in b[j1:j2])))
    return changes


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _line(starts: list[int], offset: int) -> int:
    from bisect import bisect_right
    return bisect_right(starts, offset)


def _attribute(outcomes: Sequence[FixOutcome], lo: int, hi: int, line: int, end_line: int) -> str | None:
    for o in outcomes:  # the fix whose finding the change overlaps
        if o.start <= hi and lo <= o.end:
            return o.rule
    for o in outcomes:  # an insertion next to it (a closing fence on the line after the code)
        if o.line - 1 <= end_line and line <= o.end_line + 1:
            return o.rule
    return None


# ---------------------------------------------------------------------------------------------
# Planning


@dataclass
class _Note:
    rel: str  # path relative to the output root (POSIX)
    doc: Document
    source: Path | None  # the input file it came from (in place: removed if it was split)


def plan_cleanup(paths: Sequence[Path], *, out: Path | None = None, unsafe: bool = False,
                 force: bool = False, config_file: Path | None = None,
                 progress: Progress[_Note] = _no_progress) -> CleanupPlan:
    """Everything the cleanup would write, computed without writing.

    Raises ``CleanupError`` (or ``ConfigError``) when it cannot go ahead.
    """
    paths = list(paths) or [Path(".")]
    in_config = load_config(paths, config_file)
    problems: list[str] = []
    files = list(discover(paths, in_config.is_excluded, problems.append))
    base = _common_base(paths)
    out_root = Path(os.path.abspath(out)) if out is not None else base
    notes: list[_Note] = []
    for file in files:
        rel = _posix(Path(os.path.relpath(os.path.abspath(file), base)))
        try:
            notes.append(_Note(rel, parse(read_source(file), rel), file))
        except SourceError as exc:
            problems.append(str(exc))
    if problems:
        raise CleanupError(problems)

    result = CleanupPlan(out_root=out_root)
    # 1. fix
    engine = Engine(in_config)
    _fix_all(notes, engine, unsafe, result, progress, "fixing")
    # 2. restructure
    notes = _restructure(notes, out_root, force, in_place=out is None, result=result)
    notes.sort(key=lambda n: _walk_key(n.rel))
    # 3. fix again, with the config that will apply to the output
    out_config, config_file_out, config_text, baseline_file = _output_config(out_root, in_config, result)
    out_engine = Engine(out_config)
    for _ in range(MAX_FIX_ROUNDS):
        if not _fix_all(notes, out_engine, unsafe, result, progress, "re-checking"):
            break
    # 4. facts, baseline, config
    remaining = out_engine.check([n.doc for n in notes])
    result.left.update(f.rule for f in remaining)
    baseline_dir = baseline_file.parent
    baseline = Baseline.from_findings(
        remaining, baseline_dir,
        path_of=lambda p: _posix(Path(os.path.relpath(out_root / p, baseline_dir))))
    result.outputs = {n.rel: n.doc.text for n in notes}
    planned: dict[Path, bytes] = {out_root / n.rel: encode_text(n.doc.text) for n in notes}
    planned[out_root / FACTS_NAME] = _facts_bytes([n.doc for n in notes if not is_index(n.doc.text)])
    planned[baseline_file] = baseline.dumps().encode("utf-8")
    if config_text is not None:
        planned[config_file_out] = config_text.encode("utf-8")
    for target, data in planned.items():
        current = _read(target)
        if current != data:
            result.writes[target] = data
            result.old[target] = current
    for target in result.deletes:
        result.old[target] = _read(target)
    return result


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _fix_all(notes: list[_Note], engine: Engine, unsafe: bool, result: CleanupPlan,
             progress: Progress[_Note], what: str) -> bool:
    """Fix every note in the context of the others; whether any text changed."""
    changed = False
    docs = [n.doc for n in notes]
    for i, note in enumerate(progress(notes, what)):
        fixed = fix_document(note.doc, lambda d: engine.check_in_context(d, docs), unsafe=unsafe)
        result.fixed.update(o.rule for o in fixed.fixed)
        result.rejected += [f"{note.rel}:{o.line}:{o.column}: {o.rule} fix not applied: {o.reason}"
                            for o in fixed.rejected]
        if not fixed.changed:
            continue
        changed = True
        result.changes += word_changes(note.rel, fixed.original, fixed.text, fixed.fixed)
        note.doc = fixed.document
        docs[i] = fixed.document
    return changed


def should_split(doc: Document) -> bool:
    """Whether ``cleanup`` splits ``doc``: a large file holding several topics."""
    return (not is_index(doc.text) and len(doc.line_starts) >= MIN_LINES
            and topic_count(doc) >= MIN_TOPICS)


def _restructure(notes: list[_Note], out_root: Path, force: bool, *, in_place: bool,
                 result: CleanupPlan) -> list[_Note]:
    final: list[_Note] = []
    taken = {n.rel for n in notes}
    problems: list[str] = []
    for note in notes:
        if not should_split(note.doc):
            final.append(note)
            continue
        rel = PurePosixPath(note.rel)
        folder = rel.parent / slugify(rel.stem)
        split = plan(note.doc)
        files = split.files()
        clash = [str(folder / name) for name, _ in files if str(folder / name) in taken]
        if clash:
            problems.append(f"{note.rel}: cannot split: {', '.join(clash)} is one of the notes")
            continue
        problems += check_targets(out_root / folder, [name for name, _ in files], force=force,
                                  same=dict(files))
        joined = "".join(t.text for t in split.topics)
        result.changes += word_changes(note.rel, note.doc.text, joined, (), LINK_RULE)
        for name, text in files:
            path = _posix(Path(folder) / name)
            taken.add(path)
            final.append(_Note(path, parse(text, path), None))
        result.split.append((note.rel, _posix(Path(folder)), len(split.topics)))
        if in_place and note.source is not None:
            result.deletes.append(Path(os.path.abspath(note.source)))
    if problems:
        raise CleanupError(problems)
    return final


def _facts_bytes(docs: list[Document]) -> bytes:
    from lint.facts import write_facts

    with tempfile.TemporaryDirectory(prefix="notelint-facts-") as tmp:
        target = Path(tmp) / FACTS_NAME
        try:
            write_facts(docs, target)
        except (OSError, ValueError) as exc:  # FactsError is a ValueError
            problems = getattr(exc, "problems", None) or [str(exc)]
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            raise CleanupError([f"{FACTS_NAME} cannot be written: {'; '.join(problems[:3])}{more}"]) from exc
        return target.read_bytes()


_BASELINE_LINE = f'baseline = "{BASELINE_NAME}"'
_NEW_CONFIG = (
    "# Written by `notelint cleanup`. Findings no fix could repair are in the baseline and not\n"
    "# reported; new ones are. Refresh it with `notelint check --write-baseline "
    f"{BASELINE_NAME}`.\n{_BASELINE_LINE}\n")
_TOOL_TABLE = re.compile(r"^[ \t]*\[tool\.notelint\][ \t]*(?:#.*)?$", re.MULTILINE)


def _output_config(out_root: Path, in_config: Config, result: CleanupPlan,
                   ) -> tuple[Config, Path, str | None, Path]:
    """The config that will apply in ``out_root``, its file, its new text (None: unchanged)
    and the baseline file it points at."""
    for name in (NOTELINT_TOML, PYPROJECT):
        file = out_root / name
        if not file.is_file():
            continue
        text = file.read_text(encoding="utf-8")
        if name == PYPROJECT and not _TOOL_TABLE.search(text):
            continue  # a pyproject.toml without [tool.notelint] is no config
        config = load_config([], file)
        if config.baseline is not None:
            return config, file, None, config.baseline
        if name == NOTELINT_TOML:
            new = f"{_BASELINE_LINE}\n{text}"  # top-level keys must come before any table
        else:
            match = _TOOL_TABLE.search(text)
            assert match is not None
            new = f"{text[:match.end()]}\n{_BASELINE_LINE}{text[match.end():]}"
        return config, file, new, out_root / BASELINE_NAME
    file = out_root / NOTELINT_TOML
    if in_config.source is not None:
        result.notes.append(f"{in_config.source} no longer applies in {out_root}: {file} is closer "
                            f"(copy its settings there if they still matter)")
    return Config(root=out_root), file, _NEW_CONFIG, out_root / BASELINE_NAME


# ---------------------------------------------------------------------------------------------
# Applying and showing


def apply_cleanup(result: CleanupPlan) -> list[Path]:
    """Write the plan (atomically, file by file), then remove the files that were split."""
    written = []
    for target, data in result.writes.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        written.append(target)
    for target in result.deletes:
        target.unlink(missing_ok=True)
    return written


def diff(result: CleanupPlan, display: Callable[[Path], str] = str) -> Iterable[str]:
    """A unified diff of every write and removal the plan would make."""
    for target in [*result.writes, *result.deletes]:
        old = result.old.get(target)
        new = result.writes.get(target)
        name = display(target)
        yield from unified_diff(_text(old), _text(new), f"a/{name}" if old is not None else "/dev/null",
                                f"b/{name}" if new is not None else "/dev/null")


def _text(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8", errors="replace")


def summary(result: CleanupPlan, display: Callable[[Path], str] = str, *, dry_run: bool = False) -> str:
    rules = sorted(set(result.fixed) | set(result.left))
    width = max([len("rule"), *(len(r) for r in rules)])
    out = [f"{'rule':<{width}}  {'fixed':>5}  {'left':>5}"]
    out += [f"{r:<{width}}  {result.fixed[r]:>5}  {result.left[r]:>5}" for r in rules]
    out.append(f"{'total':<{width}}  {sum(result.fixed.values()):>5}  {sum(result.left.values()):>5}")
    out.append("(left: recorded in the baseline, not reported by `notelint check`)")
    for source, folder, count in result.split:
        out.append(f"Split {source} into {folder}/: {count} topic(s) and {INDEX_NAME}.")
    if result.changes:
        out.append(f"Words changed by fixes ({len(result.changes)}):")
        for c in result.changes:
            out.append(f"  {c.path}:{c.line}: {c.rule}: {_quote(c.removed)} -> {_quote(c.added)}")
    verb = "Would write" if dry_run else "Wrote"
    out.append(f"{verb} {len(result.writes)} file(s)" + (":" if result.writes else "."))
    out += [f"  {display(p)}" for p in result.writes]
    if result.deletes:
        out.append(("Would remove" if dry_run else "Removed") + " (content moved into topics):")
        out += [f"  {display(p)}" for p in result.deletes]
    return "\n".join(out) + "\n"


def _quote(text: str, limit: int = 60) -> str:
    if not text:
        return "(nothing)"
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")
