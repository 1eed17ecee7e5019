"""One document: status, metadata, contents and its sections, ready to cite.

A page renders every section's Markdown, its citations and its tools: about
20 ms of CPU. The page's content is the same for every reader of one loading
of the library on one day at one address, so it is rendered once and kept
(``PageCache``, per library load, at most ``PAGE_CACHE_SIZE`` entries). A page
that marks search words (``?highlight=``) holds what someone typed: it is
made for that request from its sections' kept HTML, and never kept.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, current_app, render_template, request, url_for
from markupsafe import Markup

from kb import facets
from kb.model import Document, Library, Vocabulary
from web.permalinks import document_citation, document_url, revision_id, version_of
from web.section_html import highlight_words, mark_sections, render_sections
from web.stores import get_document, get_library, once_per_library

bp = Blueprint("documents", __name__)
T = TypeVar("T")
# Page contents (about 40 kB each on the real library) and their sections' HTML
# kept per process: about 5 MB at most.
PAGE_CACHE_SIZE = 128
TEMPLATE = "documents/show.html"


class PageCache:
    """Rendered page contents (and their sections' HTML) by key, least
    recently used first out."""

    def __init__(self, size: int = PAGE_CACHE_SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.rendered = 0  # pages rendered into this cache, for tests

    def get(self, key: tuple, render: Callable[[], T]) -> T:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        made = render()
        with self._lock:
            self.rendered += 1
            self._kept[key] = made
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made


@once_per_library
def page_cache(library: Library) -> PageCache:
    """The kept pages of this loading of the library: a reload starts afresh."""
    return PageCache()


def aliases_by_anchor(doc: Document) -> dict[str, list[str]]:
    """Old anchors per current anchor, so old citation links still land."""
    found: dict[str, list[str]] = {}
    for old, new in doc.anchor_aliases.items():
        found.setdefault(new, []).append(old)
    return found


@bp.app_template_global()
def facet_rows(doc: Document, vocabulary: Vocabulary) -> list[dict]:
    """The document's facets as rows of its metadata summary list, each facet
    of ``kb.facets`` that has a ``shown`` label and a value, in registry order."""
    rows = []
    for facet in facets.FACETS:
        values = facets.values_of(doc, facet)
        if facet.shown and values:
            text = ", ".join(vocabulary.label(facet.name, v) for v in values)
            rows.append({"key": {"text": facet.shown}, "value": {"text": text}})
    return rows


def related(library: Library, doc: Document) -> list[Document]:
    return [d for d in map(library.get, doc.related) if d is not None]


@bp.get("/doc/<doc_id>")
def show(doc_id: str):
    library, doc = get_library(), get_document(doc_id)
    highlight = request.args.get("highlight", "")[:200]
    # The head's citation metadata is outside the kept content block.
    context = {"doc": doc, "vocabulary": library.vocabulary,
               "printed_from": printed_from(doc)}
    kept = page_cache(library)
    if highlight_words(highlight):
        content = page_content(library, doc, highlight)
    else:
        key = (doc.path, doc.content_hash, dt.date.today(), request.host_url)
        content = kept.get(key, lambda: page_content(library, doc))
    return render_template(TEMPLATE, content=content, **context)


def page_content(library: Library, doc: Document, highlight: str = "") -> Markup:
    """The page's ``content`` block: everything below the breadcrumbs. Its
    sections' HTML is kept without marks; the marks are added for this page."""
    key = ("sections", doc.path, doc.content_hash, request.script_root)
    sections = page_cache(library).get(key, lambda: render_sections(library, doc))
    return render_block(
        TEMPLATE, "content", doc=doc, highlight=highlight,
        sections=mark_sections(sections, highlight),
        aliases=aliases_by_anchor(doc), successor=library.successor(doc),
        related=related(library, doc), vocabulary=library.vocabulary,
        overdue=doc.review_overdue(), printed_from=printed_from(doc))


def render_block(name: str, block: str, **context) -> Markup:
    """One block of a template, rendered with the context Flask gives pages."""
    current_app.update_template_context(context)
    template = current_app.jinja_env.get_template(name)
    return Markup("".join(template.blocks[block](template.new_context(context))))


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
