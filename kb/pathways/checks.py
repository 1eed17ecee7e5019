"""Checks that need the whole library: citations resolve, coverage is complete.

A pathway is only as good as its citations: each must name a section that
exists (old anchors are followed through ``anchor_aliases``, with a warning to
cite the current one). A role or nation a pathway names must get at least one
step, or a reader who picks it would see an empty page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.model import Library
from kb.pathways.citing import check_citations
from kb.pathways.loader import HELPLINES_FILE
from kb.pathways.model import Pathway, SectionRef
from kb.problems import Problems

REVIEW_MONTHS = 12
OLD_STATUSES = ("superseded", "withdrawn", "historic")


def check_pathways(library: Library, problems: Problems, today: dt.date) -> None:
    for pathway in library.pathways.values():
        for index, step in enumerate(pathway.steps, start=1):
            for ref in step.cites:
                check_ref(library, pathway.path, f"steps[{index}].cites", ref,
                          problems)
        check_citations(library, pathway, problems)
        check_coverage(library, pathway, problems)
        _check_review(pathway, problems, today)
    for index, helpline in enumerate(library.helplines, start=1):
        path = library.root / HELPLINES_FILE
        for ref in helpline.cites:
            check_ref(library, path, f"helplines[{index}].cites", ref, problems)
        for pathway_id in helpline.pathways:
            if pathway_id not in library.pathways:
                problems.error(path, helpline.line, f"helplines[{index}].pathways",
                               f"'{pathway_id}' is not a pathway in "
                               "guidance/pathways/")


def check_ref(library: Library, path: Path, field: str, ref: SectionRef,
              problems: Problems) -> None:
    doc = library.get(ref.doc_id)
    if doc is None:
        problems.error(path, ref.line, field, f"'{ref.key}': no document with id "
                                              f"'{ref.doc_id}'")
        return
    section = doc.section(ref.anchor)
    if section is None:
        problems.error(path, ref.line, field, f"'{ref.key}': no section with anchor "
                                              f"'{ref.anchor}' in '{doc.id}'")
    elif section.anchor != ref.anchor:
        problems.warning(path, ref.line, field,
                         f"'{ref.key}' is an old anchor: cite "
                         f"'{doc.id}#{section.anchor}' instead")
    if doc.status in OLD_STATUSES:
        problems.warning(path, ref.line, field, f"'{ref.key}' cites a {doc.status} "
                                                "document: cite current guidance")


def check_coverage(library: Library, pathway: Pathway, problems: Problems) -> None:
    """Every named role and nation, and every pair of them, gets a step."""
    vocabulary = library.vocabulary
    lines = pathway.field_lines
    empty_roles = [r for r in pathway.roles
                   if not any(pathway.steps_for(r, n) for n in pathway.nations)]
    empty_nations = [n for n in pathway.nations
                     if not any(pathway.steps_for(r, n) for r in pathway.roles)]
    for role in empty_roles:
        problems.error(pathway.path, lines.get("roles", 1), "roles",
                       f"no step applies to '{role}' "
                       f"({vocabulary.label('audience', role)}): add a step for this "
                       "role or leave it out of the pathway's roles")
    for nation in empty_nations:
        problems.error(pathway.path, lines.get("nations", 1), "nations",
                       f"no step applies in '{nation}': add a step for this nation "
                       "or leave it out of the pathway's nations")
    for role in (r for r in pathway.roles if r not in empty_roles):
        for nation in (n for n in pathway.nations if n not in empty_nations):
            if not pathway.steps_for(role, nation):
                problems.error(pathway.path, lines.get("roles", 1), "roles",
                               f"no step applies to '{role}' in '{nation}': add a "
                               "step that covers both")
    _check_step_limits(pathway, problems)


def _check_step_limits(pathway: Pathway, problems: Problems) -> None:
    """A step limited to a role or nation the pathway leaves out is never shown."""
    for index, step in enumerate(pathway.steps, start=1):
        for role in step.roles:
            if role not in pathway.roles:
                problems.error(pathway.path, step.line, f"steps[{index}].roles",
                               f"step '{step.title}' names '{role}', which is not "
                               "among the pathway's roles: it would never be shown")
        for nation in step.nations:
            if nation not in pathway.nations:
                problems.error(pathway.path, step.line, f"steps[{index}].nations",
                               f"step '{step.title}' names '{nation}', which is not "
                               "among the pathway's nations: it would never be shown")


def _check_review(pathway: Pathway, problems: Problems, today: dt.date) -> None:
    due = _add_months(pathway.reviewed, REVIEW_MONTHS)
    if today > due:
        problems.warning(pathway.path, pathway.field_lines.get("reviewed", 1),
                         "reviewed", f"review overdue since {due.isoformat()}")


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, 28))
