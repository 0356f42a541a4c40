"""Delete the second of a word written twice: one span edit, from the end of the first word to
the end of the second, so the first word and everything around the pair stay as they are."""

from __future__ import annotations

from fixers.edit import Edit, Fix


def delete_repeat(first_end: int, second_end: int, word: str) -> Fix:
    """The safe fix that deletes the blank and the second word of ``word word``."""
    return Fix((Edit(first_end, second_end, ""),), "safe", f"Delete the repeated `{word}`")
