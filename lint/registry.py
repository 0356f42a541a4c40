"""The rule registry: rules register themselves on import and yield findings.

A rule reads the parsed ``Document`` only; it never parses the file again. Rules that compare
files with each other (duplicates) are ``CrossFileRule``s, in two steps so that the per-file
step can run in worker processes and be cached with the file's other findings:

- ``summarize(doc, ctx)`` reduces one document to what the comparison needs (picklable, small);
- ``combine(summaries, ctx)`` compares the summaries of every file of the run and yields the
  findings; whatever a finding needs from its document (a planned fix) is in the summary.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from fixers.edit import Fix
from lint.finding import Finding, Location, Severity

if TYPE_CHECKING:
    from lint.document import Document


def _rewrites_a_linked_heading(doc: Document, fix: Fix) -> bool:
    """Does an edit of ``fix`` fall in a heading that a link of the document points at by its
    anchor? The fix would change the anchor and break the link, so it is no safe fix."""
    from lint.anchors import linked_headings

    spans = linked_headings(doc)
    return any(start <= e.start and e.end <= end for e in fix.edits for start, end in spans)


@dataclass(frozen=True)
class RuleContext:
    """What a rule may read besides the document: its options from the config."""

    options: Mapping[str, Any] = field(default_factory=dict)
    root: str = "."

    def option(self, name: str, default: Any) -> Any:
        return self.options.get(name, default)


class Rule:
    """Base class. Subclasses set ``id`` and ``severity`` and override ``check`` (or subclass
    ``CrossFileRule`` to compare files with each other).

    The module docstring of a rule's module is its documentation (``notelint rules``).
    """

    id: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    # Option names and defaults this rule accepts under [tool.notelint.<id>].
    options: ClassVar[dict[str, Any]] = {}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        return iter(())

    def check_all(self, docs: Sequence[Document], ctx: RuleContext) -> Iterator[Finding]:
        """Findings over every document of a run; a per-file rule checks each one alone."""
        for doc in docs:
            yield from self.check(doc, ctx)

    def finding(
        self,
        doc: Document,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        *,
        severity: Severity | None = None,
        fingerprint: str = "",
    ) -> Finding:
        line, column = doc.position(start)
        end_line, end_column = doc.position(end)
        if fix is not None and fix.is_safe() and _rewrites_a_linked_heading(doc, fix):
            fix = replace(fix, applicability="unsafe")
        return Finding(
            rule=self.id,
            severity=severity or self.severity,
            message=message,
            path=doc.path,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            fix=fix,
            fingerprint=fingerprint or doc.text[start:end],
        )

    def finding_at(self, path: str, where: Location, message: str, fix: Fix | None = None, *,
                   fingerprint: str) -> Finding:
        """A finding from a location computed earlier (by ``summarize``), with no document."""
        return Finding(rule=self.id, severity=self.severity, message=message, path=path,
                       start=where.start, end=where.end, line=where.line, column=where.column,
                       end_line=where.end_line, end_column=where.end_column, fix=fix,
                       fingerprint=fingerprint)

    @classmethod
    def documentation(cls) -> str:
        module = inspect.getmodule(cls)
        return inspect.cleandoc(module.__doc__ or "") if module else ""


class CrossFileRule(Rule):
    """A rule that compares the files of a run with each other: ``summarize``, then ``combine``."""

    # Runs combine in ascending order of this: a comparison that needs much memory for a while
    # goes first, before the findings of the others are held (the run's peak is the largest
    # comparison plus every finding made before it).
    combine_order: int = 0

    def summarize(self, doc: Document, ctx: RuleContext) -> Any:
        raise NotImplementedError

    def combine(self, summaries: Sequence[Any], ctx: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        return self.check_all([doc], ctx)

    def check_all(self, docs: Sequence[Document], ctx: RuleContext) -> Iterator[Finding]:
        return self.combine([self.summarize(doc, ctx) for doc in docs], ctx)


_RULES: dict[str, type[Rule]] = {}
_LOADED = False


def register(cls: type[Rule]) -> type[Rule]:
    if not cls.id:
        raise ValueError(f"{cls.__name__} has no id")
    if cls.id in _RULES and _RULES[cls.id] is not cls:
        raise ValueError(f"rule id {cls.id!r} registered twice")
    _RULES[cls.id] = cls
    return cls


def rule_ids() -> list[str]:
    """Every rule id, sorted, without importing the rules: a rule's module is named for its id
    (``lint/rules/broken_json.py`` holds ``broken-json``; a test holds the two to it). A run whose
    findings come from the cache whole never imports a rule."""
    import lint.rules as package

    listed = {info.name.replace("_", "-") for info in pkgutil.iter_modules(package.__path__)}
    return sorted(listed | set(_RULES))  # and any registered from elsewhere (plugins, tests)


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by id, importing every ``lint.rules`` module once so they register.

    A flag, not an empty registry, marks the package as loaded: importing one rule module
    directly (as a test does) must not hide the others.
    """
    global _LOADED
    if not _LOADED:
        import lint.rules as package

        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
        _LOADED = True
    return dict(sorted(_RULES.items()))
