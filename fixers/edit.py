"""The edit model: a fix is a set of span edits on the file's text as read.

Offsets index ``Document.text`` (the decoded file with its BOM and CRLF line endings kept), so an
edit never re-renders Markdown and never touches text outside ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")

    def __reduce__(self) -> tuple[type[Edit], tuple[int, int, str]]:
        return (Edit, (self.start, self.end, self.replacement))  # see lint.finding.Finding.__reduce__

    def overlaps(self, other: Edit) -> bool:
        # Two insertions at one point conflict too: their order would be ambiguous.
        if self.start == self.end == other.start == other.end:
            return True
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that together repair one finding, and whether applying them is safe."""

    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"
    message: str = ""
    # Rules whose fix deletes or replaces whole blocks ask the applier to check that the
    # blocks outside the edits parse the same afterwards.
    guard_structure: bool = field(default=False)

    def __reduce__(self) -> tuple[type[Fix], tuple[object, ...]]:
        # Rebuilt by calling the class, as lint.finding.Finding.__reduce__ explains.
        return (Fix, (self.edits, self.applicability, self.message, self.guard_structure))

    @property
    def span(self) -> tuple[int, int]:
        return min(e.start for e in self.edits), max(e.end for e in self.edits)

    def is_safe(self) -> bool:
        return self.applicability == "safe"

    def to_json(self) -> dict[str, object]:
        return {
            "applicability": self.applicability,
            "message": self.message,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in self.edits],
        }
