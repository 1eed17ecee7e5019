"""The stat cache: which files an incremental build must read again."""

import hashlib
import os
import time

import pytest

from kb import filestate
from kb.filestate import StatCache

TICK = 0.05  # longer than the kernel's timestamp granularity


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def later(monkeypatch):
    """Hash as if RACY_SECONDS had passed since the files were written, so
    their stat is kept."""
    real = time.time_ns
    monkeypatch.setattr(filestate.time, "time_ns",
                        lambda: real() + int(10 * filestate.RACY_SECONDS * 1e9))


def scan(cache_path, *paths):
    cache = StatCache(cache_path)
    states = cache.states(paths)
    cache.save()
    return cache, states


def test_an_unchanged_file_is_not_read_again(tmp_path, later):
    doc = tmp_path / "a.md"
    doc.write_bytes(b"first")
    cache, states = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 1 and states[doc].sha256 == sha(b"first")
    cache, states = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 0 and states[doc].raw is None
    assert states[doc].sha256 == sha(b"first")


def test_same_size_edit_with_the_old_mtime_put_back_is_seen(tmp_path, later):
    doc = tmp_path / "a.md"
    doc.write_bytes(b"first")
    before = doc.stat()
    scan(tmp_path / "files.sqlite", doc)
    time.sleep(TICK)
    doc.write_bytes(b"other")  # same size
    os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert doc.stat().st_mtime_ns == before.st_mtime_ns
    cache, states = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 1 and states[doc].sha256 == sha(b"other")
    assert states[doc].raw == b"other"


def test_a_touched_file_is_hashed_again_and_found_unchanged(tmp_path, later):
    doc = tmp_path / "a.md"
    doc.write_bytes(b"first")
    scan(tmp_path / "files.sqlite", doc)
    time.sleep(TICK)
    doc.touch()
    cache, states = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 1 and states[doc].sha256 == sha(b"first")
    cache, _ = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 0


def test_a_file_changed_just_before_hashing_is_hashed_again_next_time(tmp_path):
    """Without the ``later`` clock the file is racy: its stat proves nothing,
    because a second write in the same clock tick would keep it."""
    doc = tmp_path / "a.md"
    doc.write_bytes(b"first")
    scan(tmp_path / "files.sqlite", doc)
    cache, states = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 1 and states[doc].sha256 == sha(b"first")


def test_a_replaced_file_is_seen_even_with_the_same_size_and_mtime(tmp_path, later):
    doc = tmp_path / "a.md"
    doc.write_bytes(b"first")
    before = doc.stat()
    scan(tmp_path / "files.sqlite", doc)
    time.sleep(TICK)
    new = tmp_path / "new.md"
    new.write_bytes(b"other")
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, doc)
    _, states = scan(tmp_path / "files.sqlite", doc)
    assert states[doc].sha256 == sha(b"other")


def test_forgets_deleted_files(tmp_path, later):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_bytes(b"a")
    b.write_bytes(b"b")
    scan(tmp_path / "files.sqlite", a, b)
    b.unlink()
    scan(tmp_path / "files.sqlite", a)
    assert set(StatCache(tmp_path / "files.sqlite").known) == {str(a)}


@pytest.mark.parametrize("content", [b"not a database at all" * 100, b""])
def test_a_corrupt_cache_means_hashing_everything_again(tmp_path, later, content):
    doc = tmp_path / "a.md"
    doc.write_bytes(b"first")
    (tmp_path / "files.sqlite").write_bytes(content)
    cache, states = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 1 and states[doc].sha256 == sha(b"first")
    cache, _ = scan(tmp_path / "files.sqlite", doc)
    assert cache.hashed == 0
