"""Read ``areas/<area-id>/area.yml``: every problem collected with its file,
line and field. An area with an error is left out, so the site never shows a
half-checked number."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kb.areas.model import (
    CONTACT_KINDS,
    KINDS,
    REQUIRED_CONTACTS,
    SEEN,
    Area,
    Contact,
    LocalStep,
)
from kb.areas.phones import Phone, parse_uk
from kb.pathways.loader import CITE
from kb.pathways.model import NATIONS, SectionRef
from kb.problems import Problems, describe
from kb.safeyaml import Located, read, text, texts

AREAS_FOLDER = "areas"
AREA_FILE = "area.yml"
AREA_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AREA_REQUIRED = ("name", "nation", "kind", "covers", "contacts")
AREA_OPTIONAL = ("short_name", "local_steps", "unverified")
CONTACT_REQUIRED = ("name", "url", "source", "checked")
CONTACT_OPTIONAL = ("phone", "hours", "note", "seen")
STEP_REQUIRED = ("pathway", "after", "title", "text")
STEP_OPTIONAL = ("cites", "contacts")
TEXT_MAX = 600
STEPS_MAX = 50  # local steps in one area: far more than any pathway needs


def area_folders(root: Path) -> list[Path]:
    """Every area folder (one holding an area.yml), in name order."""
    folder = root / AREAS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and not p.is_symlink() and (p / AREA_FILE).is_file())


def area_labels(root: Path) -> dict[str, str]:
    """Area id -> name, for the area facet's labels. Problems are reported
    once, by ``load_areas``; an unreadable file gives its id as its name."""
    labels = {}
    for folder in area_folders(root):
        located = read(folder / AREA_FILE, Problems())
        data = located.data if located else None
        name = data.get("name") if isinstance(data, dict) else None
        labels[folder.name] = name if isinstance(name, str) else folder.name
    return labels


def load_areas(root: Path, problems: Problems) -> dict[str, Area]:
    found = {}
    for folder in area_folders(root):
        area = load_area(folder / AREA_FILE, problems)
        if area is not None:
            found[area.id] = area
    return found


def load_area(path: Path, problems: Problems) -> Area | None:
    located = read(path, problems)
    if located is None:
        return None
    reader = _Reader(path, located, problems)
    area_id = path.parent.name
    if not AREA_ID.match(area_id):
        reader.error((), "folder", f"'{area_id}': an area folder's name is its id: "
                                   "lower-case letters, digits and hyphens")
    data = located.data
    if not isinstance(data, dict):
        reader.error((), "area",
                     f"expected a mapping of fields; found {describe(data)}")
        return None
    reader.fields((), data, AREA_REQUIRED, AREA_OPTIONAL)
    name = reader.text(("name",), data.get("name"))
    nation = reader.choice(("nation",), data.get("nation"), NATIONS)
    kind = reader.choice(("kind",), data.get("kind"), tuple(KINDS))
    covers = reader.texts(("covers",), data.get("covers"))
    contacts = _contacts(reader, data.get("contacts"))
    steps = [_step(reader, number, entry)
             for number, entry in enumerate(_list(reader, data, "local_steps"))]
    unverified = reader.texts(("unverified",), data.get("unverified", []))
    if reader.failed:
        return None
    short = data.get("short_name")
    return Area(area_id, path, name, short if isinstance(short, str) else name,
                nation, kind, tuple(covers), contacts, tuple(steps), tuple(unverified),
                field_lines={k: located.line(k) for k in data})


def _list(reader: _Reader, data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        reader.error((key,), key, f"expected a list; found {describe(value)}")
        return []
    if len(value) > STEPS_MAX:
        reader.error((key,), key, f"expected at most {STEPS_MAX} local steps; "
                                  f"found {len(value)}")
        return []
    return value


def _contacts(reader: _Reader, data: Any) -> dict[str, Contact]:
    if not isinstance(data, dict):
        reader.error(("contacts",), "contacts",
                     f"expected a mapping of contacts; found {describe(data)}")
        return {}
    for kind in REQUIRED_CONTACTS:
        if kind not in data:
            reader.error(("contacts",), "contacts", f"missing '{kind}': every area "
                                                    f"gives its {CONTACT_KINDS[kind]}")
    found = {}
    for kind, entry in data.items():
        if kind not in CONTACT_KINDS:
            reader.error(("contacts", kind), f"contacts.{kind}",
                         f"unknown contact; expected one of {', '.join(CONTACT_KINDS)}")
            continue
        contact = _contact(reader, kind, entry)
        if contact is not None:
            found[kind] = contact
    return found


def _contact(reader: _Reader, kind: str, entry: Any) -> Contact | None:
    at, where = ("contacts", kind), f"contacts.{kind}"
    if not reader.mapping(at, where, entry):
        return None
    if "source" not in entry:
        reader.error(at, f"{where}.source", "every contact needs a source: the "
                     "address of the body's own page that gives this contact")
    reader.fields(at, entry, CONTACT_REQUIRED, CONTACT_OPTIONAL, where)
    name = reader.text((*at, "name"), entry.get("name"))
    url = reader.url((*at, "url"), entry.get("url"))
    source = (reader.url((*at, "source"), entry.get("source"))
              if "source" in entry else None)
    checked = reader.date((*at, "checked"), entry.get("checked"))
    seen = reader.choice((*at, "seen"), entry.get("seen", "live-page"), tuple(SEEN))
    phone = _phone(reader, (*at, "phone"), entry.get("phone"))
    hours = reader.optional_text((*at, "hours"), entry.get("hours"))
    note = reader.optional_text((*at, "note"), entry.get("note"))
    if None in (name, url, source, checked, seen) or phone is False:
        return None
    return Contact(kind, name, url, source, checked, seen,
                   phone.shown if phone else None, phone.dial if phone else None,
                   hours, note, reader.line(at))


def _phone(reader: _Reader, at: tuple, value: Any) -> Phone | bool | None:
    """The parsed number; None when there is none; False when it is wrong."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value < 10**6:
        value = str(value)  # a short number such as 101
    if not isinstance(value, str):
        reader.error(at, ".".join(map(str, at)), "expected the number in quotes, "
                     "as the body's page writes it: unquoted, YAML drops its first 0")
        return False
    parsed = parse_uk(value)
    if isinstance(parsed, str):
        reader.error(at, ".".join(map(str, at)), parsed)
        return False
    if parsed.drama:
        reader.warning(at, ".".join(map(str, at)),
                       f"'{value}' is in Ofcom's drama range: made up, for tests only")
    return parsed


def _step(reader: _Reader, number: int, entry: Any) -> LocalStep | None:
    at, where = ("local_steps", number), f"local_steps[{number + 1}]"
    if not reader.mapping(at, where, entry):
        return None
    reader.fields(at, entry, STEP_REQUIRED, STEP_OPTIONAL, where)
    values = [reader.text((*at, k), entry.get(k)) for k in STEP_REQUIRED]
    cites = reader.texts((*at, "cites"), entry.get("cites", []))
    contacts = reader.texts((*at, "contacts"), entry.get("contacts", []))
    refs = []
    for cite in cites or []:
        match = CITE.match(cite)
        if match is None:
            reader.error((*at, "cites"), f"{where}.cites",
                         f"'{cite}': expected document-id#anchor")
        else:
            refs.append(SectionRef(match[1], match[2], reader.line((*at, "cites"))))
    for kind in contacts or []:
        if kind not in CONTACT_KINDS:
            reader.error((*at, "contacts"), f"{where}.contacts",
                         f"unknown contact '{kind}'; expected one of "
                         f"{', '.join(CONTACT_KINDS)}")
    if not refs and not contacts:
        reader.error(at, where, "a local step cites a local document (cites: "
                                "[document-id#anchor]) or the area's contacts "
                                "(contacts: [front_door])")
    if None in values or cites is None or contacts is None:
        return None
    return LocalStep(*values, tuple(refs), tuple(contacts), reader.line(at))


class _Reader:
    """Checks values at a place in the file, reporting each problem once."""

    def __init__(self, path: Path, located: Located, problems: Problems) -> None:
        self.path, self.located, self.problems = path, located, problems
        self.failed = False

    def line(self, at: tuple) -> int:
        return self.located.line(*at)

    def error(self, at: tuple, field: str, message: str) -> None:
        self.failed = True
        self.problems.error(self.path, self.line(at), field, message)

    def warning(self, at: tuple, field: str, message: str) -> None:
        self.problems.warning(self.path, self.line(at), field, message)

    def mapping(self, at: tuple, where: str, value: Any) -> bool:
        """Whether ``value`` is a mapping; an error naming ``where`` if not."""
        if not isinstance(value, dict):
            self.error(at, where, f"expected a mapping; found {describe(value)}")
        return isinstance(value, dict)

    def fields(self, at: tuple, data: dict, required: tuple, optional: tuple,
               where: str = "") -> None:
        prefix = f"{where}." if where else ""
        for key in required:
            if key not in data and key != "source":
                self.error(at, f"{prefix}{key}", "missing required field")
        for key in data:
            if key not in required and key not in optional:
                self.error((*at, key), f"{prefix}{key}", "unknown field; expected "
                           f"one of {', '.join(required + optional)}")

    def text(self, at: tuple, value: Any) -> str | None:
        found = text(value)
        if value is not None and (found is None or not found.strip()
                                  or len(found) > TEXT_MAX):
            self.error(at, ".".join(map(str, at)), f"expected text of at most "
                                                   f"{TEXT_MAX} characters")
            return None
        return found.strip() if found else None

    def optional_text(self, at: tuple, value: Any) -> str | None:
        return None if value is None else self.text(at, value)

    def texts(self, at: tuple, value: Any) -> list[str] | None:
        found = texts(value)
        if found is None:
            self.error(at, ".".join(map(str, at)), f"expected a list of text; "
                                                   f"found {describe(value)}")
            return None
        return list(found)

    def choice(self, at: tuple, value: Any, allowed: tuple) -> str | None:
        if value not in allowed:
            self.error(at, ".".join(map(str, at)), f"expected one of "
                       f"{', '.join(allowed)}; found {describe(value)}")
            return None
        return value

    def url(self, at: tuple, value: Any) -> str | None:
        if not (isinstance(value, str) and re.match(r"^https?://[^\s]+$", value)
                and len(value) <= 500):
            self.error(at, ".".join(map(str, at)), f"expected a web address "
                       f"(https://...); found {describe(value)}")
            return None
        return value

    def date(self, at: tuple, value: Any) -> dt.date | None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.error(at, ".".join(map(str, at)), f"expected a date as YYYY-MM-DD; "
                                                   f"found {describe(value)}")
            return None
        return value
