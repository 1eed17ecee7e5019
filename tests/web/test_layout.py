"""The page header is rendered once per kind of page and kept; each kind of
page still marks its own section as current."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import template_rendered

from web import layout


def _current(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(
        ".govuk-service-navigation__link[aria-current]")]


def test_each_kind_of_page_marks_its_own_section(app):
    client = app.test_client()
    for path, current in [("/search?q=nrm", ["Search"]), ("/glossary", ["Glossary"]),
                          ("/search?q=county+lines", ["Search"]),
                          ("/browse", ["Browse"]), ("/a-z", ["A to Z"]),
                          ("/", []), ("/glossary", ["Glossary"])]:
        response = client.get(path)
        assert response.status_code == 200
        assert _current(response.get_data(as_text=True)) == current, path


def test_the_header_is_rendered_once_per_kind_of_page(app):
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    client = app.test_client()
    app.extensions[layout.EXTENSION].clear()
    with template_rendered.connected_to(record, app):
        for q in ("nrm", "county lines", "missing child"):
            html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
            header = html.split("<header", 1)[1].split("</header>", 1)[0]
            assert "Skip to main content" in html and q not in header
        client.get("/glossary")
    assert rendered.count("_header.html") == 2  # search once, glossary once
