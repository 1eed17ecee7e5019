"""A session pack as PowerPoint slides (python-pptx).

A title slide, one slide per section with a short excerpt and the short
citation, and a sources slide. Slides are for showing, so each excerpt is cut
at a sentence or word boundary; the citation leads back to the full text.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from pptx import Presentation
from pptx.util import Emu, Pt

from kb.citations import long_date
from web.pack_office import section_title, set_properties

if TYPE_CHECKING:
    from web.pack import Pack, PathwayItem, ReadingEntry

PPTX_TYPE = ("application/vnd.openxmlformats-officedocument.presentationml."
             "presentation")
EXCERPT_WORDS = 60
TITLE, TITLE_AND_CONTENT = 0, 1  # slide layouts of the default template


def slides(pack: Pack, today: dt.date, reading: list[ReadingEntry], address: str,
           service: str) -> bytes:
    """The pack as .pptx bytes."""
    deck = Presentation()
    set_properties(deck.core_properties, service, today)
    _title_slide(deck, len(pack.items), service, today, address)
    for item in pack.items:
        if hasattr(item, "answer"):
            _pathway_slide(deck, item, today)
            continue
        slide = _content_slide(deck, f"{item.doc.title}: {section_title(item.section)}",
                               [excerpt(item.section.text)])
        _footer(deck, slide, f"{item.citation.short}. Valid as at {long_date(today)}.")
    if reading:
        slide = _content_slide(deck, "Sources", [e.text for e in reading])
        _footer(deck, slide, f"From {address}")
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def excerpt(text: str, limit: int = EXCERPT_WORDS) -> str:
    """The first ``limit`` words, cut at the last full sentence when there is one."""
    words = " ".join(text.split()).split(" ")
    if len(words) <= limit:
        return " ".join(words)
    cut = " ".join(words[:limit])
    end = max(cut.rfind(". "), cut.rfind(".\u201d"))
    if end > len(cut) // 2:
        return cut[:end + 1]
    return cut.rstrip(",;:") + " …"


def _pathway_slide(deck, item: PathwayItem, today: dt.date) -> None:
    answer = item.answer
    steps = [f"{s.number}. {s.step.title}" + (" (urgent)" if s.step.urgent else "")
             for s in answer.steps]
    slide = _content_slide(deck, f"What to do now: {answer.pathway.title}",
                           steps or ["No steps for this role and nation."])
    version = f" Version {answer.version.short}." if answer.version else ""
    _footer(deck, slide, f"For {answer.role_label}, in {answer.nation_label}."
                         f"{version} Valid as at {long_date(today)}. {item.url}")


def _title_slide(deck, count: int, service: str, today: dt.date, address: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE])
    slide.shapes.title.text = "Session pack"
    sections = "section" if count == 1 else "sections"
    slide.placeholders[1].text = (f"{count} {sections} from the {service}\n"
                                  f"Valid as at {long_date(today)}\n{address}")


def _content_slide(deck, title: str, paragraphs: list[str]):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    slide.shapes.title.text = title
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
    body = slide.placeholders[1].text_frame
    body.text = paragraphs[0]
    for text in paragraphs[1:]:
        body.add_paragraph().text = text
    for paragraph in body.paragraphs:
        paragraph.font.size = Pt(18)
    return slide


def _footer(deck, slide, text: str) -> None:
    margin = Emu(457200)  # half an inch
    box = slide.shapes.add_textbox(margin, deck.slide_height - margin * 2,
                                   deck.slide_width - margin * 2, margin)
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    box.text_frame.paragraphs[0].font.size = Pt(11)
