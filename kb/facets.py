"""The facets: every way a document can be filtered, counted and browsed.

Each facet is described once here. The front-matter fields and their checks,
the document model, the index schema and build, meta.json, search filters and
counts, the browse pages, the document page's metadata, the API and its
OpenAPI description all loop over ``FACETS``. Adding a facet over a new
front-matter field is one entry here, its values in ``vocabulary.yml`` and its
line in CONTRIBUTING.md. Read ``FACETS`` through this module
(``facets.FACETS``) at call time, never copy it at import time.

A document's values are read from its front matter in one place,
``front_matter_values``; a facet whose values come from elsewhere (the folder
a file is in, say) would be read there too, with its labels given by
``kb.model.Vocabulary.values``. The area facet is such a facet: its values
are the folders of ``guidance/areas/``, its labels the names in their
``area.yml``, and it is ``scoped`` (see ``Facet``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Status values are fixed by the code, not by vocabulary.yml: the site treats
# each one differently (banners, ranking).
STATUSES: dict[str, str] = {"current": "Current", "superseded": "Superseded",
                            "withdrawn": "Withdrawn", "historic": "Historic"}


@dataclass(frozen=True)
class Facet:
    """One facet. ``name`` is the URL parameter, index field and API key."""

    name: str  # "audience"
    key: str  # its front-matter field, and its key in the API: "audiences"
    vocabulary: str | None  # the vocabulary.yml section of its values; None: fixed
    label: str  # what the search page calls it: "Who it is for"
    multi: bool  # a document may have several values
    browse: str | None = None  # heading of its browse page; None: not browsable
    browse_rank: int = 0  # order on the browse page
    fixed: dict[str, str] = field(default_factory=dict)  # values when not vocabulary
    required: bool = True  # every document's front matter must give it
    shown: str | None = None  # its row on the document page; None: not shown
    # Values from folders, not vocabulary.yml: the labels are read from there
    # (``kb.library.load_vocabulary``); "areas" is guidance/areas/<id>/area.yml.
    folders: str | None = None
    # A document with a value is shown only when that value is chosen; one
    # without a value always passes; at most one value may be chosen. A local
    # document of one area is never found in a search for another.
    scoped: bool = False


FACETS: tuple[Facet, ...] = (
    Facet("type", "type", "types", "Type of document", multi=False,
          browse="Browse by type of document", browse_rank=4, shown="Type"),
    Facet("status", "status", None, "Status", multi=False, fixed=STATUSES),
    Facet("jurisdiction", "jurisdictions", "jurisdictions", "Where it applies",
          multi=True, browse="Browse by where you work", browse_rank=3,
          shown="Where it applies"),
    Facet("audience", "audiences", "audiences", "Who it is for", multi=True,
          browse="Browse by who you are", browse_rank=2, shown="Who it is for"),
    Facet("topic", "topics", "topics", "Topic", multi=True,
          browse="Browse by topic", browse_rank=1, shown="Topics"),
    Facet("area", "area", "areas", "Your area", multi=False, required=False,
          shown="Local to", folders="areas", scoped=True),
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
    return tuple(f.vocabulary for f in FACETS if f.vocabulary and not f.folders)


def folder_facets() -> tuple[Facet, ...]:
    """The facets whose values come from folders."""
    return tuple(f for f in FACETS if f.folders)


def front_matter_fields() -> tuple[str, ...]:
    """The front-matter fields of the facets, in registry order."""
    return tuple(f.key for f in FACETS)


def required_fields() -> tuple[str, ...]:
    return tuple(f.key for f in FACETS if f.required)


def front_matter_values(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Every facet's values in checked front matter, by facet name: a list
    even for a one-valued facet, empty when an optional field is left out."""
    found = {}
    for facet in FACETS:
        value = data.get(facet.key)
        if facet.multi:
            found[facet.name] = list(value or [])
        else:
            found[facet.name] = [value] if value is not None else []
    return found


def values_of(document: Any, facet: Facet) -> list[str]:
    """A document's values for ``facet``, always as a list."""
    return list(document.facet_values.get(facet.name, ()))


def value_of(document: Any, facet: Facet) -> list[str] | str:
    """A document's values as front matter writes them: a list for a
    multi-valued facet, else the one value ("" when left out)."""
    found = values_of(document, facet)
    return found if facet.multi else (found[0] if found else "")
