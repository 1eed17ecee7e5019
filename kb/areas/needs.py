"""Which steps of a national pathway need an area's numbers.

A step that sends the reader to children's services ("Refer to children's
social care", "contact your HSC Trust") needs the area's front door and
out-of-hours numbers; a step about missing children needs the missing-children
contact; one about a guardian, the guardian service. The step's own words say
so: national pathways name no area, and a step added later is matched too.
"""

from __future__ import annotations

import re

from kb.areas.model import Area, Contact

# contact kinds -> words in a step's title or text that call for them
NEEDS: dict[tuple[str, ...], re.Pattern] = {
    ("front_door", "out_of_hours"): re.compile(
        r"children's (?:social care|services)|social work|social care|"
        r"local authority|hsc trust|gateway|child protection referral|"
        r"local (?:child protection )?procedures", re.I),
    ("missing",): re.compile(r"missing|return interview", re.I),
    ("guardian",): re.compile(r"guardian", re.I),
}


def needed(title: str, text: str) -> tuple[str, ...]:
    """The contact kinds a step with this title and text needs, in order."""
    words = f"{title}\n{text}"
    return tuple(kind for kinds, pattern in NEEDS.items() if pattern.search(words)
                 for kind in kinds)


def contacts_for(area: Area, title: str, text: str) -> list[Contact]:
    """The area's contacts a step needs, those the area gives, in order."""
    return [c for kind in needed(title, text) if (c := area.contact(kind))]
