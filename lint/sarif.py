"""SARIF 2.1.0 output: findings, their rules and their fixes for code-scanning tools.

One log, one run. ``tool.driver.rules`` describes the rules given (``RuleMeta``: a summary, the
Markdown documentation, the default severity as ``defaultConfiguration.level``), sorted by id,
then any rule that has findings but was not described. Each finding is a result with its rule's
id and index, its level (the severity it was reported with), its message, one location and a
partial fingerprint; a finding with a fix carries it as a SARIF fix.

Positions:

* Lines and columns are 1-based and count Unicode code points, as ``Finding`` columns do; so
  ``run.columnKind`` is ``"unicodeCodePoints"``. A leading BOM is not a column. ``endColumn`` is
  exclusive, as in ``Finding``. Lines end at ``\\r\\n``, ``\\r`` or ``\\n`` (``run.newlineSequences``),
  as the parser counts them.
* A fix's ``deletedRegion`` gives ``charOffset``/``charLength`` in code points of the file's
  text *after* a leading BOM, if any. ``Edit`` offsets index ``Document.text``, which keeps the
  BOM as its first character; SARIF consumers decode the file and drop the BOM before counting
  characters, as they do before counting columns, so the BOM is subtracted. That takes the
  file's text (``texts``); for a path whose text is not given the edit offsets are written as
  they are, which is exact for every file without a BOM. With the text, the region also gets
  ``startLine``/``startColumn``/``endLine``/``endColumn``, computed the same way as finding
  positions. Fixers never edit the BOM itself; were an edit to cover it, the region starts
  after it.
* ``artifactLocation.uri`` is the finding's path as a relative URI reference (forward slashes,
  percent-encoded) against ``uriBaseId`` ``%SRCROOT%``; an absolute path becomes a ``file:``
  URI with no base. Paths are as reported, relative to the working directory, so the run's
  ``originalUriBaseIds`` gives ``%SRCROOT%`` as that directory's ``file:`` URI: a viewer can
  open the files, and GitHub code scanning, run from the repository's root, needs nothing more.

Fingerprints: ``partialFingerprints["notelint/v1"]`` is a hash of the rule, the path and the
finding's normalised ``fingerprint`` (the content it is about, normalised as the baseline does),
then ``:`` and the occurrence of that hash among the findings before it in report order. No
line or column goes into it, so text inserted above a finding keeps its identity, and two
copies of the same typo in one file stay two results.

Fix applicability: an unsafe fix (``notelint fix --unsafe-fixes``) says "(unsafe)" in its
description, and every fix has ``properties.applicability`` ("safe" or "unsafe").
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from fixers.edit import Edit, Fix
from lint.baseline import normalise
from lint.document import BOM
from lint.finding import Finding, Severity
from lint.reporters import SourceText, ordered

if TYPE_CHECKING:
    from lint.registry import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "notelint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "notelint/v1"
LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What SARIF says about one rule.

    ``severity`` is the rule's default (``Rule.severity``), not a configured override: the level
    of each result is the severity its finding was reported with. ``summary`` is one line
    (``shortDescription``); ``documentation`` is Markdown (``fullDescription`` and ``help``).
    """

    id: str
    severity: Severity = "warning"
    summary: str = ""
    documentation: str = ""

    @classmethod
    def from_documentation(cls, rule_id: str, severity: Severity, documentation: str) -> RuleMeta:
        """Metadata whose summary is the documentation's first paragraph.

        A leading ``<id>: `` is dropped (the id is shown beside it anyway) and the first letter
        capitalised: ``broken-json: a JSON snippet ...`` becomes ``A JSON snippet ...``.
        """
        doc = documentation.strip()
        summary = " ".join(doc.split("\n\n", 1)[0].split()) if doc else ""
        prefix = f"{rule_id}:"
        if summary.startswith(prefix):
            summary = summary[len(prefix):].lstrip()
        if summary[:1].islower():
            summary = summary[0].upper() + summary[1:]
        return cls(id=rule_id, severity=severity, summary=summary, documentation=doc)


def rule_meta_from_registry(rule_classes: Mapping[str, type[Rule]]) -> dict[str, RuleMeta]:
    """``RuleMeta`` for each rule class by id, e.g. of ``lint.registry.all_rules()``."""
    return {rule_id: RuleMeta.from_documentation(rule_id, cls.severity, cls.documentation())
            for rule_id, cls in rule_classes.items()}


def write_sarif(findings: Iterable[Finding], out: TextIO, *, rules: Mapping[str, RuleMeta],
                texts: Mapping[str, str] | None, version: str) -> None:
    """Write ``findings`` as a SARIF 2.1.0 log to ``out`` (see the module documentation).

    ``rules`` describes rules by id, ``texts`` maps a path to its file's text as read (for fix
    regions), ``version`` is notelint's (left out when empty).
    """
    json.dump(sarif_log(findings, rules=rules, texts=texts, version=version), out, indent=2,
              ensure_ascii=False)
    out.write("\n")


def sarif_log(findings: Iterable[Finding], *, rules: Mapping[str, RuleMeta],
              texts: Mapping[str, str] | None, version: str) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    findings = ordered(findings)
    rule_ids = sorted(rules) + sorted({f.rule for f in findings} - set(rules))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    sources = _Sources(texts or {})
    seen: Counter[str] = Counter()
    results = []
    for f in findings:
        digest = fingerprint_hash(f)
        results.append(_result(f, index[f.rule], f"{digest}:{seen[digest]}", sources))
        seen[digest] += 1
    driver: dict[str, Any] = {"name": TOOL_NAME}
    if version:
        driver["version"] = version
    driver["rules"] = [_descriptor(rule_id, rules.get(rule_id)) for rule_id in rule_ids]
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(Path.cwd())}},
            "columnKind": "unicodeCodePoints",
            "newlineSequences": ["\r\n", "\r", "\n"],
            "results": results,
        }],
    }


def _directory_uri(directory: Path) -> str:
    """A directory's ``file:`` URI, ending in "/" as a base URI must (SARIF 3.14.14)."""
    uri = directory.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def fingerprint_hash(f: Finding) -> str:
    """A stable hash of the finding's rule, path and normalised content (no position)."""
    key = "\0".join((f.rule, path_uri(f.path), normalise(f.fingerprint)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def path_uri(path: str) -> str:
    """A finding's path as a URI reference: relative ones with forward slashes, percent-encoded."""
    pure = PurePath(path)  # this system's separators: a backslash is a separator on Windows only
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix(), safe="/")


def _artifact(path: str) -> dict[str, str]:
    uri = path_uri(path)
    return {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": SRCROOT}


def _descriptor(rule_id: str, meta: RuleMeta | None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": rule_id, "name": rule_id}
    if meta is None:
        return descriptor  # a rule seen only in findings: nothing more is known about it
    if meta.summary:
        descriptor["shortDescription"] = {"text": meta.summary}
    if meta.documentation:
        descriptor["fullDescription"] = {"text": meta.documentation}
        descriptor["help"] = {"text": meta.documentation, "markdown": meta.documentation}
    descriptor["defaultConfiguration"] = {"level": LEVELS[meta.severity]}
    return descriptor


def _result(f: Finding, rule_index: int, fingerprint: str, sources: _Sources) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(f.path),
            "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                       "endColumn": f.end_column},
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if f.fix is not None and f.fix.edits:
        result["fixes"] = [_fix(f.path, f.fix, sources.get(f.path))]
    return result


def _fix(path: str, fix: Fix, src: SourceText | None) -> dict[str, Any]:
    text = fix.message or "Apply the suggested fix"
    if not fix.is_safe():
        text += " (unsafe)"
    return {
        "description": {"text": text},
        "artifactChanges": [{
            "artifactLocation": _artifact(path),
            "replacements": [_replacement(edit, src) for edit in sorted(fix.edits)],
        }],
        "properties": {"applicability": fix.applicability},
    }


def _replacement(edit: Edit, src: SourceText | None) -> dict[str, Any]:
    start, end = edit.start, edit.end
    region: dict[str, int] = {}
    if src is not None:
        bom = len(BOM) if src.has_bom else 0
        start, end = max(start, bom), max(end, bom)  # the BOM is no character a consumer counts
        region["startLine"], region["startColumn"] = src.position(start)
        region["endLine"], region["endColumn"] = src.position(end)
        start, end = start - bom, end - bom
    region["charOffset"] = start
    region["charLength"] = end - start
    return {"deletedRegion": region, "insertedContent": {"text": edit.replacement}}


class _Sources:
    """Each path's ``SourceText``, made when a fix in that file first needs it."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.made: dict[str, SourceText] = {}

    def get(self, path: str) -> SourceText | None:
        if path not in self.made:
            text = self.texts.get(path)
            if text is None:
                return None
            self.made[path] = SourceText(text)
        return self.made[path]
