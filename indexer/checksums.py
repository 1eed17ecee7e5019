"""Checksums of a generation's files: written by the build, checked by the site.

A generation never changes once ``current`` points at it (see
``indexer.generations``), so any change to one of its files is damage: a disk
fault, a stray copy, a careless edit. Whoosh does not notice: a damaged
segment answers some searches and fails others. So the build writes
``checksums.json`` into each generation once every other file is complete,
listing each file's size, modification time and SHA-256 (``write``), and:

- ``kb index`` checks the current generation while building on it
  (``verify``, beside the build in ``indexer.build.builder``): every file
  hashed again, so damage that left the file's size and time alone is found
  too; the new generation is made current only once the check agrees, and a
  damaged generation is rebuilt in full.
  One built before checksums existed is built on as usual, and the next
  generation (made even when nothing else changed) has them.
- ``/healthz`` asks a ``Watch`` on every poll. It compares each file's size,
  time and inode with what it last saw (a ``stat`` per file, a few
  microseconds each) and hashes again only a file that changed. A file whose
  stat still equals the build's record is taken as unchanged without hashing,
  so a poll costs the same at any size of library.

SHA-256 because the processors we run on compute it in hardware (about ten
times the speed of BLAKE2 in Python's ``hashlib`` here).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

CHECKSUMS_FILE = "checksums.json"
ALGORITHM = "sha256"
# Written into a generation after it is complete, or never read by searches.
NOT_CHECKED = (CHECKSUMS_FILE, ".retired", "*.tmp", "*LOCK*")

Stat = tuple[int, int, int]  # size, modification time (ns), inode


@dataclass(frozen=True)
class Damage:
    """One file of a generation that is not as the build wrote it."""

    generation: str  # the generation folder's name
    file: str  # the file's name inside it
    problem: str

    def __str__(self) -> str:
        return f"{self.generation}/{self.file}: {self.problem}"


def write(folder: Path, verified: Path | None = None) -> None:
    """Record every file of the complete generation in ``folder``.

    ``verified`` is a generation whose files were just checked (``verify``):
    a file of ``folder`` that is a hard link to one of them (an incremental
    build links every unchanged segment) takes its recorded digest instead
    of being read again, so an edit hashes only the segments it wrote.
    """
    known = _recorded(verified)[0] if verified else {}
    files = {}
    for name in _checked_names(folder):
        path = folder / name
        info = path.stat()
        entry = {"size": info.st_size, "mtime_ns": info.st_mtime_ns}
        files[name] = dict(entry, **{ALGORITHM: _linked_digest(
            verified, name, info, known.get(name)) or _digest(path)})
    text = json.dumps({"algorithm": ALGORITHM, "files": files}, indent=1,
                      sort_keys=True)
    tmp = folder / f"{CHECKSUMS_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / CHECKSUMS_FILE)


def recorded(folder: Path) -> bool:
    """Whether the build of ``folder`` wrote checksums (versions before
    checksums did not: such a generation is built on, not rebuilt)."""
    return (folder / CHECKSUMS_FILE).exists()


def verify(folder: Path) -> list[Damage]:
    """Every file of the generation in ``folder`` hashed again and compared
    with the build's record: what is missing, resized or changed."""
    recorded, damage = _recorded(folder)
    for name, entry in recorded.items():
        damage += _check(folder, name, entry, hashed=True)
    return damage


class Watch:
    """The damage in the generations a process serves, found cheaply again
    and again: a file is hashed only when its stat differs from the build's
    record and from the last time it was seen. Safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # folder -> (checksums file's stat, recorded entries, file -> (stat, damage))
        self._seen: dict[str, tuple[Stat | None, dict, dict]] = {}

    def damage(self, folder: Path) -> list[Damage]:
        key = str(folder)
        with self._lock:
            own = _stat(folder / CHECKSUMS_FILE)
            seen = self._seen.get(key)
            if seen is None or seen[0] != own:
                recorded, problems = _recorded(folder)
                seen = (own, recorded, {"": (None, problems)})
                self._seen = {key: seen}  # only the generation served now
            _own, recorded, files = seen
            found = list(files[""][1])
            for name, entry in recorded.items():
                now = _stat(folder / name)
                last = files.get(name)
                if last is None or last[0] != now:
                    trusted = now is not None and now[:2] == (entry["size"],
                                                              entry["mtime_ns"])
                    last = files[name] = (now, _check(folder, name, entry,
                                                      hashed=not trusted))
                found += last[1]
            return found


def _recorded(folder: Path) -> tuple[dict, list[Damage]]:
    """The build's record of ``folder``, or the damage that stops reading it."""
    try:
        data = json.loads((folder / CHECKSUMS_FILE).read_text("utf-8"))
        files = data["files"]
        if data.get("algorithm") != ALGORITHM or not isinstance(files, dict) \
                or not all(_well_formed(e) for e in files.values()):
            raise ValueError(f"not a record of {ALGORITHM} checksums")
    except FileNotFoundError:
        return {}, [Damage(folder.name, CHECKSUMS_FILE,
                           "missing: the build did not finish, or it predates "
                           "checksums")]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {}, [Damage(folder.name, CHECKSUMS_FILE,
                           f"cannot be read ({type(exc).__name__})")]
    return files, []


def _well_formed(entry: object) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("size"), int) \
        and isinstance(entry.get("mtime_ns"), int) \
        and isinstance(entry.get(ALGORITHM), str)


def _check(folder: Path, name: str, entry: dict, hashed: bool) -> list[Damage]:
    path = folder / name
    try:
        size = path.stat().st_size
        if size != entry["size"]:
            problem = f"{size} bytes instead of {entry['size']}"
        elif hashed and _digest(path) != entry[ALGORITHM]:
            problem = "its contents differ from what the build wrote"
        else:
            return []
    except FileNotFoundError:
        problem = "missing"
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror or type(exc).__name__})"
    return [Damage(folder.name, name, problem)]


def _linked_digest(verified: Path | None, name: str, info: os.stat_result,
                   entry: dict | None) -> str | None:
    """The digest recorded for ``verified/name`` when that is the same file
    (same inode) with the recorded size and time; otherwise None."""
    if verified is None or entry is None:
        return None
    old = _stat(verified / name)
    if old != (info.st_size, info.st_mtime_ns, info.st_ino) \
            or old[:2] != (entry["size"], entry["mtime_ns"]):
        return None
    return entry[ALGORITHM]


def _checked_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file()
                  and not any(fnmatch.fnmatch(p.name, n) for n in NOT_CHECKED))


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, ALGORITHM).hexdigest()


def _stat(path: Path) -> Stat | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)
