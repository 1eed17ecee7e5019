"""The home page: search first, urgent contacts, ways to browse, what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, render_template

from kb.model import Document, Library
from web.areas import chosen_area
from web.browse import national, values_in_use
from web.section_html import RenderedSection, render_sections
from web.stores import find_document, get_library

bp = Blueprint("home", __name__)

CONTACTS_ID = "key-contacts-and-helplines"
WORRIED_ANCHORS = ("emergency", "helplines")
RECENT_COUNT = 5
FIRST_CONTACTS = ("front_door", "out_of_hours")  # shown first when an area is chosen


@dataclass(frozen=True)
class Worried:
    doc: Document
    sections: list[RenderedSection]


def worried_panel(library: Library) -> Worried | None:
    """The emergency and helpline sections of the contacts document, if it loads."""
    doc = find_document(CONTACTS_ID)
    if doc is None:
        return None
    wanted = [r for r in render_sections(library, doc)
              if r.section.anchor in WORRIED_ANCHORS]
    return Worried(doc, wanted) if wanted else None


def recently_updated(library: Library, count: int = RECENT_COUNT) -> list[Document]:
    docs = sorted(national(library), key=lambda d: d.last_updated, reverse=True)
    return docs[:count]


@bp.get("/")
def index():
    library = get_library()
    area = chosen_area(library)
    return render_template(
        "home/index.html", worried=worried_panel(library), area=area,
        area_contacts=[c for k in FIRST_CONTACTS if area and (c := area.contact(k))],
        today=dt.date.today(),
        topics=values_in_use(library, "topic"),
        audiences=values_in_use(library, "audience"),
        recent=recently_updated(library), vocabulary=library.vocabulary)
