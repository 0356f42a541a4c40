"""SARIF output: a valid 2.1.0 log of the real findings on the corpus, whose fixes apply exactly."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fixers.apply import apply_edits
from fixers.edit import Edit, Fix
from lint.config import Config
from lint.document import BOM, Document
from lint.engine import Engine
from lint.finding import Finding
from lint.parser import parse
from lint.registry import Rule, all_rules
from lint.reporters import report
from lint.sarif import RuleMeta, path_uri, rule_meta_from_registry, write_sarif
from lint.source import read_source

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"
CORPUS_PATH = "notes/aws-notes.md"
OFFICIAL_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"

# The part of the SARIF 2.1.0 schema this writer uses, with the constraints of the official
# schema (sarif-schema-2.1.0.json of the OASIS SARIF TC) for those objects: closed objects,
# required members, enums, minimums and uniqueness. It stands in for the official file, which
# could not be downloaded (no network) and is validated against as well when it is vendored at
# tests/data/sarif-schema-2.1.0.json.
_MFMS = {"type": "object", "additionalProperties": False, "required": ["text"],
         "properties": {"text": {"type": "string"}, "markdown": {"type": "string"},
                        "properties": {"$ref": "#/$defs/propertyBag"}}}
_LEVEL = {"enum": ["none", "note", "warning", "error"], "type": "string"}
SUBSET_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": False, "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"], "type": "string"},
        "runs": {"type": "array", "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "propertyBag": {"type": "object", "additionalProperties": True,
                        "properties": {"tags": {"type": "array", "uniqueItems": True,
                                                "items": {"type": "string"}}}},
        "multiformatMessageString": _MFMS,
        "message": {"type": "object", "additionalProperties": False,
                    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
                    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"},
                                   "id": {"type": "string"}}},
        "run": {"type": "object", "additionalProperties": False, "required": ["tool"],
                "properties": {
                    "tool": {"$ref": "#/$defs/tool"},
                    "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"], "type": "string"},
                    "newlineSequences": {"type": "array", "minItems": 1, "uniqueItems": True,
                                         "items": {"type": "string"}},
                    "originalUriBaseIds": {"type": "object",
                                           "additionalProperties": {"$ref": "#/$defs/artifactLocation"}},
                }},
        "tool": {"type": "object", "additionalProperties": False, "required": ["driver"],
                 "properties": {"driver": {"$ref": "#/$defs/toolComponent"}}},
        "toolComponent": {"type": "object", "additionalProperties": False, "required": ["name"],
                          "properties": {
                              "name": {"type": "string"}, "version": {"type": "string"},
                              "informationUri": {"type": "string", "format": "uri"},
                              "rules": {"type": "array", "uniqueItems": True,
                                        "items": {"$ref": "#/$defs/reportingDescriptor"}},
                          }},
        "reportingDescriptor": {"type": "object", "additionalProperties": False, "required": ["id"],
                                "properties": {
                                    "id": {"type": "string"}, "name": {"type": "string"},
                                    "shortDescription": {"$ref": "#/$defs/multiformatMessageString"},
                                    "fullDescription": {"$ref": "#/$defs/multiformatMessageString"},
                                    "help": {"$ref": "#/$defs/multiformatMessageString"},
                                    "helpUri": {"type": "string", "format": "uri"},
                                    "defaultConfiguration": {
                                        "type": "object", "additionalProperties": False,
                                        "properties": {"level": _LEVEL, "enabled": {"type": "boolean"}}},
                                    "properties": {"$ref": "#/$defs/propertyBag"},
                                }},
        "result": {"type": "object", "additionalProperties": False, "required": ["message"],
                   "properties": {
                       "ruleId": {"type": "string"},
                       "ruleIndex": {"type": "integer", "minimum": -1},
                       "level": _LEVEL,
                       "message": {"$ref": "#/$defs/message"},
                       "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}},
                       "partialFingerprints": {"type": "object",
                                               "additionalProperties": {"type": "string"}},
                       "fixes": {"type": "array", "uniqueItems": True, "items": {"$ref": "#/$defs/fix"}},
                       "properties": {"$ref": "#/$defs/propertyBag"},
                   }},
        "location": {"type": "object", "additionalProperties": False,
                     "properties": {"physicalLocation": {"$ref": "#/$defs/physicalLocation"}}},
        "physicalLocation": {"type": "object", "additionalProperties": False,
                             "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
                             "properties": {"artifactLocation": {"$ref": "#/$defs/artifactLocation"},
                                            "region": {"$ref": "#/$defs/region"}}},
        "artifactLocation": {"type": "object", "additionalProperties": False,
                             "properties": {"uri": {"type": "string", "format": "uri-reference"},
                                            "uriBaseId": {"type": "string"}}},
        "region": {"type": "object", "additionalProperties": False,
                   "anyOf": [{"required": ["startLine"]}, {"required": ["charOffset"]}],
                   "properties": {
                       "startLine": {"type": "integer", "minimum": 1},
                       "startColumn": {"type": "integer", "minimum": 1},
                       "endLine": {"type": "integer", "minimum": 1},
                       "endColumn": {"type": "integer", "minimum": 1},
                       "charOffset": {"type": "integer", "minimum": -1},
                       "charLength": {"type": "integer", "minimum": 0},
                   }},
        "fix": {"type": "object", "additionalProperties": False, "required": ["artifactChanges"],
                "properties": {
                    "description": {"$ref": "#/$defs/message"},
                    "artifactChanges": {"type": "array", "minItems": 1, "uniqueItems": True,
                                        "items": {"$ref": "#/$defs/artifactChange"}},
                    "properties": {"$ref": "#/$defs/propertyBag"},
                }},
        "artifactChange": {"type": "object", "additionalProperties": False,
                           "required": ["artifactLocation", "replacements"],
                           "properties": {
                               "artifactLocation": {"$ref": "#/$defs/artifactLocation"},
                               "replacements": {"type": "array", "minItems": 1,
                                                "items": {"$ref": "#/$defs/replacement"}},
                           }},
        "replacement": {"type": "object", "additionalProperties": False, "required": ["deletedRegion"],
                        "properties": {
                            "deletedRegion": {"$ref": "#/$defs/region"},
                            "insertedContent": {"type": "object", "additionalProperties": False,
                                                "properties": {"text": {"type": "string"}}},
                        }},
    },
}

# RFC 3986 URI reference characters: unreserved, reserved (gen-delims and sub-delims), %XX.
Corpus = tuple[str, list[Finding], dict[str, Any]]  # text, findings, SARIF log

URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def sarif(findings: Sequence[Finding], texts: Mapping[str, str] | None = None,
          rules: Mapping[str, RuleMeta] | None = None, version: str = "0.1.0") -> dict[str, Any]:
    out = io.StringIO()
    write_sarif(findings, out, rules=rules if rules is not None else registry_meta(), texts=texts,
                version=version)
    text = out.getvalue()
    assert text.endswith("\n")
    data: dict[str, Any] = json.loads(text)
    return data


def registry_meta() -> dict[str, RuleMeta]:
    return rule_meta_from_registry(all_rules())


def check(text: str, path: str = CORPUS_PATH) -> list[Finding]:
    return Engine(Config(root=ROOT)).check([parse(text, path)])


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    [run] = log["runs"]
    found: list[dict[str, Any]] = run["results"]
    return found


def replacements(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    [fix] = result["fixes"]
    [change] = fix["artifactChanges"]
    yield from change["replacements"]


def apply_by_offsets(text: str, result: dict[str, Any]) -> str:
    """Apply a result's fix as a SARIF consumer does: character offsets into the decoded file."""
    body = text[1:] if text.startswith(BOM) else text  # a consumer's decoder drops the BOM
    edits = [Edit(r["deletedRegion"]["charOffset"],
                  r["deletedRegion"]["charOffset"] + r["deletedRegion"]["charLength"],
                  r["insertedContent"]["text"]) for r in replacements(result)]
    fixed = apply_edits(body, edits)
    return BOM + fixed if text.startswith(BOM) else fixed


def apply_by_lines(text: str, result: dict[str, Any]) -> str:
    """Apply a result's fix from the lines and columns of its deleted regions."""
    body = text[1:] if text.startswith(BOM) else text
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", body))]

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    edits = []
    for r in replacements(result):
        region = r["deletedRegion"]
        edits.append(Edit(offset(region["startLine"], region["startColumn"]),
                          offset(region["endLine"], region["endColumn"]), r["insertedContent"]["text"]))
    fixed = apply_edits(body, edits)
    return BOM + fixed if text.startswith(BOM) else fixed


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    text = read_source(CORPUS)
    findings = check(text)
    return text, findings, sarif(findings, {CORPUS_PATH: text})


# -- the log is valid SARIF 2.1.0 --------------------------------------------------------------


def test_corpus_log_validates_against_the_sarif_subset_schema(corpus: Corpus) -> None:
    _, findings, log = corpus
    assert len(findings) > 100 and any(f.fix is not None and not f.fix.is_safe() for f in findings)
    jsonschema.Draft202012Validator.check_schema(SUBSET_SCHEMA)
    errors = list(jsonschema.Draft202012Validator(SUBSET_SCHEMA).iter_errors(log))
    assert errors == []


def test_the_subset_schema_rejects_what_sarif_rejects(corpus: Corpus) -> None:
    log = json.loads(json.dumps(corpus[2]))
    validator = jsonschema.Draft202012Validator(SUBSET_SCHEMA)
    result = results(log)[0]
    result["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    result["level"] = "info"
    del result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    messages = {e.message for e in validator.iter_errors(log)}
    assert "0 is less than the minimum of 1" in messages
    assert "'info' is not one of ['none', 'note', 'warning', 'error']" in messages
    assert "'deletedRegion' is a required property" in messages


@pytest.mark.skipif(not OFFICIAL_SCHEMA.exists(), reason="tests/data/sarif-schema-2.1.0.json is not vendored")
def test_corpus_log_validates_against_the_official_schema(corpus: Corpus) -> None:
    schema = json.loads(OFFICIAL_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert list(validator.iter_errors(corpus[2])) == []


def test_log_shape(corpus: Corpus) -> None:
    _, findings, log = corpus
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "notelint"
    assert run["tool"]["driver"]["version"] == "0.1.0"
    assert len(run["results"]) == len(findings)


def test_every_uri_is_a_relative_uri_reference(corpus: Corpus) -> None:
    for result in results(corpus[2]):
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "notes/aws-notes.md", "uriBaseId": "%SRCROOT%"}
        for fix in result.get("fixes", []):
            assert fix["artifactChanges"][0]["artifactLocation"] == artifact


# -- rules -----------------------------------------------------------------------------------


def test_driver_rules_describe_every_registered_rule(corpus: Corpus) -> None:
    descriptors = corpus[2]["runs"][0]["tool"]["driver"]["rules"]
    registry = all_rules()
    assert [d["id"] for d in descriptors] == sorted(registry)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for d in descriptors:
        cls = registry[d["id"]]
        doc = cls.documentation()
        assert d["name"] == d["id"]
        assert d["defaultConfiguration"] == {"level": levels[cls.severity]}
        assert d["fullDescription"] == {"text": doc}
        assert d["help"] == {"text": doc, "markdown": doc}
        summary = d["shortDescription"]["text"]
        assert "\n" not in summary and summary[:1] == summary[:1].upper()
        assert summary.lower() in doc.splitlines()[0].lower()
    by_id = {d["id"]: d for d in descriptors}
    assert by_id["broken-json"]["shortDescription"]["text"] == (
        "A JSON snippet that does not parse, told apart from deliberate fragments.")
    assert by_id["missing-code-language"]["defaultConfiguration"]["level"] == "note"


def test_results_point_at_their_rule_with_the_reported_level(corpus: Corpus) -> None:
    _, findings, log = corpus
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    ordered = sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule, f.end_line, f.end_column,
                                              f.message))
    for finding, result in zip(ordered, results(log), strict=True):
        assert descriptors[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == levels[finding.severity]
        assert result["message"] == {"text": finding.message}
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": finding.line, "startColumn": finding.column,
                          "endLine": finding.end_line, "endColumn": finding.end_column}
        assert ("fixes" in result) == (finding.fix is not None)


def test_result_level_follows_a_severity_override() -> None:
    text = "RDS Encrytion at rest.\n"
    config = Config(root=ROOT, select=["typo"], severity={"typo": "info"})
    [finding] = Engine(config).check([parse(text, "a.md")])
    log = sarif([finding], {"a.md": text})
    [result] = results(log)
    assert result["level"] == "note"
    descriptor = log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert descriptor["defaultConfiguration"]["level"] == "warning"  # the rule's default


def test_a_rule_without_metadata_still_gets_a_descriptor() -> None:
    finding = Finding("made-up", "error", "m", "a.md", 0, 3, 1, 1, 1, 4)
    log = sarif([finding], rules={"typo": RuleMeta("typo", "warning", "Typos.", "Typos.\n\nMore.")})
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert descriptors[1] == {"id": "made-up", "name": "made-up"}
    assert results(log)[0]["ruleIndex"] == 1
    assert jsonschema.Draft202012Validator(SUBSET_SCHEMA).is_valid(log)


class _DocumentedRule(Rule):
    id = "documented"
    severity = "info"


def test_rule_meta_from_registry_reads_the_module_documentation() -> None:
    meta = rule_meta_from_registry({"documented": _DocumentedRule})["documented"]
    assert meta.id == "documented"
    assert meta.severity == "info"
    assert __doc__ is not None
    assert meta.summary == __doc__.splitlines()[0]
    assert meta.summary.startswith("SARIF output: a valid 2.1.0 log")
    assert meta.documentation == __doc__.strip()


def test_summary_is_the_first_paragraph_without_the_id() -> None:
    meta = RuleMeta.from_documentation("x-rule", "warning", "x-rule: a thing\nover two lines.\n\n## What")
    assert meta.summary == "A thing over two lines."
    assert RuleMeta.from_documentation("y", "warning", "").summary == ""
    assert RuleMeta.from_documentation("y", "warning", "`its` or `it's`.").summary == "`its` or `it's`."


def test_sarif_module_does_not_import_the_parser_or_the_registry() -> None:
    code = ("import sys, lint.sarif, lint.reporters; "
            "print(sorted(m for m in sys.modules if m in ('mistune', 'lint.parser', 'lint.registry')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


# -- fixes -----------------------------------------------------------------------------------


def test_typo_fix_applied_by_sarif_offsets_is_what_the_fixer_does(
        corpus: Corpus) -> None:
    text, findings, log = corpus
    [finding] = [f for f in findings if f.fingerprint == "Encrytion"]
    [result] = [r for r in results(log) if r["ruleId"] == "typo"
                and r["locations"][0]["physicalLocation"]["region"]["startLine"] == finding.line]
    assert finding.fix is not None
    [replacement] = replacements(result)
    start = text.index("RDS Encrytion") + 4
    assert replacement == {
        "deletedRegion": {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 14,
                          "charOffset": start, "charLength": 9},
        "insertedContent": {"text": "Encryption"},
    }
    fixed = apply_by_offsets(text, result)
    assert fixed == apply_edits(text, finding.fix.edits)
    assert "RDS Encryption\n" in fixed and fixed.count("Encrytion") == text.count("Encrytion") - 1
    assert apply_by_lines(text, result) == fixed
    assert result["fixes"][0]["description"]["text"] == finding.fix.message
    assert result["fixes"][0]["properties"] == {"applicability": "safe"}


def test_every_corpus_fix_applies_the_same_by_offsets_and_by_lines(
        corpus: Corpus) -> None:
    text, findings, log = corpus
    ordered = sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule, f.end_line, f.end_column,
                                              f.message))
    multi = 0
    for finding, result in zip(ordered, results(log), strict=True):
        if finding.fix is None:
            continue
        expected = apply_edits(text, finding.fix.edits)
        assert apply_by_offsets(text, result) == expected
        assert apply_by_lines(text, result) == expected
        multi += len(finding.fix.edits) > 1
    assert multi > 0  # fixes with several edits were among them


def test_unsafe_fix_is_marked(corpus: Corpus) -> None:
    _, findings, log = corpus
    for finding, result in zip(sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule, f.end_line,
                                                                 f.end_column, f.message)),
                               results(log), strict=True):
        if finding.fix is not None and not finding.fix.is_safe():
            [fix] = result["fixes"]
            assert fix["description"]["text"].endswith(" (unsafe)")
            assert fix["properties"] == {"applicability": "unsafe"}
            break
    else:
        pytest.fail("no unsafe fix in the corpus")


def test_fix_offsets_skip_the_bom_and_lines_follow_crlf() -> None:
    text = BOM + "RDS Encrytion\r\n\r\nKMS Encrytion at rest.\r\n"
    findings = [f for f in check(text, "a.md") if f.rule == "typo"]
    assert [(f.line, f.column) for f in findings] == [(1, 5), (3, 5)]
    log = sarif(findings, {"a.md": text})
    first, second = results(log)
    [r1], [r2] = replacements(first), replacements(second)
    assert r1["deletedRegion"] == {"startLine": 1, "startColumn": 5, "endLine": 1, "endColumn": 14,
                                   "charOffset": 4, "charLength": 9}
    assert r2["deletedRegion"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 14,
                                   "charOffset": text.index("KMS") - 1 + 4, "charLength": 9}
    for finding, result in zip(findings, (first, second), strict=True):
        assert finding.fix is not None
        expected = apply_edits(text, finding.fix.edits)
        assert apply_by_offsets(text, result) == expected == apply_by_lines(text, result)
        assert expected.startswith(BOM) and "\r\n" in expected


def test_without_texts_fix_regions_are_the_edit_offsets() -> None:
    text = "RDS Encrytion\n"
    [finding] = [f for f in check(text, "a.md") if f.rule == "typo"]
    [replacement] = replacements(results(sarif([finding]))[0])
    assert replacement["deletedRegion"] == {"charOffset": 4, "charLength": 9}


def test_multi_edit_fix_and_insertion_regions() -> None:
    text = "ab\rcd\n"
    fix = Fix((Edit(4, 4, "X"), Edit(0, 1, "")), "unsafe", "")
    finding = Finding("r", "warning", "m", "a.md", 0, 1, 1, 1, 1, 2, fix=fix, fingerprint="a")
    [result] = results(sarif([finding], {"a.md": text}))
    regions = [r["deletedRegion"] for r in replacements(result)]
    assert regions == [
        {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2, "charOffset": 0, "charLength": 1},
        {"startLine": 2, "startColumn": 2, "endLine": 2, "endColumn": 2, "charOffset": 4, "charLength": 0},
    ]
    assert result["fixes"][0]["description"]["text"] == "Apply the suggested fix (unsafe)"
    assert apply_by_offsets(text, result) == apply_edits(text, fix.edits) == "b\rcXd\n"
    assert apply_by_lines(text, result) == "b\rcXd\n"


def test_fix_without_edits_is_left_out() -> None:
    finding = Finding("r", "warning", "m", "a.md", 0, 1, 1, 1, 1, 2, fix=Fix(()), fingerprint="a")
    [result] = results(sarif([finding], {"a.md": "abc\n"}))
    assert "fixes" not in result


# -- fingerprints and paths ------------------------------------------------------------------


def _fingerprints(log: dict[str, Any], rule: str) -> list[str]:
    return [r["partialFingerprints"]["notelint/v1"] for r in results(log) if r["ruleId"] == rule]


def test_fingerprints_survive_text_inserted_above(corpus: Corpus) -> None:
    text, _, log = corpus
    moved = "# New heading\n\nA new paragraph on top.\n\n" + text
    moved_log = sarif(check(moved), {CORPUS_PATH: moved})
    before, after = _fingerprints(log, "typo"), _fingerprints(moved_log, "typo")
    assert sorted(before) == sorted(after)
    assert len(set(before)) == len(before)  # unique within the run


def test_identical_findings_get_distinct_fingerprints() -> None:
    text = "RDS Encrytion\n\nKMS Encrytion at rest.\n"
    log = sarif([f for f in check(text, "a.md") if f.rule == "typo"], {"a.md": text})
    first, second = _fingerprints(log, "typo")
    assert first.split(":")[0] == second.split(":")[0]
    assert (first[-2:], second[-2:]) == (":0", ":1")
    other_file = sarif([f for f in check(text, "b.md") if f.rule == "typo"], {"b.md": text})
    assert _fingerprints(other_file, "typo")[0] != first


def test_path_uri_is_percent_encoded_relative_and_forward_slashed() -> None:
    assert path_uri("notes/my notes/Ü 100%.md") == "notes/my%20notes/%C3%9C%20100%25.md"
    assert path_uri("./a.md") == "a.md"
    assert path_uri("c:odd.md") == "c%3Aodd.md"  # not a scheme
    assert path_uri("/tmp/x y/a.md") == "file:///tmp/x%20y/a.md"
    for uri in ("notes/my%20notes/%C3%9C%20100%25.md", "c%3Aodd.md"):
        assert URI_REFERENCE.fullmatch(uri)


def test_absolute_paths_have_no_base() -> None:
    finding = Finding("r", "warning", "m", "/abs/a b.md", 0, 1, 1, 1, 1, 2, fingerprint="a")
    [result] = results(sarif([finding]))
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///abs/a%20b.md"}


# -- through report() ------------------------------------------------------------------------


def test_report_dispatches_sarif_with_texts_or_documents(corpus: Corpus) -> None:
    text, findings, log = corpus
    meta = registry_meta()
    out = io.StringIO()
    report(list(reversed(findings)), "sarif", out, sources={CORPUS_PATH: text}, rules=meta, version="0.1.0")
    assert json.loads(out.getvalue()) == log
    doc: Document = parse(text, CORPUS_PATH)
    out = io.StringIO()
    report(findings, "sarif", out, sources={CORPUS_PATH: doc}, rules=meta, version="0.1.0")
    assert json.loads(out.getvalue()) == log


def test_report_sarif_defaults_and_no_findings() -> None:
    out = io.StringIO()
    report([], "sarif", out)
    log = json.loads(out.getvalue())
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"] == {"name": "notelint", "rules": []}
    assert jsonschema.Draft202012Validator(SUBSET_SCHEMA).is_valid(log)


def test_srcroot_is_the_working_directory_and_resolves_every_uri(
        corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from urllib.parse import unquote, urljoin

    [run] = corpus[2]["runs"]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == Path.cwd().as_uri() + "/"
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        resolved = urljoin(base, artifact["uri"])
        assert unquote(resolved) == (Path.cwd() / "notes" / "aws-notes.md").as_uri()
    monkeypatch.chdir("/")
    log = sarif([], {})
    assert log["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///"}}
