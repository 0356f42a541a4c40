"""Put code into a fence, or give a fence its language: span edits on the lines concerned.

``fence_edit`` replaces whole lines (from the start of the first to the end of the last, its line
terminator excluded) with the same lines dedented and wrapped in a fence:

    <indent>```<info>
    <indent><line 1 without the common indentation>
    ...
    <indent>```

``indent`` is the column of the list item content the code sits in (0 at top level), so the fence
stays in the item. The terminators between the original lines are kept as they were, and the two
fence lines use the file's own (``Document.newline``): CRLF and a BOM survive byte for byte. The
code may have more or fewer lines than it replaces (a repair that rebuilds lost braces); they are
then joined with the file's newline. A fence longer than any backtick run in the code is chosen,
so no code line can close it early.

``info_edit`` inserts an info string right after an opening fence that has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fixers.edit import Applicability, Edit, Fix
from lint.document import Block, Document

_BACKTICKS = re.compile(r"`+")
_OPENING = re.compile(r"`{3,}|~{3,}")


def _line_start(doc: Document, line: int) -> int:
    start = doc.line_starts[line - 1]
    return start + 1 if line == 1 and doc.has_bom else start


def _line_end(doc: Document, line: int) -> int:
    """Offset of the end of line ``line``'s content (before its terminator)."""
    start = doc.line_starts[line - 1]
    return start + len(doc.line_text(line))


def fence_marker(code_lines: Sequence[str]) -> str:
    """Backticks enough that no run in the code closes the fence (at least three)."""
    longest = max((len(m.group()) for line in code_lines for m in _BACKTICKS.finditer(line)), default=0)
    return "`" * max(3, longest + 1)


def fence_edit(doc: Document, start_line: int, end_line: int, code_lines: Sequence[str], info: str,
               indent: int = 0) -> Edit:
    """Replace file lines ``start_line``..``end_line`` (1-based) with ``code_lines`` in a fence.

    ``code_lines`` are dedented already (``""`` for a blank line). When there is one per file
    line, each keeps its file line's terminator; otherwise (a repair that adds lines) they are
    joined with the file's newline.
    """
    if start_line < 1 or end_line < start_line or end_line > len(doc.line_starts):
        raise ValueError(f"no lines {start_line}..{end_line} in the file")
    newline = doc.newline
    pad = " " * indent
    marker = fence_marker(code_lines)
    same = len(code_lines) == end_line - start_line + 1
    parts = [f"{pad}{marker}{info}{newline}"]
    for i, code in enumerate(code_lines):
        if i:
            number = start_line + i - 1
            parts.append(doc.text[_line_end(doc, number):doc.line_starts[number]] if same else newline)
        parts.append(f"{pad}{code}" if code.strip() else "")
    parts.append(f"{newline}{pad}{marker}")
    return Edit(_line_start(doc, start_line), _line_end(doc, end_line), "".join(parts))


def fence_fix(doc: Document, start_line: int, end_line: int, code_lines: Sequence[str], info: str,
              indent: int = 0, *, applicability: Applicability = "safe") -> Fix:
    """The fix that fences the lines: one edit."""
    edit = fence_edit(doc, start_line, end_line, code_lines, info, indent)
    return Fix((edit,), applicability, f"wrap in a ```{info} fence")


def info_edit(doc: Document, block: Block, info: str) -> Edit | None:
    """Insert ``info`` right after the opening fence of ``block``, a fenced code block without one."""
    if block.style != "fenced" or block.info:
        return None
    m = _OPENING.match(doc.text, block.start)
    if m is None:
        return None
    return Edit(m.end(), m.end(), info)


def info_fix(doc: Document, block: Block, info: str, *,
             applicability: Applicability = "safe") -> Fix | None:
    """The fix that labels a fence with ``info``."""
    edit = info_edit(doc, block, info)
    if edit is None:
        return None
    return Fix((edit,), applicability, f"label the fence ```{info}")
