"""bench/recall.py on a small folder of this repository's notes: the input is left alone, the
injections are seeded and are the defects they claim to be, and the exact rules score as such."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from recall import CONTROL, Doc, Result, copy_notes, inject, json_ok, main, run  # noqa: E402

from lint.snippets.yaml_check import check_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTES = sorted((ROOT / "notes").rglob("*.md"))
PER_KIND = 3
Run = tuple[Result, dict[str, str], dict[str, str]]  # the result, the input's digests before and after


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def notes_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notes")
    for path in NOTES[:12]:
        target = folder / path.relative_to(ROOT / "notes")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copyfile(ROOT / "tests" / "corpus" / "aws-notes.md", folder / "corpus.md")
    return folder


@pytest.fixture(scope="module")
def result_and_digests(notes_dir: Path) -> Run:
    before = digest(notes_dir)
    result = run(notes_dir, seed=7, per_kind=PER_KIND)
    return result, before, digest(notes_dir)


def injected(notes_dir: Path, tmp: Path, seed: int) -> tuple[list[Doc], list[dict[str, object]]]:
    docs = copy_notes(notes_dir, tmp)
    defects = inject(docs, seed, PER_KIND)
    return docs, [vars(d) for d in defects]


def test_input_folder_unchanged(result_and_digests: Run) -> None:
    _, before, after = result_and_digests
    assert before == after


def test_same_seed_same_injections(notes_dir: Path, tmp_path: Path) -> None:
    docs_a, defects_a = injected(notes_dir, tmp_path / "a", 11)
    docs_b, defects_b = injected(notes_dir, tmp_path / "b", 11)
    docs_c, defects_c = injected(notes_dir, tmp_path / "c", 12)
    assert [d.text() for d in docs_a] == [d.text() for d in docs_b]
    assert defects_a == defects_b
    assert [d.text() for d in docs_a] != [d.text() for d in docs_c]


def test_injections_are_real_defects(notes_dir: Path, tmp_path: Path) -> None:
    docs, defects = injected(notes_dir, tmp_path, 5)
    kinds = {d["kind"] for d in defects}
    assert {"broken-json", "broken-yaml-fenced", "broken-yaml-unfenced", CONTROL, "unfenced-json"} <= kinds
    text = {d.rel: d.text() for d in docs}
    for d in defects:
        snippet = str(d["snippet"])
        if d["kind"] == "broken-json":
            with pytest.raises(ValueError):
                json.loads(snippet)
        elif str(d["kind"]).startswith("broken-yaml"):
            assert not check_yaml(snippet).ok, snippet
        elif d["kind"] == CONTROL:
            assert check_yaml(snippet).ok, snippet
        elif d["kind"] == "unfenced-json":
            assert json_ok(snippet)
        # the snippet really is in the injected file, on the defect's lines (after a fence line)
        if snippet:
            start = int(str(d["start"]))
            near = text[str(d["path"])].split("\n")[start - 1:start + 1]
            assert any(snippet.split("\n")[0] in line for line in near), (d, near)


def test_every_kind_injected_with_ranges(result_and_digests: Run) -> None:
    result = result_and_digests[0]
    assert all(row["injected"] == PER_KIND for row in result.kinds), result.kinds
    assert all(1 <= d["start"] <= d["end"] for d in result.defects)


def test_empty_code_blocks_all_found(result_and_digests: Run) -> None:
    row = next(r for r in result_and_digests[0].kinds if r["kind"] == "empty-code-block")
    assert row["found"] == row["injected"] == PER_KIND


def test_control_has_no_false_alarms(result_and_digests: Run) -> None:
    control = result_and_digests[0].control
    assert control == {"injected": PER_KIND, "false_alarms": 0}


def test_main_json(notes_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(notes_dir), "--per-kind", "1", "--seed", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {row["kind"] for row in data["kinds"]} >= {"typo", "duplicate", "lost-content"}
    assert data["control"]["false_alarms"] == 0
