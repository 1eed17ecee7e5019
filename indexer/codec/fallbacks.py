"""How often a fast path of the codec fell back to Whoosh's own reading.

Each fast path reads one layout of the ``whoosh3`` codec. Anything else (a
renamed class, another codec, another column type) is read through Whoosh's
public API with the same result, only slower. A fallback nobody sees is a
slowdown no test catches: so each is counted here by path, logged once (with
no query words), and ``tests/relevance`` checks the counts stay at zero over
the relevance set.
"""

from __future__ import annotations

import logging
from collections import Counter
from threading import Lock

log = logging.getLogger(__name__)
_counts: Counter[str] = Counter()
_lock = Lock()


def fell_back(path: str, found: object) -> None:
    """Count one fallback of the fast path ``path``; ``found`` is what it met."""
    with _lock:
        _counts[path] += 1
        first = _counts[path] == 1
    if first:
        log.warning("Codec fast path %r fell back to Whoosh's reader: found %s",
                    path, type(found).__name__)


def counts() -> dict[str, int]:
    """Fallbacks so far in this process, by path."""
    with _lock:
        return dict(_counts)


def reset() -> None:
    with _lock:
        _counts.clear()
