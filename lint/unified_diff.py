"""Unified diffs that ``patch`` and ``git apply`` take, for ``--diff`` before a write.

Lines are split at "\\n" only: ``str.splitlines`` also splits at "\\r", "\\x0c", "\\u2028" and
other characters that ``patch`` reads as part of a line. A last line without a newline is marked
"\\ No newline at end of file", as diff(1) marks it; without the marker the next file's
``---`` header would run on from it, and ``patch`` would refuse that hunk and the ones after.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
NO_NEWLINE = "\\ No newline at end of file\n"


def diff_lines(text: str) -> list[str]:
    """``text`` as the lines a unified diff shows, each ending in "\\n"."""
    lines = _LINE.findall(text)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n" + NO_NEWLINE
    return lines


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> Iterator[str]:
    """The unified diff from ``old`` to ``new`` (empty when they are the same)."""
    return difflib.unified_diff(diff_lines(old), diff_lines(new), fromfile=old_name, tofile=new_name)
