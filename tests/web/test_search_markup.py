"""The results page writes out some GOV.UK Frontend components instead of
calling their macros (each call cost a tenth of the page's rendering). Each
written-out piece must give exactly the macro's markup for every case the
page can meet."""

from __future__ import annotations

import pytest

from web.pagination import pagination
from web.search import SearchRequest, sort_items

MACROS = "govuk_frontend_jinja/components"


def _render(app, source: str, **context) -> str:
    with app.test_request_context("/search"):
        return app.jinja_env.from_string(source).render(**context)


@pytest.mark.parametrize("pages", range(2, 13))
def test_pagination_is_the_macros_markup_on_every_page(app, pages):
    macro = ('{% from "' + MACROS + '/pagination/macro.html" import govukPagination %}'
             "{{ govukPagination(pagination) }}")
    for page in range(1, pages + 1):
        params = pagination(page, pages, lambda n: f"/search?q=a+%26+b&page={n}")
        assert _render(app, '{% include "search/_pagination.html" %}',
                       pagination=params) == _render(app, macro, pagination=params)


@pytest.mark.parametrize("sort", ["relevance", "updated"])
def test_sort_list_is_the_select_macros_markup(app, sort):
    items = sort_items(SearchRequest(q="x", sort=sort))
    macro = ('{% from "' + MACROS + '/select/macro.html" import govukSelect %}'
             "{{ govukSelect({'id': 'sort', 'name': 'sort', 'items': sort_items,"
             " 'label': {'text': 'Sort by', 'classes': 'govuk-label--s'}}) }}")
    page = _render(app, '{% include "search/_filters.html" %}', sort_items=items,
                   filter_groups=[])
    assert _render(app, macro, sort_items=items).strip() in page


def test_a_later_page_links_back_and_marks_the_gap(client):
    html = client.get("/search?q=child&page=2").get_data(as_text=True)
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'aria-current="page"' in html and "&ctdot;" in html


@pytest.mark.parametrize("external", [False, True])
@pytest.mark.parametrize("anchor", ["", "1-scope", "a b", "ü/x?y#z%", "x&amp;"])
def test_presenter_links_equal_document_url(app, external, anchor):
    """The presenter makes each document's link once and adds section anchors
    itself: the links must be what ``document_url`` makes."""
    from web.permalinks import document_url
    from web.results import Presenter

    with app.test_request_context("/search?q=x"):
        presenter = Presenter(external=external, highlight="county & lines")
        for highlight in (True, False, True):
            made = presenter.url("some-doc", anchor, highlight=highlight)
            assert made == document_url(
                "some-doc", anchor, external=external,
                highlight="county & lines" if highlight else None)
