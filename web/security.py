"""Security headers on every response, error pages and static files included."""

from __future__ import annotations

import urllib.parse

from flask import Flask, Response, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # A query may hold a child's name: never send it on to another site.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# Pages whose URL or body holds what someone typed: keep them out of caches.
PRIVATE_ENDPOINTS = {"search.results", "api.search"}


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint in PRIVATE_ENDPOINTS or request.args.get("highlight"):
        response.headers["Cache-Control"] = "no-store"
    return response


def forget_address(_exc: BaseException | None = None) -> None:
    """Empty the standard library's cache of split addresses: gunicorn and
    Werkzeug split each request's address, query string and all, and Python
    keeps the last 128 (``urllib.parse.urlsplit``). The query may hold a
    child's name: it must not outlive its request."""
    urllib.parse.clear_cache()


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
    app.teardown_request(forget_address)
