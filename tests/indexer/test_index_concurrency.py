"""Builds that die, builds that overlap, and searches while builds run."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from indexer.build.builder import BuildError, build_index
from indexer.generations import generations, writer_lock
from indexer.search.query import search
from kb.config import REPO_ROOT

# A build that announces itself after its first document, then stalls.
STALLING_BUILD = """
import sys, time
from pathlib import Path
import indexer.build.builder as build
import indexer.build.writing as writing

real = writing.section_entries
def slow(library, doc, *args):
    yield from real(library, doc, *args)
    print("started", flush=True)
    time.sleep(60)
writing.section_entries = slow
build.build_index(Path(sys.argv[1]), Path(sys.argv[2]), full=True)
"""


def test_a_killed_build_leaves_the_previous_index_serving(
        guidance, index_dir, open_handle):
    build_index(guidance, index_dir, full=True)
    handle = open_handle(index_dir)
    proc = subprocess.Popen([sys.executable, "-c", STALLING_BUILD, str(guidance),
                             str(index_dir)], stdout=subprocess.PIPE, text=True,
                            cwd=REPO_ROOT)
    try:
        assert proc.stdout.readline().strip() == "started"
        assert len(generations(index_dir)) == 2  # the unfinished one
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert handle.generation == 1
    assert search(handle, "missing child").total >= 2
    summary = build_index(guidance, index_dir, full=True)
    assert summary.generation == 2 and handle.generation == 2  # no. 2 reused
    assert [p.name for p in generations(index_dir)] == ["gen-000001", "gen-000002"]
    assert search(handle, "missing child").total >= 2


def test_a_second_build_refuses_while_one_holds_the_lock(guidance, index_dir):
    with writer_lock(index_dir), pytest.raises(BuildError) as caught:
        build_index(guidance, index_dir, lock_wait=0.2)
    assert "Another index build is running" in str(caught.value)
    assert "Wait for it to finish" in str(caught.value)


def test_a_second_build_waits_briefly_for_the_first(guidance, index_dir):
    held = threading.Event()

    def hold_lock():
        with writer_lock(index_dir):
            held.set()
            time.sleep(0.3)

    thread = threading.Thread(target=hold_lock)
    thread.start()
    held.wait()
    summary = build_index(guidance, index_dir, lock_wait=5)
    thread.join()
    assert summary.added == 5


def test_searches_in_threads_never_fail_while_full_builds_run(
        guidance, index_dir, open_handle):
    build_index(guidance, index_dir, full=True)
    handle = open_handle(index_dir)
    stop, problems, counts = threading.Event(), [], []

    def searching():
        while not stop.is_set():
            try:
                total = search(handle, "missing child").total
                counts.append(total)
                if total == 0:
                    problems.append("empty result")
            except Exception as exc:  # the test reports any error at all
                problems.append(repr(exc))

    threads = [threading.Thread(target=searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    deadline, builds = time.monotonic() + 2.5, 0
    while time.monotonic() < deadline or builds < 2:
        build_index(guidance, index_dir, full=True)
        builds += 1
    stop.set()
    for thread in threads:
        thread.join()
    assert problems == []
    assert builds >= 2 and len(counts) > 10
    assert handle.generation == builds + 1
