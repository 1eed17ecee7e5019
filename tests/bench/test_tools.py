"""The measuring tools: CPU per page, and the same-pages check."""

from __future__ import annotations

import os
import time

from bench.samepages import differences
from bench.server import Load, _cpu


def test_cpu_per_page_and_what_the_cores_allow():
    load = Load(ms=[1.0] * 100, seconds=2.0, client_cpu_s=0.1, server_cpu_s=1.9)
    found = load.cpu_ms()
    cores = len(os.sched_getaffinity(0))
    assert found["server_cpu_ms"] == 19.0 and found["client_cpu_ms"] == 1.0
    assert found["cpu_pages_per_s"] == cores * 1000 / 20.0
    assert Load().cpu_ms()["cpu_pages_per_s"] == 0.0


def test_cpu_of_a_process_grows_as_it_works():
    before = _cpu(os.getpid())
    started = time.process_time()
    while time.process_time() - started < 0.1:
        pass
    assert _cpu(os.getpid()) - before >= 0.05


def test_differences_name_each_changed_or_missing_page():
    before = {"/a": "200\n<p>x</p>", "/b": "200\nsame", "/c": "200\ngone"}
    after = {"/a": "200\n<p>y</p>", "/b": "200\nsame", "/d": "200\nnew"}
    found = differences(before, after)
    assert len(found) == 3
    assert found[0].startswith("/a:") and "-<p>x</p>" in found[0]
    assert "+<p>y</p>" in found[0]
    assert found[1] == "/c: only before" and found[2] == "/d: only after"
    assert differences(before, dict(before)) == []
