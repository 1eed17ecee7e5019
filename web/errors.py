"""Error pages: styled HTML for people, JSON under /api/, never a traceback."""

from __future__ import annotations

import logging
import traceback

from flask import Blueprint, Response, jsonify, render_template, request
from werkzeug.datastructures import Headers
from werkzeug.exceptions import (
    BadHost,
    HTTPException,
    InternalServerError,
    SecurityError,
)

from web.stores import IndexUnavailable

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

TITLES = {
    400: "There is a problem with the address",
    404: "Page not found",
    405: "That action is not allowed",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, search is not available right now",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, headers: Headers | None = None):
    if wants_json():
        body = jsonify({"error": {"status": status, "message": message}})
    else:
        title = TITLES.get(status, "Sorry, there is a problem")
        body = render_template("errors/error.html", status=status, title=title,
                               message=message)
    return body, status, headers or Headers()


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    if exc.code is None or exc.code < 400:
        return exc
    return error_response(exc.code, exc.description or "", _kept_headers(exc))


def _kept_headers(exc: HTTPException) -> Headers:
    """The headers the error itself carries, such as a 405's ``Allow`` (RFC 9110
    requires it) or a 503's ``Retry-After``; our page brings its own body."""
    headers = Headers(exc.get_headers())
    headers.remove("Content-Type")
    return headers


@bp.app_errorhandler(SecurityError)
@bp.app_errorhandler(BadHost)
def untrusted_host(exc: HTTPException):
    """A Host the site does not answer to (``TRUSTED_HOSTS``), or one no link can
    be built for (a label over 63 characters): plain text, as a page needs links."""
    log.warning("Refused a request for host %r: not in TRUSTED_HOSTS "
                "(KB_TRUSTED_HOSTS)", request.environ.get("HTTP_HOST", "")[:80])
    return Response("Bad request: this site does not answer to that host name.\n",
                    400, mimetype="text/plain")


@bp.app_errorhandler(IndexUnavailable)
def index_unavailable(exc: IndexUnavailable):
    if not getattr(exc, "logged", False):  # damage is logged once, where found
        # With its cause (what Whoosh raised on opening the folder): no query.
        log.error("Search index unavailable: %s", exc, exc_info=exc)
    return error_response(503, "The search index is missing or damaged. Document "
                               "pages and browsing still work.")


@bp.app_errorhandler(Exception)
def unexpected(exc: Exception):
    # The path and where the code failed, never the query string or the error's
    # message: either may hold what someone typed, such as a child's name.
    log.error("Unhandled %s on %s\n%s", type(exc).__name__, request.path,
              "".join(traceback.format_tb(exc.__traceback__)).rstrip())
    return error_response(500, InternalServerError.description)
