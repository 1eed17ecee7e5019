"""With KB_AUTO_REINDEX=1 a changed guidance file shows up on the next page load.

Each request checks the guidance folder; when something changed, an incremental
index build runs before the library reloads, so pages and search agree.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, request

from indexer.build import BuildError, build_index
from web.content import EXTENSION

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    if not app.config["AUTO_REINDEX"]:
        return
    guidance = Path(app.config["GUIDANCE_DIR"])
    index_dir = Path(app.config["INDEX_DIR"])

    def reindex() -> None:
        try:
            build_index(guidance, index_dir, full=False)
        except BuildError as exc:
            log.warning("Index not updated: %s", exc)

    store = app.extensions[EXTENSION].library
    store.before_reload = reindex

    @app.before_request
    def check_guidance() -> None:
        if request.endpoint != "static":
            store.current()
