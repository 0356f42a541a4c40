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

What a fact says (schema 1.1)
    Each fact also carries its ``kind`` (definition, limit, comparison, list-item or statement),
    the glossary ``terms`` it mentions, the ``quantities`` it states (value and normalised unit)
    and, for a definition, ``definition: {term, explanation}``; ``lint.fact_kinds`` decides them
    from the fact's text alone, so they move with the fact as its id does.

Compatibility
    ``schema_version`` is ``MAJOR.MINOR``. A minor version only adds fields (1.1 added ``kind``,
    ``terms``, ``quantities`` and ``definition``; a file declaring 1.0 may lack them); a major
    version changes or removes fields. Consumers should ignore keys they do not know.

Output
    ``dump_facts`` writes YAML with its own small block-style emitter: byte for byte what
    ruamel.yaml's round-trip emitter wrote for the same data (the tests compare them), at about a
    twentieth of the time. ``dump_facts_json`` writes the same data as JSON. ``check_facts_file``
    reads a facts file written by any tool (JSON, or YAML loaded safely) and validates it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from importlib.resources import files
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator
from ruamel.yaml.resolver import VersionedResolver

from fixers.atomic import write_atomic
from lint.document import Block, Document
from lint.fact_kinds import analyse, term_matcher
from lint.snippets.json_check import loads_strict
from lint.spelling import Glossary, glossary

SCHEMA_VERSION = "1.1"
ID_LENGTH = 12

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_SETEXT_UNDERLINE = re.compile(r"[ \t]*(?:=+|-+)[ \t]*")
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


def build_facts(docs: Sequence[Document], terms: Glossary | None = None) -> dict[str, Any]:
    """The facts of ``docs``, in the order given, as plain data matching the facts schema.

    ``terms`` is the glossary whose terms facts mention (default: notelint's own,
    ``lint.spelling.glossary()``); see ``lint.fact_kinds`` for kinds, terms and quantities.
    """
    matcher = term_matcher(glossary() if terms is None else terms)
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
                **analyse(text, block.kind, matcher),
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



@functools.cache
def _implicit_patterns() -> tuple[dict[str, tuple[re.Pattern[str], ...]], ...]:
    """Per YAML version (1.1, 1.2): first character -> the patterns of ruamel's implicit resolvers
    (bool, int, float, null, timestamp, merge, value...) that a plain scalar starting with it may
    match. Read once: ``VersionedResolver.resolve`` looks its table up again on every call."""
    tables = []
    for version in ((1, 1), (1, 2)):
        table: dict[str | None, list[tuple[Any, re.Pattern[str]]]] = VersionedResolver(
            version=version).versioned_resolver
        any_start = [regexp for _, regexp in table.get(None, [])]
        tables.append({first: tuple(regexp for _, regexp in entries) + tuple(any_start)
                       for first, entries in table.items() if first is not None})
        tables[-1][""] = tuple(any_start)
    return tuple(tables)


def _plain_is_string(value: str) -> bool:
    """Whether ``value`` written plain reads back as that string under YAML 1.1 and 1.2 alike."""
    if value in _ALWAYS_QUOTE or _NEEDS_ESCAPE.search(value):
        return False
    for table in _implicit_patterns():
        patterns = table.get(value[:1]) if value else table.get("")
        if patterns is None:
            patterns = table[""]
        if any(p.match(value) for p in patterns):
            return False
    return True


# What the emitter writes: plain when the string reads back as itself (``_plain_is_string``) and
# plain style can carry it (``_plain_fits``); else single-quoted, unless it holds a character that
# needs an escape (only double quotes have escapes) or a reader could take it plain as another
# type. This is the choice PyYAML's and ruamel.yaml's emitters make for block style, written out
# here: the pure-Python ruamel emitter took about 4 s for the corpus facts, this takes a tenth.
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_WHITESPACE = frozenset(" \t")
_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f",
            "\r": "r", "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}
# In double quotes, escape what is outside printable ASCII and the BMP's printable range (the
# emitters escape supplementary characters there too, and the BOM).
_DOUBLE_ESCAPE = re.compile(r'["\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]')


def _plain_fits(value: str) -> bool:
    """Whether block plain style can carry ``value`` (the emitters' scalar analysis)."""
    if not value or value.startswith(("---", "...")) or value[0] in _WHITESPACE or value[-1] in _WHITESPACE:
        return False
    if value[0] in _FIRST_INDICATORS:
        return False
    if value[0] in "?:-" and (len(value) == 1 or value[1] in _WHITESPACE):
        return False
    return not (": " in value or value.endswith(":") or " #" in value or "\t#" in value
                or ":\t" in value)


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        if _plain_is_string(value):
            if _plain_fits(value):
                return value
            if "'" not in value:  # like the emitters: single quotes unless that means doubling
                return "'" + value + "'"
        return '"' + _DOUBLE_ESCAPE.sub(_escape, value) + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text and "." not in text:
            text = text.replace("e", ".0e", 1)  # YAML 1.1 reads a float only with a dot
        return text
    raise TypeError(f"cannot dump {type(value).__name__} as facts YAML")


def _emit(data: Any, indent: int, out: list[str]) -> None:
    """Append ``data`` (a non-empty mapping or sequence) in block style, each line at ``indent``;
    the first line continues whatever ``out`` ends with (a key, a ``- `` marker, or nothing)."""
    pad = " " * indent
    first = True
    if isinstance(data, dict):
        for key, value in data.items():
            out.append(("" if first else pad) + _scalar(key) + ":")
            first = False
            if isinstance(value, dict) and value:
                out.append("\n" + pad + "  ")
                _emit(value, indent + 2, out)
            elif isinstance(value, list) and value:
                out.append("\n" + pad)  # sequences in mappings are not indented
                _emit(value, indent, out)
            else:
                out.append(" " + _flow_empty(value) + "\n")
        return
    for item in data:
        out.append(("" if first else pad) + "- ")
        first = False
        if isinstance(item, (dict, list)) and item:
            _emit(item, indent + 2, out)
        else:
            out.append(_flow_empty(item) + "\n")


def _flow_empty(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def dump_facts(data: dict[str, Any]) -> str:
    """``data`` as YAML: deterministic, and read the same by PyYAML and ruamel.yaml.

    Block style, two-space indent, sequences in mappings not indented, lines never folded.
    """
    if not data:
        return "{}\n"
    out: list[str] = []
    _emit(data, 0, out)
    return "".join(out)


def dump_facts_json(data: dict[str, Any]) -> str:
    """``data`` as JSON (UTF-8 text, two-space indent, keys in the facts' order): the same data
    as ``dump_facts``."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Reading a facts file written by any tool

# Bound on the nodes of a loaded file with every YAML alias expanded (an alias bomb expands
# exponentially); real facts files have no aliases at all.
MAX_NODES = 5_000_000


class FactsFileError(ValueError):
    """A facts file that cannot be read or parsed as YAML or JSON (one line, with the path)."""


def load_facts_file(path: str | os.PathLike[str]) -> Any:
    """The data of a facts file: JSON when its first non-blank character opens a JSON object or
    array, else YAML 1.2 loaded safely and within bounds (``lint.snippets.yaml_check``: plain
    data only, no tags that construct objects; duplicate keys are errors). Raises
    ``FactsFileError`` when the file cannot be read, is not UTF-8, or does not parse."""
    name = os.fspath(path)
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise FactsFileError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FactsFileError(f"{name}: not UTF-8 (byte {exc.start})") from exc
    looks_json = text.lstrip()[:1] in ("{", "[")
    data = _load_json(name, text) if looks_json else _load_yaml(name, text)
    _bounded(name, data)
    return data


def _load_json(name: str, text: str) -> Any:
    try:
        return loads_strict(text)
    except json.JSONDecodeError as exc:
        raise FactsFileError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from exc
    except (ValueError, RecursionError) as exc:
        raise FactsFileError(f"{name}: not valid JSON: {exc}") from exc


def _load_yaml(name: str, text: str) -> Any:
    """The one YAML document of ``text``, loaded by the snippets' bounded loader.

    Depth, aliases and the nodes with every alias expanded are bounded on the event stream
    before anything is composed, so an alias bomb is refused without being built; ``!!python``
    tags are refused, other tags become plain data the schema then rejects.
    """
    from lint.snippets.yaml_check import YamlLimits, load_bounded

    result = load_bounded(text, YamlLimits(max_nodes=MAX_NODES))
    if not result.ok:
        where = f":{result.line + 1}:{result.column + 1}"
        if result.kind == "recursive-alias":
            raise FactsFileError(f"{name}{where}: a YAML alias refers to itself (recursive data)")
        if result.kind in ("alias-expansion", "too-large"):
            expanded = " with aliases expanded" if result.kind == "alias-expansion" else ""
            raise FactsFileError(f"{name}{where}: more than {MAX_NODES} values{expanded}")
        raise FactsFileError(f"{name}{where}: not valid YAML: {' '.join(result.describe().split())}")
    if len(result.values) > 1:
        raise FactsFileError(f"{name}: not valid YAML: {len(result.values)} documents; a facts file "
                             "holds one")
    return result.values[0] if result.values else None


def _bounded(name: str, data: Any) -> None:
    """Refuse recursive aliases and data that would exceed ``MAX_NODES`` nodes expanded."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise FactsFileError(f"{name}: a YAML alias refers to itself (recursive data)")
        active.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_NODES:
                raise FactsFileError(f"{name}: more than {MAX_NODES} values with aliases expanded")
        active.discard(key)
        sizes[key] = total
        return total

    try:
        size(data)
    except RecursionError as exc:
        raise FactsFileError(f"{name}: nested too deeply") from exc


def check_facts_file(path: str | os.PathLike[str]) -> list[str]:
    """Problems of the facts file at ``path`` as one-line ``"<JSON path>: <message>"`` strings
    (empty when it is valid). Raises ``FactsFileError`` when it cannot be read or parsed."""
    data = load_facts_file(path)
    return [_one_line(p) for p in validate_facts(data)]


def _one_line(problem: str, limit: int = 300) -> str:
    text = " ".join(problem.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Writing


def save_facts(data: dict[str, Any], path: str | os.PathLike[str],
               dump: Callable[[dict[str, Any]], str] | None = None) -> None:
    """Validate ``data`` and write it to ``path`` atomically (``fixers.atomic``), as YAML or with
    ``dump`` (``dump_facts_json``); raise ``FactsError`` and write nothing when it does not match
    the schema."""
    problems = validate_facts(data)
    if problems:
        raise FactsError(problems)
    write_atomic(path, (dump or dump_facts)(data).encode("utf-8"))


def write_facts(docs: Sequence[Document], path: str | os.PathLike[str]) -> dict[str, Any]:
    """Build the facts of ``docs``, validate them, and write them to ``path`` atomically.

    Returns the data written. Raises ``FactsError`` (a ``ValueError``) before touching ``path``
    when the data is invalid, and ``OSError`` (``fixers.atomic.AtomicWriteError``) when writing
    fails; ``path`` is then unchanged and no temporary file is left.
    """
    data = build_facts(docs)
    save_facts(data, path)
    return data
