"""Facts in guidance text that a second person must check when they change.

A wrong date, section number, phone number or address sends a practitioner to
the wrong law or the wrong helpline, and reads just as well as the right one.
``kb review`` lists every such fact added or removed, so a reviewer can check
each against the official source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

DATE, SECTION, PHONE, ADDRESS = "date", "section", "phone number", "address"
KINDS = (DATE, SECTION, PHONE, ADDRESS)

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|"
          r"October|November|December)")
_PATTERNS = [
    (ADDRESS, re.compile(r"https?://[^\s)<>\]\"']+[\w/]")),
    (SECTION, re.compile(r"\b(?:sections?|ss?\.|schedules?|sch\.)\s+\d+[A-Z]?"
                         r"(?:\(\w+\))*(?:\s*(?:to|and|-|–)\s*\d+[A-Z]?(?:\(\w+\))*)?",
                         re.I)),
    (DATE, re.compile(rf"\b(?:\d{{1,2}}\s+)?{_MONTH}\s+\d{{4}}\b"
                      r"|\b\d{4}-\d{2}(?:-\d{2})?\b|\b(?:19|20)\d{2}\b")),
    (PHONE, re.compile(r"(?<![\w.])(?:(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}[\s-]?\d{3,4}"
                       r"(?:[\s-]?\d{3,4})?|116\s?\d{3}|999|101|111)(?![\w.])")),
]


@dataclass(frozen=True, order=True)
class Fact:
    kind: str
    text: str  # as written

    @property
    def key(self) -> tuple[str, str]:
        """Phone numbers compare by digits, so re-spacing one is not a change."""
        if self.kind == PHONE:
            return self.kind, re.sub(r"\D", "", self.text)
        return self.kind, " ".join(self.text.split()).lower()


def find_facts(text: str) -> list[Fact]:
    """Facts in order of kind; each span of text is claimed by one kind only."""
    found, taken = [], [False] * len(text)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(taken[match.start():match.end()]):
                continue
            taken[match.start():match.end()] = [True] * (match.end() - match.start())
            found.append(Fact(kind, match.group(0)))
    return found


def changed(old: list[Fact], new: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(removed, added): facts whose count went down or up, by ``Fact.key``."""
    before = Counter(f.key for f in old)
    after = Counter(f.key for f in new)
    removed = _pick(old, before - after)
    added = _pick(new, after - before)
    return removed, added


def _pick(facts: list[Fact], wanted: Counter) -> list[Fact]:
    picked = []
    for fact in facts:
        if wanted[fact.key] > 0:
            wanted[fact.key] -= 1
            picked.append(fact)
    return picked
