"""The shared token pass writes the same postings as Whoosh's analyzer chains."""

import pytest
from whoosh.fields import TEXT

from indexer.build.writing import document_fields, section_entries
from indexer.meta import ordinals
from indexer.schema import make_document_schema, make_schema
from indexer.tokens import TokenPass
from kb.library import load_library
from tests.indexer.helpers import REPO_ROOT

SECTION_TEXT_FIELDS = ("title", "heading", "keywords", "summary", "body",
                       "publisher", "pairs", "spell")
ODD_TEXTS = [
    "", "the of and", "Child", "The child, the CHILD and the children.",
    "CAFÉ café Cafe naïve İstanbul ß Æsir", "U.K. e.g. 3.5 1,000 NRM's",
    "national nationality internally international organs officers",
    "a b c ab abc the-child's\nnew\tline", "running runs ran stopped",
]


def chain(field, value) -> list:
    """The postings Whoosh's own field would write from the analyzer chain."""
    if not isinstance(value, str):
        value = "\n".join(value)
    return sorted(TEXT.index(field, value))


def fast(field, value) -> list:
    return sorted(field.index(value))


@pytest.fixture(scope="module")
def library():
    found, _ = load_library(REPO_ROOT / "guidance")
    return found


def test_every_section_field_of_the_real_library_matches_the_chain(library):
    schema = make_schema()
    numbers = ordinals(library, None)
    checked = 0
    for doc in library.documents.values():
        for entry in section_entries(library, doc, numbers[doc.id]):
            for name in SECTION_TEXT_FIELDS:
                if name in entry:
                    assert fast(schema[name], entry[name]) == \
                        chain(schema[name], entry[name]), (entry["id"], name)
                    checked += 1
    assert checked > 3000


def test_every_document_field_of_the_real_library_matches_the_chain(library):
    schema = make_document_schema()
    numbers = ordinals(library, None)
    for doc in library.documents.values():
        fields = document_fields(library, doc, numbers[doc.id])
        for name in ("title", "heading", "keywords", "summary", "body"):
            assert fast(schema[name], fields[name]) == \
                chain(schema[name], fields[name]), (doc.id, name)


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_texts_match_the_chain(text):
    section, document = make_schema(), make_document_schema()
    for field in (section["body"], section["heading"], section["title"],
                  document["body"]):
        assert fast(field, text) == chain(field, text)
    texts = (text, "Heading", text.upper(), "")
    for name in ("pairs", "spell"):
        assert fast(section[name], texts) == chain(section[name], texts)
        assert fast(section[name], text) == chain(section[name], text)


def test_positions_count_from_the_first_kept_word():
    pass_ = TokenPass(make_schema()["body"].analyzer, make_schema()["spell"].analyzer)
    assert [(s, p) for s, p, _, _ in pass_.stemmed("the the running child")] == \
        [("run", 2), ("child", 3)]
    assert pass_.pairs(["of", "Trafficking"]) == ["traffick"]
    assert pass_.pairs(["of", "Trafficking", "the"]) == ["the"]  # as Whoosh does
    assert pass_.pairs(["child trafficking", "risk"]) == \
        ["child traffick", "traffick risk"]


def test_an_analyzer_without_its_stemmer_is_refused():
    schema = make_schema()
    with pytest.raises(ValueError, match="StemFilter"):
        TokenPass(schema["spell"].analyzer, schema["spell"].analyzer)
