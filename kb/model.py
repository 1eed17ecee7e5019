"""The document model: plain data shared by the indexer, the site and the CLI.

Nothing here reads files or imports Whoosh; see ``kb.library`` for loading.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.areas.model import Area
    from kb.pathways.model import Helpline, Pathway

from kb import facets
from kb.spellings import Spellings


@dataclass(frozen=True)
class Section:
    """A heading (## to ####) and the text up to the next heading of any level."""

    anchor: str
    number: str  # hierarchical: "1", "1.2", "1.2.3"
    heading: str
    level: int  # 2, 3 or 4 (Markdown heading level)
    markdown: str  # the section's own Markdown, heading line excluded
    text: str  # plain text of the section's own Markdown
    line: int  # line of the heading in the source file (1-based)


def find_section(sections: list[Section], aliases: dict[str, str],
                 anchor: str) -> Section | None:
    """The section with ``anchor``, or with the anchor ``aliases`` maps it to."""
    anchor = aliases.get(anchor, anchor)
    return next((s for s in sections if s.anchor == anchor), None)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    published: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY": never more precise than known
    updated: str | None = None
    version: str | None = None

    @property
    def year(self) -> int:
        return int((self.updated or self.published)[:4])

    @property
    def published_year(self) -> int:
        return int(self.published[:4])


@dataclass
class Document:
    id: str
    path: Path
    title: str
    summary: str
    # facet name -> the document's values, a list even for one value: every
    # facet of ``kb.facets`` (type, status, jurisdiction, audience, topic, ...)
    facet_values: dict[str, list[str]]
    reviewed: dt.date
    review_due: dt.date
    body: str  # Markdown after the front matter
    body_line: int  # file line on which the body starts
    sections: list[Section]
    content_hash: str  # sha256 of the raw file bytes
    source: Source | None = None
    superseded_by: str | None = None
    keywords: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    anchor_aliases: dict[str, str] = field(default_factory=dict)
    unverified: list[str] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict, repr=False)
    # (file line, target) of every Markdown link in the body, found once
    links: tuple[tuple[int, str], ...] = field(default=(), repr=False)

    @property
    def type(self) -> str:
        return self._one("type")

    @property
    def status(self) -> str:
        return self._one("status")

    def _one(self, facet: str) -> str:
        found = self.facet_values.get(facet)
        return found[0] if found else ""

    def section(self, anchor: str) -> Section | None:
        """The section with this anchor, following ``anchor_aliases``."""
        return find_section(self.sections, self.anchor_aliases, anchor)

    def review_overdue(self, today: dt.date | None = None) -> bool:
        return (today or dt.date.today()) > self.review_due

    @property
    def last_updated(self) -> str:
        """The most recent date we know of, for sorting: source update or review."""
        dates = [self.reviewed.isoformat()]
        if self.source:
            dates += [self.source.published, self.source.updated or ""]
        return max(dates)


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str
    expansion: str | None = None
    synonyms: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of writing this term: search treats them as one."""
        names = [self.term] + ([self.expansion] if self.expansion else [])
        return tuple(names + list(self.synonyms))


@dataclass(frozen=True)
class BestBet:
    """An urgent query mapped by hand to the sections that answer it."""

    queries: tuple[str, ...]
    targets: tuple[tuple[str, str], ...]  # (doc id, anchor)
    title: str | None = None
    pathway: str | None = None  # a pathway id, shown above the results


@dataclass(frozen=True)
class Vocabulary:
    """Controlled values for front matter, each mapped to its label.

    ``sections`` holds vocabulary.yml as read: section name -> value -> label.
    Ask by facet name (see ``kb.facets``), never by section.
    """

    sections: dict[str, dict[str, str]]

    def values(self, facet: str) -> dict[str, str]:
        """Every allowed value of ``facet`` with its label, in vocabulary order."""
        found = facets.get(facet)
        if found is None:
            return {}
        if found.vocabulary is None:
            return dict(found.fixed)
        return self.sections.get(found.vocabulary, {})

    def label(self, facet: str, value: str) -> str:
        return self.values(facet).get(value, value)


@dataclass
class Library:
    root: Path
    documents: dict[str, Document]
    vocabulary: Vocabulary
    glossary: list[GlossaryTerm]
    best_bets: list[BestBet]
    pathways: dict[str, Pathway] = field(default_factory=dict)
    helplines: list[Helpline] = field(default_factory=list)
    spellings: Spellings = field(default_factory=Spellings)
    areas: dict[str, Area] = field(default_factory=dict)
    _by_path: dict[Path, Document] = field(default_factory=dict, init=False,
                                           repr=False, compare=False)
    _by_normal_path: dict[str, Document] = field(default_factory=dict, init=False,
                                                 repr=False, compare=False)

    def get(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)

    def at_path(self, path: Path) -> Document | None:
        """The document stored at the resolved ``path``: one look-up, not a scan,
        because every internal link is checked and rendered through it."""
        if len(self._by_path) != len(self.documents):
            self._by_path = {d.path.resolve(): d for d in self.documents.values()}
        return self._by_path.get(path)

    def at_normal_path(self, path: str) -> Document | None:
        """The document at ``path`` made absolute and normal (no symbolic links
        followed): a string look-up, 20 times cheaper than resolving the path,
        for the common case; ``at_path`` decides the rest."""
        if len(self._by_normal_path) != len(self.documents):
            self._by_normal_path = {os.path.abspath(d.path): d
                                    for d in self.documents.values()}
        return self._by_normal_path.get(path)

    def successor(self, doc: Document) -> Document | None:
        return self.documents.get(doc.superseded_by or "")
