"""Reporters: findings as text for people, JSON and SARIF for tools, GitHub annotations, statistics.

Every format lists findings in the same order: path, line, column, then rule id.

No reporter reads a parsed document: a finding carries its own positions, and the text format
takes each file's text as read (``sources``) for the source lines it shows. So findings may come
from a cache, and this module, which the CLI imports on every run, stays clear of the parser.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TextIO

from lint.finding import SEVERITIES, Finding, Severity
from lint.lines import BOM, line_starts_of

if TYPE_CHECKING:
    from lint.sarif import RuleMeta

FORMATS = ("text", "json", "github", "sarif")

_GITHUB_COMMANDS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}

_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_COLORS: dict[Severity, str] = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;34m"}


class HasText(Protocol):
    """Anything holding a file's text as read, such as a ``Document``."""

    @property
    def text(self) -> str: ...


# A file's text as read. A ``Document`` is accepted too (its ``text`` is used) while callers
# that still pass documents move over.
Source = str | HasText


def text_of(source: Source) -> str:
    return source if isinstance(source, str) else source.text


class SourceText:
    """A file's text as read, with its line index built on first use.

    Lines end at ``\\r\\n``, ``\\r`` or ``\\n`` (as the parser counts them) and a leading BOM is no
    column, so positions agree with ``Document.position`` and with every ``Finding``.
    """

    __slots__ = ("text", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def has_bom(self) -> bool:
        return self.text.startswith(BOM)

    @property
    def line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = line_starts_of(self.text)
        return self._starts

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its terminator, nor the BOM on line 1."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        text = self.text[start:end].rstrip("\r\n")
        return text[1:] if line == 1 and self.has_bom else text

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset in the text; a BOM does not count as a column."""
        starts = self.line_starts
        line = bisect_right(starts, offset)
        start = starts[line - 1]
        if line == 1 and self.has_bom:
            start = min(offset, 1)
        return line, offset - start + 1


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: path, line, column, rule (then the rest, for ties)."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule, f.end_line, f.end_column,
                                           f.message))


def report(findings: Iterable[Finding], fmt: str, out: TextIO, *,
           sources: Mapping[str, Source] | None = None, color: bool = False,
           rules: Mapping[str, RuleMeta] | None = None, version: str = "", errors: int = 0) -> None:
    """Write ``findings`` to ``out`` in format ``fmt`` (one of ``FORMATS``).

    ``sources`` maps a finding's path to the file's text as read (a ``Document`` is accepted
    too, for its ``text``): the text format shows source lines from it, and SARIF gives each
    fix's region in lines and columns too. ``color`` adds ANSI colours to the text format.
    ``rules`` (rule id to ``lint.sarif.RuleMeta``, see ``lint.sarif.rule_meta_from_registry``)
    and ``version`` (notelint's) describe the tool in SARIF; the other formats ignore them.
    ``errors`` counts the files that could not be checked (reported apart): the text summary
    then never says that all checks passed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    in_order = ordered(findings)
    if fmt == "text":
        write_text(in_order, out, sources=sources, color=color, errors=errors)
    elif fmt == "json":
        write_json(in_order, out)
    elif fmt == "github":
        write_github(in_order, out)
    else:
        from lint.sarif import write_sarif  # imported by the runs that write SARIF only

        texts = None if sources is None else {path: text_of(src) for path, src in sources.items()}
        write_sarif(in_order, out, rules=rules or {}, texts=texts, version=version)


# -- text ------------------------------------------------------------------------------------


def write_text(findings: Sequence[Finding], out: TextIO, *,
               sources: Mapping[str, Source] | None = None, color: bool = False, errors: int = 0) -> None:
    """``path:line:col: rule message``, the source line with a caret underline, and a summary.

    A file's line index is built once, when its first finding is shown: files without findings
    cost nothing.
    """
    paint = _painter(color)
    texts: dict[str, SourceText | None] = {}
    for f in findings:
        location = paint(f"{f.path}:{f.line}:{f.column}:", _BOLD)
        head = f"{location} {paint(f.rule, _COLORS[f.severity])} {f.message}\n"
        if f.path not in texts:
            source = (sources or {}).get(f.path)
            texts[f.path] = None if source is None else SourceText(text_of(source))
        src = texts[f.path]
        # One write a finding: the writes, not the text, were a large report's cost.
        out.write(head + _snippet(src, f, paint) if src is not None and 1 <= f.line <= len(src.line_starts)
                  else head)
    out.write(_summary(findings, errors) + "\n")


def _summary(findings: Sequence[Finding], errors: int = 0) -> str:
    if not findings:
        return _unchecked(errors) or "All checks passed!"
    n = len(findings)
    safe = sum(1 for f in findings if f.fix is not None and f.fix.is_safe())
    unsafe = sum(1 for f in findings if f.fix is not None and not f.fix.is_safe())
    line = f"Found {n} finding{'s' if n != 1 else ''}"
    line += f" ({safe} fixable with `notelint fix`)." if safe else "."
    if unsafe:
        line += f"\n{unsafe} more fixable with `notelint fix --unsafe-fixes`."
    return line + (f"\n{_unchecked(errors)}" if errors else "")


def _unchecked(errors: int) -> str:
    """The summary's word on files that could not be checked ("" when there were none)."""
    if not errors:
        return ""
    return f"{errors} error{'s' if errors != 1 else ''} (reported above): not every file was checked."


_SHOWN = 200  # characters of a long source line shown around a finding


def _snippet(src: SourceText, f: Finding, paint: Callable[[str, str], str]) -> str:
    """The finding's first line under a line-number gutter, and carets under its span on it."""
    text = src.line_text(f.line)  # without a BOM: columns do not count it, so neither does the display
    begin = min(max(f.column - 1, 0), len(text))
    stop = len(text) if f.end_line > f.line else min(max(f.end_column - 1, begin), len(text))
    if len(text) > _SHOWN:
        # A window around the span: a megabyte line under each of its findings would flood the
        # terminal (100,000 findings on one 600 KB line wrote tens of GB).
        left = max(0, min(begin - _SHOWN // 4, len(text) - _SHOWN))
        right = left + _SHOWN
        stop = min(stop, right)
        text = ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")
        shift = (1 if left else 0) - left
        begin, stop = begin + shift, max(begin, stop) + shift
    gutter = str(f.line)
    pad = " " * len(gutter)
    carets = "^" * max(_width(text[begin:stop]), 1)
    return (f"{paint(f'{gutter} | ', _DIM)}{_visible(text)}\n"
            f"{paint(f'{pad} | ', _DIM)}{_indent(text[:begin])}{paint(carets, _COLORS[f.severity])}\n\n")


_NOT_TAB = re.compile(r"[^\t]")
# Unicode's control characters (category Cc) are exactly these ranges; a tab is kept.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_NOT_TAB = re.compile(r"[\x00-\x08\x0a-\x7f]")


def _visible(text: str) -> str:
    """Control characters would move the cursor or ring the terminal; show them as symbols."""
    return _CONTROL.sub("\ufffd", text)


def _indent(prefix: str) -> str:
    """Blank space as wide on screen as ``prefix`` (tabs kept, so they line up the same)."""
    if prefix.isascii():
        return _NOT_TAB.sub(" ", prefix)
    # Only a non-ASCII character can be other than one column wide: measure those alone.
    spaced = _ASCII_NOT_TAB.sub(" ", prefix)
    return _NON_ASCII.sub(lambda m: " " * _char_width(m[0]), spaced)


def _width(text: str) -> int:
    """Columns on screen (a tab counted as one)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(_char_width(c) - 1 for c in _NON_ASCII.findall(text))


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


# -- statistics ------------------------------------------------------------------------------


def write_statistics(findings: Iterable[Finding], out: TextIO, *, errors: int = 0) -> None:
    """A table of findings per rule, like ``ruff --statistics``, and a total row.

    Columns: how many findings, the rule id, its severity (every severity its findings carry,
    most severe first, when an override or the rule itself mixes them), and how many have a
    safe fix (what ``notelint fix`` applies). Rows go by count, most first, then by rule id.
    ``errors`` is as for ``report``.
    """
    findings = list(findings)
    if not findings:
        out.write((_unchecked(errors) or "All checks passed!") + "\n")
        return
    counts = Counter(f.rule for f in findings)
    fixable = Counter(f.rule for f in findings if f.fix is not None and f.fix.is_safe())
    severities: dict[str, set[Severity]] = {}
    for f in findings:
        severities.setdefault(f.rule, set()).add(f.severity)
    rows = [(str(n), rule, "/".join(s for s in SEVERITIES if s in severities[rule]), str(fixable[rule]))
            for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    header = ("count", "rule", "severity", "fixable")
    total = (str(len(findings)), "total", "", str(sum(fixable.values())))
    widths = [max(len(row[i]) for row in (header, *rows, total)) for i in range(4)]

    def line(row: tuple[str, str, str, str]) -> str:
        count, rule, severity, fixes = row
        cells = [count.rjust(widths[0]), rule.ljust(widths[1]), severity.ljust(widths[2]),
                 fixes.rjust(widths[3])]
        return "  ".join(cells).rstrip() + "\n"

    out.write(line(header))
    out.writelines(line(row) for row in rows)
    out.write(line(total))
    if errors:
        out.write(_unchecked(errors) + "\n")
