"""Atomic writes: all or nothing, permissions kept, bytes as given; text encoded as it was read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fixers.atomic as atomic
from fixers.atomic import AtomicWriteError, encode_text, write_atomic

ORIGINAL = b"\xef\xbb\xbf# Notes\r\n\r\nold text\r\n"
NEW = b"\xef\xbb\xbf# Notes\r\n\r\nnew text\r\n"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_bytes(ORIGINAL)
    return path


def test_write_replaces_the_content_byte_for_byte(notes: Path) -> None:
    write_atomic(notes, NEW)
    assert notes.read_bytes() == NEW
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.md"]


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600])
def test_permission_bits_are_kept(notes: Path, mode: int) -> None:
    notes.chmod(mode)
    write_atomic(notes, NEW)
    assert stat.S_IMODE(notes.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_the_owner_is_kept(notes: Path) -> None:
    os.chown(notes, 12345, 23456)
    write_atomic(notes, NEW)
    assert (notes.stat().st_uid, notes.stat().st_gid) == (12345, 23456)


def test_a_new_file_gets_the_umask_default(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "fresh.md", b"x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "fresh.md").stat().st_mode) == 0o640
    assert (tmp_path / "fresh.md").read_bytes() == b"x\n"


def _assert_untouched(notes: Path) -> None:
    assert notes.read_bytes() == ORIGINAL
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.md"]  # no temp file left


def test_a_failed_replace_leaves_the_original_and_no_temp_file(
        notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(AtomicWriteError, match="notes.md.*left unchanged") as info:
        write_atomic(notes, NEW)
    assert isinstance(info.value, OSError)  # the CLI's I/O error handling catches it
    assert isinstance(info.value.cause, PermissionError)
    _assert_untouched(notes)


def test_a_write_failing_midway_leaves_the_original_and_no_temp_file(
        notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    during: dict[str, bytes] = {}

    def broken_fsync(fd: int) -> None:
        # By now the new bytes sit in a temp file beside the original: the failure is midway.
        during.update((p.name, p.read_bytes()) for p in notes.parent.iterdir())
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(AtomicWriteError, match="No space left"):
        write_atomic(notes, NEW)
    assert during.pop("notes.md") == ORIGINAL
    assert list(during.values()) == [NEW]
    _assert_untouched(notes)


def test_an_interrupt_cleans_up_and_propagates(notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(notes, NEW)
    _assert_untouched(notes)


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AtomicWriteError, match="could not write"):
        write_atomic(tmp_path / "missing" / "notes.md", NEW)
    assert not (tmp_path / "missing").exists()


def test_a_symlink_stays_a_link_and_its_target_is_written(notes: Path) -> None:
    link = notes.parent / "link.md"
    link.symlink_to(notes.name)
    write_atomic(link, NEW)
    assert link.is_symlink()
    assert notes.read_bytes() == NEW


# --- encoding ----------------------------------------------------------------------------------


def test_encode_keeps_the_bom_and_every_line_ending() -> None:
    text = "\ufeffa\r\nb\rc\nd"
    assert encode_text(text) == b"\xef\xbb\xbfa\r\nb\rc\nd"


def test_encode_adds_no_bom_that_was_not_there() -> None:
    assert encode_text("a\n") == b"a\n"


def test_encode_refuses_text_it_would_damage() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_text("lone \udc80 surrogate")


@given(st.text(alphabet=st.sampled_from(list("ab\r\n\t\ufeff\u00e9\u4e2d\U0001f600"))))
def test_decoding_then_encoding_gives_the_same_bytes(text: str) -> None:
    data = text.encode("utf-8")
    assert encode_text(data.decode("utf-8")) == data
