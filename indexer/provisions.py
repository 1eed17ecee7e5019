"""Provisions as things the index knows: which sections describe which provision.

Practitioners search the law by its numbers ("s47", "Article 66", "Part 7"). A
legislation summary's section describes a provision of the Act it summarises when
its anchor names it (``{#section-47}``, ``{#sections-48-50}``), when its heading
names it ("Age assessment: Part 4"), or when its text links to exactly one
provision of that Act (the law link ``kb check`` requires). Editors write nothing
twice: the anchor, heading and links are already there.

Each document's row in meta.json carries its Act's address (``law``) and its
provisions; meta.json's head carries the Acts of ``acts.yml`` with their names,
so a searcher can tell what "CA 1989" or "the Children Order" means without
reading ``guidance/``. ``indexer.asked`` reads a query with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.acts import load_acts
from kb.model import Document, Library, Section
from kb.problems import Problems

KINDS = ("section", "article", "regulation", "part", "schedule")
# How each kind is written: in full, abbreviated, with or without a full stop.
KIND_WORDS = {
    "section": r"sections?|secs?\.?|ss?\.?",
    "article": r"articles?|arts?\.?",
    "regulation": r"regulations?|regs?\.?",
    "part": r"parts?",
    "schedule": r"schedules?|sch(?:ed)?s?\.?",
}
NUMBER = r"\d{1,3}[A-Za-z]{0,2}"
MAX_RANGE = 50  # "ss 47-49" covers each number; a longer range is read as two
# How strongly a section is said to describe a provision: an anchor names it,
# a heading names it, or it is the one provision of its Act the text links to.
ANCHOR, HEADING, LINK = 3, 2, 1


def _mention_pattern() -> re.Pattern[str]:
    named = "|".join(f"(?P<{kind}>{w})" for kind, w in KIND_WORDS.items())
    again = "|".join(KIND_WORDS.values())  # "ss 47 to s49"
    return re.compile(
        rf"(?<![\w'\u2019.])(?:{named})\s*(?P<first>{NUMBER})"
        rf"(?:\s*(?P<joint>-|\u2013|to|and|&)\s*(?:(?:{again})\s*)?"
        rf"(?P<last>{NUMBER}))?(?![\w'\u2019])", re.IGNORECASE)


MENTION = _mention_pattern()
_ANCHOR = re.compile(
    r"^(?P<kind>section|article|regulation|part|schedule)s?-(?P<first>\d{1,3}[a-z]{0,2})"
    r"(?:-(?:and-|to-)?(?P<last>\d{1,3}[a-z]{0,2}))?(?:-|$)")
_LINKED = re.compile(r"\]\(\s*<?(?P<url>https?://[^)\s>]+)")
_ACT_WORD = re.compile(r"\b(?:Act|Order)\b")


@dataclass(frozen=True)
class Provision:
    """A provision as a query or a heading names it: its kind and numbers."""

    kind: str  # one of KINDS
    numbers: tuple[str, ...]  # one, or each number of a range ("ss 47-49")

    @property
    def is_range(self) -> bool:
        return len(self.numbers) > 1


def normal_number(number: str) -> str:
    """'047' and '16E' as anchors write them: '47', '16e'."""
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return str(int(digits)) + number[len(digits):].lower()


def numbers(first: str, last: str | None, span: bool = True) -> tuple[str, ...]:
    """The numbers "first to last" (``span``) or "first and last" covers."""
    first = normal_number(first)
    if last is None:
        return (first,)
    last = normal_number(last)
    spread = int(last) - int(first) if first.isdigit() and last.isdigit() else 0
    if span and 0 < spread <= MAX_RANGE:
        return tuple(str(n) for n in range(int(first), int(last) + 1))
    return (first, last) if first != last else (first,)


def provisions_in(text: str) -> list[tuple[Provision, re.Match[str]]]:
    """Every provision ``text`` names, with where it names it."""
    found = []
    for match in MENTION.finditer(text):
        kind = next(k for k in KINDS if match.group(k))
        span = (match["joint"] or "").lower() not in ("and", "&")
        found.append((Provision(kind, numbers(match["first"], match["last"], span)),
                      match))
    return found


def document_provisions(doc: Document) -> dict[str, Any]:
    """The meta.json row fields of a document: its Act's address and, for each
    section describing a provision, [kind, number, anchor, strength]."""
    law = own_law(doc)
    if law is None:
        return {}
    rows = []
    for section in doc.sections:
        for kind, number, strength in _described(section, law):
            rows.append([kind, number, section.anchor, strength])
    return {"law": law, "provisions": rows}


def own_law(doc: Document) -> str | None:
    """The address of the Act a legislation summary summarises, as acts.yml
    writes addresses; None for any other document."""
    if doc.type != "legislation" or doc.source is None:
        return None
    return normal_url(doc.source.url)


def normal_url(url: str) -> str:
    url = re.split(r"[?#]", url.strip(), maxsplit=1)[0].rstrip("/").lower()
    url = re.sub(r"^(?:https?:)?//", "https://", url)
    return url.replace("https://legislation.gov.uk/", "https://www.legislation.gov.uk/")


def _described(section: Section, law: str) -> list[tuple[str, str, int]]:
    found: dict[tuple[str, str], int] = {}
    anchor = _ANCHOR.match(section.anchor)
    if anchor:
        span = "-and-" not in section.anchor
        for number in numbers(anchor["first"], anchor["last"], span):
            found[anchor["kind"], number] = ANCHOR
    if not _ACT_WORD.search(section.heading):  # a heading naming another Act
        for provision, _ in provisions_in(section.heading):
            for number in provision.numbers:
                found.setdefault((provision.kind, number), HEADING)
    linked = _linked(section.markdown, law)
    if len(linked) == 1:
        found.setdefault(linked.pop(), LINK)
    return [(kind, number, strength) for (kind, number), strength in found.items()]


def _linked(markdown: str, law: str) -> set[tuple[str, str]]:
    """The provisions of the Act at ``law`` that ``markdown`` links to."""
    base = law + "/"
    found = set()
    for match in _LINKED.finditer(markdown):
        url = normal_url(match["url"])
        if url.startswith(base):
            parts = url[len(base):].split("/")
            if len(parts) >= 2 and parts[0] in KINDS and re.fullmatch(NUMBER, parts[1]):
                found.add((parts[0], normal_number(parts[1])))
    return found


def acts_data(library: Library) -> list[dict[str, Any]]:
    """The head of meta.json: each Act of acts.yml, its address and names
    (problems with acts.yml are ``kb check``'s to report, not the build's)."""
    return [{"title": act.title, "url": normal_url(act.url), "names": list(act.names)}
            for act in load_acts(library.root, Problems())]


@dataclass(frozen=True)
class Described:
    """A section describing a provision, as a query finds it."""

    doc_id: str
    anchor: str
    strength: int


def provision_table(documents: dict[str, dict | Any]
                    ) -> dict[tuple[str, str, str], list[Described]]:
    """(Act address, kind, number) -> the sections that describe it most
    strongly, in document order. ``documents``: doc id -> (law, provisions)."""
    table: dict[tuple[str, str, str], list[Described]] = {}
    for doc_id, (law, rows) in documents.items():
        for kind, number, anchor, strength in rows:
            table.setdefault((law, kind, number), []).append(
                Described(doc_id, anchor, strength))
    for key, found in table.items():
        best = max(d.strength for d in found)
        table[key] = [d for d in found if d.strength == best]
    return table
