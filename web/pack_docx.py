"""A session pack as a Word handout (python-docx).

Each section: its document and heading, its text with real lists and tables and
real hyperlinks, then its citation (our summary, with its edition and the link to
the version quoted), the law itself where the section describes a provision, and
the date the pack is valid as at. A "what to do now" answer is its numbered
steps, each with the sections it comes from, and its helplines with numbers to
tap. A reading list ends the handout, and the pack's own address last, so a
photocopy can be traced back. The file holds nothing about the person who made
it: the core properties name the service.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING

import docx as python_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from kb.citations import edition, long_date
from web.html_blocks import BULLET, HEADING, NUMBER, ROW, Block, Run, html_blocks
from web.pack_office import section_title, set_properties, xml_text
from web.phones import tel_href

if TYPE_CHECKING:
    from docx.document import Document as Docx
    from docx.text.paragraph import Paragraph

    from web.pack import Pack, PackItem, PathwayItem, ReadingEntry

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIST_STYLES = {BULLET: "List Bullet", NUMBER: "List Number"}
LINK_COLOUR = RGBColor(0x1D, 0x70, 0xB8)  # GOV.UK link blue
ADDRESS = re.compile(r"<?(https?://[^\s<>]+?)>?(?=[.,;)]?(?:\s|$))")


def handout(pack: Pack, today: dt.date, reading: list[ReadingEntry], address: str,
            service: str, absolute: Callable[[str, str], str]) -> bytes:
    """The pack as .docx bytes. ``absolute(href, page)`` makes a link found on
    ``page`` a full address."""
    docx = python_docx.Document()
    set_properties(docx.core_properties, service, today)
    docx.add_heading("Session pack", 0)
    docx.add_paragraph(_intro(len(pack.items), service, today))
    for number, item in enumerate(pack.items, start=1):
        if hasattr(item, "answer"):
            _pathway(docx, number, item, today)
        else:
            _section(docx, number, item, today, absolute)
    if reading:
        docx.add_heading("Reading list", 1)
        for entry in reading:
            _linked_text(docx.add_paragraph(style="List Bullet"), entry.text)
    _footer(docx, address, today)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _intro(count: int, service: str, today: dt.date) -> str:
    items = "item" if count == 1 else "items"
    return (f"{count} {items} from the {service}, valid as at {long_date(today)}. "
            "Check the current text before relying on it later.")


def _section(docx: Docx, number: int, item: PackItem, today: dt.date,
             absolute: Callable[[str, str], str]) -> None:
    docx.add_heading(xml_text(f"{number}. {item.doc.title}"), 1)
    docx.add_heading(xml_text(section_title(item.section)), 2)
    page = item.citation.url
    _blocks(docx, html_blocks(item.html), lambda href: absolute(href, page))
    citation, style = item.citation, _quote_style(docx)
    _linked_text(docx.add_paragraph(style=style), citation.text)
    law = citation.law
    if law and law.numbers:
        paragraph = docx.add_paragraph("The law itself: ", style=style)
        _add_run(paragraph, Run(law.text, href=law.url))
    paragraph = docx.add_paragraph(f"Valid as at {long_date(today)}. ", style=style)
    _add_run(paragraph, Run("Current text of this section", href=citation.url))
    paragraph.add_run(".")


def _blocks(docx: Docx, blocks: list[Block], absolute: Callable[[str], str]) -> None:
    numbering: _Numbering | None = None
    for is_row, group in groupby(blocks, key=lambda b: b.kind == ROW):
        if is_row:
            _table(docx, list(group))
            numbering = None
            continue
        for block in group:
            if block.kind == HEADING:
                docx.add_heading(xml_text(block.text), 3)
                numbering = None
                continue
            paragraph = docx.add_paragraph(style=LIST_STYLES.get(block.kind))
            if block.kind == NUMBER:
                numbering = numbering or _Numbering(docx)
                numbering.apply(paragraph)
            else:
                numbering = None
            for run in block.runs:
                _add_run(paragraph, run, absolute)


class _Numbering:
    """A numbered list that starts at 1: Word's "List Number" style counts on
    through the whole document unless each list has its own numbering."""

    def __init__(self, docx: Docx) -> None:
        part = docx.part.numbering_part.element
        style = docx.styles["List Number"].element
        base = style.pPr.numPr.numId.val
        abstract = next(n.abstractNumId.val for n in part.num_lst if n.numId == base)
        num = part.add_num(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.num_id = num.numId

    def apply(self, paragraph: Paragraph) -> None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = self.num_id


def _add_run(paragraph: Paragraph, run: Run,
             absolute: Callable[[str], str] = lambda href: href) -> None:
    """A run of text, inside a real hyperlink when it has one."""
    if not run.href:
        added = paragraph.add_run(xml_text(run.text))
        added.bold, added.italic = run.bold or None, run.italic or None
        return
    address = absolute(run.href)
    r_id = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK,
                                    is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    added = paragraph.add_run(xml_text(run.text))
    added.bold, added.italic = run.bold or None, run.italic or None
    added.font.underline = True
    added.font.color.rgb = LINK_COLOUR
    link.append(added._r)
    paragraph._p.append(link)


def _linked_text(paragraph: Paragraph, text: str) -> None:
    """Plain text whose web addresses become hyperlinks."""
    last = 0
    for match in ADDRESS.finditer(text):
        paragraph.add_run(xml_text(text[last:match.start()]))
        _add_run(paragraph, Run(match.group(1), href=match.group(1)))
        last = match.end()
    paragraph.add_run(xml_text(text[last:]))


def _table(docx: Docx, rows: list[Block]) -> None:
    width = max(len(r.cells) for r in rows)
    table = docx.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row, block in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, block.cells, strict=False):
            cell.text = xml_text(text)
            if block.header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _quote_style(docx: Docx) -> str:
    styles = docx.styles
    if "Citation" not in [s.name for s in styles]:
        style = styles.add_style("Citation", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(9)
        style.paragraph_format.left_indent = Pt(18)
    return "Citation"


def _pathway(docx: Docx, number: int, item: PathwayItem, today: dt.date) -> None:
    """A "what to do now" answer: its steps, each with the sections it comes from."""
    answer, style = item.answer, _quote_style(docx)
    docx.add_heading(xml_text(f"{number}. What to do now: {answer.pathway.title}"), 1)
    docx.add_paragraph(f"For {answer.role_label}, in {answer.nation_label}.")
    numbering = _Numbering(docx)
    for step in answer.steps:
        paragraph = docx.add_paragraph(style="List Number")
        numbering.apply(paragraph)
        urgent = " (urgent)" if step.step.urgent else ""
        _add_run(paragraph, Run(f"{step.step.title}{urgent}. ", bold=True))
        _add_run(paragraph, Run(step.step.text))
        for contact in step.contacts:
            docx.add_paragraph(xml_text(contact.printed(answer.today)), style=style)
        sources = docx.add_paragraph("From: ", style=style)
        for index, cited in enumerate(step.cited):
            if index:
                sources.add_run("; ")
            _add_run(sources, Run(cited.label, href=cited.url))
    if answer.helplines:
        docx.add_heading(f"Helplines in {answer.nation_label}", 3)
        for helpline, _ in answer.helplines:
            paragraph = docx.add_paragraph(style="List Bullet")
            _add_run(paragraph, Run(f"{helpline.name}: ", bold=True))
            _add_run(paragraph, Run(helpline.number, href=tel_href(helpline.number)))
            _add_run(paragraph, Run(f". {helpline.text}"))
    version = (f"Steps of the {edition(answer.version)}. " if answer.version
               else "Version: current text, not yet in the recorded history. ")
    paragraph = docx.add_paragraph(f"{version}Valid as at {long_date(today)}. ",
                                   style=style)
    _add_run(paragraph, Run("Current steps for this role and nation", href=item.url))
    paragraph.add_run(".")


def _footer(docx: Docx, address: str, today: dt.date) -> None:
    text = f"Printed from {address} on {long_date(today)}."
    docx.add_paragraph(xml_text(text), style=_quote_style(docx))
    docx.sections[0].footer.paragraphs[0].text = xml_text(text)
