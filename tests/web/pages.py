"""Read what a page offers: links, ids and forms, as a browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.inputs: list[dict[str, str]] = []
        self.scripts: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag in ("input", "select"):
            self.inputs.append({"tag": tag, **attributes})
        if tag == "option" and self.inputs and self.inputs[-1]["tag"] == "select":
            select = self.inputs[-1]
            if "selected" in attributes or "value" not in select:
                select["value"] = attributes.get("value", "")
        if tag == "script":
            self.scripts.append(attributes)

    def internal_links(self) -> list[str]:
        return [h for h in self.links if h.startswith("/") and not h.startswith("//")]

    def checkboxes(self, name: str) -> list[dict[str, str]]:
        return [i for i in self.inputs if i.get("type") == "checkbox"
                and i.get("name") == name]


def submit(page: Page, tick: tuple[str, str] | None = None) -> str:
    """The query string a browser sends for the search form, ticking one box
    (the options chosen in its selects go too)."""
    fields: list[tuple[str, str]] = []
    for field in page.inputs:
        name = field.get("name")
        if not name:
            continue
        if field.get("type") == "checkbox":
            if "checked" in field or (name, field.get("value")) == tick:
                fields.append((name, field["value"]))
        else:  # a text or hidden input, or a select's chosen option
            fields.append((name, field.get("value", "")))
    return urlencode(fields)
