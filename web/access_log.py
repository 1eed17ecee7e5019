"""Keep query strings out of the development server's access log.

Practitioners may type a child's name into the search box, and the name travels
in the URL. Werkzeug logs each request line through the ``werkzeug`` logger; this
filter cuts everything from ``?`` to the end of each path before it is written.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

QUERY = re.compile(r"\?[^\s\"']*")


class DropQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = QUERY.sub("", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(QUERY.sub("", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def install(logger: logging.Logger) -> None:
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())


def init_app(app: Flask) -> None:
    install(logging.getLogger("werkzeug"))
