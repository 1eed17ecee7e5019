"""The search site: GOV.UK Frontend pages and a JSON API over the guidance library.

``create_app`` wires configuration, the per-process library and index, security
headers, and one blueprint per feature. Add a feature by adding its blueprint to
``BLUEPRINTS``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from kb import config as kb_config

# Module names under ``web``; each defines ``bp``. The order is the URL map order.
BLUEPRINTS = ["home", "search", "documents", "browse", "api", "health", "errors",
              "cite", "history", "pack", "offline"]

SERVICE_NAME = "Safeguarding Guidance Knowledge Base"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site. ``test_config`` overrides defaults and the environment."""
    app = Flask(__name__)
    app.config.from_mapping(_defaults())
    if test_config:
        app.config.from_mapping(test_config)
    _folders(app)
    _templates(app)
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"web.{name}").bp)
    for name in ("content", "security", "filters", "access_log", "freshness",
                 "static_files"):
        import_module(f"web.{name}").init_app(app)
    return app


def _defaults() -> dict[str, Any]:
    env = os.environ
    return {
        "SERVICE_NAME": SERVICE_NAME,
        "AUTO_REINDEX": env.get("KB_AUTO_REINDEX") == "1",
        # Look for changed guidance files at most this often (AUTO_REINDEX: always).
        "LIBRARY_CHECK_SECONDS": 2.0,
        "PAGE_SIZE": 10,
        "JSON_SORT_KEYS": False,
    }


def _folders(app: Flask) -> None:
    """Content and index folders as ``kb`` finds them (``kb.config``), unless the
    caller named them: one precedence for the command line and the site."""
    if not app.config.get("GUIDANCE_DIR"):
        app.config["GUIDANCE_DIR"] = str(kb_config.guidance_dir())
    if not app.config.get("INDEX_DIR"):
        guidance = Path(app.config["GUIDANCE_DIR"])
        app.config["INDEX_DIR"] = str(kb_config.index_dir(guidance))


def _templates(app: Flask) -> None:
    """Our templates first, then the GOV.UK Frontend macros under their prefix."""
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(os.path.join(app.root_path, "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
