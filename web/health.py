"""/healthz: is the index there, which generation, how big, from which commit."""

from __future__ import annotations

from flask import Blueprint, jsonify

from web.stores import IndexUnavailable, get_index, get_library

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        handle = get_index()
        index = {"generation": handle.generation, "documents": handle.doc_count,
                 "sections": handle.section_count,
                 "content_commit": handle.content_commit}
    except IndexUnavailable as exc:
        return jsonify({"status": "unavailable", "reason": str(exc)}), 503
    return jsonify({"status": "ok", "index": index,
                    "library": {"documents": len(get_library().documents)}})
