"""Cleanup end to end: fixes, split, facts, baseline and config; idempotent; nothing lost."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from lint.cleanup import CleanupPlan, apply_cleanup, plan_cleanup, summary, words
from lint.cli import main
from lint.restructure import is_index

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def note_words(root: Path) -> Counter[str]:
    total: Counter[str] = Counter()
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if not is_index(text):
            total.update(words(text))
    return total


# -- the corpus -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, CleanupPlan]:
    base = tmp_path_factory.mktemp("corpus")
    src = base / "src"
    src.mkdir()
    shutil.copy(CORPUS, src / "aws-notes.md")
    result = plan_cleanup([src], out=base / "out")
    apply_cleanup(result)
    return src, base / "out", result


def test_corpus_cleanup_writes_topics_facts_baseline_and_config(
        corpus: tuple[Path, Path, CleanupPlan]) -> None:
    src, out, result = corpus
    files = tree(out)
    assert {"facts.yaml", ".notelint-baseline.json", ".notelint.toml", "aws-notes/README.md",
            "aws-notes/s3.md", "aws-notes/ec2.md"} <= set(files)
    assert len([f for f in files if f.startswith("aws-notes/")]) == 34
    assert (src / "aws-notes.md").read_bytes() == CORPUS.read_bytes()  # --out leaves the input alone
    assert result.split == [("aws-notes.md", "aws-notes", 33)]
    assert sum(result.fixed.values()) > 0 and result.fixed["typo"] > 0
    text = summary(result)
    assert "rule" in text and "fixed" in text and "left" in text
    assert re.search(rf"^typo +{result.fixed['typo']} +{result.left['typo']}$", text, re.MULTILINE)
    assert "'Encrytion' -> 'Encryption'" in text
    assert "Wrote 37 file(s)" in text


def test_corpus_nothing_is_lost(corpus: tuple[Path, Path, CleanupPlan]) -> None:
    src, out, result = corpus
    assert result.changes and all(c.rule != "?" for c in result.changes)  # every change is a fix's
    expected = Counter(words((src / "aws-notes.md").read_text(encoding="utf-8")))
    for change in result.changes:
        expected.subtract(words(change.removed))
        expected.update(words(change.added))
    assert +expected == note_words(out)
    assert all(v >= 0 for v in expected.values())


def test_corpus_cleaned_folder_passes_check_and_a_new_typo_fails(
        corpus: tuple[Path, Path, CleanupPlan], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = corpus
    copy = tmp_path / "cleaned"
    shutil.copytree(out, copy)
    code, stdout, err = run(capsys, "check", str(copy))
    assert code == 0, stdout
    assert "no longer match" not in err
    s3 = copy / "aws-notes" / "s3.md"
    s3.write_text(s3.read_text(encoding="utf-8") + "\nBuckets are seperate per region.\n", encoding="utf-8")
    code, stdout, _ = run(capsys, "check", str(copy))
    assert code == 1
    assert "seperate" in stdout
    assert stdout.count("typo ") == 1  # only the new one


def test_corpus_cleanup_is_idempotent(corpus: tuple[Path, Path, CleanupPlan], tmp_path: Path) -> None:
    _, out, _ = corpus
    copy = tmp_path / "again"
    shutil.copytree(out, copy)
    before = tree(copy)
    second = plan_cleanup([copy])
    assert second.writes == {} and second.deletes == [] and second.split == []
    assert sum(second.fixed.values()) == 0 and second.changes == []
    apply_cleanup(second)
    assert tree(copy) == before


# -- small folders ----------------------------------------------------------------------------

FILLER = "".join(f"Line {i} of filler text about queues.\n\n" for i in range(110))
NOTES = (
    "Intro before any topic.\n\n"
    "# Storage\n\nRDS Encrytion at rest is on.\n\n```\n```\n\nSee [compute](#compute).\n\n"
    "# Compute\n\nLambda runs for at most 15 minutes.\n\n" + FILLER +
    "# Broken\n\n```json\n{\"a\": 1,, \"b\": }\n```\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "big.md").write_text(NOTES)
    (notes / "small.md").write_text("# One\n\nTeh end.\n\n# Two\n\nShort.\n")
    monkeypatch.chdir(tmp_path)
    return notes


def test_in_place_cleanup(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cleanup", "notes")
    assert code == 0
    assert not (folder / "big.md").exists()  # split into big/, content moved
    files = tree(folder)
    assert sorted(files) == [".notelint-baseline.json", ".notelint.toml", "big/README.md", "big/big.md",
                             "big/broken.md", "big/compute.md", "big/storage.md", "facts.yaml", "small.md"]
    assert b"Encryption" in files["big/storage.md"]
    assert b"```" not in files["big/storage.md"]  # the empty code block was removed
    assert b"[compute](compute.md#compute)" in files["big/storage.md"]
    assert files["small.md"] == b"# One\n\nThe end.\n\n# Two\n\nShort.\n"  # fixed, not split: too small
    assert "Split big.md into big/: 4 topic(s) and README.md." in out
    assert "Removed (content moved into topics):" in out
    assert "broken-json" in out
    assert run(capsys, "check", "notes")[0] == 0
    # Run on its own output: nothing to do.
    code, out, _ = run(capsys, "cleanup", "notes")
    assert code == 0 and "Wrote 0 file(s)." in out
    assert tree(folder) == files


def test_dry_run_writes_nothing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree(folder.parent)
    code, out, _ = run(capsys, "cleanup", "notes", "--out", "cleaned", "--dry-run")
    assert code == 1
    assert tree(folder.parent) == before
    assert not (folder.parent / "cleaned").exists()
    assert "--- /dev/null\n+++ b/cleaned/big/storage.md" in out
    assert "+RDS Encryption at rest is on." in out
    assert "Would write" in out
    code, out, _ = run(capsys, "cleanup", "notes", "--dry-run")
    assert code == 1
    assert "--- a/notes/big.md\n+++ /dev/null" in out  # in place, the split file would go
    assert tree(folder.parent) == before


def test_dry_run_on_clean_output_exits_0(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "cleanup", "notes", "--out", "cleaned")[0] == 0
    code, out, _ = run(capsys, "cleanup", "cleaned", "--dry-run")
    assert code == 0 and "+++" not in out


def test_existing_config_gets_the_baseline_key(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / ".notelint.toml").write_text('# mine\n[typo]\nwords = ["Teh"]\n')
    assert run(capsys, "cleanup", "notes")[0] == 0
    config = (folder / ".notelint.toml").read_text()
    assert config == 'baseline = ".notelint-baseline.json"\n# mine\n[typo]\nwords = ["Teh"]\n'
    assert b"Teh end" in (folder / "small.md").read_bytes()  # the config applied to the fixes
    assert run(capsys, "check", "notes")[0] == 0


def test_parent_config_that_stops_applying_is_reported(folder: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (folder.parent / ".notelint.toml").write_text('[typo]\nwords = ["Teh"]\n')
    code, _, err = run(capsys, "cleanup", "notes")
    assert code == 0
    assert "no longer applies" in err
    assert run(capsys, "check", "notes")[0] == 0  # the baseline was made with the config that applies


def test_unreadable_file_stops_before_writing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "bad.md").write_bytes(b"# A\n\xff\n")
    before = tree(folder)
    code, _, err = run(capsys, "cleanup", "notes")
    assert code == 2
    assert "not valid UTF-8" in err and "nothing was written" in err
    assert tree(folder) == before


def test_topic_file_conflicts_stop_the_cleanup(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = folder.parent / "cleaned"
    (out / "big").mkdir(parents=True)
    (out / "big" / "storage.md").write_text("someone else's\n")
    before = tree(folder.parent)
    code, _, err = run(capsys, "cleanup", "notes", "--out", "cleaned")
    assert code == 2 and "storage.md: exists; use --force" in err
    assert tree(folder.parent) == before
    assert run(capsys, "cleanup", "notes", "--out", "cleaned", "--force")[0] == 0
    assert b"Encryption" in (out / "big" / "storage.md").read_bytes()


def test_split_into_a_note_of_the_run_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "big").mkdir()
    (folder / "big" / "storage.md").write_text("# Mine\n\nOther notes.\n")
    before = tree(folder)
    code, _, err = run(capsys, "cleanup", "notes", "--force")
    assert code == 2 and "big/storage.md is one of the notes" in err
    assert tree(folder) == before
