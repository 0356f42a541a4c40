"""Line positions in decoded file text, shared by the parsed document and the reports.

Its own module so that a run reported from the cache, which prints source lines but parses
nothing, does not import ``lint.document`` and build its classes.
"""

from __future__ import annotations

import re
from itertools import accumulate

BOM = "\ufeff"


def line_starts_of(text: str) -> list[int]:
    """Line start offsets, treating \\r\\n, \\n and a lone \\r as terminators as mistune does."""
    if "\r" in text:
        starts = [0]
        starts.extend(m.end() for m in _NEWLINE.finditer(text))
    else:  # "\n" alone: each line starts one past the end of the one before
        starts = list(accumulate([len(line) + 1 for line in text.split("\n")[:-1]], initial=0))
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()  # a final terminator does not open a new line
    return starts


_NEWLINE = re.compile(r"\r\n|\r|\n")
