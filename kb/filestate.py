"""Which guidance files changed, without reading every file: a stat cache.

As git's index does, the cache keeps for each file its size, modification and
change times (in nanoseconds), inode and device with the SHA-256 of its bytes.
A file whose stat is the same as when it was hashed has the same bytes, so a
build reads and hashes only the files whose stat changed. Programs can set a
file's modification time back but not its change time (ctime), so an edit
that keeps the size and restores the mtime is still seen.

Racy files: the kernel stamps times from a coarse clock, so a file written
again in the same tick as it was hashed, with the same size, would keep its
stat. As git does, a file changed less than ``RACY_SECONDS`` before it was
hashed is stored without its stat, and hashed again next time.

The cache is an SQLite file beside the index, so a build writes only the rows
of the files it hashed. Each row is a fact about one file's bytes that never
becomes false: a lost or stale row costs a hash, never a missed change. A
cache that cannot be read is deleted and every file is hashed again.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

RACY_SECONDS = 2.0
SCHEMA = """CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, stat TEXT NOT NULL, sha256 TEXT NOT NULL)"""


@dataclass(frozen=True)
class FileState:
    """One file as found: its SHA-256, and its bytes when they had to be read."""

    sha256: str
    raw: bytes | None = None  # None when the stat cache vouched for the hash


def _stat_key(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def _racy(st: os.stat_result, now_ns: int) -> bool:
    """Changed too recently for its stat to prove its bytes (or in the future)."""
    recent = now_ns - int(RACY_SECONDS * 1e9)
    return st.st_mtime_ns >= recent or st.st_ctime_ns >= recent


class StatCache:
    """The stat cache in one SQLite file; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known = self._read()
        self.seen: set[str] = set()
        self.fresh: dict[str, tuple[str, str]] = {}  # path -> (stat, sha256)
        self.hashed = 0  # files read and hashed in this build

    def _read(self) -> dict[str, tuple[str, str]]:
        try:
            with closing(sqlite3.connect(self.path)) as db:
                db.execute(SCHEMA)
                return {p: (s, h) for p, s, h in
                        db.execute("SELECT path, stat, sha256 FROM files")}
        except sqlite3.Error:
            self.path.unlink(missing_ok=True)
            return {}

    def state(self, path: Path) -> FileState:
        """The file's hash, read from the cache when its stat is unchanged.

        The stat is taken before the file is read: a write after it changes
        the ctime, so the next build hashes the file again.
        """
        key = os.path.abspath(path)
        self.seen.add(key)
        st = os.stat(path)
        stat = _stat_key(st)
        known = self.known.get(key)
        if known and known[0] == stat:
            return FileState(known[1])
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        self.hashed += 1
        self.fresh[key] = ("" if _racy(st, time.time_ns()) else stat, digest)
        return FileState(digest, raw)

    def states(self, paths: Iterable[Path]) -> dict[Path, FileState]:
        return {path: self.state(path) for path in paths}

    def save(self) -> None:
        """Write the rows of files hashed in this build, and forget files gone.

        Best effort: the cache only saves work, so a failure to write it is
        not a failed build."""
        gone = [p for p in self.known if p not in self.seen]
        if not self.fresh and not gone:
            return
        try:
            with closing(sqlite3.connect(self.path)) as db, db:
                db.execute(SCHEMA)
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                               [(p, s, h) for p, (s, h) in self.fresh.items()])
                db.executemany("DELETE FROM files WHERE path = ?",
                               [(p,) for p in gone])
        except sqlite3.Error:
            self.path.unlink(missing_ok=True)
            return
        self.known.update(self.fresh)
        for p in gone:
            del self.known[p]
        self.fresh = {}
