"""Each ranking and spelling rule in a small library where it alone decides.

Every rule below once changed nothing the suite could see: neutered alone
(its constant set to the neutral value, or its tie-break removed), every
test still passed. Each test here builds a real index from a tiny guidance
folder in which only that rule picks the outcome, and says which rule it
defends and what the neutered rule would do instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index

from indexer.build.builder import build_index
from indexer.meta import read_meta
from indexer.search import engine
from indexer.search.parsing import parse
from indexer.search.query import open_searcher_index, search
from indexer.search.spelling import SpellingData, _best, correct
from tests.indexer.helpers import make_guidance, write_doc

FILLER = "Write down what you saw and when you saw it."

GLOSSARY = """\
terms:
  - term: cuckooing
    definition: Taking over a home to run crime from it.
    synonyms: [takeover]
"""


def _note(text: str, sections: int = 1) -> str:
    return "".join(f"## Part {i} {{#part-{i}}}\n\n{text} {FILLER}\n\n"
                   for i in range(1, sections + 1))


def _build(root: Path, docs: dict[str, dict], glossary: str | None = None) -> Path:
    guidance = make_guidance(root / "guidance", docs)
    if glossary is not None:
        (guidance / "glossary.yml").write_text(glossary, "utf-8")
    build_index(guidance, root / "index", full=True)
    return root / "index"


def ids(page) -> list[str]:
    return [r.doc_id for r in page.results]


# -- ranking ------------------------------------------------------------------

def test_equal_scores_rank_by_document_id(tmp_path):
    """Defends the tie-break by id (``ranking.ordered``): documents with the
    same score come in id order, whatever order the index holds them in, so
    a page boundary between them never moves. Here "b-hostel" is indexed
    before "a-hostel" (added by a later, incremental build); without the
    tie-break the scores tie and "b-hostel" comes first."""
    body = _note("The hostel manager should report concerns.")
    docs = {"b-hostel": dict(title="Hostel note", body=body)}
    guidance = make_guidance(tmp_path / "guidance", docs)
    build_index(guidance, tmp_path / "index", full=True)
    write_doc(guidance, "a-hostel", title="Hostel note", body=body)
    build_index(guidance, tmp_path / "index")
    with open_searcher_index(tmp_path / "index") as handle:
        first = search(handle, "hostel manager")
        assert ids(first) == ["a-hostel", "b-hostel"]
        assert ids(search(handle, "hostel manager", page_size=1)) == ["a-hostel"]
        assert ids(search(handle, "hostel manager", page=2, page_size=1)) == [
            "b-hostel"]


# -- spelling -----------------------------------------------------------------

def _spelling_docs(case_sections: int, cafe_sections: int) -> dict[str, dict]:
    return {"case-notes": dict(title="Keeping notes",
                               body=_note("Open a case file.", case_sections)),
            "work-places": dict(title="Work places",
                                body=_note("A job in a cafe.", cafe_sections))}


def test_of_two_equally_close_words_the_commoner_corrects(tmp_path):
    """Defends ``FREQUENCY_WEIGHT`` (``spelling._best``): "cade" is one
    neighbouring key from both "cafe" and "case", and neither fits beside
    another query word, so how common each is decides. "case" is in four
    sections and "cafe" in one; with no weight for frequency the two tie
    and "cafe" wins on spelling order."""
    folder = _build(tmp_path, _spelling_docs(case_sections=4, cafe_sections=1))
    with open_searcher_index(folder) as handle:
        page = search(handle, "cade")
    assert (page.corrected_from, page.query) == ("cade", "case")
    assert ids(page) == ["case-notes"]


@pytest.mark.parametrize("order", [["case", "cafe"], ["cafe", "case"]])
def test_a_tie_between_corrections_goes_to_spelling_order(tmp_path, order):
    """Defends the word tie-break among corrections (``spelling._best``
    compares ``(cost, word)``): "cafe" and "case" are equally close to "cade"
    and equally common, and the correction is "cafe" whichever order the
    index lists them in. Whoosh's ``terms_within`` promises no order, so
    without the tie-break the first word listed would win."""
    folder = _build(tmp_path, _spelling_docs(case_sections=1, cafe_sections=1))
    ix = index.open_dir(str(folder / "current"))
    with ix.reader() as reader:
        assert _best(reader, "cade", order, (None, None), 0) == "cafe"
        data = SpellingData.from_meta(read_meta(folder / "current"))
        assert correct(reader, "cade", data).text == "cafe"
    ix.close()


def test_a_rare_word_is_corrected_only_when_that_finds_clearly_more(tmp_path):
    """Defends ``CLEARLY_BETTER`` (``forgive.forgiving_search``): "fork" is a
    known word in one section and "form", one key away, is in 20, so "fork"
    is a rare word that may be a slip. "fork ledger" finds 26 sections and
    "form ledger" 45: more, but not twice as many, so the words are searched
    as typed and "form ledger" is only offered. With the factor at 1 any
    correction that finds more would replace what was typed."""
    docs = {"kitchen": dict(title="Kitchen", body=_note("A fork in the drawer.")),
            **{f"forms-{i}": dict(title=f"Papers {i}",
                                  body=_note("Fill in the form.", 5))
               for i in range(4)},
            **{f"ledgers-{i}": dict(title=f"Books {i}",
                                    body=_note("Keep the ledger.", 5))
               for i in range(5)}}
    folder = _build(tmp_path, docs)
    with open_searcher_index(folder) as handle:
        page = search(handle, "fork ledger")
        assert (page.query, page.corrected_from) == ("fork ledger", None)
        assert page.suggestion == "form ledger"
        assert search(handle, "form ledger").total == 9


# -- glossary expansions ------------------------------------------------------

def test_a_word_as_typed_outranks_another_name_for_it(tmp_path):
    """Defends ``EXPANSION_BOOST`` (``parsing._name_query``): "takeover" is
    the glossary's other name for "cuckooing", so searching "cuckooing" finds
    both notes. The note that uses the word typed once ranks above the one
    that uses the other name twice, because other names weigh 0.6 of a typed
    word; at full weight the two mentions of "takeover" would win."""
    docs = {"a-takeover": dict(title="Home visits",
                               body=_note("Signs of takeover and takeover.")),
            "b-cuckooing": dict(title="Flat checks",
                                body=_note("Signs of cuckooing and others."))}
    folder = _build(tmp_path, docs, GLOSSARY)
    with open_searcher_index(folder) as handle:
        page = search(handle, "cuckooing")
    assert page.expansions == ("takeover",)
    assert ids(page) == ["b-cuckooing", "a-takeover"]


# -- candidates ---------------------------------------------------------------

def test_a_document_the_query_names_is_always_a_candidate(tmp_path):
    """Defends "named documents are always candidates" (``engine._best``):
    only the best ``MIN_CANDIDATES`` documents by the document-level score
    have their sections ranked, and here 90 notes titled "Quiet exits 1",
    "Quiet exits 2" and so on, which repeat the words in headings and text,
    all beat the note titled "Quiet exits", which has them only in its
    title. The exact ranking puts the document the query names first, so it
    must be ranked at all: without the rule it would be counted in the total
    but missing from every page."""
    text = "Quiet exits, quiet exits and more quiet exits."
    docs = {f"leaving-{i:02}": dict(title=f"Quiet exits {i}",
                                    body=_note(text, 2).replace("Part", "Quiet exits"))
            for i in range(90)}
    docs["quiet-exits"] = dict(title="Quiet exits", body=_note("Leave calmly."))
    folder = _build(tmp_path, docs)
    with open_searcher_index(folder) as handle:
        with handle.searching() as (searchers, gen):
            parsed = parse(searchers.sections, "quiet exits", gen.meta.glossary)
            scores = engine.attempt(parsed, parsed.query, searchers, gen).matches.scores
            ordinal = gen.catalogue(searchers).ids.index("quiet-exits")
            assert sum(s > scores[ordinal] for s in scores) >= engine.MIN_CANDIDATES
        page = search(handle, "quiet exits")
    assert page.total == 91
    assert ids(page)[0] == "quiet-exits"
