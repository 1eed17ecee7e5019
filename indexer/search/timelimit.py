"""A time limit on every search, without a timer thread per search.

Whoosh's TimeLimitCollector (with ``use_alarm=False``: signals only work in the
main thread) starts a ``threading.Timer`` for every search, which costs more
than a small search itself. This subclass keeps its behaviour, raising
``TimeLimit`` and keeping what was collected, but reads the clock between
matches instead.
"""

from __future__ import annotations

import time

from whoosh.collectors import TimeLimit, TimeLimitCollector

__all__ = ["DeadlineCollector", "TimeLimit"]


class DeadlineCollector(TimeLimitCollector):
    def __init__(self, child, timelimit: float) -> None:
        super().__init__(child, timelimit, use_alarm=False)
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context) -> None:
        self.child.prepare(top_searcher, q, context)
        self.timedout = False
        self.timer = None
        self.deadline = time.monotonic() + self.timelimit

    def collect_matches(self) -> None:
        child, deadline = self.child, self.deadline
        for sub_docnum in child.matches():
            if time.monotonic() > deadline:
                self.timedout = True
                raise TimeLimit
            child.collect(sub_docnum)
