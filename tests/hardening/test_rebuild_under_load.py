"""Searches keep answering while the index is rebuilt again and again.

Readers in threads share one handle, as a gunicorn worker's threads do; readers
in other processes each open their own, as separate workers do. None may see
an error, or an empty result for a query that always matches.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from tests.hardening.library import STABLE_QUERY, make_library
from tests.hardening.processes import python

SECONDS = 3.0  # readers search at least this long...
MIN_BUILDS = 3  # ...and through at least this many full rebuilds
THREADS = 4
PROCESSES = 2

READER = """
import json, sys, time
from indexer.search.query import open_searcher_index, search
index_dir, query, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
handle = open_searcher_index(index_dir)
totals, generations, errors = [], set(), []
started = time.monotonic()
# At least `seconds`, and until three generations were seen (at most a minute).
while time.monotonic() - started < min(60, seconds if len(generations) >= 3 else 60):
    try:
        totals.append(search(handle, query).total)
        generations.add(handle.generation)
    except Exception as exc:
        errors.append(repr(exc))
print(json.dumps({"totals": totals, "generations": sorted(generations),
                  "errors": errors[:5]}))
"""


@pytest.fixture
def library(tmp_path):
    guidance = make_library(tmp_path / "guidance", filler=10)
    index_dir = tmp_path / "index"
    build_index(guidance, index_dir, full=True)
    expected = search(open_searcher_index(index_dir), STABLE_QUERY).total
    return guidance, index_dir, expected


def _rebuild_until(guidance, index_dir, stop: threading.Event) -> int:
    """Full rebuilds until ``stop`` is set and MIN_BUILDS are done, however slow."""
    builds = 0
    while not stop.is_set() or builds < MIN_BUILDS:
        build_index(guidance, index_dir, full=True, lock_wait=30)
        builds += 1
    return builds


def _read(handle, totals: list, errors: list, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            totals.append(search(handle, STABLE_QUERY).total)
        except Exception as exc:  # the test reports every kind
            errors.append(exc)


def test_threads_keep_answering_during_full_rebuilds(library):
    guidance, index_dir, expected = library
    handle = open_searcher_index(index_dir)
    stop, totals, errors = threading.Event(), [], []
    readers = [threading.Thread(target=_read, args=(handle, totals, errors, stop))
               for _ in range(THREADS)]
    for reader in readers:
        reader.start()
    time.sleep(SECONDS / 10)  # readers are searching before the first swap
    deadline = threading.Event()
    threading.Timer(SECONDS, deadline.set).start()
    builds = _rebuild_until(guidance, index_dir, deadline)
    stop.set()
    for reader in readers:
        reader.join()
    assert errors == []
    assert totals and set(totals) == {expected}
    assert builds >= MIN_BUILDS and handle.generation >= MIN_BUILDS + 1


def _stop_when_done(readers: list, stop: threading.Event) -> None:
    """Rebuild for as long as any reader still runs, however slowly it started."""
    for reader in readers:
        reader.wait(timeout=60)
    stop.set()


def test_other_processes_keep_answering_during_full_rebuilds(library):
    guidance, index_dir, expected = library
    readers = [python(READER, str(index_dir), STABLE_QUERY, str(SECONDS))
               for _ in range(PROCESSES)]
    stop = threading.Event()
    threading.Thread(target=_stop_when_done, args=(readers, stop)).start()
    builds = _rebuild_until(guidance, index_dir, stop)
    for reader in readers:
        out, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err
        report = json.loads(out)
        assert report["errors"] == []
        assert report["totals"] and set(report["totals"]) == {expected}
        assert len(report["generations"]) >= 3, report["generations"]
    assert builds >= MIN_BUILDS
