"""Hashes that say whether something a build made still holds: the hash of a
shared file (``vocabulary.yml``), and of the code that parses documents.

A generation records both (``sources.json``, ``outlines.json``); a build that
finds other values parses every file again, and the site parses every file
rather than take outlines that other code or another vocabulary made.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import indexer
from kb import library as kb_library


def file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes; "" when there is no such file."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


@functools.cache
def code_hash() -> str:
    """A hash of the code that parses documents and makes their rows (every
    module of ``kb`` and ``indexer``), so a build never keeps rows that other
    code made. After an upgrade the first build parses every file."""
    digest = hashlib.sha256()
    for package in (Path(kb_library.__file__).parent, Path(indexer.__file__).parent):
        for path in sorted(package.rglob("*.py")):
            digest.update(f"{path.relative_to(package.parent)}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
