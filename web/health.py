"""/healthz: is the index there and undamaged, which generation, how big,
from which commit.

Each poll checks the generation served against the checksums its build wrote
(``indexer.checksums``): a stat of each file, hashing only a file that
changed, so damage shows within one poll."""

from __future__ import annotations

from flask import Blueprint, jsonify

from web.stores import IndexUnavailable, get_index, get_library

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        handle = get_index()
        damage = handle.damage()
        if damage:
            return jsonify({"status": "damaged",
                            "reason": "Files of the search index differ from what "
                                      "the build wrote. Run 'kb index' to rebuild "
                                      "it.",
                            "damaged": [str(d) for d in damage]}), 503
        index = {"generation": handle.generation, "documents": handle.doc_count,
                 "sections": handle.section_count,
                 "content_commit": handle.content_commit}
    except IndexUnavailable as exc:
        return jsonify({"status": "unavailable", "reason": str(exc)}), 503
    return jsonify({"status": "ok", "index": index,
                    "library": {"documents": len(get_library().documents)}})
