"""broken-json: a fenced ```json code block whose content is not valid JSON.

## What it does
Reads every fenced code block whose info string's language is `json` as strict JSON, the way
`json.loads` reads it with two of its leniencies removed: `NaN`/`Infinity` and duplicate keys
are errors. The message names the first problem in plain words (a trailing comma, a missing
comma, a comment, a single-quoted string, an unquoted key, a bracket never closed, ...), and the
finding points at the offending token's line and column in the notes file, not in the snippet.
Problems that refer to a second place (the first copy of a duplicate key, the bracket left
open) name that place's line and column too.

Only `json` is checked. `jsonc` and `json5` fences may carry comments and trailing commas by
design, and `jsonl`/`ndjson` hold one value per line, so they are not read as JSON. An empty
block is left to `empty-code-block`. A fence that is never closed is still checked, and the
message says that the rest of the file was read as its content.

## Why is this bad?
A snippet in study notes is copied into consoles, policies and templates. A policy that does not
parse is rejected by the service when it is pasted, usually long after the note was written, and
a note that teaches invalid syntax teaches the wrong thing.

## Example
````markdown
```json
{
  "Effect": "Allow",
  "Action": ["s3:GetObject",],
}
```
````
is reported as `trailing comma before ']'` at the comma on line 4.

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
No automatic fix yet: the rule only reports. (Repairs of trailing commas, quotes and missing
commas, safe only when the result parses, are planned.)
"""

from __future__ import annotations

from collections.abc import Iterator

from lint.document import Block, Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register
from lint.snippets import place
from lint.snippets.json_check import check_json

JSON_LANGUAGES = frozenset({"json"})


def json_blocks(doc: Document) -> Iterator[Block]:
    """Fenced code blocks labelled as JSON that have any content."""
    for block in doc.iter_blocks("code"):
        if block.style == "fenced" and block.language in JSON_LANGUAGES and block.text.strip():
            yield block


@register
class BrokenJson(Rule):
    id = "broken-json"
    severity = "error"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        for block in json_blocks(doc):
            result = check_json(block.text)
            if result.ok:
                continue
            start, end, problem = place(doc, block, result)
            message = f"invalid JSON: {problem}"
            if not block.closed:
                message += " (the fence is never closed, so the rest of the file was read as JSON)"
            yield self.finding(doc, start, end, message)
