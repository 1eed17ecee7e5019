"""Query text to a Whoosh query: cleaned, expanded, and never raising.

Supported syntax: words, "quoted phrases", -exclusion, AND / OR / NOT,
parentheses and field:value for the fields in ``field_names()``. Wildcards,
ranges and boosts are removed: they are slow or raise inside the parser.
"""

from __future__ import annotations

import itertools
import logging
import re
import traceback
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.qparser import MultifieldParser, OrGroup, QueryParserError
from whoosh.query import (
    And,
    AndNot,
    FuzzyTerm,
    NullQuery,
    Or,
    Phrase,
    Query,
    QueryError,
    Term,
)
from whoosh.query.compound import PreloadedOr
from whoosh.searching import Searcher

from indexer.memo import per_object
from indexer.schema import (
    SPELL_ANALYZER,
    TEXT_FIELDS,
    analyse,
    analyse_known,
    contains,
    normalise,
)
from indexer.search.exclusion import Excluding
from kb import facets
from kb.model import GlossaryTerm

MAX_QUERY_LENGTH = 500  # characters kept from the query text; the rest is cut
MAX_GROUP_DEPTH = 4  # deeper parentheses are dropped (deep nesting overflows)
# Longer words are neither corrected nor retried with near spellings: Whoosh
# measures a word against every term sharing its first letter, in time that
# grows with the square of its length (a word of 300 letters: 0.9 s of CPU at
# 100 times the library), and no word of the library is half as long.
MAX_FORGIVEN_WORD = 30
FIELD_BOOSTS = {"title": 5.0, "heading": 3.0, "keywords": 2.5, "summary": 1.5,
                "body": 1.0}
OTHER_FIELDS = ("publisher", "year")  # fields a query may name besides text and facets
EXPANSION_BOOST = 0.6
PROXIMITY_BOOST = 1.5
PAIRS_FIELD = "pairs"
MAX_PROXIMITY_PAIRS = 6
OPERATORS = {"and", "or", "not", "andnot", "andmaybe"}
# What Whoosh's parser raises on odd runs of operators ("NOT NOT foo",
# "ANDMAYBE ' ANDMAYBE", "status:x NOT ( - ~ )"), found by fuzzing the parser;
# anything else is a bug and must not pass for "no results".
PARSER_ERRORS = (QueryParserError, QueryError, IndexError, AssertionError,
                 NotImplementedError, RecursionError)

_SYNTAX = re.compile(r"[*?^~\[\]{}<>\\/=]")
_FIELD = re.compile(r"(\S+?):")
_DROPPED = {"Cs", "Cc", "Cf", "Co", "Cn"}  # surrogates, controls, unassigned
_WORD = re.compile(r"\w+", re.UNICODE)
log = logging.getLogger(__name__)


@dataclass
class ParsedQuery:
    text: str  # the query as searched, after cleaning and cutting
    truncated: bool
    query: Query
    words: list[str]  # the plain words, for spelling and fuzzy retries
    expansions: list[str] = field(default_factory=list)


def clean(raw: str) -> tuple[str, bool]:
    """Printable, normalised text of at most MAX_QUERY_LENGTH characters."""
    text = "".join(ch for ch in str(raw) if _keep(ch))
    text = normalise(text)
    truncated = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH]
    return " ".join(text.split()), truncated


def _keep(ch: str) -> bool:
    return unicodedata.category(ch) not in _DROPPED or ch in "\t\n"


def _defuse(text: str) -> str:
    """Remove the syntax that is slow or that makes the parser raise."""
    text = _SYNTAX.sub(" ", text)
    known = field_names()
    text = _FIELD.sub(lambda m: m.group(0) if m.group(1).lower() in known
                      else m.group(1) + " ", text)
    if text.count('"') % 2:
        text = text[::-1].replace('"', " ", 1)[::-1]
    if not _groups_ok(text):
        text = text.replace("(", " ").replace(")", " ")
    return text


def field_names() -> set[str]:
    """The fields a query may name as ``field:value``."""
    return {*TEXT_FIELDS, *facets.names(), *OTHER_FIELDS}


def _groups_ok(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0 or depth > MAX_GROUP_DEPTH:
            return False
    return depth == 0


def make_parser(schema) -> MultifieldParser:
    """The query parser for ``schema``, made once per schema: building one
    costs more than parsing a short query, and parsing keeps no state."""
    return _parser(schema)


@per_object
def _parser(schema) -> MultifieldParser:
    parser = MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts=FIELD_BOOSTS,
                              group=OrGroup.factory(0.9))
    for plugin in (qparser.WildcardPlugin, qparser.RangePlugin,
                   qparser.EveryPlugin, qparser.SingleQuotePlugin):
        parser.remove_plugin_class(plugin)
    # + and - only at the start of a word, so "age-assessment" stays one phrase
    parser.add_plugin(qparser.PlusMinusPlugin(r"(?<![^\s(])\+", r"(?<![^\s(])-"))
    return parser


def plain_words(text: str) -> list[str]:
    """The words of the query, without operators and field names."""
    text = _FIELD.sub(" ", text)
    return [w for w in _WORD.findall(text) if w.lower() not in OPERATORS]


def parse(searcher: Searcher, raw: str,
          glossary: Iterable[GlossaryTerm]) -> ParsedQuery:
    """The ranked query for ``raw``, with glossary expansions and proximity."""
    text, truncated = clean(raw)
    words = plain_words(text)
    expansions = expand(words, glossary)
    query = _safe_parse(make_parser(searcher.schema), _defuse(text), words)
    extra = [_name_query(name) for name in expansions]
    extra += _pair_terms(analyse(" ".join(words)), PROXIMITY_BOOST)
    query = preloaded(_with_extras(query, extra))
    return ParsedQuery(text, truncated, query, words, expansions)


def _pair_terms(tokens: tuple[str, ...], boost: float) -> list[Query]:
    """Neighbouring words as terms of the ``pairs`` field: a proximity bonus."""
    pairs = list(itertools.pairwise(tokens))[:MAX_PROXIMITY_PAIRS]
    return [Term(PAIRS_FIELD, f"{a} {b}", boost=boost) for a, b in pairs]


def _name_query(name: str) -> Query:
    """Another name of a glossary term: its words in sequence, found cheaply."""
    tokens = analyse_known(name)
    if len(tokens) == 1:
        return Or([Term(f, tokens[0], boost=FIELD_BOOSTS[f] * EXPANSION_BOOST)
                   for f in TEXT_FIELDS])
    return And(_pair_terms(tokens, EXPANSION_BOOST * FIELD_BOOSTS["keywords"]))


def _with_extras(query: Query, extra: list[Query]) -> Query:
    """Add optional clauses without bringing back what -word or NOT excluded."""
    extra = [q for q in extra if q is not NullQuery]
    if not extra or query is NullQuery:
        return query
    if isinstance(query, AndNot):
        return AndNot(Or([query.a, *extra]), query.b)
    if isinstance(query, Or | Term | Phrase | And):
        return Or([query, *extra])
    return query


def _safe_parse(parser: MultifieldParser, text: str, words: list[str]) -> Query:
    """The parsed query; on an odd run of operators, the plain words instead,
    so a query the parser trips on still searches what was typed rather than
    showing "no results". Each failure is logged with its type and where it
    happened, never with the query's words."""
    try:
        return parser.parse(text)
    except PARSER_ERRORS as error:
        _log_failure(error)
    try:
        return parser.parse(" ".join(words))
    except PARSER_ERRORS as error:
        _log_failure(error)
    return plain_query(words)


def plain_query(words: list[str]) -> Query:
    """Any of ``words`` in any text field, built without the parser."""
    tokens = analyse(" ".join(words))
    if not tokens:
        return NullQuery
    return Or([Term(f, t, boost=FIELD_BOOSTS[f]) for t in tokens for f in TEXT_FIELDS])


def _log_failure(error: BaseException) -> None:
    """The error's type and innermost frames: its message may quote the query."""
    frames = "".join(traceback.format_tb(error.__traceback__, limit=-8))
    log.warning("The query parser raised %s; searching the plain words instead.\n%s",
                type(error).__name__, frames)


def expand(words: list[str], glossary: Iterable[GlossaryTerm]) -> list[str]:
    """Other names of every glossary term the query mentions, both ways.

    Names that merely extend what was typed ("human trafficking" for
    "trafficking") are left out: the typed words already find them.
    """
    tokens = analyse(" ".join(words))
    present = set(tokens)
    found: list[str] = []
    for names in _analysed_names(glossary):
        # A name can only occur in the query if its first word does.
        matched = [seq for _, seq in names
                   if seq and seq[0] in present and contains(tokens, seq)]
        if not matched:
            continue
        for name, seq in names:
            if seq and not any(contains(seq, m) for m in matched) \
                    and name not in found:
                found.append(name)
    return found


@per_object
def _analysed_names(glossary: Iterable[GlossaryTerm]
                    ) -> list[list[tuple[str, tuple[str, ...]]]]:
    """Each term's names with their analysed words, once per glossary."""
    return [[(n, analyse_known(n)) for n in term.names if n] for term in glossary]


def fuzzy_query(words: list[str]) -> Query:
    """A forgiving retry: each word may be one or two edits away."""
    clauses = []
    for word in words:
        for token in analyse(word):
            if len(token) < 4 or len(token) > MAX_FORGIVEN_WORD:
                continue
            dist = 2 if len(token) >= 7 else 1
            clauses += [FuzzyTerm(name, token, boost=FIELD_BOOSTS[name], maxdist=dist,
                                  prefixlength=1) for name in TEXT_FIELDS]
    return preloaded(Or(clauses)) if clauses else NullQuery


def preloaded(query: Query) -> Query:
    """Every exclusion as ``Excluding`` (see there), and every OR as Whoosh's
    array-backed union, which reads each clause's matches
    once into arrays instead of walking a deep tree of binary unions for every
    document. Our queries OR 25-50 clauses (each word in five fields, word
    pairs, glossary names), where the tree cost 55-70% of search time; the
    ranking of the relevance set is unchanged. The tree's coordination bonus
    goes, but summed BM25F scores already favour sections matching more words.
    """
    def swap(node: Query) -> Query:
        if type(node) is Or:
            return PreloadedOr(node.subqueries, boost=node.boost)
        if type(node) is AndNot:
            return Excluding(node.a, node.b)
        return node

    return query.accept(swap)


def spell_words(words: list[str]) -> list[str]:
    """Query words as the spelling dictionary holds them (no stemming)."""
    return [t.text for w in words for t in SPELL_ANALYZER(normalise(w))]
