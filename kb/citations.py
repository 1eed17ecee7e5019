"""Citations of one section: plain text, Markdown and a short form for slides.

A trainer's citation must lead back to exactly the words quoted, so each one names
the version (a commit and its date) as well as the live address of the section.
Addresses are passed in: the site builds them, this module only writes them out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kb.gitrepo import Commit
from kb.model import Document, Section

KB_NAME = "Safeguarding Guidance Knowledge Base"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def long_date(day: dt.date) -> str:
    """A date as GOV.UK writes it: 27 November 2026."""
    return f"{day.day} {day:%B %Y}"


def section_label(section: Section) -> str:
    """'section 3.2' for numbered sections, 'introduction' for the lead text."""
    return f"section {section.number}" if section.number else "introduction"


@dataclass(frozen=True)
class Citation:
    """Everything a reference needs; the three formats are read from it."""

    title: str
    publisher: str
    year: int
    section: str  # "section 3.2" or "introduction"
    heading: str
    url: str  # the live section
    accessed: dt.date
    version: Commit | None = None
    permalink: str | None = None  # the section frozen at ``version``

    @property
    def version_text(self) -> str:
        if self.version is None:
            return "Version: current text, not yet in the recorded history."
        return f"Version {self.version.short} of {long_date(self.version.day)}."

    @property
    def text(self) -> str:
        return " ".join([self._lead(self.title, self.heading), self._where(self.url),
                         self.version_text, f"Accessed {long_date(self.accessed)}."])

    @property
    def markdown(self) -> str:
        title, heading = f"*{_md(self.title)}*", _md(self.heading)
        version = self.version_text
        if self.version and self.permalink:
            version = (f"Version [{self.version.short}]({self.permalink}) of "
                       f"{long_date(self.version.day)}.")
        return " ".join([self._lead(title, heading), self._where(f"<{self.url}>"),
                         version, f"Accessed {long_date(self.accessed)}."])

    @property
    def short(self) -> str:
        """One line for a slide footer."""
        version = f"; version {self.version.short}" if self.version else ""
        return f"{self.title}, {self.section} ({self.publisher}, {self.year}{version})"

    def _lead(self, title: str, heading: str) -> str:
        named = f' "{heading}"' if heading else ""
        return f"{self.publisher} ({self.year}). {title}, {self.section}{named}."

    def _where(self, url: str) -> str:
        return f"{url}." if self.publisher == KB_NAME else f"{KB_NAME}, {url}."


def cite(doc: Document, section: Section, url: str, version: Commit | None = None,
         permalink: str | None = None, accessed: dt.date | None = None) -> Citation:
    """The citation of ``section`` of ``doc`` as served at ``url``.

    Documents without a source (practice notes) are published by the knowledge base
    itself, in the year of the version cited.
    """
    if doc.source:
        publisher, year = doc.source.publisher, doc.source.year
    else:
        publisher = KB_NAME
        year = version.day.year if version else doc.reviewed.year
    return Citation(doc.title, publisher, year, section_label(section), section.heading,
                    url, accessed or dt.date.today(), version,
                    permalink if version else None)


def _md(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)
