"""unfenced-code: JSON, YAML, shell commands or an ASCII diagram outside any code fence.

## What it does
Finds code that lost its fence, or never had one:

- indented code blocks whose content is JSON, YAML, shell or a diagram;
- paragraphs, at the top level or inside list items, whose every line has the shape of JSON
  (`"key": value` members, brackets), YAML (`key: value` with one-word keys, nesting,
  CloudFormation syntax such as `!Ref` and `AWS::S3::Bucket`), shell commands (`aws s3 presign
  ...`, a `$ ` prompt, options, continuations, pipes) or an ASCII diagram (`|----`, `-->`, lines
  laid out in columns);
- a nested list whose items are YAML mappings (`- TargetService:` over deeper `Type:` lines).

Detection reads the shape of each line and rejects any line that reads as a sentence, so prose
such as `Recovery Point Objective (RPO): Time between last backup and the failure.`,
`1 RCU = 1 x 4KB read operation per second.` or a definition `Term: explanation` is never
flagged. The message names the language found and how sure the detection is, with the reason:

    Unfenced JSON snippet (high confidence: 11 of 11 lines are JSON members); fence it as ```json

Only detections of at least `medium` confidence are reported; the option
`[tool.notelint.unfenced-code] min-confidence` (`high`, `medium` or `low`) changes that. Block
quotes are not searched.

## Why is this bad?
Markdown renders an unfenced JSON policy or CLI command as one run-on paragraph: line breaks and
indentation vanish, `*` turns into emphasis, and a copied command no longer runs. Formatters
(mdformat, remark) rewrap such paragraphs and destroy what is left of the structure. Snippet
checks (`broken-json`, `broken-yaml`) cannot see code they do not know is code.

## Example
```markdown
Encrypt the plan with the key:

aws kms encrypt \\
    --key-id alias/catrobot \\
    --plaintext fileb://battleplans.txt
```
renders as one line, `aws kms encrypt --key-id alias/catrobot --plaintext ...`, with its
backslashes eaten.

Use instead:
````markdown
Encrypt the plan with the key:

```bash
aws kms encrypt \\
    --key-id alias/catrobot \\
    --plaintext fileb://battleplans.txt
```
````

## Fix
Wraps the snippet in a fence with the detected info string (`json`, `yaml`, `bash`, `console`
or `text`), its lines dedented by their common indentation. Inside a list item the fence keeps
the item's indentation, so the snippet stays in the item. Line endings (CRLF) and a BOM are
kept. The fix is safe only when the detection has `high` confidence and every line sits at or
right of its list item's column (no lazy continuation line, no tab in the indentation);
otherwise it is unsafe. Fencing does not repair the content: a snippet that lost its braces is
then reported by `broken-json` or `broken-yaml`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from fixers.fence import fence_fix
from lint.document import Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register
from lint.snippets.detect import min_confidence, noun, unfenced

_DEFAULT_MIN = "medium"


@register
class UnfencedCode(Rule):
    id = "unfenced-code"
    severity = "warning"
    options: ClassVar[dict[str, Any]] = {"min-confidence": _DEFAULT_MIN}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        minimum = min_confidence(ctx.option("min-confidence", _DEFAULT_MIN), _DEFAULT_MIN)
        for snippet in unfenced(doc, minimum):
            detection = snippet.detection
            assert detection is not None
            what = noun(detection)
            if snippet.blocks and all(b.kind == "code" for b in snippet.blocks):
                what += " in an indented code block"
            info = detection.language
            message = (f"Unfenced {what} ({detection.confidence} confidence: {detection.reason}); "
                       f"fence it as ```{info}")
            safe = detection.confidence == "high" and snippet.refittable
            fix = fence_fix(doc, snippet.start_line, snippet.end_line, snippet.code.split("\n"), info,
                            snippet.indent, applicability="safe" if safe else "unsafe")
            start = snippet.offsets[0] if snippet.offsets else snippet.block.start
            end = doc.line_starts[snippet.end_line - 1] + len(doc.line_text(snippet.end_line))
            yield self.finding(doc, start, end, message, fix, fingerprint=f"{info}\n{snippet.code}")
