"""Parameters for the GOV.UK pagination component."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

WINDOW = 2  # pages shown either side of the current one


def pagination(page: int, pages: int,
               href: Callable[[int], str]) -> dict[str, Any] | None:
    """``govukPagination`` params: previous, next, and numbered pages with gaps."""
    if pages <= 1:
        return None
    near = range(max(1, page - WINDOW), min(pages, page + WINDOW) + 1)
    shown = sorted({1, pages, *near})
    items: list[dict[str, Any]] = []
    for number in shown:
        if items and number - items[-1].get("number", number) > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number),
                      "current": number == page})
    params: dict[str, Any] = {"items": items, "landmarkLabel": "Results pages"}
    if page > 1:
        params["previous"] = {"href": href(page - 1)}
    if page < pages:
        params["next"] = {"href": href(page + 1)}
    return params
