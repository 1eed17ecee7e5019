"""Parse many document files on every core: what a full build or ``kb check``
of a large library spends a third of its time on.

Parsing is pure Python (YAML, Markdown, checks) at about 5 ms a file, so one
process parses 6,300 files in about 30 s while the machine's other core
idles. Past ``PARALLEL_MIN_FILES`` the files are split into chunks between
processes forked from this one (they inherit the vocabulary and imports);
each sends back its documents and problems, pickled (about 6% of the parse).

Forking copies only the calling thread, and a lock another thread holds at
that moment would stay locked in the child. So the pool is used only when
this is the process's one thread; otherwise files are parsed here, as they
always were.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from kb.model import Document, Vocabulary
from kb.problems import Problems

PARALLEL_MIN_FILES = 200
MAX_PROCESSES = 2
CHUNK_FILES = 50  # files a process parses between two sends

Parsed = tuple[Document | None, Problems]

_vocabulary: Vocabulary | None = None  # set in the parent before forking


def parse_files(paths: Sequence[Path], vocabulary: Vocabulary,
                raws: Sequence[bytes | None] | None = None) -> list[Parsed]:
    """Each file's document (None when it has errors) and its problems, in
    the order of ``paths``. ``raws``: files' bytes when already read."""
    raws = list(raws) if raws is not None else [None] * len(paths)
    processes = _processes(len(paths))
    if processes < 2:
        return [_parse(path, raw, vocabulary) for path, raw in zip(paths, raws,
                                                                   strict=True)]
    global _vocabulary
    _vocabulary = vocabulary
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.starmap(_parse_here, zip(paths, raws, strict=True),
                                chunksize=CHUNK_FILES)
    finally:
        _vocabulary = None


def _processes(files: int) -> int:
    if files < PARALLEL_MIN_FILES or threading.active_count() > 1:
        return 1
    return max(1, min(MAX_PROCESSES, os.cpu_count() or 1))


def _parse_here(path: Path, raw: bytes | None) -> Parsed:
    """In a forked process: parse with the vocabulary the parent set."""
    assert _vocabulary is not None, "parse_files sets the vocabulary first"
    return _parse(path, raw, _vocabulary)


def _parse(path: Path, raw: bytes | None, vocabulary: Vocabulary) -> Parsed:
    from kb.library import load_document  # kb.library imports this module

    problems = Problems()
    return load_document(path, vocabulary, problems, raw), problems
