"""Phone numbers an area changed since a base revision, for ``kb review``.

A wrong number sends a worried practitioner to nobody, so a changed number is
the first thing a reviewer is shown, with the area, the contact and the source
to check it against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kb import gitrepo
from kb.areas.loader import AREA_FILE, area_folders
from kb.areas.model import CONTACT_KINDS, Area
from kb.safeyaml import load


@dataclass(frozen=True)
class PhoneChange:
    area: str  # the area's id
    contact: str  # a contact kind: front_door, out_of_hours, ...
    old: str | None  # None: the contact had no number, or did not exist
    new: str | None  # None: the number was removed
    source: str | None  # the page to check the new number against
    path: str  # area.yml, relative to the guidance folder


def phone_changes(root: Path, areas: dict[str, Area], base: str) -> list[PhoneChange]:
    """Every contact whose phone differs between ``base`` and now, by area."""
    found = []
    folders = {f.name for f in area_folders(root)}
    old_ids = {p.parent.name for p in gitrepo.files_at(root / "areas", base)
               if p.name == AREA_FILE} if (root / "areas").exists() else set()
    for area_id in sorted(folders | old_ids):
        path = root / "areas" / area_id / AREA_FILE
        before = _phones(gitrepo.show(root, base, path))
        area = areas.get(area_id)
        now = ({k: c.phone for k, c in area.contacts.items()} if area
               else _phones(path.read_text("utf-8") if path.exists() else None))
        for kind in CONTACT_KINDS:
            if before.get(kind) != now.get(kind):
                contact = area.contact(kind) if area else None
                found.append(PhoneChange(
                    area_id, kind, before.get(kind), now.get(kind),
                    contact.source if contact else None,
                    path.relative_to(root).as_posix()))
    return found


def _phones(text: str | None) -> dict[str, str | None]:
    """Contact kind -> phone as written, from an area.yml's text (unchecked:
    a base revision may hold a file kb check would refuse)."""
    if text is None:
        return {}
    try:
        data = load(text).data
    except yaml.YAMLError:  # an unreadable old file: no numbers to compare
        return {}
    contacts = data.get("contacts") if isinstance(data, dict) else None
    if not isinstance(contacts, dict):
        return {}
    return {kind: " ".join(str(entry.get("phone")).split())
            if isinstance(entry, dict) and entry.get("phone") is not None else None
            for kind, entry in contacts.items() if kind in CONTACT_KINDS}
