"""A session pack as a Word handout (python-docx).

Each section: its document and heading, its text, then its citation with the
version and the date the pack is valid as at; a reading list at the end, and
the pack's own address last, so a photocopy can be traced back. The file holds
nothing about the person who made it: the core properties name the service.
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
from docx.shared import Pt

from kb.citations import long_date
from web.html_blocks import BULLET, HEADING, NUMBER, ROW, Block, html_blocks
from web.pack_office import section_title, set_properties

if TYPE_CHECKING:
    from docx.document import Document as Docx

    from web.pack import Pack, PathwayItem, ReadingEntry

# What XML (so python-docx) cannot hold. ``kb check`` refuses these in content;
# should one still arrive, the handout shows U+FFFD rather than fail.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIST_STYLES = {BULLET: "List Bullet", NUMBER: "List Number"}


def handout(pack: Pack, today: dt.date, reading: list[ReadingEntry], address: str,
            service: str, absolute: Callable[[str], str]) -> bytes:
    """The pack as .docx bytes. ``absolute`` turns a site path into a full address."""
    docx = python_docx.Document()
    set_properties(docx.core_properties, service, today)
    docx.add_heading("Session pack", 0)
    docx.add_paragraph(_intro(len(pack.items), service, today))
    for number, item in enumerate(pack.items, start=1):
        if hasattr(item, "answer"):
            _pathway(docx, number, item, today)
            continue
        docx.add_heading(_xml(f"{number}. {item.doc.title}"), 1)
        docx.add_heading(_xml(section_title(item.section)), 2)
        _blocks(docx, html_blocks(item.html), absolute)
        _citation(docx, item.citation, today)
    if reading:
        docx.add_heading("Reading list", 1)
        for entry in reading:
            docx.add_paragraph(_xml(entry.text), style="List Bullet")
    _footer(docx, address, today)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _xml(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _intro(count: int, service: str, today: dt.date) -> str:
    sections = "section" if count == 1 else "sections"
    return (f"{count} {sections} from the {service}, valid as at {long_date(today)}. "
            "Check the current text before relying on it later.")


def _blocks(docx: Docx, blocks: list[Block], absolute: Callable[[str], str]) -> None:
    for is_row, group in groupby(blocks, key=lambda b: b.kind == ROW):
        if is_row:
            _table(docx, list(group))
            continue
        for block in group:
            if block.kind == HEADING:
                docx.add_heading(_xml(block.text), 3)
            else:
                _paragraph(docx, block, absolute)


def _paragraph(docx: Docx, block: Block, absolute: Callable[[str], str]) -> None:
    paragraph = docx.add_paragraph(style=LIST_STYLES.get(block.kind))
    for run in block.runs:
        added = paragraph.add_run(_xml(run.text))
        added.bold, added.italic = run.bold or None, run.italic or None
        if run.href and not run.href.startswith("#"):
            paragraph.add_run(f" ({absolute(run.href)})").italic = True


def _table(docx: Docx, rows: list[Block]) -> None:
    width = max(len(r.cells) for r in rows)
    table = docx.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for row, block in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, block.cells, strict=False):
            cell.text = _xml(text)
            if block.header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _citation(docx: Docx, citation, today: dt.date) -> None:
    style = _quote_style(docx)
    docx.add_paragraph(_xml(citation.text), style=style)
    version = citation.version
    version = (f"Version {version.short} of {long_date(version.day)}. "
               if version else "")
    docx.add_paragraph(f"{version}Valid as at {long_date(today)}. "
                       f"Current text: {citation.url}", style=style)


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
    docx.add_heading(f"{number}. What to do now: {answer.pathway.title}", 1)
    docx.add_paragraph(f"For {answer.role_label}, in {answer.nation_label}.")
    for step in answer.steps:
        paragraph = docx.add_paragraph()
        urgent = " (urgent)" if step.step.urgent else ""
        paragraph.add_run(f"{step.number}. {step.step.title}{urgent}.").bold = True
        paragraph.add_run(f" {step.step.text}")
        for contact in step.contacts:
            docx.add_paragraph(contact.printed(answer.today), style=style)
        sources = "; ".join(f"{c.label} ({c.url})" for c in step.cited)
        docx.add_paragraph(f"From: {sources}", style=style)
    if answer.helplines:
        docx.add_heading(f"Helplines in {answer.nation_label}", 3)
        for helpline, _ in answer.helplines:
            docx.add_paragraph(f"{helpline.name}: {helpline.number}. {helpline.text}",
                               style="List Bullet")
    version = answer.version
    version = (f"Version {version.short} of {long_date(version.day)}. " if version
               else "Version: current text, not yet in the recorded history. ")
    docx.add_paragraph(f"{version}Valid as at {long_date(today)}. "
                       f"Current steps: {item.url}", style=style)


def _footer(docx: Docx, address: str, today: dt.date) -> None:
    text = f"Printed from {address} on {long_date(today)}."
    docx.add_paragraph(text, style=_quote_style(docx))
    docx.sections[0].footer.paragraphs[0].text = text
