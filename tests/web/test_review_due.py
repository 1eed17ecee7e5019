"""A page whose review is overdue says so plainly, above the content."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.build.builder import build_index
from tests.web.conftest import make_app, write_small_guidance

NOTE = """\
---
id: {id}
title: {title}
type: practice-note
summary: A note with a fact still to check.
status: current
jurisdictions: [england]
audiences: [social-care]
topics: [nrm]
reviewed: {reviewed}
review_due: {due}
unverified:
  - The referral form changed in 2026.
---

## What to do {{#what-to-do}}

Refer the child.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    guidance = write_small_guidance(root / "guidance")
    today = dt.date.today()
    past, future = today - dt.timedelta(days=120), today + dt.timedelta(days=60)
    notes = guidance / "practice-notes"
    (notes / "stale-note.md").write_text(NOTE.format(
        id="stale-note", title="Stale note", reviewed=past - dt.timedelta(days=30),
        due=past), "utf-8")
    (notes / "fresh-note.md").write_text(NOTE.format(
        id="fresh-note", title="Fresh note", reviewed=today, due=future), "utf-8")
    build_index(guidance, root / "index", full=True)
    return make_app(guidance, root / "index").test_client()


def test_overdue_page_warns_plainly_and_points_to_the_facts_to_check(client):
    response = client.get("/doc/stale-note")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    due = dt.date.today() - dt.timedelta(days=120)
    assert "Review overdue: this page was due for review on" in html
    assert f"{due.day} {due:%B %Y}" in html
    assert 'href="#facts-to-check"' in html and 'id="facts-to-check"' in html
    assert html.index("Review overdue") < html.index("What to do", html.index("<main"))


def test_page_within_its_review_date_has_no_overdue_warning(client):
    html = client.get("/doc/fresh-note").get_data(as_text=True)
    assert "Review overdue" not in html
    assert "Facts still to check against the source" in html
