"""The engine: run the enabled rules over parsed documents, then filter what they found.

A run has two steps, so that the first can be cached per file and spread over processes:

1. ``analyse(doc)``: the per-file rules' findings, with inline suppressions applied, and each
   cross-file rule's summary of the file (a ``FileAnalysis``, small and picklable);
2. ``combine(analyses)``: the cross-file rules compare the summaries of every file; their
   findings join the per-file ones; severity overrides apply last.

Rules never need to know about suppressions or severities. A baseline, when given, is the last
filter of ``check`` (the report); ``check_in_context`` (what ``fix`` applies) ignores it, so a
fix can still repair a baselined finding.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lint.config import Config
from lint.finding import Finding
from lint.registry import CrossFileRule, Rule, RuleContext, all_rules

if TYPE_CHECKING:
    from lint.baseline import Baseline, Stale
    from lint.document import Document

# Handled by the suppression filter, not run as a rule.
SUPPRESSION_RULE = "unused-suppression"


@dataclass(frozen=True, slots=True)
class FileAnalysis:
    """What one file contributes to a run; what the cache stores per file."""

    path: str
    findings: tuple[Finding, ...]  # per-file rules, suppressions applied
    # The same before suppressions, kept only when the file has pragmas: cross-file findings
    # must then be filtered together with them (an unused pragma depends on all of them).
    raw: tuple[Finding, ...] | None
    # Cross-file rule id -> its summary of the file, or that summary pickled (``packed``).
    summaries: dict[str, Any]

    def packed(self) -> FileAnalysis:
        """This analysis with each summary pickled, as a worker process sends it back.

        A run's parent holds every file's summaries until the cross-file rules compare them: as
        bytes they take a fraction of the memory of the objects (a fifth, at the corpus), and
        each rule's are unpickled only for its own comparison, then dropped."""
        import pickle

        return FileAnalysis(self.path, self.findings, self.raw, {
            rule_id: s if isinstance(s, bytes) else pickle.dumps(s, pickle.HIGHEST_PROTOCOL)
            for rule_id, s in self.summaries.items()})

    def summary(self, rule_id: str) -> Any:
        """The summary of cross-file rule ``rule_id``, unpickled if packed."""
        found = self.summaries[rule_id]
        if isinstance(found, bytes):
            from lint.cache import loads  # notelint's classes only, as from the cache

            return loads(found)
        return found


@dataclass
class Engine:
    config: Config
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    baseline: Baseline | None = None
    stale: list[Stale] = field(init=False, default_factory=list)  # of the last ``check``
    rule_ids: list[str] = field(init=False)
    # The last document analysed for each path, with its analysis (``fix`` asks again and again).
    _analysed: dict[str, tuple[Document, FileAnalysis]] = field(init=False, default_factory=dict)
    _rules: list[tuple[Rule, RuleContext]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.rule_ids = self.config.enabled(self.select, self.ignore)

    @property
    def rules(self) -> list[tuple[Rule, RuleContext]]:
        """The enabled rules with their contexts, imported on first use: a run reported from
        the cache whole needs none of them."""
        if self._rules is None:
            registry = all_rules()
            root = str(self.config.root)
            self._rules = [
                (registry[rule_id](), RuleContext(options=self.config.options_for(rule_id), root=root))
                for rule_id in self.rule_ids
                if rule_id != SUPPRESSION_RULE
            ]
        return self._rules

    @rules.setter
    def rules(self, value: list[tuple[Rule, RuleContext]]) -> None:
        self._rules = value

    def __getstate__(self) -> dict[str, Any]:
        # Sent to worker processes: the documents analysed here stay here.
        state = {name: getattr(self, name) for name in self.__dataclass_fields__}
        state["_analysed"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    def fingerprint(self) -> str:
        """What findings depend on besides the files and notelint's code (whose fingerprint
        covers the option defaults): the rules, the options set by the user, the severities."""
        options = {rule_id: self.config.rule_options.get(rule_id, {}) for rule_id in self.rule_ids}
        return json.dumps([self.rule_ids, options, self.config.severity, str(self.config.root)],
                          sort_keys=True, default=repr)

    # -- step 1: one file ------------------------------------------------------------------

    def analyse(self, doc: Document) -> FileAnalysis:
        local: list[Finding] = []
        summaries: dict[str, Any] = {}
        for rule, ctx in self.rules:
            if isinstance(rule, CrossFileRule):
                summaries[rule.id] = rule.summarize(doc, ctx)
            else:
                local.extend(rule.check(doc, ctx))
        from lint.suppressions import filter_findings, parse_pragmas  # not for a cached run

        pragmas = parse_pragmas(doc)
        kept = filter_findings(doc, local, self.rule_ids, pragmas)
        return FileAnalysis(doc.path, tuple(kept), tuple(local) if pragmas else None, summaries)

    def _analysis(self, doc: Document) -> FileAnalysis:
        """``analyse``, once per document object."""
        known = self._analysed.get(doc.path)
        if known is None or known[0] is not doc:
            known = self._analysed[doc.path] = (doc, self.analyse(doc))
        return known[1]

    # -- step 2: the run -------------------------------------------------------------------

    def combine(self, analyses: Sequence[FileAnalysis], document: Callable[[str], Document], *,
                only: str | None = None) -> list[Finding]:
        """Every finding of the run (or of the file ``only``), sorted. ``document(path)`` is
        asked for a file only when it has pragmas and cross-file findings, to filter them
        together."""
        cross: dict[str, list[Finding]] = defaultdict(list)
        crossing = [(rule, ctx) for rule, ctx in self.rules if isinstance(rule, CrossFileRule)]
        for rule, ctx in sorted(crossing, key=lambda pair: pair[0].combine_order):
            for finding in rule.combine([a.summary(rule.id) for a in analyses], ctx):
                cross[finding.path].append(finding)
        result: list[Finding] = []
        for analysis in analyses:
            if only is not None and analysis.path != only:
                continue
            extra = cross.get(analysis.path)
            if not extra:
                found = list(analysis.findings)
            elif analysis.raw is None:
                found = [*analysis.findings, *extra]
            else:
                from lint.suppressions import filter_findings

                found = filter_findings(document(analysis.path), [*analysis.raw, *extra], self.rule_ids)
            result.extend(self._with_severity(found))
        result.sort(key=Finding.sort_key)
        return result

    def apply_baseline(self, findings: list[Finding], paths: Sequence[str]) -> list[Finding]:
        if self.baseline is None:
            return findings
        kept, self.stale = self.baseline.filter(findings, list(paths), self.rule_ids)
        return kept

    # -- in memory -------------------------------------------------------------------------

    def check(self, docs: Sequence[Document]) -> list[Finding]:
        """Findings for every document, filtered and sorted by path and position."""
        by_path = {doc.path: doc for doc in docs}
        findings = self.combine([self.analyse(doc) for doc in docs], by_path.__getitem__)
        return self.apply_baseline(findings, list(by_path))

    def check_in_context(self, doc: Document, others: Sequence[Document]) -> list[Finding]:
        """Findings in ``doc`` alone, with cross-file rules comparing it against ``others``."""
        # Keep the run's path order: which copy of a duplicate is "first" depends on it.
        docs = [doc if d.path == doc.path else d for d in others]
        if doc.path not in {d.path for d in others}:
            docs.append(doc)
        by_path = {d.path: d for d in docs}
        return self.combine([self._analysis(d) for d in docs], by_path.__getitem__, only=doc.path)

    def _with_severity(self, findings: list[Finding]) -> list[Finding]:
        overrides = self.config.severity
        return [f.with_severity(overrides[f.rule]) if f.rule in overrides else f for f in findings]
