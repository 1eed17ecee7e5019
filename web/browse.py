"""Browse without searching: by topic, audience, jurisdiction and type; A to Z;
the glossary. These pages need only the library, not the search index."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template

from kb.model import Document, Library
from web.content import get_library

bp = Blueprint("browse", __name__)

# URL name -> (Document attribute, Vocabulary attribute, page heading)
FACETS = {
    "topic": ("topics", "topics", "Browse by topic"),
    "audience": ("audiences", "audiences", "Browse by who you are"),
    "jurisdiction": ("jurisdictions", "jurisdictions", "Browse by where you work"),
    "type": ("type", "types", "Browse by type of document"),
}


@dataclass(frozen=True)
class FacetValue:
    facet: str
    value: str
    label: str
    count: int


def values_of(doc: Document, facet: str) -> list[str]:
    found = getattr(doc, FACETS[facet][0])
    return [found] if isinstance(found, str) else list(found)


def facet_counts(library: Library, facet: str) -> list[FacetValue]:
    """Every vocabulary value of ``facet`` that has documents, in vocabulary order."""
    counts: dict[str, int] = {}
    for doc in library.documents.values():
        for value in values_of(doc, facet):
            counts[value] = counts.get(value, 0) + 1
    values = getattr(library.vocabulary, FACETS[facet][1])
    return [FacetValue(facet, v, label, counts[v])
            for v, label in values.items() if counts.get(v)]


def documents_with(library: Library, facet: str, value: str) -> list[Document]:
    docs = [d for d in library.documents.values() if value in values_of(d, facet)]
    return sorted(docs, key=lambda d: d.title.lower())


def facet_or_404(facet: str) -> str:
    if facet not in FACETS:
        abort(404)
    return facet


@bp.get("/browse")
def index():
    library = get_library()
    groups = [(facet, heading, facet_counts(library, facet))
              for facet, (_, _, heading) in FACETS.items()]
    return render_template("browse/index.html", groups=groups)


@bp.get("/browse/<facet>")
def facet(facet: str):
    library = get_library()
    heading = FACETS[facet_or_404(facet)][2]
    return render_template("browse/facet.html", facet=facet, heading=heading,
                           values=facet_counts(library, facet))


@bp.get("/browse/<facet>/<value>")
def value(facet: str, value: str):
    library = get_library()
    facet_or_404(facet)
    docs = documents_with(library, facet, value)
    if not docs:
        abort(404)
    return render_template("browse/value.html", facet=facet, value=value,
                           heading=FACETS[facet][2], documents=docs,
                           label=library.vocabulary.label(facet, value),
                           vocabulary=library.vocabulary)


@bp.get("/a-z")
def a_to_z():
    library = get_library()
    letters: dict[str, list[Document]] = {}
    for doc in sorted(library.documents.values(), key=lambda d: d.title.lower()):
        letter = doc.title[:1].upper()
        letters.setdefault(letter if letter.isalpha() else "0-9", []).append(doc)
    return render_template("browse/a_to_z.html", letters=letters,
                           vocabulary=library.vocabulary)


@bp.get("/glossary")
def glossary():
    library = get_library()
    terms = sorted(library.glossary, key=lambda t: t.term.lower())
    return render_template("browse/glossary.html", terms=terms,
                           documents=library.documents)
