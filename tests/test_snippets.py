"""The snippet checkers on their own: strict JSON and the safe, bounded YAML loader."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, SafeConstructor

from lint.snippets import line_column
from lint.snippets.json_check import MAX_DEPTH, check_json
from lint.snippets.yaml_check import NoteConstructor, YamlLimits, check_yaml, loader

# --- JSON ------------------------------------------------------------------------------------


def strict_loads(text: str) -> bool:
    """Reference verdict: json.loads without its two leniencies."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate")
        return dict(items)

    def constant(name: str) -> Any:
        raise ValueError(name)

    try:
        json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except (ValueError, RecursionError):
        return False
    return True


@pytest.mark.parametrize("text", [
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]}',
    "[]", "{}", "0", "-0.5e+3", '"a string"', "null", "true",
    '{"a": "\\u00e9\\n\\t\\"\\\\\\/", "b": [1, 2.5, -3e2, false, null]}',
    ' \t\n {"é": "ü"} \n',
    "[" * 200 + "]" * 200,
])
def test_json_valid(text: str) -> None:
    result = check_json(text)
    assert result.ok and result.kind == "valid"
    assert result.values == (json.loads(text),)


def test_json_integer_beyond_python_conversion_limit_is_valid() -> None:
    # int() refuses more than 4,300 digits: a ValueError that is not a JSON error.
    result = check_json("[" + "7" * 5000 + "]")
    assert result.ok
    assert str(result.values[0][0]) == "7" * 5000


# (text, kind, 0-based (line, column), text of the span)
DAMAGE = [
    ('{"a": 1,}', "trailing-comma", (0, 7), ","),
    ('{\n  "a": [1, 2,],\n  "b": 3\n}', "trailing-comma", (1, 12), ","),
    ('[1 2]', "missing-comma", (0, 3), "2"),
    ('{\n  "a": 1\n  "b": 2\n}', "missing-comma", (2, 2), '"b"'),
    ('{"a" 1}', "missing-colon", (0, 5), "1"),
    ("{'a': 1}", "single-quote", (0, 1), "'a'"),
    ('{Version: "1"}', "unquoted-key", (0, 1), "Version"),
    ('{"a": True}', "bad-literal", (0, 6), "True"),
    ('{"code": httpStatusCode}', "bad-literal", (0, 9), "httpStatusCode"),
    ('{"a": NaN}', "nonfinite", (0, 6), "NaN"),
    ('[Infinity]', "nonfinite", (0, 1), "Infinity"),
    ('[-Infinity]', "nonfinite", (0, 1), "-Infinity"),
    ('[01]', "bad-number", (0, 1), "01"),
    ('[.5]', "bad-number", (0, 1), ".5"),
    ('[0x1F]', "bad-number", (0, 1), "0x1F"),
    ('{"a": 1, // why\n"b": 2}', "comment", (0, 9), "// why"),
    ('{"a": /* x */ 1}', "comment", (0, 6), "/* x */"),
    ('{"a": 1,\n ...\n}', "ellipsis", (1, 1), "..."),
    ('["a", …]', "ellipsis", (0, 6), "…"),
    ('{"a": "open\n}', "unterminated-string", (0, 6), '"open'),
    ('["tab\there"]', "control-character", (0, 5), "\t"),
    ('["bad \\x escape"]', "bad-escape", (0, 6), "\\x"),
    ('[1, @]', "invalid-character", (0, 4), "@"),
    ('{"a": [1, 2}', "mismatched-bracket", (0, 11), "}"),
    ('[1]]', "unmatched-close", (0, 3), "]"),
    ('"Effect": "Allow",', "extra-data", (0, 8), ":"),
    ('{"a": 1}\n{"b": 2}', "extra-data", (1, 0), "{"),
    ('{"a": 1,\n "b": [2,\n  3', "unclosed", (2, 2), "3"),
    ('{1: 2}', "expected-key", (0, 1), "1"),
    ('{"a": }', "expected-value", (0, 6), "}"),
    ('[1,,2]', "expected-value", (0, 3), ","),
    ('["a": 1]', "unexpected-token", (0, 4), ":"),
    ('{"a": 1, "b": 2, "a": 3}', "duplicate-key", (0, 17), '"a"'),
    ("   \n  ", "empty", (0, 0), " "),
]


@pytest.mark.parametrize(("text", "kind", "where", "span"), DAMAGE)
def test_json_damage_is_classified_from_the_text(text: str, kind: str, where: tuple[int, int],
                                                  span: str) -> None:
    result = check_json(text)
    assert not result.ok
    assert result.kind == kind, result.problem
    assert (result.line, result.column) == where
    assert text[result.offset:result.end] == span
    assert result.problem


def test_json_trailing_comma_points_at_the_comma_on_every_python() -> None:
    # Python 3.11 reports this at the "}" ("Expecting property name"), 3.13 at the comma
    # ("Illegal trailing comma"): the checker reads the text, so it is the comma either way.
    with pytest.raises(json.JSONDecodeError):
        json.loads('{"a": 1,}')
    result = check_json('{"a": 1,}')
    assert result.offset == 7 and "trailing comma" in result.problem


def test_json_duplicate_key_names_the_first_one() -> None:
    text = '{\n  "a": 1,\n  "\\u0061": 2\n}'  # the same key once decoded
    result = check_json(text)
    assert result.kind == "duplicate-key"
    assert (result.line, result.column) == (2, 2)
    assert result.related == text.index('"a"')
    assert result.describe() == 'duplicate key "\\u0061" (first defined at line 2, column 3 of the snippet)'


def test_json_unclosed_names_the_open_bracket() -> None:
    result = check_json('{"a": [1,\n 2')
    assert result.kind == "unclosed"
    assert result.related == 6
    assert "2 brackets still open" in result.problem
    assert result.describe(lambda offset: f"offset {offset}").endswith("(opened at offset 6)")


@pytest.mark.parametrize("text", ["[" * 5000, "[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000])
def test_json_5000_deep_gives_a_clean_result(text: str) -> None:
    result = check_json(text)
    assert not result.ok and result.kind == "too-deep"
    assert result.column == MAX_DEPTH * (5 if text.startswith("{") else 1)


def test_json_recursion_error_from_json_loads_is_caught() -> None:
    # With the walk's own bound lifted, json.loads itself runs out of stack: still a result.
    result = check_json("[" * 5000 + "]" * 5000, max_depth=10**6)
    assert not result.ok and result.kind == "too-deep"


def test_json_depth_bound_is_exact() -> None:
    assert check_json("[" * MAX_DEPTH + "]" * MAX_DEPTH).ok
    assert check_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).kind == "too-deep"


_JSON_ALPHABET = st.sampled_from(list('{}[],:"\\ \n\t0123456789-+.eEaNIfntrulsx\'/*#…') + ["true", "null",
                                  "NaN", '"a"', '"b"', "\\u00e9", "..."])
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=12,
)


def _mutated(document: str, data: st.DataObject) -> str:
    position = data.draw(st.integers(0, len(document)))
    cut = data.draw(st.integers(0, 3))
    insert = "".join(data.draw(st.lists(_JSON_ALPHABET, max_size=2)))
    return document[:position] + insert + document[position + cut:]


def _assert_consistent(text: str) -> None:
    result = check_json(text)
    assert result.ok == strict_loads(text), (text, result)
    if not result.ok:
        assert 0 <= result.offset <= result.end <= len(text)
        assert result.end > result.offset or not text
        assert (result.line, result.column) == line_column(text, result.offset)


@settings(max_examples=250, deadline=None)
@given(st.lists(_JSON_ALPHABET, max_size=25).map("".join))
def test_json_verdict_agrees_with_strict_json_loads_on_random_text(text: str) -> None:
    _assert_consistent(text)


@settings(max_examples=250, deadline=None)
@given(_JSON_VALUES, st.data())
def test_json_verdict_agrees_with_strict_json_loads_on_damaged_documents(value: Any,
                                                                         data: st.DataObject) -> None:
    document = json.dumps(value, indent=data.draw(st.sampled_from([None, 2])), ensure_ascii=False)
    assert check_json(document).ok
    _assert_consistent(_mutated(document, data))


# --- YAML ------------------------------------------------------------------------------------

CFN_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-bucket"
      Tags: [!Ref AWS::NoValue]
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [RegionMap, !Ref "AWS::Region", AMI]
      AvailabilityZone: !Select [0, !GetAZs ""]
      SubnetCidr: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]]
      UserData: !Base64
        Fn::Join: ["", [echo, !ImportValue SharedValue]]
      Parts: !Split [",", "a,b"]
      Name: !If [IsProd, !Join ["-", [a, b]], !Ref "AWS::NoValue"]
      Custom: !Foo {a: 1}
Outputs:
  Arn:
    Value: !GetAtt Bucket.Arn
"""


def test_yaml_cloudformation_short_tags_load_as_plain_data() -> None:
    result = check_yaml(CFN_TEMPLATE)
    assert result.ok, result.describe()
    (template,) = result.values
    props = template["Resources"]["Instance"]["Properties"]
    assert template["Conditions"]["IsProd"] == {"Fn::Equals": [{"Ref": "Env"}, "prod"]}
    assert template["Conditions"]["NotProd"] == {"Fn::Not": [{"Condition": "IsProd"}]}
    assert props["AvailabilityZone"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    user_data = {"Fn::Join": ["", ["echo", {"Fn::ImportValue": "SharedValue"}]]}
    assert props["UserData"] == {"Fn::Base64": user_data}
    assert props["Custom"] == {"!Foo": {"a": 1}}
    assert template["Resources"]["Bucket"]["Properties"]["Tags"] == [{"Ref": "AWS::NoValue"}]


def test_yaml_short_and_long_forms_give_the_same_data() -> None:
    short = check_yaml("a: !GetAtt Bucket.Arn\nb: !Ref Name\nc: !Sub [x, {y: 1}]\n")
    long = check_yaml("a: {Fn::GetAtt: Bucket.Arn}\nb: {Ref: Name}\nc: {'Fn::Sub': [x, {y: 1}]}\n")
    assert short.ok and long.ok
    assert short.values == long.values


def test_yaml_tag_handler_is_not_registered_on_the_shared_class() -> None:
    assert "!" not in SafeConstructor.yaml_multi_constructors
    assert "!" in NoteConstructor.yaml_multi_constructors
    with pytest.raises(ConstructorError):
        YAML(typ="safe", pure=True).load("a: !Ref x")


@pytest.mark.parametrize("text", [
    CFN_TEMPLATE,
    "%YAML 1.1\n---\na: yes\nb: 012\nc: 1:30\n",
    "a: yes\nb: 012\n",
    "---\na: &x {b: 1}\nc: *x\n---\n- [1, 2]\n- !Ref x\n",
    "t: 2001-12-14t21:59:43.10-05:00\nb: !!binary aGk=\ns: !!set {a, b}\no: !!omap [{a: 1}]\nf: .inf\nn: ~\n",
    "base: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n",
])
def test_yaml_values_are_what_ruamel_loads(text: str) -> None:
    # The checker scans once and composes from the recorded events: same data as a plain load.
    result = check_yaml(text)
    assert result.ok
    assert result.values == tuple(loader().load_all(text))


def test_yaml_multi_document_stream_is_valid() -> None:
    result = check_yaml("---\nversion: 0.0\n---\n- a\n- b\n...\n---\nplain\n")
    assert result.ok
    assert result.values == ({"version": 0.0}, ["a", "b"], "plain")


def _marker_yaml(marker: Path) -> str:
    return f'safe: 1\nboom: !!python/object/apply:os.mkdir ["{marker}"]\n'


def test_yaml_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    control, marker = tmp_path / "control", tmp_path / "marker"
    # The same document, loaded by ruamel's unsafe loader, does run: the side effect is visible.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        YAML(typ="unsafe", pure=True).load(_marker_yaml(control))
    assert control.is_dir()

    result = check_yaml(_marker_yaml(marker))
    assert not marker.exists()
    assert result.kind == "python-tag"
    assert (result.line, result.column) == (1, 6)
    assert "!!python/object/apply:os.mkdir" in result.problem
    assert _marker_yaml(marker)[result.offset:result.end] == "!!python/object/apply:os.mkdir"


@pytest.mark.parametrize("text", [
    "!!python/name:os.system x",
    "a: !<tag:yaml.org,2002:python/object/new:os.system> [x]",
    "%TAG !py! tag:yaml.org,2002:python/\n---\na: !py!object/apply:os.system [x]",
    "- !!python/module:os {}",
])
def test_yaml_every_spelling_of_a_python_tag_is_refused(text: str) -> None:
    assert check_yaml(text).kind == "python-tag"


def test_yaml_constructor_refuses_python_tags_even_without_the_event_pass(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command))
    with pytest.raises(ConstructorError, match="refused"):
        loader().load("a: !!python/object/apply:os.system ['echo hi']")
    assert calls == []


def test_yaml_duplicate_key_is_reported_with_the_first() -> None:
    result = check_yaml("Resources:\n  A: 1\n  B: 2\n  A: 3\n")
    assert result.kind == "duplicate-key"
    assert (result.line, result.column) == (3, 2)
    assert result.describe() == "duplicate key 'A' (first defined at line 2, column 3 of the snippet)"


def test_yaml_unknown_standard_tag_is_an_error_and_other_namespaces_are_data() -> None:
    unknown = check_yaml("a: !!strr x")
    assert unknown.kind == "unknown-tag" and "!!strr" in unknown.problem
    other = check_yaml("a: !<tag:example.com,2024:thing> 1")
    assert other.ok and other.values == ({"a": {"tag:example.com,2024:thing": "1"}},)


# (text, kind, 0-based (line, column))
YAML_DAMAGE = [
    ("a: b: c", "syntax", (0, 4)),
    ("a:\n  - x\n  y: 1", "syntax", (2, 2)),
    ("a: [1, 2\nb: 3", "syntax", (1, 1)),
    ("a:\n\tb: 1", "syntax", (1, 0)),
    ("a: 'never closed\nb: 2", "syntax", (0, 3)),
    ("a: \x07", "bad-character", (0, 3)),
    ("a: *nowhere", "undefined-alias", (0, 3)),
    ("a: &x [1, *x]", "recursive-alias", (0, 10)),
    ("? {a: 1}\n: c", "construct", (0, 2)),
]


@pytest.mark.parametrize(("text", "kind", "where"), YAML_DAMAGE)
def test_yaml_errors_are_positioned_in_the_snippet(text: str, kind: str, where: tuple[int, int]) -> None:
    result = check_yaml(text)
    assert not result.ok
    assert result.kind == kind, result.problem
    assert (result.line, result.column) == where
    assert result.end > result.offset and result.problem


def test_yaml_position_is_ruamels_problem_mark() -> None:
    text = "top:\n  key: value\n   bad: indentation\n"
    with pytest.raises(Exception) as raised:
        YAML(typ="safe", pure=True).load(text)
    mark = raised.value.problem_mark  # type: ignore[attr-defined]
    result = check_yaml(text)
    assert (result.line, result.column) == (mark.line, mark.column) == (2, 6)


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    names = [f"l{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(["lol"] * width) + "]"]
    for previous, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused_before_composing(monkeypatch: pytest.MonkeyPatch) -> None:
    composed: list[int] = []
    original = Composer.compose_document

    def spy(self: Composer) -> Any:
        composed.append(1)
        return original(self)

    monkeypatch.setattr(Composer, "compose_document", spy)
    assert check_yaml("a: &a [1, 2]\nb: *a\n").ok
    assert composed == [1]  # the spy sees a document that is composed

    result = check_yaml(_alias_bomb())
    assert result.kind == "alias-expansion"
    assert composed == [1]  # refused from the event stream alone
    assert result.describe().startswith("with its aliases expanded")


def test_yaml_small_anchor_use_is_fine() -> None:
    result = check_yaml("base: &base {a: 1}\nx:\n  <<: *base\n  b: 2\ny: *base\n")
    assert result.ok and result.values[0]["x"] == {"a": 1, "b": 2}


@pytest.mark.parametrize(("text", "where"), [
    ("[" * 3000, (0, 64)),
    ("[" * 3000 + "]" * 3000, (0, 64)),
    ("a: " + "{x: " * 3000, (0, 3 + 4 * 64)),
    ("- " * 3000 + "x", (0, 128)),
    ("".join(" " * i + "k:\n" for i in range(100)), (64, 64)),
])
def test_yaml_deep_nesting_is_refused_cleanly(text: str, where: tuple[int, int]) -> None:
    result = check_yaml(text)
    assert result.kind == "too-deep"
    assert (result.line, result.column) == where


def test_yaml_depth_bound_is_exact() -> None:
    limits = YamlLimits(max_depth=5)
    assert check_yaml("a: " + "[" * 4 + "1" + "]" * 4, limits).ok  # mapping + 4 sequences = 5
    assert check_yaml("a: " + "[" * 5 + "1" + "]" * 5, limits).kind == "too-deep"


def test_yaml_size_and_alias_count_bounds() -> None:
    assert check_yaml("a: 1\n" * 10, YamlLimits(max_chars=50)).kind == "duplicate-key"
    too_large = check_yaml("a: 1\n" * 10, YamlLimits(max_chars=49))
    assert too_large.kind == "too-large" and too_large.problem.startswith("not checked")
    many = "x: &x 1\nl: [" + ", ".join(["*x"] * 11) + "]\n"
    assert check_yaml(many, YamlLimits(max_aliases=10)).kind == "too-many-aliases"
    assert check_yaml(many, YamlLimits(max_aliases=11)).ok
    assert check_yaml("[" + ", ".join(["1"] * 50) + "]", YamlLimits(max_nodes=20)).kind == "too-large"
