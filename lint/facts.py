"""The facts file: the notes' topics and, under each, its facts with their source lines.

``build_facts`` turns parsed documents into plain data (dicts, lists, str, int, bool),
``validate_facts`` checks it against ``schema/facts.schema.json`` (shipped as ``lint.schema``),
``dump_facts`` renders it as YAML that PyYAML (YAML 1.1, what pre-commit uses) and ruamel.yaml
(YAML 1.2) read identically, and ``write_facts`` validates before it writes, atomically.

What is a fact
    Each paragraph and each list item, in document order. A list item's fact is its *own* text:
    its direct paragraphs joined with a space; its nested list items are facts of their own, so
    no text appears twice. A paragraph directly inside a list item belongs to that item's fact.
    Paragraphs in block quotes are facts. Headings are not facts (they form the section path),
    and code blocks, tables, HTML blocks and thematic breaks are skipped: they are not prose
    statements, and a later cut may add them as their own kinds.

What is a topic
    An H1 section (a level-1 heading at the top level, ATX or setext). Content before a file's
    first H1 goes to an *implicit* topic titled by the file stem, emitted only when it holds at
    least one fact. H1 topics are emitted even when empty.

Text
    The block's Markdown source with runs of ASCII whitespace collapsed to one space and the ends
    stripped (container prefixes such as ``- `` or ``> `` are not part of it). Non-breaking and
    other Unicode spaces are kept: they are content.

Ids
    ``sha256(NFC(topic title) + "\\n" + NFC(text))``, first 12 hex digits. The n-th repeat of an id
    in one run (identical text in the same topic, or a hash collision) gets the suffix ``-n``
    (``-2``, ``-3``, ...). Ids do not depend on the path, the line, the section below the topic or
    on other facts, so inserting unrelated text, moving a fact within its topic, or splitting a
    file into one file per topic keeps them. Topic ids hash the title the same way.

Compatibility
    ``schema_version`` is ``MAJOR.MINOR``. A minor version only adds optional fields (issue 6's
    ``kind``, ``terms`` and ``quantities`` are reserved for 1.1 and are not used here with another
    meaning); a major version changes or removes fields. Consumers should ignore keys they do not
    know. The source of a fact is already the nested ``source: {path, line}`` the next cut uses.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from importlib.resources import files
from pathlib import PurePath
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from fixers.atomic import write_atomic
from lint.document import Block, Document

SCHEMA_VERSION = "1.0"
ID_LENGTH = 12

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_SETEXT_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
_STR_TAG = "tag:yaml.org,2002:str"
# Words some YAML 1.1 readers take as booleans even where PyYAML does not; quoted to be safe.
_ALWAYS_QUOTE = frozenset({"y", "Y", "n", "N"})
# Characters that must be escaped to read the same everywhere: controls (tab and line breaks
# included), the BOM, non-characters, and NEL, LS and PS, which YAML 1.1 reads as line breaks
# but 1.2 does not (an unescaped NEL in a single-quoted scalar reads back as a space in PyYAML).
_NEEDS_ESCAPE = re.compile(
    r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


class FactsError(ValueError):
    """Facts data that does not match the schema; ``problems`` lists each with its JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# ---------------------------------------------------------------------------------------------
# Building


def normalize_space(text: str) -> str:
    """Collapse runs of ASCII whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip(" ")


def heading_text(block: Block) -> str:
    """A heading's text, whitespace-normalised; a setext underline is never part of it."""
    text = block.text
    if block.style == "setext":
        lines = text.split("\n")
        if len(lines) > 1 and _SETEXT_UNDERLINE.fullmatch(lines[-1]):
            text = "\n".join(lines[:-1])  # guard: an earlier parser kept the underline in the text
    return normalize_space(text)


def _digest(*parts: str) -> str:
    joined = "\n".join(unicodedata.normalize("NFC", part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:ID_LENGTH]


class _Ids:
    """Content ids, with an occurrence suffix for the n-th repeat of one id in a run."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def make(self, *parts: str) -> str:
        base = _digest(*parts)
        count = self.seen.get(base, 0) + 1
        self.seen[base] = count
        return base if count == 1 else f"{base}-{count}"


def _is_h1(block: Block) -> bool:
    return block.kind == "heading" and block.depth == 0 and block.level == 1


class _Item(NamedTuple):
    """A topic heading (``text`` is None) or a fact, with the 1-based line it starts on."""

    block: Block
    text: str | None
    line: int


def _items(doc: Document) -> Iterator[_Item]:
    """Every H1 heading and every fact of ``doc``, in document order."""
    for block in doc.blocks:
        if _is_h1(block):
            yield _Item(block, None, block.start_line)
        elif block.kind == "list_item":
            paragraphs = [doc.blocks[i] for i in block.children if doc.blocks[i].kind == "paragraph"]
            text = normalize_space(" ".join(p.text for p in paragraphs))
            if text:
                yield _Item(block, text, paragraphs[0].start_line)
        elif block.kind == "paragraph":
            parent = doc.parent_of(block)
            if parent is not None and parent.kind == "list_item":
                continue  # part of its list item's fact
            text = normalize_space(block.text)
            if text:
                yield _Item(block, text, block.start_line)


def _source(doc: Document, line: int) -> dict[str, Any]:
    return {"path": doc.path, "line": line}


def build_facts(docs: Sequence[Document]) -> dict[str, Any]:
    """The facts of ``docs``, in the order given, as plain data matching the facts schema."""
    topic_ids, fact_ids = _Ids(), _Ids()
    topics: list[dict[str, Any]] = []
    for doc in docs:
        current: dict[str, Any] | None = None
        for block, text, line in _items(doc):
            if text is None:  # an H1 opens a topic
                title = heading_text(block)
                current = {"id": topic_ids.make(title), "title": title, "implicit": False,
                           "source": _source(doc, line), "facts": []}
                topics.append(current)
                continue
            if current is None:
                title = PurePath(doc.path).stem or doc.path
                current = {"id": topic_ids.make(title), "title": title, "implicit": True,
                           "source": _source(doc, line), "facts": []}
                topics.append(current)
            section = [heading_text(doc.blocks[i]) for i in doc.sections[block.index]]
            current["facts"].append({
                "id": fact_ids.make(current["title"], text),
                "text": text,
                "block": block.kind,
                "section": section,
                "source": _source(doc, line),
            })
    return {"schema_version": SCHEMA_VERSION, "topics": topics}


# ---------------------------------------------------------------------------------------------
# Validating


@functools.cache
def load_schema() -> dict[str, Any]:
    """The facts JSON Schema as shipped in the package."""
    text = (files("lint.schema") / "facts.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_facts(data: Any) -> list[str]:
    """Problems with ``data`` as ``"<JSON path>: <message>"``, sorted; empty when it is valid.

    Besides the schema, ids must be unique: topic ids among topics, fact ids among all facts.
    """
    errors = sorted(_validator().iter_errors(data), key=lambda e: (e.json_path, e.message))
    problems = [f"{e.json_path}: {e.message}" for e in errors]
    if not problems:
        problems.extend(_duplicate_ids(data))
    return problems


def _duplicate_ids(data: dict[str, Any]) -> Iterator[str]:
    topic_first: dict[str, str] = {}
    fact_first: dict[str, str] = {}
    for t, topic in enumerate(data["topics"]):
        where = f"$.topics[{t}].id"
        first = topic_first.setdefault(topic["id"], where)
        if first != where:
            yield f"{where}: duplicate topic id {topic['id']!r} (first at {first})"
        for f, fact in enumerate(topic["facts"]):
            where = f"$.topics[{t}].facts[{f}].id"
            first = fact_first.setdefault(fact["id"], where)
            if first != where:
                yield f"{where}: duplicate fact id {fact['id']!r} (first at {first})"


# ---------------------------------------------------------------------------------------------
# Dumping

_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))


def _plain_is_string(value: str) -> bool:
    """Whether ``value`` written plain reads back as that string under YAML 1.1 and 1.2 alike."""
    if value in _ALWAYS_QUOTE or _NEEDS_ESCAPE.search(value):
        return False
    return all(r.resolve(ScalarNode, value, (True, False)) == _STR_TAG for r in _RESOLVERS)


def _quoted(data: Any) -> Any:
    """``data`` with every string that a YAML 1.1 or 1.2 reader could take as something else
    (``no``, ``on``, ``12:30``, ``1e3``, ``0o17``, ``~``, ``null``, ``1.0`` …) double-quoted.

    So is every string holding a character that must be escaped (see ``_NEEDS_ESCAPE``): only
    the double-quoted style has escapes. Other strings are left to the emitter, which still
    quotes what plain style cannot carry (``: ``, `` #``, a leading ``#``, edge spaces).
    """
    if isinstance(data, str):
        return data if _plain_is_string(data) else DoubleQuotedScalarString(data)
    if isinstance(data, dict):
        return {key: _quoted(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_quoted(item) for item in data]
    return data


def _yaml() -> YAML:
    # A fresh instance per dump: no state shared between dumps or with other YAML users.
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1_000_000_000  # never fold long lines
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    return yaml


def dump_facts(data: dict[str, Any]) -> str:
    """``data`` as YAML: deterministic, and read the same by PyYAML and ruamel.yaml."""
    stream = io.StringIO()
    _yaml().dump(_quoted(data), stream)
    return stream.getvalue()


# ---------------------------------------------------------------------------------------------
# Writing


def save_facts(data: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Validate ``data`` and write it as YAML to ``path`` atomically (``fixers.atomic``); raise
    ``FactsError`` and write nothing when it does not match the schema."""
    problems = validate_facts(data)
    if problems:
        raise FactsError(problems)
    write_atomic(path, dump_facts(data).encode("utf-8"))


def write_facts(docs: Sequence[Document], path: str | os.PathLike[str]) -> dict[str, Any]:
    """Build the facts of ``docs``, validate them, and write them to ``path`` atomically.

    Returns the data written. Raises ``FactsError`` (a ``ValueError``) before touching ``path``
    when the data is invalid, and ``OSError`` (``fixers.atomic.AtomicWriteError``) when writing
    fails; ``path`` is then unchanged and no temporary file is left.
    """
    data = build_facts(docs)
    save_facts(data, path)
    return data
