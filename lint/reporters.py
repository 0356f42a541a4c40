"""Reporters: findings as text for people, JSON for tools, and GitHub workflow annotations.

Every format lists findings in the same order: path, line, column, then rule id.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TextIO

from lint.document import BOM, Document
from lint.finding import Finding, Severity

FORMATS = ("text", "json", "github")

_GITHUB_COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_COLORS: dict[Severity, str] = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;34m"}


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: path, line, column, rule (then the rest, for ties)."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule, f.end_line, f.end_column,
                                           f.message))


def report(findings: Iterable[Finding], fmt: str, out: TextIO, *,
           sources: Mapping[str, Document] | None = None, color: bool = False) -> None:
    """Write ``findings`` to ``out`` in format ``fmt`` (one of ``FORMATS``).

    ``sources`` maps a finding's path to its document, for the source lines the text format
    shows; ``color`` adds ANSI colours to the text format.
    """
    writers: dict[str, Callable[[Sequence[Finding], TextIO], None]] = {
        "text": lambda fs, o: write_text(fs, o, sources=sources, color=color),
        "json": write_json,
        "github": write_github,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    writers[fmt](ordered(findings), out)


# -- text ------------------------------------------------------------------------------------


def write_text(findings: Sequence[Finding], out: TextIO, *,
               sources: Mapping[str, Document] | None = None, color: bool = False) -> None:
    """``path:line:col: rule message``, the source line with a caret underline, and a summary."""
    paint = _painter(color)
    for f in findings:
        location = paint(f"{f.path}:{f.line}:{f.column}:", _BOLD)
        out.write(f"{location} {paint(f.rule, _COLORS[f.severity])} {f.message}\n")
        doc = (sources or {}).get(f.path)
        if doc is not None and 1 <= f.line <= len(doc.line_starts):
            out.writelines(_snippet(doc, f, paint))
    out.write(_summary(findings) + "\n")


def _summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "All checks passed!"
    n = len(findings)
    safe = sum(1 for f in findings if f.fix is not None and f.fix.is_safe())
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.is_safe())
    line = f"Found {n} finding{'s' if n != 1 else ''}"
    line += f" ({safe} fixable with `notelint fix`)." if safe else "."
    if unsafe:
        line += f"\n{unsafe} more fixable with `notelint fix --unsafe-fixes`."
    return line


def _snippet(doc: Document, f: Finding, paint: Callable[[str, str], str]) -> list[str]:
    """The finding's first line under a line-number gutter, and carets under its span on it."""
    text = doc.line_text(f.line)
    if f.line == 1 and text.startswith(BOM):
        text = text[1:]  # columns do not count the BOM, so neither does the display
    begin = min(max(f.column - 1, 0), len(text))
    stop = len(text) if f.end_line > f.line else min(max(f.end_column - 1, begin), len(text))
    gutter = str(f.line)
    pad = " " * len(gutter)
    carets = "^" * max(_width(text[begin:stop]), 1)
    return [
        paint(f"{gutter} | ", _DIM) + _visible(text) + "\n",
        paint(f"{pad} | ", _DIM) + _indent(text[:begin]) + paint(carets, _COLORS[f.severity]) + "\n",
        "\n",
    ]


def _visible(text: str) -> str:
    """Control characters would move the cursor or ring the terminal; show them as symbols."""
    return "".join(c if c == "\t" or unicodedata.category(c) != "Cc" else "\ufffd" for c in text)


def _indent(prefix: str) -> str:
    """Blank space as wide on screen as ``prefix`` (tabs kept, so they line up the same)."""
    return "".join("\t" if c == "\t" else " " * _char_width(c) for c in prefix)


def _width(text: str) -> int:
    return sum(1 if c == "\t" else _char_width(c) for c in text)


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def _painter(color: bool) -> Callable[[str, str], str]:
    if not color:
        return lambda text, _style: text
    return lambda text, style: f"{style}{text}{_RESET}"


# -- json ------------------------------------------------------------------------------------


def write_json(findings: Sequence[Finding], out: TextIO) -> None:
    """A JSON list of findings (see ``Finding.to_json``)."""
    json.dump([f.to_json() for f in findings], out, indent=2, ensure_ascii=False)
    out.write("\n")


# -- github ----------------------------------------------------------------------------------


def write_github(findings: Sequence[Finding], out: TextIO) -> None:
    """GitHub Actions workflow commands, one annotation per finding.

    Columns are sent only for a single-line finding: GitHub rejects ``col``/``endColumn`` when
    ``line`` and ``endLine`` differ.
    """
    for f in findings:
        props = [("file", f.path), ("line", str(f.line))]
        if f.end_line == f.line:
            props += [("col", str(f.column)), ("endLine", str(f.end_line)),
                      ("endColumn", str(f.end_column))]
        else:
            props.append(("endLine", str(f.end_line)))
        props.append(("title", f"notelint ({f.rule})"))
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
        out.write(f"::{_GITHUB_COMMANDS[f.severity]} {joined}::{escape_data(f.message)}\n")


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as @actions/core does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value: the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
