"""bench/bench_peers.py's helpers: rotation, medians and ratios, pass/miss, the tables, exit codes
and the process-tree memory sampler. No timing is asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from bench_peers import (  # noqa: E402
    BenchError,
    Target,
    Tool,
    check_exit,
    median,
    ratio,
    rotated,
    run_once,
    supports,
    targets_table,
    timing_table,
    tree_rss,
    verdict,
)


def tools(*labels: str) -> list[Tool]:
    return [Tool(label, frozenset({0}), lambda fs: []) for label in labels]


def test_rotation_puts_every_tool_first_once_per_cycle() -> None:
    names = tools("a", "b", "c")
    orders = [[t.label for t in rotated(names, r)] for r in range(4)]
    assert orders == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"], ["a", "b", "c"]]
    assert rotated([], 3) == []


def test_median_and_ratio_have_no_value_for_missing_data() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([]) is None
    assert ratio(1.0, 4.0) == 0.25
    assert ratio(None, 4.0) is None
    assert ratio(1.0, None) is None
    assert ratio(1.0, 0.0) is None


def test_ratios_pass_at_the_limit_and_memory_only_below_it() -> None:
    assert verdict(Target("r", 0.5, 0.5, "×")) == "pass"
    assert verdict(Target("r", 0.51, 0.5, "×")) == "miss"
    assert verdict(Target("m", 299.0, 300, "MB")) == "pass"
    assert verdict(Target("m", 300.0, 300, "MB")) == "miss"
    assert verdict(Target("r", None, 0.5, "×")) == "n/a"


def test_tables_are_markdown_with_na_for_missing_values() -> None:
    medians = {("`a`", "1 file"): 1.234, ("`a`", "50 files"): 12.0, ("`b`", "1 file"): None}
    assert timing_table(medians, ["`a`", "`b`"], ["1 file", "50 files"]) == [
        "| command | 1 file s | 50 files s |",
        "|---|---:|---:|",
        "| `a` | 1.23 | 12.00 |",
        "| `b` | n/a | n/a |",
    ]
    assert targets_table([Target("1 file: x / y", 0.42, 0.5, "×"), Target("mem", 312.4, 300, "MB"),
                          Target("cached / cold", None, 0.2, "×")]) == [
        "| target | measured | goal | result |",
        "|---|---:|---:|---|",
        "| 1 file: x / y | 0.42× | ≤ 0.5× | pass |",
        "| mem | 312 MB | < 300 MB | miss |",
        "| cached / cold | n/a | ≤ 0.2× | n/a |",
    ]


def test_flags_are_found_as_whole_options_in_help_text() -> None:
    text = "  --no-baseline         report every finding\n  --cache-dir DIR  cache here\n"
    assert supports(text, "--cache-dir")
    assert supports(text, "--no-baseline")
    assert not supports(text, "--cache")
    assert not supports(text, "--baseline")
    assert not supports(text, "--jobs")


def test_error_exits_and_tracebacks_fail_the_bench_with_stderr() -> None:
    check_exit(["notelint"], 1, "", frozenset({0, 1}))
    check_exit(["codespell"], 65, "", frozenset({0, 65}))
    with pytest.raises(BenchError, match="exit code 2(.|\n)*bad config"):
        check_exit(["notelint", "check"], 2, "notelint: error: bad config\n", frozenset({0, 1}))
    with pytest.raises(BenchError, match="AttributeError"):
        check_exit(["notelint"], 1, "Traceback (most recent call last):\nAttributeError: x\n",
                   frozenset({0, 1}))


def test_tree_rss_counts_this_process_and_its_children() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        me = psutil.Process()
        assert tree_rss(me) > me.memory_info().rss
    finally:
        child.kill()
        child.wait()


def test_run_once_times_a_command_and_samples_its_memory(tmp_path: Path) -> None:
    code = "import sys, time; block = bytearray(50 * 2**20); time.sleep(0.3); sys.exit(1)"
    seconds, peak = run_once([sys.executable, "-c", code], frozenset({0, 1}), tmp_path, memory=True)
    assert seconds > 0.3
    assert peak > 50 * 2**20
    with pytest.raises(BenchError):
        run_once([sys.executable, "-c", "import sys; sys.exit(2)"], frozenset({0, 1}), tmp_path)



def test_the_bench_runs_end_to_end_on_a_tiny_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    corpus = Path(__file__).resolve().parent / "corpus" / "aws-notes.md"
    notes.write_text("\n".join(corpus.read_text(encoding="utf-8").splitlines()[:20]) + "\n", encoding="utf-8")
    script = Path(__file__).resolve().parent.parent / "bench" / "bench_peers.py"
    command = [sys.executable, str(script), "--repeat", "1", "--files", "2", "--corpus", str(notes)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "| command | 1 file s | 2 files s |" in done.stdout
    assert "| 2 files: peak memory of a cold notelint run (process tree) |" in done.stdout
    for tool in ("`notelint check`", "`mdformat --check`", "`codespell`"):
        assert tool in done.stdout
