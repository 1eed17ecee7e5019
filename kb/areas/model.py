"""Areas as plain data: contacts and local steps, read by ``kb.areas.loader``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kb.pathways.model import SectionRef

# The contacts an area gives, in the order a practitioner needs them. The key is
# the YAML field, the value what the site calls it.
CONTACT_KINDS: dict[str, str] = {
    "front_door": "Children's services (in hours)",
    "out_of_hours": "Out of hours",
    "police": "Police (non-emergency)",
    "missing": "Missing children and return interviews",
    "guardian": "Guardian service",
}
REQUIRED_CONTACTS = ("front_door", "out_of_hours")
KINDS: dict[str, str] = {
    "hsc-trust": "Health and Social Care Trust",
    "safeguarding-partnership": "Safeguarding children partnership",
    "council": "Council",
    "child-protection-committee": "Child protection committee",
    "regional-board": "Regional safeguarding board",
}
# How the number was confirmed: on the body's live page, or only on a stored
# copy of the body's own page (which still needs a live check).
SEEN = {"live-page": "Checked on the body's own page",
        "stored-copy": "Seen on a stored copy of the body's own page; "
                       "not yet checked on the live page"}
START, END = "start", "end"  # points before the first and after the last step


@dataclass(frozen=True)
class Contact:
    kind: str  # a key of CONTACT_KINDS
    name: str  # the team: "Gateway team"
    url: str  # where a practitioner goes: the body's page
    source: str  # the body's own page that gives the number
    checked: dt.date
    seen: str = "live-page"  # a key of SEEN
    phone: str | None = None  # national format, "028 9504 9999"; None: see url
    dial: str | None = None  # E.164 or the short number, for tel: links
    hours: str | None = None
    note: str | None = None
    line: int = 0

    @property
    def label(self) -> str:
        return CONTACT_KINDS[self.kind]

    def printed(self, today: dt.date) -> str:
        """One line for a printed pack: the number (or where to find it), its
        hours, and when it was checked."""
        reach = self.phone or f"see {self.url}"
        hours = f", {self.hours}" if self.hours else ""
        checked = (f"checked {self.checked.day} {self.checked:%B %Y}"
                   if self.seen == "live-page" else
                   f"seen on a stored copy of the official page, {self.checked:%B %Y}")
        warning = "; check this number" if self.stale(today) else ""
        return f"{self.label}: {self.name}, {reach}{hours} ({checked}{warning})"

    def stale(self, today: dt.date) -> bool:
        """Older than 12 months, or never checked on the live page: the page
        says "check this number"."""
        return self.seen != "live-page" or (today - self.checked).days > 365


@dataclass(frozen=True)
class LocalStep:
    pathway: str  # a national pathway's id
    after: str  # the point of that pathway: a step's point name, START or END
    title: str
    text: str
    cites: tuple[SectionRef, ...] = ()
    contacts: tuple[str, ...] = ()  # contact kinds the step points to
    line: int = 0
    urgent: bool = False  # never: an area adds no urgent step above "call 999"


@dataclass(frozen=True)
class Area:
    id: str  # the folder name
    path: Path  # its area.yml
    name: str
    short_name: str
    nation: str
    kind: str
    covers: tuple[str, ...]
    contacts: dict[str, Contact]
    steps: tuple[LocalStep, ...] = ()
    unverified: tuple[str, ...] = ()
    field_lines: dict[str, int] = field(default_factory=dict, repr=False,
                                        compare=False, hash=False)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def contact(self, kind: str) -> Contact | None:
        return self.contacts.get(kind)

    def steps_for(self, pathway: str) -> list[LocalStep]:
        return [s for s in self.steps if s.pathway == pathway]
