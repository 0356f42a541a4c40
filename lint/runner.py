"""Checking many files: the cache first, then the files it lacks across worker processes.

``check_sources`` is what ``notelint check`` runs. Each file's analysis (``Engine.analyse``) is
looked up in the cache by a hash of its content and of everything findings depend on; the
missing ones are parsed and analysed, in a process pool when there are several and more than one
core, in the input order whatever order the workers finish in. The cross-file rules then compare
the summaries of all files in one step. When every file and the configuration are unchanged
since a run, that run's findings come from the cache whole.

A file whose analysis raises is reported as an internal error naming it and is left out; the
other files are still checked.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from lint.cache import Cache, code_fingerprint, digest
from lint.engine import Engine, FileAnalysis
from lint.finding import Finding

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from lint.document import Document

T = TypeVar("T")
Progress = Callable[[Iterable[T], int], Iterable[T]]


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # as reported
    text: str  # as read


@dataclass
class Outcome:
    findings: list[Finding]
    errors: list[str] = field(default_factory=list)  # one line each, naming the file
    analysed: int = 0  # files parsed and analysed in this run (not from the cache)
    from_cache: int = 0


# The cyclic collector's first threshold for a run (CPython's default is 700). A run allocates
# millions of small objects (blocks, tokens, summaries) that live until it ends and hold few
# cycles; at the default, every 700 allocations start a collection that rescans the young ones,
# and the older generations are rescanned as they fill: 25% of the duplicate rules' time at the
# corpus x10 (bench/bench_duplicates.py). Cycles are still collected, only less often.
GC_THRESHOLD = 100_000


def tune_gc() -> None:
    """Collect cycles less often: for a command-line run, not for a library's caller."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, older, oldest)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _no_progress(items: Iterable[T], total: int) -> Iterable[T]:
    return items


def check_sources(engine: Engine, sources: Sequence[Source], *, cache: Cache | None = None,
                  jobs: int = 1, progress: Progress[FileAnalysis | str] = _no_progress) -> Outcome:
    """Findings of every source (baseline applied), using and filling ``cache`` when given."""
    paths = [s.path for s in sources]
    keys: list[str] = []
    if cache is not None:  # hashing the code and every file is only for the cache
        context = digest(code_fingerprint(), engine.fingerprint())
        keys = [digest(context, s.path, s.text) for s in sources]
        run_key = digest(context, *keys)
        cached = cache.get("runs", run_key)
        if isinstance(cached, list):
            return Outcome(engine.apply_baseline(cached, paths), from_cache=len(sources))
    found: list[FileAnalysis | None] = [None] * len(sources)
    if cache is not None:
        for i, key in enumerate(keys):
            entry = cache.get("files", key)
            found[i] = entry if isinstance(entry, FileAnalysis) else None
    missing = [i for i, analysis in enumerate(found) if analysis is None]
    outcome = Outcome([], analysed=len(missing), from_cache=len(sources) - len(missing))
    results = analyse_all(engine, [sources[i] for i in missing], jobs, progress)
    for i, result in zip(missing, results, strict=True):
        if isinstance(result, str):
            outcome.errors.append(result)
            continue
        found[i] = result
        if cache is not None:
            cache.put("files", keys[i], result)
    analyses = [a for a in found if a is not None]
    texts = {s.path: s.text for s in sources}
    findings = engine.combine(analyses, lambda path: _parse(texts[path], path))
    if cache is not None and not outcome.errors:
        cache.put("runs", run_key, findings)
    outcome.findings = engine.apply_baseline(findings, paths)
    return outcome


def analyse_all(engine: Engine, sources: Sequence[Source], jobs: int,
                progress: Progress[FileAnalysis | str]) -> list[FileAnalysis | str]:
    """Each source's analysis, or a one-line error, in the order of ``sources``."""
    if jobs <= 1 or len(sources) < 2:
        return list(progress((_analyse(engine, s) for s in sources), len(sources)))
    workers = min(jobs, len(sources))
    # Several files per task keeps the pipe busy without starving a worker at the end.
    chunk = max(1, len(sources) // (workers * 8))
    with _pool(engine, workers) as pool:
        return list(progress(pool.map(_work, sources, chunksize=chunk), len(sources)))


def _pool(engine: Engine, workers: int) -> ProcessPoolExecutor:
    # Imported here: a one-file run starts no pool, and these imports cost ~15 ms of its start-up.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the loaded rules and dictionaries with the workers at no cost; elsewhere the
    # engine is pickled to each worker, which then loads them once.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init,
                               initargs=(engine,))


_ENGINE: Engine | None = None  # the engine of this worker process


def _init(engine: Engine) -> None:
    global _ENGINE
    _ENGINE = engine


def _work(source: Source) -> FileAnalysis | str:
    assert _ENGINE is not None, "worker started without an engine"
    result = _analyse(_ENGINE, source)
    return result if isinstance(result, str) else result.packed()


def _parse(text: str, path: str) -> Document:
    from lint.parser import parse  # not needed by a run reported from the cache

    return parse(text, path)


def _analyse(engine: Engine, source: Source) -> FileAnalysis | str:
    try:
        return engine.analyse(_parse(source.text, source.path))
    except RecursionError:
        return f"{source.path}: nested too deeply to check; not linted"
    except Exception as exc:  # a bug must not hide the other files' findings
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return (f"{source.path}: internal error, please report: {type(exc).__name__}: {exc} "
                f"(at {os.path.basename(where.filename)}:{where.lineno})")
