"""Issue 27, item 12: the load test's client sent a dropped request again without
a word, so "0 errors" hid one lost request for each killed worker. Now each
retry is counted with its time, and the load test passes only retries that a
kill it made explains; its hostile requests must be answered as the hardening
tests expect."""

from __future__ import annotations

import socket
import threading

import pytest

from bench.disrupt import KILL_WINDOW, Disruptions, Hostile, problem
from bench.load import Results
from bench.server import Client


@pytest.fixture
def dropping_server():
    """A server that closes its first connection unanswered, as a killed worker
    does, and answers every later one with 200."""
    listener = socket.create_server(("127.0.0.1", 0))
    answered = []

    def serve() -> None:
        for number in range(3):
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                if number == 0:
                    continue  # dropped: closed with no answer
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                             b"Connection: close\r\n\r\nok")
                answered.append(number)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], answered
    listener.close()


def test_a_dropped_request_is_sent_again_and_counted(dropping_server):
    port, answered = dropping_server
    client = Client(port)
    assert client.get("/search?q=nrm") == 200
    assert len(client.retries) == 1
    assert client.get("/search?q=nrm") == 200  # a closed connection is no retry
    assert len(client.retries) == 1 and answered == [1, 2]


def _disruptions(kills: list[float]) -> Disruptions:
    events = Disruptions(0, 0, None, None, [], 60.0)  # type: ignore[arg-type]
    events.kills = kills
    return events


def test_each_kill_explains_one_retry_soon_after_it():
    events = _disruptions([10.0, 30.0])
    assert events.explain([10.2]) == []
    assert events.explain([10.2, 10.4]) == [10.4]  # one lost request per kill
    assert events.explain([9.0]) == [9.0]  # before any kill
    assert events.explain([10.0 + KILL_WINDOW + 1]) == [10.0 + KILL_WINDOW + 1]
    assert events.explain([10.1, 30.5]) == []


def test_a_retry_no_kill_explains_fails_the_run():
    results = Results(retries=[5.0], hidden=[5.0])
    assert results.failed
    assert "not explained by a kill: 1" in results.report(1)
    assert not Results(retries=[5.0], hidden=[]).failed


def test_a_hostile_request_answered_wrongly_fails_the_run():
    hostile = Hostile(13, "typed words", b"", (200,), "Cache-Control: no-store")
    assert problem(hostile, 200, {"Cache-Control": "no-store"}) is None
    assert "without Cache-Control: no-store" in problem(hostile, 200, {})
    assert "answered 500, expected 200" in problem(hostile, 500, {})
    events = _disruptions([])
    events.failures.append("item 13: typed words: answered 500, expected 200")
    assert Results(disruptions=events).failed
