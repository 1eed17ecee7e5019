"""A build killed with SIGKILL at any point leaves the previous index serving.

SIGKILL gives a build no chance to clean up: the partly written generation and
the lock file stay behind. The kernel drops the lock with the process, and the
next build removes the unfinished folder, so nobody has to repair anything.
"""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

from indexer import generations
from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from tests.hardening.library import STABLE_QUERY, make_library
from tests.hardening.processes import kb_index, wait_for

KILLS = 6


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    top = tmp_path_factory.mktemp("killed")
    guidance = make_library(top / "guidance", filler=50)
    index_dir = top / "index"
    build_index(guidance, index_dir, full=True)
    handle = open_searcher_index(index_dir)
    return guidance, index_dir, handle, search(handle, STABLE_QUERY).total


def _new_folder_since(index_dir, start_ns: int) -> bool:
    """A generation folder made after ``start_ns``: a build that reuses a dead
    build's name gets a new folder, so compare times, not names."""
    for folder in generations.generations(index_dir):
        try:
            if folder.stat().st_ctime_ns >= start_ns:
                return True
        except FileNotFoundError:
            pass
    return False


def _kill_build(guidance, index_dir, rng: random.Random, during_write: bool) -> None:
    """Start a full build and SIGKILL it: at startup or while it writes."""
    start_ns = time.time_ns()
    process = kb_index(guidance, index_dir)
    try:
        if during_write:
            assert wait_for(lambda: _new_folder_since(index_dir, start_ns), 30)
            time.sleep(rng.uniform(0, 0.8))
        else:
            time.sleep(rng.uniform(0, 1.5))
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()


def _assert_serving(index_dir, handle, expected: int) -> None:
    assert search(handle, STABLE_QUERY).total == expected
    fresh = open_searcher_index(index_dir)  # a worker starting now
    assert search(fresh, STABLE_QUERY).total == expected
    assert (generations.current_folder(index_dir) / "meta.json").is_file()


def test_killed_builds_leave_the_previous_index_serving(served):
    guidance, index_dir, handle, expected = served
    rng = random.Random(20261127)
    for number in range(KILLS):
        _kill_build(guidance, index_dir, rng, during_write=number % 2 == 0)
        _assert_serving(index_dir, handle, expected)


def test_the_next_build_succeeds_and_clears_what_a_killed_one_left(served):
    guidance, index_dir, handle, expected = served
    _kill_build(guidance, index_dir, random.Random(1), during_write=True)
    process = kb_index(guidance, index_dir)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Full rebuild" in out
    live = generations.current_folder(index_dir)
    leftovers = [g for g in generations.generations(index_dir)
                 if g != live and not (g / generations.RETIRED_MARK).exists()]
    assert leftovers == []
    assert search(handle, STABLE_QUERY).total == expected
    assert handle.generation == generations.generation_number(live)
