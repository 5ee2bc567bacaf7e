"""helpers.data.files: one checksum and one whole-or-nothing writer for the whole package."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from helpers.data import files, gias_download
from helpers.la import output, run


def test_sha256_matches_hashlib_on_a_file_larger_than_one_block(tmp_path):
    path = tmp_path / "big.bin"
    data = os.urandom(files.BLOCK * 2 + 123)
    path.write_bytes(data)
    assert files.sha256(path) == hashlib.sha256(data).hexdigest()
    path.write_bytes(b"")
    assert files.sha256(path) == hashlib.sha256(b"").hexdigest()


def test_the_three_users_share_the_one_checksum():
    # The GIAS download, the report's manifest and the report's input records.
    assert gias_download.sha256 is files.sha256
    assert output.sha256 is files.sha256
    assert run.sha256 is files.sha256


def test_write_text_atomic_writes_and_replaces(tmp_path):
    path = tmp_path / "record.json"
    files.write_text_atomic(path, "first\n")
    assert path.read_text(encoding="utf-8") == "first\n"
    files.write_text_atomic(path, "St Thomas\u2019\n")
    assert path.read_bytes() == "St Thomas\u2019\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]


def test_a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    new = tmp_path / "new.txt"
    files.write_text_atomic(new, "x")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~files.umask()
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    kept.chmod(0o640)
    files.write_text_atomic(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


class Boom(Exception):
    pass


@pytest.mark.parametrize("where", ["write", "replace"])
def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, where):
    path = tmp_path / "checksums.json"
    path.write_text("old", encoding="utf-8")

    def fail(*args, **kwargs):
        raise Boom(where)

    if where == "write":
        # A text that cannot be encoded fails half-way through the write.
        with pytest.raises(UnicodeEncodeError):
            files.write_text_atomic(path, "fine so far \udcff", encoding="utf-8")
    else:
        monkeypatch.setattr(files.os, "replace", fail)
        with pytest.raises(Boom):
            files.write_text_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["checksums.json"]


def test_an_interrupt_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "checksums.json"
    real_fsync = os.fsync

    def interrupted(fd):
        real_fsync(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_text_atomic(path, "new")
    assert list(tmp_path.iterdir()) == []
