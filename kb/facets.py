"""The facets: every way a document can be filtered, counted and browsed.

Each facet is described once here. Validation, the index schema and build,
meta.json, search filters and counts, the browse pages and the API all loop
over ``FACETS``, so adding a facet is one line here (and its values in
``vocabulary.yml``). Read ``FACETS`` through this module (``facets.FACETS``)
at call time, never copy it at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Status values are fixed by the code, not by vocabulary.yml: the site treats
# each one differently (banners, ranking).
STATUSES: dict[str, str] = {"current": "Current", "superseded": "Superseded",
                            "withdrawn": "Withdrawn", "historic": "Historic"}


@dataclass(frozen=True)
class Facet:
    """One facet. ``name`` is the URL parameter, index field and API key."""

    name: str  # "audience"
    attribute: str  # the Document attribute and front-matter field: "audiences"
    vocabulary: str | None  # the vocabulary.yml section of its values; None: fixed
    label: str  # what the search page calls it: "Who it is for"
    multi: bool  # a document may have several values
    browse: str | None = None  # heading of its browse page; None: not browsable
    browse_rank: int = 0  # order on the browse page
    fixed: dict[str, str] = field(default_factory=dict)  # values when not vocabulary


FACETS: tuple[Facet, ...] = (
    Facet("type", "type", "types", "Type of document", multi=False,
          browse="Browse by type of document", browse_rank=4),
    Facet("status", "status", None, "Status", multi=False, fixed=STATUSES),
    Facet("jurisdiction", "jurisdictions", "jurisdictions", "Where it applies",
          multi=True, browse="Browse by where you work", browse_rank=3),
    Facet("audience", "audiences", "audiences", "Who it is for", multi=True,
          browse="Browse by who you are", browse_rank=2),
    Facet("topic", "topics", "topics", "Topic", multi=True,
          browse="Browse by topic", browse_rank=1),
)


def get(name: str) -> Facet | None:
    """The facet called ``name``, or None."""
    return next((f for f in FACETS if f.name == name), None)


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FACETS)


def browsable() -> list[Facet]:
    """The facets with a browse page, in browse order."""
    return sorted((f for f in FACETS if f.browse), key=lambda f: f.browse_rank)


def vocabulary_sections() -> tuple[str, ...]:
    """The sections vocabulary.yml must hold."""
    return tuple(f.vocabulary for f in FACETS if f.vocabulary)


def values_of(document: object, facet: Facet) -> list[str]:
    """A document's values for ``facet``, always as a list."""
    found = getattr(document, facet.attribute)
    return list(found) if facet.multi else [found]
