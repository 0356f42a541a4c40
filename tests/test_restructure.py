"""Restructure: one file per H1 topic, byte-exact slices, safe names, links re-pointed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lint.cli import main
from lint.parser import parse
from lint.restructure import INDEX_NAME, is_index, plan, slugify, unique_names

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "aws-notes.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "slug"), [
    ("../../x", "x"),
    ("/etc/x", "etc-x"),
    ("C:\\Windows\\system32", "c-windows-system32"),
    ("Elastic Load Balancer (ELB)", "elastic-load-balancer-elb"),
    ("Café Résumé", "cafe-resume"),
    ("CON", "con-topic"),
    ("nul", "nul-topic"),
    ("Com1", "com1-topic"),
    ("README", "readme-topic"),
    ("!!!", "topic"),
    ("東京", "topic"),
    ("..", "topic"),
])
def test_slugs_are_safe(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_is_bounded() -> None:
    slug = slugify("word " * 100)
    assert len(slug) <= 60 and not slug.endswith("-")


def test_collisions_are_numbered_in_order() -> None:
    assert unique_names(["S3", "s3", "S3!", "s3-2", "Readme"]) == [
        "s3.md", "s3-2.md", "s3-3.md", "s3-2-2.md", "readme-topic.md"]


# -- splitting --------------------------------------------------------------------------------


def test_topics_are_exact_slices_in_order() -> None:
    text = ("\ufeffIntro line.\r\n\r\n# One\r\nBody one.\r\n\r\n## Sub\r\nMore.\r\n"
            "# Two\nBody two, no final newline")
    result = plan(parse(text, "notes.md"))
    assert [t.name for t in result.topics] == ["notes.md", "one.md", "two.md"]
    assert [t.title for t in result.topics] == ["notes", "One", "Two"]
    assert "".join(t.text for t in result.topics) == text  # bytes, CRLF and BOM kept
    assert result.topics[1].text == "# One\r\nBody one.\r\n\r\n## Sub\r\nMore.\r\n"


def test_blank_preamble_joins_the_first_topic() -> None:
    text = "\n\n# One\nBody.\n# Two\nBody.\n"
    result = plan(parse(text, "n.md"))
    assert [t.name for t in result.topics] == ["one.md", "two.md"]
    assert result.topics[0].text == "\n\n# One\nBody.\n"


def test_h1_in_code_or_list_does_not_split_and_setext_does() -> None:
    text = "# A\n\n```\n# not a heading\n```\n\n- # in a list\n\nB title\n=======\n\nText.\n"
    result = plan(parse(text, "n.md"))
    assert [t.title for t in result.topics] == ["A", "B title"]


def test_index_links_topics_in_order() -> None:
    text = "# Zeta\nz\n# Alpha [x]\na\n"
    result = plan(parse(text, "n.md"))
    lines = [line for line in result.index.splitlines() if line.startswith("- ")]
    assert lines == ["- [Zeta](zeta.md)", "- [Alpha \\[x\\]](alpha-x.md)"]
    assert is_index(result.index)
    assert not any(is_index(t.text) for t in result.topics)


def test_anchor_links_follow_their_heading() -> None:
    text = ("# Intro\nSee [S3](#s3), [overview](#overview-1), [here](#intro) and `[c](#s3)`.\n\n"
            "## Overview\nx\n\n[ref]: #s3\n\n"
            "# S3\n## Overview\nBack to [intro](#intro).\n\n```\n[code](#intro)\n```\n")
    result = plan(parse(text, "n.md"))
    intro, s3 = result.topics
    assert "[S3](s3.md#s3)" in intro.text
    assert "[overview](s3.md#overview)" in intro.text  # numbered -1 in the whole file, first in its own
    assert "[here](#intro)" in intro.text
    assert "`[c](#s3)`" in intro.text  # code is left alone
    assert "[ref]: s3.md#s3" in intro.text
    assert "[intro](intro.md#intro)" in s3.text
    assert "[code](#intro)" in s3.text


def test_corpus_splits_into_its_h1_topics_losslessly(tmp_path: Path) -> None:
    text = CORPUS.read_text(encoding="utf-8")
    h1 = [line for line in text.splitlines() if line.startswith("# ")]
    result = plan(parse(text, "aws-notes.md"))
    assert len(result.topics) == len(h1) == 33
    assert "".join(t.text for t in result.topics) == text  # no #links in the corpus: bytes kept
    assert len({t.name for t in result.topics}) == 33


# -- the command ------------------------------------------------------------------------------


def test_command_writes_topics_and_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "aws-notes.md"
    shutil.copy(CORPUS, src)
    code, out, _ = run(capsys, "restructure", str(src), "--out", str(tmp_path / "out"))
    assert code == 0
    written = files_under(tmp_path / "out")
    assert INDEX_NAME in written and "s3.md" in written and "ec2.md" in written
    assert len(written) == 34
    assert b"".join(v for k, v in written.items() if k != INDEX_NAME) != b""
    assert written["s3.md"].startswith(b"# S3")


def test_hostile_headings_stay_inside_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in" / "n.md"
    src.parent.mkdir()
    src.write_text("# ../../x\nA.\n# /etc/x\nB.\n# ..\\..\\win\nC.\n# ../README\nD.\n")
    out = tmp_path / "in" / "deep" / "out"
    code, _, _ = run(capsys, "restructure", str(src), "--out", str(out))
    assert code == 0
    assert sorted(files_under(out)) == ["README.md", "etc-x.md", "readme-topic.md", "win.md", "x.md"]
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert all(p.startswith("in/deep/out/") or p == "in/n.md" for p in everything)


def test_existing_files_need_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.md"
    src.write_text("# One\nA.\n# Two\nB.\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "two.md").write_text("mine\n")
    code, _, err = run(capsys, "restructure", str(src), "--out", str(out))
    assert code == 2
    assert "two.md: exists; use --force" in err
    assert files_under(out) == {"two.md": b"mine\n"}  # nothing written at all
    code, _, _ = run(capsys, "restructure", str(src), "--out", str(out), "--force")
    assert code == 0
    assert (out / "two.md").read_text() == "# Two\nB.\n"
    # The same content again is no conflict: a rerun succeeds without --force.
    assert run(capsys, "restructure", str(src), "--out", str(out))[0] == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_out_dir_writes_into_its_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.md"
    src.write_text("# One\nA.\n")
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    code, _, _ = run(capsys, "restructure", str(src), "--out", str(tmp_path / "link"))
    assert code == 0
    assert sorted(files_under(real)) == ["README.md", "one.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_in_out_pointing_outside_is_refused(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "n.md"
    src.write_text("# One\nA.\n# Two\nB.\n")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "one.md").symlink_to(victim)
    (out / "two.md").symlink_to(tmp_path / "nowhere.md")  # dangling, also outside
    code, _, err = run(capsys, "restructure", str(src), "--out", str(out), "--force")
    assert code == 2
    assert "one.md: resolves outside" in err and "two.md: resolves outside" in err
    assert victim.read_text() == "keep me\n"
    assert not (tmp_path / "nowhere.md").exists()
    assert not (out / "README.md").exists()


def test_missing_or_binary_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "restructure", str(tmp_path / "none.md"), "--out", str(tmp_path / "o"))
    assert code == 2 and "cannot read" in err
    (tmp_path / "bin.md").write_bytes(b"# A\x00\n")
    assert run(capsys, "restructure", str(tmp_path / "bin.md"), "--out", str(tmp_path / "o"))[0] == 2
    assert not (tmp_path / "o").exists()


def test_out_that_is_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "n.md").write_text("# A\nx\n")
    (tmp_path / "o").write_text("file\n")
    code, _, err = run(capsys, "restructure", str(tmp_path / "n.md"), "--out", str(tmp_path / "o"))
    assert code == 2 and "not a directory" in err
