"""Your area: choose it, see its contacts, and carry it in the address.

The chosen area lives in the address only (``?area=belfast-hsc-trust``): never
a cookie, never the server. Pages that use it (home, pathway answers, search,
browse) read it with ``chosen_area``; an unknown area is a 404 that offers the
chooser. ``/api/areas`` gives the same contacts as JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)

from kb.areas.checks import local_area
from kb.areas.model import Area
from kb.model import Document, Library
from kb.pathways.model import NATIONS
from web.errors import wants_json
from web.pathway_answers import contact_json
from web.stores import get_frame, get_library

bp = Blueprint("areas", __name__)
AREA_PARAM = "area"
ID_MAX = 80  # longer than any folder name an editor would choose
# The national route a reader without an area is sent to, where a checked
# official page gives one; other nations fall back to the contacts document.
GENERAL_ROUTES = {
    "northern-ireland": ("NI Direct: reporting child abuse and neglect",
                         "https://www.nidirect.gov.uk/articles/"
                         "reporting-child-abuse-and-neglect"),
}


def chosen_area(library: Library | None = None) -> Area | None:
    """The area the address names, None when it names none; an unknown one is
    a 404 (with the chooser on a page, a JSON error in the API)."""
    value = request.args.get(AREA_PARAM, "").strip()
    if not value:
        return None
    library = library or get_frame()
    area = library.areas.get(value) if len(value) <= ID_MAX else None
    if area is None:
        unknown(value[:ID_MAX])
    return area


def unknown(value: str):
    message = f"No area with id '{value}'. See /api/areas for every area."
    if wants_json():
        abort(404, description=message)
    page = render_template("areas/choose.html", groups=by_nation(get_frame()),
                           unknown=value, next=_next(), today=dt.date.today())
    abort(make_response(page, 404))


def by_nation(library: Library) -> list[tuple[str, list[Area]]]:
    """(nation label, its areas by name), nations in the usual order."""
    groups = []
    for nation in NATIONS:
        areas = sorted((a for a in library.areas.values() if a.nation == nation),
                       key=lambda a: a.name.lower())
        if areas:
            groups.append((library.vocabulary.label("jurisdiction", nation), areas))
    return groups


def local_documents(library: Library, area: Area) -> list[Document]:
    return sorted((d for d in library.documents.values() if local_area(d) == area.id),
                  key=lambda d: d.title.lower())


def _next() -> str:
    """Where the chooser sends the reader back to: a path on this site only."""
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target \
            or len(target) > 300:
        return url_for("home.index")
    return target


@bp.app_template_global()
def with_area(target: str, area: Area) -> str:
    """``target`` (a path on this site) with ``area=`` set to ``area``."""
    joiner = "&" if "?" in target else "?"
    return f"{target}{joiner}{AREA_PARAM}={area.id}"


@bp.app_template_global()
def general_route(nation: str) -> tuple[str, str] | None:
    return GENERAL_ROUTES.get(nation)


@bp.get("/areas")
def choose():
    return render_template("areas/choose.html", groups=by_nation(get_frame()),
                           unknown=None, next=_next(), today=dt.date.today())


@bp.get("/areas/<area_id>")
def show(area_id: str):
    library = get_library()
    area = library.areas.get(area_id)
    if area is None:
        unknown(area_id[:ID_MAX])
    return render_template("areas/show.html", area=area,
                           documents=local_documents(library, area),
                           pathways=library.pathways, today=dt.date.today())


def area_json(library: Library, area: Area, full: bool = False) -> dict[str, Any]:
    found = {
        "id": area.id, "name": area.name, "short_name": area.short_name,
        "nation": area.nation, "kind": area.kind, "kind_label": area.kind_label,
        "url": url_for("areas.show", area_id=area.id, _external=True),
        "api_url": url_for("areas.api_area", area_id=area.id, _external=True),
    }
    if full:
        found.update(
            covers=list(area.covers), unverified=list(area.unverified),
            contacts=[contact_json(c) for c in area.contacts.values()],
            local_steps=[{"pathway": s.pathway, "after": s.after, "title": s.title,
                          "text": s.text, "contacts": list(s.contacts),
                          "cites": [r.key for r in s.cites]} for s in area.steps],
            documents=[d.id for d in local_documents(library, area)])
    return found


@bp.get("/api/areas")
def api_areas():
    library = get_frame()
    found = [area_json(library, a) for _, areas in by_nation(library) for a in areas]
    return jsonify({"total": len(found), "areas": found})


@bp.get("/api/areas/<area_id>")
def api_area(area_id: str):
    library = get_library()
    area = library.areas.get(area_id)
    if area is None:
        abort(404, description=f"No area with id '{area_id[:ID_MAX]}'.")
    return jsonify(area_json(library, area, full=True))
