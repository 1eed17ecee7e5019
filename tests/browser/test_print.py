"""Printed pages say where they came from: the print styles, in a real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PACK = "/pack?s=making-an-nrm-referral-for-a-child%23who-can-refer"


@pytest.mark.parametrize("path", ["/doc/making-an-nrm-referral-for-a-child", PACK])
def test_provenance_shows_only_on_paper(page, path):
    page.goto(path)
    note = page.locator("[data-kb-printed-from]")
    assert not note.is_visible()
    page.emulate_media(media="print")
    assert note.is_visible()
    text = note.inner_text()
    assert "Permanent address: http://127.0.0.1:" in text
    assert path.split("%23")[0] in text
    assert page.locator("form").first.is_hidden()
    page.pdf()  # prints without error
