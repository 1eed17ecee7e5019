"""Snippets read as text: they start where a sentence or clause starts and never
part a provision's number from its word ("51 of the Modern Slavery Act")."""

import pytest
from whoosh.analysis import Token
from whoosh.highlight import Fragment

from indexer.build.builder import build_index
from indexer.search.query import open_searcher_index, search
from indexer.search.snippets import readable
from tests.indexer.helpers import make_guidance

LONG = ("Councils and police share what they know about each child early and often. "
        "Section 51 of the Modern Slavery Act 2015 sets a presumption about age for "
        "a person who may be a victim and may be a child, so that support starts "
        "while the age is in doubt, and it lasts until a decision is made.")


def token(text: str, word: str) -> Token:
    start = text.index(word)
    return Token(text=word.lower(), startchar=start, endchar=start + len(word))


def shown(text: str, fragment: Fragment) -> str:
    cut = readable(text, fragment)
    return text[cut.startchar:cut.endchar]


def test_a_snippet_starts_at_its_sentence_not_mid_phrase():
    match = token(LONG, "presumption")
    mid_phrase = LONG.index("51 of the")  # where a fixed-width window began
    snippet = shown(LONG, Fragment(LONG, [match], mid_phrase, mid_phrase + 150))
    assert snippet.startswith("Section 51 of the Modern Slavery Act 2015")


def test_without_a_sentence_end_it_starts_at_a_clause():
    text = ("the support lasts " * 12 + "for those who need it, while the age of "
            "the child is in doubt and assessed")
    match = token(text, "doubt")
    snippet = shown(text, Fragment(text, [match], match.startchar - 30, len(text)))
    assert snippet.startswith("while the age of the child")


def test_a_provision_word_keeps_its_number_at_either_end():
    text = "x" * 300 + " under section 45 the defence applies to a child who offends"
    match = token(text, "defence")
    assert shown(text, Fragment(text, [match], text.index("45"), len(text))) \
        .startswith("section 45 the defence")
    text = "The defence: " + "a child made to offend " * 8 + "is protected by s 45 too."
    match = token(text, "defence")
    cut = readable(text, Fragment(text, [match], 0, text.index(" 45")))
    assert text[:cut.endchar].endswith("s 45")


def test_matches_outside_the_snippet_are_dropped():
    text = "A first sentence here. " + "word " * 80 + "target at the end."
    first, late = token(text, "first"), token(text, "target")
    cut = readable(text, Fragment(text, [first, late], 0, len(text)))
    assert all(cut.startchar <= t.startchar < cut.endchar for t in cut.matches)


@pytest.fixture(scope="module")
def handle(tmp_path_factory):
    root = make_guidance(tmp_path_factory.mktemp("snip") / "guidance", {
        "age-note": dict(title="A note", body=f"## Age {{#age}}\n\n{LONG}\n")})
    build_index(root, root.parent / "index", full=True)
    with open_searcher_index(root.parent / "index") as opened:
        yield opened


def test_search_results_show_readable_snippets(handle):
    snippet = search(handle, "presumption").results[0].sections[0].snippet
    assert snippet.startswith("Section 51 of the Modern Slavery Act 2015 sets a "
                              "<mark>presumption</mark>"), snippet
