"""Fixes for notelint: span edits on the original text, how to apply them, and safe writes."""
