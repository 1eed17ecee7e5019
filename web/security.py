"""Security headers on every response, error pages and static files included."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response

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


def add_headers(response: Response) -> Response:
    """Which caches may keep an answer is ``web.caching``'s job."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class SecurityHeaders:
    """WSGI middleware, outermost: the headers for every response that lacks
    them, also those answered before Flask runs (WhiteNoise's static files and
    its 405 for a POST to one). Flask's own responses already carry them."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any):
            present = {name.lower() for name, _ in headers}
            headers = headers + [(name, value) for name, value in HEADERS.items()
                                 if name.lower() not in present]
            return start_response(status, headers, *exc_info)

        return self.app(environ, start)


def forget_address(_exc: BaseException | None = None) -> None:
    """Empty the standard library's cache of split addresses: gunicorn and
    Werkzeug split each request's address, query string and all, and Python
    keeps the last 128 (``urllib.parse.urlsplit``). The query may hold a
    child's name: it must not outlive its request."""
    urllib.parse.clear_cache()


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
    app.teardown_request(forget_address)
