"""A time limit on every search, without a timer thread per search.

``Deadline`` is one search's budget, handed to every stage (spelling
correction, the document pass and its near-spellings retry, the exact
ranking, snippets): each checks it between units of work and stops short
when it has passed, and the page then says its results may be incomplete.

Whoosh's TimeLimitCollector (with ``use_alarm=False``: signals only work in the
main thread) starts a ``threading.Timer`` for every search, which costs more
than a small search itself. This subclass keeps its behaviour, raising
``TimeLimit`` and keeping what was collected, but reads the clock between
matches instead.
"""

from __future__ import annotations

import time

from whoosh.collectors import TimeLimit, TimeLimitCollector

__all__ = ["Deadline", "DeadlineCollector", "TimeLimit"]


class Deadline:
    """When one search must end; ``cut`` records that a stage stopped short."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.cut = False

    def passed(self) -> bool:
        """True once the time is up; call it only where work is then skipped."""
        if time.monotonic() > self.at:
            self.cut = True
        return self.cut

    @classmethod
    def unlimited(cls) -> Deadline:
        return cls(float("inf"))


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
