"""Small libraries for ranking tests, and the one place that reads result order.

Each ranking test builds a library of two or three documents in which a single
rule decides the order. The tests read results only through ``ranked_ids`` and
``shown_anchors``, so a change in what ``search()`` returns touches this file
alone.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index
from tests.indexer.helpers import make_guidance


@dataclass
class Doc:
    id: str
    title: str
    body: str
    status: str = "current"
    superseded_by: str | None = None
    reviewed: str = "2026-01-15"


def ranked_ids(result) -> list[str]:
    """Document ids in the order ``search()`` ranked them."""
    return [hit.doc_id for hit in result.results]


def shown_anchors(result, doc_id: str) -> list[str]:
    """The anchors of the sections shown under ``doc_id``, best first."""
    hit = next(hit for hit in result.results if hit.doc_id == doc_id)
    return [section.anchor for section in hit.sections]


def write(root: Path, doc: Doc) -> None:
    extra = f"superseded_by: {doc.superseded_by}\n" if doc.superseded_by else ""
    path = root / "practice-notes" / f"{doc.id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(f"""\
        ---
        id: {doc.id}
        title: {doc.title}
        type: practice-note
        summary: A note for ranking tests.
        status: {doc.status}
        jurisdictions: [uk]
        audiences: [social-care]
        topics: [identification]
        reviewed: {doc.reviewed}
        """) + extra + "---\n\n" + textwrap.dedent(doc.body), "utf-8")


def open_library(tmp_path: Path, docs: list[Doc]):
    """Index ``docs`` (with the test glossary and vocabulary) and open it."""
    guidance = make_guidance(tmp_path / "guidance", docs={})
    for doc in docs:
        write(guidance, doc)
    build_index(guidance, tmp_path / "index", full=True)
    return open_searcher_index(tmp_path / "index")
