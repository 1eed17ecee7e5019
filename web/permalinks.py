"""What the cite, history and pack pages share: sections, versions, citations and
the one maker of links to a document's page (``document_url``).

A document's version is read from git once per loading of the library. Without
git every page still works: citations carry no version and history pages say it
is unavailable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import abort, g, url_for

from kb import history
from kb.citations import Citation, cite, cite_document
from kb.gitrepo import Commit, GitError
from kb.law_citations import acts_of, law_for
from kb.model import Document, Library, Section
from kb.pathways.model import Pathway
from web.stores import get_frame, get_library, once_per_library

PERMALINK_LENGTH = 12  # enough to stay unambiguous as the history grows


def get_section(doc: Document, anchor: str) -> Section:
    section = doc.section(anchor)
    if section is None:
        abort(404)
    return section


def version_of(item: Document | Pathway) -> Commit | None:
    """The commit of the document or pathway being served; None without git or
    when uncommitted. Read from git once per loading of the library: a changed
    file reloads the library, and with it every version."""
    kept = g.get("kb_versions")
    if kept is None:  # once a request: finding the frame may look for edits
        kept = g.kb_versions = versions(get_frame())
    if item.path not in kept:
        try:
            kept[item.path] = history.current_version(item)
        except GitError:
            kept[item.path] = None
    return kept[item.path]


@once_per_library
def versions(frame: Library) -> dict[Path, Commit | None]:
    """The versions read so far for this loading of the library, by path."""
    return {}


def revision_id(commit: Commit) -> str:
    return commit.sha[:PERMALINK_LENGTH]


def document_url(doc_id: str, anchor: str = "", *, external: bool = False,
                 highlight: str | None = None) -> str:
    """The page of a document, or of one of its sections: every link to a
    document, on pages, in the API and in packs, is made here."""
    return url_for("documents.show", doc_id=doc_id, _anchor=anchor or None,
                   highlight=highlight or None, _external=external)


def permalink(doc_id: str, anchor: str, commit: Commit, external: bool = True) -> str:
    """The section frozen at ``commit``: its words never change."""
    return url_for("history.at", doc_id=doc_id, rev=revision_id(commit),
                   _anchor=anchor, _external=external)


def citation_for(doc: Document, section: Section,
                 accessed: dt.date | None = None) -> Citation:
    version = version_of(doc)
    link = permalink(doc.id, section.anchor, version) if version else None
    law = law_for(doc, section, acts_of(get_library().root))
    return cite(doc, section, document_url(doc.id, section.anchor, external=True),
                version, link, accessed, law)


def document_citation(doc: Document) -> Citation:
    """The whole document as a reference: page metadata and the printed page."""
    version = version_of(doc)
    link = url_for("history.at", doc_id=doc.id, rev=revision_id(version),
                   _external=True) if version else None
    return cite_document(doc, document_url(doc.id, external=True), version, link)
