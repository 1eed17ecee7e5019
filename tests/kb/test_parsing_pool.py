"""Parsing on every core gives what parsing in one process gives: the same
documents and the same problems, in the same order, broken files included."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.generate import generate
from kb import parsing_pool
from kb.library import load_library

BROKEN = Path(__file__).parent / "broken"


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """About 250 documents and a few broken files among them."""
    root = generate(tmp_path_factory.mktemp("lib") / "guidance", scale=4).root
    for name in ("alias-bomb.md", "bad-status.md", "bracket-run.md"):
        shutil.copy(BROKEN / name, root / "practice-notes" / name)
    return root


PARSE = """
import json, sys
from pathlib import Path
from kb import parsing_pool
from kb.library import load_vocabulary
from kb.problems import Problems
library = Path(sys.argv[1])
paths = sorted(library.rglob("*.md"))
vocabulary = load_vocabulary(library / "vocabulary.yml", Problems())
found = {}
for processes in (1, 2):
    parsing_pool.MAX_PROCESSES = processes
    assert parsing_pool._processes(len(paths)) == processes
    found[processes] = [
        [doc and [doc.id, doc.content_hash, len(doc.sections)], list(map(str, seen))]
        for doc, seen in parsing_pool.parse_files(paths, vocabulary)]
print(json.dumps(found))
"""


def test_processes_parse_what_one_process_parses(library):
    """In a process of its own: this one may have threads from other tests,
    and the pool is used only where there are none."""
    run = subprocess.run([sys.executable, "-c", PARSE, str(library)],
                         capture_output=True, text=True, check=True)
    found = json.loads(run.stdout)
    one, two = found["1"], found["2"]
    assert len(one) > parsing_pool.PARALLEL_MIN_FILES
    assert two == one
    assert sum(doc is None for doc, _ in one) == 3  # the broken files
    assert all(problems for doc, problems in one if doc is None)


def test_a_library_loads_the_same_either_way(library, monkeypatch):
    monkeypatch.setattr(parsing_pool, "MAX_PROCESSES", 1)
    alone, alone_problems = load_library(library, across=False)
    monkeypatch.setattr(parsing_pool, "MAX_PROCESSES", 2)
    shared, shared_problems = load_library(library, across=False)
    assert sorted(alone.documents) == sorted(shared.documents)
    assert alone_problems == shared_problems and alone_problems.errors


def test_with_another_thread_running_files_are_parsed_here():
    """Forking copies only the calling thread: a lock another holds would
    stay locked in the child."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parsing_pool._processes(10_000) == 1
    finally:
        stop.set()
        other.join()
