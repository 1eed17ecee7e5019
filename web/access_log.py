"""Keep query strings out of every log line: development server and gunicorn.

Practitioners may type a child's name into the search box, and the name travels
in the URL. Werkzeug logs each request line through the ``werkzeug`` logger, and
gunicorn's error log quotes a malformed request line whole; this filter formats
each record and cuts everything from a path's ``?`` to the end of the URL before
it is written. A malformed request line (``GET Amara Okafor``: words where the
path and protocol belong) has no query string to cut, so the development
server's log withholds it whole, with the text its error message quotes from it
(gunicorn's: ``deploy/gunicorn.conf.py``, ``WithholdRequestText``).
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# From a path's "?" to the end of the URL: up to " HTTP/1.1" in a request line
# (a hostile client may send raw spaces), or else to the end of the line.
QUERY = re.compile(r"(/[^\s?\"']*)\?.*?(?=\s+HTTP/\d|$)", re.M)


# Werkzeug's access line: '<client> - - [<time>] "<request line>" <status> <size>'.
ACCESS_LINE = re.compile(r'(?P<head>[^"]*)"(?P<line>.*)" (?P<tail>\S+ \S+)', re.S)
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # werkzeug colours lines on a terminal
REQUEST_LINE = re.compile(
    r"(?P<method>[A-Z]{1,20}) (?P<path>/[^\s?#\"']*)\S* (?P<protocol>HTTP/\d\.\d)")
# "code 400, message Bad request version ('Okafor')": the quote is request text.
ERROR_QUOTE = re.compile(r"(code \d+, message [^'\"(]*).*", re.S)
WITHHELD = "(malformed request line withheld)"


def drop_query_strings(text: str) -> str:
    return QUERY.sub(r"\1", text)


def private_request_line(text: str) -> str:
    """A development server log line with its request line reduced to method,
    path and protocol, or withheld when it is not of that form."""
    access = ACCESS_LINE.fullmatch(text)
    if not access:
        return ERROR_QUOTE.sub(r"\1(request text withheld)", text)
    request = REQUEST_LINE.fullmatch(ANSI_STYLE.sub("", access["line"]))
    line = " ".join(request.group("method", "path", "protocol")) if request \
        else WITHHELD
    return f'{access["head"]}"{line}" {access["tail"]}'


class DropQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = drop_query_strings(record.getMessage()), ()
        return True


class WithholdMalformedRequests(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = private_request_line(record.getMessage()), ()
        return True


def install(logger: logging.Logger) -> None:
    if not any(isinstance(f, DropQueryStrings) for f in logger.filters):
        logger.addFilter(DropQueryStrings())


def init_app(app: Flask) -> None:
    werkzeug = logging.getLogger("werkzeug")
    install(werkzeug)
    if not any(isinstance(f, WithholdMalformedRequests) for f in werkzeug.filters):
        werkzeug.addFilter(WithholdMalformedRequests())
