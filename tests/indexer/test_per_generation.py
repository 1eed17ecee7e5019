"""What a search derives from a generation alone is made once, and is the same
as making it afresh: the spelling data, the query parser, the glossary's
analysed names."""

from indexer import memo
from indexer.meta import read_meta
from indexer.schema import analyse, analyse_known, contains
from indexer.search.parsing import expand, make_parser
from indexer.search.spelling import SpellingData
from kb.model import GlossaryTerm


def test_per_object_builds_once_per_object_by_identity():
    built = []

    @memo.per_object
    def size(items):
        built.append(items)
        return len(items)

    first, equal = [1, 2], [1, 2]  # equal but not the same object
    assert (size(first), size(first), size(equal)) == (2, 2, 2)
    assert built == [first, equal] and built[0] is first and built[1] is equal


def test_per_object_forgets_the_oldest_beyond_its_limit():
    built = []
    twice = memo.per_object(lambda obj: built.append(obj) or obj)
    objects = [object() for _ in range(memo.KEPT + 1)]
    for obj in objects:
        twice(obj)
    twice(objects[-1])
    twice(objects[0])  # forgotten: made again
    assert len(built) == memo.KEPT + 2


def test_spelling_data_is_made_once_per_generation(handle):
    meta = handle.meta
    once = SpellingData.for_meta(meta)
    assert SpellingData.for_meta(meta) is once
    assert once == SpellingData.from_meta(meta)
    reread = read_meta(handle.index_dir / handle._target())  # another generation object
    assert SpellingData.for_meta(reread) is not once
    assert SpellingData.for_meta(reread) == once


def test_query_parser_is_made_once_per_schema(handle):
    with handle.searching() as (searchers, _gen):
        schema = searchers.sections.schema
        parser = make_parser(schema)
        assert make_parser(schema) is parser
        assert parser.parse("county lines") == parser.parse("county lines")


def _expand_afresh(words, glossary):
    """The expansion rule written plainly, with nothing kept between calls."""
    tokens = analyse(" ".join(words))
    found = []
    for term in glossary:
        names = [n for n in term.names if n]
        matched = [analyse_known(n) for n in names
                   if contains(tokens, analyse_known(n))]
        if matched:
            for name in names:
                seq = analyse_known(name)
                if seq and not any(contains(seq, m) for m in matched) \
                        and name not in found:
                    found.append(name)
    return found


def test_expansions_equal_the_plain_rule_on_a_glossary(handle):
    glossary = handle.meta.glossary
    asked = ["nrm", "national referral mechanism referral", "county lines",
             "ictg", "the", "child criminal exploitation cce", "", "modern slavery"]
    asked += [n for term in glossary for n in term.names][:60]
    for text in asked:
        words = text.split()
        assert expand(words, glossary) == _expand_afresh(words, glossary), text


def test_expansion_of_a_name_whose_words_are_all_stop_words():
    glossary = (GlossaryTerm(term="The", definition="x", synonyms=("Them",)),
                GlossaryTerm(term="NRM", definition="x",
                             expansion="National Referral Mechanism"))
    for text in ("the", "nrm", "national referral mechanism"):
        assert expand(text.split(), glossary) == _expand_afresh(text.split(),
                                                                  glossary)


def test_best_bet_matcher_analyses_the_text_once_and_agrees_with_matches():
    from indexer.search.bestbets import matcher, matches

    lists = [("missing",), ("child gone missing", "runaway"), ("county lines",),
             ("call 999",), ()]
    for text in ("Child gone missing?", "missing", "county lines exploitation",
                 "lines county", "", "call 999 now"):
        asked = matcher(text)
        assert [asked(q) for q in lists] == [matches(text, q) for q in lists]
    assert matcher("Child gone missing?")(("child gone missing",))
    assert not matcher("missing child")(("missing",))  # one word: the whole text
