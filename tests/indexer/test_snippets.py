"""Snippet positions are read block by block; they must be exactly what
Whoosh's own matchers give for the sections shown, in an index of several
segments with deleted entries too."""

from __future__ import annotations

from indexer.build.builder import build_index
from indexer.search.parsing import parse
from indexer.search.query import open_searcher_index, search
from indexer.search.snippets import FIELD, _positions
from tests.indexer.helpers import write_doc


def _reference(searcher, query, docnums):
    """Each word's positions, found with Whoosh's matcher one posting at a time."""
    words = {t for _, t in query.existing_terms(searcher.reader(), expand=True,
                                                 fieldname=FIELD)}
    found = {}
    from_bytes = searcher.schema[FIELD].from_bytes
    for word in words:
        matcher = searcher.postings(FIELD, word)
        while matcher.is_active():
            if matcher.id() in docnums:
                found.setdefault(matcher.id(), set()).update(
                    (from_bytes(word), *p) for p in matcher.value_as("characters"))
            matcher.next()
    return found


def _as_sets(found):
    return {n: {(t.text, t.pos, t.startchar, t.endchar) for t in tokens}
            for n, tokens in found.items()}


def test_positions_equal_whooshs_in_several_segments(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    # Editing a document of the full build leaves deleted entries in its
    # segment (a segment that edits leave empty is dropped).
    write_doc(guidance, "county-lines", "County lines", "## What it is "
              "{#what-it-is}\n\nCounty lines gangs put a child at risk of harm.\n")
    for n in range(3):  # each build adds a segment; edits delete old entries
        write_doc(guidance, "extra", f"Extra note {n}",
                  "## Risk {#risk}\n\n" + "The child is at risk of harm. " * (n + 1)
                  + "\n\n## Referral {#referral}\n\nRefer the child to the NRM.\n")
        build_index(guidance, index_dir)
    with open_searcher_index(index_dir) as handle, handle.searching() as (s, gen):
        searcher = s.sections
        assert len(searcher.leaf_searchers()) > 1
        reader = searcher.reader()
        assert reader.has_deletions()
        every = [n for n in range(reader.doc_count_all()) if not reader.is_deleted(n)]
        for text in ["child risk", "nrm referral consent", "harm", "missing child"]:
            query = parse(searcher, text, gen.meta.glossary).query
            for docnums in (every, every[::3], every[1::2], every[-4:]):
                expected = _reference(searcher, query, set(docnums))
                got = _as_sets(_positions(searcher, query, docnums))
                assert got == expected, (text, len(docnums))
                assert got or docnums is not every, text


def test_snippets_mark_the_words_in_a_later_segment(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    write_doc(guidance, "late", "Late note", "## Harbour {#harbour}\n\n"
              "A child was found at Zanzibar harbour late at night.\n")
    build_index(guidance, index_dir)
    with open_searcher_index(index_dir) as handle:
        section = search(handle, "zanzibar harbour").results[0].sections[0]
    assert "<mark>Zanzibar</mark> <mark>harbour</mark>" in section.snippet
