"""Checking many files: the content-hash cache and the process pool give the findings a plain
in-memory check gives, in the same order, and the cache is used only when nothing changed."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint.cache import FORMAT, Cache
from lint.config import Config
from lint.engine import Engine, FileAnalysis
from lint.parser import parse
from lint.registry import Rule, RuleContext
from lint.runner import Source, check_sources

CORPUS = Path(__file__).parent / "corpus" / "aws-notes.md"
TEXT = CORPUS.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)


def sources() -> list[Source]:
    """Three files cut from the corpus, sharing a passage (cross-file duplicates) and one with
    a pragma (whose suppressions must still apply to cross-file findings)."""
    shared = "".join(LINES[140:160])
    return [
        Source("notes/b.md", "".join(LINES[:400]) + "\n" + shared),
        Source("notes/a.md", "<!-- notelint-disable duplicate-paragraph -->\n\n" + shared
               + "".join(LINES[1000:1300])),
        Source("notes/c.md", "".join(LINES[1880:1920]) + shared),
    ]


def engine(**kwargs: object) -> Engine:
    return Engine(Config(root=Path(".")), **kwargs)  # type: ignore[arg-type]


def plain(srcs: list[Source], eng: Engine | None = None) -> list:
    return (eng or engine()).check([parse(s.text, s.path) for s in srcs])


def test_uncached_serial_run_is_the_in_memory_check() -> None:
    srcs = sources()
    outcome = check_sources(engine(), srcs)
    assert outcome.findings == plain(srcs)
    assert outcome.analysed == 3 and not outcome.errors
    rules = {f.rule for f in outcome.findings}
    assert "duplicate-paragraph" in rules and "typo" in rules


def test_pool_gives_the_same_findings_in_the_same_order() -> None:
    srcs = sources()
    serial = check_sources(engine(), srcs, jobs=1).findings
    pooled = check_sources(engine(), srcs, jobs=2).findings
    assert pooled == serial


def test_second_run_comes_from_the_cache_whole(tmp_path: Path) -> None:
    srcs = sources()
    cache = Cache(tmp_path)
    first = check_sources(engine(), srcs, cache=cache)
    again = check_sources(engine(), srcs, cache=Cache(tmp_path))
    assert again.findings == first.findings == plain(srcs)
    assert (again.analysed, again.from_cache) == (0, 3)


def test_a_changed_file_is_analysed_again_and_the_others_come_from_the_cache(tmp_path: Path) -> None:
    srcs = sources()
    check_sources(engine(), srcs, cache=Cache(tmp_path))
    # c.md loses its copy of the shared passage: duplicates in the others change too.
    changed = [srcs[0], srcs[1], Source("notes/c.md", "".join(LINES[1880:1920]))]
    outcome = check_sources(engine(), changed, cache=Cache(tmp_path))
    assert (outcome.analysed, outcome.from_cache) == (1, 2)
    assert outcome.findings == plain(changed)
    assert outcome.findings != plain(srcs)


def test_the_pragma_file_is_filtered_with_its_cross_file_findings_from_the_cache(tmp_path: Path) -> None:
    srcs = sources()
    check_sources(engine(), srcs, cache=Cache(tmp_path))
    renamed = [srcs[0], srcs[1], Source("notes/0.md", srcs[2].text)]  # now first in path order
    outcome = check_sources(engine(), renamed, cache=Cache(tmp_path))
    assert outcome.analysed == 1
    assert outcome.findings == plain(renamed)
    assert not [f for f in outcome.findings if f.path == "notes/a.md" and f.rule == "duplicate-paragraph"]


def test_options_and_selection_are_part_of_the_key(tmp_path: Path) -> None:
    srcs = sources()
    check_sources(engine(), srcs, cache=Cache(tmp_path))
    narrow = engine(select=["typo"])
    outcome = check_sources(narrow, srcs, cache=Cache(tmp_path))
    assert outcome.analysed == 3
    assert {f.rule for f in outcome.findings} == {"typo"}
    strict = Engine(Config(root=Path("."), rule_options={"duplicate-paragraph": {"min_words": 3}}))
    assert check_sources(strict, srcs, cache=Cache(tmp_path)).analysed == 3


def test_a_corrupt_entry_is_a_miss(tmp_path: Path) -> None:
    srcs = sources()
    check_sources(engine(), srcs, cache=Cache(tmp_path))
    for entry in (tmp_path / FORMAT).rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x80\x05not a pickle")
    outcome = check_sources(engine(), srcs, cache=Cache(tmp_path))
    assert outcome.analysed == 3 and outcome.findings == plain(srcs)


class _Boom:
    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.target}",))

    def __init__(self, target: Path) -> None:
        self.target = target


def test_a_planted_entry_never_runs_code(tmp_path: Path) -> None:
    srcs = sources()
    check_sources(engine(), srcs, cache=Cache(tmp_path))
    pwned = tmp_path / "PWNED"
    for entry in (tmp_path / FORMAT).rglob("*"):
        if entry.is_file():
            payload = pickle.dumps(_Boom(pwned))  # with a valid digest: the unpickler refuses it
            entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    outcome = check_sources(engine(), srcs, cache=Cache(tmp_path))
    assert not pwned.exists()
    assert outcome.findings == plain(srcs)


def test_a_flipped_byte_anywhere_in_an_entry_is_a_miss(tmp_path: Path) -> None:
    """Entries hold summaries pickled inside the pickle (``FileAnalysis.packed``), unpickled only
    when files are compared: the digest catches damage there too, before anything is used."""
    srcs = sources()
    check_sources(engine(), srcs, cache=Cache(tmp_path), jobs=2)
    entries = [e for e in (tmp_path / FORMAT).rglob("*") if e.is_file()]
    assert len(entries) == 4  # three files and the run
    for entry in entries:
        data = bytearray(entry.read_bytes())
        data[len(data) * 2 // 3] ^= 0x01
        entry.write_bytes(bytes(data))
    outcome = check_sources(engine(), srcs, cache=Cache(tmp_path))
    assert outcome.analysed == 3 and outcome.findings == plain(srcs)


def test_a_packed_analysis_gives_the_same_summaries_and_builds_no_foreign_object() -> None:
    eng = engine()
    analysis = eng.analyse(parse(sources()[0].text, "notes/b.md"))
    packed = analysis.packed()
    assert set(packed.summaries) == {"duplicate-paragraph", "near-duplicate"}
    assert all(isinstance(s, bytes) for s in packed.summaries.values())
    for rule_id, summary in analysis.summaries.items():
        assert packed.summary(rule_id) == summary == analysis.summary(rule_id)
    assert eng.combine([packed], lambda path: pytest.fail(path)) == eng.combine([analysis], pytest.fail)
    planted = FileAnalysis("x.md", (), None, {"near-duplicate": pickle.dumps(_Boom(Path("/tmp/x")))})
    with pytest.raises(pickle.UnpicklingError, match="os.system|posix.system"):
        planted.summary("near-duplicate")


class _Exploding(Rule):
    id = "typo"  # stands in for a registered rule id

    def check(self, doc, ctx: RuleContext):  # type: ignore[no-untyped-def]
        if doc.path.endswith("b.md"):
            raise ValueError("boom")
        return iter(())


def test_a_failing_file_is_an_error_line_and_the_others_are_checked() -> None:
    eng = engine(select=["typo", "duplicate-paragraph"])
    eng.rules = [(_Exploding(), RuleContext()) if r.id == "typo" else (r, c) for r, c in eng.rules]
    outcome = check_sources(eng, sources())
    [error] = outcome.errors
    assert error.startswith("notes/b.md: internal error, please report: ValueError: boom")
    assert "\n" not in error
    assert {f.path for f in outcome.findings} <= {"notes/a.md", "notes/c.md"}


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lint.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for source in sources():
        (tmp_path / source.path).write_text(source.text, encoding="utf-8")
    return tmp_path


def test_cli_cached_run_prints_the_same_report(notes: Path) -> None:
    cache = notes / "cache"
    first = cli("check", "notes", "--cache-dir", str(cache), "-j", "2", cwd=notes)
    assert any(cache.rglob("*")), "the cache was filled"
    again = cli("check", "notes", "--cache-dir", str(cache), cwd=notes)
    fresh = cli("check", "notes", "--no-cache", "-j", "1", cwd=notes)
    assert first.returncode == again.returncode == fresh.returncode == 1
    assert first.stdout == again.stdout == fresh.stdout
    assert "notes/c.md" in first.stdout


def test_cli_no_cache_writes_nothing_and_env_chooses_the_directory(notes: Path) -> None:
    env_cache = notes / "env-cache"
    cli("check", "notes", "--no-cache", cwd=notes, env={"NOTELINT_CACHE_DIR": str(env_cache)})
    assert not (env_cache / FORMAT).exists()  # the spelling lexicon is compiled there, findings not
    cli("check", "notes", cwd=notes, env={"NOTELINT_CACHE_DIR": str(env_cache)})
    assert any(p.is_file() for p in env_cache.rglob("*"))
    cleaned = cli("clean", cwd=notes, env={"NOTELINT_CACHE_DIR": str(env_cache)})
    assert cleaned.returncode == 0 and "Removed" in cleaned.stderr
    assert not any(p.is_file() for p in env_cache.rglob("*"))


def test_cli_jobs_must_be_positive(notes: Path) -> None:
    result = cli("check", "notes", "--jobs", "0", cwd=notes)
    assert result.returncode == 2 and "--jobs" in result.stderr


def test_rule_ids_known_without_imports_are_the_registered_ones() -> None:
    from lint.registry import all_rules, rule_ids

    assert rule_ids() == list(all_rules())


def test_a_run_from_the_cache_imports_no_rule(notes: Path) -> None:
    """Nor the parser, the document model, the suppression filter, the baseline (none is
    configured) or the diff: a cached run is mostly interpreter start-up and imports."""
    cache = notes / "cache"
    cli("check", "notes", "--cache-dir", str(cache), cwd=notes)
    unneeded = ("lint.rules.", "mistune", "lint.parser", "lint.suppressions", "lint.baseline", "difflib",
                "lint.document")
    probe = ("import sys; from lint.cli import main; code = main(['check', 'notes', '--cache-dir', "
             f"{str(cache)!r}]); "
             f"print(sorted(m for m in sys.modules if m.startswith({unneeded!r})), "
             "file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=notes, capture_output=True, text=True,
                            timeout=300)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_an_analysed_document_is_freed_without_the_cyclic_collector() -> None:
    """A worker analyses file after file with the collector's first threshold raised
    (``tune_gc``): a document whose objects form a cycle would live on until a full collection,
    and a worker's memory would grow with every file it checks."""
    import gc

    gc.collect()
    gc.disable()
    try:
        engine().analyse(parse(TEXT, "notes/aws.md"))
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not left & {"Document", "Block", "ProseBlock", "Token"}


def test_clean_removes_the_entries_of_earlier_cache_formats_too(tmp_path: Path) -> None:
    from lint.cache import clear

    check_sources(engine(), sources(), cache=Cache(tmp_path))
    old = tmp_path / "v1" / "files" / "ab"
    old.mkdir(parents=True)
    (old / "abc").write_bytes(b"an entry of the format before")
    (tmp_path / "notes.md").write_text("not the cache's\n")
    assert clear(tmp_path) == 5  # three files, the run, the old entry
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_the_code_fingerprint_skips_what_it_cannot_list(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder another user's process made unreadable, a file gone before its stat, bytecode
    and a broken link are left out of the fingerprint instead of failing every run. (The folder
    is refused by a patched scandir: chmod means nothing to root, whom CI runs as.)"""
    from lint import cache

    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.py").write_text("y = 2\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc.1234").write_text("a temporary file")
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    scandir = os.scandir

    def refusing(path: str) -> Any:
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    assert sorted(name for name, _ in cache._files_under(str(tmp_path), "")) == ["a.py", "locked/b.py"]
    monkeypatch.setattr(cache.os, "scandir", refusing)
    assert [name for name, _ in cache._files_under(str(tmp_path), "")] == ["a.py"]



def test_findings_with_their_fixes_come_back_equal_through_the_cache_unpickler() -> None:
    """Finding, Fix and Edit pickle as calls of their classes (a frozen dataclass's own
    unpickling is slow): every field and every fix survive the round trip."""
    from lint.cache import loads

    findings = check_sources(engine(), [Source("aws-notes.md", TEXT)]).findings
    assert sum(f.fix is not None for f in findings) > 100
    assert any(f.fix is not None and f.fix.guard_structure for f in findings)
    assert any(f.fix is not None and not f.fix.is_safe() for f in findings)
    assert any(f.fingerprint for f in findings)
    back = loads(pickle.dumps(findings, pickle.HIGHEST_PROTOCOL))
    assert back == findings
    assert [type(f.fix) for f in back] == [type(f.fix) for f in findings]


def test_the_largest_cross_file_comparison_runs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """near-duplicate's index is a run's largest comparison: it runs before duplicate-paragraph's
    47,000 findings (50 copies of the corpus) are held, which kept the run's peak under 300 MB."""
    from lint.registry import CrossFileRule

    calls: list[str] = []
    eng = engine()
    for rule, _ in eng.rules:
        if isinstance(rule, CrossFileRule):
            def logged(summaries: Any, ctx: Any, _id: str = rule.id, _combine: Any = rule.combine) -> Any:
                calls.append(_id)
                return _combine(summaries, ctx)
            monkeypatch.setattr(rule, "combine", logged)
    analyses = [eng.analyse(parse(s.text, s.path)) for s in sources()]
    eng.combine(analyses, lambda path: parse(TEXT, path))
    assert calls == ["near-duplicate", "duplicate-paragraph"]
