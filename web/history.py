"""Versions from git: a document as it was, its history, its changes and feeds.

Revisions arrive in URLs, so each one is validated by ``kb.gitrepo`` before git
sees it; an unknown revision is a 404. Without git these pages say that history
is unavailable and the rest of the site carries on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from flask import Blueprint, abort, render_template, request, url_for

from kb import history
from kb.gitrepo import GitError, UnknownRevision
from kb.history import DocumentVersion, UnreadableVersionError
from kb.model import Document
from web.errors import error_response
from web.permalinks import revision_id
from web.section_html import render_sections
from web.stores import get_document, get_library

bp = Blueprint("history", __name__)

LIBRARY_FEED_SIZE = 30
DOCUMENT_FEED_SIZE = 15
ATOM = "application/atom+xml; charset=utf-8"


@bp.errorhandler(GitError)
def history_unavailable(error: GitError):
    if isinstance(error, UnknownRevision):
        return error_response(404, "There is no version of the guidance with that "
                                   "name. Check the link, or see all versions of "
                                   "the document.")
    # 200, not an error: a plain copy of the files is a working site without history.
    return render_template("history/unavailable.html")


@bp.errorhandler(UnreadableVersionError)
def unreadable(error: UnreadableVersionError):
    return render_template("history/unavailable.html", unreadable=True), 404


@bp.route("/doc/<doc_id>/at/<path:rev>")
def at(doc_id: str, rev: str):
    """The document as it was at ``rev``, with a banner naming the version."""
    doc = get_document(doc_id)
    version = history.document_at(doc, rev)
    if version is None:
        abort(404)
    then = dataclasses.replace(doc, title=version.title, body=version.body,
                               sections=version.sections,
                               anchor_aliases=version.anchor_aliases)
    return render_template("history/at.html", doc=doc, version=version,
                           sections=render_sections(get_library(), then),
                           extra_ids=extra_ids(doc, version),
                           changed=bool(history.compare(version.sections, doc)),
                           rev=revision_id(version.commit))


def extra_ids(doc: Document, version: DocumentVersion) -> dict[str, list[str]]:
    """Anchor -> other names that must reach it in this version.

    Old names the version itself aliased, and today's names for sections that had
    another anchor then, so a link made from either text lands on the section.
    """
    anchors = {s.anchor for s in version.sections}
    ids: dict[str, list[str]] = {}
    for old, target in version.anchor_aliases.items():
        if target in anchors and old not in anchors:
            ids.setdefault(target, []).append(old)
    for old, target in doc.anchor_aliases.items():
        if old in anchors and target not in anchors:
            ids.setdefault(old, []).append(target)
    return ids


@bp.route("/doc/<doc_id>/history")
def document_history(doc_id: str):
    doc = get_document(doc_id)
    return render_template("history/history.html", doc=doc,
                           commits=history.history(doc),
                           modified=history.is_modified(doc))


@bp.route("/doc/<doc_id>/changes")
def changes(doc_id: str):
    """Sections changed since ``?from=<rev>`` or ``?since=YYYY-MM-DD``."""
    doc = get_document(doc_id)
    revision, since = request.args.get("from"), request.args.get("since")
    if revision:
        return _changes_page(doc, history.changes_since(doc, revision=revision))
    if since:
        day = _parse_day(since)
        if day is None:
            return _changes_form(doc, error=True), 400
        return _changes_page(doc, history.changes_since(doc, since=day), day)
    return _changes_form(doc)


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _changes_page(doc: Document, found: history.Changes, day: dt.date | None = None):
    return render_template("history/changes.html", doc=doc, changes=found, since=day,
                           base_rev=revision_id(found.base) if found.base else None)


def _changes_form(doc: Document, error: bool = False) -> str:
    return render_template("history/changes_form.html", doc=doc, error=error,
                           value=request.args.get("since", ""),
                           commits=history.history(doc, limit=10))


@bp.route("/changes.atom")
def library_feed():
    """Every commit that changed guidance, newest first, for trainers to follow."""
    library = get_library()
    entries = [{"commit": c.commit, "documents": c.documents, "parent": c.parent}
               for c in _or_nothing(history.library_changes, library,
                                    LIBRARY_FEED_SIZE)]
    return _feed("Changes to the guidance", url_for(".library_feed", _external=True),
                 url_for("home.index", _external=True), entries)


@bp.route("/doc/<doc_id>/changes.atom")
def document_feed(doc_id: str):
    doc = get_document(doc_id)
    entries = [{"commit": commit, "documents": [doc],
                "changes": history.changes_in_commit(doc, commit)}
               for commit in _or_nothing(history.history, doc, DOCUMENT_FEED_SIZE)]
    return _feed(f"Changes to {doc.title}",
                 url_for(".document_feed", doc_id=doc.id, _external=True),
                 url_for(".document_history", doc_id=doc.id, _external=True), entries)


def _or_nothing(read, *args) -> list:
    """A feed without history is a valid feed with no entries, not an error."""
    try:
        return read(*args)
    except GitError:
        return []


def _feed(title: str, self_url: str, alternate: str, entries: list[dict]):
    updated = max((e["commit"].date for e in entries),
                  default=dt.datetime.now(dt.UTC))
    body = render_template("history/feed.xml", title=title, self_url=self_url,
                           alternate=alternate, entries=entries, updated=updated,
                           entry_id=entry_id, feed_id=entry_id(self_url))
    return body, 200, {"Content-Type": ATOM}


def entry_id(name: str) -> str:
    """A stable Atom id (a URN) for a commit or a feed address."""
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn
