"""What to do now: choose a situation, then who you are, then where you work,
and get the steps that apply, each citing the section it comes from.

Every choice is a plain link, so the chooser works without JavaScript, and the
answer has a bookmarkable address: ``/now/<situation>?role=police&nation=wales``.
The same answers are served as JSON under ``/api/pathways``.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from indexer.results import SearchPage
from kb.model import Document, Library, Section
from kb.pathways.model import Pathway
from web import parameters, phones
from web import pathway_answers as answers
from web.areas import chosen_area
from web.openapi import operation
from web.stores import get_frame, get_library

bp = Blueprint("now", __name__)

def get_pathway(library: Library, pathway_id: str) -> Pathway:
    pathway = library.pathways.get(pathway_id)
    if pathway is None:
        abort(404, description=f"No pathway with id '{pathway_id}'.")
    return pathway


def ordered(library: Library) -> list[Pathway]:
    """Pathways in the order editors gave (``order:``), then by title."""
    return sorted(library.pathways.values(), key=lambda p: (p.order, p.title))


@bp.get("/now")
def index():
    return render_template("now/index.html", pathways=ordered(get_frame()))


@bp.get("/now/<pathway_id>")
def situation(pathway_id: str):
    frame = get_frame()
    pathway = get_pathway(frame, pathway_id)
    area = chosen_area(frame)
    role = request.args.get("role", "")
    nation = request.args.get("nation") or (area.nation if area else "")
    vocabulary = frame.vocabulary
    if role not in pathway.roles:
        return render_template("now/role.html", pathway=pathway, vocabulary=vocabulary,
                               unknown=role, area=area)
    if nation not in pathway.nations:
        return render_template("now/nation.html", pathway=pathway, role=role,
                               vocabulary=vocabulary, unknown=nation, area=area)
    return render_template("now/answer.html", area=area, answer=answers.answer(
        get_library(), pathway, role, nation, area=area))


@bp.get("/api/pathways")
def api_pathways():
    frame = get_frame()
    found = [answers.summary_json(frame, p) for p in ordered(frame)]
    return jsonify({"total": len(found), "pathways": found})


@bp.get("/api/pathways/<pathway_id>")
def api_pathway(pathway_id: str):
    wrong = parameters.problems(request.args, operation("/api/pathways/{pathway_id}"))
    if wrong:
        abort(400, description="; ".join(wrong) + ".")
    library = get_library()
    pathway = get_pathway(library, pathway_id)
    area = chosen_area(library)
    role, nation = request.args.get("role"), request.args.get("nation")
    if area and nation is None and role is not None:
        nation = area.nation
    refused = uncovered(pathway, role, nation)
    if refused:
        abort(404, description=refused)
    if role is None or nation is None:
        return jsonify(answers.all_steps_json(library, pathway, role, nation))
    return jsonify(answers.answer_json(library, answers.answer(
        library, pathway, role, nation, area=area)))


def uncovered(pathway: Pathway, role: str | None, nation: str | None) -> str | None:
    """Why the pathway has no answer for ``role`` or ``nation``, or None."""
    for asked, covered, kind in ((role, pathway.roles, "role"),
                                 (nation, pathway.nations, "nation")):
        if asked is not None and asked not in covered:
            return (f"'{pathway.title}' has no steps for the {kind} {asked}. "
                    f"It covers: {', '.join(covered)}.")
    return None


@bp.app_template_global()
def pathways_citing(doc: Document, section: Section) -> list[Pathway]:
    """For a document's section tools: the pathways built on this section."""
    return answers.citing(get_library(), doc, section)


def pathways_for_search(page: SearchPage, external: bool = False
                        ) -> list[dict[str, str]]:
    """The pathways best bets send a search to, looked up from the words
    searched after spelling correction (``page.query``) and as typed, as the
    best bets are: "age disputd" leads where "age dispute" does. First page
    only; from the frame, since a search never reads the documents."""
    if page.page != 1:
        return []
    found = answers.matching(get_frame(), page.query)
    if page.corrected_from:  # a bet's own words may have been "corrected" too
        found += [p for p in answers.matching(get_frame(), page.corrected_from)
                  if p not in found]
    return [{"id": p.id, "title": p.title, "summary": p.summary,
             "url": url_for("now.situation", pathway_id=p.id, _external=external)}
            for p in found]


@bp.app_template_global()
def now_situations() -> list[Pathway]:
    """For the home page's "Worried about a child right now?" box."""
    return ordered(get_frame())


bp.add_app_template_filter(phones.tel_href, "tel_href")
bp.add_app_template_filter(phones.tel_links, "tel_links")
