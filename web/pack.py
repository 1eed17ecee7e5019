"""Session packs: chosen sections in order, as a printable page, Markdown, a Word
handout (``web.pack_docx``) or PowerPoint slides (``web.pack_pptx``).

A pack is only its URL (``/pack?s=<id>#<anchor>&s=...``), so it can be shared and
kept; nothing is stored on the server. Each item may also be a pasted section link.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from flask import Blueprint, current_app, render_template, request, url_for
from markupsafe import Markup

from kb.citations import Citation, long_date
from kb.library import LINK
from kb.model import Document, Library, Section
from web.pack_docx import DOCX_TYPE, handout
from web.pack_pptx import PPTX_TYPE, slides
from web.pathway_answers import Answer, answer, pack_item_area, parse_pack_item
from web.permalinks import citation_for, document_url
from web.section_html import link_rewriter, render_sections
from web.stores import find_document, get_library

bp = Blueprint("pack", __name__)

MAX_ITEMS = 40
ITEM = re.compile(r"^(?:.*/doc/)?([a-z0-9][a-z0-9-]*)(?:/[^#]*)?(?:#(.*))?$")


@dataclass(frozen=True)
class PackItem:
    key: str  # "<id>#<anchor>" as it should appear in the pack URL
    doc: Document
    section: Section
    html: Markup
    citation: Citation


@dataclass(frozen=True)
class PathwayItem:
    """A "what to do now" answer in the pack: its steps, each with its sources."""

    key: str  # "now/<id>?role=<role>&nation=<nation>"
    answer: Answer

    @property
    def documents(self) -> list[Document]:
        return self.answer.documents

    @property
    def url(self) -> str:
        """The current steps for this role and nation."""
        answer = self.answer
        return url_for("now.situation", pathway_id=answer.pathway.id,
                       role=answer.role, nation=answer.nation,
                       area=answer.area.id if answer.area else None, _external=True)


@dataclass
class Pack:
    items: list[PackItem | PathwayItem]
    missing: list[str]  # what could not be found, as given

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]

    @property
    def documents(self) -> list[Document]:
        """The reading list: each document once, in pack order."""
        found: dict[str, Document] = {}
        for item in self.items:
            docs = item.documents if isinstance(item, PathwayItem) else [item.doc]
            found.update((d.id, d) for d in docs if d.id not in found)
        return list(found.values())


@dataclass(frozen=True)
class ReadingEntry:
    """One document of the reading list, written out with its addresses."""

    text: str


def reading_list(pack: Pack) -> list[ReadingEntry]:
    """Each document once: the official source first, then our summary of it."""
    entries = []
    for doc in pack.documents:
        summary = document_url(doc.id, external=True)
        if doc.source:
            s = doc.source
            text = (f"{s.publisher} ({s.year}). {s.title}. {s.url}. "
                    f"Summary: {summary}")
        else:
            text = f"{doc.title} ({current_app.config['SERVICE_NAME']}). {summary}"
        entries.append(ReadingEntry(text))
    return entries


def pack_address(pack: Pack) -> str:
    """The pack's own address: it holds the pack, so it leads back to it."""
    return url_for("pack.show", s=pack.keys, _external=True)


def parse_item(text: str) -> tuple[str, str] | None:
    """(document id, anchor) from ``id#anchor`` or a pasted section link."""
    match = ITEM.match(text.strip())
    if match is None or not match.group(2):
        return None
    return match.group(1), match.group(2)


def build_pack(library: Library, given: list[str], today: dt.date) -> Pack:
    pack, rendered = Pack([], []), {}
    for text in [t for t in given if t.strip()][:MAX_ITEMS]:
        pathway = parse_pack_item(library, text)
        if pathway is not None:
            found_answer = answer(library, *pathway, today,
                                  area=pack_item_area(library, text))
            item = PathwayItem(found_answer.key, found_answer)
            if item.key not in pack.keys:
                pack.items.append(item)
            continue
        found = _find(text)
        if found is None:
            pack.missing.append(text)
            continue
        doc, section = found
        key = f"{doc.id}#{section.anchor}"
        if key not in pack.keys:
            html = _rendered(library, doc, rendered)[section.anchor]
            pack.items.append(PackItem(key, doc, section, html,
                                       citation_for(doc, section, today)))
    return pack


def _rendered(library: Library, doc: Document, cache: dict) -> dict[str, Markup]:
    """Each section's HTML, rendering a document once however often it is used."""
    if doc.id not in cache:
        sections = render_sections(library, doc)
        cache[doc.id] = {r.section.anchor: r.html for r in sections}
    return cache[doc.id]


def _find(text: str) -> tuple[Document, Section] | None:
    parsed = parse_item(text)
    doc = find_document(parsed[0]) if parsed else None
    section = doc.section(parsed[1]) if doc and parsed else None
    return (doc, section) if doc and section else None


def _current_pack() -> tuple[Pack, dt.date]:
    today = dt.date.today()
    return build_pack(get_library(), request.args.getlist("s"), today), today


@bp.route("/pack")
def show():
    pack, today = _current_pack()
    return render_template("pack/show.html", pack=pack, today=today,
                           without=_without, moved_up=_moved_up)


def _without(keys: list[str], index: int) -> str:
    return url_for(".show", s=keys[:index] + keys[index + 1:])


def _moved_up(keys: list[str], index: int) -> str:
    keys = list(keys)
    keys[index - 1], keys[index] = keys[index], keys[index - 1]
    return url_for(".show", s=keys)


@bp.route("/pack.md")
def markdown():
    pack, today = _current_pack()
    library = get_library()
    text = render_template("pack/pack.md", pack=pack, today=long_date(today),
                           excerpt=lambda item: absolute_links(library, item))
    return text, 200, {"Content-Type": "text/markdown; charset=utf-8",
                       "Content-Disposition": 'attachment; filename="session-pack.md"'}


@bp.route("/pack.docx")
def docx():
    pack, today = _current_pack()
    data = handout(pack, today, reading_list(pack), pack_address(pack),
                   current_app.config["SERVICE_NAME"], _absolute)
    return _download(data, DOCX_TYPE, "session-pack.docx")


@bp.route("/pack.pptx")
def pptx():
    pack, today = _current_pack()
    data = slides(pack, today, reading_list(pack), pack_address(pack),
                  current_app.config["SERVICE_NAME"], _absolute)
    return _download(data, PPTX_TYPE, "session-pack.pptx")


def _download(data: bytes, mimetype: str, name: str):
    return current_app.response_class(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _absolute(href: str, page: str) -> str:
    """A link found on ``page`` as a full address: a site path gets the host, a
    "#section" the page, and a "tel:" or "mailto:" link stays as it is."""
    return urljoin(page, href)


def absolute_links(library: Library, item: PackItem) -> str:
    """The section's Markdown with links to other guidance made into site links."""
    rewrite = link_rewriter(library, item.doc)

    def replace(match: re.Match) -> str:
        new = rewrite(match.group(1))
        if new is None:
            return match.group(0)
        start, end = match.span(1)
        link = request.host_url.rstrip("/") + new
        return match.group(0)[:start - match.start()] + link + \
            match.group(0)[end - match.start():]

    return LINK.sub(replace, item.section.markdown)
