"""broken-yaml: a fenced ```yaml code block that does not load safely.

## What it does
Loads every fenced code block whose language is `yaml` or `yml` with a safe, pure-Python
ruamel.yaml loader of notelint's own, and reports the first problem at its line and column in
the notes file (not in the snippet).

- CloudFormation and SAM templates are valid: short tags such as `!Ref`, `!GetAtt`, `!Sub`,
  `!If`, `!Join`, `!Select`, `!FindInMap`, and any other `!Tag`, load as plain data, and the long
  forms (`Fn::GetAtt:`) are ordinary keys.
- Multi-document streams (`---`) are valid.
- Duplicate keys are errors: most tools silently keep the last value.
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
structure elsewhere in the same snippet, so the first error is worth seeing where it is.

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

from collections.abc import Iterator
from typing import Any, ClassVar

from lint.document import Block, Document
from lint.finding import Finding, Severity
from lint.registry import Rule, RuleContext, register
from lint.snippets import place
from lint.snippets.yaml_check import YamlLimits, check_yaml

YAML_LANGUAGES = frozenset({"yaml", "yml"})
_DEFAULTS = YamlLimits()
_NOT_CHECKED: Severity = "warning"


def yaml_blocks(doc: Document) -> Iterator[Block]:
    """Fenced code blocks labelled as YAML that have any content."""
    for block in doc.iter_blocks("code"):
        if block.style == "fenced" and block.language in YAML_LANGUAGES and block.text.strip():
            yield block


@register
class BrokenYaml(Rule):
    id = "broken-yaml"
    severity = "error"
    options: ClassVar[dict[str, Any]] = {
        "max-chars": _DEFAULTS.max_chars,
        "max-depth": _DEFAULTS.max_depth,
        "max-aliases": _DEFAULTS.max_aliases,
        "max-nodes": _DEFAULTS.max_nodes,
    }

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        limits = YamlLimits(
            max_chars=int(ctx.option("max-chars", _DEFAULTS.max_chars)),
            max_depth=int(ctx.option("max-depth", _DEFAULTS.max_depth)),
            max_aliases=int(ctx.option("max-aliases", _DEFAULTS.max_aliases)),
            max_nodes=int(ctx.option("max-nodes", _DEFAULTS.max_nodes)),
        )
        for block in yaml_blocks(doc):
            result = check_yaml(block.text, limits)
            if result.ok:
                continue
            start, end, problem = place(doc, block, result)
            message = f"YAML {problem}" if result.kind == "too-large" else f"invalid YAML: {problem}"
            if not block.closed:
                message += " (the fence is never closed, so the rest of the file was read as YAML)"
            # Too large to check is not known to be broken: a warning, not an error.
            severity = _NOT_CHECKED if result.kind == "too-large" else None
            yield self.finding(doc, start, end, message, severity=severity)
