"""empty-code-block: a fenced or indented code block with no content.

## What it does
Flags a code block whose content is empty or whitespace only: a fence opened and closed again
with nothing, or only blank lines, between.

A fence that is never closed is not flagged: it runs to the end of its container and swallows
whatever follows, which is a different problem. An indented code block cannot be empty in
CommonMark (its lines must hold something), so in practice only fences are reported.

## Why is this bad?
An empty code block is a trace of a snippet that was never pasted or was lost while editing. It
renders as an empty grey box and says nothing.

## Example
````markdown
The policy looks like this:

```json
```
````

## Fix
Removes the block: its fence lines and everything between them, plus one adjacent blank line so
that no double blank line is left. A block that is the only content of a list item takes the item
with it. The fix is safe, and withheld (the message says why) when the deletion would change the
structure around the block: for example a code block between two lists, whose removal would merge
them into one list.
"""

from __future__ import annotations

from collections.abc import Iterator

from fixers.delete_block import BlockDeleter
from lint.document import Block, Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register


def is_empty(block: Block) -> bool:
    """A complete code block with whitespace-only content (an unclosed fence is never empty)."""
    return block.kind == "code" and block.closed and not block.text.strip()


@register
class EmptyCodeBlock(Rule):
    id = "empty-code-block"
    severity = "warning"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        deleter: BlockDeleter | None = None
        for block in doc.iter_blocks("code"):
            if not is_empty(block):
                continue
            deleter = deleter or BlockDeleter(doc)
            deletion = deleter.plan(block)
            what = f"`{block.language}` code block" if block.language else "code block"
            message = f"Empty {what}"
            if deletion.problem:
                message += f" (no safe fix: {deletion.problem})"
            fix = deletion.fix(f"Remove the empty {what}")
            yield self.finding(doc, block.start, block.end, message, fix)
