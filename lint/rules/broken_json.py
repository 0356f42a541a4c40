"""broken-json: a JSON snippet that does not parse, told apart from deliberate fragments.

## What it does
Reads every JSON snippet of a note and classifies it. A JSON snippet is a fenced code block whose
language is `json`, or a block that snippet detection (see `unfenced-code`) finds to be JSON with
at least medium confidence: a paragraph or indented code block that lost its fence, a fence
without a language. Each is one of:

- `valid`: strict JSON, read as `json.loads` reads it with two of its leniencies removed:
  `NaN`/`Infinity` and duplicate keys are errors;
- `fragment`: parses once wrapped in `{}` or `[]`, as members cut from a policy are
  (`"Effect": "Allow", "Action": "s3:GetObject"`);
- `jsonc`: parses once its `//` and `/* */` comments are removed (a `//` inside a string, as in
  `"https://..."`, is text);
- `elided`: `...` or `…` stand for omitted content and it parses once they are taken out;
- `truncated`: the structure was lost: the brace-only and bracket-only lines are missing, as in
  a policy pasted as an indented paragraph (`"Statement": [` followed by member lines, objects of
  one array run together, an `"Action": [` never closed), while every line is otherwise valid;
- `broken`: anything else.

Only `truncated` and `broken` are errors. `fragment`, `jsonc` and `elided` snippets (alone or
combined, as a fragment with comments) are `info` findings that name the class, or are accepted
outright by the `allow` option, which lists the classes to accept:

```toml
[tool.notelint.broken-json]
allow = ["fragment", "jsonc"]
```

A combined snippet is accepted when all its classes are. An elided snippet in a fence without a
language is not reported: it is output the author cut (`...` above `"Containers": {`), which
no one claimed to be JSON; in a ```json fence, or without a fence, it is. The message names the class and the
problem in plain words (a trailing comma, a comment, a member where an array element belongs,
a bracket never closed, ...); the finding points at the offending token's line and column in
the notes file, and a second place the problem refers to (the first copy of a duplicate key,
the bracket left open) is named by its line and column in the file too.

`jsonc` and `json5` fences may carry comments and trailing commas by design, and `jsonl` and
`ndjson` hold one value per line, so they are not read as JSON. An empty block is left to
`empty-code-block`. A fence that is never closed is still checked, and the message says that
the rest of the file was read as its content.

## Why is this bad?
A snippet in study notes is copied into consoles, policies and templates. A policy that does not
parse is rejected by the service when it is pasted, usually long after the note was written, and
a note that teaches invalid syntax teaches the wrong thing. Fragments, comments and `...` are
usually deliberate, so they are reported as information only, or not at all.

## Example
````markdown
```json
{
  "Effect": "Allow",
  "Action": ["s3:GetObject",],
}
```
````
is reported as `invalid JSON (broken): trailing comma before ']'` at the comma on line 4.

Use instead:
````markdown
```json
{
  "Effect": "Allow",
  "Action": ["s3:GetObject"]
}
```
````

## Fix
- Safe, for `broken` snippets: remove trailing commas, put single-quoted strings in double
  quotes, insert a missing comma between two members or elements. Offered only when the result
  parses (strictly, or as the fragment, jsonc or elided snippet it was).
- Unsafe, for `truncated` snippets: rebuild the lost braces and brackets from the indentation
  and from repeated keys. A deeper indentation opens an object; a key repeated at one level
  closes the object and opens the next one in the same array; an array whose items were lost
  (`"Action": [` followed by a sibling key) becomes `[]`, and a key whose object lost its lines
  gets `{}`. The rebuild never invents a key or a value, keeps the snippet's indentation (a
  list item's too) and the file's line endings, and is offered only when the result parses.
  It is unsafe because it guesses where each object ends, and an emptied `[]` says less than
  the original did: the fix message asks for a review. This paragraph inside a list item

      - Explicit approve allows `s3:PutObject`

        "Version": "2012-10-17",
        "Statement": [
            "Effect": "Allow",
            "Action": [
            "Resource": "arn:aws:s3:::holidaygifts/*"
            "Effect": "Deny",
            "Action": ["s3:GetObject"],
            "Resource": "arn:aws:s3:::holidaygifts/*"

  is rebuilt as

      - Explicit approve allows `s3:PutObject`

        {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [],
            "Resource": "arn:aws:s3:::holidaygifts/*"
          },
          {
            "Effect": "Deny",
            "Action": ["s3:GetObject"],
            "Resource": "arn:aws:s3:::holidaygifts/*"
          }
        ]
        }

No fix is offered for `fragment`, `jsonc` and `elided` snippets, nor inside a fence that is
never closed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from fixers.edit import Fix
from lint.config import ConfigError
from lint.document import Block, Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register
from lint.snippets.detect import at_least, snippets
from lint.snippets.json_classify import ERRORS, LENIENT, JsonClass, classify

if TYPE_CHECKING:
    from fixers.json_repair import Source

# fixers.json_repair (and fixers.apply under it) is imported where a snippet needs it: notes
# without JSON do not pay for loading the repairs.

JSON_LANGUAGES = frozenset({"json"})
MIN_CONFIDENCE = "medium"  # a detection that merely fits the lines is unfenced-code's to report


class JsonSnippet(NamedTuple):
    """A JSON snippet of a note: its first block, its text and where its lines are."""

    block: Block
    source: Source


def json_snippets(doc: Document) -> list[JsonSnippet]:
    """Fenced ```json blocks, and blocks detected as JSON (``medium`` confidence or surer)."""
    found = []
    for snippet in snippets(doc):
        if snippet.language not in JSON_LANGUAGES:
            continue
        detection = snippet.detection
        if detection is not None and not at_least(detection.confidence, MIN_CONFIDENCE):
            continue
        from fixers.json_repair import Source

        if len(snippet.blocks) > 1 and snippet.code and snippet.offsets:
            source = Source(snippet.code, snippet.offsets)  # a code block and the paragraph after it
        else:
            # The block's own text: a paragraph's first line then keeps its place left of the
            # others, so that a restored outer brace can go there.
            source = Source.of_block(snippet.block)
        if source.text.strip():
            found.append(JsonSnippet(snippet.block, source))
    return found


@register
class BrokenJson(Rule):
    id = "broken-json"
    severity = "error"
    options: ClassVar[dict[str, Any]] = {"allow": []}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        allowed = allowed_classes(ctx.option("allow", []))
        for snippet in json_snippets(doc):
            from fixers.json_repair import layout, rebuild_fix, repair_fix

            block, source = snippet.block, snippet.source
            cls = classify(source.text, layout(doc, source).indents)
            if cls.ok or (not cls.is_error and (set(cls.traits) <= allowed or _excerpt(block, cls))):
                continue
            start, end, problem = _place(doc, source, cls)
            message = describe(cls, problem)
            fix: Fix | None = None
            if not block.closed:
                message += " (the fence is never closed, so the rest of the file was read as JSON)"
            elif cls.kind == "truncated":
                fix = rebuild_fix(doc, source, cls)
            elif cls.kind == "broken":
                fix = repair_fix(doc, source, cls)
            yield self.finding(doc, start, end, message, fix, severity=None if cls.is_error else "info",
                               fingerprint=f"{cls.kind}: {' '.join(source.text.split())}")


def _excerpt(block: Block, cls: JsonClass) -> bool:
    """An elided snippet in a fence without a language: output cut where the author wrote
    ``...``, which no one claimed to be JSON."""
    return "elided" in cls.traits and block.style == "fenced" and not block.language


def _place(doc: Document, source: Source, cls: JsonClass) -> tuple[int, int, str]:
    """The problem's span in the notes file, and its words naming any related place there."""
    result = cls.result

    def where(offset: int) -> str:
        line, column = doc.position(source.to_file(offset))
        return f"line {line}, column {column}"

    start = source.to_file(result.offset)
    return start, max(start, source.to_file(result.end)), result.describe(where)


def allowed_classes(option: object) -> frozenset[str]:
    """The classes the ``allow`` option accepts; a class that cannot be accepted is a config error."""
    names = [option] if isinstance(option, str) else option
    if not isinstance(names, list | tuple):
        raise ConfigError(f"[tool.notelint.broken-json] allow: expected a list of classes, got {option!r}")
    wrong = [n for n in names if n not in LENIENT]
    if wrong:
        errors = [n for n in wrong if n in ERRORS]
        why = (f" ({', '.join(errors)} {'is an error' if len(errors) == 1 else 'are errors'}: use "
               "`ignore` or `severity` to silence the rule)") if errors else ""
        raise ConfigError(f"[tool.notelint.broken-json] allow: cannot accept {', '.join(map(repr, wrong))}"
                          f"{why}; accepted: {', '.join(LENIENT)}")
    return frozenset(names)


_HOW = {"jsonc": "its comments are removed", "elided": "its '...' placeholders are taken out"}


def describe(cls: JsonClass, problem: str) -> str:
    """The finding's message: the class, what it means, and the problem where it is."""
    if cls.kind == "broken":
        also = _traits_note(cls.traits)
        return f"invalid JSON (broken{also}): {problem}"
    if cls.kind == "truncated":
        return ("invalid JSON (truncated: its brace-only and bracket-only lines were lost"
                f"{_traits_note(cls.traits)}): {problem}")
    steps = [_HOW[t] for t in cls.traits if t in _HOW]
    if "fragment" in cls.traits:
        steps.append(f"it is wrapped in {cls.wrap}")
    return f"not strict JSON ({' + '.join(cls.traits)}: parses once {' and '.join(steps)}): {problem}"


def _traits_note(traits: Sequence[str]) -> str:
    return f", also {' + '.join(traits)}" if traits else ""
