"""The engine: run the enabled rules over parsed documents, then filter what they found.

Per-file rules see one document; cross-file rules (those overriding ``Rule.check_all``) see
every document of the run at once. Severity overrides and inline suppressions are applied
after the rules, so rules never need to know about either. A baseline, when given, is the last
filter of ``check`` (the report); ``check_in_context`` (what ``fix`` applies) ignores it, so a
fix can still repair a baselined finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lint.baseline import Baseline, Stale
from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, all_rules
from lint.suppressions import filter_findings

# Handled by the suppression filter, not run as a rule.
SUPPRESSION_RULE = "unused-suppression"


def _is_cross_file(rule: Rule) -> bool:
    return type(rule).check_all is not Rule.check_all


@dataclass
class Engine:
    config: Config
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    baseline: Baseline | None = None
    stale: list[Stale] = field(init=False, default_factory=list)  # of the last ``check``
    rule_ids: list[str] = field(init=False)
    rules: list[tuple[Rule, RuleContext]] = field(init=False)

    def __post_init__(self) -> None:
        registry = all_rules()
        self.rule_ids = self.config.enabled(self.select, self.ignore)
        root = str(self.config.root)
        self.rules = [
            (registry[rule_id](), RuleContext(options=self.config.options_for(rule_id), root=root))
            for rule_id in self.rule_ids
            if rule_id != SUPPRESSION_RULE
        ]

    def check(self, docs: Sequence[Document]) -> list[Finding]:
        """Findings for every document, filtered and sorted by path and position."""
        raw: dict[str, list[Finding]] = {doc.path: [] for doc in docs}
        for rule, ctx in self.rules:
            if _is_cross_file(rule):
                for finding in rule.check_all(docs, ctx):
                    raw.setdefault(finding.path, []).append(finding)
            else:
                for doc in docs:
                    raw[doc.path].extend(rule.check(doc, ctx))
        by_path = {doc.path: doc for doc in docs}
        result: list[Finding] = []
        for path, findings in raw.items():
            result.extend(self._filter(by_path[path], findings))
        result.sort(key=Finding.sort_key)
        if self.baseline is not None:
            result, self.stale = self.baseline.filter(result, list(by_path), self.rule_ids)
        return result

    def check_in_context(self, doc: Document, others: Sequence[Document]) -> list[Finding]:
        """Findings in ``doc`` alone, with cross-file rules comparing it against ``others``."""
        # Keep the run's path order: which copy of a duplicate is "first" depends on it.
        docs = [doc if d.path == doc.path else d for d in others]
        if doc.path not in {d.path for d in others}:
            docs.append(doc)
        findings: list[Finding] = []
        for rule, ctx in self.rules:
            if _is_cross_file(rule):
                findings.extend(f for f in rule.check_all(docs, ctx) if f.path == doc.path)
            else:
                findings.extend(rule.check(doc, ctx))
        return sorted(self._filter(doc, findings), key=Finding.sort_key)

    def _filter(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        overrides = self.config.severity
        kept = filter_findings(doc, findings, self.rule_ids)
        return [f.with_severity(overrides[f.rule]) if f.rule in overrides else f for f in kept]
