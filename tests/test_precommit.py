"""This repository works as a pre-commit hook source (`.pre-commit-hooks.yaml`).

`pre-commit try-repo` installs the package from this checkout into a fresh hook environment,
exactly as a notes repository would, so it also proves the non-editable install is complete.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def notes_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("notes-repo")
    (repo / "clean.md").write_text("# Notes\n\nAll is well here.\n")
    (repo / "dirty.md").write_text("# Notes\n\nRDS Encrytion at rest.\n")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def try_repo(repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900,
    )


def test_hook_passes_a_clean_file(notes_repo: Path) -> None:
    proc = try_repo(notes_repo, "notelint", "clean.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_hook_fails_with_file_line_col(notes_repo: Path) -> None:
    proc = try_repo(notes_repo, "notelint", "dirty.md")
    assert proc.returncode == 1
    assert "dirty.md:3:5: typo" in proc.stdout


def test_fix_hook_rewrites_and_is_then_clean(notes_repo: Path) -> None:
    target = notes_repo / "dirty.md"
    proc = try_repo(notes_repo, "notelint-fix", "dirty.md")
    assert proc.returncode == 1  # pre-commit fails a hook that modified files
    assert target.read_text() == "# Notes\n\nRDS Encryption at rest.\n"
    proc = try_repo(notes_repo, "notelint-fix", "dirty.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
