"""Search results as the site and the API show them: one presenter, one set of links.

``indexer.search.query.search`` returns typed results with ids and anchors; this
module turns them into plain data with links made by ``url_for``. The HTML
results page and ``/api/search`` both show what ``present`` returns, so a
label or a link can never differ between them. The API's links are absolute
(``external=True``); the page's are relative and carry the words to highlight.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from indexer.results import (
    BestBet,
    DocumentHit,
    FacetCount,
    SearchPage,
    SectionHit,
    Understood,
)
from web.permalinks import document_url

# How Flask's url_for quotes an ``_anchor`` (flask.Flask.url_for).
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


class Presenter:
    """Turns one ``SearchPage`` into plain data, with links of one kind."""

    def __init__(self, external: bool, highlight: str | None = None) -> None:
        self.external = external
        self.highlight = highlight
        # Each document's link, made once per page: a page links to its ten
        # documents about 35 times (sections, successors, best bets), and
        # url_for costs more than everything else the presenter does.
        self._links: dict[tuple[str, bool], str] = {}

    def page(self, page: SearchPage) -> dict[str, Any]:
        return {
            "query": page.query, "truncated": page.truncated, "total": page.total,
            "page": page.page, "page_size": page.page_size, "pages": page.pages,
            "sort": page.sort, "results": [self.result(r) for r in page.results],
            "facets": {name: [facet_value(v) for v in values]
                       for name, values in page.facets.items()},
            "corrected_from": page.corrected_from, "suggestion": page.suggestion,
            "expansions": list(page.expansions),
            "fuzzy": page.fuzzy,
            "complete": page.complete,
            "best_bets": [self.best_bet(b) for b in page.best_bets],
            "provisions": [self.provision(u) for u in page.provisions],
        }

    def result(self, hit: DocumentHit) -> dict[str, Any]:
        successor = hit.successor
        return {
            "doc_id": hit.doc_id, "title": hit.title, "type": hit.type,
            "type_label": hit.type_label, "status": hit.status,
            "status_label": hit.status_label, "summary": hit.summary,
            "url": self.url(hit.doc_id, highlight=True),
            "successor": {"doc_id": successor.doc_id, "title": successor.title,
                          "url": self.url(successor.doc_id)} if successor else None,
            "reviewed": hit.reviewed, "local_to": hit.local_to,
            "sections": [self.section(hit.doc_id, s) for s in hit.sections],
        }

    def section(self, doc_id: str, section: SectionHit) -> dict[str, Any]:
        return {"anchor": section.anchor, "number": section.number,
                "heading": section.heading, "snippet": section.snippet,
                "url": self.url(doc_id, section.anchor, highlight=True)}

    def best_bet(self, bet: BestBet) -> dict[str, Any]:
        return {"title": bet.title, "doc_id": bet.doc_id, "anchor": bet.anchor,
                "number": bet.number, "heading": bet.heading,
                "url": self.url(bet.doc_id, bet.anchor), "label": bet.label}

    def provision(self, understood: Understood) -> dict[str, Any]:
        """A provision the query names: "Section 47 of the Children Act 1989",
        linked to the section of its Act's summary that describes it."""
        anchor = understood.anchors[0] if understood.anchors else ""
        return {"label": understood.label, "doc_id": understood.doc_id,
                "anchor": anchor, "url": self.url(understood.doc_id, anchor)}

    def url(self, doc_id: str, anchor: str = "", highlight: bool = False) -> str:
        """``document_url`` for the document, with the section's anchor."""
        key = (doc_id, highlight)
        link = self._links.get(key)
        if link is None:
            link = self._links[key] = document_url(
                doc_id, external=self.external,
                highlight=self.highlight if highlight else None)
        return f"{link}#{quote(anchor, safe=ANCHOR_SAFE)}" if anchor else link


def facet_value(value: FacetCount) -> dict[str, Any]:
    return {"value": value.value, "label": value.label, "count": value.count,
            "selected": value.selected}


def for_api(page: SearchPage) -> dict[str, Any]:
    """What /api/search sends: absolute links, nothing highlighted."""
    return Presenter(external=True).page(page)


def for_page(page: SearchPage, highlight: str) -> dict[str, Any]:
    """What the results page shows: relative links that highlight the search words."""
    return Presenter(external=False, highlight=highlight).page(page)
