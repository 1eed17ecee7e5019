"""Keep query strings out of every log line: development server and gunicorn.

Practitioners may type a child's name into the search box, and the name travels
in the URL. Werkzeug logs each request line through the ``werkzeug`` logger, and
gunicorn's error log quotes a malformed request line whole; this filter formats
each record and cuts everything from a path's ``?`` to the end of the URL before
it is written.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# From a path's "?" to the end of the URL: up to " HTTP/1.1" in a request line
# (a hostile client may send raw spaces), or else to the end of the line.
QUERY = re.compile(r"(/[^\s?\"']*)\?.*?(?=\s+HTTP/\d|$)", re.M)


def drop_query_strings(text: str) -> str:
    return QUERY.sub(r"\1", text)


class DropQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = drop_query_strings(record.getMessage()), ()
        return True


def install(logger: logging.Logger) -> None:
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())


def init_app(app: Flask) -> None:
    install(logging.getLogger("werkzeug"))
