"""The labels the snippet benchmark scores against: the corpus's lost snippets and prose
(``labels.tsv``), and the expected outcome of each block of the fixtures (``fixtures/*.md``).

Used by ``bench_snippets.py``. README.md says how both were built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint.document import Block, Document
from lint.finding import Finding

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"
LABELS = HERE / "labels.tsv"
FIXTURES = HERE / "fixtures"
SNIPPET_RULES = ("unfenced-code", "missing-code-language", "broken-json", "broken-yaml")

# ``<!-- expect: json fragment; unfenced json -->``: what the lines up to the next such comment hold.
_EXPECT = re.compile(r"^<!--\s*expect:\s*(?P<what>.*?)\s*-->\s*$")
_PROSE_KINDS = ("paragraph", "code")  # a paragraph (list items' included) or an indented code block


@dataclass(frozen=True, slots=True)
class Label:
    """One row of labels.tsv."""

    kind: str  # snippet | prose
    start: int
    end: int
    language: str  # json, yaml, bash, text; "-" for prose
    issue: str  # the range as issue 3 names it, or "-"
    json_class: str  # the expected broken-json class of a JSON snippet, or "-"
    note: str

    def overlaps(self, start: int, end: int) -> bool:
        return start <= self.end and self.start <= end


def load_labels(path: Path = LABELS) -> list[Label]:
    labels = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, start, end, language, issue, json_class, note = raw.split("\t")
        if kind not in ("snippet", "prose"):
            raise ValueError(f"{path.name}: unknown kind {kind!r} in {raw!r}")
        labels.append(Label(kind, int(start), int(end), language, issue, json_class, note))
    return labels


@dataclass(frozen=True, slots=True)
class Region:
    """The lines of a fixture after one ``expect`` comment, up to the next one (or the end).

    ``expects`` holds (what, detail) pairs: ``prose``; ``unfenced <language>``; ``nolang
    <language>`` (missing-code-language); ``json <class>`` (classes joined by ``+`` when
    combined); ``yaml ok|error|duplicate|truncated``; ``clean`` (no snippet rule reports it).
    """

    path: Path
    start: int  # the first line after the comment
    end: int
    expects: tuple[tuple[str, str], ...]

    @property
    def is_prose(self) -> bool:
        return any(what == "prose" for what, _ in self.expects)

    def holds(self, line: int) -> bool:
        return self.start <= line <= self.end


def fixture_paths() -> list[Path]:
    return sorted(FIXTURES.glob("*.md"))


def regions(path: Path, text: str) -> list[Region]:
    """The regions of a fixture; lines before the first comment are prose."""
    lines = text.split("\n")
    marks: list[tuple[int, tuple[tuple[str, str], ...]]] = [(0, (("prose", ""),))]
    for number, line in enumerate(lines, 1):
        m = _EXPECT.match(line)
        if m:
            marks.append((number, tuple(_expectation(part) for part in m.group("what").split(";"))))
    out = []
    for k, (mark, expects) in enumerate(marks):
        end = marks[k + 1][0] - 1 if k + 1 < len(marks) else len(lines)
        if end > mark:
            out.append(Region(path, mark + 1, end, expects))
    return out


def _expectation(part: str) -> tuple[str, str]:
    words = part.split()
    if not words:
        raise ValueError(f"empty expectation in {part!r}")
    return words[0], " ".join(words[1:])


def prose_units(doc: Document, snippets: Iterable[tuple[int, int]]) -> list[Block]:
    """Paragraphs and indented code blocks that overlap none of the ``snippets`` line ranges."""
    ranges = list(snippets)
    units = []
    for block in doc.blocks:
        if block.kind not in _PROSE_KINDS or (block.kind == "code" and block.style != "indent"):
            continue
        if not any(block.start_line <= end and start <= block.end_line for start, end in ranges):
            units.append(block)
    return units


def flagging(block: Block, findings: Sequence[Finding]) -> list[Finding]:
    """The findings whose lines overlap the block's."""
    return [f for f in findings if f.line <= block.end_line and block.start_line <= f.end_line]
