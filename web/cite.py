"""Cite this section: a page per section with every citation format.

With ``?at=<rev>`` (the version a trainer cited) the page also says whether the
section has changed since, with the changes.
"""

from __future__ import annotations

import json
import re

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)

from kb import history
from kb.citations import Citation
from kb.gitrepo import GitError, UnknownRevision
from kb.history import SectionChange, UnreadableVersionError
from kb.model import Document, Section
from web.permalinks import citation_for, get_section, version_of
from web.stores import get_document

bp = Blueprint("cite", __name__)
CSL_JSON_TYPE = "application/vnd.citationstyles.csl+json"


@bp.app_template_global()
def cite_section(doc: Document, section: Section) -> Citation:
    """The citation of a section, for the section tools on document pages."""
    return citation_for(doc, section)


@bp.route("/doc/<doc_id>/cite/<anchor>")
def section(doc_id: str, anchor: str):
    doc = get_document(doc_id)
    found = get_section(doc, anchor)
    if found.anchor != anchor:
        # Only the version cited travels on: other arguments could name the
        # route's own parameters or url_for's (_external, _scheme).
        return redirect(url_for(".section", doc_id=doc.id, anchor=found.anchor,
                                at=request.args.get("at")), 301)
    cited = request.args.get("at")
    return render_template("cite/section.html", doc=doc, section=found,
                           citation=citation_for(doc, found),
                           history_available=history.available(doc.path.parent),
                           cited=cited, since=_since(doc, found, cited))


@bp.route("/doc/<doc_id>/cite/<anchor>/csl.json")
def csl_json(doc_id: str, anchor: str):
    """The citation as CSL-JSON, for Zotero, Mendeley and other reference managers."""
    doc = get_document(doc_id)
    found = get_section(doc, anchor)
    body = json.dumps([citation_for(doc, found).csl_json()], ensure_ascii=False,
                      indent=2)
    filename = re.sub(r"[^A-Za-z0-9-]", "-", f"{doc.id}-{found.anchor}") + ".json"
    return Response(body, mimetype=CSL_JSON_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def _since(doc: Document, section: Section, cited: str | None):
    """(version cited, change or None) when ``?at`` names a version; else None."""
    if not cited:
        return None
    try:
        changes = history.changes_since(doc, revision=cited)
    except (UnknownRevision, UnreadableVersionError):  # as /doc/<id>/at/<rev>
        abort(404)
    except GitError:
        return None
    change: SectionChange | None = changes.for_anchor(section.anchor)
    return changes.base, change, version_of(doc)
