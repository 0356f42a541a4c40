"""Config discovery, precedence, validation errors, selection, options and exclude globs."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

import lint.rules
from lint.config import Config, ConfigError, find_config_file, load_config
from lint.registry import _RULES, Rule, all_rules, register


def load_every_rule() -> None:
    """Import every module of ``lint.rules``. ``all_rules()`` loads the package only while the
    registry is empty, and other test modules import single rule modules at collection time."""
    for info in pkgutil.iter_modules(lint.rules.__path__):
        importlib.import_module(f"lint.rules.{info.name}")


@pytest.fixture(autouse=True)
def every_rule() -> None:
    load_every_rule()


@pytest.fixture
def dummy() -> Iterator[type[Rule]]:
    """A registered rule with options of each type; removed from the registry afterwards."""
    load_every_rule()  # the real rules first, so the registry is not left holding only the dummy

    class Dummy(Rule):
        id = "dummy-rule"
        severity = "warning"
        options: ClassVar[dict[str, Any]] = {"max": 3, "ratio": 0.5, "strict": False, "words": ["a"],
                                   "name": "x", "anything": None}

    register(Dummy)
    try:
        yield Dummy
    finally:
        del _RULES[Dummy.id]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str, name: str = ".notelint.toml") -> str:
    file = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        load_config([tmp_path / "a.md"])
    message = str(info.value)
    assert str(file) in message
    assert "\n" not in message
    return message


# -- discovery ---------------------------------------------------------------------------------


def test_no_config_gives_defaults_rooted_at_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    config = load_config([tmp_path / "notes"])
    if config.source is not None:  # a config above tmp_path on this machine: skip, do not guess
        pytest.skip(f"a config exists above the temporary directory: {config.source}")
    assert config.root == tmp_path
    assert config.select is None and config.ignore == [] and config.exclude == []
    assert config.baseline is None and config.severity == {} and config.rule_options == {}


def test_walks_up_from_a_nested_file_to_pyproject(tmp_path: Path) -> None:
    file = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.notelint]\nexclude = ["one"]\n')
    note = write(tmp_path / "notes" / "deep" / "a.md", "# A\n")
    config = load_config([note])
    assert config.source == file
    assert config.root == tmp_path
    assert config.exclude == ["one"]


def test_walks_up_from_a_directory_and_from_a_missing_path(tmp_path: Path) -> None:
    file = write(tmp_path / ".notelint.toml", 'exclude = ["one"]\n')
    (tmp_path / "notes" / "sub").mkdir(parents=True)
    assert load_config([tmp_path / "notes" / "sub"]).source == file
    assert load_config([tmp_path / "notes" / "sub" / "missing.md"]).source == file


def test_notelint_toml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.notelint]\nexclude = ["one"]\n')
    dot = write(tmp_path / ".notelint.toml", 'exclude = ["two"]\n')
    config = load_config([write(tmp_path / "a.md", "x\n")])
    assert config.source == dot
    assert config.exclude == ["two"]


def test_closest_config_wins_over_a_farther_one(tmp_path: Path) -> None:
    write(tmp_path / ".notelint.toml", 'exclude = ["one"]\n')
    near = write(tmp_path / "notes" / "pyproject.toml", '[tool.notelint]\nexclude = ["two"]\n')
    config = load_config([write(tmp_path / "notes" / "a.md", "x\n")])
    assert config.source == near
    assert config.root == tmp_path / "notes"
    assert config.exclude == ["two"]


def test_pyproject_without_a_notelint_table_is_skipped(tmp_path: Path) -> None:
    outer = write(tmp_path / "pyproject.toml", '[tool.notelint]\nexclude = ["one"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n[tool.ruff]\nline-length = 80\n')
    note = write(tmp_path / "pkg" / "a.md", "x\n")
    assert find_config_file(note) == outer
    assert load_config([note]).source == outer


def test_several_paths_share_the_config_of_their_common_directory(tmp_path: Path) -> None:
    top = write(tmp_path / ".notelint.toml", 'exclude = ["one"]\n')
    write(tmp_path / "a" / ".notelint.toml", 'exclude = ["two"]\n')
    one = write(tmp_path / "a" / "x.md", "x\n")
    two = write(tmp_path / "b" / "y.md", "y\n")
    assert load_config([one, two]).source == top
    assert load_config([one]).source == tmp_path / "a" / ".notelint.toml"


def test_explicit_config_replaces_discovery(tmp_path: Path) -> None:
    write(tmp_path / ".notelint.toml", 'exclude = ["one"]\n')
    chosen = write(tmp_path / "elsewhere" / "custom.toml", 'exclude = ["two"]\n')
    config = load_config([tmp_path / "a.md"], explicit=chosen)
    assert config.source == chosen
    assert config.root == tmp_path / "elsewhere"
    assert config.exclude == ["two"]


def test_explicit_pyproject_reads_its_tool_table(tmp_path: Path) -> None:
    chosen = write(tmp_path / "pyproject.toml", '[tool.notelint]\nselect = ["unused-suppression"]\n')
    assert load_config([], explicit=chosen).select == ["unused-suppression"]


def test_explicit_pyproject_without_the_table_is_an_error(tmp_path: Path) -> None:
    chosen = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"no \[tool.notelint\] table"):
        load_config([], explicit=chosen)


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config([], explicit=tmp_path / "nope.toml")


def test_this_repository_configs_are_found() -> None:
    repo = Path(__file__).resolve().parent.parent
    config = load_config([repo / "tests"])
    assert config.source == repo / "pyproject.toml"
    assert config.is_excluded(repo / "tests" / "test_config.py")
    assert not config.is_excluded(repo / "notes" / "aws-notes" / "s3.md")
    # The cleaned notes carry their own config, which points at their baseline.
    notes = load_config([repo / "notes"])
    assert notes.source == repo / "notes" / ".notelint.toml"
    assert notes.baseline == repo / "notes" / ".notelint-baseline.json"


# -- errors ------------------------------------------------------------------------------------


def test_bad_toml_names_the_file_and_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, 'exclude = ["a"]\nignore = [\n"a",\nexclude = 3\n')
    assert "invalid TOML" in message
    assert "line 4" in message


def test_bad_toml_in_pyproject_is_an_error_even_during_discovery(tmp_path: Path) -> None:
    message = load_error(tmp_path, "[tool.notelint\n", name="pyproject.toml")
    assert "line 1" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message = load_error(tmp_path, 'selcet = ["unused-suppression"]\n')
    assert "unknown key 'selcet'" in message


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    message = load_error(tmp_path, "[tool.notelint]\nline-length = 3\n", name="pyproject.toml")
    assert "unknown key 'line-length' in [tool.notelint]" in message


@pytest.mark.parametrize("key", ["select", "ignore"])
def test_unknown_rule_id_in_select_and_ignore(tmp_path: Path, key: str) -> None:
    message = load_error(tmp_path, f'{key} = ["typo-rule-that-does-not-exist"]\n')
    assert key in message and "unknown rule id 'typo-rule-that-does-not-exist'" in message


def test_unknown_rule_id_in_severity(tmp_path: Path) -> None:
    message = load_error(tmp_path, '[severity]\nno-such-rule = "info"\n')
    assert "severity" in message and "'no-such-rule'" in message


def test_bad_severity_value(tmp_path: Path, dummy: type[Rule]) -> None:
    message = load_error(tmp_path, '[severity]\ndummy-rule = "fatal"\n')
    assert "error, warning, info" in message and "'fatal'" in message


@pytest.mark.parametrize(("text", "expected"), [
    ('select = "unused-suppression"\n', "select: expected a list of strings, got string"),
    ("ignore = [1]\n", "ignore: expected a list of strings, got a list holding integer 1"),
    ("exclude = [true]\n", "exclude: expected a list of strings"),
    ('severity = ["unused-suppression"]\n', "severity: expected a table"),
    ("baseline = 3\n", "baseline: expected a path string, got integer"),
    ('exclude = [""]\n', "exclude: empty glob"),
])
def test_wrong_types(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in load_error(tmp_path, text)


def test_unknown_rule_option(tmp_path: Path, dummy: type[Rule]) -> None:
    message = load_error(tmp_path, "[dummy-rule]\nmaxx = 4\n")
    assert "unknown option 'maxx'" in message
    assert "accepted: anything, max, name, ratio, strict, words" in message


def test_unknown_rule_option_in_pyproject_names_the_table(tmp_path: Path, dummy: type[Rule]) -> None:
    message = load_error(tmp_path, "[tool.notelint.dummy-rule]\nmaxx = 4\n", name="pyproject.toml")
    assert "[tool.notelint.dummy-rule]" in message


@pytest.mark.parametrize(("value", "expected"), [
    ("max = 'three'", "max: expected an integer, got string"),
    ("max = true", "max: expected an integer, got boolean"),
    ("ratio = 'half'", "ratio: expected a number"),
    ("strict = 1", "strict: expected a boolean"),
    ("words = 'a'", "words: expected a list"),
    ("words = [1]", "words: expected a list of strings"),
    ("name = 2", "name: expected a string"),
])
def test_wrong_option_types(tmp_path: Path, dummy: type[Rule], value: str, expected: str) -> None:
    assert expected in load_error(tmp_path, f"[dummy-rule]\n{value}\n")


def test_rule_options_must_be_a_table(tmp_path: Path, dummy: type[Rule]) -> None:
    assert "must be a table of options" in load_error(tmp_path, "dummy-rule = 3\n")


# -- values ------------------------------------------------------------------------------------


def test_options_for_merges_user_values_over_defaults(tmp_path: Path, dummy: type[Rule]) -> None:
    write(tmp_path / "pyproject.toml",
          "[tool.notelint]\n[tool.notelint.dummy-rule]\nmax = 7\nratio = 1\nanything = [1, 'x']\n")
    config = load_config([tmp_path])
    assert config.options_for("dummy-rule") == {"max": 7, "ratio": 1, "strict": False, "words": ["a"],
                                                "name": "x", "anything": [1, "x"]}
    assert dummy.options["max"] == 3  # the class defaults are not touched
    assert config.options_for("no-such-rule") == {}


def test_option_names_accept_either_dash_or_underscore(tmp_path: Path) -> None:
    load_every_rule()

    class Spelled(Rule):
        id = "spelled-rule"
        options: ClassVar[dict[str, Any]] = {"min_words": 8, "max-depth": 64}

    register(Spelled)
    try:
        write(tmp_path / ".notelint.toml", "[spelled-rule]\nmin-words = 3\nmax_depth = 9\n")
        assert load_config([tmp_path]).options_for("spelled-rule") == {"min_words": 3, "max-depth": 9}
        write(tmp_path / ".notelint.toml", "[spelled-rule]\nmin-words = 3\nmin_words = 4\n")
        with pytest.raises(ConfigError, match="'min_words' is given twice"):
            load_config([tmp_path])
    finally:
        del _RULES["spelled-rule"]


def test_severity_and_baseline(tmp_path: Path, dummy: type[Rule]) -> None:
    write(tmp_path / "sub" / ".notelint.toml",
          'baseline = "../base/line.json"\n[severity]\ndummy-rule = "info"\n')
    config = load_config([tmp_path / "sub"])
    assert config.severity == {"dummy-rule": "info"}
    assert config.baseline == tmp_path / "base" / "line.json"


def test_enabled_selection(dummy: type[Rule]) -> None:
    every = sorted(all_rules())
    assert "dummy-rule" in every
    config = Config(root=Path("."))
    assert config.enabled() == every
    assert config.enabled(cli_ignore=["dummy-rule"]) == [r for r in every if r != "dummy-rule"]
    config = Config(root=Path("."), select=["dummy-rule", "unused-suppression"],
                    ignore=["unused-suppression"])
    assert config.enabled() == ["dummy-rule"]
    # A CLI select replaces the config's select; the config's ignore still applies.
    assert config.enabled(cli_select=["unused-suppression", "dummy-rule"]) == ["dummy-rule"]
    assert config.enabled(cli_ignore=["dummy-rule"]) == []
    assert config.enabled(cli_select=[]) == []


def test_enabled_rejects_unknown_cli_ids(dummy: type[Rule]) -> None:
    config = Config(root=Path("."))
    with pytest.raises(ConfigError, match=r"--select: unknown rule id 'nope'"):
        config.enabled(cli_select=["dummy-rule", "nope"])
    with pytest.raises(ConfigError, match=r"--ignore: unknown rule ids 'x', 'y'"):
        config.enabled(cli_ignore=["x", "y"])


# -- exclude -----------------------------------------------------------------------------------


def excluding(tmp_path: Path, *globs: str) -> Config:
    return Config(root=tmp_path, source=tmp_path / ".notelint.toml", exclude=list(globs))


def test_double_star_matches_any_depth_below_a_directory(tmp_path: Path) -> None:
    config = excluding(tmp_path, "archive/**")
    assert config.is_excluded(tmp_path / "archive")
    assert config.is_excluded(tmp_path / "archive" / "a.md")
    assert config.is_excluded(tmp_path / "archive" / "2023" / "q1" / "a.md")
    assert not config.is_excluded(tmp_path / "archived.md")
    assert not config.is_excluded(tmp_path / "notes" / "archive" / "a.md")  # anchored at the root


def test_leading_double_star_matches_at_any_depth(tmp_path: Path) -> None:
    config = excluding(tmp_path, "**/drafts/*.md")
    assert config.is_excluded(tmp_path / "drafts" / "a.md")
    assert config.is_excluded(tmp_path / "x" / "y" / "drafts" / "a.md")
    assert not config.is_excluded(tmp_path / "x" / "drafts" / "sub" / "a.md.txt")
    assert not config.is_excluded(tmp_path / "x" / "drafted" / "a.md")


def test_middle_double_star_and_single_star(tmp_path: Path) -> None:
    config = excluding(tmp_path, "notes/**/old-*.md")
    assert config.is_excluded(tmp_path / "notes" / "old-1.md")
    assert config.is_excluded(tmp_path / "notes" / "a" / "b" / "old-2.md")
    assert not config.is_excluded(tmp_path / "notes" / "a" / "new-1.md")
    single = excluding(tmp_path, "notes/*.md")
    assert single.is_excluded(tmp_path / "notes" / "a.md")
    assert not single.is_excluded(tmp_path / "notes" / "sub" / "a.md")  # * stays in one segment


def test_name_patterns_match_at_any_depth(tmp_path: Path) -> None:
    config = excluding(tmp_path, "*.tmp.md", "node_modules", "draft?.md", "[ab]side.md")
    assert config.is_excluded(tmp_path / "x" / "y.tmp.md")
    assert config.is_excluded(tmp_path / "deep" / "node_modules" / "pkg" / "README.md")
    assert config.is_excluded(tmp_path / "draft1.md")
    assert not config.is_excluded(tmp_path / "draft12.md")
    assert config.is_excluded(tmp_path / "bside.md")
    assert not config.is_excluded(tmp_path / "cside.md")


def test_relative_paths_are_taken_from_the_working_directory(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path / ".")
    (tmp_path / "notes").mkdir()
    config = excluding(tmp_path, "notes/private/**")
    monkeypatch.chdir(tmp_path / "notes")
    assert config.is_excluded("private/a.md")
    assert config.is_excluded(Path("private") / ".." / "private" / "b.md")
    assert not config.is_excluded("public/a.md")


def test_paths_outside_the_root_only_match_name_patterns(tmp_path: Path) -> None:
    root = tmp_path / "project"
    config = excluding(root, "notes/**", "*.tmp.md")
    assert not config.is_excluded(tmp_path / "notes" / "a.md")
    assert config.is_excluded(tmp_path / "other" / "a.tmp.md")


def test_excludes_load_from_config_relative_to_its_directory(tmp_path: Path) -> None:
    write(tmp_path / "sub" / ".notelint.toml", 'exclude = ["./drafts/**", "b.md"]\n')
    config = load_config([tmp_path / "sub"])
    assert config.exclude == ["drafts/**", "b.md"]
    assert config.is_excluded(tmp_path / "sub" / "drafts" / "a.md")
    assert not config.is_excluded(tmp_path / "drafts" / "a.md")
    assert config.is_excluded(tmp_path / "sub" / "x" / "b.md")


def test_no_exclude_excludes_nothing(tmp_path: Path) -> None:
    assert not Config(root=tmp_path).is_excluded(tmp_path / "a.md")
