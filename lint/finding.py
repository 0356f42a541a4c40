"""A finding: one problem a rule reports, where it is, and how it may be fixed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from fixers.edit import Fix

if TYPE_CHECKING:
    from lint.document import Document

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Location(NamedTuple):
    """Where a finding is: offsets in Document.text and 1-based line/column (end exclusive)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> Location:
        return cls(start, end, *doc.position(start), *doc.position(end))


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    path: str
    start: int  # offsets in Document.text
    end: int
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int  # exclusive
    fix: Fix | None = None
    # Normalised content the finding is about; the baseline hashes it so that moved text
    # still matches its entry.
    fingerprint: str = ""

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # Rebuilt by calling the class: a frozen, slotted dataclass's own unpickling goes
        # through a Python __setstate__ that looks up its fields for every object, which made
        # reading a run's findings from the cache or from a worker most of a cached run's time.
        return (Finding, (self.rule, self.severity, self.message, self.path, self.start, self.end, self.line,
                          self.column, self.end_line, self.end_column, self.fix, self.fingerprint))

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start, self.end, self.rule)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix.to_json() if self.fix else None,
        }
