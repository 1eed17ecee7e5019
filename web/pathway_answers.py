"""Pathways made ready to show: the steps for one role and nation, with each
citation resolved to its section, the nation's helplines and the version.

The HTML pages, the JSON API and the session pack all read the same ``Answer``,
so a reader, a trainer's handout and an API client see the same steps.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from flask import url_for

from indexer.search.bestbets import matcher
from kb.areas.model import Area, Contact, LocalStep
from kb.areas.needs import contacts_for, needed
from kb.areas.points import merged
from kb.citations import section_label
from kb.gitrepo import Commit
from kb.model import Document, Library, Section
from kb.pathways.model import Helpline, Pathway, SectionRef, Step
from web.filters import plain_heading
from web.permalinks import document_url, version_of
from web.stores import once_per_library

# A pathway in a session pack, or pasted: "now/<id>?role=<role>&nation=<nation>".
PACK_ITEM = re.compile(r"^(?:.*/)?now/([a-z0-9][a-z0-9-]*)\?(.*)$")


@dataclass(frozen=True)
class CitedSection:
    doc: Document
    section: Section

    @property
    def label(self) -> str:
        """'Title, section 2.1: Heading': enough to find it in print."""
        heading = plain_heading(self.section.heading)
        return f"{self.doc.title}, {section_label(self.section)}: {heading}"

    @property
    def url(self) -> str:
        return document_url(self.doc.id, self.section.anchor, external=True)


@dataclass(frozen=True)
class AnswerStep:
    number: int
    step: Step | LocalStep
    cited: list[CitedSection]
    contacts: tuple[Contact, ...] = ()  # the chosen area's numbers this step needs
    needs_area: bool = False  # needs an area's numbers, and none is chosen

    @property
    def local(self) -> bool:
        """A step the chosen area added to the national pathway."""
        return isinstance(self.step, LocalStep)

    @property
    def urgent(self) -> bool:
        return getattr(self.step, "urgent", False)


@dataclass(frozen=True)
class Answer:
    pathway: Pathway
    role: str
    nation: str
    role_label: str
    nation_label: str
    steps: list[AnswerStep]
    helplines: list[tuple[Helpline, list[CitedSection]]]
    version: Commit | None
    today: dt.date
    area: Area | None = None

    @property
    def key(self) -> str:
        """This answer as a session pack item (with its area, when chosen)."""
        key = f"now/{self.pathway.id}?role={self.role}&nation={self.nation}"
        return f"{key}&area={self.area.id}" if self.area else key

    @property
    def documents(self) -> list[Document]:
        """Every cited document once, in step order: the reading list."""
        found = {c.doc.id: c.doc for s in self.steps for c in s.cited}
        return list(found.values())


def resolve(library: Library, refs: tuple[SectionRef, ...]) -> list[CitedSection]:
    """The sections ``refs`` name, following anchor aliases; missing ones left out
    (``kb check`` reports them, and a reader still gets the step)."""
    found = []
    for ref in refs:
        doc = library.get(ref.doc_id)
        section = doc.section(ref.anchor) if doc else None
        if doc and section:
            found.append(CitedSection(doc, section))
    return found


def answer(library: Library, pathway: Pathway, role: str, nation: str,
           today: dt.date | None = None, area: Area | None = None) -> Answer:
    """The steps for ``role`` in ``nation``; with an ``area`` (of that nation),
    its numbers inside the steps that need them and its local steps added."""
    vocabulary = library.vocabulary
    area = area if area and area.nation == nation else None
    shown = pathway.steps_for(role, nation)
    every = merged(pathway, shown, area.steps_for(pathway.id)) if area else shown
    steps = [_step(library, n, step, area, nation)
             for n, step in enumerate(every, start=1)]
    helplines = [(h, resolve(library, h.cites)) for h in library.helplines
                 if h.shown_with(pathway.id, nation)]
    return Answer(pathway, role, nation, vocabulary.label("audience", role),
                  vocabulary.label("jurisdiction", nation), steps, helplines,
                  version_of(pathway), today or dt.date.today(), area)


def _step(library: Library, number: int, step: Step | LocalStep,
          area: Area | None, nation: str) -> AnswerStep:
    shown = step.cites if isinstance(step, LocalStep) else step.cites_for(nation)
    cited = resolve(library, shown)
    if isinstance(step, LocalStep):
        kinds = step.contacts
        return AnswerStep(number, step, cited, tuple(
            c for k in kinds if area and (c := area.contact(k))))
    if area is None:
        return AnswerStep(number, step, cited,
                          needs_area=bool(needed(step.title, step.text)))
    return AnswerStep(number, step, cited,
                      tuple(contacts_for(area, step.title, step.text)))


def citing(library: Library, doc: Document, section: Section) -> list[Pathway]:
    """The pathways with a step citing this section (under any of its anchors)."""
    return _citing_index(library).get((doc.id, section.anchor), [])


@once_per_library
def _citing_index(library: Library) -> dict[tuple[str, str], list[Pathway]]:
    found: dict[tuple[str, str], list[Pathway]] = {}
    for pathway in library.pathways.values():
        for cited in resolve(library, tuple(pathway.cited)):
            users = found.setdefault((cited.doc.id, cited.section.anchor), [])
            if pathway not in users:
                users.append(pathway)
    return found


def matching(library: Library, text: str) -> list[Pathway]:
    """Pathways that best bets send this search to, in best-bet order."""
    if not text.strip():
        return []
    found: list[Pathway] = []
    asked = matcher(text)
    for pathway, queries in _pathway_bets(library):
        if pathway not in found and asked(queries):
            found.append(pathway)
    return found


@once_per_library
def _pathway_bets(library: Library) -> list[tuple[Pathway, tuple[str, ...]]]:
    """The best bets that lead to a pathway, in file order, with their queries."""
    return [(library.pathways[bet.pathway], bet.queries)
            for bet in library.best_bets if bet.pathway in library.pathways]


def parse_pack_item(library: Library, text: str) -> tuple[Pathway, str, str] | None:
    """(pathway, role, nation) from a pack item or a pasted answer link; its
    area, if any, is read by ``pack_item_area``."""
    return _pack_item(library, text)


def pack_item_area(library: Library, text: str) -> Area | None:
    match = PACK_ITEM.match(text.strip())
    value = (parse_qs(match.group(2)).get("area") or [""])[0] if match else ""
    return library.areas.get(value)


def _pack_item(library: Library, text: str) -> tuple[Pathway, str, str] | None:
    """(pathway, role, nation) from a pack item or a pasted answer link."""
    match = PACK_ITEM.match(text.strip())
    pathway = library.pathways.get(match.group(1)) if match else None
    if pathway is None:
        return None
    params = parse_qs(match.group(2))
    role = (params.get("role") or [""])[0]
    nation = (params.get("nation") or [""])[0]
    return (pathway, role, nation) if pathway.covers(role, nation) else None


def summary_json(library: Library, pathway: Pathway) -> dict[str, Any]:
    vocabulary = library.vocabulary
    return {
        "id": pathway.id, "title": pathway.title, "summary": pathway.summary,
        "roles": [{"value": r, "label": vocabulary.label("audience", r)}
                  for r in pathway.roles],
        "nations": [{"value": n, "label": vocabulary.label("jurisdiction", n)}
                    for n in pathway.nations],
        "reviewed": pathway.reviewed.isoformat(),
        "unverified": list(pathway.unverified),
        "url": url_for("now.situation", pathway_id=pathway.id, _external=True),
        "api_url": url_for("now.api_pathway", pathway_id=pathway.id, _external=True),
    }


def cites_json(cited: list[CitedSection]) -> list[dict[str, str]]:
    return [{"document": c.doc.id, "anchor": c.section.anchor, "label": c.label,
             "url": c.url} for c in cited]


def step_json(number: int, step: Step | LocalStep, cited: list[CitedSection],
              contacts: tuple[Contact, ...] = ()) -> dict[str, Any]:
    local = isinstance(step, LocalStep)
    found = {
        "number": number, "title": step.title, "text": step.text,
        "urgent": False if local else step.urgent,
        "roles": [] if local else list(step.roles),
        "nations": [] if local else list(step.nations),
        "cites": cites_json(cited),
    }
    if local or contacts:
        found.update(local=local, contacts=[contact_json(c) for c in contacts])
    return found


def contact_json(contact: Contact) -> dict[str, Any]:
    """One contact of an area, as the API gives it."""
    return {"kind": contact.kind, "label": contact.label, "name": contact.name,
            "phone": contact.phone, "dial": contact.dial, "hours": contact.hours,
            "url": contact.url, "source": contact.source,
            "checked": contact.checked.isoformat(), "seen": contact.seen,
            "note": contact.note}


def answer_json(library: Library, answer: Answer) -> dict[str, Any]:
    version = answer.version
    return {
        **summary_json(library, answer.pathway),
        "role": answer.role, "nation": answer.nation,
        "url": url_for("now.situation", pathway_id=answer.pathway.id,
                       role=answer.role, nation=answer.nation, _external=True),
        "valid_as_at": answer.today.isoformat(),
        "version": {"commit": version.sha, "short": version.short,
                    "date": version.day.isoformat()} if version else None,
        "area": answer.area.id if answer.area else None,
        "steps": [step_json(s.number, s.step, s.cited, s.contacts)
                  for s in answer.steps],
        "helplines": [{"name": h.name, "number": h.number, "text": h.text,
                       "cites": cites_json(cited)} for h, cited in answer.helplines],
    }


def all_steps_json(library: Library, pathway: Pathway, role: str | None = None,
                   nation: str | None = None) -> dict[str, Any]:
    """Every step with the roles and nations it is limited to, for API clients
    that choose for themselves; with a role or a nation, only the steps for it."""
    kept = [s for s in pathway.steps if s.applies(role, nation)]
    steps = [step_json(n, s, resolve(library, s.cites))
             for n, s in enumerate(kept, start=1)]
    return {**summary_json(library, pathway), "role": role, "nation": nation,
            "steps": steps}

