"""The search site: GOV.UK Frontend pages and a JSON API over the guidance library.

``create_app`` wires configuration, the per-process library and index, security
headers, and one blueprint per feature. Add a feature by importing its module in
``create_app`` and registering its ``bp`` there, as Flask's tutorial does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from kb import config as kb_config

SERVICE_NAME = "Safeguarding Guidance Knowledge Base"
# Host names the site answers to when KB_TRUSTED_HOSTS is not set: this machine
# only. Links in the API, feeds, citations and packs are built from the Host a
# request names, so a site on the internet must name its own (README, Settings).
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site. ``test_config`` overrides defaults and the environment."""
    app = Flask(__name__)
    app.config.from_mapping(_defaults())
    if test_config:
        app.config.from_mapping(test_config)
    _folders(app)
    _templates(app)

    from web import (
        about,
        access_log,
        api,
        areas,
        browse,
        caching,
        cite,
        documents,
        drain,
        errors,
        filters,
        freshness,
        health,
        history,
        home,
        layout,
        now,
        offline,
        pack,
        search,
        security,
        static_files,
        stores,
    )

    # The order is the URL map order.
    for feature in (home, search, documents, browse, api, health, errors, cite,
                    history, pack, now, offline, about, areas):
        app.register_blueprint(feature.bp)
    stores.init_app(app, on_change=freshness.reindexer(app))
    search.init_app(app)
    security.init_app(app)
    filters.init_app(app)
    layout.init_app(app)
    access_log.init_app(app)
    freshness.init_app(app)
    static_files.init_app(app)
    drain.init_app(app)
    caching.init_app(app)  # after static_files: runs before Flask-Compress
    _proxies(app)
    return app


def _defaults() -> dict[str, Any]:
    env = os.environ
    return {
        "SERVICE_NAME": SERVICE_NAME,
        "AUTO_REINDEX": env.get("KB_AUTO_REINDEX") == "1",
        # Look for changed guidance files at most this often (AUTO_REINDEX: always).
        "LIBRARY_CHECK_SECONDS": 2.0,
        # Documents with their text kept in each process (the rest are outlines).
        "DOCUMENT_CACHE_SIZE": 64,
        # Request limits, read once into ``web.search.Limits``.
        "PAGE_SIZE": 10,  # results per page (the API may ask for another size)
        "MAX_PAGE_SIZE": 50,  # the most results per page the API gives
        "MAX_PAGE": 1000,  # a higher page number is read as this
        "JSON_SORT_KEYS": False,
        # Flask refuses any other Host with a 400 (web.errors.untrusted_host).
        "TRUSTED_HOSTS": trusted_hosts(env.get("KB_TRUSTED_HOSTS")),
        # Who publishes this copy, shown on the About, Contact and other pages
        # (web/about.py); each one left unset is said to be unset.
        "PUBLISHER_NAME": env.get("KB_PUBLISHER_NAME", ""),
        "CONTACT_EMAIL": env.get("KB_CONTACT_EMAIL", ""),
        "REPORT_URL": env.get("KB_REPORT_URL", ""),
        # Proxies in front whose X-Forwarded-For/-Proto to believe (0: none).
        "PROXIES": int(env.get("KB_PROXIES") or 0),
    }


def trusted_hosts(setting: str | None) -> list[str]:
    """The host names in ``KB_TRUSTED_HOSTS`` (commas between; ``.example.org``
    also admits every subdomain), or this machine's names when it is unset."""
    names = [name.strip().lower() for name in (setting or "").split(",")]
    return [name for name in names if name] or list(LOCAL_HOSTS)


def _proxies(app: Flask) -> None:
    """Behind nginx or a load balancer that ends TLS, links must say https:
    believe X-Forwarded-Proto and -For from exactly ``PROXIES`` proxies
    (Werkzeug's ProxyFix), outermost so static files see it too. With 0, the
    default, a client cannot forge them. The Host stays the one trusted name."""
    count = int(app.config["PROXIES"])
    if count > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0)


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
