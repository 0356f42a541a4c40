"""Properties of check and fix over generated Markdown built from the real corpus.

Each document is a handful of fragments: line ranges sliced from ``tests/corpus/aws-notes.md``,
fenced code (``` and ~~~, closed or not, with info strings json/yaml and damaged snippets),
block quotes, list items under every marker notes use (``-``, ``*``, ``1.``, an en dash), notelint
pragmas, stray brackets and braces, and repeated paragraphs; then written with LF or CRLF line
endings, with or without a BOM. The library is driven as ``notelint check`` and
``notelint fix --unsafe-fixes`` drive it (``lint/cli.py``): ``parse`` once, ``Engine.check`` for
the report, ``fix_document`` with ``Engine.check_in_context`` for the fixes.

- check never raises, and every finding lies in the text: 1-based lines, offsets within the
  text, line and column those of its offsets, fix edits within the text;
- fix (unsafe fixes included) never raises, and a second fix of its output changes nothing;
- nothing outside the edits changes: ``FixResult.edits`` (what each pass applied), spliced into
  the original by the test's own code, gives the fixed text exactly, and every applied edit is
  an edit of a fix that a finding of the text of its pass offered;
- a BOM and the line endings are kept byte for byte.

Runs are derandomized, without an example database, so that CI sees the same examples on
every run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fixers.apply import FixResult, fix_document
from fixers.atomic import encode_text
from fixers.edit import Edit
from lint.config import Config
from lint.document import Document
from lint.engine import Engine
from lint.finding import Finding
from lint.parser import parse

CORPUS = Path(__file__).parent / "corpus" / "aws-notes.md"
LINES = CORPUS.read_text(encoding="utf-8").split("\n")
BOM = "\ufeff"

PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SNIPPETS = {
    "json": ['{"Version": "2012-10-17",', '  "Statement": [{"Effect": "Allow",}]', "}",
             "{'a': 1}", '{"a": 1 "b": 2}', '{"a": [1, 2', "[1, 2, 3]", '{"k": "v"}', "{", "]]"],
    "yaml": ["Resources:", "  Bucket:", "    Type: AWS::S3::Bucket", "    Properties: {Name: !Ref X",
             "a: 1", "a: 2", "- item", "  bad: indent", "key: [1, 2", "!!python/object/apply:os.system [x]",
             "b: &b [1, 2]", "c: *b"],
}
PRAGMAS = [
    "<!-- notelint-disable typo -->",
    "<!-- notelint-disable-next-line -->",
    "<!-- notelint-enable -->",
    "<!-- notelint-enable typo -->",
    "<!-- notelint-disable duplicate-paragraph, term-case -->",
    "<!-- notelint-disable-next-line typo -->",
]
STRAY = ["{", "}", "[", "]", "(", ")", "[link](", "{{ var }}", "**", "`", "```", "~~~", "]:",
         "Config (see below:", "Values: {a, b", "- ", "1.", "> ", "|", "| a | |", "<!--", "-->"]
MARKERS = ["-", "*", "1.", "\u2013"]


@cache
def engine() -> Engine:
    """Every rule with its defaults, as with no config file (one engine: rules load once)."""
    return Engine(Config(root=Path.cwd()))


@st.composite
def corpus_slice(draw: st.DrawFn, max_lines: int = 14) -> list[str]:
    start = draw(st.integers(0, len(LINES) - 1))
    return LINES[start:start + draw(st.integers(1, max_lines))]


@st.composite
def snippet(draw: st.DrawFn, max_lines: int = 6) -> list[str]:
    """Lines of a JSON or YAML snippet, most of them damaged."""
    return draw(st.lists(st.sampled_from(SNIPPETS[draw(st.sampled_from(sorted(SNIPPETS)))]),
                         min_size=1, max_size=max_lines))


@st.composite
def fence(draw: st.DrawFn) -> list[str]:
    marker = draw(st.sampled_from(["```", "~~~", "````"]))
    info = draw(st.sampled_from(["", "", "json", "yaml", " json", "yaml {.x}"]))
    body = draw(st.one_of(snippet(), corpus_slice(max_lines=6), st.just([]), st.just(["", "  "])))
    closing = draw(st.sampled_from([marker, marker, "```" if marker == "~~~" else "~~~", None]))
    return [marker + info, *body, *([closing] if closing is not None else [])]


@st.composite
def quote(draw: st.DrawFn) -> list[str]:
    prefix = draw(st.sampled_from(["> ", ">", "> > ", ">> "]))
    return [prefix + line for line in draw(corpus_slice(max_lines=6))]


@st.composite
def list_items(draw: st.DrawFn) -> list[str]:
    marker = draw(st.sampled_from(MARKERS))
    indent = draw(st.sampled_from(["", "", "  ", "    "]))
    return [f"{indent}{marker} {line.strip()}" for line in draw(corpus_slice(max_lines=6))]


@st.composite
def repeated(draw: st.DrawFn) -> list[str]:
    """A paragraph pasted twice: what duplicate-paragraph deletes."""
    lines = [line for line in draw(corpus_slice(max_lines=4)) if line.strip()] or ["Copied text."]
    return [*lines, "", *lines]


FRAGMENT = st.one_of(
    corpus_slice(),
    fence(),
    snippet(),  # unfenced
    quote(),
    list_items(),
    repeated(),
    st.sampled_from(PRAGMAS).map(lambda line: [line]),
    st.sampled_from(STRAY).map(lambda line: [line]),
    st.just([""]),
)


@st.composite
def markdown(draw: st.DrawFn, newline: str | None = None, bom: bool | None = None) -> str:
    lines = [line for fragment in draw(st.lists(FRAGMENT, min_size=1, max_size=8)) for line in fragment]
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))
    if newline is None:
        newline = draw(st.sampled_from(["\n", "\r\n"]))
    if bom is None:
        bom = draw(st.booleans())
    return (BOM if bom else "") + text.replace("\n", newline)


def check(doc: Document) -> list[Finding]:
    return engine().check([doc])


def fix(doc: Document) -> FixResult:
    """What ``notelint fix --unsafe-fixes`` computes for one file."""
    return fix_document(doc, lambda d: engine().check_in_context(d, [d]), unsafe=True)


def splice(text: str, edits: Sequence[Edit]) -> str:
    """The test's own edit application: ``edits`` sorted, non-overlapping, within ``text``."""
    out: list[str] = []
    cursor = 0
    previous: Edit | None = None
    for edit in edits:
        assert cursor <= edit.start <= edit.end <= len(text), (edit, cursor, len(text))
        assert previous is None or not previous.start == previous.end == edit.start == edit.end, \
            "two insertions at one point"
        out += [text[cursor:edit.start], edit.replacement]
        cursor = edit.end
        previous = edit
    return "".join(out) + text[cursor:]


def offered_edits(doc: Document) -> dict[Edit, set[str]]:
    """Every edit the fixes of the document's findings offer, with the rules offering it."""
    offered: dict[Edit, set[str]] = {}
    for f in engine().check_in_context(doc, [doc]):
        for e in f.fix.edits if f.fix is not None else ():
            offered.setdefault(e, set()).add(f.rule)
    return offered


# --- check ---------------------------------------------------------------------------------------


@PROPERTIES
@given(markdown())
def test_check_never_raises_and_every_finding_lies_in_the_text(text: str) -> None:
    doc = parse(text, "notes.md")
    assert doc.text == text  # parsed as read: BOM and line endings kept
    for f in check(doc):
        assert 0 <= f.start <= f.end <= len(text), f
        assert 1 <= f.line <= f.end_line <= len(doc.line_starts), f
        assert f.column >= 1 and f.end_column >= 1, f
        assert (f.line, f.column) == doc.position(f.start), f
        assert (f.end_line, f.end_column) == doc.position(f.end), f
        if f.fix is not None:
            assert all(e.end <= len(text) for e in f.fix.edits), f


# --- fix -----------------------------------------------------------------------------------------


# Rules whose fixes replace or remove words: a misspelling, a casing, an unused pragma, the info
# string of an empty fence. Every other fix inserts text or deletes a copy of text kept elsewhere.
REWORDING = frozenset({"typo", "typo-contraction", "typo-confusion", "term-case", "unused-suppression",
                       "empty-code-block"})
_WORD = re.compile(r"[^\W_]{2,}")


def assert_only_edits_changed(result: FixResult) -> None:
    """Replaying the applied edits pass by pass gives the fixed text; each pass's edits were
    offered by the fixes of the findings of the text the pass started from; and no pass lost a
    word, except where a fix that rewords applied."""
    assert len(result.edits) == result.passes
    text = result.original
    for edits in result.edits:
        offered = offered_edits(parse(text, result.path))
        assert set(edits) <= set(offered), "an applied edit no finding's fix offered"
        new_text = splice(text, sorted(edits))
        # A reworded word may also go with a deleted copy of its paragraph.
        reworded = {w.casefold() for e in edits if offered[e] & REWORDING
                    for w in _WORD.findall(text, e.start, e.end)}
        kept = {w.casefold() for w in _WORD.findall(new_text)} | reworded
        lost = [m for m in _WORD.finditer(text) if m.group().casefold() not in kept]
        assert not lost, f"a fix lost {[m.group() for m in lost]}: {text!r} -> {new_text!r}"
        text = new_text
    assert text == result.text


@PROPERTIES
@given(markdown())
# Found by this test with random seeds; kept so that the derandomized run checks them every time.
# Two fixes of one snippet (a brace inserted at its edge, the snippet fenced) went in one pass,
# and an unused pragma refused between two indented code blocks stayed refused after they were
# fenced (the second run removed it).
@example('      "Action": [\n<!-- notelint-disable typo -->\n\n      "Action": [\n')
# The guard refused deleting the first item of a list that has more items.
@example("- Client authenticates with Cognito and receives a token\n- The token is then passed in "
         "the subsequent requests to API gateway\n# Todo\n- Client authenticates with Cognito and "
         "receives a token\n- The token is then passed in the subsequent requests to API gateway\n")
def test_fix_never_raises_is_idempotent_and_changes_only_its_edits(text: str) -> None:
    result = fix(parse(text, "notes.md"))
    assert result.original == text
    for outcome in (*result.fixed, *result.rejected):
        assert 1 <= outcome.line <= outcome.end_line and 0 <= outcome.start <= outcome.end <= len(text)
    assert_only_edits_changed(result)
    assert unclosed_fences(result.document) <= unclosed_fences(parse(text, "notes.md")), \
        "a fix opened a fence it did not close"
    again = fix(parse(result.text, "notes.md"))
    assert again.text == result.text, "a second fix changed the text"
    assert not again.fixed


def unclosed_fences(doc: Document) -> int:
    return sum(1 for b in doc.iter_blocks("code") if b.style == "fenced" and not b.closed)


SENTENCES = sorted({line[2:].strip() for line in LINES if line.startswith("- ") and len(line.split()) > 10
                    and re.fullmatch(r"[- \w.,()']+", line)})


@settings(PROPERTIES, max_examples=30)
@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4, unique=True),
       st.sampled_from(["-", "*", "+"]))
def test_a_repeated_first_list_item_is_deleted(items: list[str], marker: str) -> None:
    """Deleting the first item of a list that has more items leaves the rest parsing as it did:
    the structure guard lets it through. (Bullet lists: two numbered lists of one file are
    parallel procedures, whose shared steps are no copies; see test_duplicate_paragraph.)"""
    once = "An item that these generated notes hold only once, never twice."
    text = "\n".join(f"{marker} {item}" for item in items) + "\n\n# Again\n\n" + \
        f"{marker} {items[0]}\n{marker} {once}\n"
    result = fix(parse(text, "notes.md"))
    assert not result.rejected, result.rejected
    assert [o.line for o in result.fixed if o.rule == "duplicate-paragraph"] == [len(items) + 4]
    assert result.text.split("\n# Again\n")[1] == f"\n{marker} {once}\n"


_BARE_LF = re.compile(r"(?<!\r)\n")
_BARE_CR = re.compile(r"\r(?!\n)")


@settings(PROPERTIES, max_examples=100)
@given(st.sampled_from(["\n", "\r\n"]).flatmap(lambda newline: st.tuples(
    st.just(newline), markdown(newline=newline, bom=True) | markdown(newline=newline))))
def test_fix_keeps_the_bom_and_the_line_endings_byte_for_byte(case: tuple[str, str]) -> None:
    newline, text = case
    result = fix(parse(text, "notes.md"))
    before, after = encode_text(text), encode_text(result.text)
    bom = b"\xef\xbb\xbf"
    assert after.startswith(bom) == before.startswith(bom)
    assert not after[len(bom):].startswith(bom) or before[len(bom):].startswith(bom), "a second BOM"
    assert result.text.count(BOM) == text.count(BOM)
    if newline == "\r\n":
        assert not _BARE_LF.search(result.text), "a fix wrote a bare LF into a CRLF file"
    else:
        assert "\r" not in result.text, "a fix wrote a CR into an LF file"
    assert not _BARE_CR.search(result.text)
    # Every line terminator of the original that no edit touched is still there, byte for byte.
    assert_only_edits_changed(result)


def test_an_item_holding_only_a_list_is_not_its_own_copy() -> None:
    # Found by the properties above: the item and its nested item have one text between them,
    # and the safe fix used to delete the only copy.
    text = "- - Network Address and a few more words here\n"
    doc = parse(text, "notes.md")
    assert not [f for f in check(doc) if f.rule == "duplicate-paragraph"]
    assert fix(doc).text == text
