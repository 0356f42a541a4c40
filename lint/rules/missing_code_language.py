"""missing-code-language: a code fence without a language whose content is JSON, YAML or shell.

## What it does
Reads the content of every fenced code block that has no info string (```` ``` ```` alone) and
reports the fence when the content is recognisably JSON, YAML, shell commands (`bash`) or a shell
session with `$ ` prompts (`console`), by the same line-shape detection as `unfenced-code`.
Fences whose content is not recognised (output, prose, pseudo-code, diagrams) are left alone:
plain text is a fine thing to fence without a language.

Only detections of at least `medium` confidence are reported; the option
`[tool.notelint.missing-code-language] min-confidence` (`high`, `medium` or `low`) changes that.

The severity is `info`: the snippet renders and is correct, it only lacks a label.

## Why is this bad?
Without a language the snippet is not highlighted, and tools that check snippets by their
language (`broken-json`, for one, and linters run on extracted code blocks) skip it, so a broken
policy in an unlabelled fence goes unnoticed.

## Example
````markdown
```
{
  "Effect": "Allow",
  "Action": "s3:GetObject"
}
```
````

Use instead:
````markdown
```json
{
  "Effect": "Allow",
  "Action": "s3:GetObject"
}
```
````

## Fix
Adds the detected language to the opening fence (nothing else changes): `jsonc` for JSON with
`//` or `/* */` comments, which `broken-json` would report in a `json` fence. The fix is safe
when the detection has `high` confidence, unsafe otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from fixers.fence import info_fix
from lint.document import Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register
from lint.snippets.detect import at_least, min_confidence, noun, snippets

LANGUAGES = frozenset({"json", "yaml", "bash", "console"})


def _label(language: str, code: str) -> str:
    """The fence's language: ``jsonc`` for JSON with comments, which broken-json would otherwise
    report in a ``json`` fence ("use a jsonc fence")."""
    if language == "json" and ("//" in code or "/*" in code):
        from lint.snippets.json_classify import classify  # only for JSON that may hold comments

        if "jsonc" in classify(code).traits:
            return "jsonc"
    return language
_DEFAULT_MIN = "medium"


@register
class MissingCodeLanguage(Rule):
    id = "missing-code-language"
    severity = "info"
    options: ClassVar[dict[str, Any]] = {"min-confidence": _DEFAULT_MIN}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        minimum = min_confidence(ctx.option("min-confidence", _DEFAULT_MIN), _DEFAULT_MIN)
        for snippet in snippets(doc):
            block, detection = snippet.block, snippet.detection
            if not snippet.fenced or block.info or detection is None:
                continue
            if detection.language not in LANGUAGES or not at_least(detection.confidence, minimum):
                continue
            info = _label(detection.language, block.text)
            message = (f"Code fence without a language holds a {noun(detection)} "
                       f"({detection.confidence} confidence: {detection.reason}); label it ```{info}")
            fix = info_fix(doc, block, info,
                           applicability="safe" if detection.confidence == "high" else "unsafe")
            end = doc.line_starts[block.start_line - 1] + len(doc.line_text(block.start_line))
            yield self.finding(doc, block.start, end, message, fix, fingerprint=f"{info}\n{block.text}")
