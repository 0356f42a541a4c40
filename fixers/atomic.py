"""Atomic writes: a fixed file is either fully written or left exactly as it was.

The new content goes to a temporary file in the same directory (so the final rename never
crosses a file system), is flushed and fsynced, gets the original file's permission bits, and
then replaces the original with ``os.replace``, which is atomic on POSIX and Windows. On any
failure the temporary file is removed and the original is untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


class AtomicWriteError(OSError):
    """A write that failed; the file it was meant for was left unchanged."""

    def __init__(self, path: str, cause: BaseException) -> None:
        super().__init__(f"could not write {path}: {type(cause).__name__}: {cause} "
                         "(the file was left unchanged)")
        self.path = path
        self.cause = cause


def encode_text(text: str) -> bytes:
    """Encode a file's decoded text (as read) back to bytes.

    A leading BOM character becomes the UTF-8 BOM bytes, because the codec encodes it as any
    other character, and no line ending is translated. Plain ``utf-8`` on purpose: ``utf-8-sig``
    would add a second BOM. Text that cannot be encoded (a lone surrogate) raises
    ``UnicodeEncodeError`` rather than being written damaged.
    """
    return text.encode("utf-8")


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically, keeping its permission bits.

    A symbolic link is followed: its target is replaced and the link stays a link. The owner is
    kept where the process may set it. A hard link to the file keeps the old content (the file
    is a new inode, as with every write-and-rename). Raises
    ``AtomicWriteError`` (an ``OSError``) when anything fails; the original file is then unchanged
    and no temporary file is left behind.
    """
    target = os.path.realpath(os.fspath(path))
    directory, name = os.path.split(target)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise AtomicWriteError(target, exc) from exc
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".notelint-tmp", dir=directory)
    except OSError as exc:
        raise AtomicWriteError(target, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None and hasattr(os, "chown"):
            # Keep the owner where we may (root fixing a user's notes). Where we may not, the
            # file becomes ours, as with any write-and-rename.
            with contextlib.suppress(OSError):
                os.chown(temp, info.st_uid, info.st_gid)
        os.chmod(temp, mode)  # after chown, which may clear set-id bits
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, Exception):
            raise AtomicWriteError(target, exc) from exc
        raise  # KeyboardInterrupt and the like: cleaned up, then passed on
    _fsync_directory(directory)


def _umask() -> int:
    # The only way to read the umask is to set it; put it straight back.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: str) -> None:
    """Make the rename durable where the platform allows it (best effort: not on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
