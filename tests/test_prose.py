"""Prose tokenisation: which words a reader reads, and their exact offsets in the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import prose
from lint.parser import parse
from lint.prose import (
    adjacent,
    apostrophe,
    classify,
    prose_blocks,
    prose_index,
    prose_tokens,
    prose_words,
    starts_sentence,
)

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "aws-notes.md"


def words(text: str) -> list[str]:
    return [w.text for w in prose_words(parse(text))]


def test_words_of_paragraphs_headings_and_tables() -> None:
    text = "# Heading word\n\nA paragraph here.\n\n| Cell one | Cell two |\n| --- | --- |\n| alpha | beta |\n"
    assert words(text) == ["Heading", "word", "A", "paragraph", "here", "Cell", "one", "Cell", "two",
                           "alpha", "beta"]


def test_code_blocks_and_html_blocks_are_not_prose() -> None:
    text = "```\nfenced words\n```\n\n    indented words\n\n<div>\nhtml words\n</div>\n\nprose\n"
    assert words(text) == ["prose"]


@pytest.mark.parametrize("text, hidden", [
    ("before `code span` after", "code"),
    ("before ``code ` span`` after", "span"),
    ("see https://example.com/hidden now", "hidden"),
    ("see <https://example.com/hidden> now", "hidden"),
    ("see www.example.com/hidden now", "hidden"),
    ("mail hidden@example.com now", "hidden"),
    ("mail <hidden@example.com> now", "hidden"),
    ("the arn:aws:s3:::hidden-bucket now", "hidden"),
    ("the path /var/hidden/file now", "hidden"),
    ("the path ~/hidden now", "hidden"),
    ("the path ./hidden now", "hidden"),
    ("the path src/hidden.py now", "hidden"),
    ("the path C:\\Users\\hidden now", "hidden"),
    ("a [link](https://example.com/hidden \"hidden title\") now", "hidden"),
    ("a [link][hidden] now", "hidden"),
    ("an ![image](hidden.png) now", "hidden"),
    ("some <span class=\"hidden\">inline</span> html", "hidden"),
    ("a comment <!-- hidden --> here", "hidden"),
    ("a variable $hidden here", "hidden"),
])
def test_non_prose_spans_are_skipped(text: str, hidden: str) -> None:
    found = words(text)
    assert hidden not in found
    assert found[0] in ("before", "see", "mail", "the", "a", "an", "some")  # the prose around stays


def test_code_pasted_without_a_fence_that_unfenced_code_reports_is_not_prose() -> None:
    """A docker-compose file pasted as a paragraph: its words are no prose for the spelling
    rules (``redis`` is no miscased Redis there), and the sentence before it still is."""
    text = ("Compose the services:\n\n"
            "services:\n  web:\n    image: \"nginx:latest\"\n    depends_on:\n      - redis\n"
            "  redis:\n    image: \"redis:alpine\"\n")
    assert words(text) == ["Compose", "the", "services"]
    prose = "Redis keeps the counter while the web tier scales out to meet the load.\n"
    assert words(prose) == prose.rstrip(".\n").split()


def test_link_text_and_slashed_words_stay_prose() -> None:
    assert words("a [link text](https://x.io) and/or read/write") == ["a", "link", "text", "and", "or",
                                                                      "read", "write"]


@pytest.mark.parametrize("token, kind", [
    ("word", "word"), ("doesn't", "word"), ("day-to-day", "compound"),
    ("PutTraceSegments", "identifier"), ("max_size", "identifier"), ("index.html", "identifier"),
    ("us-east-1", "id"), ("EC2", "id"), ("i-0abc12", "id"), ("0x1F", "id"), ("AMIs", "identifier"),
])
def test_token_kinds(token: str, kind: str) -> None:
    assert classify(token) == kind


def test_identifier_parts_are_marked() -> None:
    doc = parse("call PutTraceSegments or max_size or index.html\n")
    parts = [(w.text, w.in_identifier) for w in prose_words(doc)]
    assert parts == [("call", False), ("Put", True), ("Trace", True), ("Segments", True), ("or", False),
                     ("max", True), ("size", True), ("or", False)]


def test_emphasis_and_punctuation_are_not_part_of_words() -> None:
    assert words("**bold** _under_ 'quoted' end.") == ["bold", "under", "quoted", "end"]


def test_a_word_with_emphasis_inside_it_is_no_words_but_emphasis_around_words_is() -> None:
    """``**J**ava**S**cript`` is read as "JavaScript": its pieces ("ava", "cript") are no words
    for a spelling rule to flag, nor to "fix" into ``**O**object``."""
    assert words("in **J**ava**S**cript **O**bject **N**otation, or **HI**gh **D**ensity") == ["in", "or"]
    assert words("a **bold** word and *a* b*c and **two words** 2*3 end") == [
        "a", "bold", "word", "and", "a", "and", "two", "words", "end"]


@pytest.mark.parametrize("text", [
    "# Title\r\n\r\nline one\r\nline two with words\r\n",
    "\ufeffBOM first line\nsecond line\n",
    "> quoted text\n> more quoted\n\n- item one\n  continued item\n  - nested deeper\n",
    "1. first\n2. second `code` third\n",
])
def test_offsets_slice_the_file(text: str) -> None:
    doc = parse(text)
    tokens = list(prose_tokens(doc))
    assert tokens
    for token in tokens:
        assert doc.text[token.start:token.end] == token.text
    for word in prose_words(doc):
        assert doc.text[word.start:word.end] == word.text


def test_masked_text_keeps_length_and_lines() -> None:
    doc = parse("a `code` and https://x.io/y\nsecond line\n")
    (prose,) = prose_blocks(doc)
    assert len(prose.text) == len(prose.block.text)
    assert prose.text.count("\n") == prose.block.text.count("\n")
    assert "code" not in prose.text and "x.io" not in prose.text


def test_corpus_tokens_slice_and_avoid_code() -> None:
    doc = parse(CORPUS.read_text(encoding="utf-8"), str(CORPUS))
    covered = bytearray(len(doc.text) + 1)  # 1 where the file is code or HTML
    for start, end in [(s.start, s.end) for s in doc.code_spans] + [
            (b.start, b.end) for b in doc.blocks if b.kind in ("code", "html")]:
        covered[start:end] = b"\x01" * (end - start)
    tokens = list(prose_tokens(doc))
    assert len(tokens) > 20000
    for token in tokens:
        assert doc.text[token.start:token.end] == token.text
        assert not any(covered[token.start:token.end]), token


# --- pasted commands, JSON and names -------------------------------------------------------------


@pytest.mark.parametrize("text, hidden", [
    ("aws kms encrypt \\\n    --key-id alias/hidden \\\n    --output text\n", "hidden"),
    ("echo \"find the hidden\" > plans.txt\n", "hidden"),
    ("aws s3 presign hidden --expires-in 60\n", "hidden"),
    ("\"Effect\": \"Hidden\",\n\"Action\": \"s3:*\"\n", "Hidden"),
    ("Allow s3:HiddenObject and kms:* here.\n", "Hidden"),
    ("The type AWS::Hidden::Bucket here.\n", "Hidden"),
    ("Thanks to @hidden-user for it.\n", "hidden"),
    ("**sudo service hidden status** to check it.\n", "hidden"),  # no sentence opens with sudo
])
def test_code_pasted_without_a_fence_and_names_are_not_prose(text: str, hidden: str) -> None:
    assert not any(hidden in w for w in words(text))


@pytest.mark.parametrize("text", [
    "Use the --dry-run flag before you deploy.\n",  # a sentence, not a command
    "| a | b |\n| - | - |\n| x | y |\n",  # a table is no pipe of commands
    "Compare A > B in prose.\n",
    "Use sudo for the service.\n",  # sudo inside a sentence
])
def test_prose_with_command_marks_stays_prose(text: str) -> None:
    assert words(text)


def test_a_line_in_another_language_is_no_english_prose() -> None:
    """A Vietnamese line's plain words are Vietnamese too ("thi" is no slip for "the"); an
    English line with a name or two spelled with accents is still English."""
    text = ("câu 2: có trong đề thi\n"
            "Die Größe der Datei wird über die API gesetzt\n"
            "The café in São Paulo runs the exam\n"
            "Naïve Bayes is a classifier\n")
    assert words(text) == ["The", "café", "in", "São", "Paulo", "runs", "the", "exam",
                           "Naïve", "Bayes", "is", "a", "classifier"]
    assert words("中文 笔记\n") == []
    assert words("中文 笔记 and the notes\n") == ["中文", "笔记", "and", "the", "notes"]


def test_index_counts_and_finds_blocks_by_whole_word() -> None:
    doc = parse("It has limits.\n\nAnd its own.\n\n_its_ emphasis\n")
    index = prose_index(doc)
    assert index.counts["its"] == 2 and index.counts["limits"] == 1
    found = index.blocks_containing({"its"})
    assert [p.block.start_line for p in found] == [3, 5]  # not "limits" on line 1
    assert index.texts_of({"its", "and"}) == {"its", "And"}
    variants = prose_index(parse("It's here, IT’S there, it’s.\n")).variants_of({"it's"})
    assert variants == {"It's", "IT’S", "it’s"}


def test_neighbours_sentences_and_apostrophes() -> None:
    doc = parse("It is **not** here, `x` there. Next one\n")
    (prose,) = prose_blocks(doc)
    tokens = prose.tokens
    texts = [t.text for t in tokens]
    i = texts.index("is")
    after = adjacent(doc, tokens, i, 1)
    assert after is not None and after.text == "not"  # emphasis is no break
    assert adjacent(doc, tokens, texts.index("here"), 1) is None  # a comma is
    assert adjacent(doc, tokens, texts.index("there"), -1) is None  # so is a code span
    assert starts_sentence(doc, tokens, 0) and starts_sentence(doc, tokens, texts.index("Next"))
    assert not starts_sentence(doc, tokens, texts.index("one"))
    assert apostrophe(parse("It doesn’t and won’t, but can't.\n")) == "’"
    assert apostrophe(parse("It doesn't.\n")) == "'"


def test_index_finds_tokens_whose_runs_have_edges() -> None:
    index = prose_index(parse("See the end.\n\n'quoted' here\n\nAn end-to-end test\n"))
    assert index.counts["end"] == 1 and index.counts["quoted"] == 1 and index.counts["end-to-end"] == 1
    assert [p.block.start_line for p in index.blocks_containing({"end"})] == [1]  # "end." stripped
    assert [p.block.start_line for p in index.blocks_containing(["quoted", "test"])] == [3, 5]


# -- the fast paths read text exactly as the plain regular expressions do -------------------------

# Text made of the characters the token rules turn on: word characters (ASCII, accented, digits,
# "_"), apostrophes of both kinds, dots, hyphens, slashes, spaces and line breaks, and others.
TEXT = st.text(st.sampled_from("aZ9_'’.-/\\`: \n\té٣x*"), max_size=40)
_RUN = re.compile(r"[\w'’.-]+")
_EDGE = "'’._-"


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_token_pattern_is_a_run_with_its_edges_stripped(text: str) -> None:
    expected = []
    for m in _RUN.finditer(text):
        stripped = m.group().strip(_EDGE)
        if stripped:
            expected.append((stripped, m.start() + len(m.group()) - len(m.group().lstrip(_EDGE))))
    assert [(m.group(), m.start()) for m in prose._TOKEN.finditer(text)] == expected
    if text.isascii():
        assert [(m.group(), m.span()) for m in prose._ASCII_TOKEN.finditer(text)] == [
            (m.group(), m.span()) for m in prose._TOKEN.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_runs_and_slash_chunks_of_the_fast_paths(text: str) -> None:
    assert prose._runs(text) == _RUN.findall(text)
    chunk = re.compile(r"[^\s`]*[/\\][^\s`]*")
    assert [m.span() for m in prose._SLASH_CHUNK.finditer(text)] == [m.span() for m in chunk.finditer(text)]
    assert prose._spaces(text) == re.sub(r"[^\n]", " ", text)
