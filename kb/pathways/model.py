"""Pathways as plain data: ordered steps, each limited to roles and nations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# The jurisdictions a practitioner works in; "uk" and "international" describe
# documents, not places a step can be limited to.
NATIONS = ("england", "wales", "scotland", "northern-ireland")


@dataclass(frozen=True)
class SectionRef:
    """``document#anchor`` as an editor wrote it, with its line for messages.

    ``nations`` limits a citation in a step shown in several nations: a reader in
    Scotland is not sent to guidance that applies only in England and Wales.
    """

    doc_id: str
    anchor: str
    line: int = 0
    nations: tuple[str, ...] = ()  # empty: every nation the step is shown in

    def applies(self, nation: str) -> bool:
        return not self.nations or nation in self.nations

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.anchor}"


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    cites: tuple[SectionRef, ...]
    roles: tuple[str, ...] = ()  # empty: every role the pathway covers
    nations: tuple[str, ...] = ()  # empty: every nation the pathway covers
    urgent: bool = False
    line: int = 0

    def applies(self, role: str | None, nation: str | None) -> bool:
        """Whether the step is for ``role`` in ``nation`` (None: any)."""
        return ((role is None or not self.roles or role in self.roles)
                and (nation is None or not self.nations or nation in self.nations))

    def cites_for(self, nation: str) -> tuple[SectionRef, ...]:
        """The citations a reader in ``nation`` sees."""
        return tuple(ref for ref in self.cites if ref.applies(nation))

    def shown_in(self, nations: tuple[str, ...]) -> tuple[str, ...]:
        """The nations, of those a pathway covers, in which this step is shown."""
        return tuple(n for n in nations if not self.nations or n in self.nations)


@dataclass(frozen=True)
class Pathway:
    id: str
    path: Path
    title: str
    summary: str
    roles: tuple[str, ...]
    nations: tuple[str, ...]
    steps: tuple[Step, ...]
    reviewed: dt.date
    unverified: tuple[str, ...] = ()
    order: int = 100  # position in the chooser: lower comes first
    field_lines: dict[str, int] = field(default_factory=dict, repr=False,
                                        compare=False, hash=False)

    def steps_for(self, role: str, nation: str) -> list[Step]:
        """The steps that apply, urgent ones first, otherwise in file order.

        An urgent step ("call 999") must never sit below routine advice, so the
        order is enforced here rather than left to each editor.
        """
        found = [s for s in self.steps if s.applies(role, nation)]
        return [s for s in found if s.urgent] + [s for s in found if not s.urgent]

    def covers(self, role: str, nation: str) -> bool:
        return role in self.roles and nation in self.nations

    @property
    def cited(self) -> list[SectionRef]:
        """Every citation in the pathway, each once, in step order."""
        seen: dict[str, SectionRef] = {}
        for step in self.steps:
            for ref in step.cites:
                seen.setdefault(ref.key, ref)
        return list(seen.values())


@dataclass(frozen=True)
class Helpline:
    name: str
    number: str
    text: str
    cites: tuple[SectionRef, ...]
    nations: tuple[str, ...] = ()  # empty: all four nations
    line: int = 0
    pathways: tuple[str, ...] = ()  # empty: shown with every pathway

    def serves(self, nation: str) -> bool:
        return not self.nations or nation in self.nations

    def shown_with(self, pathway_id: str, nation: str) -> bool:
        """A service for one situation (Missing People) is shown only there, so
        the list a reader scans at 2 a.m. stays short."""
        for_pathway = not self.pathways or pathway_id in self.pathways
        return for_pathway and self.serves(nation)
