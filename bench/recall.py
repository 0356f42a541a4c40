"""Measure notelint's recall on defects injected into a copy of a folder of notes.

Usage: python bench/recall.py NOTES_DIR [--seed N] [--per-kind K] [--json]

The ``*.md`` files under NOTES_DIR (recursively) are copied to a temporary directory; NOTES_DIR
is only read. notelint (``python -m lint.cli check --no-cache --no-baseline --format json``, run
from this repository) checks the untouched copy first: what it finds there was already in the
notes and is never credited. Then ``--per-kind`` defects of each kind are injected into the copy,
deterministically for a ``--seed``, at places where each is realistic (between top-level blocks,
after a lead-in sentence, in list items, in prose words), and notelint checks the copy again.

A new finding is one the first run did not report: same file, rule, original line (lines are
tracked through every insertion and deletion) and message with its numbers blanked. A defect is
found when a new finding of its expected rule lies on its injected lines, one line of slack
either side (a duplicate's source paragraph counts too, as either copy may be reported). Per
kind the bench prints injected, found and recall; for the control (valid CloudFormation YAML
with short tags, fenced and not) the false alarms (``broken-yaml`` or ``broken-json`` on it);
and the "other new findings": new findings that credit no defect and are not an accepted side
finding of one (``missing-code-language`` on a fence without a language, ``unfenced-code`` on
unfenced YAML, anything on a pasted copy, such as a typo copied with its paragraph), that is,
what the injections made notelint report besides, or old findings whose context they changed.
Duplicate findings on the bench's own lead-ins (the pools are
small, so one lead-in can be injected twice) are counted apart and not as side effects.
``--json`` prints the same data, with every defect, as JSON. Exit 0 unless notelint itself fails.

Each snippet is broken one of a few realistic ways (trailing or missing comma, unquoted key,
single quotes, lost brace; bad or tab indentation, missing colon, unclosed quote), the next way
when one cannot break it. Each injection is checked to be a real defect: broken JSON fails
``json.loads``, broken YAML fails
notelint's own loader (``lint.snippets.yaml_check.check_yaml``, ruamel.yaml, which accepts
CloudFormation tags), every control loads with it, a slip or misspelling is no word of
pyspellchecker's English list, a near duplicate differs from its source by one to three edits.

Caveats. The snippets, lead-ins and misspellings come from ``bench/recall_pools.py``, written
for this bench, and the injections are synthetic: recall on injected defects is not recall on
the defects real notes hold, and a kind's recall depends on the pools' mix of variants. notelint
runs with its default config (the copy holds no config file), whatever NOTES_DIR's config says.
A folder without the right material gets fewer injections of some kinds (no product name to
misspell, no paragraph long enough to duplicate): the tables show how many were injected.
Findings on the untouched copy are set aside, so a defect injected next to an old finding of the
same rule and message on the same original line is not credited.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from recall_pools import CASES, CFN_VALID, CURATED, EMPTY_LEADINS, JSON, LEADINS, NAMES, YAML
from spellchecker import SpellChecker

from lint.snippets.yaml_check import check_yaml

ROOT = Path(__file__).resolve().parent.parent

CONTROL = "control-cfn"
FALSE_ALARM_RULES = frozenset({"broken-yaml", "broken-json"})
DUP_RULES = frozenset({"duplicate-paragraph", "near-duplicate"})
DUP_KINDS = frozenset({"duplicate", "near-duplicate"})
KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # kind: (rules that find it, rules also accepted on it as a side finding)
    "unfenced-json": (frozenset({"unfenced-code", "broken-json"}), frozenset()),
    "broken-json": (frozenset({"broken-json"}), frozenset({"missing-code-language"})),
    "broken-yaml-fenced": (frozenset({"broken-yaml"}), frozenset()),
    "broken-yaml-unfenced": (frozenset({"broken-yaml"}), frozenset({"unfenced-code"})),
    CONTROL: (frozenset(), frozenset({"unfenced-code"})),
    "duplicate": (frozenset({"duplicate-paragraph"}), frozenset()),
    "near-duplicate": (frozenset({"near-duplicate"}), frozenset()),
    "empty-code-block": (frozenset({"empty-code-block"}), frozenset({"lost-content"})),
    "typo": (frozenset({"typo"}), frozenset()),
    "product-name-typo": (frozenset({"typo"}), frozenset({"term-case"})),
    "term-case": (frozenset({"term-case"}), frozenset({"typo"})),
    "lost-content": (frozenset({"lost-content"}), frozenset()),
}
FENCE = re.compile(r"^\s*(```|~~~)")
LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
WORD = re.compile(r"(?<![\w./:-])[A-Za-z]+(?![\w/:-]|\.\w)")
MIN_DUP_WORDS = 8


class BenchError(Exception):
    """notelint failed, or an injection was not the defect it claims to be."""


@dataclass
class Doc:
    """One copied notes file: its lines, where each came from, and which defects touch it."""

    rel: str
    lines: list[str]
    origin: list[int | None]  # 1-based line of the untouched copy; None for injected lines
    tags: list[set[tuple[int, str]]]  # (defect id, "core" | "aux" | "src")
    crlf: bool = False

    def edit(self, at: int, remove: int, new: list[str], tags: list[set[tuple[int, str]]]) -> None:
        self.lines[at:at + remove] = new
        self.origin[at:at + remove] = [None] * len(new)
        self.tags[at:at + remove] = tags

    def text(self) -> str:
        return ("\r\n" if self.crlf else "\n").join(self.lines)


@dataclass
class Defect:
    id: int
    kind: str
    variant: str
    path: str
    snippet: str = ""  # the JSON/YAML injected, for the parse checks
    start: int = 0  # 1-based line range in the injected copy, set after injection
    end: int = 0
    src: tuple[int, int] | None = None  # a duplicate's source paragraph
    leads: list[int] = field(default_factory=list)  # the injected lead-in line(s)
    extend: bool = False  # range runs to the next non-blank line (lost content)
    found: bool = False
    findings: list[str] = field(default_factory=list)


@dataclass
class Injector:
    docs: list[Doc]
    rng: random.Random
    defects: list[Defect] = field(default_factory=list)
    use: Counter[str] = field(default_factory=Counter)

    def new(self, kind: str, variant: str, doc: Doc, snippet: str = "", extend: bool = False) -> int:
        self.defects.append(Defect(len(self.defects), kind, variant, doc.rel, snippet, extend=extend))
        self.use[doc.rel] += 1
        return len(self.defects) - 1

    def pick(self, sites: Callable[[Doc], Sequence[Any]]) -> tuple[Doc, Any] | None:
        """A site in one of the least used files that have any."""
        cands = [(d, s) for d in self.docs if (s := sites(d))]
        if not cands:
            return None
        low = min(self.use[d.rel] for d, _ in cands)
        doc, found = self.rng.choice([(d, s) for d, s in cands if self.use[d.rel] <= low + 1])
        return doc, self.rng.choice(list(found))

    def insert(self, doc: Doc, gap: int, block: list[str], rid: int, core_from: int) -> None:
        """Put ``block`` and a blank line after the blank line ``gap``; lines from ``core_from`` on
        are the defect itself, the ones before it (a lead-in) and the blank after are context."""
        tags = [{(rid, "core" if i >= core_from else "aux")} for i in range(len(block))]
        doc.edit(gap + 1, 0, [*block, ""], [*tags, {(rid, "aux")}])


# ---------------------------------------------------------------- structure of a note


def line_kinds(doc: Doc) -> list[str]:
    """Per line: code (fence or front matter), html, blank, head, table or text."""
    kinds: list[str] = []
    fence: str | None = None
    html = front = False
    for i, line in enumerate(doc.lines):
        s = line.strip()
        m = FENCE.match(line)
        if i == 0 and s == "---":
            front = True
        if front:
            kinds.append("code")
            front = not (i > 0 and s in ("---", "..."))
        elif fence:
            kinds.append("code")
            fence = None if m and m.group(1) == fence else fence
        elif m:
            fence = m.group(1)
            kinds.append("code")
        elif html or s.startswith(("<details", "<p>", "<div")):
            kinds.append("html")
            html = not s.startswith(("</details", "</p>", "</div")) and not s.endswith(("</p>", "</div>"))
        else:
            kinds.append(_prose_kind(s))
    return kinds


def _prose_kind(s: str) -> str:
    if not s:
        return "blank"
    if s.startswith("#"):
        return "head"
    if s.startswith("|"):
        return "table"
    return "html" if s.startswith("<") else "text"


def free(doc: Doc, i: int) -> bool:
    return not doc.tags[i]


def next_nonblank(doc: Doc, i: int) -> int:
    j = i + 1
    while j < len(doc.lines) and not doc.lines[j].strip():
        j += 1
    return j


def gaps(doc: Doc, want_next: str | None = None) -> list[int]:
    """Blank lines between two untouched top-level blocks, where a new top-level block fits."""
    kinds, lines = line_kinds(doc), doc.lines
    out = []
    for i in range(1, len(lines)):
        if kinds[i] != "blank" or kinds[i - 1] in ("blank", "html", "code") or not free(doc, i - 1):
            continue
        if not free(doc, i) or lines[i - 1].rstrip().endswith(":"):
            continue
        j = next_nonblank(doc, i)
        if j >= len(lines):
            if want_next is None:
                out.append(i)
            continue
        if lines[j][:1] in (" ", "\t") or kinds[j] in ("html", "code") or not free(doc, j):
            continue
        if want_next is None or (kinds[j] == want_next and not LIST.match(lines[j])):
            out.append(i)
    return out


def fenced_blocks(doc: Doc) -> list[tuple[int, int]]:
    """Untouched fenced blocks with content, as (opening line, closing line)."""
    lines, out, i = doc.lines, [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip() != m.group(1):
            j += 1
        if j >= len(lines):
            break
        if all(free(doc, x) for x in range(i, j + 1)) and any(s.strip() for s in lines[i + 1:j]):
            out.append((i, j))
        i = j + 1
    return out


def units(doc: Doc, min_words: int) -> list[tuple[int, int]]:
    """Untouched paragraphs at column 0 and single-line top-level list items, of enough words."""
    kinds, lines, out, i = line_kinds(doc), doc.lines, [], 0
    while i < len(lines):
        if kinds[i] != "text" or lines[i][:1] in (" ", "\t") or not free(doc, i):
            i += 1
            continue
        j = i
        if not LIST.match(lines[i]):
            while j + 1 < len(lines) and kinds[j + 1] == "text" and not LIST.match(lines[j + 1]):
                j += 1
        before_ok = i == 0 or kinds[i - 1] in ("blank", "head")
        after_ok = j + 1 >= len(lines) or kinds[j + 1] in ("blank", "head")
        text = " ".join(lines[i:j + 1])
        plain = "http" not in text and "![" not in text and "`" not in text and "|" not in text
        words = len(re.findall(r"[A-Za-z0-9']+", text))
        untouched = all(free(doc, x) for x in range(i, j + 1))
        if before_ok and after_ok and plain and words >= min_words and untouched:
            out.append((i, j))
        i = j + 1
    return out


def prose_words(doc: Doc) -> list[tuple[int, int, int, str]]:
    """(line, start, end, word) of words in untouched prose, outside code, links and markup."""
    kinds = line_kinds(doc)
    out: list[tuple[int, int, int, str]] = []
    for i, line in enumerate(doc.lines):
        if kinds[i] not in ("text", "head", "table") or not free(doc, i) or line[:4] == "    ":
            continue
        if re.match(r"^\s*(\$|sudo |aws |kubectl |docker |terraform )", line) or \
                re.search(r"[{}=]|--|::", line):
            continue
        masked = line
        for pattern in (r"`[^`]*`", r"\]\([^)]*\)", r"\S*(https?://|www\.)\S*", r"<[^>]*>"):
            masked = re.sub(pattern, lambda m: " " * len(m.group(0)), masked)
        out.extend((i, m.start(), m.end(), m.group(0)) for m in WORD.finditer(masked))
    return out


# ---------------------------------------------------------------- breaking snippets


def json_ok(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def yaml_ok(text: str) -> bool:
    return check_yaml(text).ok


JSON_BREAKS = ["trailing-comma", "missing-comma", "unquoted-key", "single-quotes", "missing-brace"]
YAML_BREAKS = ["bad-indent", "tab-indent", "missing-colon", "unclosed-quote"]


def break_json(rng: random.Random, text: str, how: str) -> str:
    """``text`` with one realistic slip that ``json.loads`` rejects."""
    edits: dict[str, tuple[Callable[[str, str], bool], Callable[[str], str]]] = {
        "trailing-comma": (lambda s, nxt: s.rstrip()[-1:] not in "{[," and nxt.strip()[:1] in "}]",
                           lambda s: s.rstrip() + ","),
        "missing-comma": (lambda s, nxt: s.rstrip().endswith(","), lambda s: s.rstrip()[:-1]),
        "unquoted-key": (lambda s, nxt: bool(re.match(r'^\s*"[A-Za-z_-]+":', s)),
                         lambda s: re.sub(r'^(\s*)"([A-Za-z_-]+)":', r"\1\2:", s)),
        "single-quotes": (lambda s, nxt: bool(re.search(r'"[^"\\]+"', s)),
                          lambda s: re.sub(r'"([^"\\]*)"', r"'\1'", s)),
        "missing-brace": (lambda s, nxt: s.strip() in ("}", "},"), lambda s: "\0"),
    }
    lines = text.split("\n")
    where, change = edits[how]
    idx = [i for i in range(len(lines) - 1) if where(lines[i], lines[i + 1])]
    for i in rng.sample(idx, len(idx)):
        broken = "\n".join(x for x in [*lines[:i], change(lines[i]), *lines[i + 1:]] if x != "\0")
        if not json_ok(broken):
            return broken
    raise BenchError(f"could not break JSON with {how}")


def break_snippet(breaker: Callable[[random.Random, str, str], str], rng: random.Random, text: str,
                  ways: list[str], first: int) -> tuple[str, str]:
    """``text`` broken the ``first`` way of ``ways``, or the next one that works on it."""
    for n in range(len(ways)):
        how = ways[(first + n) % len(ways)]
        try:
            return breaker(rng, text, how), how
        except BenchError:
            continue
    raise BenchError(f"could not break {text[:40]!r}")


def break_yaml(rng: random.Random, text: str, how: str) -> str:
    """``text`` with one realistic slip that notelint's YAML loader rejects."""
    lines = text.split("\n")
    nested = [i for i in range(1, len(lines)) if lines[i].startswith("  ") and ":" in lines[i]]
    keyed = [i for i, s in enumerate(lines) if re.match(r"^\s*(- )?[A-Za-z_][\w.-]*: \S", s)]
    scalar = [i for i, s in enumerate(lines) if re.search(r': ("[^"]+"|[\w./-]+)\s*$', s)]
    sites = {"bad-indent": nested, "tab-indent": nested, "missing-colon": keyed, "unclosed-quote": scalar}
    if not sites[how]:
        raise BenchError(f"nowhere to break YAML with {how}")
    for _ in range(200):
        out = lines[:]
        if how in ("bad-indent", "tab-indent"):
            i = rng.choice(nested)
            body, cur = out[i].lstrip(), len(out[i]) - len(out[i].lstrip())
            shift = " " * max(0, cur + rng.choice([-1, 1, 2, -2]))
            out[i] = (shift if how == "bad-indent" else "\t" * max(1, cur // 4)) + body
        elif how == "missing-colon":
            i = rng.choice(keyed)
            out[i] = re.sub(r"^(\s*(?:- )?[A-Za-z_][\w.-]*): ", r"\1 ", out[i], count=1)
        else:
            i = rng.choice(scalar)
            out[i] = out[i].rstrip()[:-1] if out[i].rstrip().endswith('"') else \
                re.sub(r": ([\w./-]+)\s*$", r': "\1', out[i])
        if not yaml_ok("\n".join(out)):
            return "\n".join(out)
    raise BenchError(f"could not break YAML with {how}")


def shaped(lead: str, body: list[str], style: str) -> tuple[list[str], int]:
    """A lead-in and an unfenced snippet in one of the shapes notes give them; the snippet's
    first line index."""
    if style == "list-item":
        return [f"- {lead}", "", *[f"  {s}" if s.strip() else "" for s in body]], 2
    if style == "indented-code":
        return [lead, "", *[f"    {s}" if s.strip() else "" for s in body]], 2
    return [lead, "", *body], 2


# ---------------------------------------------------------------- the kinds


def inject_snippets(inj: Injector, k: int) -> None:
    for n in range(k):
        lead, text = JSON[n % len(JSON)]
        style = ["bare", "list-item", "indented-code"][n % 3]
        _put(inj, "unfenced-json", style, lead, text.split("\n"), text, style)
    for n in range(k):
        lead, text = JSON[(n * 7 + 3) % len(JSON)]
        lang = "json" if n % 4 != 3 else ""
        broken, how = break_snippet(break_json, inj.rng, text, JSON_BREAKS, n)
        _put(inj, "broken-json", f"{how}, fence {lang or 'without language'}", lead,
             [f"```{lang}", *broken.split("\n"), "```"], broken, "fenced")
    for n in range(k):
        lead, text = YAML[n % len(YAML)]
        lang = "yml" if n % 5 == 4 else "yaml"
        broken, how = break_snippet(break_yaml, inj.rng, text, YAML_BREAKS, n)
        _put(inj, "broken-yaml-fenced", f"{how}, ```{lang}", lead, [f"```{lang}", *broken.split("\n"), "```"],
             broken, "fenced")
    for n in range(k):
        lead, text = YAML[(n * 5 + 2) % len(YAML)]
        style = ["bare", "indented-code", "list-item"][n % 3]
        broken, how = break_snippet(break_yaml, inj.rng, text, YAML_BREAKS, n)
        _put(inj, "broken-yaml-unfenced", f"{how}, {style}", lead, broken.split("\n"), broken, style)
    for n in range(k):
        lead, text = CFN_VALID[n % len(CFN_VALID)]
        style = ["bare", "fenced", "indented-code", "list-item"][n % 4]
        body = ["```yaml", *text.split("\n"), "```"] if style == "fenced" else text.split("\n")
        _put(inj, CONTROL, style, lead, body, text, style)


def _put(inj: Injector, kind: str, variant: str, lead: str, body: list[str], snippet: str,
         style: str) -> None:
    site = inj.pick(gaps)
    if site is None:
        return
    doc, gap = site
    block, core = ([lead, "", *body], 2) if style == "fenced" else shaped(lead, body, style)
    inj.insert(doc, gap, block, inj.new(kind, variant, doc, snippet), core)


def inject_empty(inj: Injector, k: int) -> None:
    shapes = [["```bash", "```"], ["```", "", "```"], ["```yaml", "```"], ["```json", "```"], ["~~~", "~~~"]]
    for n in range(k):
        if n % 3 == 2:  # an existing block loses its content
            site = inj.pick(fenced_blocks)
            if site is not None:
                doc, (i, j) = site
                rid = inj.new("empty-code-block", "emptied existing block", doc)
                doc.edit(i, j - i + 1, [doc.lines[i], doc.lines[j]], [{(rid, "core")}, {(rid, "core")}])
                continue
        site = inj.pick(gaps)
        if site is None:
            return
        doc, gap = site
        fence, lead = shapes[n % len(shapes)], EMPTY_LEADINS[n % len(EMPTY_LEADINS)]
        in_list = n % 4 == 3
        block = [f"- {lead}", "", *[f"  {s}" if s else "" for s in fence]] if in_list else [lead, "", *fence]
        rid = inj.new("empty-code-block", ("list item, " if in_list else "") + fence[0], doc)
        inj.insert(doc, gap, block, rid, 2)


def lost_sites(doc: Doc) -> list[tuple[int, int, int]]:
    """(lead-in, fence open, fence close) of untouched fenced blocks right after a lead-in ':'."""
    out = []
    for i, j in fenced_blocks(doc):
        p = i - 1
        while p >= 0 and not doc.lines[p].strip():
            p -= 1
        lead = doc.lines[p] if p >= 0 else ""
        if p >= 0 and i - p <= 2 and lead.rstrip().endswith(":") and not lead.lstrip().startswith("#") \
                and free(doc, p):
            out.append((p, i, j))
    return out


def inject_lost(inj: Injector, k: int) -> None:
    for n in range(k):
        site = inj.pick(lost_sites) if n % 2 == 0 else None
        if site is not None:  # the code block after a lead-in is deleted
            doc, (p, i, j) = site
            collapse = n % 4 == 0
            rid = inj.new("lost-content", "block removed" + (", gap collapsed" if collapse else ""), doc,
                          extend=True)
            doc.tags[p].add((rid, "core"))
            end = j + 2 if collapse and j + 1 < len(doc.lines) and not doc.lines[j + 1].strip() else j + 1
            doc.edit(i, end - i, [], [])
            continue
        want = "head" if n % 3 != 1 else "text"
        site = inj.pick(lambda d, w=want: gaps(d, w))  # type: ignore[misc]
        if site is None:
            continue
        doc, gap = site
        lead, blanks = LEADINS[n % len(LEADINS)], 2 if n % 4 != 3 else 1
        rid = inj.new("lost-content", f"lead-in before {want}, {blanks} blank line(s)", doc, extend=True)
        doc.edit(gap + 1, 0, [lead, *[""] * blanks], [{(rid, "core")}, *[{(rid, "aux")}] * blanks])


def near_edit(rng: random.Random, lines: list[str], edits: int) -> tuple[list[str], str]:
    """``lines`` with ``edits`` words dropped or swapped with their neighbour (no new words)."""
    out = lines[:]
    done = []
    for _ in range(edits):
        toks = [(li, m) for li, s in enumerate(out) for m in re.finditer(r"[A-Za-z]+", s)
                if m.start() >= _marker(s)]
        li, m = toks[rng.randrange(1, len(toks) - 1)]
        s = out[li]
        nxt = re.compile(r"\s+([A-Za-z]+)").match(s, m.end())
        if rng.random() < 0.5 and nxt:
            out[li] = s[:m.start()] + nxt.group(1) + " " + m.group(0) + s[nxt.end():]
            done.append(f"swap {m.group(0)}/{nxt.group(1)}")
        else:
            rest = s[m.end():].lstrip(" ")
            out[li] = s[:m.start()] + rest if rest else s[:m.start()].rstrip()
            done.append(f"drop {m.group(0)}")
    return out, ", ".join(done)


def _marker(line: str) -> int:
    m = LIST.match(line)
    return len(m.group(0)) if m else 0


def inject_duplicates(inj: Injector, k: int) -> None:
    for kind, min_words in (("duplicate", MIN_DUP_WORDS), ("near-duplicate", 12)):
        for n in range(k):
            site = inj.pick(lambda d, w=min_words: dup_sites(d, w))  # type: ignore[misc]
            if site is None:
                break
            doc, (i, j) = site
            lines, variant = doc.lines[i:j + 1], "exact copy"
            if kind == "near-duplicate":
                lines, variant = near_edit(inj.rng, lines, 1 + n % 3)
                if lines == doc.lines[i:j + 1]:
                    continue
            rid = inj.new(kind, variant, doc)
            for x in range(i, j + 1):
                doc.tags[x].add((rid, "src"))
            inj.insert(doc, inj.rng.choice(_after(doc, (i, j))), lines, rid, 0)


def dup_sites(doc: Doc, min_words: int) -> list[tuple[int, int]]:
    """Paragraphs with a gap after them to paste a copy into."""
    last = max(gaps(doc), default=-1)
    return [u for u in units(doc, min_words) if u[1] + 1 < last]


def _after(doc: Doc, unit: tuple[int, int]) -> list[int]:
    return [g for g in gaps(doc) if g > unit[1] + 1]


def mutate(rng: random.Random, spell: SpellChecker, word: str) -> str | None:
    """A keyboard slip in ``word`` (swap, drop, double, neighbour key) that is no English word."""
    rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
    for _ in range(50):
        p = rng.randrange(1, len(word) - 1)
        op = rng.choice(["swap", "drop", "double", "sub"])
        row = next((r for r in rows if word[p].lower() in r), "")
        near = [row[x] for x in (row.find(word[p].lower()) - 1, row.find(word[p].lower()) + 1)
                if row and 0 <= x < len(row)]
        new = {"swap": word[:p] + word[p + 1:p + 2] + word[p] + word[p + 2:], "drop": word[:p] + word[p + 1:],
               "double": word[:p] + word[p] + word[p:],
               "sub": word[:p] + (rng.choice(near) if near else word[p]) + word[p + 1:]}[op]
        if new.lower() != word.lower() and new.lower() not in spell:
            return new
    return None


def inject_words(inj: Injector, k: int) -> None:
    spell = SpellChecker()
    pairs = dict(CURATED)
    for n in range(k):
        if n % 2 == 0:
            site = inj.pick(lambda d: [t for t in prose_words(d) if len(t[3]) >= 4 and t[3][1:].islower()
                                       and t[3].lower() in spell])
            new = mutate(inj.rng, spell, site[1][3]) if site else None
            variant = "keyboard slip"
        else:
            site = inj.pick(lambda d: [t for t in prose_words(d) if t[3].lower() in pairs])
            new = _cased(pairs[site[1][3].lower()], site[1][3]) if site else None
            variant = "common misspelling"
        if site and new and new.lower() not in spell:
            _replace(inj, "typo", variant, site, new)
    for kind, pool in (("product-name-typo", NAMES), ("term-case", CASES)):
        names = dict(pool)
        for _ in range(k):
            site = inj.pick(lambda d, m=names: [t for t in prose_words(d) if t[3] in m])  # type: ignore[misc]
            if site is None:
                break
            _replace(inj, kind, f"{site[1][3]} -> {names[site[1][3]]}", site, names[site[1][3]])


def _cased(bad: str, like: str) -> str:
    return bad.capitalize() if like[:1].isupper() else bad


def _replace(inj: Injector, kind: str, variant: str, site: tuple[Doc, Any], new: str) -> None:
    doc, (i, s, e, old) = site
    rid = inj.new(kind, f"{variant}: {old} -> {new}", doc)
    doc.lines[i] = doc.lines[i][:s] + new + doc.lines[i][e:]
    doc.tags[i].add((rid, "core"))


def inject(docs: list[Doc], seed: int, per_kind: int) -> list[Defect]:
    """Inject ``per_kind`` defects of each kind into ``docs`` (in place); set each one's range."""
    inj = Injector(docs, random.Random(seed))
    inject_snippets(inj, per_kind)
    inject_empty(inj, per_kind)
    inject_lost(inj, per_kind)
    inject_duplicates(inj, per_kind)
    inject_words(inj, per_kind)
    by_path = {d.rel: d for d in docs}
    for defect in inj.defects:
        locate(by_path[defect.path], defect)
    return inj.defects


def locate(doc: Doc, defect: Defect) -> None:
    core = [i + 1 for i, t in enumerate(doc.tags) if (defect.id, "core") in t]
    if not core:
        raise BenchError(f"defect {defect.id} ({defect.kind}) has no lines left")
    defect.start, defect.end = min(core), max(core)
    if defect.extend:
        defect.end = min(next_nonblank(doc, defect.end - 1) + 1, len(doc.lines))
    defect.leads = [i + 1 for i, t in enumerate(doc.tags) if (defect.id, "aux") in t and doc.lines[i].strip()]
    src = [i + 1 for i, t in enumerate(doc.tags) if (defect.id, "src") in t]
    defect.src = (min(src), max(src)) if src else None


def verify(defects: list[Defect]) -> None:
    """Every broken snippet really fails to parse; every control really loads."""
    for d in defects:
        bad = (d.kind == "broken-json" and json_ok(d.snippet)) or \
            (d.kind.startswith("broken-yaml") and yaml_ok(d.snippet)) or \
            (d.kind == CONTROL and not yaml_ok(d.snippet)) or \
            (d.kind == "unfenced-json" and not json_ok(d.snippet))
        if bad:
            raise BenchError(f"injection {d.id} ({d.kind}, {d.variant}) is not what it claims to be")


# ---------------------------------------------------------------- files and notelint


def copy_notes(notes_dir: Path, dest: Path) -> list[Doc]:
    """Copy the ``*.md`` files under ``notes_dir`` into ``dest``; the UTF-8 ones become Docs."""
    docs = []
    for path in sorted(p for p in notes_dir.rglob("*.md") if p.is_file()):
        rel = path.relative_to(notes_dir).as_posix()
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        lines = text.replace("\r\n", "\n").split("\n")
        docs.append(Doc(rel, lines, list(range(1, len(lines) + 1)), [set() for _ in lines], "\r\n" in text))
    (dest / ".notelint.toml").write_text("")  # the defaults: stop config discovery here
    return docs


def run_notelint(dest: Path) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "lint.cli", "check", "--no-cache", "--no-baseline", "--format", "json",
           str(dest)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise BenchError(f"notelint exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    findings: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    for f in findings:
        f["rel"] = Path(f["path"]).resolve().relative_to(dest.resolve()).as_posix()
    return findings


def key(rel: str, line: int | None, f: dict[str, Any]) -> tuple[str, int | None, str, str]:
    return rel, line, f["rule"], re.sub(r"\d+", "#", f["message"])


def new_findings(before: list[dict[str, Any]], after: list[dict[str, Any]],
                 docs: list[Doc]) -> list[dict[str, Any]]:
    """Findings of ``after`` that ``before`` did not have, lines mapped back through the edits."""
    old = Counter(key(f["rel"], f["line"], f) for f in before)
    origin = {d.rel: d.origin for d in docs}
    out = []
    for f in after:
        lines = origin.get(f["rel"])
        line = lines[f["line"] - 1] if lines and 0 < f["line"] <= len(lines) else f["line"]
        k = key(f["rel"], line, f)
        if old[k] > 0:
            old[k] -= 1
        else:
            out.append(f)
    return out


# ---------------------------------------------------------------- matching and report


def near(f: dict[str, Any], path: str, span: tuple[int, int] | None) -> bool:
    return span is not None and f["rel"] == path and span[0] - 1 <= f["line"] <= span[1] + 1


def match(defects: list[Defect], findings: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Credit defects with new findings; return the new findings no defect explains, and the
    number of duplicate findings on lead-ins (the pools are small: one lead-in can be injected
    twice, and notelint rightly reports the repeat)."""
    explained: set[int] = set()
    leads = {(d.path, n) for d in defects for n in d.leads}
    repeats = {i for i, f in enumerate(findings) if (f["rel"], f["line"]) in leads and f["rule"] in DUP_RULES}
    for d in defects:
        expect, accepted = KINDS[d.kind]
        for i, f in enumerate(findings):
            on = near(f, d.path, (d.start, d.end)) or (bool(expect) and near(f, d.path, d.src))
            if not on:
                continue
            rule = f["rule"]
            if rule in expect or (d.kind == CONTROL and rule in FALSE_ALARM_RULES):
                d.findings.append(f"{f['line']}: {rule} {f['message'][:100]}")
                d.found = True
                explained.add(i)
            elif rule in accepted or (d.kind in DUP_KINDS and near(f, d.path, (d.start, d.end))):
                explained.add(i)  # a side finding it may have, or one copied with the paragraph
    return [f for i, f in enumerate(findings) if i not in explained | repeats], len(repeats - explained)


@dataclass
class Result:
    notes_dir: str
    seed: int
    per_kind: int
    files: int
    seconds: float
    kinds: list[dict[str, Any]]
    control: dict[str, int]
    other_new_findings: dict[str, int]
    lead_in_repeats: int
    other_examples: list[str]
    defects: list[dict[str, Any]]


def summarise(notes_dir: Path, seed: int, per_kind: int, files: int, seconds: float,
              defects: list[Defect], other: list[dict[str, Any]], repeats: int) -> Result:
    rows = []
    for kind, (expect, _) in KINDS.items():
        mine = [d for d in defects if d.kind == kind]
        if kind == CONTROL:
            continue
        found = sum(d.found for d in mine)
        rows.append({"kind": kind, "expected": "/".join(sorted(expect)), "injected": len(mine),
                     "found": found, "recall": round(found / len(mine), 3) if mine else None})
    controls = [d for d in defects if d.kind == CONTROL]
    by_rule = Counter(f["rule"] for f in other)
    examples = [f"{f['rel']}:{f['line']}: {f['rule']} {f['message'][:90]}" for f in other[:10]]
    return Result(str(notes_dir), seed, per_kind, files, round(seconds, 2), rows,
                  {"injected": len(controls), "false_alarms": sum(d.found for d in controls)},
                  dict(sorted(by_rule.items())), repeats, examples, [asdict(d) for d in defects])


def markdown(r: Result) -> str:
    out = [f"Recall on `{r.notes_dir}` ({r.files} files, seed {r.seed}, {r.per_kind} per kind, "
           f"{r.seconds:.1f} s)", "", "| kind | expected rule | injected | found | recall |",
           "|---|---|---:|---:|---:|"]
    for row in r.kinds:
        rec = "n/a" if row["recall"] is None else f"{100 * row['recall']:.0f}%"
        out.append(f"| {row['kind']} | {row['expected']} | {row['injected']} | {row['found']} | {rec} |")
    out += ["", f"Control (valid CloudFormation YAML with short tags): {r.control['injected']} injected, "
            f"{r.control['false_alarms']} false alarms (broken-yaml or broken-json on them).", ""]
    total = sum(r.other_new_findings.values())
    rules = ", ".join(f"{k} {v}" for k, v in r.other_new_findings.items()) or "none"
    out.append(f"Other new findings (match no injected defect): {total} ({rules})")
    out += [f"- {e}" for e in r.other_examples]
    out += ["", f"Not counted: {r.lead_in_repeats} duplicate findings on lead-ins the bench injected twice."]
    return "\n".join(out)


def run(notes_dir: Path, seed: int = 0, per_kind: int = 10, workdir: Path | None = None) -> Result:
    """The whole bench; ``workdir`` (kept) instead of a temporary directory, for inspection."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="notelint-recall-") as tmp:
        dest = workdir or Path(tmp)
        docs = copy_notes(notes_dir, dest)
        before = run_notelint(dest)
        defects = inject(docs, seed, per_kind)
        verify(defects)
        for doc in docs:
            (dest / doc.rel).write_bytes(doc.text().encode("utf-8"))
        other, repeats = match(defects, new_findings(before, run_notelint(dest), docs))
    seconds = time.perf_counter() - started
    return summarise(notes_dir, seed, per_kind, len(docs), seconds, defects, other, repeats)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("notes_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.notes_dir.is_dir():
        parser.error(f"{args.notes_dir} is not a directory")
    result = run(args.notes_dir, args.seed, args.per_kind)
    print(json.dumps(asdict(result), indent=1) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
