"""The facts file: what counts as a fact, stable ids, the schema, YAML both libraries read alike."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from fixers import atomic
from lint import facts as facts_module
from lint.document import Document
from lint.fact_kinds import KINDS, UNIT_PATTERN
from lint.facts import (
    FactsError,
    build_facts,
    dump_facts,
    dump_facts_json,
    load_schema,
    normalize_space,
    save_facts,
    validate_facts,
    write_facts,
)
from lint.parser import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"
CORPUS_PATH = "notes/aws-notes.md"


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return CORPUS.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def corpus_doc(corpus_text: str) -> Document:
    return parse(corpus_text, CORPUS_PATH)


@pytest.fixture(scope="module")
def corpus_facts(corpus_doc: Document) -> dict[str, Any]:
    return build_facts([corpus_doc])


@pytest.fixture(scope="module")
def corpus_dump(corpus_facts: dict[str, Any]) -> str:
    return dump_facts(corpus_facts)


def all_facts(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [fact for topic in data["topics"] for fact in topic["facts"]]


def id_map(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """fact id -> (topic title, text)."""
    return {f["id"]: (t["title"], f["text"]) for t in data["topics"] for f in t["facts"]}


def facts_of(text: str, path: str = "notes/x.md") -> dict[str, Any]:
    return build_facts([parse(text, path)])


def readers() -> Iterator[tuple[str, Any]]:
    """Every way a consumer may read the file: PyYAML (pure and libyaml) and ruamel (safe, rt)."""
    yield "pyyaml", lambda s: yaml.load(s, Loader=yaml.SafeLoader)
    if hasattr(yaml, "CSafeLoader"):  # what pre-commit uses when libyaml is there
        yield "pyyaml-c", lambda s: yaml.load(s, Loader=yaml.CSafeLoader)
    yield "ruamel-safe", lambda s: YAML(typ="safe", pure=True).load(s)
    yield "ruamel-rt", lambda s: YAML(typ="rt").load(s)


def assert_reads_back(data: Any, dumped: str | None = None) -> None:
    dumped = dump_facts(data) if dumped is None else dumped
    for name, load in readers():
        assert load(dumped) == data, f"{name} read different data from:\n{dumped}"


def h1_count(text: str) -> int:
    """ATX and setext level-1 headings outside fenced code, counted from the raw lines."""
    count, fence, previous = 0, None, ""
    for line in text.splitlines():
        marker = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
        elif marker:
            fence = marker.group(1)
        else:
            atx = re.match(r" {0,3}#(?:[ \t]|$)", line)
            setext = re.fullmatch(r" {0,3}=+[ \t]*", line) and previous.strip() and previous[:4] != "    "
            count += bool(atx or setext)
        previous = line if not fence else ""
    return count


# --------------------------------------------------------------------------- the real corpus


def test_corpus_topics_are_its_h1_sections(corpus_text: str, corpus_facts: dict[str, Any]) -> None:
    topics = corpus_facts["topics"]
    assert h1_count(corpus_text) > 0
    assert len(topics) == h1_count(corpus_text)
    assert not any(t["implicit"] for t in topics)  # the corpus opens with "# Todo"
    lines = corpus_text.splitlines()
    for topic in topics:
        assert lines[topic["source"]["line"] - 1] == f"# {topic['title']}"


def test_corpus_is_valid_and_ids_unique(corpus_facts: dict[str, Any]) -> None:
    assert validate_facts(corpus_facts) == []
    facts = all_facts(corpus_facts)
    assert len(facts) > 1000
    assert len({f["id"] for f in facts}) == len(facts)
    assert len({t["id"] for t in corpus_facts["topics"]}) == len(corpus_facts["topics"])


def test_corpus_fact_lines_point_at_the_start_of_their_text(corpus_doc: Document,
                                                            corpus_facts: dict[str, Any]) -> None:
    for fact in all_facts(corpus_facts):
        line = normalize_space(corpus_doc.line_text(fact["source"]["line"]))
        # What follows the container prefix (list marker, quote marker) on that line is the
        # beginning of the fact's text.
        tails = [line[m.start():] for m in re.finditer(r"(?:^|(?<= ))\S", line)]
        assert any(tail and fact["text"].startswith(tail) for tail in tails), (fact, line)


def test_corpus_facts_hold_every_paragraph_word_exactly_once(corpus_doc: Document,
                                                             corpus_facts: dict[str, Any]) -> None:
    # Nested list items are facts of their own and must not be repeated in their parent's text;
    # no paragraph may be lost either: the words of all facts are the words of all paragraphs.
    fact_words = Counter(w for f in all_facts(corpus_facts) for w in f["text"].split(" "))
    paragraph_words = Counter(w for b in corpus_doc.iter_blocks("paragraph")
                              for w in normalize_space(b.text).split(" "))
    assert fact_words == paragraph_words
    assert any(b.depth > 1 for b in corpus_doc.iter_blocks("list_item"))  # nesting is exercised


def test_corpus_known_facts(corpus_facts: dict[str, Any]) -> None:
    todo = corpus_facts["topics"][0]
    assert todo["title"] == "Todo"
    first = todo["facts"][0]
    assert first["text"] == "CloudFormation revision"
    assert first["source"] == {"path": CORPUS_PATH, "line": 3}
    assert first["section"] == ["Todo"]
    assert first["block"] == "paragraph"
    item = next(f for f in todo["facts"] if f["block"] == "list_item")
    assert item["text"] == "You cant connect this to CloudFront unlike S3."
    assert item["source"]["line"] == 16
    # "EC2 endpoint." appears twice in a row: distinct ids, the second with a suffix.
    twins = [f for f in todo["facts"] if f["text"] == "EC2 endpoint."]
    assert [f["source"]["line"] for f in twins] == [9, 11]
    assert twins[1]["id"] == twins[0]["id"] + "-2"


def test_corpus_ids_stable_across_runs(corpus_text: str, corpus_facts: dict[str, Any]) -> None:
    again = build_facts([parse(corpus_text, CORPUS_PATH)])
    assert again == corpus_facts and again is not corpus_facts


def test_corpus_ids_survive_unrelated_text_inserted_above(corpus_text: str,
                                                         corpus_facts: dict[str, Any]) -> None:
    before = id_map(corpus_facts)
    lines = corpus_text.split("\n")
    # Inside the first topic, above all of its facts, and at the very top (an implicit topic).
    inside = "\n".join(lines[:1] + ["", "An unrelated remark, added later.", ""] + lines[1:])
    on_top = "Preface written later.\n\n" + corpus_text
    for text, shift in ((inside, 3), (on_top, 2)):
        data = build_facts([parse(text, CORPUS_PATH)])
        after = id_map(data)
        assert len(after) == len(before) + 1
        for fact_id, value in before.items():
            assert after[fact_id] == value
        old_lines = {f["id"]: f["source"]["line"] for f in all_facts(corpus_facts)}
        for fact in all_facts(data):
            if fact["id"] in old_lines:
                assert fact["source"]["line"] == old_lines[fact["id"]] + shift


def test_corpus_ids_survive_splitting_into_one_file_per_topic(corpus_text: str,
                                                             corpus_facts: dict[str, Any]) -> None:
    lines = corpus_text.split("\n")
    starts = [t["source"]["line"] - 1 for t in corpus_facts["topics"]] + [len(lines)]
    docs = [parse("\n".join(lines[a:b]), f"topics/{i:02}.md")
            for i, (a, b) in enumerate(zip(starts, starts[1:], strict=False))]
    split = build_facts(docs)
    assert id_map(split) == id_map(corpus_facts)
    # Reordering the files does not change which id names which fact either.
    assert id_map(build_facts(docs[::-1])) == id_map(corpus_facts)
    assert [t["id"] for t in split["topics"]] == [t["id"] for t in corpus_facts["topics"]]


def test_corpus_dump_is_deterministic_and_reads_back(corpus_text: str, corpus_facts: dict[str, Any],
                                                    corpus_dump: str) -> None:
    assert dump_facts(build_facts([parse(corpus_text, CORPUS_PATH)])) == corpus_dump
    assert max(len(line) for line in corpus_dump.splitlines()) > 200  # long facts are not folded
    assert_reads_back(corpus_facts, corpus_dump)


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_dump_bytes_do_not_depend_on_the_process(corpus_dump: str, seed: str) -> None:
    script = (
        "import sys\n"
        "from lint.parser import parse\n"
        "from lint.facts import build_facts, dump_facts\n"
        f"text = open({str(CORPUS)!r}, encoding='utf-8', newline='').read()\n"
        f"sys.stdout.buffer.write(dump_facts(build_facts([parse(text, {CORPUS_PATH!r})])).encode())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True, cwd=ROOT)
    assert out.stdout == corpus_dump.encode("utf-8")


# --------------------------------------------------------------------------- what a fact is

NESTED = """\
intro before any heading

## Early subsection

early fact

# Topic A

Para one
  continues here.

- item one
  wraps

  second paragraph of item one

  - nested item
    - deeper item
-
  - only nested

Between.

    indented code, not a fact

```
fenced code, not a fact
```

| a | b |
|---|---|
| 1 | 2 |

<div>html, not a fact</div>

> quoted
> text

---

## Sub

### Subsub

deep fact

Setext topic
============

#

after empty
"""


def test_what_counts_as_a_fact() -> None:
    data = facts_of(NESTED, "notes/study-guide.md")
    assert validate_facts(data) == []
    titles = [(t["title"], t["implicit"]) for t in data["topics"]]
    assert titles == [("study-guide", True), ("Topic A", False), ("Setext topic", False), ("", False)]
    pre, a, setext, empty = data["topics"]
    assert [(f["text"], f["section"]) for f in pre["facts"]] == [
        ("intro before any heading", []),
        ("early fact", ["Early subsection"]),
    ]
    assert pre["source"]["line"] == 1
    assert [(f["text"], f["block"], f["source"]["line"], f["section"]) for f in a["facts"]] == [
        ("Para one continues here.", "paragraph", 9, ["Topic A"]),
        ("item one wraps second paragraph of item one", "list_item", 12, ["Topic A"]),
        ("nested item", "list_item", 17, ["Topic A"]),
        ("deeper item", "list_item", 18, ["Topic A"]),
        ("only nested", "list_item", 20, ["Topic A"]),
        ("Between.", "paragraph", 22, ["Topic A"]),
        ("quoted text", "paragraph", 36, ["Topic A"]),
        ("deep fact", "paragraph", 45, ["Topic A", "Sub", "Subsub"]),
    ]
    assert setext["source"]["line"] == 47 and setext["facts"] == []
    assert [f["text"] for f in empty["facts"]] == ["after empty"]


def test_heading_less_file_is_one_implicit_topic_and_empty_file_none() -> None:
    data = facts_of("just a line\n\n- and an item\n", "a/b/loose.md")
    assert [(t["title"], t["implicit"], len(t["facts"])) for t in data["topics"]] == [("loose", True, 2)]
    assert facts_of("", "empty.md") == {"schema_version": "1.1", "topics": []}
    assert facts_of("```\ncode only\n```\n", "code.md")["topics"] == []


def test_crlf_and_bom_lines_and_text() -> None:
    text = "\ufeff# Top\r\n\r\nfirst  line\r\nsecond\tline\r\n\r\n- item\r\n"
    data = facts_of(text)
    (topic,) = data["topics"]
    assert topic["title"] == "Top" and topic["source"]["line"] == 1
    assert [(f["text"], f["source"]["line"]) for f in topic["facts"]] == [
        ("first line second line", 3),
        ("item", 6),
    ]
    assert_reads_back(data)


def test_ids_depend_on_topic_and_text_only() -> None:
    one = facts_of("# T\n\nsame words\n\nother\n\nsame   words\n", "a.md")
    ids = [f["id"] for f in all_facts(one)]
    assert ids[2] == ids[0] + "-2" and len(set(ids)) == 3
    assert re.fullmatch(r"[0-9a-f]{12}", ids[0])
    moved = facts_of("# T\n\nintro\n\nsame words\n", "elsewhere/b.md")
    assert all_facts(moved)[1]["id"] == ids[0]
    other_topic = facts_of("# U\n\nsame words\n", "a.md")
    assert all_facts(other_topic)[0]["id"] != ids[0]
    # Unicode normalisation does not change an id: NFC and NFD spellings hash alike.
    nfc = facts_of("# T\n\ncaf\u00e9\n")
    nfd = facts_of("# T\n\ncafe\u0301\n")
    assert all_facts(nfc)[0]["id"] == all_facts(nfd)[0]["id"]


def test_same_title_in_two_files_gives_distinct_topic_ids() -> None:
    data = build_facts([parse("# Intro\n\nsame\n", "a.md"), parse("# Intro\n\nsame\n", "b.md")])
    assert validate_facts(data) == []
    a, b = data["topics"]
    assert b["id"] == a["id"] + "-2"
    assert b["facts"][0]["id"] == a["facts"][0]["id"] + "-2"


# --------------------------------------------------------------------------- YAML

NASTY = [
    "no", "No", "NO", "yes", "on", "off", "On", "OFF", "y", "n", "Y", "N", "true", "False",
    "12:30", "1:20:30", "190:20:30", "1e3", "1E3", "1.0", "6.8523015e+5", "0o17", "017", "0x1F",
    "0b101", "1_000", "+1", "-1", ".5", "+.5", ".inf", "-.Inf", ".NaN", "~", "null", "Null", "NULL",
    "", " ", " lead", "trail ", "#hash", "a #b", "key: value", "a:b", "ends:", "- dash", "-", "--- x",
    "---", "...", "? q", "?", ":", ": x", "@at", "`tick", "!tag", "!!str", "&anchor", "*alias",
    "|", ">", "%YAML", "'single'", '"double"', "it's", "{a: 1}", "[1, 2]", "a, b", "<<", "=",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2002-12-14 21:59:43.10 -5", "123456789012",
    "0123456789ab", "1234e5678901", "\t tab", "a\tb", "line\nbreak", "trailing\n", "\r\n", "\x85",
    "\u2028", "\u2029", "\ufeff", "\ufeffbom", "\x00", "\x07", "\x1b", "\x7f", "\ud7ff", "\ue000",
    "\ufffd", "\ufffe", "\uffff", "caf\u00e9", "cafe\u0301", "\U0001f600", "\u00a0nbsp", "a\u00a0",
    "\\", "\\n", "a" * 5000, " ".join(["word"] * 2000), "x: " * 50,
]


@pytest.mark.parametrize("value", NASTY, ids=lambda v: repr(v)[:30])
def test_nasty_strings_read_the_same_everywhere(value: str) -> None:
    assert_reads_back({"schema_version": "1.0", "value": value, "list": [value, {"k": value}]})


def test_quoting_of_the_usual_suspects() -> None:
    dumped = dump_facts({"a": "no", "b": "12:30", "c": "plain words", "d": "1.0", "e": "y"})
    assert dumped == 'a: "no"\nb: "12:30"\nc: plain words\nd: "1.0"\ne: "y"\n'


def test_nasty_fact_texts_through_build_and_dump() -> None:
    words = [w for w in NASTY if normalize_space(w) and "\x00" not in w and "\n" not in w][:60]
    text = "# T\n\n" + "".join(f"- {w}\n" for w in words if not w.lstrip().startswith(("-", "#", ">", "|")))
    data = facts_of(text)
    assert validate_facts(data) == []
    assert len(all_facts(data)) > 30
    assert_reads_back(data)


_texts = st.text(max_size=80)


@st.composite
def facts_data(draw: st.DrawFn) -> dict[str, Any]:
    def fact() -> dict[str, Any]:
        return {"id": draw(_texts), "text": draw(_texts), "block": "paragraph",
                "section": draw(st.lists(_texts, max_size=3)),
                "source": {"path": draw(_texts), "line": draw(st.integers(1, 10**6))}}

    return {"schema_version": draw(_texts), "topics": [
        {"id": draw(_texts), "title": draw(_texts), "implicit": draw(st.booleans()),
         "source": {"path": draw(_texts), "line": draw(st.integers(1, 10**6))},
         "facts": [fact() for _ in range(draw(st.integers(0, 3)))]}
        for _ in range(draw(st.integers(0, 3)))]}


@settings(max_examples=300, deadline=None)
@given(facts_data())
def test_arbitrary_text_reads_back_identically(data: dict[str, Any]) -> None:
    assert_reads_back(data)
    assert dump_facts(data) == dump_facts(data)


_YAML_PIECES = st.sampled_from([
    "no", "yes", "on", "y", "~", "null", "true", "#", " #", ": ", ":", "-", "- ", "?", "'", '"', "\\",
    "\n", "\t", " ", "1", "e", "3", ".", "0o", "0x", "_", "+", "!", "&", "*", "|", ">", "%", "@", "`",
    "{", "}", "[", "]", ",", "=", "<<", "inf", "nan", "T", "2001-12-14", "---", "...", "\x85", "\u2028",
    "\ufeff", "\x00", "a",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_YAML_PIECES, max_size=8).map("".join))
def test_strings_glued_from_yaml_syntax_read_back_identically(value: str) -> None:
    # Arbitrary text rarely forms YAML-significant strings; gluing its tokens together does.
    assert_reads_back({"value": value, "list": [value, {"k": value}]})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40),
                min_size=1, max_size=5))
def test_arbitrary_markdown_gives_valid_facts_that_read_back(paragraphs: list[str]) -> None:
    data = facts_of("# Topic\n\n" + "\n\n".join(paragraphs) + "\n")
    assert validate_facts(data) == []
    assert_reads_back(data)


# --------------------------------------------------------------------------- schema and validation


def test_schema_is_valid_and_documents_every_property() -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    shipped = json.loads((files("lint.schema") / "facts.schema.json").read_text(encoding="utf-8"))
    assert shipped == json.loads((ROOT / "schema" / "facts.schema.json").read_text(encoding="utf-8"))

    def walk(node: Any, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                # A boolean subschema (`false`: "never here") is a constraint, not a field.
                if not isinstance(sub, bool) and "description" not in sub:
                    yield f"{where}.properties.{name}"
            for key, sub in node.items():
                yield from walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                yield from walk(sub, f"{where}[{i}]")

    assert list(walk(schema, "$")) == []
    assert all("description" in d for d in schema["$defs"].values())


def valid_sample() -> dict[str, Any]:
    return facts_of("# T\n\nsome fact\n\n- an item\n")


@pytest.mark.parametrize(("damage", "where"), [
    (lambda d: d.pop("schema_version"), "$: 'schema_version' is a required property"),
    (lambda d: d.update(schema_version="2.0"), "$.schema_version:"),
    (lambda d: d.update(extra=1), "$: Additional properties are not allowed"),
    (lambda d: d["topics"][0]["facts"][0]["source"].update(line=0), "$.topics[0].facts[0].source.line:"),
    (lambda d: d["topics"][0]["facts"][1].update(text=" padded"), "$.topics[0].facts[1].text:"),
    (lambda d: d["topics"][0]["facts"][1].update(text=""), "$.topics[0].facts[1].text:"),
    (lambda d: d["topics"][0]["facts"][0].update(block="code"), "$.topics[0].facts[0].block:"),
    (lambda d: d["topics"][0]["facts"][0].pop("id"), "$.topics[0].facts[0]: 'id' is a required"),
    (lambda d: d["topics"][0].update(implicit="no"), "$.topics[0].implicit: 'no' is not of type 'boolean'"),
    (lambda d: d["topics"][0]["facts"][1].update(id=d["topics"][0]["facts"][0]["id"]),
     "$.topics[0].facts[1].id: duplicate fact id"),
])
def test_invalid_data_is_reported_with_its_json_path(damage: Any, where: str) -> None:
    data = valid_sample()
    assert validate_facts(data) == []
    damage(data)
    problems = validate_facts(data)
    assert problems and any(p.startswith(where) for p in problems), problems


def test_invalid_data_is_never_written(tmp_path: Path) -> None:
    data = valid_sample()
    data["topics"][0]["facts"][0]["source"]["line"] = -3
    target = tmp_path / "facts.yaml"
    with pytest.raises(FactsError) as caught:
        save_facts(data, target)
    assert "$.topics[0].facts[0].source.line" in str(caught.value)
    assert not target.exists() and list(tmp_path.iterdir()) == []
    target.write_bytes(b"old: content\n")
    with pytest.raises(ValueError):
        save_facts(data, target)
    assert target.read_bytes() == b"old: content\n" and list(tmp_path.iterdir()) == [target]


def test_write_facts_validates_what_it_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = valid_sample()
    broken["topics"][0]["facts"][0]["block"] = "table"
    monkeypatch.setattr(facts_module, "build_facts", lambda docs: broken)
    target = tmp_path / "facts.yaml"
    with pytest.raises(FactsError):
        write_facts([parse("# T\n\nx\n")], target)
    assert list(tmp_path.iterdir()) == []


def test_write_facts_writes_the_dump(tmp_path: Path, corpus_doc: Document, corpus_dump: str) -> None:
    target = tmp_path / "facts.yaml"
    old_mask = os.umask(0o022)
    try:
        data = write_facts([corpus_doc], target)
    finally:
        os.umask(old_mask)
    written = target.read_bytes()
    assert written == corpus_dump.encode("utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert yaml.safe_load(written) == data
    assert validate_facts(yaml.safe_load(written)) == []
    assert list(tmp_path.iterdir()) == [target]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "facts.yaml"
    target.write_bytes(b"old: content\n")
    target.chmod(0o640)

    def fail(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_facts([parse("# T\n\nx\n")], target)
    assert target.read_bytes() == b"old: content\n"
    assert list(tmp_path.iterdir()) == [target]
    monkeypatch.undo()
    write_facts([parse("# T\n\nx\n")], target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file keeps its mode


# --------------------------------------------------------------------------- 1.1: emitter, JSON, --validate


def ruamel_reference_dump(data: Any) -> str:
    """What the first cut wrote: ruamel's round-trip emitter, with the same quoting decisions."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def quoted(value: Any) -> Any:
        if isinstance(value, str):
            return value if facts_module._plain_is_string(value) else DoubleQuotedScalarString(value)
        if isinstance(value, dict):
            return {k: quoted(v) for k, v in value.items()}
        if isinstance(value, list):
            return [quoted(v) for v in value]
        return value

    emitter = YAML(typ="rt", pure=True)
    emitter.width = 1_000_000_000
    emitter.allow_unicode = True
    emitter.default_flow_style = False
    stream = io.StringIO()
    emitter.dump(quoted(data), stream)
    return stream.getvalue()


def test_emitter_writes_what_ruamel_wrote(corpus_facts: dict[str, Any], corpus_dump: str) -> None:
    assert corpus_dump == ruamel_reference_dump(corpus_facts)
    sample = {"schema_version": "1.1", "values": NASTY, "nested": [[], {}, [["a"]], {"k": []}],
              "numbers": [0, -3, 0.1, 99.8, 1e16, True, False, None]}
    assert_reads_back(sample)
    nasty_only = {"values": NASTY}
    assert dump_facts(nasty_only) == ruamel_reference_dump(nasty_only)


def test_corpus_facts_carry_the_1_1_fields(corpus_facts: dict[str, Any]) -> None:
    facts = all_facts(corpus_facts)
    assert corpus_facts["schema_version"] == "1.1"
    assert all({"kind", "terms", "quantities"} <= fact.keys() for fact in facts)
    assert validate_facts(corpus_facts) == []
    assert sum(1 for f in facts if f["quantities"]) > 50
    assert sum(1 for f in facts if f["terms"]) > len(facts) // 3


def test_json_and_yaml_carry_the_same_data(corpus_facts: dict[str, Any], corpus_dump: str,
                                           corpus_cwd: Path) -> None:
    as_json = json.loads(dump_facts_json(corpus_facts))
    assert as_json == corpus_facts
    for _, load in readers():
        assert load(corpus_dump) == as_json
    cli_json = run_cli("facts", CORPUS_PATH, "--format", "json", cwd=corpus_cwd)
    cli_yaml = run_cli("facts", CORPUS_PATH, cwd=corpus_cwd)
    assert cli_json.returncode == cli_yaml.returncode == 0
    assert json.loads(cli_json.stdout) == yaml.safe_load(cli_yaml.stdout) == corpus_facts


def test_facts_output_file_in_json(corpus_cwd: Path, corpus_facts: dict[str, Any]) -> None:
    target = corpus_cwd / "facts.json"
    result = run_cli("facts", CORPUS_PATH, "--format", "json", "-o", str(target), cwd=corpus_cwd)
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == corpus_facts


def test_ids_and_analysis_stay_when_facts_move(corpus_facts: dict[str, Any]) -> None:
    # Content-derived ids and fields: moving facts to other files and lines changes only the source.
    doc = "# VPC\n\nintro\n\n- Regions can only have 1 default VPC\n- NACL: Stateless\n"
    moved = "# VPC\n\n## Later\n\n- NACL: Stateless\n\nnew text\n\n- Regions can only have 1 default VPC\n"
    before = {f["id"]: f for f in all_facts(facts_of(doc, "a.md"))}
    after = {f["id"]: f for f in all_facts(facts_of(moved, "b/c.md"))}
    for fact_id, fact in before.items():
        if fact["text"] == "intro":
            continue
        moved_fact = after[fact_id]
        for key in ("text", "kind", "terms", "quantities", "definition"):
            assert moved_fact.get(key) == fact.get(key)
        assert moved_fact["source"] != fact["source"]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lint", *args], capture_output=True, text=True, cwd=cwd,
                          encoding="utf-8")


@pytest.fixture
def corpus_cwd(tmp_path: Path) -> Path:
    """A folder holding the corpus at CORPUS_PATH, with a config of its own."""
    (tmp_path / CORPUS_PATH).parent.mkdir(parents=True)
    shutil.copy(CORPUS, tmp_path / CORPUS_PATH)
    (tmp_path / ".notelint.toml").write_text("")
    return tmp_path


def test_validate_accepts_what_notelint_writes(tmp_path: Path, corpus_dump: str,
                                               corpus_facts: dict[str, Any]) -> None:
    yaml_file = tmp_path / "facts.yaml"
    yaml_file.write_text(corpus_dump, encoding="utf-8")
    json_file = tmp_path / "facts.json"
    json_file.write_text(dump_facts_json(corpus_facts), encoding="utf-8")
    for path in (yaml_file, json_file):
        result = run_cli("facts", "--validate", str(path))
        assert (result.returncode, result.stdout) == (0, ""), result.stderr
    # A 1.0 file by another tool, without the fields 1.1 added, is still valid.
    old_fact = {"id": "f", "text": "x", "block": "paragraph", "section": [],
                "source": {"path": "x.md", "line": 3}}
    old = {"schema_version": "1.0", "topics": [{"id": "t", "title": "T", "implicit": False,
                                                "source": {"path": "x.md", "line": 1}, "facts": [old_fact]}]}
    old_file = tmp_path / "old.yml"
    old_file.write_text(yaml.safe_dump(old), encoding="utf-8")
    assert run_cli("facts", "--validate", str(old_file)).returncode == 0


def first_fact(d: dict[str, Any]) -> dict[str, Any]:
    fact: dict[str, Any] = d["topics"][0]["facts"][0]
    return fact


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda d: first_fact(d).pop("kind"), "$.topics[0].facts[0]: 'kind' is a required property"),
    (lambda d: first_fact(d).update(kind="fact"), "$.topics[0].facts[0].kind: 'fact' is not one of"),
    (lambda d: first_fact(d)["quantities"].append({"value": "400", "unit": "KB", "text": "400KB"}),
     "$.topics[0].facts[0].quantities[0].value: '400' is not of type 'number'"),
    (lambda d: first_fact(d)["quantities"].append({"value": 4, "unit": "kilobytes", "text": "4"}),
     "$.topics[0].facts[0].quantities[0].unit: 'kilobytes' does not match"),
    (lambda d: d["topics"][0]["facts"][1].pop("definition"),
     "$.topics[0].facts[1]: 'definition' is a required"),
    (lambda d: d["topics"][0]["facts"][0].update(definition={"term": "a", "explanation": "b"}),
     "$.topics[0].facts[0]: False schema does not allow {'term': 'a'"),
    (lambda d: d["topics"][0]["facts"][0].update(terms=["S3", "S3"]), "$.topics[0].facts[0].terms: "),
])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_validate_reports_each_problem_on_one_line(tmp_path: Path, damage: Any, expected: str,
                                                   suffix: str) -> None:
    data = facts_of("# T\n\nabout 400KB\n\nNACL: Stateless\n")
    assert [f["kind"] for f in all_facts(data)] == ["limit", "definition"]
    data["topics"][0]["facts"][0]["quantities"] = []
    damage(data)
    path = tmp_path / ("facts" + suffix)
    path.write_text(dump_facts_json(data) if suffix == ".json" else dump_facts(data), encoding="utf-8")
    result = run_cli("facts", "--validate", str(path))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"{path}: $") for line in lines)
    assert any(line.startswith(f"{path}: {expected}") for line in lines), lines


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read"),
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b"topics: [\n", "not valid YAML"),
    (b"a: 1\na: 2\n", "not valid YAML"),
    (b'{"topics": [}', "not valid JSON"),
    (b'{"a": 1, "a": 2}', "duplicate key"),
    (b'{"a": NaN}', "not valid JSON"),
    (b"!!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
    (b"a: &a [*a]\n", "refers to itself"),
    (b"a: &a [1,1,1,1,1,1,1,1,1,1]\n" + b"".join(
        b"%s: &%s [%s]\n" % (name, name, b",".join([b"*" + previous] * 10))
        for previous, name in zip([b"a", b"b", b"c", b"d", b"e", b"f"], [b"b", b"c", b"d", b"e", b"f", b"g"],
                                  strict=True)), "aliases expanded"),  # 10**7 values with aliases expanded
])
def test_validate_unreadable_files_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "facts.yaml"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("facts", "--validate", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"notelint: error: {path}") and message in line, line


def test_validate_wrong_shapes_are_invalid_not_unreadable(tmp_path: Path) -> None:
    for text, expected in (
        ("[]\n", "$: [] is not of type 'object'"),
        ("just text\n", "$: 'just text' is not"),
        ("schema_version: 1.1\ntopics: []\n", "$.schema_version: 1.1 is not of type 'string'"),
    ):
        path = tmp_path / "facts.yaml"
        path.write_text(text, encoding="utf-8")
        result = run_cli("facts", "--validate", str(path))
        assert result.returncode == 1 and result.stdout.startswith(f"{path}: {expected}"), result


def test_schema_documents_kinds_units_and_definition() -> None:
    schema = load_schema()
    fact = schema["$defs"]["fact"]["properties"]
    assert fact["kind"]["enum"] == list(KINDS)
    assert schema["$defs"]["quantity"]["properties"]["unit"]["pattern"] == UNIT_PATTERN
    assert schema["$id"].endswith(":1.1") and "Version 1.1" in schema["description"]
    for unit in ("KB", "TiB", "ms", "minutes", "IOPS", "requests/s", "MB/s/TB", "IOPS/GB", "%", "USD",
                 "Gbit/s"):
        assert re.fullmatch(UNIT_PATTERN, unit), unit
    for unit in ("kb", "Kilobytes", "sec", "IOPS/s/s", ""):
        assert not re.fullmatch(UNIT_PATTERN, unit), unit


# --------------------------------------------------------------------------- the README's consumer


def readme_flashcards_script() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Facts and flashcards", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_readme_flashcards_script_makes_an_anki_tsv(corpus_facts: dict[str, Any]) -> None:
    script = readme_flashcards_script()
    out = subprocess.run([sys.executable, "-c", script], input=dump_facts_json(corpus_facts).encode("utf-8"),
                         capture_output=True, check=True).stdout.decode("utf-8")
    lines = out.split("\n")
    assert lines[:3] == ["#separator:tab", "#html:false", "#tags column:3"] and lines[-1] == ""
    rows = list(csv.reader(io.StringIO("\n".join(lines[3:])), delimiter="\t"))
    definitions = [(t, f) for t in corpus_facts["topics"] for f in t["facts"] if f["kind"] == "definition"]
    assert len(rows) == len(definitions) > 100
    for row, (topic, fact) in zip(rows, definitions, strict=True):
        assert len(row) == 3
        front, back, tags = row
        assert (front, back) == (fact["definition"]["term"], fact["definition"]["explanation"])
        tag_list = tags.split(" ")
        assert all(tag and not re.search(r"\s", tag) for tag in tag_list)
        assert tag_list[0] == "topic::" + "_".join(topic["title"].split())
        assert tag_list[1:] == ["_".join(term.split()) for term in fact["terms"]
                                if "_".join(term.split()) != tag_list[0]]
