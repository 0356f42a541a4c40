"""Hostile input through the command line: nothing crashes, nothing hangs, nothing is damaged.

Each case runs ``python -m lint.cli`` in a subprocess, in a temporary folder outside the
repository that holds an empty ``.notelint.toml`` (so no other config applies). Every run must
end with exit 0 or 1 and a clean report, or exit 2 with one line per problem on stderr; never
with a traceback. ``check`` never writes, and a ``fix`` that fails leaves the file byte for byte
as it was. The subprocess timeout is only a guard against a hang: how long each case takes is
printed (``pytest -s``) and measured under ``bench/``, never asserted.

A ``fix`` killed in the middle of its write is covered in ``tests/test_atomic.py``: a write
failing after the new bytes are in the temporary file
(``test_a_write_failing_midway_leaves_the_original_and_no_temp_file``) and an interrupt during
the rename (``test_an_interrupt_cleans_up_and_propagates``) both leave the original as it was and
no temporary file behind.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

TIMEOUT = 120  # seconds; a guard against a hang, not a speed requirement
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
PWN = '!!python/object/apply:os.system ["touch PWNED"]'


def _alias_bomb() -> str:
    """9 levels of 9 aliases: 387,420,489 strings with every alias expanded."""
    names = "abcdefghi"
    lines = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for previous, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _drop_file_permission_override() -> None:
    """In the child, before exec: give up root's power to read and write past permission bits.

    Dropped from the bounding set, the capabilities are gone from the exec'd process, so a
    chmod 000 file or a read-only folder stops root as it stops anyone else.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _unprivileged() -> Callable[[], None] | None:
    return _drop_file_permission_override if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def _skip_unless_permissions_bite(path: Path, code: str) -> None:
    """Skip when permission bits do not stop the CLI's process here (root that cannot drop them)."""
    try:
        probe = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                               preexec_fn=_unprivileged(), timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:  # prctl refused: the child never ran
        pytest.skip(f"cannot run a process that permission bits stop: {exc}")
    if probe.returncode == 0:
        pytest.skip("permission bits do not stop this process (root without a way to drop it)")


def notelint(cwd: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the CLI in ``cwd``; print how long it took (for the record, never asserted)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "lint.cli", *args], cwd=cwd, capture_output=True,
                            text=True, errors="replace", timeout=TIMEOUT,
                            preexec_fn=_unprivileged() if unprivileged else None)
    print(f"[hostile] notelint {' '.join(args)[:70]}: exit {result.returncode}, "
          f"{time.perf_counter() - started:.2f} s")
    return result


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 0 or 1 with a report, and no traceback."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-3000:])


def assert_one_line_error(result: subprocess.CompletedProcess[str], *names: str) -> list[str]:
    """Exit 2; every error is one line on stderr and names its file. Returns the error lines."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 2, (result.returncode, result.stderr[-3000:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("notelint: error: ")]
    for name in names:
        assert len([line for line in errors if name in line]) == 1, (name, result.stderr)
    assert all(len(line) < 1000 for line in errors), errors  # one message, not a dump
    return errors


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A working folder outside the repository, with a config of its own (all defaults)."""
    (tmp_path / ".notelint.toml").write_text("")
    return tmp_path


def write(folder: Path, name: str, content: str | bytes) -> tuple[Path, bytes]:
    path = folder / name
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(data)
    return path, data


def check_unchanged(folder: Path, name: str, content: str | bytes) -> subprocess.CompletedProcess[str]:
    """``check`` the file; it must be byte for byte as written afterwards."""
    path, data = write(folder, name, content)
    result = notelint(folder, "check", name)
    assert path.read_bytes() == data
    return result


# --- resource bombs ------------------------------------------------------------------------------


def test_a_yaml_alias_bomb_in_a_fence_is_a_finding(folder: Path) -> None:
    result = check_unchanged(folder, "bomb.md", "# Bomb\n\n```yaml\n" + _alias_bomb() + "```\n")
    assert_clean(result)
    assert result.returncode == 1
    assert "broken-yaml" in result.stdout and "aliases expanded" in result.stdout, result.stdout


def test_a_yaml_alias_bomb_without_a_fence(folder: Path) -> None:
    assert_clean(check_unchanged(folder, "bomb.md", "# Bomb\n\n" + _alias_bomb()))


def test_fix_on_alias_bombs_does_not_crash(folder: Path) -> None:
    write(folder, "fenced.md", "# Bomb\n\n```yaml\n" + _alias_bomb() + "```\n")
    write(folder, "bare.md", "# Bomb\n\n" + _alias_bomb())
    assert_clean(notelint(folder, "fix", "--unsafe-fixes", "fenced.md", "bare.md"))


def test_json_nested_5000_deep_is_a_finding(folder: Path) -> None:
    result = check_unchanged(folder, "deep.md", "# Deep\n\n```json\n" + "[" * 5000 + "]" * 5000 + "\n```\n")
    assert_clean(result)
    assert result.returncode == 1
    assert "broken-json" in result.stdout and "nested more than" in result.stdout, result.stdout[:2000]


def test_a_list_nested_3000_deep(folder: Path) -> None:
    text = "# Deep list\n\n" + "".join("  " * depth + "- x\n" for depth in range(3000))
    assert_clean(check_unchanged(folder, "list.md", text))


def test_5000_quote_levels(folder: Path) -> None:
    assert_clean(check_unchanged(folder, "quotes.md", "# Quotes\n\n" + ">" * 5000 + " deep\n"))


def test_fix_on_deep_nesting_does_not_crash(folder: Path) -> None:
    write(folder, "json.md", "# Deep\n\n```json\n" + "[" * 5000 + "]" * 5000 + "\n```\n")
    write(folder, "quotes.md", "# Quotes\n\n" + ">" * 5000 + " deep\n")
    write(folder, "list.md", "# Deep list\n\n" + "".join("  " * depth + "- x\n" for depth in range(800)))
    assert_clean(notelint(folder, "fix", "--unsafe-fixes", "json.md", "quotes.md", "list.md"))


def test_a_10_mb_line_of_prose(folder: Path) -> None:
    sentence = "The quick brown fox jumps over the lazy dog while the bucket policy is applied. "
    text = sentence * (10 * 1024 * 1024 // len(sentence)) + "\n"
    assert len(text) >= 10_000_000
    assert_clean(check_unchanged(folder, "long.md", text))


def test_a_long_run_of_letters_beside_emphasis_inside_a_word(folder: Path) -> None:
    """Two quadratic paths over one long run of letters: ``a*b`` makes prose look for words with
    emphasis inside them, a pattern once tried from each letter of the run (13 s for 20,000
    letters), and the speller tried every split of the run into two words run together (28 s
    for 200,000; these are 500,000, past the hang guard either way)."""
    text = "A word a*b and then " + "x" * 500_000 + " end.\n"
    assert_clean(check_unchanged(folder, "letters.md", text))


def test_a_yaml_line_of_template_openers_never_closed(folder: Path) -> None:
    """broken-yaml sets template markup aside before loading; a search for ``{{ ... }}`` from
    each opener of a line that never closes one would be quadratic in its length."""
    text = "```yaml\nname: {{ .Release.Name }}\nx: " + "{{ .a " * 1_000_000 + "\n```\n"
    result = check_unchanged(folder, "helm.md", text)
    assert_clean(result)
    assert "broken-yaml" in result.stdout  # too large to check: a warning that says so


def test_a_line_of_50000_unclosed_brackets(folder: Path) -> None:
    # Each opener followed by prose used to copy and rescan the rest of the line: quadratic.
    assert_clean(check_unchanged(folder, "brackets.md", "# T\n\n" + "look (this [and {that " * 50_000 + "\n"))


def test_100000_unclosed_brackets_before_code_spans(folder: Path) -> None:
    # JSON output: the text report shows the whole source line under each finding, and this
    # line is 600 KB long with 100,000 findings on it.
    path, data = write(folder, "spans.md", "# T\n\n" + "( `x` " * 100_000 + "\n")
    result = notelint(folder, "check", "--format", "json", "spans.md")
    assert_clean(result)
    findings = json.loads(result.stdout)
    assert len(findings) == 100_000 and {f["rule"] for f in findings} == {"lost-content"}
    assert path.read_bytes() == data


def test_a_table_of_80000_empty_rows(folder: Path) -> None:
    result = check_unchanged(folder, "table.md", "# T\n\n| a | b |\n|---|---|\n" + "| | |\n" * 80_000)
    assert_clean(result)
    assert "Found 80000 findings" in result.stdout


@pytest.mark.parametrize("pragmas", [
    "<!-- notelint-disable typo -->\n<!-- notelint-enable typo -->\n" * 20_000,
    "<!-- notelint-disable-next-line -->\n" * 20_000 + "teh\n",
    "<!-- notelint-disable " + "typo, " * 200_000 + "\n\nno end to this comment\n",
], ids=["20000-disable-enable", "20000-next-line", "unclosed"])
def test_thousands_of_pragmas(folder: Path, pragmas: str) -> None:
    assert_clean(check_unchanged(folder, "pragmas.md", "# T\n\n" + pragmas))


# --- code in YAML --------------------------------------------------------------------------------


def test_a_python_tag_is_refused_never_run(folder: Path) -> None:
    text = f"# Pwn\n\n```yaml\n{PWN}\n```\n\nAnd bare:\n\n{PWN}\n\n    {PWN}\n"
    result = check_unchanged(folder, "pwn.md", text)
    assert_clean(result)
    assert result.returncode == 1
    assert "broken-yaml" in result.stdout and "refused" in result.stdout, result.stdout
    facts = notelint(folder, "facts", "pwn.md")
    assert (facts.returncode, "Traceback" in facts.stderr) == (0, False), facts.stderr
    assert_clean(notelint(folder, "fix", "--unsafe-fixes", "pwn.md"))
    (folder / "facts.yaml").write_text(f"{PWN}\n", encoding="utf-8")
    (error,) = assert_one_line_error(notelint(folder, "facts", "--validate", "facts.yaml"), "facts.yaml")
    assert "refused" in error, error
    assert not (folder / "PWNED").exists()
    assert not list(folder.rglob("PWNED"))


def test_facts_validate_refuses_an_alias_bomb_without_building_it(folder: Path) -> None:
    bomb = "schema_version: '1.1'\ntopics: []\n" + _alias_bomb()
    (folder / "facts.yaml").write_text(bomb, encoding="utf-8")
    (error,) = assert_one_line_error(notelint(folder, "facts", "--validate", "facts.yaml"), "facts.yaml")
    assert "aliases expanded" in error, error


def test_facts_validate_refuses_yaml_nested_too_deep(folder: Path) -> None:
    (folder / "facts.yaml").write_text("".join("  " * depth + "-\n" for depth in range(3000)),
                                       encoding="utf-8")
    (error,) = assert_one_line_error(notelint(folder, "facts", "--validate", "facts.yaml"), "facts.yaml")
    assert "not valid YAML" in error and "deep" in error, error


# --- files that are not notes --------------------------------------------------------------------


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IHDR" + b"\x00" * 32, "binary file"),
    (b"# Notes\n\nSome text \xff\xfe and more\n", "not valid UTF-8"),
], ids=["binary", "invalid-utf-8"])
def test_binary_and_undecodable_files_are_one_line_errors_and_never_written(
        folder: Path, content: bytes, message: str) -> None:
    path, data = write(folder, "x.md", content)
    result = notelint(folder, "check", "x.md")
    (error,) = assert_one_line_error(result, "x.md")
    assert message in error and len(error) < 120, error
    assert result.stderr.splitlines() == [error]
    fixed = notelint(folder, "fix", "--unsafe-fixes", "x.md")
    assert assert_one_line_error(fixed, "x.md") == [error]
    assert path.read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == [".notelint.toml", "x.md"]


def test_unreadable_files_and_bad_links_are_reported_and_skipped(folder: Path) -> None:
    notes = folder / "notes"
    notes.mkdir()
    write(notes, "good.md", "# Good\n\nThis sentence has teh typo.\n")
    locked, _ = write(notes, "locked.md", "# Locked\n\nteh\n")
    locked.chmod(0o000)
    (notes / "a.md").symlink_to("b.md")
    (notes / "b.md").symlink_to("a.md")
    (notes / "dangling.md").symlink_to("missing.md")
    try:
        _skip_unless_permissions_bite(locked, "import sys; open(sys.argv[1], 'rb')")
        result = notelint(folder, "check", "notes", unprivileged=True)
    finally:
        locked.chmod(0o644)
    errors = assert_one_line_error(result, "/locked.md", "/a.md", "/b.md", "/dangling.md")
    assert len(errors) == 4, result.stderr
    said = dict(line.removeprefix("notelint: error: notes/").split(": ", 1) for line in errors)
    assert said["a.md"] == said["b.md"] == "symlink loop; skipped", said
    assert said["dangling.md"] == "broken symlink; skipped", said
    assert "good.md:3:" in result.stdout and "typo" in result.stdout  # the others were still checked


def test_a_fix_that_cannot_be_written_leaves_the_file_and_no_temp_file(folder: Path) -> None:
    notes = folder / "notes"
    notes.mkdir()
    path, data = write(notes, "notes.md", "# Notes\r\n\r\nThis sentence has teh typo.\r\n")
    notes.chmod(0o555)
    try:
        _skip_unless_permissions_bite(notes, "import os, sys; open(os.path.join(sys.argv[1], 'probe'), 'w')")
        result = notelint(folder, "fix", "notes/notes.md", unprivileged=True)
        listing = sorted(p.name for p in notes.iterdir())
    finally:
        notes.chmod(0o755)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert_one_line_error(result, "notes.md")
    assert path.read_bytes() == data
    assert listing == ["notes.md"]
