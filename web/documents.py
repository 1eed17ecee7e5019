"""One document: status, metadata, contents and its sections, ready to cite."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request, url_for

from kb.model import Document, Library
from web.permalinks import document_citation, document_url, revision_id, version_of
from web.section_html import render_sections
from web.stores import get_document, get_library

bp = Blueprint("documents", __name__)


def aliases_by_anchor(doc: Document) -> dict[str, list[str]]:
    """Old anchors per current anchor, so old citation links still land."""
    found: dict[str, list[str]] = {}
    for old, new in doc.anchor_aliases.items():
        found.setdefault(new, []).append(old)
    return found


def related(library: Library, doc: Document) -> list[Document]:
    return [d for d in map(library.get, doc.related) if d is not None]


@bp.get("/doc/<doc_id>")
def show(doc_id: str):
    library, doc = get_library(), get_document(doc_id)
    highlight = request.args.get("highlight", "")[:200]
    return render_template(
        "documents/show.html", doc=doc, highlight=highlight,
        sections=render_sections(library, doc, highlight),
        aliases=aliases_by_anchor(doc), successor=library.successor(doc),
        related=related(library, doc), vocabulary=library.vocabulary,
        overdue=doc.review_overdue(), printed_from=printed_from(doc))


def printed_from(doc: Document) -> dict:
    """What the printed page ends with, so a photocopy can be traced back: the
    document's permanent address and the version printed (``_printed_from.html``)."""
    version = version_of(doc)
    return {
        "address": document_url(doc.id, external=True),
        "version": version, "printed": dt.date.today(),
        "citation": document_citation(doc),
        "permalink": url_for("history.at", doc_id=doc.id, rev=revision_id(version),
                             _external=True) if version else None,
    }
