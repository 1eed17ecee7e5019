"""Values made once per generation (or per schema), not once per search.

A generation's meta, glossary and schema never change once opened, so what is
derived from them alone can be kept beside the object it came from and made
again only when a different object is asked about. Never key anything by
query text: it may hold a child's name and must not be kept.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
T = TypeVar("T")

KEPT = 4  # objects remembered: the generation in use, and one being replaced


def per_object(build: Callable[[K], T]) -> Callable[[K], T]:
    """``build(obj)``, kept for the last few objects (compared by identity, so
    unhashable ones such as dataclasses holding dicts work too)."""
    kept: list[tuple[K, T]] = []
    lock = threading.Lock()

    @functools.wraps(build)
    def cached(obj: K) -> T:
        for seen, value in tuple(kept):
            if seen is obj:
                return value
        value = build(obj)
        with lock:
            kept.insert(0, (obj, value))
            del kept[KEPT:]
        return value

    return cached
