"""What ``search`` returns: typed results with ids and anchors, never links.

The web layer turns these into pages and JSON (``web/results.py``), making
every link with ``url_for``; ``kb search`` prints them. Query text appears only
as ``SearchPage.query``, handed back to whoever asked: it is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SectionHit:
    """A matching section of a document, with a highlighted snippet."""

    anchor: str
    number: str  # "1.2"; empty for a document's introduction
    heading: str
    snippet: str  # safe HTML: escaped text with matches in <mark>


@dataclass(frozen=True)
class DocumentRef:
    """Another document, named: the successor of a superseded one."""

    doc_id: str
    title: str


@dataclass(frozen=True)
class DocumentHit:
    """A matching document and its best sections."""

    doc_id: str
    title: str
    type: str
    type_label: str
    status: str
    status_label: str
    summary: str
    reviewed: str  # YYYY-MM-DD
    successor: DocumentRef | None
    sections: tuple[SectionHit, ...]
    local_to: str | None = None  # the name of the area of a local document


@dataclass(frozen=True)
class FacetCount:
    """One value of a facet: how many matching documents have it."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class BestBet:
    """A section chosen by editors for this query (anchor "" for a whole document)."""

    doc_id: str
    title: str
    anchor: str
    number: str
    heading: str
    label: str | None  # the bet's own title, if it has one


@dataclass(frozen=True)
class Understood:
    """A provision the query names, read as one Act's: "Section 47 of the
    Children Act 1989", the summary of that Act and its sections describing it."""

    label: str
    doc_id: str
    anchors: tuple[str, ...]  # in order; empty when the summary has no such section


@dataclass(frozen=True)
class SearchPage:
    """One page of results, the facet counts of all matches, and hints."""

    query: str  # the text as searched, after cleaning and cutting
    truncated: bool
    total: int  # matching documents
    page: int
    page_size: int
    pages: int
    sort: str
    results: tuple[DocumentHit, ...]
    facets: dict[str, tuple[FacetCount, ...]]  # facet name -> every value
    corrected_from: str | None  # the query as typed, when ``query`` corrects it
    suggestion: str | None  # "Did you mean", when the results are for the query
    expansions: tuple[str, ...]
    fuzzy: bool
    best_bets: tuple[BestBet, ...] = field(default=())
    # False when the time limit cut a stage short (``indexer.search.timelimit``):
    # fewer matches, a rougher order or plainer snippets than a full search.
    complete: bool = True
    provisions: tuple[Understood, ...] = field(default=())  # the law the query names
