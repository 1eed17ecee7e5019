"""Works with no signal: an installable site whose service worker keeps a copy.

The browser side is ``static/js/sw.js`` (the service worker, served from the site
root so that it controls every page) and ``static/js/offline.js`` (the "Save for
offline use" control). This module gives them what they need, from one place:

- ``/manifest.webmanifest``: name, icons, theme colour, start page (installable);
- ``/offline/pages.json``: which URLs the worker keeps. ``core`` is kept by
  every worker (the contacts page, the offline pages, the styles and scripts);
  ``library`` only when someone chooses "Save for offline use". Another feature
  adds its pages with ``register_pages`` (one line, at import time);
- ``/offline/version.json``: the index generation, so a saved copy refreshes
  itself when the guidance changes;
- ``/offline/index.json``: the compact search index ``kb index`` wrote
  (``indexer.build.offline``), searched in the browser by ``/offline/search``.

No search page or search result is ever listed or kept: those responses are
``no-store`` (``web.security``) and the worker never stores such a response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from indexer.build.offline import offline_index_path
from kb.model import Library
from web.home import CONTACTS_ID
from web.static_files import digest
from web.stores import IndexUnavailable, get_index, get_library

bp = Blueprint("offline", __name__)

THEME_COLOUR = "#1d70b8"  # GOV.UK Frontend's brand blue ($govuk-brand-colour)
ICONS = (("icons/icon-192.png", "192x192", "any"),
         ("icons/icon-512.png", "512x512", "any"),
         ("icons/icon-maskable-512.png", "512x512", "maskable"))
# Static files every worker keeps: what the core pages need to look right.
CORE_ASSETS = ("govuk/site.css", "css/print.css", "govuk/govuk-frontend.min.js",
               "js/site.mjs", "js/cite.js", "js/js-enabled.js", "js/offline.js",
               "favicon.svg")
# Kept with a saved copy: what offline search needs.
LIBRARY_ASSETS = ("vendor/minisearch.js", "js/offline-search.js")
NO_CACHE = "no-cache"  # the worker and the browser must ask each time

PageLister = Callable[[Library], Iterable[str]]
_page_listers: list[PageLister] = []


def register_pages(lister: PageLister) -> PageLister:
    """Add a feature's pages to the saved copy: ``lister(library)`` yields URLs
    (made with ``url_for``). Usable as a decorator."""
    _page_listers.append(lister)
    return lister


@register_pages
def _library_pages(library: Library) -> Iterable[str]:
    yield url_for("home.index")
    yield url_for("browse.index")
    yield url_for("browse.a_to_z")
    yield url_for("browse.glossary")
    for doc_id in sorted(library.documents):
        yield url_for("documents.show", doc_id=doc_id)


@register_pages
def _pathway_pages(library: Library) -> Iterable[str]:
    """What to do now: the chooser, and each situation for each role and nation."""
    yield url_for("now.index")
    for pathway in library.pathways.values():
        yield url_for("now.situation", pathway_id=pathway.id)
        for role in pathway.roles:
            yield url_for("now.situation", pathway_id=pathway.id, role=role)
            for nation in pathway.nations:
                yield url_for("now.situation", pathway_id=pathway.id, role=role,
                              nation=nation)


@register_pages
def _area_pages(library: Library) -> Iterable[str]:
    """Your area: the chooser, and each area's contacts and home page, so a
    saved copy still gives the local numbers with no signal."""
    yield url_for("areas.choose")
    for area_id in sorted(library.areas):
        yield url_for("areas.show", area_id=area_id)
        yield url_for("home.index", area=area_id)


def static(filename: str) -> str:
    return digest.static_url_for("static", filename=filename)


def version() -> dict:
    """Which build of the index the site serves now; raises IndexUnavailable."""
    meta = get_index().meta
    commit = meta.content_commit
    label = f"version {commit[:7]}" if commit else f"index {meta.generation}"
    return {"id": f"{meta.generation}-{commit or ''}", "label": label,
            "generation": meta.generation, "content_commit": commit,
            "built_at": meta.built_at}


def core_urls(library: Library) -> list[str]:
    contacts = ([url_for("documents.show", doc_id=CONTACTS_ID)]
                if library.get(CONTACTS_ID) else [])
    return ([url_for("offline.help_page"), url_for("offline.search_page")] + contacts
            + [static(name) for name in CORE_ASSETS])


def library_urls(library: Library) -> list[str]:
    urls = [url for lister in _page_listers for url in lister(library)]
    urls += [static(name) for name in LIBRARY_ASSETS]
    urls.append(url_for("offline.search_index"))
    return list(dict.fromkeys(urls))


@bp.get("/offline/pages.json")
def pages():
    library = get_library()
    try:
        current = version()
    except IndexUnavailable:
        current = None
    response = jsonify({"version": current, "core": core_urls(library),
                        "library": library_urls(library)})
    response.headers["Cache-Control"] = NO_CACHE
    return response


@bp.get("/offline/version.json")
def version_file():
    try:
        response = jsonify(version())
    except IndexUnavailable as exc:
        return jsonify({"status": "unavailable", "reason": str(exc)}), 503
    response.headers["Cache-Control"] = NO_CACHE
    return response


@bp.get("/offline/index.json")
def search_index():
    path = offline_index_path(current_app.config["INDEX_DIR"]).resolve()
    if not path.is_file():
        abort(404)
    return _small_file(path, "application/json")


@bp.get("/offline")
def help_page():
    return render_template("offline/help.html", contacts_id=CONTACTS_ID)


@bp.get("/offline/search")
def search_page():
    return render_template(
        "offline/search.html",
        document_url=url_for("documents.show", doc_id="DOC_ID"),
        index_url=url_for("offline.search_index"))


@bp.get("/sw.js")
def service_worker():
    """The worker, from the site root: a worker controls only pages below it."""
    return _small_file(Path(current_app.static_folder) / "js" / "sw.js",
                       "text/javascript")


@bp.get("/manifest.webmanifest")
def manifest():
    name = current_app.config["SERVICE_NAME"]
    data = {
        "id": url_for("home.index"), "name": name, "short_name": "Guidance KB",
        "description": "UK guidance on child trafficking, with contacts and search "
                       "that work without a signal once saved.",
        "start_url": url_for("home.index"), "scope": url_for("home.index"),
        "display": "standalone", "theme_color": THEME_COLOUR,
        "background_color": "#ffffff", "lang": "en-GB",
        "icons": [{"src": static(path), "sizes": sizes, "type": "image/png",
                   "purpose": purpose} for path, sizes, purpose in ICONS],
    }
    response = jsonify(data)
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def _small_file(path: Path, mimetype: str) -> Response:
    """A file read whole (so it can be compressed), checked again on each use."""
    response = Response(path.read_bytes(), mimetype=mimetype)
    response.add_etag()
    response.headers["Cache-Control"] = NO_CACHE
    return response.make_conditional(request)


@bp.after_app_request
def label_pages(response: Response) -> Response:
    """Tell the worker which version a page shows, for its "saved copy" notice."""
    if response.mimetype == "text/html" and response.status_code == 200:
        with suppress(IndexUnavailable):
            response.headers["X-KB-Version"] = version()["label"]
    return response
