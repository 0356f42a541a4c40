"""Headings that the document links to by their anchor (`[see](#stackoverflow-answers)`).

GitHub, GitLab and most renderers give each heading an anchor made from its text: lower case,
punctuation dropped, spaces made hyphens ("Stackoverflow awnsers" -> `#stackoverflow-awnsers`).
A fix that rewrites a word of such a heading changes its anchor, and every link to the old one
breaks silently; ``linked_headings`` says which headings carry links, so such a fix is unsafe.
"""

from __future__ import annotations

import re

from lint.document import Document

# A link to an anchor of this document: inline, an HTML href, or a reference definition.
_LINK = re.compile(r"\]\(\s*<?#([^)\s>]+)|href=[\"']#([^\"']+)|^[ \t]*\[[^\]\n]+\]:[ \t]*<?#(\S+?)>?[ \t]*$",
                   re.M)
_LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # a link in the heading: its text is the anchor's
_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def slug(text: str) -> str:
    """A heading's anchor as GitHub makes it (without the -1, -2 of repeated headings)."""
    return _DROP.sub("", _LINK_TEXT.sub(r"\1", text).strip().lower()).replace(" ", "-")


def linked_headings(doc: Document) -> list[tuple[int, int]]:
    """The spans (start, end in the file) of the headings some link of the document points at."""
    return doc.memo("anchors.linked", lambda: _linked(doc))


def _linked(doc: Document) -> list[tuple[int, int]]:
    if "#" not in doc.text:
        return []
    targets = {m.group(1) or m.group(2) or m.group(3) for m in _LINK.finditer(doc.text)}
    if not targets:
        return []
    return [(h.start, h.end) for h in doc.iter_blocks("heading") if slug(h.text) in targets]
