"""Search results: the same request parsing serves the page and the JSON API."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.query import search as run_search
from web.content import get_index, get_library
from web.pagination import pagination

bp = Blueprint("search", __name__)

FACETS = {
    "type": "Type of document",
    "status": "Status",
    "jurisdiction": "Where it applies",
    "audience": "Who it is for",
    "topic": "Topic",
}
SORTS = {"relevance": "Best match", "updated": "Recently updated"}
MAX_PAGE = 1000
MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    literal: bool = False  # search the words as typed: no spelling correction

    @property
    def empty(self) -> bool:
        """Filters narrow a search; on their own they find nothing."""
        return not self.q

    def params(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this search, with ``changes`` applied."""
        params: dict[str, Any] = {"q": self.q, **self.filters}
        if self.sort != "relevance":
            params["sort"] = self.sort
        if self.literal:
            params["literal"] = "1"
        params.update(changes)
        return {k: v for k, v in params.items() if v not in ("", [], None, 1)}


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


def parse_request(args: MultiDict, page_size: int) -> SearchRequest:
    """Read q, facet filters, sort, page and page_size; ignore what is not valid."""
    filters = {}
    for name in FACETS:
        values = [v.strip() for v in args.getlist(name) if v.strip()]
        if values:
            filters[name] = list(dict.fromkeys(values))
    sort = args.get("sort", "relevance")
    return SearchRequest(
        q=args.get("q", "").strip(), filters=filters,
        page=_int(args.get("page"), 1, 1, MAX_PAGE),
        page_size=_int(args.get("page_size"), page_size, 1, MAX_PAGE_SIZE),
        sort=sort if sort in SORTS else "relevance",
        literal=args.get("literal") == "1")


def execute(search: SearchRequest) -> dict[str, Any]:
    return run_search(get_index(), search.q, filters=search.filters, page=search.page,
                      page_size=search.page_size, sort=search.sort,
                      literal=search.literal)


def active_filters(search: SearchRequest) -> list[dict[str, str]]:
    """Each selected filter with its label and a link that removes it."""
    vocabulary = get_library().vocabulary
    found = []
    for name, values in search.filters.items():
        for value in values:
            rest = [v for v in values if v != value]
            found.append({
                "facet": FACETS[name], "label": vocabulary.label(name, value),
                "remove_url": url_for("search.results",
                                      **search.params(**{name: rest}))})
    return found


def filter_groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    """``govukCheckboxes`` params for each facet that has values."""
    groups = []
    for name, heading in FACETS.items():
        options = data["facets"].get(name) or []
        if options:
            groups.append({
                "idPrefix": f"filter-{name}", "name": name,
                "classes": "govuk-checkboxes--small",
                "fieldset": {"legend": {"text": heading,
                                        "classes": "govuk-visually-hidden"}},
                "heading": heading, "open": any(o["selected"] for o in options),
                "items": [{"value": o["value"], "text": f"{o['label']} ({o['count']})",
                           "checked": o["selected"]} for o in options]})
    return groups


def sort_items(search: SearchRequest) -> list[dict[str, Any]]:
    return [{"value": value, "text": text, "selected": value == search.sort}
            for value, text in SORTS.items()]


@bp.get("/search")
def results():
    page_size = current_app.config["PAGE_SIZE"]
    search = replace(parse_request(request.args, page_size), page_size=page_size)
    data = None if search.empty else execute(search)
    pages = pagination(data["page"], data["pages"],
                       lambda n: url_for("search.results", **search.params(page=n))
                       ) if data else None
    return render_template(
        "search/results.html", search=search, data=data, active=active_filters(search),
        pagination=pages, sort_items=sort_items(search),
        filter_groups=filter_groups(data) if data else [])
