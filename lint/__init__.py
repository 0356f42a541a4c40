"""notelint: a linter and safe fixer for Markdown study notes."""

__version__ = "0.1.0"
