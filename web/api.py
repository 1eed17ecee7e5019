"""The JSON API: search, documents and their sections, session packs, and its
OpenAPI description."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from kb import facets
from kb.citations import Citation
from kb.gitrepo import Commit
from kb.model import Document, Library
from web import pack as packs
from web import parameters
from web.areas import chosen_area
from web.filters import plain_heading
from web.now import pathways_for_search
from web.openapi import openapi_spec, operation, search_operation
from web.permalinks import document_url
from web.results import for_api
from web.search import execute, parse_request, request_limits
from web.stores import get_document, get_library

bp = Blueprint("api", __name__, url_prefix="/api")


def document_summary(library: Library, doc: Document) -> dict[str, Any]:
    vocabulary = library.vocabulary
    return {
        "id": doc.id, "title": doc.title,
        "type_label": vocabulary.label("type", doc.type), "summary": doc.summary,
        **{f.key: facets.value_of(doc, f) for f in facets.FACETS},
        "reviewed": doc.reviewed.isoformat(), "review_due": doc.review_due.isoformat(),
        "superseded_by": doc.superseded_by,
        "source": source(doc),
        "url": document_url(doc.id, external=True),
        "api_url": url_for("api.document", doc_id=doc.id, _external=True),
    }


def source(doc: Document) -> dict[str, Any] | None:
    if doc.source is None:
        return None
    s = doc.source
    return {"title": s.title, "publisher": s.publisher, "url": s.url,
            "published": s.published, "updated": s.updated, "version": s.version}


def document_detail(library: Library, doc: Document) -> dict[str, Any]:
    sections = [{
        "anchor": s.anchor, "number": s.number, "heading": plain_heading(s.heading),
        "level": s.level, "text": s.text,
        "url": document_url(doc.id, s.anchor, external=True)} for s in doc.sections]
    return {**document_summary(library, doc), "keywords": doc.keywords,
            "related": [r for r in doc.related if r in library.documents],
            "unverified": doc.unverified, "sections": sections}


@bp.get("/search")
def search():
    wrong = parameters.problems(request.args, search_operation())
    if wrong:
        abort(400, description="; ".join(wrong) + ".")
    query = parse_request(request.args, request_limits(), page_size_param=True)
    chosen_area()  # an unknown area is a 404, not national results alone
    if query.empty:
        abort(400, description="Give something to search for in the q parameter.")
    found = execute(query)
    return jsonify(for_api(found) | {
        "pathways": pathways_for_search(found, external=True)})


@bp.get("/documents")
def documents():
    library = get_library()
    docs = sorted(library.documents.values(), key=lambda d: d.title.lower())
    return jsonify({"total": len(docs),
                    "documents": [document_summary(library, d) for d in docs]})


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    return jsonify(document_detail(get_library(), get_document(doc_id)))


@bp.get("/pack")
def pack():
    """A session pack's sections with their citations, and where to download it."""
    wrong = parameters.problems(request.args, operation("/api/pack"))
    if wrong:
        abort(400, description="; ".join(wrong) + ".")
    today = dt.date.today()
    built = packs.build_pack(get_library(), request.args.getlist("s"), today)
    keys = built.keys
    return jsonify({
        "valid_as_at": today.isoformat(),
        "items": [pack_item(item) for item in built.items],
        "missing": built.missing,
        "url": packs.pack_address(built),
        "downloads": {kind: url_for(f"pack.{kind}", s=keys, _external=True)
                      for kind in ("docx", "pptx", "markdown")},
    })


def pack_item(item: packs.PackItem | packs.PathwayItem) -> dict[str, Any]:
    if isinstance(item, packs.PathwayItem):
        answer = item.answer
        return {"kind": "pathway", "pathway_id": answer.pathway.id,
                "title": answer.pathway.title, "role": answer.role,
                "nation": answer.nation, "url": item.url,
                "version": version(answer.version)}
    return {"kind": "section", "doc_id": item.doc.id, "anchor": item.section.anchor,
            "title": item.doc.title, "number": item.section.number,
            "heading": plain_heading(item.section.heading),
            "citation": citation(item.citation)}


def version(commit: Commit | None) -> dict[str, str] | None:
    if commit is None:
        return None
    return {"commit": commit.sha, "short": commit.short,
            "date": commit.day.isoformat()}


def citation(cited: Citation) -> dict[str, Any]:
    law = cited.law
    return {"text": cited.text, "markdown": cited.markdown, "short": cited.short,
            "oscola": cited.oscola, "url": cited.url, "permalink": cited.permalink,
            "version": version(cited.version),
            "law": {"text": law.text, "url": law.url} if law else None}


@bp.get("/openapi.json")
def openapi():
    return current_app.response_class(json.dumps(openapi_spec(), indent=2),
                                      mimetype="application/json")
