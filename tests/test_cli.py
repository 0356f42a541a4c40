"""The command line end to end: exit codes, formats, fixes on disk, and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lint.cli import main
from lint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated notes folder (so this repo's own config does not apply) as the cwd."""
    (tmp_path / ".notelint.toml").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_clean_file_exits_0(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("# Title\n\nAll is well here.\n")
    code, out, _ = run(capsys, "check", "a.md")
    assert code == 0
    assert "a.md" not in out


def test_findings_exit_1_with_file_line_col(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("# Title\n\nRDS Encrytion at rest.\n\n```\n```\n")
    code, out, _ = run(capsys, "check", "a.md")
    assert code == 1
    assert "a.md:3:5: typo" in out
    assert "a.md:5:1: empty-code-block" in out


def test_info_findings_do_not_fail(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / ".notelint.toml").write_text('[severity]\ntypo = "info"\n')
    (notes / "a.md").write_text("RDS Encrytion at rest.\n")
    code, out, _ = run(capsys, "check", "a.md")
    assert code == 0
    assert "typo" in out


def test_json_format_has_the_documented_keys(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("RDS Encrytion at rest.\n")
    code, out, _ = run(capsys, "check", "a.md", "--format", "json")
    assert code == 1
    [finding] = json.loads(out)
    assert set(finding) == {"path", "line", "column", "end_line", "end_column", "rule", "severity",
                            "message", "fix"}
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 5, 14)
    assert finding["fix"]["applicability"] == "safe"
    assert finding["fix"]["edits"][0]["replacement"] == "Encryption"


def test_github_format(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("RDS Encrytion at rest.\n")
    _, out, _ = run(capsys, "check", "a.md", "--format", "github")
    assert out.startswith("::warning file=a.md,line=1,col=5,")


def test_select_and_ignore(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("RDS Encrytion at rest.\n\n```\n```\n")
    _, out, _ = run(capsys, "check", "a.md", "--select", "empty-code-block")
    assert "empty-code-block" in out and "typo" not in out
    _, out, _ = run(capsys, "check", "a.md", "--ignore", "empty-code-block,typo")
    assert "empty-code-block" not in out and "typo" not in out


def test_unknown_rule_is_a_usage_error(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("text\n")
    code, _, err = run(capsys, "check", "a.md", "--select", "no-such-rule")
    assert code == 2
    assert "no-such-rule" in err


def test_bad_config_exits_2(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / ".notelint.toml").write_text("select = [\n")
    (notes / "a.md").write_text("text\n")
    code, _, err = run(capsys, "check", "a.md")
    assert code == 2
    assert ".notelint.toml" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"PK\x03\x04\x00\x00binary", "binary file"), (b"caf\xe9 au lait\n", "not valid UTF-8")],
)
def test_bad_input_exits_2_and_is_never_written(
    notes: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str
) -> None:
    bad = notes / "bad.md"
    bad.write_bytes(content)
    (notes / "good.md").write_text("RDS Encrytion at rest.\n")
    code, out, err = run(capsys, "fix", ".")
    assert code == 2
    assert needle in err and "bad.md" in err
    assert len([line for line in err.splitlines() if "bad.md" in line]) == 1
    assert bad.read_bytes() == content
    assert (notes / "good.md").read_text() == "RDS Encryption at rest.\n"


@pytest.mark.parametrize("extra", [[], ["--statistics"]])
def test_a_run_whose_files_all_failed_never_says_all_checks_passed(
    notes: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    (notes / "bad.md").write_bytes(b"caf\xe9 au lait\n")
    code, out, err = run(capsys, "check", "bad.md", *extra)
    assert code == 2 and "bad.md" in err
    assert "All checks passed" not in out
    assert out.strip().splitlines()[-1] == "1 error (reported above): not every file was checked."


def test_missing_path_exits_2(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "nope.md")
    assert code == 2
    assert "nope.md" in err


def test_fix_keeps_crlf_and_bom_and_is_idempotent(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = ("\ufeff# Notes\r\n\r\nRDS Encrytion\r\n\r\n```\r\n```\r\n\r\n"
                "Region only services - N. Vergina?\r\n")
    path = notes / "a.md"
    path.write_bytes(original.encode())
    code, _, _ = run(capsys, "fix", "a.md")
    fixed = path.read_bytes()
    assert fixed == (
        "\ufeff# Notes\r\n\r\nRDS Encryption\r\n\r\nRegion only services - N. Virginia?\r\n".encode()
    )
    assert code == 0
    run(capsys, "fix", "a.md")
    assert path.read_bytes() == fixed


def test_fix_takes_checks_no_cache_flag_and_writes_no_cache(notes: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A command line written for check (``--no-cache`` in a hook's args) works for fix."""
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(notes / "cache"))
    (notes / "a.md").write_text("RDS Encrytion here.\n")
    code, _, err = run(capsys, "fix", "--no-cache", "a.md")
    assert (code, err) == (0, "Fixed 1 finding(s) in 1 file(s).\n")
    assert (notes / "a.md").read_text() == "RDS Encryption here.\n"
    assert not any(p.name.startswith("v") for p in (notes / "cache").glob("*"))  # no findings cache


def test_diff_writes_nothing(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = notes / "a.md"
    path.write_text("RDS Encrytion at rest.\n")
    code, out, _ = run(capsys, "fix", "a.md", "--diff")
    assert code == 1
    assert "-RDS Encrytion at rest." in out and "+RDS Encryption at rest." in out
    assert path.read_text() == "RDS Encrytion at rest.\n"


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
def test_diff_applies_with_patch_to_files_without_a_final_newline(notes: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """What ``--diff`` prints is what ``fix`` writes: ``patch`` applies it, even where a file's
    last line has no newline (marked as diff(1) marks it) or a line holds a character that
    ``str.splitlines`` would split at."""
    texts = {"a.md": "RDS Encrytion at rest.\n\nThe last line of a: Encrytion",
             "b.md": "Encrytion\u2028here.\n", "c.md": "Intro.\r\n\r\nThe last line of c: Encrytion"}
    for name, text in texts.items():
        (notes / name).write_bytes(text.encode())
    code, out, _ = run(capsys, "fix", *texts, "--diff")
    assert code == 1 and out.count("\\ No newline at end of file\n") == 4  # old and new, a and c
    copy = notes.parent / "copy"
    copy.mkdir()
    for name in texts:
        shutil.copy(notes / name, copy / name)
    applied = subprocess.run(["patch", "-p1", "--batch"], input=out.encode(), cwd=copy, capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert run(capsys, "fix", *texts)[0] == 0
    for name in texts:
        assert (copy / name).read_bytes() == (notes / name).read_bytes()
        assert b"Encryption" in (notes / name).read_bytes()


def test_rules_prints_every_rule_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for rule_id, cls in all_rules().items():
        assert f"# {rule_id} (" in out
        doc = cls.documentation()
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Fix"):
            assert heading in doc, f"{rule_id} documentation lacks {heading!r}"


def test_corpus_check_and_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (tmp_path / ".notelint.toml").write_text("")
    copy = notes / "aws-notes.md"
    shutil.copy(CORPUS, copy)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "notes", "--format", "json")
    assert code == 1
    findings = json.loads(out)
    where = {(f["rule"], f["line"]) for f in findings}
    assert ("typo", 5) in where and ("typo", 26) in where
    run(capsys, "fix", "notes")
    text = copy.read_text()
    lines = text.splitlines()
    assert "RDS Encryption" in lines and "Encrytion" not in text
    assert "Region only services - N. Virginia?" in lines and "Vergina" not in text
    once = copy.read_bytes()
    code, _, _ = run(capsys, "fix", "notes")
    assert copy.read_bytes() == once


def test_console_script_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "lint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.startswith("notelint ")


@pytest.mark.parametrize(("command", "phrases"), [
    ("check", ["--baseline", "--write-baseline", "--no-baseline", "stale"]),
    ("restructure", ["--out", "--force", "outside DIR"]),
    ("cleanup", ["--out", "--unsafe-fixes", "--dry-run", "200 lines", "Exit codes"]),
])
def test_new_commands_explain_themselves(command: str, phrases: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for phrase in phrases:
        assert phrase in out


def test_restructure_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["restructure", "x.md"])
    assert exit_info.value.code == 2
    assert "--out" in capsys.readouterr().err


def test_cleanup_on_missing_path_exits_2(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cleanup", "nowhere")
    assert code == 2
    assert "nowhere: no such file or directory" in err
    assert sorted(p.name for p in notes.iterdir()) == [".notelint.toml"]


def test_statistics_count_findings_per_rule(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("RDS Encrytion at rest. Enable Encrytion.\n\n```\n```\n")
    code, out, _ = run(capsys, "check", "a.md", "--statistics")
    assert code == 1
    rows = {line.split()[1]: line.split() for line in out.splitlines()[1:]}
    assert rows["typo"][0] == "2" and rows["empty-code-block"][0] == "1"
    assert rows["total"][0] == "3"
    assert "a.md:1:" not in out  # counts instead of findings


def test_output_file_gets_the_report_and_stdout_stays_empty(
        notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("RDS Encrytion at rest.\n")
    code, out, _ = run(capsys, "check", "a.md", "--format", "sarif", "--output-file", "report.sarif")
    assert code == 1 and out == ""
    log = json.loads((notes / "report.sarif").read_text())
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "typo"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    [change] = result["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["insertedContent"]["text"] == "Encryption"


def test_unwritable_output_file_is_an_error(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (notes / "a.md").write_text("All is well here.\n")
    code, _, err = run(capsys, "check", "a.md", "--output-file", str(notes / "missing" / "r.txt"))
    assert code == 2
    assert "report not written" in err


def test_a_reader_that_stops_early_gets_no_traceback(notes: Path) -> None:
    """`notelint check | head -1`: the report streams to stdout; when the reader closes the
    pipe, notelint stops quietly with the exit code a shell gives a command killed by SIGPIPE."""
    for name in ("aws.md", "b.md", "c.md"):  # a report larger than any pipe's buffer
        shutil.copy(CORPUS, notes / name)
    proc = subprocess.Popen([sys.executable, "-m", "lint", "check", "--no-cache", "."], cwd=notes,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert first.startswith(b"aws.md:") and err == b""


def test_the_report_goes_to_whatever_stdout_is(notes: Path) -> None:
    """A caller that points sys.stdout at a StringIO gets the report there (no --output-file)."""
    import contextlib
    import io

    (notes / "a.md").write_text("# Title\n\nRDS Encrytion at rest.\n")
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["check", "--no-cache", "a.md"])
    assert code == 1
    assert out.getvalue().startswith("a.md:3:5: typo `Encrytion`")


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_gone_before_a_short_report_ends_gets_exit_141(notes: Path, unbuffered: str) -> None:
    """The last piece of the report is flushed inside notelint's own handler, not at exit, where
    Python would print an ignored BrokenPipeError and exit 120."""
    import os

    (notes / "a.md").write_text("# Title\n\nRDS Encrytion at rest.\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    read, write = os.pipe()
    os.close(read)  # the reader is gone before notelint writes a byte
    proc = subprocess.run([sys.executable, "-m", "lint", "check", "--no-cache", "a.md"], cwd=notes,
                          stdout=write, stderr=subprocess.PIPE, env=env, timeout=120)
    os.close(write)
    assert proc.returncode == 141 and proc.stderr == b""


def test_the_report_reaches_an_unbuffered_stdout_in_few_writes(
        notes: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lint import cli

    for name in ("a.md", "b.md"):
        shutil.copy(CORPUS, notes / name)
    writes: list[int] = []

    class Counting:
        def write(self, text: str) -> int:
            writes.append(len(text))
            return len(text)

        def flush(self) -> None:
            pass

    monkeypatch.setattr(cli.sys, "stdout", Counting())
    code = main(["check", "--no-cache", "a.md", "b.md"])
    assert code == 1
    assert sum(writes) > 2 * cli.SPOOL_CHARS and len(writes) <= sum(writes) // cli.SPOOL_CHARS + 1
