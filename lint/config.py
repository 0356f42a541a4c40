"""Configuration: ``[tool.notelint]`` in pyproject.toml or top-level keys in ``.notelint.toml``.

Discovery works as ruff's does: starting from the directory of the checked paths, walk up to the
filesystem root and take the closest directory holding a config. In one directory
``.notelint.toml`` beats ``pyproject.toml``, and a pyproject.toml without ``[tool.notelint]`` is
skipped as if it were absent. Several checked paths share one config: the one closest to their
common directory (use ``find_config_file`` for a per-file lookup).

Keys::

    select = ["typo", "broken-json"]   # rule ids to run (default: every rule)
    ignore = ["duplicate-paragraph"]   # rule ids not to run
    severity = { typo = "info" }       # per-rule severity: error | warning | info
    exclude = ["drafts/**", "*.tmp.md"]  # globs, relative to the config's directory
    baseline = "notelint-baseline.json"  # a path, relative to the config's directory

    [tool.notelint.typo]               # options of one rule: keys from the rule's ``options``
    words = ["boto3"]

Every mistake (bad TOML, an unknown key or rule id, a wrong type) raises ``ConfigError`` with a
one-line message that names the file, which the CLI reports with exit code 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from lint.finding import SEVERITIES, Severity
from lint.registry import Rule, all_rules, rule_ids

PYPROJECT = "pyproject.toml"
NOTELINT_TOML = ".notelint.toml"
# In the order they are tried within one directory: the first present (and relevant) wins.
CONFIG_NAMES = (NOTELINT_TOML, PYPROJECT)
KEYS = ("select", "ignore", "severity", "exclude", "baseline")


class ConfigError(Exception):
    """A configuration problem; ``str(error)`` is a one-line message naming the file."""


@dataclass
class Config:
    root: Path  # the config's directory (the working directory when there is no config)
    source: Path | None = None  # the file the settings came from
    select: list[str] | None = None  # None: every registered rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    baseline: Path | None = None  # absolute (resolved against ``root``)

    def enabled(self, cli_select: Sequence[str] | None = None,
                cli_ignore: Sequence[str] | None = None) -> list[str]:
        """The rule ids to run, sorted: a CLI select replaces the config's, a CLI ignore adds to it.

        Unknown ids given on the command line raise ``ConfigError`` naming the option.
        """
        rules = rule_ids()
        for option, ids in (("--select", cli_select), ("--ignore", cli_ignore)):
            unknown = [rule_id for rule_id in ids or () if rule_id not in rules]
            if unknown:
                raise ConfigError(f"{option}: {_unknown_rules(unknown)}")
        chosen = cli_select if cli_select is not None else self.select
        selected = set(rules) if chosen is None else set(chosen)
        dropped = set(self.ignore) | set(cli_ignore or ())
        return sorted(selected - dropped)

    def is_excluded(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` (or a directory above it, up to the root) matches an exclude glob."""
        if not self.exclude:
            return False
        rel = _relative_parts(Path(path), self.root)
        if rel is None:
            # Outside the config's tree only name patterns ("drafts", "*.tmp.md") can apply.
            name = Path(os.path.abspath(path)).name
            return any(_matches(pattern, [name]) for pattern in self.exclude if "/" not in pattern)
        return any(_matches(pattern, rel) for pattern in self.exclude)

    def options_for(self, rule_id: str) -> dict[str, Any]:
        """The rule's option defaults with the user's values merged over them."""
        rule = all_rules().get(rule_id)
        defaults = dict(rule.options) if rule else {}
        return {**defaults, **self.rule_options.get(rule_id, {})}


def load_config(paths: Iterable[str | os.PathLike[str]], explicit: str | os.PathLike[str] | None = None,
                ) -> Config:
    """The config for a run over ``paths``: ``explicit`` if given, else the closest one found.

    With no config anywhere, the defaults apply with the working directory as root.
    """
    if explicit is not None:
        file = Path(os.path.abspath(explicit))
        if not file.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        table = _read_table(file, explicit=True)
        assert table is not None  # explicit=True raises rather than skipping
        return _build(file, table)
    found = find_config_file(_common_directory([Path(p) for p in paths]))
    if found is None:
        return Config(root=Path.cwd())
    table = _read_table(found)
    assert table is not None  # find_config_file only returns files holding settings
    return _build(found, table)


def find_config_file(start: str | os.PathLike[str]) -> Path | None:
    """The closest config file at or above ``start`` (a file's own directory is where it starts)."""
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and _holds_settings(candidate):
                return candidate
    return None


def _holds_settings(file: Path) -> bool:
    """A .notelint.toml always counts; a pyproject.toml only with a [tool.notelint] table."""
    if file.name != PYPROJECT:
        return True
    return _read_table(file) is not None


def _read_table(file: Path, *, explicit: bool = False) -> dict[str, Any] | None:
    """The settings table of a config file, or None for a pyproject.toml without one."""
    import tomllib  # 10 ms of start-up, for a folder with no config file spent for nothing

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read config: {exc}") from None
    if file.name != PYPROJECT:
        return data
    tool = data.get("tool", {})
    table = tool.get("notelint") if isinstance(tool, dict) else None
    if table is None:
        if explicit:
            raise ConfigError(f"{file}: no [tool.notelint] table")
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: [tool.notelint] must be a table")
    return table


def _build(file: Path, table: Mapping[str, Any]) -> Config:
    where = "[tool.notelint]" if file.name == PYPROJECT else "the top level"
    rules = rule_ids()
    config = Config(root=file.parent, source=file)
    for key, value in table.items():
        if key in ("select", "ignore"):
            ids = _string_list(file, key, value)
            unknown = [rule_id for rule_id in ids if rule_id not in rules]
            if unknown:
                raise ConfigError(f"{file}: {key}: {_unknown_rules(unknown)}")
            setattr(config, key, ids)
        elif key == "severity":
            config.severity = _severities(file, value, rules)
        elif key == "exclude":
            config.exclude = [_normalise_glob(file, g) for g in _string_list(file, key, value)]
        elif key == "baseline":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{file}: baseline: expected a path string, got {_type(value)}")
            config.baseline = Path(os.path.normpath(file.parent / value))
        elif key in rules:
            config.rule_options[key] = _rule_options(file, all_rules()[key], value)
        else:
            known = ", ".join(KEYS)
            raise ConfigError(f"{file}: unknown key {key!r} in {where} "
                              f"(expected {known}, or a rule id for that rule's options)")
    return config


def _string_list(file: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ConfigError(f"{file}: {key}: expected a list of strings, got {_type(value)}")
    wrong = next((v for v in value if not isinstance(v, str)), None)
    if wrong is not None:
        raise ConfigError(f"{file}: {key}: expected a list of strings, got a list holding "
                          f"{_type(wrong)} {wrong!r}")
    return list(value)


def _severities(file: Path, value: Any, rules: Collection[str]) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"{file}: severity: expected a table of rule id = severity, got {_type(value)}")
    result: dict[str, Severity] = {}
    for rule_id, level in value.items():
        if rule_id not in rules:
            raise ConfigError(f"{file}: severity: {_unknown_rules([rule_id])}")
        if level not in SEVERITIES:
            raise ConfigError(f"{file}: severity.{rule_id}: expected one of {', '.join(SEVERITIES)}, "
                              f"got {level!r}")
        result[rule_id] = cast(Severity, level)
    return result


def _rule_options(file: Path, rule: type[Rule], value: Any) -> dict[str, Any]:
    section = f"[tool.notelint.{rule.id}]" if file.name == PYPROJECT else f"[{rule.id}]"
    if not isinstance(value, dict):
        raise ConfigError(f"{file}: {section} must be a table of options, got {_type(value)}")
    result: dict[str, Any] = {}
    for written, given in value.items():
        # Rules spell options either way (max-depth, min_words); accept the other spelling too.
        name = next((n for n in (written, written.replace("-", "_"), written.replace("_", "-"))
                     if n in rule.options), None)
        if name is None:
            accepted = ", ".join(sorted(rule.options)) or "none"
            raise ConfigError(f"{file}: {section}: unknown option {written!r} (accepted: {accepted})")
        expected = _type_problem(rule.options[name], given)
        if expected:
            raise ConfigError(f"{file}: {section} {written}: expected {expected}, got {_type(given)}")
        if name in result:
            raise ConfigError(f"{file}: {section}: option {name!r} is given twice")
        result[name] = given
    return result


def _type_problem(default: Any, given: Any) -> str | None:
    """What ``given`` should have been to match the option's default, or None when it fits."""
    if default is None:
        return None  # an option without a default value takes anything
    if isinstance(default, bool):
        return None if isinstance(given, bool) else "a boolean"
    if isinstance(default, int):
        return None if isinstance(given, int) and not isinstance(given, bool) else "an integer"
    if isinstance(default, float):
        ok = isinstance(given, int | float) and not isinstance(given, bool)
        return None if ok else "a number"
    if isinstance(default, str):
        return None if isinstance(given, str) else "a string"
    if isinstance(default, list | tuple):
        if not isinstance(given, list):
            return "a list"
        if default:
            item = default[0]
            wrong = next((v for v in given if _type_problem(item, v)), None)
            if wrong is not None:
                return f"a list of {_type(item)}s"
        return None
    if isinstance(default, dict):
        return None if isinstance(given, dict) else "a table"
    return None


def _type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "table"}
    return names.get(type(value), type(value).__name__)


def _unknown_rules(ids: Sequence[str]) -> str:
    known = ", ".join(rule_ids()) or "none registered"
    listed = ", ".join(repr(i) for i in ids)
    return f"unknown rule id{'s' if len(ids) > 1 else ''} {listed} (known: {known})"


def _common_directory(paths: Sequence[Path]) -> Path:
    """The deepest directory holding every checked path (the working directory for none)."""
    if not paths:
        return Path.cwd()
    dirs = []
    for path in paths:
        absolute = Path(os.path.abspath(path))
        dirs.append(str(absolute if absolute.is_dir() else absolute.parent))
    return Path(os.path.commonpath(dirs))


def _relative_parts(path: Path, root: Path) -> list[str] | None:
    """``path`` relative to ``root`` as path segments, or None when it lies outside."""
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    rel = os.path.relpath(absolute, base) if _same_drive(absolute, base) else os.pardir
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        # Try again with symlinks resolved (a root under /tmp on macOS, say).
        absolute, base = str(Path(absolute).resolve()), str(Path(base).resolve())
        rel = os.path.relpath(absolute, base) if _same_drive(absolute, base) else os.pardir
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
    return [] if rel == os.curdir else rel.split(os.sep)


def _same_drive(a: str, b: str) -> bool:
    return os.path.splitdrive(a)[0].lower() == os.path.splitdrive(b)[0].lower()


def _normalise_glob(file: Path, pattern: str) -> str:
    glob = pattern.replace("\\", "/").strip()
    while glob.startswith("./"):
        glob = glob[2:]
    glob = glob.rstrip("/")
    if not glob or glob == "/":
        raise ConfigError(f"{file}: exclude: empty glob {pattern!r}")
    return glob


def _matches(pattern: str, parts: Sequence[str]) -> bool:
    """Match a glob against a relative path or any directory above it, as gitignore and ruff do.

    A pattern without ``/`` matches a name at any depth; one with ``/`` is anchored at the
    config's directory (a leading ``/`` only makes that explicit).
    """
    if not parts:
        return False
    if "/" not in pattern:
        regex = _compile(pattern)
        return any(regex.fullmatch(part) for part in parts)
    regex = _compile(pattern.lstrip("/"))
    return any(regex.fullmatch("/".join(parts[:i])) for i in range(1, len(parts) + 1))


@lru_cache(maxsize=256)
def _compile(glob: str) -> re.Pattern[str]:
    """Translate a glob: ``**`` spans any number of segments, ``*`` and ``?`` stay in one."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if glob.startswith("**", i):
            before_ok = i == 0 or glob[i - 1] == "/"
            j = i + 2
            if before_ok and glob.startswith("/", j):
                out.append("(?:.*/)?")  # "**/": zero or more whole segments
                i = j + 1
            elif before_ok and j == n and i > 0:
                out[-1] = "(?:/.*)?" if out and out[-1] == "/" else out[-1]  # "a/**": a and below
                i = j
            else:
                out.append(".*")
                i = j
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            end = glob.find("]", i + 2 if glob.startswith("[!", i) or glob.startswith("[^", i) else i + 1)
            if end == -1:
                out.append(re.escape(c))
                i += 1
                continue
            body = glob[i + 1:end]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("(?!/)[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        elif c == "/":
            out.append("/")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))
