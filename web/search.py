"""Search results: the same request parsing serves the page and the JSON API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from indexer.results import SearchPage
from indexer.search.query import search as run_search
from kb import facets
from web.areas import chosen_area
from web.now import pathways_for_search
from web.pagination import pagination
from web.results import for_page
from web.stores import get_index

bp = Blueprint("search", __name__)

SORTS = {"relevance": "Best match", "updated": "Recently updated"}


@dataclass(frozen=True)
class Limits:
    """The request limits of the page and the API, read once from the app config."""

    page_size: int  # results per page unless the API asks for another size
    max_page_size: int  # the most the API's page_size may ask for
    max_page: int  # a page number above this is read as this

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Limits:
        return cls(int(config["PAGE_SIZE"]), int(config["MAX_PAGE_SIZE"]),
                   int(config["MAX_PAGE"]))


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

    def unfiltered_params(self) -> dict[str, Any]:
        """URL parameters for this search with every filter removed (the sort
        and ``literal`` stay: clearing filters is not a new search)."""
        return self.params(**dict.fromkeys(self.filters))


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value or default), low), high)
    except ValueError:
        return default


def parse_request(args: MultiDict, limits: Limits,
                  page_size_param: bool = False) -> SearchRequest:
    """Read q, facet filters, sort and page (and page_size when
    ``page_size_param``); what is not valid is ignored, never an error."""
    filters = {}
    for name in facets.names():
        values = [v.strip() for v in args.getlist(name) if v.strip()]
        if values:
            filters[name] = list(dict.fromkeys(values))
    sort = args.get("sort", "relevance")
    page_size = limits.page_size
    if page_size_param:
        page_size = _int(args.get("page_size"), page_size, 1, limits.max_page_size)
    q = args.get("q", "").strip()
    return SearchRequest(
        q=q, filters=filters,
        page=_int(args.get("page"), 1, 1, limits.max_page), page_size=page_size,
        sort=sort if sort in SORTS else "relevance",
        literal=_literal(args.get("literal"), q))


def _literal(value: str | None, q: str) -> bool:
    """``literal=1`` (links), or the words the results form was showing as
    typed: the same words typed again stay as typed, new words are corrected."""
    if value is None:
        return False
    return value == "1" or (bool(q) and value.strip() == q)


def request_limits() -> Limits:
    return current_app.extensions["kb_limits"]


def execute(search: SearchRequest) -> SearchPage:
    return run_search(get_index(), search.q, filters=search.filters, page=search.page,
                      page_size=search.page_size, sort=search.sort,
                      literal=search.literal)


def active_filters(search: SearchRequest, data: dict[str, Any]) -> list[dict[str, str]]:
    """Each selected filter with its label and a link that removes it.

    Labels come from the results' own facet counts, as the filter list's do.
    """
    found = []
    for name, values in search.filters.items():
        labels = {v["value"]: v["label"] for v in data["facets"].get(name, [])}
        for value in values:
            rest = [v for v in values if v != value]
            found.append({
                "facet": facets.get(name).label, "label": labels.get(value, value),
                "remove_url": url_for("search.results",
                                      **search.params(**{name: rest}))})
    return found


def filter_groups(data: dict[str, Any]) -> list[dict[str, Any]]:
    """``govukCheckboxes`` params for each facet that has values."""
    groups = []
    for facet in facets.FACETS:
        name, heading = facet.name, facet.label
        options = data["facets"].get(name) or []
        if options and not facet.scoped:  # the area is chosen on its own page
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
    search = parse_request(request.args, request_limits())
    chosen_area()  # an unknown area is a 404 with the chooser
    if search.empty:
        return render_template("search/results.html", search=search, data=None,
                               active=[], pagination=None,
                               sort_items=sort_items(search), filter_groups=[])
    found = execute(search)
    data = for_page(found, highlight=found.query)  # the corrected query, if any
    data["pathways"] = pathways_for_search(found)
    pages = pagination(data["page"], data["pages"],
                       lambda n: url_for("search.results", **search.params(page=n)))
    return render_template(
        "search/results.html", search=search, data=data,
        active=active_filters(search, data), pagination=pages,
        sort_items=sort_items(search), filter_groups=filter_groups(data))


def init_app(app) -> None:
    """Read the request limits from the config once, when the app is made."""
    app.extensions["kb_limits"] = Limits.from_config(app.config)
