"""The named points of a national pathway at which an area adds its steps.

A point is named after the step it follows: the step's ``id`` when the pathway
gives one, else its title in lower case with hyphens ("Tell your safeguarding
lead" is ``tell-your-safeguarding-lead``). Naming a step, not a position,
means a national step added later moves no local step.
"""

from __future__ import annotations

import re

from kb.areas.model import END, START, LocalStep
from kb.pathways.model import Pathway, Step


def point_of(step: Step) -> str:
    given = getattr(step, "id", None)
    if isinstance(given, str) and given:
        return given
    return re.sub(r"[^a-z0-9]+", "-", step.title.lower()).strip("-")


def points(pathway: Pathway) -> list[str]:
    """Every point of ``pathway`` a local step may follow, in file order."""
    return [START, *(point_of(s) for s in pathway.steps), END]


def merged(pathway: Pathway, shown: list[Step],
           local: list[LocalStep]) -> list[Step | LocalStep]:
    """``shown`` (the national steps this reader sees, in order) with each
    local step after its point. When the step at the point is not shown (it is
    for another role or nation), the local step follows the nearest shown step
    before it in the file; a point that has gone puts it at the end."""
    names = [point_of(s) for s in pathway.steps]
    shown_ids = {id(s) for s in shown}
    after: dict[int, list[LocalStep]] = {}
    first: list[LocalStep] = []
    last: list[LocalStep] = []
    for extra in local:
        if extra.after == START:
            first.append(extra)
        elif extra.after not in names:
            last.append(extra)
        else:
            upto = pathway.steps[:names.index(extra.after) + 1]
            anchor = next((s for s in reversed(upto) if id(s) in shown_ids), None)
            (after.setdefault(id(anchor), []) if anchor else first).append(extra)
    result: list[Step | LocalStep] = list(first)
    for step in shown:
        result += [step, *after.get(id(step), [])]
    return result + last
