"""Restructure: split a notes file into one file per top-level topic, plus an index.

Topics
    A topic is an H1 section: a level-1 heading at the top level (ATX or setext) up to the next
    one. Content before the first H1 becomes a topic of its own named after the file's stem (as
    ``lint.facts`` names that implicit topic); when it is only whitespace (blank lines, a BOM) it
    is kept at the head of the first topic instead, so no byte is dropped.

Content
    Each topic file is a slice of the original text, cut at the start of the heading's line:
    bytes, line endings and a BOM are kept, and heading levels are not changed (every topic file
    starts with its own H1). The one change is links: an intra-document link ``[x](#anchor)`` (or
    a reference definition ``[x]: #anchor``) to a heading now in another file becomes
    ``file.md#anchor``, and one whose anchor is numbered differently in its new file (GitHub
    numbers repeated headings ``-1``, ``-2`` per file) gets the new number. Links inside code are
    left alone.

Names
    A topic's file name is a slug of its heading: ASCII (accents folded), lower-case, runs of
    anything else as one hyphen, at most ``MAX_SLUG`` characters; ``topic`` when nothing is left.
    Windows device names (``con``, ``nul``, ``com1`` ...) and ``readme`` (the index) get a
    ``-topic`` suffix. Repeats get ``-2``, ``-3`` ... in document order. A slug holds no
    separator or dot, and every target is also resolved and checked to lie inside the output
    directory, so neither ``../../x`` nor ``/etc/x`` nor a symlink planted in the directory can
    send a write elsewhere.

Index
    ``README.md`` links the topics in their original order. Its first lines carry
    ``INDEX_MARKER`` so that tools (``cleanup``'s facts) can tell it from a topic.

Files that exist are not overwritten unless ``force`` is given; nothing is written until every
target has been checked, and each write is atomic.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePath

from fixers.atomic import encode_text, write_atomic
from lint.document import BOM, Block, Document

INDEX_NAME = "README.md"
INDEX_MARKER = "<!-- notelint:index"
MAX_SLUG = 60
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                               *(f"lpt{i}" for i in range(1, 10))})
_RESERVED = _WINDOWS_RESERVED | {"readme"}
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_SETEXT_UNDERLINE = re.compile(r"\n[ \t]*(?:=+|-+)[ \t]*$")
# [text](#anchor "title") and <#anchor>, and reference definitions: [label]: #anchor
_INLINE_LINK = re.compile(r"\]\(\s*<?(#[^)\s>]*)")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(#[^\s>]*)", re.MULTILINE)
_INLINE_LINK_STRIP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ANCHOR_DROP = re.compile(r"[^\w\- ]")


class RestructureError(Exception):
    """Targets that may not be written; ``problems`` lists each in one line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Topic:
    title: str
    name: str  # file name in the output directory
    text: str  # the slice of the original, links rewritten
    start: int  # offset of the slice in the original text
    end: int
    implicit: bool = False  # the content before the first H1


@dataclass(frozen=True)
class Plan:
    source: str
    topics: tuple[Topic, ...]
    index: str  # the README.md text

    def files(self) -> list[tuple[str, str]]:
        """(file name, text) of every file to write, index first."""
        return [(INDEX_NAME, self.index), *((t.name, t.text) for t in self.topics)]


def is_h1(block: Block) -> bool:
    return block.kind == "heading" and block.depth == 0 and block.level == 1


def heading_title(block: Block) -> str:
    text = _SETEXT_UNDERLINE.sub("", block.text) if block.style == "setext" else block.text
    return _SPACE.sub(" ", text).strip(" ")


def topic_count(doc: Document) -> int:
    """H1 topics in ``doc``, counting non-blank content before the first H1 as one."""
    starts = [b for b in doc.blocks if is_h1(b)]
    head = doc.text[:_line_start(doc, starts[0]) if starts else len(doc.text)]
    return len(starts) + (1 if head.strip().lstrip(BOM).strip() else 0)


def is_index(text: str) -> bool:
    """Whether ``text`` is an index this module wrote."""
    return INDEX_MARKER in text[:500]


# ---------------------------------------------------------------------------------------------
# Names


def slugify(title: str) -> str:
    """A safe file stem for ``title``: ASCII lower-case letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-") or "topic"
    return f"{slug}-topic" if slug in _RESERVED else slug


def unique_names(titles: list[str]) -> list[str]:
    """``slug.md`` for each title, repeats numbered ``-2``, ``-3`` ... in order."""
    taken = {INDEX_NAME.lower()}
    names = []
    for title in titles:
        base = slugify(title)
        name, n = f"{base}.md", 1
        while name in taken:
            n += 1
            name = f"{base}-{n}.md"
        taken.add(name)
        names.append(name)
    return names


# ---------------------------------------------------------------------------------------------
# Anchors and links


def github_anchor(title: str) -> str:
    """The anchor GitHub gives a heading (before numbering repeats)."""
    text = _INLINE_LINK_STRIP.sub(r"\1", title).replace("`", "").lower()
    return _ANCHOR_DROP.sub("", text).replace(" ", "-")


def _anchors(headings: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for title in headings:
        base = github_anchor(title)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}-{n}")
    return out


def _code_ranges(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    ranges = [(s.start, s.end) for s in doc.code_spans if start <= s.start < end]
    ranges += [(b.start, b.end) for b in doc.blocks if b.kind in ("code", "html") and start <= b.start < end]
    return ranges


def _rewrite_links(doc: Document, start: int, end: int, own: int,
                   targets: dict[str, tuple[int, str]], names: list[str]) -> str:
    """The slice ``[start, end)`` of topic ``own`` with its ``#anchor`` links re-pointed."""
    text = doc.text[start:end]
    code = _code_ranges(doc, start, end)
    edits: list[tuple[int, int, str]] = []
    for pattern in (_INLINE_LINK, _REF_DEF):
        for m in pattern.finditer(text):
            a, b = m.span(1)
            if any(s <= start + a < e for s, e in code):
                continue
            anchor = m.group(1)[1:]
            target = targets.get(anchor) or targets.get(anchor.lower())
            if target is None:
                continue
            topic, new_anchor = target
            prefix = "" if topic == own else names[topic]
            if prefix or new_anchor != anchor:
                edits.append((a, b, f"{prefix}#{new_anchor}"))
    for a, b, replacement in sorted(edits, reverse=True):
        text = text[:a] + replacement + text[b:]
    return text


# ---------------------------------------------------------------------------------------------
# Planning and writing


def _line_start(doc: Document, block: Block) -> int:
    return doc.line_starts[block.start_line - 1]


def plan(doc: Document) -> Plan:
    """Split ``doc`` into topics and build the index; nothing is written."""
    stem = PurePath(doc.path).stem or "notes"
    h1s = [b for b in doc.blocks if is_h1(b)]
    cuts = [_line_start(doc, b) for b in h1s]
    spans: list[tuple[str, int, int, bool]] = []  # title, start, end, implicit
    head_end = cuts[0] if cuts else len(doc.text)
    has_head = bool(doc.text[:head_end].lstrip(BOM).strip())
    if has_head or not cuts:
        spans.append((stem, 0, head_end, True))
    for i, block in enumerate(h1s):
        start = 0 if i == 0 and not has_head else cuts[i]
        end = cuts[i + 1] if i + 1 < len(cuts) else len(doc.text)
        spans.append((heading_title(block), start, end, False))
    names = unique_names([title for title, *_ in spans])

    # Where each heading's anchor points now: its topic, and its anchor numbered in that file.
    headings = [b for b in doc.blocks if b.kind == "heading"]
    old = _anchors([heading_title(b) for b in headings])
    targets: dict[str, tuple[int, str]] = {}
    for t, (_title, start, end, _implicit) in enumerate(spans):
        inside = [(h, a) for h, a in zip(headings, old, strict=True) if start <= h.start < end]
        for (_h, old_anchor), new_anchor in zip(inside, _anchors([heading_title(h) for h, _ in inside]),
                                                strict=True):
            targets.setdefault(old_anchor, (t, new_anchor))

    topics = tuple(
        Topic(title, names[t], _rewrite_links(doc, start, end, t, targets, names), start, end, implicit)
        for t, (title, start, end, implicit) in enumerate(spans))
    return Plan(doc.path, topics, _index(stem, PurePath(doc.path).name, topics, doc.newline))


def _index(stem: str, source: str, topics: tuple[Topic, ...], nl: str) -> str:
    lines = [f"# {stem}", "",
             f"{INDEX_MARKER}: topics of {source}, split by `notelint restructure` -->", ""]
    lines += [f"- [{_escape(t.title)}]({t.name})" for t in topics]
    return nl.join(lines) + nl


def _escape(title: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", title)


def check_targets(out_dir: Path, names: list[str], *, force: bool,
                  same: dict[str, str] | None = None) -> list[str]:
    """Problems with writing ``names`` into ``out_dir``: outside it, or existing without ``force``.

    ``same`` maps names to the text they would get: a file already holding exactly that text
    is no conflict (a rerun writes nothing new).
    """
    problems = []
    root = os.path.realpath(out_dir)
    for name in names:
        target = Path(out_dir) / name
        real = os.path.realpath(target)
        if PurePath(name).name != name or os.path.commonpath([root, real]) != root or real == root:
            problems.append(f"{target}: resolves outside {out_dir} ({real}); not written")
            continue
        exists = target.exists() or target.is_symlink()
        if exists and not target.is_file():
            problems.append(f"{target}: exists and is not a regular file; not written")
        elif exists and not force and not _holds(target, (same or {}).get(name)):
            problems.append(f"{target}: exists; use --force to overwrite")
    return problems


def _holds(path: Path, text: str | None) -> bool:
    try:
        return text is not None and path.read_bytes() == encode_text(text)
    except OSError:
        return False


def write(restructure: Plan, out_dir: Path, *, force: bool = False) -> list[Path]:
    """Write the plan's files into ``out_dir`` (created if missing); the paths written.

    Raises ``RestructureError`` before writing anything when a target is unsafe or exists
    (without ``force``), and ``OSError`` when a write fails.
    """
    files = restructure.files()
    if out_dir.exists() and not out_dir.is_dir():
        raise RestructureError([f"{out_dir}: exists and is not a directory"])
    problems = check_targets(out_dir, [name for name, _ in files], force=force, same=dict(files))
    if problems:
        raise RestructureError(problems)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files:
        target = out_dir / name
        if _holds(target, text):
            continue
        write_atomic(target, encode_text(text))
        written.append(target)
    return written
