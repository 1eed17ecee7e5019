"""A small made-up library with two made-up areas, for kb, index and site tests.

Every number is from Ofcom's range kept for drama (01632 960000 to 960999):
never a real one, and never inside guidance/.
"""

from __future__ import annotations

from pathlib import Path

VOCABULARY = """types:
  practice-note: Practice note
jurisdictions:
  uk: United Kingdom
  england: England
  wales: Wales
  scotland: Scotland
  northern-ireland: Northern Ireland
audiences:
  police: Police
  social-care: Social care
topics:
  nrm: National Referral Mechanism
"""

DOCUMENT = """---
id: {id}
title: {title}
type: practice-note
summary: A short summary.
status: current
jurisdictions: [{nation}]
audiences: [police, social-care]
topics: [nrm]
reviewed: 2026-11-01
{extra}---

## What to do {{#what-to-do}}

{body}
"""

PATHWAY = """id: worried
title: You are worried about a child
summary: What to do first.
reviewed: 2026-11-01
steps:
  - title: Call 999 if the child is in danger
    urgent: true
    text: Call 999 now.
    cites: [national-note#what-to-do]
  - title: Tell your safeguarding lead
    text: Tell your safeguarding lead today.
    cites: [national-note#what-to-do]
  - title: Refer to children's social care
    text: Refer the child to children's social care today.
    cites: [national-note#what-to-do]
"""

AREA = """name: {name}
short_name: {short}
nation: {nation}
kind: safeguarding-partnership
covers: [{short} Borough Council]
contacts:
  front_door:
    name: {short} Children's Front Door
    phone: "{front}"
    hours: Monday to Friday, 9am to 5pm
    url: https://example.org/{id}/front-door
    source: https://example.org/{id}/front-door
    checked: {checked}
  out_of_hours:
    name: {short} Emergency Duty Team
    phone: "{night}"
    hours: Evenings, weekends and bank holidays
    url: https://example.org/{id}/out-of-hours
    source: https://example.org/{id}/out-of-hours
    checked: {checked}
local_steps:
  - pathway: worried
    after: tell-your-safeguarding-lead
    title: Use the {short} referral form
    text: Send the {short} referral form the same day.
    cites: [{id}-referrals#what-to-do]
    contacts: [front_door]
"""

AREAS = {
    "ambridge": ("Ambridge Safeguarding Partnership", "Ambridge", "england",
                 "01632 960001", "01632 960002"),
    "borsetshire": ("Borsetshire Safeguarding Partnership", "Borsetshire", "england",
                    "01632 960011", "01632 960012"),
}
LOCAL_WORD = "zebrafinch"  # in every local document and no national one


def write_library(root: Path, checked: str = "2026-11-01") -> Path:
    """``root`` made into a guidance folder: one national document, one
    pathway, and the two made-up areas with one local document each."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "vocabulary.yml").write_text(VOCABULARY)
    (root / "national-note.md").write_text(DOCUMENT.format(
        id="national-note", title="National note", nation="england", extra="",
        body=f"Refer to children's social care. Not a {LOCAL_WORD[:5]}."))
    (root / "pathways").mkdir(exist_ok=True)
    (root / "pathways" / "worried.yml").write_text(PATHWAY)
    for area_id, (name, short, nation, front, night) in AREAS.items():
        write_area(root, area_id, name, short, nation, front, night, checked)
    return root


def write_area(root: Path, area_id: str, name: str, short: str, nation: str,
               front: str, night: str, checked: str = "2026-11-01") -> Path:
    folder = root / "areas" / area_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "area.yml").write_text(AREA.format(
        id=area_id, name=name, short=short, nation=nation, front=front, night=night,
        checked=checked))
    (folder / f"{area_id}-referrals.md").write_text(DOCUMENT.format(
        id=f"{area_id}-referrals", title=f"{short} referral form", nation=nation,
        extra=f"area: {area_id}\n",
        body=f"Use the {short} form. The {LOCAL_WORD} word is in every local "
             "document."))
    return folder
