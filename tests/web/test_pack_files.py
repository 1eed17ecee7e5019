"""Packs as Word and PowerPoint: opened with the libraries that wrote them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from pptx.oxml.ns import qn

from tests.kb.helpers import git, write_doc
from tests.web.test_citing import VOCABULARY, commit, make_client

NOTE = """Lead text.

## Who can refer {#who-can-refer}

Only **first responders** can refer. See [the law](law.md#offences).

- police forces
- local authorities

| Service | Number |
|---|---|
| Helpline | 0800 000 000 |

## Next steps {#next-steps}

Wait for a decision. It can take several weeks, and the child should be supported
while they wait. Tell the child what is happening, in words they understand, and
keep a record of what you told them and when you told them. Check back with the
decision maker if you have heard nothing after a month. Keep the child's social
worker and guardian told about any change to the plan.

## A long section {#long}

{long}
"""
LONG = ("\n\n".join(f"Paragraph {n} says what happens at stage {n} of the referral, "
                      "who does it and how long it takes. It then says what to "
                      "record and who to tell." for n in range(1, 13))
        + "\n\n"
        + "\n".join(f"{n}. Numbered step {n} of the plan." for n in range(1, 16)))
NOTE = NOTE.replace("{long}", LONG)
LAW = """## Offences {#offences}

Section 2 makes human trafficking an offence.
"""
SOURCE = ("source:\n  title: Modern Slavery Act 2015\n  publisher: UK Parliament\n"
          "  url: https://www.legislation.gov.uk/ukpga/2015/30\n  published: 2015\n")
PACK = "?s=note%23who-can-refer&s=law%23offences&s=note%23next-steps"
SECRET = "a-private-search-phrase"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    top = tmp_path_factory.mktemp("packs")
    guidance = top / "guidance"
    guidance.mkdir()
    shutil.copy(VOCABULARY, guidance / "vocabulary.yml")
    write_doc(guidance, "note", NOTE, title="Making a referral")
    write_doc(guidance, "law", LAW, title="Modern Slavery Act 2015", extra=SOURCE)
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    sha = commit(top, "Add notes", "2026-01-05T12:00:00+00:00")
    return make_client(guidance, top), sha[:7]


def download(client, kind, query=PACK):
    response = client.get(f"/pack.{kind}{query}&q={SECRET}")
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="session-pack.{kind}"'
    return response.data


@pytest.fixture(scope="module")
def handout(site):
    client, _ = site
    return docx.Document(io.BytesIO(download(client, "docx")))


@pytest.fixture(scope="module")
def deck(site):
    client, _ = site
    return pptx.Presentation(io.BytesIO(download(client, "pptx")))


def headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_handout_has_each_section_heading_in_order(handout):
    assert headings(handout, 1) == [
        "1. Making a referral", "2. Modern Slavery Act 2015",
        "3. Making a referral", "Reading list"]
    assert headings(handout, 2) == ["1 Who can refer", "1 Offences", "2 Next steps"]


def test_handout_has_text_lists_tables_and_real_links(handout):
    text = [p.text for p in handout.paragraphs]
    assert "Only first responders can refer. See the law." in text
    [paragraph] = [p for p in handout.paragraphs if p.text.endswith("See the law.")]
    assert [(h.text, h.address) for h in paragraph.hyperlinks] == [
        ("the law", "http://localhost/doc/law#offences")]
    bullets = [p.text for p in handout.paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == ["police forces", "local authorities"]
    [table] = handout.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Service", "Number"], ["Helpline", "0800 000 000"]]


def test_handout_cites_each_section_with_version_and_valid_date(handout, site):
    _, short = site
    citations = [p.text for p in handout.paragraphs if p.style.name == "Citation"]
    ours = [c for c in citations
            if c.startswith("Safeguarding Guidance Knowledge Base")]
    assert len(ours) == 3 and not [c for c in ours if "Parliament" in c]
    assert sum(c.startswith("Safeguarding Guidance Knowledge Base (2026) Modern "
                            "Slavery Act 2015: summary, section 1, Offences. "
                            f"5 January 2026 edition ({short}).") for c in ours) == 1
    assert all("http://localhost/doc/" in c and "/at/" in c for c in ours)
    assert "The law itself: Modern Slavery Act 2015, s 2" not in citations
    valid = [p for p in handout.paragraphs if p.text.startswith("Valid as at ")]
    assert len(valid) == 3
    assert [[(h.text, h.address) for h in p.hyperlinks] for p in valid] == [
        [("Current text of this section", f"http://localhost/doc/{where}")]
        for where in ("note#who-can-refer", "law#offences", "note#next-steps")]
    cited = [p for p in handout.paragraphs if p.text in ours]
    assert all(p.hyperlinks[0].address.startswith("http://localhost/doc/")
               and "/at/" in p.hyperlinks[0].address for p in cited)


def test_handout_ends_with_reading_list_and_its_own_address(handout):
    bullets = [p.text for p in handout.paragraphs if p.style.name == "List Bullet"]
    assert bullets[-2:] == [
        "Making a referral (Safeguarding Guidance Knowledge Base). "
        "http://localhost/doc/note",
        "UK Parliament (2015). Modern Slavery Act 2015. "
        "https://www.legislation.gov.uk/ukpga/2015/30. Summary: http://localhost/doc/law"]
    last = handout.paragraphs[-1].text
    assert last.startswith("Printed from http://localhost/pack?s=note%23who-can-refer"
                           "&s=law%23offences&s=note%23next-steps on ")
    assert handout.sections[0].footer.paragraphs[0].text == last


def _deck_text(deck):
    return [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            for slide in deck.slides]


def _body(slide):
    return slide.placeholders[1].text_frame


def _bullets(paragraph):
    """The list marker of a slide paragraph: "bullet", a number, or None."""
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return None
    if p_pr.find(qn("a:buChar")) is not None:
        return "bullet"
    numbered = p_pr.find(qn("a:buAutoNum"))
    return int(numbered.get("startAt")) if numbered is not None else None


def test_slides_are_16_by_9_with_a_clean_title_slide(deck):
    assert deck.slide_width * 9 == deck.slide_height * 16
    title = _deck_text(deck)[0]
    assert title[0] == "Session pack"
    assert title[1].startswith("3 items from the Safeguarding Guidance Knowledge "
                               "Base\nValid as at ")
    assert "http" not in " ".join(title)


def test_slides_have_short_titles_and_the_short_citation(deck, site):
    _, short = site
    slides = _deck_text(deck)
    assert [s[0] for s in slides[1:]] == [
        "Who can refer", "Offences", "Next steps", "Sources"]
    assert slides[2][1] == "Section 2 makes human trafficking an offence."
    assert slides[2][2].startswith(
        "Safeguarding Guidance Knowledge Base, Modern Slavery Act 2015: summary, "
        f"section 1 (5 January 2026 edition ({short})) http://localhost/doc/law/at/")
    assert "UK Parliament (2015)." in slides[4][1]


def test_slide_lists_are_real_lists(deck):
    body = _body(deck.slides[1])
    marks = [(p.text, _bullets(p)) for p in body.paragraphs]
    assert marks[:3] == [("Only first responders can refer. See the law.", None),
                         ("police forces", "bullet"), ("local authorities", "bullet")]


def test_every_content_slide_has_notes_with_its_words_and_citation(deck):
    for number, slide in enumerate(list(deck.slides)[1:-1], start=2):
        notes = slide.notes_slide.notes_text_frame.text
        assert "Cite as: Safeguarding Guidance Knowledge Base (2026)" in notes, number
        assert "/at/" in notes and "Valid as at" in notes
        for line in _body(slide).paragraphs:
            assert line.text in notes


@pytest.fixture(scope="module")
def long_deck(site):
    client, _ = site
    return pptx.Presentation(io.BytesIO(download(client, "pptx", "?s=note%23long")))


def test_a_long_section_is_continued_not_cut(long_deck):
    slides = list(long_deck.slides)[1:-1]
    assert len(slides) >= 3
    assert [s.shapes.title.text for s in slides] == \
        ["A long section"] + ["A long section (continued)"] * (len(slides) - 1)
    shown = " ".join(p.text for s in slides for p in _body(s).paragraphs).split()
    expected = " ".join(LONG.split("\n\n")[:-1]).split()
    steps = [f"Numbered step {n} of the plan." for n in range(1, 16)]
    assert " ".join(shown).startswith(" ".join(expected))
    assert " ".join(shown).endswith(" ".join(steps))
    numbers = [_bullets(p) for s in slides for p in _body(s).paragraphs
               if p.text.startswith("Numbered step")]
    assert numbers == list(range(1, 16))  # counting on across slides


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_files_hold_no_query_text_or_personal_data(site, kind):
    client, _ = site
    data = download(client, kind)
    opener = docx.Document if kind == "docx" else pptx.Presentation
    document = opener(io.BytesIO(data))
    props = document.core_properties
    assert props.author == props.last_modified_by == \
        "Safeguarding Guidance Knowledge Base"
    assert props.comments == "" and props.keywords == ""
    assert "python" not in f"{props.author}{props.title}{props.subject}".lower()
    with io.BytesIO(data) as raw, zipfile.ZipFile(raw) as archive:
            everything = b"".join(archive.read(n) for n in archive.namelist())
    assert SECRET.encode() not in everything
    assert b"Editor" not in everything and b"editor@example.org" not in everything


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_an_empty_pack_still_opens(site, kind):
    client, _ = site
    data = download(client, kind, "?s=nope%23x")
    assert data[:2] == b"PK"


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice is not installed")
@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_libreoffice_converts_the_files(site, kind, tmp_path):
    client, _ = site
    source = tmp_path / f"pack.{kind}"
    source.write_bytes(download(client, kind))
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], check=True, capture_output=True,
                   timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = Path(tmp_path / "pack.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")


def test_api_gives_citations_and_download_links(site):
    from tests.web.test_api import check

    client, short = site
    response = client.get(f"/api/pack{PACK}&s=nope%23x")
    assert response.status_code == 200
    data = response.get_json()
    check("Pack", data)
    assert [(i["doc_id"], i["anchor"]) for i in data["items"]] == [
        ("note", "who-can-refer"), ("law", "offences"), ("note", "next-steps")]
    assert data["items"][1]["citation"]["version"]["short"] == short
    assert data["missing"] == ["nope#x"]
    assert data["downloads"]["docx"] == f"http://localhost/pack.docx{PACK}"
    assert client.get(data["downloads"]["pptx"]).status_code == 200


def test_api_refuses_an_empty_section(site):
    client, _ = site
    response = client.get("/api/pack?s=")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "s: expected some text; found none" in message


def test_pack_page_links_to_every_download(site):
    client, _ = site
    html = client.get(f"/pack{PACK}").get_data(as_text=True)
    for kind in ("docx", "pptx", "md"):
        assert f'href="/pack.{kind}{PACK.replace("&", "&amp;")}"' in html


def _printed_from(html):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    note = soup.select_one("[data-kb-printed-from]")
    main = soup.select_one("main")
    assert note is not None and note.find_parent("main") is main
    later = [t for t in note.find_all_next(string=True) if t.strip()
             and t.find_parent("main") is main and note not in t.parents]
    assert later == [], later  # the last words of the page's content
    return " ".join(note.get_text().split())


def test_printed_document_ends_with_address_and_version(site):
    client, short = site
    text = _printed_from(client.get("/doc/note").get_data(as_text=True))
    assert "Permanent address: http://localhost/doc/note." in text
    assert f"Version {short} of 5 January 2026, kept unchanged at " \
           f"http://localhost/doc/note/at/{short}" in text


def test_printed_pack_ends_with_its_address(site):
    client, _ = site
    text = _printed_from(client.get(f"/pack{PACK}").get_data(as_text=True))
    assert f"Permanent address: http://localhost/pack{PACK}." in text
    assert "Each section above gives its own version." in text


def test_print_styles_show_what_the_screen_hides():
    import web

    static = Path(web.__file__).parent / "static"
    screen = (Path(static) / "govuk" / "site.css").read_text()
    paper = (Path(static) / "css" / "print.css").read_text()
    assert ".kb-printed-from{display:none}" in screen
    assert ".kb-printed-from {\n  display: block !important;" in paper


PATHWAY = "now/child-may-be-trafficked?role=police&nation=wales"
MIXED = ("?s=" + PATHWAY.replace("?", "%3F").replace("&", "%26")
         + "&s=making-an-nrm-referral-for-a-child%23who-can-refer")


def test_pathways_in_a_pack_become_steps_with_their_sources(client):
    """Over the real library: a "what to do now" answer beside a section."""
    handout = docx.Document(io.BytesIO(download(client, "docx", MIXED)))
    assert headings(handout, 1)[:2] == [
        "1. What to do now: You think a child may be trafficked or exploited",
        "2. Making an NRM referral for a child"]
    text = [p.text for p in handout.paragraphs]
    assert "For Police and law enforcement, in Wales." in text
    sources = [p for p in handout.paragraphs if p.text.startswith("From: ")]
    assert sources and all(p.hyperlinks and all(
        h.address.startswith("http://localhost/doc/") for h in p.hyperlinks)
        for p in sources)
    steps = [p for p in handout.paragraphs if p.style.name == "List Number"]
    answer = client.get(f"/api/pathways/{PATHWAY.removeprefix('now/')}").get_json()
    first = answer["steps"][0]
    assert len(steps) >= 5 and steps[0].text.startswith(first["title"])
    deck = pptx.Presentation(io.BytesIO(download(client, "pptx", MIXED)))
    slides = _deck_text(deck)
    assert slides[1][0] == "What to do now"
    assert slides[1][1].startswith("For Police and law enforcement, in Wales.\n")
    assert slides[1][2].startswith("You think a child may be trafficked or exploited.")
    data = client.get(f"/api/pack{MIXED}").get_json()
    from tests.web.test_api import check

    check("Pack", data)
    assert [i["kind"] for i in data["items"]] == ["pathway", "section"]
    assert data["items"][0]["url"] == f"http://localhost/{PATHWAY}"


FIVE = "&".join(f"s={doc}%23{anchor}" for doc, anchor in [
    ("children-act-1989", "section-47"), ("key-contacts-and-helplines", "emergency"),
    ("national-referral-mechanism", "reasonable-grounds"),
    ("modern-slavery-act-2015", "section-45"), ("children-act-1989", "section-20")])
FIVE_AND_A_PATHWAY = ("?" + FIVE + "&s="
                      + PATHWAY.replace("?", "%3F").replace("&", "%26"))
LINK = re.compile(r"^(?:https?://[^\s]+|tel:\+?[0-9]+|mailto:[^\s]+)$")


@pytest.fixture(scope="module")
def five(app):
    """Five sections and a pathway over the real library: the pack and the
    sections' own words as the site renders them."""
    from flask import request as flask_request

    from web.html_blocks import html_blocks
    from web.pack import build_pack
    from web.stores import get_library

    client = app.test_client()
    deck = pptx.Presentation(io.BytesIO(download(client, "pptx", FIVE_AND_A_PATHWAY)))
    handout = docx.Document(io.BytesIO(download(client, "docx", FIVE_AND_A_PATHWAY)))
    with app.test_request_context("/pack" + FIVE_AND_A_PATHWAY):
        import datetime as dt
        pack = build_pack(get_library(), flask_request.args.getlist("s"),
                          dt.date.today())
        words = {item.key: " ".join(" | ".join(b.cells) if b.cells else b.text
                                    for b in html_blocks(item.html)).split()
                 for item in pack.items if not hasattr(item, "answer")}
        steps = [f"{s.step.title}{' (urgent)' if s.step.urgent else ''}. {s.step.text}"
                 for item in pack.items if hasattr(item, "answer")
                 for s in item.answer.steps]
    return deck, handout, words, steps


def test_five_sections_and_a_pathway_lose_no_words(five):
    deck, _, words, steps = five
    shown = " ".join(p.text for slide in list(deck.slides)[1:]
                     for p in _body(slide).paragraphs).split()
    shown_text = " ".join(shown)
    for key, expected in words.items():
        assert " ".join(expected) in shown_text, key
    for step in steps:
        assert " ".join(step.split()) in shown_text, step
    numbers = [_bullets(p) for slide in deck.slides for p in _body(slide).paragraphs
               if isinstance(_bullets(p), int)]
    assert numbers == list(range(1, len(steps) + 1))


def test_five_sections_and_a_pathway_have_notes_on_every_content_slide(five):
    deck = five[0]
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert notes.strip(), f"slide {number} has no notes"
        assert "Cite as: Safeguarding Guidance Knowledge Base" in notes or \
            "Current steps: http://localhost/now/" in notes or \
            notes.startswith("Sources"), number
    titles = [s.shapes.title.text for s in deck.slides]
    assert max(len(t) for t in titles) <= 60, titles


def test_every_link_in_both_files_is_whole(five):
    deck, handout, _, _ = five
    links = [r.hyperlink.address for slide in deck.slides for shape in slide.shapes
             if shape.has_text_frame for p in shape.text_frame.paragraphs
             for r in p.runs if r.hyperlink.address]
    links += [h.address for p in handout.paragraphs for h in p.hyperlinks]
    assert len(links) > 20
    bad = [link for link in links if not LINK.match(link)]
    assert not bad, bad
    assert "tel:999" in links
    assert not [link for link in links if "localhosttel" in link or "5091tel" in link]


def test_control_characters_are_marked_not_fatal():
    from web.pack_office import xml_text

    assert xml_text("a\x00b\x0bc\x1fd\ttab\nline") == \
        "a\ufffdb\ufffdc\ufffdd\ttab\nline"
