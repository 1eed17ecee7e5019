"""The index folder: numbered generations, a ``current`` symlink, one writer lock.

Layout::

    index_dir/.lock          fcntl.flock'ed by the one build that may write
    index_dir/current        symlink -> gen-000007 (swapped with os.replace)
    index_dir/gen-000007/    a complete Whoosh index plus meta.json
    index_dir/gen-000006/    retired: kept for GRACE_SECONDS for open readers

A generation is never changed once ``current`` points at it, so a reader sees
either the old index or the new one, never a half-written one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CURRENT = "current"
LOCK_FILE = ".lock"
RETIRED_MARK = ".retired"
GENERATION = re.compile(r"^gen-(\d{6,})$")
GRACE_SECONDS = 300.0  # how long a retired generation stays for readers still on it
LOCK_WAIT_SECONDS = 5.0


class LockHeldError(Exception):
    """Another process holds the writer lock."""


def current_folder(index_dir: Path) -> Path | None:
    """The generation ``current`` points at, or None when there is none."""
    link = index_dir / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    folder = (index_dir / target).resolve()
    return folder if folder.is_dir() else None


def generation_number(folder: Path) -> int:
    match = GENERATION.match(folder.name)
    return int(match.group(1)) if match else 0


def generations(index_dir: Path) -> list[Path]:
    if not index_dir.is_dir():
        return []
    found = [p for p in index_dir.iterdir() if GENERATION.match(p.name) and p.is_dir()]
    return sorted(found, key=generation_number)


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty folder numbered after every existing one."""
    numbers = [generation_number(p) for p in generations(index_dir)]
    folder = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    folder.mkdir(parents=True)
    return folder


def swap_current(index_dir: Path, folder: Path) -> None:
    """Point ``current`` at ``folder`` in one atomic rename; retire the old one."""
    old = current_folder(index_dir)
    tmp = index_dir / f".{CURRENT}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(folder.name)
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)
    if old and old != folder.resolve():
        (old / RETIRED_MARK).write_text(f"{time.time()}\n")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale(index_dir: Path, grace: float | None = None) -> None:
    """Delete retired generations past their grace period and abandoned builds.

    Call only under the writer lock: a folder that is neither current nor
    retired is then a build that died, and no reader ever saw it.
    """
    grace = GRACE_SECONDS if grace is None else grace
    live = current_folder(index_dir)
    for folder in generations(index_dir):
        if live and folder.resolve() == live:
            continue
        mark = folder / RETIRED_MARK
        if not mark.exists() or time.time() - mark.stat().st_mtime >= grace:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def writer_lock(index_dir: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold ``index_dir/.lock`` exclusively; raise LockHeldError after ``wait`` seconds.

    flock belongs to the open file, so the kernel releases it when a build dies:
    a stale lock file needs no clean-up.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise LockHeldError(str(index_dir / LOCK_FILE))
            time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True
