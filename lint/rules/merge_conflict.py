"""merge-conflict: a git merge conflict left in the notes, `<<<<<<< HEAD` ... `>>>>>>> branch`.

## What it does
Reports the marker lines of a merge conflict that was committed unresolved: a line that starts
with `<<<<<<<` or `>>>>>>>` followed by a blank or nothing (a branch or stash name may follow),
a `|||||||` line (the common base, in diff3 style), and the `=======` line between them. A
formatter that ran over the conflict may have turned `>>>>>>>` into a quote of seven levels
(`> > > > > > > Stashed changes`): that is a marker too.

Markers inside code blocks are left alone: notes about git show conflicts on purpose. A line of
`=` that underlines a heading (`Title` over `=====`) is no marker unless a conflict is open.

## Why is this bad?
A conflict left in a note holds two versions of the same passage, one of them out of date, and
the markers render as stray text, a heading or a deep quote. Pre-commit's `check-merge-conflict`
hook refuses such files for code; notes deserve the same.

## Example
```markdown
<<<<<<< Updated upstream
VPC peering is not transitive: 10 VPCs need 45 connections.
=======
VPC peering is not transitive.
>>>>>>> Stashed changes
```
Use instead: keep the version that is right, and delete the other one and the markers.

## Fix
None: which version to keep is for the author to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from lint.document import Document
from lint.finding import Finding
from lint.registry import Rule, RuleContext, register

_OPEN = re.compile(r"<{7}(?:[ \t].*)?")
_BASE = re.compile(r"\|{7}(?:[ \t].*)?")
_SPLIT = re.compile(r"={7}[ \t]*")
_CLOSE = re.compile(r"(?:>{7}|(?:>[ \t]){6}>)(?:[ \t].*)?")  # the second: a formatter's quote of it


@register
class MergeConflict(Rule):
    id = "merge-conflict"
    severity = "error"
    options: ClassVar[dict[str, Any]] = {}

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Finding]:
        if "<<<<<<<" not in doc.text and ">>>>>>>" not in doc.text and "> > > > > > >" not in doc.text:
            return  # nearly every note: no marker to look for
        code = _code_lines(doc)
        inside = False  # between an opening marker and its closing one
        for number in range(1, len(doc.line_starts) + 1):
            if number in code:
                continue
            line = doc.line_text(number).rstrip("\r")
            if _OPEN.fullmatch(line):
                inside = True
            elif _CLOSE.fullmatch(line):
                inside = False
            elif not (inside and (_BASE.fullmatch(line) or _SPLIT.fullmatch(line))):
                continue
            start = doc.line_starts[number - 1]
            message = f"Merge conflict marker `{line.strip()[:40]}`: the conflict was never resolved"
            yield self.finding(doc, start, start + len(line), message)


def _code_lines(doc: Document) -> set[int]:
    """The line numbers of code blocks (a fenced block's span holds its fences)."""
    lines: set[int] = set()
    for block in doc.iter_blocks("code"):
        lines.update(range(block.start_line, block.end_line + 1))
    return lines
