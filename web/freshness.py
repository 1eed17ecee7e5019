"""With KB_AUTO_REINDEX=1 a changed guidance file shows up on the next page load.

Each request checks the guidance folder; when something changed, an incremental
index build runs before the library reloads (``reindexer`` is the library
store's change callback), so pages and search agree.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from flask import Flask, request

from indexer.build.builder import BuildError, build_index
from web.stores import stores

log = logging.getLogger(__name__)


def reindexer(app: Flask) -> Callable[[], None] | None:
    """The library store's change callback: an incremental build, or None when
    AUTO_REINDEX is off."""
    if not app.config["AUTO_REINDEX"]:
        return None
    guidance = Path(app.config["GUIDANCE_DIR"])
    index_dir = Path(app.config["INDEX_DIR"])

    def reindex() -> None:
        try:
            build_index(guidance, index_dir, full=False)
        except BuildError as exc:
            log.warning("Index not updated: %s", exc)

    return reindex


def init_app(app: Flask) -> None:
    """Check the guidance folder before each request when AUTO_REINDEX is on."""
    if not app.config["AUTO_REINDEX"]:
        return

    @app.before_request
    def check_guidance() -> None:
        if request.endpoint != "static":
            stores().library.current()
