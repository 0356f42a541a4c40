"""The content-hash cache: what a file's analysis found, keyed by everything it depends on.

A key is a SHA-256 of the engine's fingerprint (tool version, the code of notelint and of the
libraries whose data the rules read, the enabled rules and their options), the file's path as
reported, and its text. A changed byte, rule, option or release gives a new key, so an entry is
never stale, only unused. Two kinds of entries:

- ``files``: one ``FileAnalysis`` per file (per-file findings and the cross-file summaries);
- ``runs``: the findings of a whole run, keyed by the keys of all its files, so that an
  unchanged repository is reported without comparing files again.

Where: ``--cache-dir``, else ``$NOTELINT_CACHE_DIR``, else the user cache directory
(platformdirs). Entries are pickles written atomically after a SHA-256 of their bytes; they
are read back with an unpickler that builds only notelint's own data classes and plain
containers, so a planted cache file can at worst be wrong, never run code. An unreadable,
truncated or corrupt entry (its digest does not match) is a miss. ``notelint clean`` deletes
the directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import lint

FORMAT = "v2"  # bump when the layout of entries changes
ENV_DIR = "NOTELINT_CACHE_DIR"
# Packages whose data shapes findings (dictionaries, parsing), by distribution name.
_DATA_PACKAGES = ("mistune", "ruamel.yaml", "codespell", "pyspellchecker", "rapidfuzz")
# Builtins an entry may hold besides notelint's own classes.
_BUILTINS = frozenset({"frozenset", "set"})
_DIGEST = hashlib.sha256().digest_size  # an entry starts with the SHA-256 of the rest


def default_dir() -> Path:
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notelint", appauthor=False))


def code_fingerprint() -> str:
    """notelint's release, its code and data files (path, size, mtime), and the versions of the
    packages whose data the rules read: any change to these gives new cache keys."""
    h = hashlib.sha256(f"{FORMAT}\0{lint.__version__}".encode())
    for package in ("lint", "fixers"):
        root = os.path.dirname(__import__(package).__file__ or "")
        for name, stat in sorted(_files_under(root, "")):
            h.update(f"\0{name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    for name in installed_distributions(_DATA_PACKAGES):
        h.update(f"\0{name}".encode())
    return h.hexdigest()


def _files_under(root: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """Every file below ``root`` but bytecode, as (relative path, stat), by scandir: a cached run
    does this on every start, and pathlib's rglob and stat take three times as long. A folder
    that cannot be listed, or a file gone before its stat (a parallel run's temporary file), is
    left out, as rglob left them out."""
    try:
        with os.scandir(os.path.join(root, prefix) if prefix else root) as entries:
            found = list(entries)
    except OSError:
        return
    for entry in found:
        name = f"{prefix}/{entry.name}" if prefix else entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _files_under(root, name)
            elif entry.is_file() and not entry.name.endswith(".pyc"):
                yield name, entry.stat()
        except OSError:
            continue


def installed_distributions(names: Iterable[str]) -> list[str]:
    """The ``*.dist-info`` folder names (name and version) of these distributions: what
    importlib.metadata would read, found by listing sys.path instead of importing it (a cached
    run is a few tenths of a second, and importing importlib.metadata costs 30 ms of them)."""
    wanted = tuple(n.replace(".", "_").replace("-", "_").lower() + "-" for n in names)
    return sorted(name for name in _dist_infos(tuple(sys.path)) if name.lower().startswith(wanted))


@lru_cache(maxsize=4)
def _dist_infos(path: tuple[str, ...]) -> list[str]:
    """Every ``*.dist-info`` name on ``path``: listed once a run, though both the code
    fingerprint and the lexicon's key ask (a site-packages listing is milliseconds)."""
    found = []
    for entry in path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        found += [name for name in listing if name.endswith(".dist-info")]
    return found


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def loads(data: bytes) -> Any:
    """Unpickle data that a cache entry holds (or that notelint's own workers pickled)."""
    return _Unpickler(io.BytesIO(data)).load()


class _Unpickler(pickle.Unpickler):
    """Builds notelint's classes and plain containers only: a cache file is data, never code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _BUILTINS:
            return super().find_class(module, name)
        if module.split(".")[0] in ("lint", "fixers"):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"cache entry refers to {module}.{name}")


class Cache:
    """Entries under ``directory/FORMAT/<kind>/<key[:2]>/<key>``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / FORMAT
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        return self.directory / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Any | None:
        try:
            data = self._path(kind, key).read_bytes()
            check, payload = data[:_DIGEST], data[_DIGEST:]
            # Checked whole: an entry may hold pickled bytes that are unpickled only later.
            value = loads(payload) if hashlib.sha256(payload).digest() == check else None
        except FileNotFoundError:
            value = None
        except Exception:  # a corrupt or foreign entry is a miss, never a failure
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store atomically; a cache that cannot be written only makes the next run slower."""
        path = self._path(kind, key)
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # a run read whole from the cache writes nothing

            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(hashlib.sha256(payload).digest())
                    f.write(payload)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass


def clear(directory: Path) -> int:
    """Delete the findings cache and the compiled spelling lexicon (``lint/spelling.py``) under
    ``directory``; the number of files removed."""
    import shutil

    count = 0
    # This format's entries, and those of the formats before it (v1, ...), which no run reads.
    for root in directory.glob("v[0-9]*"):
        if root.is_dir() and not root.is_symlink():
            count += sum(1 for p in root.rglob("*") if p.is_file())
            shutil.rmtree(root, ignore_errors=True)
    for lexicon in directory.glob("lexicon-*.bin"):
        lexicon.unlink(missing_ok=True)
        count += 1
    return count
