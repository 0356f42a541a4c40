"""Replace one word with another, keeping the word's case pattern: a single span edit.

The edit covers the word and nothing else, so the text around it (punctuation, markup, line
endings) stays byte for byte the same.
"""

from __future__ import annotations

from fixers.edit import Applicability, Edit, Fix


def case_pattern(word: str) -> str:
    """``lower``, ``upper``, ``title`` or ``mixed`` (letters only are looked at)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "mixed"
    if all(c.islower() for c in letters):
        return "lower"
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return "title"
    return "mixed"


def keep_case(word: str, replacement: str) -> str | None:
    """``replacement`` in ``word``'s case pattern, or None when the pattern cannot be carried over.

    A lower-case word takes the replacement as written, so a proper noun keeps its capitals
    (achilleus -> Achilles); a Title word capitalises the first letter only; an UPPER word gives
    UPPER. A mixed-case word (``EncrYption``) has no pattern to keep.
    """
    pattern = case_pattern(word)
    if pattern == "lower":
        return replacement
    if pattern == "upper":
        return replacement.upper()
    if pattern == "title":
        return replacement[:1].upper() + replacement[1:]
    return None


def replace_word(start: int, end: int, word: str, replacement: str, *,
                 applicability: Applicability = "safe", exact: bool = False) -> Fix | None:
    """A fix that replaces the word at ``[start, end)`` with ``replacement``.

    With ``exact`` the replacement is used as written (a glossary name in its canonical casing);
    otherwise the word's case pattern is kept, and no fix is built when it cannot be.
    """
    text = replacement if exact else keep_case(word, replacement)
    if text is None or text == word:
        return None
    return Fix((Edit(start, end, text),), applicability, f"Replace `{word}` with `{text}`")
