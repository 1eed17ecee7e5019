"""Issue 27, item 2: what a practitioner types is not kept in the process.

A made-up name is searched through the site every way a search can take it
(as typed, through the spelling correction and the near-spellings retry, on
the JSON API and as a highlight), then every object the process holds is
searched for it: functools caches, Whoosh's analysers, filters and searcher
caches, our own posting, column and memo caches, module globals. Nothing may
be found. The name is made from reversed parts when the requests are sent,
so this file itself never holds it.
"""

from __future__ import annotations

import functools
import gc
from urllib.parse import quote

from werkzeug.test import EnvironBuilder, run_wsgi_app

from indexer.search.query import search

# The name's words, reversed: "Jonny Smithe" and a misspelling the spelling
# correction and the fuzzy retry take apart ("Smiht" is near "smith").
HIDDEN = ("ynnoJ", "ehtimS", "thimS", "rogdeh")
PATHS = ("/search?q={q}", "/api/search?q={q}", "/search?q={q}&literal=1",
         "/search?q={q}+referral", "/search?q={q}&sort=updated",
         "/doc/spotting-the-signs?highlight={q}")


def _send(app) -> None:
    """Each request as a server hands it to the site: the address split
    before the site sees it (gunicorn and Werkzeug's server do the same).
    Flask's test client is not used: it splits the address again after the
    response, for its cookies, which no server does."""
    words = [w[::-1] for w in HIDDEN]
    for query in (" ".join(words[:2]), words[2], f"{words[1]} {words[3]}",
                  f"{words[0]} child {words[2]}"):
        for path in PATHS:
            environ = EnvironBuilder(path=path.format(q=quote(query))).get_environ()
            body, status, _headers = run_wsgi_app(app, environ, buffered=True)
            assert status.startswith("200"), path
            b"".join(body)


def _matches(value) -> bool:
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8", "ignore")
        except (TypeError, ValueError):
            return False
    if not isinstance(value, str) or len(value) < 5:
        return False
    backwards = value.lower()[::-1]
    return any(w.lower() in backwards for w in HIDDEN)


def _held_strings() -> list[str]:
    """Every str or bytes reachable from an object the collector tracks,
    through containers it does not track (tuples and dicts of plain values,
    which CPython stops tracking), that holds one of the hidden words."""
    gc.collect()
    seen: set[int] = set()
    found: list[str] = []
    stack = list(gc.get_objects())
    this_frame = _held_strings.__code__
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is stack or obj is this_frame:
            continue
        seen.add(id(obj))
        if isinstance(obj, str | bytes | bytearray):
            if _matches(obj):
                found.append(repr(obj)[:120])
            continue
        stack.extend(r for r in gc.get_referents(obj) if id(r) not in seen)
    return found


def test_a_searched_name_is_held_by_no_cache(site_app):
    _send(site_app)
    _send(site_app)  # a second time: a cache would now be warm
    assert _held_strings() == []


def test_the_search_itself_keeps_nothing(handle):
    """``search`` as ``kb search`` and the API call it: no cache of any kind
    (Whoosh's stemmer cache, the searchers' idf cache, the column cache)."""
    _search(handle)
    _search(handle)
    assert _held_strings() == []


def _search(handle) -> None:
    words = [w[::-1] for w in HIDDEN]
    for query in (" ".join(words[:2]), words[2], f"{words[1]} {words[3]}"):
        assert search(handle, query).query
        search(handle, query, literal=True, sort="updated")


@functools.lru_cache(maxsize=4)
def _remembered(word: str) -> int:
    return len(word)


def _remember() -> None:
    _remembered(HIDDEN[3][::-1] + "x")


def test_the_walk_finds_a_word_kept_in_an_lru_cache():
    """The searches above can fail: a word an lru_cache keeps (and no frame
    holds any more) is found."""
    _remember()
    try:
        assert _held_strings()
    finally:
        _remembered.cache_clear()
    assert _held_strings() == []
