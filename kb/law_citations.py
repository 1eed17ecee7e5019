"""The law a section of a legislation summary describes, in OSCOLA form.

A trainer citing "section 3.4" of our Children Act 1989 summary may want the Act
itself: "Children Act 1989, s 47", linked to that provision on legislation.gov.uk.
The provision comes from the section's own words, in this order:

1. its anchor, which editors keep stable: ``section-47``, ``sections-48-50``,
   ``section-67-grounds``; ``article-66`` only when the Act is an Order, since a
   summary of an Act may have an ``article-4`` of the Convention it carries;
2. its heading: "Section 45: defence for victims", "Child protection enquiries
   (s47)";
3. else the Act as a whole.

OSCOLA writes the provision after the short title and a comma, with "s" or
"ss" for sections and "art" or "arts" for articles of an Order (OSCOLA 4th
edition, 2.4). The packaged OSCOLA CSL style renders legislation without that
comma, so this one form is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.act_links import MENTION, normalise_url
from kb.acts import ACTS_FILE, Act, load_acts
from kb.model import Document, Section
from kb.problems import Problems

_NUMBER = r"\d+[a-z]{0,2}"
ANCHOR = re.compile(rf"^(?P<kind>sections?|articles?)-(?P<first>{_NUMBER})"
                    rf"(?:-(?P<joint>to|and)?-?(?P<last>\d+[a-z]{{0,2}}))?"
                    r"(?:-[a-z][a-z-]*)?$")
_CHAPTER = re.compile(r"\s*\((?:c\.|(?:asp|SI|nisi|anaw|asc)\b).*\)\s*$", re.I)
_LEADING_THE = re.compile(r"^The\s+")
RANGE_DASH = "\u2013"


@dataclass(frozen=True)
class Law:
    """An Act, or provisions of it, as a UK lawyer cites them."""

    act: str  # the short title with its year: "Children Act 1989"
    numbers: tuple[str, ...] = ()
    is_range: bool = False  # "ss 48-50", not "ss 48 and 50"
    is_order: bool = False  # provisions of an Order are articles
    url: str | None = None  # the provision (or the Act) on legislation.gov.uk

    @property
    def pinpoint(self) -> str:
        """'s 47', 'ss 48–50', 'arts 17 and 18'; empty for the whole Act."""
        if not self.numbers:
            return ""
        label = "art" if self.is_order else "s"
        if len(self.numbers) == 1:
            return f"{label} {self.numbers[0]}"
        join = RANGE_DASH if self.is_range else " and "
        return f"{label}s {self.numbers[0]}{join}{self.numbers[-1]}"

    @property
    def text(self) -> str:
        """The OSCOLA citation: 'Children Act 1989, s 47'."""
        return f"{self.act}, {self.pinpoint}" if self.numbers else self.act


def law_for(doc: Document, section: Section, acts: list[Act]) -> Law | None:
    """The law ``section`` of a legislation summary describes; None for other
    documents."""
    if doc.type != "legislation" or doc.source is None:
        return None
    own = _own_act(doc, acts)
    title = own.title if own else _short_title(doc.source.title)
    is_order = bool(re.search(r"\bOrder\b", title))
    numbers, is_range = _provisions(section, is_order)
    url = own.url if own and not own.unverified else doc.source.url
    if numbers and own and not own.unverified:
        kind = "article" if is_order else "section"
        url = f"{own.url}/{kind}/{numbers[0]}"
    return Law(title, numbers, is_range, is_order, url)


def _provisions(section: Section, is_order: bool) -> tuple[tuple[str, ...], bool]:
    found = ANCHOR.match(section.anchor)
    if found and found.group("kind").startswith("article") == is_order:
        first, last = found.group("first"), found.group("last")
        if last is None:
            return (first,), False
        return (first, last), found.group("joint") != "and"
    mention = None if is_order else MENTION.search(section.heading or "")
    if mention:
        first, last = mention.group("first"), mention.group("last")
        return ((first,), False) if last is None else ((first, last), True)
    return (), False


def _own_act(doc: Document, acts: list[Act]) -> Act | None:
    source = normalise_url(doc.source.url) if doc.source else None
    return next((act for act in acts if act.url.lower() == source), None)


def _short_title(source_title: str) -> str:
    """'The Children (Northern Ireland) Order 1995 (SI 1995/755 (NI 2))' ->
    'Children (Northern Ireland) Order 1995'."""
    return _LEADING_THE.sub("", _CHAPTER.sub("", source_title)).strip()


def acts_of(root: Path) -> list[Act]:
    """The Acts of the library at ``root``, read again when acts.yml changes.
    A broken acts.yml gives none: ``kb check`` reports it."""
    path = root / ACTS_FILE
    stamp = path.stat().st_mtime_ns if path.is_file() else 0
    return _read_acts(root, stamp)


@lru_cache(maxsize=4)
def _read_acts(root: Path, stamp: int) -> list[Act]:
    return load_acts(root, Problems())
