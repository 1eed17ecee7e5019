"""search(): the shape the site and the CLI rely on, and its ranking rules."""

import shutil

import pytest

from indexer import checksums
from indexer.build.builder import build_index
from indexer.results import BestBet, DocumentRef, SearchPage, SectionHit
from indexer.search.parsing import MAX_QUERY_LENGTH
from indexer.search.query import IndexUnavailable, open_searcher_index, search
from tests.indexer.helpers import make_guidance


def ids(data):
    return [r.doc_id for r in data.results]


def facet(data, name):
    return {f.value: (f.count, f.selected) for f in data.facets[name]
            if f.count or f.selected}


def test_result_shape_is_typed_with_ids_and_anchors_but_no_links(handle):
    data = search(handle, "consent")
    assert isinstance(data, SearchPage)
    first = data.results[0]
    assert first.doc_id == "nrm-referral" and not hasattr(first, "url")
    assert first.type_label == "Practice note"
    assert first.status_label == "Current" and first.reviewed == "2026-01-15"
    section = first.sections[0]
    assert section == SectionHit("consent", "2", "Consent", section.snippet)
    assert "<mark>consent</mark>" in section.snippet
    assert set(data.facets) == {"type", "status", "jurisdiction", "audience",
                                   "topic", "area"}
    assert first.local_to is None  # national guidance


def test_handle_exposes_generation_and_counts(handle):
    assert (handle.generation, handle.doc_count, handle.section_count) == (1, 5, 8)
    assert handle.content_commit is None and handle.meta.documents


def test_results_are_grouped_by_document_with_best_sections(handle):
    data = search(handle, "missing child police")
    assert len(ids(data)) == len(set(ids(data))) == data.total
    anchors = [s.anchor for s in data.results[0].sections]
    assert 1 <= len(anchors) <= 3 and anchors[0] == "call-police"


def test_superseded_ranks_below_current_and_names_its_successor(handle):
    data = search(handle, "missing child social worker police")
    assert ids(data).index("missing-child") < ids(data).index("old-missing-guidance")
    old = data.results[ids(data).index("old-missing-guidance")]
    assert old.status == "superseded" and old.status_label == "Superseded"
    assert old.successor == DocumentRef("missing-child", "When a child goes missing")
    assert search(handle, "missing child").results[0].successor is None


def test_acronym_expands_to_its_full_name_and_back(handle):
    data = search(handle, "CCE")
    assert data.expansions == ("child criminal exploitation",)
    assert set(ids(data)) == {"county-lines", "legal-note"}
    back = search(handle, "child criminal exploitation")
    assert back.expansions == ("CCE",) and "county-lines" in ids(back)


def test_exact_title_comes_first(handle):
    assert ids(search(handle, "county lines"))[0] == "county-lines"


def test_stemming_and_accent_folding(handle):
    assert ids(search(handle, "run drug"))[0] == "legal-note"  # running, drugs
    assert ids(search(handle, "cafe")) == ["county-lines"]  # café


def test_unknown_word_is_corrected_and_said_so(handle):
    data = search(handle, "responder refferal")
    assert data.query == "responder referral"
    assert data.corrected_from == "responder refferal"
    assert data.suggestion is None and ids(data)[0] == "nrm-referral"
    known = search(handle, "first responder")
    assert known.suggestion is None and known.corrected_from is None


def test_literal_search_offers_did_you_mean(handle):
    data = search(handle, "responder refferal", literal=True)
    assert data.query == "responder refferal" and data.corrected_from is None
    assert data.suggestion == "responder referral"


def test_zero_results_retry_with_fuzzy_matching(handle):
    data = search(handle, "trafficed", literal=True)
    assert data.fuzzy is True and ids(data) == ["missing-child"]
    assert search(handle, "trafficked").fuzzy is False
    none = search(handle, "zzzzqqqq")
    assert none.total == 0 and none.results == () and not none.fuzzy


def test_best_bets_match_curated_queries(handle):
    bets = search(handle, "Child gone missing?").best_bets
    assert bets == (BestBet("missing-child", "When a child goes missing",
                            "call-police", "2", "Call the police",
                            "Child missing right now"),)
    assert search(handle, "consent").best_bets == ()


def test_phrase_exclusion_and_field_queries(handle):
    assert ids(search(handle, '"first responder"')) == ["nrm-referral"]
    assert "county-lines" not in ids(search(handle, "drugs -gangs"))
    assert ids(search(handle, "drugs audience:legal")) [0] == "legal-note"


def test_facets_or_within_and_across_and_ignore_own_selection(handle):
    everything = search(handle, "child")
    assert facet(everything, "audience")["police"] == (4, False)
    one = search(handle, "child", filters={"audience": ["legal"]})
    assert ids(one) == ["legal-note"]
    assert facet(one, "audience")["police"] == (4, False)  # own selection ignored
    assert facet(one, "audience")["legal"] == (1, True)
    assert facet(one, "jurisdiction") == {"scotland": (1, False)}
    either = search(handle, "child", filters={"audience": ["legal", "carers"]})
    assert set(ids(either)) == {"legal-note", "missing-child"}
    both = search(handle, "child", filters={"audience": ["legal", "carers"],
                                            "jurisdiction": ["england"]})
    assert ids(both) == ["missing-child"]
    assert facet(both, "jurisdiction") == {"england": (1, True), "scotland": (1, False)}


def test_unknown_filters_are_ignored(handle):
    plain = search(handle, "child")
    odd = search(handle, "child", filters={"colour": ["red"], "audience": ["nobody"],
                                           "type": "practice-note", "topic": None})
    assert odd.total == plain.total > 0


def test_paging_and_out_of_range_pages(handle):
    data = search(handle, "child", page_size=2)
    assert data.pages == (data.total + 1) // 2 and len(data.results) == 2
    second = search(handle, "child", page=2, page_size=2)
    assert not set(ids(second)) & set(ids(data))
    beyond = search(handle, "child", page=99, page_size=2)
    assert beyond.results == () and beyond.total == data.total
    assert beyond.page == 99 and beyond.best_bets == ()


def test_sort_by_last_updated(handle):
    data = search(handle, "child", sort="updated")
    assert data.sort == "updated" and data.total > 1
    assert search(handle, "child", sort="nonsense").sort == "relevance"


HOSTILE = ['"unbalanced', "NOT NOT foo", "NOT OR foo", "AND", "> foo", "(" * 1000,
           "(" * 1000 + "child" + ")" * 1000, "date:[x to y]", "ka*", "*ion", "?",
           "\ud800 child", "child\ud800*", "x" * 10_000, "title:", ":", "-", "+",
           "\x00\x1f", "😀 child", "Ω" * 600, "audience:police OR", "^2", "a~",
           "child^999", '""', "'", "((child)", "child))", "* * *", "ANDNOT child",
           "' OR 1=1 --", "<script>alert(1)</script>", "", "   ", None]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_returns_a_result_and_never_raises(handle, text):
    data = search(handle, text)
    assert data.total == len(data.results) or data.total > 10
    assert len(data.query) <= MAX_QUERY_LENGTH
    for result in data.results:
        for section in result.sections:
            assert "<script" not in section.snippet


def test_long_queries_are_cut_and_say_so(handle):
    data = search(handle, "child " * 200)
    assert data.truncated and len(data.query) <= MAX_QUERY_LENGTH
    assert data.total > 0 and not search(handle, "child").truncated


def test_snippets_escape_document_text(guidance, index_dir):
    from tests.indexer.helpers import write_doc

    write_doc(guidance, "angle", "Angle brackets",
              "## Marks {#marks}\n\nIf a < b & c, write down the risk.\n")
    build_index(guidance, index_dir, full=True)
    with open_searcher_index(index_dir) as handle:
        snippet = search(handle, "risk").results[0].sections[0].snippet
    assert "a &lt; b &amp; c" in snippet and "<mark>risk</mark>" in snippet


def test_missing_index_says_how_to_rebuild(tmp_path):
    with pytest.raises(IndexUnavailable, match="kb index --full"):
        open_searcher_index(tmp_path / "nowhere")


# Whoosh leaves the broken table of contents open when it fails to read it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_corrupt_index_says_how_to_rebuild(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    for path in (index_dir / "current").glob("*.toc"):
        path.write_bytes(b"not a table of contents")
    # The checksums name the damaged file (indexer.checksums).
    with pytest.raises(IndexUnavailable,
                       match=r"damaged \(gen-\d+/_\w+\.toc: .*make index"):
        open_searcher_index(index_dir)
    # Checksums taken of the damaged files (as a faulty build would record
    # them) let Whoosh try, and its failure is reported with its cause.
    checksums.write((index_dir / "current").resolve())
    with pytest.raises(IndexUnavailable, match=r"cannot be read.*make index") as raised:
        open_searcher_index(index_dir)
    # The cause stays attached for the log: what Whoosh raised, and where.
    assert raised.value.__cause__ is not None
    assert type(raised.value.__cause__).__name__ in str(raised.value)


def test_index_removed_under_an_open_handle(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    with open_searcher_index(index_dir) as handle:
        shutil.rmtree(index_dir)
        with pytest.raises(IndexUnavailable, match="make index"):
            search(handle, "child")


def _ranked(tmp_path, docs: dict, query: str) -> list[str]:
    build_index(make_guidance(tmp_path / "g", docs), tmp_path / "i", full=True)
    return ids(search(open_searcher_index(tmp_path / "i"), query))


HOTELS = dict(title="Children in hotels, 2021 to 2024", status="historic",
              body="## Hotels {#hotels}\n\nChildren went missing from hotels. "
                   "Missing children in hotels were at risk.\n")
MISSING = dict(title="Missing children", body="## Missing {#missing}\n\nCall "
               "the police when children go missing.\n")


def test_historic_record_without_successor_keeps_its_rank(tmp_path):
    assert _ranked(tmp_path, {"hotels": HOTELS, "missing": MISSING},
                   "missing children in hotels")[0] == "hotels"


def test_historic_document_with_a_successor_ranks_below_it(tmp_path):
    replaced = dict(HOTELS, superseded_by="missing")
    assert _ranked(tmp_path, {"hotels": replaced, "missing": MISSING},
                   "missing children in hotels") == ["missing", "hotels"]


def test_a_query_the_parser_trips_on_searches_its_words_and_is_logged(handle, caplog):
    """Whoosh's parser raises IndexError on "NOT NOT word": the words are
    searched instead of showing no results, and the log says what failed
    without the words (they may be a child's name)."""
    with caplog.at_level("WARNING", logger="indexer.search.parsing"):
        tripped = search(handle, "NOT NOT trafficking")
    assert tripped.total == search(handle, "trafficking").total > 0
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "IndexError" in logged and "traffick" not in logged.lower()


def test_words_the_parser_never_sees_still_make_a_query():
    from whoosh.query import NullQuery

    from indexer.search.parsing import plain_query

    assert plain_query([]) is NullQuery
    terms = {(t.fieldname, t.text) for t in plain_query(["Trafficked"]).subqueries}
    assert ("body", "traffick") in terms and ("title", "traffick") in terms
