"""The baseline: accepted findings are not reported, new ones are, moved text stays matched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lint.baseline import Baseline, content_hash, normalise
from lint.cli import main

TEXT = """# Storage

RDS Encrytion at rest is on by default.

## Limits

Objects are at most 5 TB.

# Compute

Lambda runs for at most 15 minutes.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notes folder with one accepted typo, a baseline and a config pointing at it."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / ".notelint.toml").write_text('baseline = ".notelint-baseline.json"\n')
    (folder / "a.md").write_text(TEXT)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "notes", "--write-baseline", "notes/.notelint-baseline.json"]) == 0
    return folder


def test_normalised_content_hash() -> None:
    assert normalise("  Foo\tBAR\n baz ") == "foo bar baz"
    assert content_hash("RDS  Encrytion") == content_hash("rds encrytion")
    assert content_hash("Encrytion") != content_hash("Encryption")


def test_written_baseline_has_relative_paths_and_no_lines(notes: Path) -> None:
    data = json.loads((notes / ".notelint-baseline.json").read_text())
    assert data["notelint_baseline"] == 1
    entries = data["entries"]
    assert {e["path"] for e in entries} == {"a.md"}
    typo = [e for e in entries if e["rule"] == "typo"]
    assert [(e["excerpt"], e["count"]) for e in typo] == [("Encrytion", 1)]
    assert all(set(e) == {"rule", "path", "hash", "count", "excerpt"} for e in entries)


def test_check_passes_with_the_baseline_and_fails_without(notes: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "notes")
    assert code == 0, out
    assert "stale" not in err and "no longer match" not in err
    code, out, _ = run(capsys, "check", "notes", "--no-baseline")
    assert code == 1 and "Encrytion" in out


def test_inserted_lines_above_keep_the_match(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("# Preface\n\nSome new words here.\n\n\n" + TEXT)
    assert run(capsys, "check", "notes")[0] == 0


def test_paragraph_moved_to_another_section_keeps_the_match(notes: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    moved = TEXT.replace("RDS Encrytion at rest is on by default.\n\n", "")
    moved = moved.replace("Lambda runs", "RDS Encrytion at rest is on by default.\n\nLambda runs")
    assert moved != TEXT and moved.count("Encrytion") == 1
    (notes / "a.md").write_text(moved)
    code, out, err = run(capsys, "check", "notes")
    assert code == 0, out
    assert "no longer match" not in err


def test_text_moved_to_another_file_keeps_the_match(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text(TEXT.replace("RDS Encrytion at rest is on by default.\n\n", ""))
    (notes / "b.md").write_text("# Moved\n\nRDS Encrytion at rest is on by default.\n")
    code, out, err = run(capsys, "check", "notes")
    assert code == 0, out
    assert "no longer match" not in err


def test_a_second_copy_is_a_new_finding(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text(TEXT + "\nAnother Encrytion here.\n")
    code, out, _ = run(capsys, "check", "notes")
    assert code == 1
    assert "a.md:13:9: typo" in out  # the new one, not the baselined one
    assert "a.md:3:" not in out


def test_new_problem_is_reported(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text(TEXT + "\nThe seperate bucket.\n")
    code, out, _ = run(capsys, "check", "notes")
    assert code == 1
    assert "seperate" in out and "Encrytion" not in out


def test_fixed_problem_leaves_a_stale_entry_that_does_not_fail(notes: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text(TEXT.replace("Encrytion", "Encryption"))
    code, out, err = run(capsys, "check", "notes")
    assert code == 0
    assert "1 baseline entry no longer match" in err
    assert "a.md: typo: 'Encrytion'" in err


def test_stale_only_for_checked_files_and_rules(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "b.md").write_text("# Other\n\nAll fine.\n")
    code, _, err = run(capsys, "check", "notes/b.md")
    assert code == 0 and "no longer match" not in err  # a.md was not checked
    code, _, err = run(capsys, "check", "notes", "--select", "broken-json")
    assert code == 0 and "no longer match" not in err  # typo did not run


def test_folder_can_move(notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "elsewhere" / "deep"
    target.parent.mkdir()
    shutil.move(str(notes), str(target))
    assert run(capsys, "check", "elsewhere/deep")[0] == 0


def test_baseline_option_overrides_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".notelint.toml").write_text("")
    (tmp_path / "a.md").write_text(TEXT)
    assert run(capsys, "check", "a.md")[0] == 1
    (tmp_path / "bl").mkdir()
    assert run(capsys, "check", "a.md", "--write-baseline", "bl/base.json")[0] == 0
    entries = json.loads((tmp_path / "bl" / "base.json").read_text())["entries"]
    assert {e["path"] for e in entries} == {"../a.md"}
    assert run(capsys, "check", "a.md", "--baseline", "bl/base.json")[0] == 0


def test_bad_baseline_is_a_config_error(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / ".notelint-baseline.json").write_text("{not json")
    code, _, err = run(capsys, "check", "notes")
    assert code == 2 and "invalid baseline JSON" in err
    (notes / ".notelint-baseline.json").write_text('{"notelint_baseline": 1, "entries": [{"rule": 1}]}')
    assert run(capsys, "check", "notes")[0] == 2
    (notes / ".notelint-baseline.json").unlink()
    code, _, err = run(capsys, "check", "notes")
    assert code == 2 and "baseline file not found" in err


def test_counts_absorb_identical_findings() -> None:
    from lint.finding import Finding

    def finding(path: str, word: str) -> Finding:
        return Finding("typo", "warning", "m", path, 0, 1, 1, 1, 1, 2, fingerprint=word)

    base = Baseline.from_findings([finding("a.md", "Teh"), finding("a.md", "teh")], Path("/r"),
                                  path_of=lambda p: p)
    assert sum(base.counts.values()) == 2 and len(base.counts) == 1
    kept, stale = base.filter([finding("a.md", "TEH")] * 3, ["a.md"], ["typo"], path_of=lambda p: p)
    assert len(kept) == 1 and stale == []
    kept, stale = base.filter([finding("a.md", "TEH")], ["a.md"], ["typo"], path_of=lambda p: p)
    assert kept == [] and len(stale) == 1 and stale[0].count == 1
    # Round 2: a finding in another file takes an entry only when its own file no longer has it.
    kept, _ = base.filter([finding("a.md", "teh"), finding("a.md", "teh"), finding("b.md", "teh")],
                          ["a.md", "b.md"], ["typo"], path_of=lambda p: p)
    assert [f.path for f in kept] == ["b.md"]
    reloaded = Baseline.from_json(json.loads(base.dumps()), Path("/r/x.json"))
    assert reloaded.counts == base.counts


def test_fix_still_repairs_baselined_findings(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "fix", "notes")
    assert code == 0, out
    assert "Encryption at rest" in (notes / "a.md").read_text()
    assert "no longer match" in err  # its entry is stale now, and says so
