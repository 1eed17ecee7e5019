"""Every route of the site with working arguments, read from the URL map, so a
route added later is covered without editing these tests."""

from __future__ import annotations

from flask import Flask

# A working value for each URL argument name the site uses.
WORKING = {
    "doc_id": "spotting-the-signs",
    "anchor": "making-a-referral",
    "rev": "HEAD",
    "facet": "topic",
    "value": "nrm",
    "filename": "css/missing-on-purpose.css",
}


def get_rules(app: Flask) -> list:
    return sorted((r for r in app.url_map.iter_rules() if "GET" in r.methods),
                  key=lambda r: r.rule)


def url_for_rule(rule, **values: str) -> str:
    """The rule's path with ``values`` (already URL-encoded) for its arguments."""
    path = rule.rule
    for name in rule.arguments:
        value = values.get(name, WORKING.get(name, "x"))
        path = path.replace(f"<{name}>", value)
        path = _replace_converter(path, name, value)
    return path


def _replace_converter(path: str, name: str, value: str) -> str:
    start = path.find("<")
    while start != -1:
        end = path.index(">", start)
        if path[start:end].endswith(f":{name}"):
            return path[:start] + value + path[end + 1:]
        start = path.find("<", end)
    return path
