"""One document: status, metadata, contents and its sections, ready to cite."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from kb.model import Document, Library
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
        overdue=doc.review_overdue())
