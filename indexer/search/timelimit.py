"""A time limit on every search, without a timer thread per search.

``Deadline`` is one search's budget, handed to every stage (spelling
correction, the document pass and its near-spellings retry, the exact
ranking, snippets): each checks it between units of work and stops short
when it has passed, and the page then says its results may be incomplete.
"""

from __future__ import annotations

import time

__all__ = ["Deadline"]


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
