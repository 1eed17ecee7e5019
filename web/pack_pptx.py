"""A session pack as PowerPoint slides a trainer can present (python-pptx).

16:9 slides: a title slide, then each section under its own heading with its
lists as real bulleted and numbered lists, continued on the next slide when it
is long (``web.pack_slides``) rather than cut. Every content slide has speaker
notes with the words on it and the full citation, and a footer with the short
citation, which ends with the link to the version quoted. A "what to do now"
answer becomes its numbered steps, then its helplines. A sources slide ends the
deck with the reading list and a link to the pack online.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from kb.citations import edition, long_date
from web.html_blocks import BULLET, HEADING, NUMBER, PARAGRAPH, Run, html_blocks
from web.pack_office import set_properties, xml_text
from web.pack_slides import Piece, paginate, pieces, plain
from web.phones import tel_href

if TYPE_CHECKING:
    from web.pack import Pack, PackItem, PathwayItem, ReadingEntry

PPTX_TYPE = ("application/vnd.openxmlformats-officedocument.presentationml."
             "presentation")
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.33 by 7.5 inches: 16:9
MARGIN = Inches(0.6)
TITLE, TITLE_AND_CONTENT = 0, 1  # slide layouts of the default template
BODY_PT, TITLE_PT, FOOTER_PT = 20, 30, 11
LIST_INDENT = Emu(342900)  # the hanging indent of a list item


def slides(pack: Pack, today: dt.date, reading: list[ReadingEntry], address: str,
           service: str, absolute: Callable[[str, str], str]) -> bytes:
    """The pack as .pptx bytes. ``absolute(href, page)`` makes a link found on
    ``page`` a full address."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    set_properties(deck.core_properties, service, today)
    _title_slide(deck, len(pack.items), service, today)
    valid = f"Valid as at {long_date(today)}."
    for item in pack.items:
        if hasattr(item, "answer"):
            _pathway(deck, item, valid)
        else:
            _section(deck, item, valid, absolute)
    _sources(deck, reading, address)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _section(deck, item: PackItem, valid: str,
             absolute: Callable[[str, str], str]) -> None:
    heading = item.citation.heading or item.doc.title
    page_url = item.citation.url
    citation = item.citation
    notes_end = [f"Cite as: {citation.text}"]
    if citation.law and citation.law.numbers:
        notes_end.append(f"The law itself: {citation.law.text} ({citation.law.url})")
    notes_end.append(f"{valid} Current text: {citation.url}")
    pages = paginate(pieces(html_blocks(item.html)))
    for index, page in enumerate(pages):
        title = heading if index == 0 else f"{heading} (continued)"
        slide = _content_slide(deck, title, page,
                               lambda href: absolute(href, page_url))
        _footer(deck, slide, f"{citation.short}. {valid}", citation.link)
        words = "\n".join(plain(p) for p in page)
        _notes(slide, [f"{item.doc.title}, {citation.section}: {heading}", words,
                       *notes_end])


def _pathway(deck, item: PathwayItem, valid: str) -> None:
    answer = item.answer
    version = f"Steps of the {edition(answer.version)}." if answer.version else ""
    footer = f"{answer.pathway.title}. {version} {valid}".replace("  ", " ")
    steps = [Piece(PARAGRAPH, (Run(f"For {answer.role_label}, in "
                                        f"{answer.nation_label}."),))]
    for step in answer.steps:
        urgent = " (urgent)" if step.step.urgent else ""
        steps.append(Piece(NUMBER, (Run(f"{step.step.title}{urgent}. ", bold=True),
                                    Run(step.step.text)), step.number))
    for index, page in enumerate(paginate(steps)):
        title = "What to do now" + (" (continued)" if index else "")
        slide = _content_slide(deck, title, page, lambda href: href)
        _footer(deck, slide, footer, item.url)
        notes = [answer.pathway.title, "\n".join(plain(p) for p in page)]
        for step in answer.steps:
            if any(p.number == step.number for p in page):
                sources = "; ".join(f"{c.label} ({c.url})" for c in step.cited)
                notes.append(f"Step {step.number} comes from: {sources}")
        _notes(slide, [*notes, f"{valid} Current steps: {item.url}"])
    if answer.helplines:
        lines = [Piece(BULLET, (Run(f"{h.name}: ", bold=True),
                                Run(h.number, href=tel_href(h.number)),
                                Run(f". {h.text}")))
                 for h, _ in answer.helplines]
        for index, page in enumerate(paginate(lines)):
            title = f"Helplines in {answer.nation_label}" + (
                " (continued)" if index else "")
            slide = _content_slide(deck, title, page, lambda href: href)
            _footer(deck, slide, footer, item.url)
            _notes(slide, [title, "\n".join(plain(p) for p in page),
                           f"{valid} Current steps: {item.url}"])





def _sources(deck, reading: list[ReadingEntry], address: str) -> None:
    entries = [Piece(BULLET, (Run(e.text),)) for e in reading]
    entries.append(Piece(PARAGRAPH, (Run("Open this pack online", href=address),)))
    for index, page in enumerate(paginate(entries)):
        title = "Sources" + (" (continued)" if index else "")
        slide = _content_slide(deck, title, page, lambda href: href)
        _notes(slide, ["Sources", "\n".join(plain(p) for p in page),
                       f"This pack online: {address}"])


def _title_slide(deck, count: int, service: str, today: dt.date) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    _place(title, MARGIN, Inches(2.0), WIDTH - 2 * MARGIN, Inches(1.5))
    _place(subtitle, MARGIN, Inches(3.8), WIDTH - 2 * MARGIN, Inches(1.6))
    title.text = "Session pack"
    items = "item" if count == 1 else "items"
    subtitle.text = f"{count} {items} from the {service}"
    subtitle.text_frame.add_paragraph().text = f"Valid as at {long_date(today)}"


def _content_slide(deck, title: str, page: list[Piece],
                   absolute: Callable[[str], str]):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    heading, body = slide.shapes.title, slide.placeholders[1]
    _place(heading, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(1.1))
    _place(body, MARGIN, Inches(1.55), WIDTH - 2 * MARGIN, Inches(4.9))
    heading.text = xml_text(title)
    for run in heading.text_frame.paragraphs[0].runs:
        run.font.size = Pt(TITLE_PT)
    frame = body.text_frame
    frame.word_wrap = True
    for index, piece in enumerate(page):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_before = Pt(6)
        _list_format(paragraph, piece)
        for part in piece.runs:
            _add_run(paragraph, part, absolute, bold=piece.kind == HEADING)
    return slide


def _add_run(paragraph, part: Run, absolute: Callable[[str], str],
             bold: bool = False) -> None:
    run = paragraph.add_run()
    run.text = xml_text(part.text)
    run.font.size = Pt(BODY_PT)
    run.font.bold = part.bold or bold or None
    run.font.italic = part.italic or None
    if part.href:
        run.hyperlink.address = absolute(part.href)


def _list_format(paragraph, piece: Piece) -> None:
    """A real bullet or number (a:buChar, a:buAutoNum), or none at all: the
    template's body text is bulleted by default."""
    p_pr = paragraph._p.get_or_add_pPr()
    for old in p_pr.findall(qn("a:buNone")) + p_pr.findall(qn("a:buChar")) + \
            p_pr.findall(qn("a:buAutoNum")):
        p_pr.remove(old)
    listed = piece.kind in (BULLET, NUMBER)
    p_pr.set("marL", str(LIST_INDENT if listed else 0))
    p_pr.set("indent", str(-LIST_INDENT if listed and not piece.continued else 0))
    if piece.kind == BULLET and not piece.continued:
        bullet = p_pr.makeelement(qn("a:buChar"), {"char": "\u2022"})
    elif piece.kind == NUMBER and not piece.continued:
        bullet = p_pr.makeelement(qn("a:buAutoNum"), {
            "type": "arabicPeriod", "startAt": str(piece.number or 1)})
    else:
        bullet = p_pr.makeelement(qn("a:buNone"), {})
    p_pr.append(bullet)


def _footer(deck, slide, text: str, link: str | None) -> None:
    box = slide.shapes.add_textbox(MARGIN, HEIGHT - Inches(0.9),
                                   WIDTH - 2 * MARGIN, Inches(0.7))
    box.text_frame.word_wrap = True
    paragraph = box.text_frame.paragraphs[0]
    if link and text.find(link) >= 0:
        before, after = text.split(link, 1)
        parts = [Run(before), Run(link, href=link), Run(after)]
    else:
        parts = [Run(text)]
    for part in parts:
        run = paragraph.add_run()
        run.text = xml_text(part.text)
        run.font.size = Pt(FOOTER_PT)
        if part.href:
            run.hyperlink.address = part.href


def _notes(slide, parts: list[str]) -> None:
    text = "\n\n".join(p for p in parts if p)
    slide.notes_slide.notes_text_frame.text = xml_text(text)


def _place(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
