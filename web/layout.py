"""The page header, rendered once per kind of page and kept.

The skip link, the service's name and the navigation are the same on every
page but for which section is current. Rendering them through the GOV.UK
Frontend macros cost a fifth of a search results page's rendering, so each
kind of page (its endpoint) renders ``_header.html`` once per process and
reuses it. The header holds nothing a visitor typed: it depends only on the
endpoint, the script root (for its links) and the app's settings.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

EXTENSION = "kb_headers"


def site_header() -> Markup:
    """The header of this request's kind of page (a template global)."""
    kept: dict[tuple, Markup] = current_app.extensions[EXTENSION]
    key = (request.script_root, request.blueprint, request.endpoint)
    html = kept.get(key)
    if html is None:
        html = kept[key] = Markup(render_template("_header.html"))
    return html


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = {}
    app.add_template_global(site_header)
