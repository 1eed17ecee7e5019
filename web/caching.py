"""Which answers a shared cache (nginx, a CDN) may keep, and which no cache may.

One place for the rule, so that a new page cannot fall between two lists:

- **Never stored** (``no-store``): search pages and the search API, and any
  address carrying typed words (``q``, ``highlight``): a search may hold a
  child's name, and a cache would write it to disk.
- **Public** (``PUBLIC_ENDPOINTS``): pages that are the same for everyone and
  change only with the guidance: documents, browse, A to Z, the glossary and
  pathway answers. Shared caches may keep them a short while (``s-maxage``,
  and ``stale-while-revalidate`` in ``CDN-Cache-Control``), and they carry an
  ``ETag`` from the index generation and the page itself, so a cache asks
  again cheaply (``304 Not Modified``) and a new generation shows within
  ``s-maxage`` seconds. Browsers ask again every time (``max-age=0``).
- **Everything else** gets no cache header from here: the browser's own rules
  apply, and a shared cache keeps nothing without an explicit lifetime.

Static files get their validators and lifetimes from WhiteNoise
(``web.static_files``), before Flask runs.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import suppress

from flask import Flask, Response, current_app, request

from web.stores import IndexUnavailable, get_index

# Pages whose URL or body holds what someone typed.
PRIVATE_ENDPOINTS = {"search.results", "api.search"}
# Query arguments that carry typed words: any address with one is never kept
# (``/offline/search?q=``, ``/doc/<id>?highlight=``). The service worker keeps
# no such address either (``static/js/sw.js``, TYPED_WORDS).
TYPED_ARGS = ("q", "highlight")
# The same for every reader, changing only with the guidance.
PUBLIC_ENDPOINTS = {
    "documents.show",
    "browse.index", "browse.facet", "browse.value", "browse.a_to_z",
    "browse.glossary",
    "now.index", "now.situation",
}
NO_STORE = "no-store"


def is_private() -> bool:
    """True when this request's address or answer may hold typed words."""
    return request.endpoint in PRIVATE_ENDPOINTS or any(
        name in request.args for name in TYPED_ARGS)


def public_cache_control() -> str:
    """``public, max-age=0, s-maxage=…``: shared caches (nginx, a CDN) keep the
    page for ``CACHE_MAX_AGE`` seconds. A browser gets ``max-age=0`` and no
    ``stale-while-revalidate``: it asks again each time (a cheap ``304``), so
    with no signal the service worker (``static/js/sw.js``) shows its saved
    copy, labelled as such, never a page the browser kept unlabelled."""
    return f"public, max-age=0, s-maxage={current_app.config['CACHE_MAX_AGE']}"


def cdn_cache_control() -> str:
    """``CDN-Cache-Control`` (RFC 9213), read by CDNs alone: serve a kept page
    while asking again, or while every replica is down. nginx does the same by
    its own configuration (``proxy_cache_use_stale``)."""
    config = current_app.config
    return (f"public, max-age={config['CACHE_MAX_AGE']}, "
            f"stale-while-revalidate={config['CACHE_STALE_WHILE_REVALIDATE']}, "
            f"stale-if-error={config['CACHE_STALE_IF_ERROR']}")


def generation() -> str:
    """The index generation pages are built from, or "" while there is none."""
    with suppress(IndexUnavailable):
        return str(get_index().generation)
    return ""


def set_cache_headers(response: Response) -> Response:
    """``no-store`` for private answers; validators and a lifetime for public
    pages (and ``304`` when the asker already holds this one)."""
    if is_private():
        response.headers["Cache-Control"] = NO_STORE
        return response
    if (request.endpoint not in PUBLIC_ENDPOINTS or response.status_code != 200
            or request.method not in ("GET", "HEAD") or response.is_streamed):
        return response
    tag = hashlib.sha256(generation().encode() + b"\0" + response.get_data())
    response.set_etag(held_copy(tag.hexdigest()[:32]))
    response.headers["Cache-Control"] = public_cache_control()
    response.headers["CDN-Cache-Control"] = cdn_cache_control()
    return response.make_conditional(request)


def held_copy(tag: str) -> str:
    """The tag the asker holds, when it is this page: Flask-Compress names each
    compressed copy ``<tag>:br`` or ``<tag>:gzip``, so a cache holding one asks
    with that name, and gets ``304`` for it."""
    for asked in request.if_none_match.as_set(include_weak=True):
        if asked.split(":", 1)[0] == tag:
            return asked
    return tag


def defaults() -> dict[str, int]:
    """Lifetimes in seconds. A new generation is visible through a shared cache
    within ``CACHE_MAX_AGE`` (plus one request when stale copies are served)."""
    return {"CACHE_MAX_AGE": int(os.environ.get("KB_CACHE_MAX_AGE") or 60),
            "CACHE_STALE_WHILE_REVALIDATE": 30,
            # All replicas down: a cache may keep serving what it has for a day.
            "CACHE_STALE_IF_ERROR": 86400}


def init_app(app: Flask) -> None:
    """Register after Flask-Compress, so this runs before it (Flask runs
    ``after_request`` functions last-registered first): the ETag names the page,
    not one compressed copy of it."""
    for name, value in defaults().items():
        app.config.setdefault(name, value)
    app.after_request(set_cache_headers)
