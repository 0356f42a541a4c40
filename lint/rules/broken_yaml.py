"""broken-yaml: a YAML snippet, fenced or not, that does not load safely.

## What it does
Loads every YAML snippet of a note with a safe, pure-Python ruamel.yaml loader of notelint's
own, and reports the first problem at its line and column in the notes file (not in the
snippet). The snippets are:

- fenced code blocks whose language is `yaml` or `yml`;
- code that snippet detection (see `unfenced-code`) reads as YAML with `high` confidence: an
  indented code block, a paragraph, a nested list of YAML mappings, or a fence without a
  language. Its lines are read without their common indentation, as a fence would hold them.
  The option `[tool.notelint.broken-yaml] detected` sets the confidence needed (`high`,
  `medium`, `low`), or `off` to check fenced YAML only.

What counts:

- CloudFormation and SAM templates are valid: short tags such as `!Ref`, `!GetAtt`, `!Sub`,
  `!If`, `!Join`, `!Select`, `!FindInMap`, and any other `!Tag`, load as plain data, and the long
  forms (`Fn::GetAtt:`) are ordinary keys.
- Multi-document streams (`---`) are valid.
- Template markup is set aside and the YAML around it is checked: a Helm chart's Go template
  actions (`{{ .Values.x }}`, `{{- include "labels" . | nindent 4 }}`, `{{- end }}`) and Jinja
  statement lines (`{% for x in y %}`). A Jinja expression at the start of a value in an Ansible
  task (`msg: {{ greeting }}`) is still an error: Ansible reads the file as YAML and needs it
  quoted.
- Elision and prompts are set aside too: a line of only dots (an indented `...`, `…`, vertical
  dots) stands for what the author left out, and a `$ command` line over its output is a shell
  prompt. `...` at the start of a line is YAML's own end of a document.
- Duplicate keys are errors: most tools silently keep the last value.
- A key that lost its colon (`memory "128Mi"`, `city Sydney` over `postcode: "2000"`) is
  reported on its own line, not on the next key's `:` where the loader stops.
- A tab that indents YAML is an error in a snippet without a fence too: reading it expands the
  tab to see how the lines align, but a fence around those lines would keep it. A tab that
  indents the whole code block is no part of the code.
- YAML that lost its parent keys is reported as *truncated*, at the line where the structure
  breaks: a key indented one step under a key that already has a value (`Type: AWS::S3::Bucket`
  over `  BucketName: x`, where `MyBucket:` and `Properties:` were lost), or a key that follows a
  list at the list's own indentation when nothing holds the list (`- source: a` then
  `file_exists_behavior: b`, where `files:` was lost).
- `!!python/...` tags (`!!python/object/apply:os.system`) are refused and never constructed,
  and an unknown tag of YAML's own `!!` namespace is an error.
- Hostile input is refused by bounds before it is composed: nesting depth (64), aliases
  (1,000), the node count with every alias expanded (100,000), and aliases that point into their
  own node (recursive structures), so an alias bomb or 3,000 nested brackets give an error at
  once instead of a hang or a crash.
- A snippet over 20,000 characters (the pure-Python loader reads about 10,000 to 35,000 a
  second) is not checked, and says so in a warning.
- The bounds are options: `[tool.notelint.broken-yaml] max-chars`, `max-depth`, `max-aliases`,
  `max-nodes`.

An empty block is left to `empty-code-block`.

## Why is this bad?
YAML in notes ends up in templates, pipelines and config files. A snippet that does not load
fails only when it is used, and indentation mistakes in YAML often still parse into the wrong
structure elsewhere in the same snippet, so the first error is worth seeing where it is. A
template whose parent keys were lost reads as plausible YAML but describes nothing: the lost
keys have to be put back by hand.

## Example
````markdown
```yaml
Resources:
  Bucket:
    Type: AWS::S3::Bucket
     Properties:
      BucketName: !Ref Name
```
````
is reported at line 5, column 16 (the colon after `Properties`): indented one space too far,
`Properties` continues the value of `Type:`, where a `: ` cannot start a mapping.

Use instead:
````markdown
```yaml
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Name
```
````

## Fix
No automatic fix: the rule only reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar, NamedTuple

from lint.document import Block, Document
from lint.finding import Finding, Severity
from lint.registry import Rule, RuleContext, register
from lint.snippets import SnippetResult, YamlLimits, failure, token_end
from lint.snippets.detect import CONFIDENCES, Snippet, at_least, snippets, with_tabs
from lint.snippets.yaml_asides import has_template_markup, set_aside

# lint.snippets.yaml_check (and ruamel.yaml under it) is imported where a snippet needs it: notes
# without YAML do not pay for loading the parser.

YAML_LANGUAGES = frozenset({"yaml", "yml"})
_DEFAULTS = YamlLimits()
_NOT_CHECKED: Severity = "warning"
_DETECTED = "high"


def yaml_blocks(doc: Document) -> Iterator[Block]:
    """Fenced code blocks labelled as YAML that have any content."""
    for block in doc.iter_blocks("code"):
        if block.style == "fenced" and block.language in YAML_LANGUAGES and block.text.strip():
            yield block


def yaml_snippets(doc: Document, detected: str = _DETECTED) -> Iterator[Snippet]:
    """Fenced YAML, and code detected as YAML with ``detected`` confidence or surer ("off": none)."""
    for snippet in snippets(doc):
        if not snippet.source.strip():
            continue
        labelled = snippet.fenced and snippet.block.language in YAML_LANGUAGES
        found = snippet.detection
        if labelled or (detected in CONFIDENCES and not snippet.block.language and found is not None
                        and found.language == "yaml" and at_least(found.confidence, detected)):
            yield snippet


@register
class BrokenYaml(Rule):
    id = "broken-yaml"
    severity = "error"
    options: ClassVar[dict[str, Any]] = {
        "max-chars": _DEFAULTS.max_chars,
        "max-depth": _DEFAULTS.max_depth,
        "max-aliases": _DEFAULTS.max_aliases,
        "max-nodes": _DEFAULTS.max_nodes,
        "detected": _DETECTED,
    }

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        limits = YamlLimits(
            max_chars=int(ctx.option("max-chars", _DEFAULTS.max_chars)),
            max_depth=int(ctx.option("max-depth", _DEFAULTS.max_depth)),
            max_aliases=int(ctx.option("max-aliases", _DEFAULTS.max_aliases)),
            max_nodes=int(ctx.option("max-nodes", _DEFAULTS.max_nodes)),
        )
        detected = str(ctx.option("detected", _DETECTED)).lower()
        for snippet in yaml_snippets(doc, detected):
            from lint.snippets.yaml_check import check_yaml

            snippet = with_tabs(doc, snippet) or snippet  # a tab that indents is an error, fenced or not

            code = set_aside(snippet.source)  # template markup, elision, a prompt: no YAML, on purpose
            result = check_yaml(code, limits)
            if result.ok or (result.kind == "duplicate-key" and has_template_markup(snippet.source)):
                # Markup set aside joins a template's branches ("{{- if }}" over one "replicas:",
                # "{{- else }}" over another) and makes its actions alike: no key is known twice.
                continue
            verdict = "invalid YAML"
            if result.kind == "syntax":
                lost = truncation(code)
                if lost is not None and lost.line <= result.line:
                    result, verdict = lost, "truncated YAML"
            start, end, problem = _place(doc, snippet, result)
            message = f"YAML {problem}" if result.kind == "too-large" else f"{verdict}: {problem}"
            if not snippet.fenced:
                message += " (in a snippet without a fence)"
            elif not snippet.block.language:
                message += " (in a fence without a language)"
            if not snippet.block.closed:
                message += " (the fence is never closed, so the rest of the file was read as YAML)"
            # Too large to check is not known to be broken: a warning, not an error.
            severity = _NOT_CHECKED if result.kind == "too-large" else None
            yield self.finding(doc, start, end, message, severity=severity)


def _place(doc: Document, snippet: Snippet, result: SnippetResult) -> tuple[int, int, str]:
    """Map a failed result of ``snippet.source`` to (start, end, message) in ``doc.text``."""

    def where(offset: int) -> str:
        line, column = doc.position(snippet.offset(offset))
        return f"line {line}, column {column}"

    start = snippet.offset(result.offset)
    end = max(start, snippet.offset(result.end))
    return start, end, result.describe(where)


# ----------------------------------------------------------------------------------------------
# Truncation: parent keys lost

_KEY = re.compile(r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\[\]{}&*!|>%@`-](?:[^:#]|:(?!\s|$))*?
    |-(?:[^\s:#]|:(?!\s|$))(?:[^:#]|:(?!\s|$))*?)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$""", re.VERBOSE)
_COMMENT = re.compile(r"""^((?:[^"'#]|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?<=\S)\#)*?)\s+\#.*$""")
_DASH = re.compile(r"-(?:[ \t]+|$)")


class _Line(NamedTuple):  # a named tuple: quicker to define at import than a frozen dataclass
    number: int  # 0-based line in the snippet
    indent: int  # column of the first character
    column: int  # column of the key (after any "- " markers), or of the item's content
    dash: bool  # starts with a "- " marker
    key: str  # "" when the line holds no key
    has_value: bool  # a key with a scalar value on its own line (not |, >, an open bracket ...)


def _shape(number: int, line: str) -> _Line | None:
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    if not body or body.startswith("#") or body.rstrip() in ("---", "...") or body.startswith("--- "):
        return None
    column, dash = indent, False
    while (m := _DASH.match(line, column)) is not None:
        column, dash = m.end(), True
    rest = line[column:].rstrip()
    m = _COMMENT.match(rest) if "#" in rest else None  # slow to fail, and it needs a "#"
    rest = m.group(1) if m else rest
    key = _KEY.match(rest)
    if key is None:
        return _Line(number, indent, column, dash, "", False)
    value = (key.group("value") or "").strip()
    if value.startswith(("!", "&")):  # a tag or an anchor, and what follows it on the line
        value = value.split(None, 1)[1] if " " in value else ""
    scalar = bool(value) and not value.startswith(("|", ">", "[", "{", "&", "!", "*")) \
        and not (value[0] in "\"'" and (len(value) == 1 or value[-1] != value[0]))
    return _Line(number, indent, column, dash, key.group("key"), scalar)


def truncation(code: str) -> SnippetResult | None:
    """The first place where ``code``'s structure shows that parent keys were lost, if any."""
    shapes = [s for s in (_shape(i, ln) for i, ln in enumerate(code.split("\n"))) if s is not None]
    steps = [b.column - a.column for a, b in zip(shapes, shapes[1:], strict=False)
             if a.key and not a.has_value and b.column > a.column]
    # The snippet's indentation step: a child one step under a valued key lost its parent; one
    # odd column off ("Type: x" over "     Properties:") is an indentation slip instead.
    step = max(set(steps), key=steps.count) if steps else 2
    # Lists by column: does a key hold them ("files:" over "- source: a")?
    lists: dict[int, tuple[_Line, bool]] = {}
    previous: _Line | None = None
    for line in shapes:
        if previous is not None and line.key and previous.key and previous.has_value \
                and line.column - previous.column in {2, 4, step} - {1}:
            # Under a list item's first key, the usual slip is the item's next keys indented past
            # it ("- name: web" over "    image: nginx"): say that as well.
            cause = ("the key that held them was lost, or it is indented too far" if previous.dash
                     else "the key that held them was probably lost")
            return _lost(code, line, f"`{line.key}:` is indented under `{_text(code, previous)}`, which "
                         f"already has a value: {cause}", previous, f"`{previous.key}:` is")
        if line.dash and line.indent not in lists:
            held = previous is not None and previous.key != "" and not previous.has_value \
                and previous.column <= line.indent
            lists[line.indent] = (line, held)
        elif not line.dash and line.key:
            # A key at or left of a list that no key holds: the list was a value once.
            loose = [first for column, (first, held) in lists.items() if column >= line.indent and not held]
            if loose:
                return _lost(code, line, f"`{line.key}:` follows a list that no key holds; the key that "
                             "held the list was probably lost", loose[0], "the list starts")
            lists.pop(line.indent, None)
        for column in [c for c in lists if c > line.indent]:
            del lists[column]
        previous = line
    return None


def _text(code: str, line: _Line) -> str:
    return code.split("\n")[line.number].strip()


def _lost(code: str, line: _Line, problem: str, related: _Line, note: str) -> SnippetResult:
    starts = [0, *(m.end() for m in re.finditer("\n", code))]
    offset = starts[line.number] + line.column
    related_offset = starts[related.number] + related.column
    return failure(code, "truncated", problem, offset, token_end(code, offset), related=related_offset,
                   related_note=note)
