"""Checks that a step's citations carry it, in every nation it is shown in.

A reader at 2 a.m. follows the citation to check the step. A one-line stub
cannot say what the step says, so a cited section needs some substance
(``MIN_SECTION_WORDS``). And a reader in Scotland must not be sent to guidance
that applies only in England and Wales: each citation can be limited with
``nations:`` to the nations it applies to, and every nation a step is shown in
must keep at least one citation.
"""

from __future__ import annotations

from kb.model import Document, Library, Section
from kb.pathways.model import Pathway, SectionRef, Step
from kb.problems import Problems
from kb.prose import count_words

MIN_SECTION_WORDS = 60  # about four plain sentences
# Jurisdictions that mean a document applies wherever the reader is.
EVERYWHERE = ("uk", "international")


def check_citations(library: Library, pathway: Pathway, problems: Problems) -> None:
    for index, step in enumerate(pathway.steps, start=1):
        field = f"steps[{index}].cites"
        for ref in step.cites:
            _check_length(library, pathway, field, ref, problems)
        for nation in step.shown_in(pathway.nations):
            _check_nation(library, pathway, field, step, nation, problems)


def _check_length(library: Library, pathway: Pathway, field: str, ref: SectionRef,
                  problems: Problems) -> None:
    doc = library.get(ref.doc_id)
    section = doc.section(ref.anchor) if doc else None
    if section is None:
        return  # check_ref reports it
    words = section_words(doc, section)
    if words < MIN_SECTION_WORDS:
        problems.warning(pathway.path, ref.line, field,
                         f"'{ref.key}' has {words} words (at least "
                         f"{MIN_SECTION_WORDS} expected): a section this short "
                         "cannot say what the step says; cite a fuller section "
                         "or write this one out")


def _check_nation(library: Library, pathway: Pathway, field: str, step: Step,
                  nation: str, problems: Problems) -> None:
    shown = step.cites_for(nation)
    if not shown:
        problems.error(pathway.path, step.line, field,
                       f"step '{step.title}' has no citation that applies in "
                       f"'{nation}': add one, or widen a citation's nations")
    for ref in shown:
        doc = library.get(ref.doc_id)
        if doc is not None and not applies_in(doc, nation):
            places = ", ".join(_places(doc))
            problems.warning(pathway.path, ref.line, field,
                             f"step '{step.title}', as shown in '{nation}', cites "
                             f"'{ref.key}', which covers only {places}: limit the "
                             "citation with nations: or cite guidance for "
                             f"'{nation}'")


def section_words(doc: Document, section: Section) -> int:
    """Words in ``section`` and its subsections: what a reader of it sees."""
    words, inside = 0, False
    for other in doc.sections:
        if other is section or other.anchor == section.anchor:
            inside = True
        elif inside and other.level <= section.level:
            break
        if inside:
            words += count_words(other.text)
    return words


def applies_in(doc: Document, nation: str) -> bool:
    """True when ``doc`` is guidance for ``nation`` (or for everywhere)."""
    places = _places(doc)
    return nation in places or any(p in places for p in EVERYWHERE)


def _places(doc: Document) -> list[str]:
    """The nations a document is guidance for (its ``jurisdiction`` facet)."""
    return list(doc.facet_values.get("jurisdiction", ()))
