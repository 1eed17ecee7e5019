"""The Acts that documents cite by section, read from ``guidance/acts.yml``.

One registry of names and legislation.gov.uk addresses, so that a check can tell
which Act a "section 51" belongs to and where that provision lives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb import safeyaml
from kb.problems import Problems

ACTS_FILE = "acts.yml"
OFFICIAL_BASE = "https://www.legislation.gov.uk/"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Act:
    title: str
    names: tuple[str, ...]
    url: str  # base address, no trailing slash
    unverified: str | None = None

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.title, *self.names)

    def provision_url(self, number: str) -> str:
        return f"{self.url}/section/{number}"


def normalise_name(name: str) -> str:
    """Names compare without case, curly quotes, a leading 'the' or extra spaces."""
    name = _SPACES.sub(" ", name.replace("\u2019", "'")).strip().lower()
    return name[4:] if name.startswith("the ") else name


def load_acts(root: Path, problems: Problems) -> list[Act]:
    """The Acts in ``root/acts.yml``; none when the file is absent."""
    path = root / ACTS_FILE
    if not path.is_file():
        return []
    located = safeyaml.read(path, problems, "acts")
    if located is None:
        return []
    data, entries = located.data, _entry_nodes(located.node)
    if entries is None:
        problems.error(path, 1, "acts", "expected a list of Acts under 'acts:'")
        return []
    acts: list[Act] = []
    for entry, item in zip(entries, data["acts"], strict=True):
        act = _act(path, entry.start_mark.line + 1, item, problems)
        if act is not None:
            acts.append(act)
    _check_unique_names(path, acts, problems)
    return acts


def _entry_nodes(node) -> list | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "acts" and isinstance(value, yaml.SequenceNode):
            return value.value
    return None


def _act(path: Path, line: int, data, problems: Problems) -> Act | None:
    if not isinstance(data, dict):
        problems.error(path, line, "acts",
                       "expected a mapping with title, names and url")
        return None
    title, url, names = data.get("title"), data.get("url"), data.get("names") or []
    unverified = data.get("unverified")
    if not isinstance(title, str) or not title.strip():
        problems.error(path, line, "title", "expected the Act's short title as text")
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problems.error(path, line, "names", f"{title}: expected a list of text values")
        return None
    if not isinstance(url, str) or not url.startswith(OFFICIAL_BASE):
        found = repr(url) if isinstance(url, str) else type(url).__name__
        problems.error(path, line, "url", f"{title}: expected an address starting "
                                          f"{OFFICIAL_BASE}; found {found}")
        return None
    if unverified is not None and not isinstance(unverified, str):
        problems.error(path, line, "unverified", f"{title}: expected a note as text")
        return None
    return Act(title.strip(), tuple(names), url.rstrip("/"), unverified or None)


def _check_unique_names(path: Path, acts: list[Act], problems: Problems) -> None:
    """A name shared by two Acts would make a mention ambiguous."""
    owner: dict[str, str] = {}
    for act in acts:
        for name in act.all_names:
            key = normalise_name(name)
            if key in owner and owner[key] != act.title:
                problems.error(path, 1, "names", f"'{name}' names both {owner[key]} "
                                                 f"and {act.title}")
            owner.setdefault(key, act.title)
