"""Take one replica out of service without stopping it: ``KB_DRAIN_FILE``.

While the file named by ``KB_DRAIN_FILE`` exists, this process answers every
request, ``/healthz`` included, with ``503 Service Unavailable`` and a
``Retry-After``. A load balancer's health check then sees it down, and nginx
sends each request it was given to another replica (``proxy_next_upstream``).
Remove the file and the replica serves again. Checking costs one ``stat`` a
request; with the setting unset nothing is checked.
"""

from __future__ import annotations

import os

from flask import Flask, current_app
from werkzeug.exceptions import ServiceUnavailable

RETRY_AFTER_SECONDS = 10


def check_drain() -> None:
    path = current_app.config["DRAIN_FILE"]
    if path and os.path.exists(path):
        raise ServiceUnavailable(
            description="This server is being taken out of service: try again.",
            retry_after=RETRY_AFTER_SECONDS)


def init_app(app: Flask) -> None:
    app.config.setdefault("DRAIN_FILE", os.environ.get("KB_DRAIN_FILE", ""))
    if app.config["DRAIN_FILE"]:
        app.before_request(check_drain)
