import pytest

from kb.markdown_html import render


@pytest.mark.parametrize(("markdown", "href", "shown"), [
    ("Call 999 now.", "tel:999", "999"),
    ("Phone 08000 121 700 at any time.", "tel:08000121700", "08000 121 700"),
    ("Ring 0808 800 5000.", "tel:08088005000", "0808 800 5000"),
    ("- Childline: 0800 1111", "tel:08001111", "0800 1111"),
    ("**0800 043 4303**", "tel:08000434303", "0800 043 4303"),
])
def test_phone_numbers_become_tel_links(markdown, href, shown):
    assert f'<a href="{href}" rel="noopener noreferrer">{shown}</a>' in render(markdown)


@pytest.mark.parametrize("markdown", [
    "In 19990 or 2023-0999 or 999.5 cases",
    "`0800 1111` in code",
    "[Ring 0800 1111](https://example.org)",
    "See https://example.org/0800",
    "## Call 999 {#call}",
])
def test_no_tel_links_inside_words_code_links_or_headings(markdown):
    assert "tel:" not in render(markdown)


def test_several_numbers_in_one_sentence_keep_the_text_between_them():
    html = render("Call 999 or 0800 1111 and then 08000 121 700 today.")
    assert html.count('href="tel:') == 3
    assert "</a> or <a" in html and "</a> and then <a" in html
    assert html.endswith("</a> today.</p>")
