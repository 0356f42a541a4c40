"""A safe, bounded YAML load of a snippet with ruamel.yaml, and what is wrong when it fails.

The load is ``YAML(typ="safe", pure=True)`` (the optional C parser rejects valid input such as
``[!Ref AWS::NoValue]``, so results would depend on what is installed) with ``NoteConstructor``,
a constructor subclass of our own: registering tags on ruamel's shared ``SafeConstructor`` would
leak into every other loader in the process.

- Every ``!``-local tag goes through one catch-all handler that turns it into plain data, for
  scalar, sequence and mapping nodes alike: CloudFormation's ``!Ref x`` becomes
  ``{"Ref": "x"}``, ``!GetAtt a.b`` becomes ``{"Fn::GetAtt": "a.b"}``, ``!Condition c`` becomes
  ``{"Condition": "c"}``, and any other ``!Foo v`` becomes ``{"!Foo": v}``. Tags of other
  namespaces (``!<tag:example.com,2024:x>``) become ``{tag: value}`` the same way.
- ``!!python/...`` tags (``!!python/object/apply:os.system``) are refused when they are first
  seen in the event stream, and the constructor refuses them again: they are never constructed.
  An unknown tag of YAML's own namespace (``!!strr``) is an error.
- Multi-document streams load as several values. Duplicate keys are errors, reported at the
  second key with the first one as the related place.

Hostile input is bounded before anything is composed. ``len(text)`` is checked first (the pure
scanner is slow: tens of microseconds a character); then the
flow nesting the brackets of the text allow (a cheap upper bound: ruamel's scanner is quadratic in
flow depth on one line, 3,000 ``[`` take seconds just to scan); then a pass over the event stream
checks nesting depth, alias count, recursive aliases, and the number of nodes the document would
have with every alias expanded (an alias bomb of 9 levels of 9 holds 387 million). Only a stream
within every bound is composed and constructed, from the recorded events, so the text is scanned
once.

Damage codes (``SnippetResult.kind``): ``syntax`` (scanner or parser error), ``bad-character``
(a character YAML does not accept), ``duplicate-key``, ``python-tag``, ``unknown-tag``,
``undefined-alias``, ``recursive-alias``, ``construct`` (any other constructor error, such as a
mapping used as a key), ``too-large``, ``too-deep``, ``too-many-aliases``, ``alias-expansion``.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from lint.snippets import SnippetResult, YamlLimits, failure, token_end

__all__ = ["YamlLimits", "NoteConstructor", "check_yaml", "load_bounded", "loader"]

YAML_NAMESPACE = "tag:yaml.org,2002:"
PYTHON_TAGS = YAML_NAMESPACE + "python/"

# CloudFormation intrinsic functions whose short tag !Name stands for the key Fn::Name.
_CFN_FUNCTIONS = frozenset({
    "And", "Base64", "Cidr", "Equals", "FindInMap", "ForEach", "GetAZs", "GetAtt", "If",
    "ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString",
    "Transform",
})
_CFN_PLAIN = frozenset({"Ref", "Condition"})  # short tags whose long form has no Fn:: prefix
_OPENING = re.compile(r"[\[\]{}]")
_MISSING = object()


class NoteConstructor(SafeConstructor):
    """The safe constructor plus plain data for application tags; never registered globally."""

    def check_mapping_key(self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any) -> bool:
        if key not in mapping:
            return True
        first = next((k for k, _ in node.value if k is not key_node
                      and self.constructed_objects.get(k, _MISSING) == key), None)
        raise _DuplicateKey(key, key_node, first)


class _TagError(ConstructorError):
    """A tag the constructor refuses; ``kind`` is python-tag or unknown-tag."""

    def __init__(self, kind: str, problem: str, node: Node) -> None:
        super().__init__(None, None, problem, node.start_mark)
        self.kind = kind


class _DuplicateKey(DuplicateKeyError):
    def __init__(self, key: Any, key_node: Node, first: Node | None) -> None:
        super().__init__(None, None, f"duplicate key {_short(repr(key))}", key_node.start_mark)
        self.first = first


def _plain(constructor: SafeConstructor, node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return constructor.construct_scalar(node)
    if isinstance(node, SequenceNode):
        return constructor.construct_sequence(node, deep=True)
    if isinstance(node, MappingNode):
        return constructor.construct_mapping(node, deep=True)
    raise ConstructorError(None, None, f"unexpected node {type(node).__name__}", node.start_mark)


def _local_tag(constructor: SafeConstructor, suffix: str, node: Node) -> Any:
    """The one handler for every !-local tag: CloudFormation short forms and any other !Foo."""
    if suffix in _CFN_PLAIN:
        key = suffix
    elif suffix in _CFN_FUNCTIONS:
        key = f"Fn::{suffix}"
    else:
        key = f"!{suffix}"
    return {key: _plain(constructor, node)}


def _other_tag(constructor: SafeConstructor, node: Node) -> Any:
    tag = str(node.tag)
    if tag.startswith(PYTHON_TAGS):
        raise _TagError("python-tag", _python_problem(tag), node)
    if tag.startswith(YAML_NAMESPACE):
        raise _TagError("unknown-tag", f"unknown tag {_shown_tag(tag)}", node)
    return {tag: _plain(constructor, node)}


NoteConstructor.add_multi_constructor("!", _local_tag)
NoteConstructor.add_constructor(None, _other_tag)


class _Yaml(YAML):
    """ruamel's ``YAML``, its plug-ins looked for once: every ``YAML()`` globs ruamel's directory
    for them (a tenth of a millisecond, and a load takes two loaders)."""

    _plug_ins: ClassVar[list[Any] | None] = None

    def official_plug_ins(self) -> Any:
        if _Yaml._plug_ins is None:
            _Yaml._plug_ins = list(super().official_plug_ins())
        return list(_Yaml._plug_ins)


def loader(max_depth: int = 64) -> YAML:
    """A fresh safe, pure-Python loader using ``NoteConstructor``.

    ruamel's own composer depth limit (which counts scalars as a level too) is set as a backstop
    behind the event-stream bound.
    """
    yaml = _Yaml(typ="safe", pure=True)
    yaml.Constructor = NoteConstructor
    yaml.allow_duplicate_keys = False
    yaml.max_depth = max_depth + 1
    return yaml


def check_yaml(text: str, limits: YamlLimits | None = None) -> SnippetResult:
    """Load ``text`` (any number of documents) safely within ``limits``; name the first problem."""
    limits = limits or YamlLimits()
    if len(text) > limits.max_chars:
        return failure(text, "too-large", f"not checked: the snippet has {len(text):,} characters, more "
                       f"than the {limits.max_chars:,} this check reads", 0)
    deep = _bracket_depth_over(text, limits.max_depth)
    if deep is not None:
        return failure(text, "too-deep", f"brackets nest more than {limits.max_depth} levels deep", deep)
    return load_bounded(text, limits)


def load_bounded(text: str, limits: YamlLimits | None = None) -> SnippetResult:
    """Load ``text`` within the event-stream bounds of ``limits`` (depth, aliases, expanded
    nodes), without ``check_yaml``'s cheap pre-checks of the text (``max_chars`` and bracket
    nesting).

    For YAML files of any size whose brackets may be prose, such as a facts file, where counting
    brackets would refuse valid text. Deep flow nesting still stops at the first collection past
    ``max_depth``, before anything is composed.
    """
    limits = limits or YamlLimits()
    with warnings.catch_warnings():
        # YAML 1.2 lets an anchor be defined again; ruamel only warns about it.
        warnings.simplefilter("ignore", ReusedAnchorWarning)
        try:
            events = _check_events(text, loader(limits.max_depth), limits)
            if isinstance(events, SnippetResult):
                return events
            values = _construct(events, limits.max_depth)
        except YAMLError as error:
            return _from_error(text, error)
        except RecursionError:
            return failure(text, "too-deep", "nested too deeply to load", 0)
    return SnippetResult(True, values=values)


def _bracket_depth_over(text: str, max_depth: int) -> int | None:
    """Offset of the bracket that takes bracket nesting past ``max_depth``, reading brackets only.

    Quotes and comments are ignored, so this over-counts at worst: it bounds the flow nesting
    the scanner would have to track, and refuses only text with more than ``max_depth``
    unbalanced opening brackets.
    """
    depth = 0
    for match in _OPENING.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return match.start()
        else:
            depth = max(0, depth - 1)
    return None


def _check_events(text: str, yaml: YAML, limits: YamlLimits) -> list[Event] | SnippetResult:
    """The whole event stream, or the first bound, alias or tag it breaks.

    Nothing is composed until the stream has passed; the events are kept so that the text is
    scanned once (pure-Python scanning is most of the cost of a load).
    """
    anchors: dict[str, int | None] = {}  # anchor -> expanded size; None while still open
    open_nodes: list[list[Any]] = []  # [anchor, expanded size so far] per open collection
    nodes = aliases = 0
    events: list[Event] = []
    event: Event
    for event in yaml.parse(text):
        events.append(event)
        if isinstance(event, DocumentStartEvent):
            anchors.clear()  # anchors do not cross documents
            continue
        if not isinstance(event, NodeEvent | CollectionEndEvent):
            continue
        start = event.start_mark.index
        if isinstance(event, AliasEvent):
            aliases += 1
            if aliases > limits.max_aliases:
                return failure(text, "too-many-aliases",
                               f"more than {limits.max_aliases:,} aliases", start, token_end(text, start))
            size = anchors.get(event.anchor, -1)
            if size is None:
                return failure(text, "recursive-alias", f"the alias *{event.anchor} refers to a node "
                               "that contains it (a recursive structure)", start, token_end(text, start))
            if size < 0:
                return failure(text, "undefined-alias", f"the alias *{event.anchor} has no anchor "
                               f"&{event.anchor} before it", start, token_end(text, start))
        elif isinstance(event, ScalarEvent | CollectionStartEvent):
            tag = event.tag or ""
            if tag.startswith(PYTHON_TAGS):
                return failure(text, "python-tag", _python_problem(tag), start, token_end(text, start))
            if isinstance(event, CollectionStartEvent):
                if len(open_nodes) >= limits.max_depth:
                    return failure(text, "too-deep", f"nested more than {limits.max_depth} levels deep",
                                   start, token_end(text, start))
                if event.anchor:
                    anchors[event.anchor] = None
                open_nodes.append([event.anchor, 1])
                nodes += 1
                continue
            size = 1
            if event.anchor:
                anchors[event.anchor] = 1
        else:  # the end of a collection: its expanded size becomes known
            anchor, size = open_nodes.pop()
            if anchor:
                anchors[anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
            continue
        nodes += size
        if open_nodes:
            open_nodes[-1][1] += size
        if nodes > limits.max_nodes:
            kind, what = ("alias-expansion", "with its aliases expanded, the snippet") \
                if isinstance(event, AliasEvent) else ("too-large", "not checked: the snippet")
            return failure(text, kind, f"{what} has more than {limits.max_nodes:,} nodes",
                           start, token_end(text, start))
    return events


class _Replay:
    """Stands in for ruamel's parser and feeds the checked events to its composer."""

    def __init__(self, events: list[Event], yaml: YAML) -> None:
        self.events = events
        self.next = 0
        self.yaml = yaml

    def check_event(self, *choices: type) -> bool:
        if self.next >= len(self.events):
            return False
        return not choices or isinstance(self.events[self.next], choices)

    def peek_event(self) -> Event | None:
        return self.events[self.next] if self.next < len(self.events) else None

    def get_event(self) -> Event:
        event = self.events[self.next]
        self.next += 1
        if isinstance(event, DocumentStartEvent):
            # The resolver reads the document's %YAML version from the loader, as the parser sets it.
            self.yaml.version = event.version
        return event

    def dispose(self) -> None:
        self.events = []


def _construct(events: list[Event], max_depth: int) -> tuple[Any, ...]:
    """Compose and construct every document from events that passed ``_check_events``."""
    yaml = loader(max_depth)
    yaml._parser = _Replay(events, yaml)  # type: ignore[attr-defined]  # composer reads loader._parser
    constructor = yaml.constructor
    values = []
    while constructor.check_data():
        values.append(constructor.get_data())
    return tuple(values)


def _from_error(text: str, error: YAMLError) -> SnippetResult:
    if isinstance(error, ReaderError):
        char = error.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return failure(text, "bad-character", f"character {shown} is not allowed in YAML",
                       int(error.position))
    if not isinstance(error, MarkedYAMLError):
        return failure(text, "syntax", _short(str(error)), 0)
    mark = error.problem_mark or error.context_mark
    offset = mark.index if mark is not None else 0
    if isinstance(error, _DuplicateKey):
        first = error.first.start_mark.index if error.first is not None else None
        return failure(text, "duplicate-key", str(error.problem), offset, token_end(text, offset),
                       related=first, related_note="first defined")
    if isinstance(error, DuplicateKeyError):
        return failure(text, "duplicate-key", _short(str(error.problem)), offset, token_end(text, offset))
    if isinstance(error, ConstructorError):
        kind = error.kind if isinstance(error, _TagError) else "construct"
        return failure(text, kind, _short(str(error.problem)), offset, token_end(text, offset))
    lost = _lost_colon(text, offset) if str(error.problem).startswith(_MAPPING_HERE) else None
    if lost is not None:
        return lost
    problem = _plain_words(str(error.problem or error))
    context_mark = error.context_mark
    if error.context == "while scanning a quoted scalar" and context_mark is not None \
            and str(error.problem).startswith("found unexpected end of"):
        return failure(text, "syntax", "the quoted string is never closed", context_mark.index,
                       token_end(text, context_mark.index))
    if error.context == "while scanning for the next token":
        error.context = None  # says nothing the problem does not
    if error.context and context_mark is not None and context_mark.index != offset:
        return failure(text, "syntax", problem, offset, token_end(text, offset),
                       related=context_mark.index, related_note=f"{error.context} that starts")
    if error.context:
        problem = f"{problem} ({error.context})"
    return failure(text, "syntax", problem, offset, token_end(text, offset))


_MAPPING_HERE = "mapping values are not allowed here"
# The line before: a key and one value, with no colon between ("version "3.8"", "city Sydney").
_NO_COLON = re.compile(r"""([ ]*(?:-[ ]+)?)([A-Za-z_][\w.-]*)[ ]+
    ("[^"\n]*"|'[^'\n]*'|[^\s:#"'][^\s#]*)[ ]*\n""", re.VERBOSE)


def _lost_colon(text: str, offset: int) -> SnippetResult | None:
    """When a key's ': ' is refused because the line above, as indented, is a key and a value
    without the colon, that line is what is wrong: point at it."""
    start = text.rfind("\n", 0, offset) + 1
    above = text.rfind("\n", 0, max(0, start - 1)) + 1
    m = _NO_COLON.fullmatch(text, above, start)
    line = text[start:offset]
    if m is None or len(line) - len(line.lstrip(" ")) != len(m.group(1)):
        return None
    key, value = m.group(2), m.group(3)
    return failure(text, "syntax", f"`{key} {value}` has no colon after its key: `{key}: {value}`?",
                   m.start(2), m.end(3))


# ruamel's wording, made plainer: its token names and the usual cause of the error.
_PLAIN = (
    ("'?'", "a key"),
    ("'<scalar>'", "a value"),
    ("'<stream end>'", "the end of the snippet"),
    ("<block end>", "the end of the block"),
    ("'<document start>'", "the start of a document"),
    ("'<block mapping start>'", "a mapping"),
    ("'<block sequence start>'", "a list"),
)
_HINTS = (
    ("mapping values are not allowed here", "a ': ' here starts a mapping where none can be; quote the "
     "value if it contains ': ', or fix the indentation"),
    ("found character '\\t' that cannot start any token", "a tab cannot indent YAML; use spaces"),
)


def _plain_words(problem: str) -> str:
    for ruamel_words, plain in _HINTS:
        if problem.startswith(ruamel_words):
            return plain
    for token, words in _PLAIN:
        problem = problem.replace(token, words)
    if "the end of the block" in problem and "a key" in problem:
        problem += " (check the indentation)"
    return _short(problem)


def _python_problem(tag: str) -> str:
    return f"the tag {_shown_tag(tag)} is refused: it asks a YAML loader to run Python code"


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_NAMESPACE):] if tag.startswith(YAML_NAMESPACE) else tag


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
