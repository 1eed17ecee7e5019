"""Browse without searching: by topic, audience, jurisdiction and type; A to Z;
the glossary. These pages need only the library, not the search index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Blueprint, abort, render_template

from kb import facets
from kb.areas.checks import local_area
from kb.facets import Facet
from kb.model import Document, Library
from web.areas import chosen_area, local_documents
from web.stores import get_library

bp = Blueprint("browse", __name__)
T = TypeVar("T")


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str
    label: str
    count: int


def values_in_use(library: Library, name: str) -> list[FacetValue]:
    """Every vocabulary value of facet ``name`` that has documents, in vocabulary
    order, for browsing the whole library without the search index (a search's
    facet counts are ``indexer.search.counting.facet_counts``)."""
    facet = facets.get(name)
    counts: dict[str, int] = {}
    for doc in national(library):
        for value in facets.values_of(doc, facet):
            counts[value] = counts.get(value, 0) + 1
    return [FacetValue(name, v, label, counts[v])
            for v, label in library.vocabulary.values(name).items() if counts.get(v)]


def documents_with(library: Library, facet: Facet, value: str) -> list[Document]:
    docs = [d for d in national(library) if value in facets.values_of(d, facet)]
    return sorted(docs, key=lambda d: d.title.lower())


def national(library: Library) -> list[Document]:
    """The documents of the national library: an area's local documents are
    browsed under "Local to <area>" when that area is chosen."""
    return [d for d in library.documents.values() if local_area(d) is None]


def facet_or_404(name: str) -> Facet:
    """The browsable facet called ``name``."""
    facet = facets.get(name)
    if facet is None or not facet.browse:
        abort(404)
    return facet


@bp.get("/browse")
def index():
    library = get_library()
    area = chosen_area(library)
    groups = [(f.name, f.browse, values_in_use(library, f.name))
              for f in facets.browsable()]
    return render_template("browse/index.html", groups=groups, area=area,
                           local=local_documents(library, area) if area else [])


@bp.get("/browse/<facet>")
def facet(facet: str):
    found = facet_or_404(facet)
    return render_template("browse/facet.html", facet=facet, heading=found.browse,
                           values=values_in_use(get_library(), facet))


@bp.get("/browse/<facet>/<value>")
def value(facet: str, value: str):
    library = get_library()
    found = facet_or_404(facet)
    docs = documents_with(library, found, value)
    if not docs:
        abort(404)
    return render_template("browse/value.html", facet=facet, value=value,
                           heading=found.browse, documents=docs,
                           label=library.vocabulary.label(facet, value),
                           vocabulary=library.vocabulary)


ALPHABET = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
NOT_A_LETTER = "0-9"


def by_letter(items: list[T], name: Callable[[T], str]) -> dict[str, list[T]]:
    """Items under their first letter, every letter A to Z present (GOV.UK shows
    letters with nothing under them greyed out), in name order."""
    letters: dict[str, list[T]] = {letter: [] for letter in ALPHABET}
    for item in sorted(items, key=lambda i: name(i).lower()):
        letter = name(item)[:1].upper()
        letters.setdefault(letter if letter in ALPHABET else NOT_A_LETTER,
                           []).append(item)
    if letters.get(NOT_A_LETTER):
        letters = {NOT_A_LETTER: letters.pop(NOT_A_LETTER), **letters}
    return letters


@bp.get("/a-z")
def a_to_z():
    library = get_library()
    letters = by_letter(list(national(library)), lambda d: d.title)
    return render_template("browse/a_to_z.html", letters=letters,
                           vocabulary=library.vocabulary)


@bp.get("/glossary")
def glossary():
    library = get_library()
    letters = by_letter(list(library.glossary), lambda t: t.term)
    return render_template("browse/glossary.html", letters=letters,
                           documents=library.documents)
