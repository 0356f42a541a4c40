"""The baseline: findings accepted as they are, so that only new ones are reported.

``.notelint-baseline.json`` lists entries of (rule, path, hash, count). The hash is of the
finding's ``fingerprint`` (the content it is about: the misspelled word, the duplicated
paragraph, the broken snippet) normalised: Unicode NFC, case-folded, whitespace collapsed. No
line or column is stored, so inserting text above a finding or moving it within its file keeps
it matched. ``count`` is how many identical findings the entry stands for: a second copy of a
baselined typo in the same file is a new finding.

Paths are POSIX paths relative to the baseline file's directory, so the folder can move.

Matching, in two rounds over the findings of a run:

1. by rule, path and hash, each entry absorbing up to ``count`` findings;
2. what is left, by rule and hash alone against entries still unused in round 1: text moved to
   another file (a paragraph moved into another topic) stays matched, while a new copy next to
   an old one that is still there is reported.

Entries that absorb nothing are *stale* (the problem was fixed, or its text changed). Stale
entries are reported on stderr, not as failures: fixing a problem must never fail CI. An entry
only counts as stale when its rule ran and its file was among the checked ones, so a
pre-commit run over a few files or a ``--select`` run does not call the rest stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fixers.atomic import write_atomic
from lint.finding import Finding

BASELINE_NAME = ".notelint-baseline.json"
VERSION = 1
HASH_LENGTH = 16
EXCERPT_LENGTH = 80

Key = tuple[str, str, str]  # rule, path (relative to the baseline's directory), hash


class BaselineError(Exception):
    """An unreadable or malformed baseline file; the message is one line naming the file."""


def normalise(fingerprint: str) -> str:
    """The fingerprint as it is hashed: NFC, case-folded, runs of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", fingerprint).casefold().split())


def content_hash(fingerprint: str) -> str:
    return hashlib.sha256(normalise(fingerprint).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def relative_to(directory: Path) -> Callable[[str], str]:
    """Map a finding's path (as shown, relative to the working directory) to a baseline path."""
    base = os.path.realpath(directory)

    def convert(path: str) -> str:
        return Path(os.path.relpath(os.path.realpath(path), base)).as_posix()

    return convert


@dataclass(frozen=True)
class Stale:
    rule: str
    path: str
    excerpt: str
    count: int  # occurrences no longer found


@dataclass
class Baseline:
    directory: Path  # paths in ``counts`` are relative to it
    counts: Counter[Key] = field(default_factory=Counter)
    excerpts: dict[Key, str] = field(default_factory=dict)

    # -- building and saving -----------------------------------------------------------------

    @classmethod
    def from_findings(cls, findings: Iterable[Finding], directory: Path,
                      path_of: Callable[[str], str] | None = None) -> Baseline:
        """A baseline holding ``findings``; ``path_of`` maps a finding's path to a baseline path
        (default: the path as shown, made relative to ``directory``)."""
        convert = path_of or relative_to(directory)
        baseline = cls(directory=directory)
        for finding in findings:
            key = (finding.rule, convert(finding.path), content_hash(finding.fingerprint))
            baseline.counts[key] += 1
            baseline.excerpts.setdefault(key, _excerpt(finding.fingerprint))
        return baseline

    def to_json(self) -> dict[str, Any]:
        entries = [
            {"rule": rule, "path": path, "hash": digest, "count": count,
             "excerpt": self.excerpts.get((rule, path, digest), "")}
            for (rule, path, digest), count in sorted(self.counts.items())
        ]
        return {
            "notelint_baseline": VERSION,
            "about": "Findings accepted as they are: not reported by `notelint check`, new ones "
                     "are. Matched by rule, path and a hash of the normalised content, not by line. "
                     "Regenerate with `notelint check --write-baseline FILE`.",
            "entries": entries,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    def save(self, file: Path) -> None:
        write_atomic(file, self.dumps().encode("utf-8"))

    def __len__(self) -> int:
        return sum(self.counts.values())

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, file: Path) -> Baseline:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{file}: baseline file not found (create it with "
                                f"`notelint check --write-baseline {file}`)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{file}: cannot read baseline: {exc}") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{file}: invalid baseline JSON: {exc}") from None
        return cls.from_json(data, file)

    @classmethod
    def from_json(cls, data: Any, file: Path) -> Baseline:
        if not isinstance(data, dict) or data.get("notelint_baseline") != VERSION:
            raise BaselineError(f"{file}: not a notelint baseline (version {VERSION})")
        entries = data.get("entries")
        if not isinstance(entries, list):
            raise BaselineError(f"{file}: 'entries' must be a list")
        baseline = cls(directory=Path(os.path.abspath(file)).parent)
        for i, entry in enumerate(entries):
            ok = (isinstance(entry, dict)
                  and all(isinstance(entry.get(k), str) for k in ("rule", "path", "hash"))
                  and isinstance(entry.get("count", 1), int) and not isinstance(entry.get("count"), bool)
                  and entry.get("count", 1) >= 1)
            if not ok:
                raise BaselineError(f"{file}: entries[{i}]: expected rule, path, hash (strings) "
                                    f"and count (a positive integer)")
            key = (entry["rule"], entry["path"], entry["hash"])
            baseline.counts[key] += entry.get("count", 1)
            baseline.excerpts.setdefault(key, str(entry.get("excerpt", "")))
        return baseline

    # -- matching ------------------------------------------------------------------------------

    def filter(self, findings: Sequence[Finding], checked_paths: Iterable[str],
               rule_ids: Iterable[str], path_of: Callable[[str], str] | None = None,
               ) -> tuple[list[Finding], list[Stale]]:
        """The findings not in the baseline, and the entries that matched nothing.

        ``checked_paths`` are the paths of the documents of the run (as findings show them) and
        ``rule_ids`` the rules that ran: only entries for both can be stale.
        """
        convert = path_of or relative_to(self.directory)
        left = Counter(self.counts)
        keys = [(f.rule, convert(f.path), content_hash(f.fingerprint)) for f in findings]
        matched = [False] * len(findings)
        for i, key in enumerate(keys):  # round 1: rule, path and hash
            if left[key] > 0:
                left[key] -= 1
                matched[i] = True
        moved: dict[tuple[str, str], list[Key]] = {}
        for key, count in left.items():
            if count > 0:
                moved.setdefault((key[0], key[2]), []).append(key)
        for i, (rule, _path, digest) in enumerate(keys):  # round 2: moved to another file
            if matched[i]:
                continue
            for key in moved.get((rule, digest), ()):
                if left[key] > 0:
                    left[key] -= 1
                    matched[i] = True
                    break
        kept = [f for f, m in zip(findings, matched, strict=True) if not m]
        checked = {convert(p) for p in checked_paths}
        ran = set(rule_ids)
        stale = [Stale(rule, path, self.excerpts.get((rule, path, digest), ""), count)
                 for (rule, path, digest), count in sorted(left.items())
                 if count > 0 and path in checked and rule in ran]
        return kept, stale


def _excerpt(fingerprint: str) -> str:
    text = " ".join(fingerprint.split())
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH - 1] + "…"
