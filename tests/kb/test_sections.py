import pytest

from kb.markdown_html import render
from kb.sections import SectionError, split_sections

BODY = """Lead text before any heading.

## Who can refer {#who-can-refer}

Police and local authorities.

### Children *first*

No consent is needed.

#### Detail

##### Not a section

Still part of Detail.

## Who can refer

```
## Not a heading in code
```

### Déjà vu?

## Who can refer
"""


@pytest.fixture
def sections():
    return split_sections(BODY, body_line=10)


def test_numbers_follow_heading_levels(sections):
    assert [s.number for s in sections] == ["", "1", "1.1", "1.1.1", "2", "2.1", "3"]


def test_explicit_anchor_wins_and_slugs_are_unique(sections):
    assert [s.anchor for s in sections] == [
        "top", "who-can-refer", "children-first", "detail", "who-can-refer_1",
        "deja-vu", "who-can-refer_2"]


def test_anchors_equal_rendered_html_ids(sections):
    html = render(BODY)
    for section in sections[1:]:
        assert f'id="{section.anchor}"' in html


def test_heading_text_level_and_line(sections):
    detail = sections[3]
    assert (detail.heading, detail.level, detail.line) == ("Detail", 4, 20)
    assert sections[2].heading == "Children first"


def test_section_text_stops_at_next_section_and_keeps_deeper_headings(sections):
    assert "Still part of Detail." in sections[3].text
    assert "Not a section" in sections[3].text
    assert "No consent" not in sections[1].text
    assert sections[1].text == "Police and local authorities."


def test_code_blocks_are_not_headings(sections):
    assert "Not a heading in code" in sections[4].markdown


def test_plain_text_drops_markdown_syntax():
    [section] = split_sections("## A {#a}\n\nSee [the **guide**](x.md) and `code`.\n")
    assert section.text == "See the guide and code."


def test_no_lead_section_when_body_starts_with_heading():
    assert split_sections("## Only {#only}\n\ntext\n")[0].anchor == "only"


def test_setext_headings_are_refused():
    with pytest.raises(SectionError, match="underlined headings are not supported"):
        split_sections("Heading\n-------\n\ntext\n")
