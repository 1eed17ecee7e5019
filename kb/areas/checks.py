"""Checks of areas against the rest of the library, run by ``kb check``."""

from __future__ import annotations

import datetime as dt

from kb.areas.loader import AREAS_FOLDER
from kb.areas.model import Area
from kb.areas.points import points
from kb.model import Document, Library
from kb.problems import ADVICE, Problem, Problems

AREA_FIELD = "area"


def area_of_path(library: Library, doc: Document) -> str | None:
    """The area folder ``doc`` sits in, or None for a national document."""
    try:
        parts = doc.path.relative_to(library.root).parts
    except ValueError:
        return None
    return parts[1] if len(parts) > 2 and parts[0] == AREAS_FOLDER else None


def check_areas(library: Library, problems: Problems, today: dt.date) -> None:
    for area in library.areas.values():
        _check_contacts(area, problems, today)
        _check_steps(library, area, problems)
    for doc in library.documents.values():
        _check_local_document(library, doc, problems)


def _check_contacts(area: Area, problems: Problems, today: dt.date) -> None:
    """Old checks are warnings; contacts never checked on the live page are
    advice (printed, never a failure): the site marks both "check this number"."""
    unchecked = [c for c in area.contacts.values() if c.seen != "live-page"]
    if unchecked:
        problems.append(Problem(str(area.path), unchecked[0].line, "contacts",
                                f"{len(unchecked)} contacts not yet checked on the "
                                "body's live page "
                                f"({', '.join(c.kind for c in unchecked)}): "
                                "check each there, then set 'seen: live-page' and "
                                "'checked:' to that day", ADVICE))
    for contact in area.contacts.values():
        where = f"contacts.{contact.kind}"
        if contact.seen == "live-page" and (today - contact.checked).days > 365:
            problems.warning(area.path, contact.line, f"{where}.checked",
                             f"last checked {contact.checked.isoformat()}, more than "
                             "12 months ago: check it on the body's page")


def _check_steps(library: Library, area: Area, problems: Problems) -> None:
    for number, step in enumerate(area.steps, start=1):
        where = f"local_steps[{number}]"
        pathway = library.pathways.get(step.pathway)
        if pathway is None:
            problems.error(area.path, step.line, f"{where}.pathway",
                           f"'{step.pathway}' is not a pathway in guidance/pathways/")
        elif step.after not in points(pathway):
            problems.error(area.path, step.line, f"{where}.after",
                           f"'{step.after}' is not a point of '{pathway.id}'; expected "
                           f"one of {', '.join(points(pathway))}")
        for kind in step.contacts:
            if kind not in area.contacts:
                problems.error(area.path, step.line, f"{where}.contacts",
                               f"'{kind}' is not among this area's contacts")
        for ref in step.cites:
            _check_cite(library, area, ref, problems, f"{where}.cites")


def _check_cite(library: Library, area: Area, ref, problems: Problems,
                where: str) -> None:
    doc = library.get(ref.doc_id)
    if doc is None:
        problems.error(area.path, ref.line, where,
                       f"unknown document id '{ref.doc_id}'")
    elif doc.section(ref.anchor) is None:
        problems.error(area.path, ref.line, where,
                       f"'{ref.key}': no section with anchor '{ref.anchor}'")
    elif local_area(doc) not in (None, area.id):
        problems.error(area.path, ref.line, where, f"'{ref.doc_id}' belongs to "
                                                   f"another area, '{local_area(doc)}'")


def local_area(doc: Document) -> str | None:
    values = doc.facet_values.get(AREA_FIELD) or []
    return values[0] if values else None


def _check_local_document(library: Library, doc: Document, problems: Problems) -> None:
    folder, given = area_of_path(library, doc), local_area(doc)
    line = doc.field_lines.get(AREA_FIELD, 2)
    if folder != given:
        problems.error(doc.path, line, AREA_FIELD, _misplaced(folder, given))
    if given is None:
        return
    from kb.library import resolve_link  # kb.library imports this module
    for link_line, target in doc.links:
        resolved = resolve_link(library, doc, target)
        found = resolved[0] if resolved else None
        if isinstance(found, Document) and local_area(found) not in (None, given):
            problems.error(doc.path, link_line, "link",
                           f"'{target}' is a local document of another area, "
                           f"'{local_area(found)}'")


def _misplaced(folder: str | None, given: str | None) -> str:
    if given is None:
        return (f"a document in guidance/areas/{folder}/ is local: add "
                f"'area: {folder}' to its front matter")
    if folder is None:
        return (f"a local document of '{given}' belongs in guidance/areas/{given}/; "
                "national documents have no 'area'")
    return f"this document is in guidance/areas/{folder}/ but says 'area: {given}'"
