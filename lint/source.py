"""Reading notes files: find them, decode them strictly, and refuse what is not text.

A file is read as bytes and decoded as UTF-8 with nothing normalised, so the ``Document``'s text
is the file as read (BOM and CRLF kept) and a fix writes back every untouched byte unchanged.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")


class SourceError(Exception):
    """A file that cannot be linted; the message is one line and names the file."""


def read_source(path: Path) -> str:
    """The decoded text of ``path``, or ``SourceError`` for unreadable, binary or non-UTF-8 input."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise SourceError(f"{name}: binary file (NUL byte at offset {nul}); not linted")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        raise SourceError(
            f"{name}:{line}:{column}: not valid UTF-8 (byte 0x{byte:02x}); not linted"
        ) from None


def discover(
    paths: Sequence[Path], is_excluded: Callable[[Path], bool], on_error: Callable[[str], None]
) -> Iterator[Path]:
    """Markdown files under ``paths`` in a stable order, skipping excluded ones.

    Files named explicitly are taken whatever their suffix (pre-commit passes them that way);
    directories are walked for ``*.md`` without following symlinks, so a link loop cannot
    recurse, and unreadable directories are reported through ``on_error`` and skipped.
    """
    seen: set[Path] = set()
    for root in paths:
        if not root.exists() and not root.is_symlink():
            on_error(f"{root}: no such file or directory")
            continue
        if root.is_dir():
            candidates: Iterator[Path] = _walk(root, is_excluded, on_error)
        else:
            candidates = iter(() if is_excluded(root) else (root,))
        for path in candidates:
            key = path.resolve() if path.exists() else path
            if key not in seen:
                seen.add(key)
                yield path


def _walk(root: Path, is_excluded: Callable[[Path], bool], on_error: Callable[[str], None]) -> Iterator[Path]:
    def report(exc: OSError) -> None:
        on_error(f"{exc.filename}: cannot read directory: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=report):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not is_excluded(base / d))
        for name in sorted(filenames):
            path = base / name
            if name.lower().endswith(MARKDOWN_SUFFIXES) and not is_excluded(path):
                if path.is_symlink() and not path.exists():
                    on_error(f"{path}: {_bad_link(path)}; skipped")
                    continue
                yield path


def _bad_link(path: Path) -> str:
    """What is wrong with a symlink that leads to no file: it points nowhere, or in a circle."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
    return "broken symlink"
