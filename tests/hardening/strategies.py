"""Hypothesis strategies for documents: plausible enough to reach deep code paths."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import strategies as st

from kb import facets, schema

FIELDS = list(schema.all_fields())
VOCABULARY_VALUES = ["england", "wales", "police", "social-care", "nrm",
                     "identification", "practice-note", "legislation", "current",
                     "superseded", "withdrawn", "historic"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(VOCABULARY_VALUES),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=8,
)
front_matter = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), values, max_size=12)

MARKDOWN_PIECES = [
    "## Heading {#anchor}", "## Heading", "### Sub heading", "#### Deep {#deep}",
    "# Title", "###### Six", "[link](other.md)", "[link](#anchor)", "[x](",
    "[ref]: other.md#x", "<span>raw</span>", "<div", "</div>", "```", "```python",
    "| a | b |", "|---|---|", "- item", "1. item", "> quote", "{: #id }", "{#",
    "**bold", "`code", "&amp;", "&#0;", "\\", "---", "***", "TODO", "\t", "",
]
markdown_lines = st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=60))
markdown = st.lists(markdown_lines, max_size=25).map("\n".join)


def dump(data: dict) -> str:
    """Front matter as YAML text, whatever the values."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def document_text(data: dict, body: str) -> str:
    return f"---\n{dump(data)}---\n\n{body}\n"


# Whole files: well-formed front matter, raw text, or arbitrary bytes.
document_files = st.one_of(
    st.builds(lambda d, b: document_text(d, b).encode("utf-8", "surrogatepass"),
              front_matter, markdown),
    st.builds(lambda t, b: f"---\n{t}\n---\n{b}".encode("utf-8", "surrogatepass"),
              st.text(max_size=200), markdown),
    st.binary(max_size=300),
)

# Query text: junk of every kind, parser operators, and very long inputs.
QUERY_PIECES = [
    '"', "(", ")", "NOT", "OR", "AND", "NOT NOT foo", "NOT OR foo", "*", "?", "~",
    "~2", "^", "^3", ":", "-", "+", "title:", "doc_id:x", "date:[x to y]", "[a TO b]",
    "{a TO}", "> foo", "<", "ka*", "*ion", "re?erral", "referral~", "'", "\\", "/",
    "\x00", "\ud800", "\u202e", "\ufeff", "NRM", "county lines", "\t", "\n", "%",
    "(" * 1000, ")" * 50, '"' * 7, "a" * 300, "🙂" * 20, "ﬁ", "İ", "ß",
]
any_characters = st.characters(codec=None, exclude_categories=())
query_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=any_characters, max_size=300),
    st.lists(st.one_of(st.sampled_from(QUERY_PIECES), st.text(max_size=10)),
             max_size=30).map(" ".join),
    st.builds(lambda c, n: c * n, st.characters(codec=None, exclude_categories=()),
              st.integers(400, 10_000)),
    st.text(min_size=1000, max_size=10_000),
)
FACETS = list(facets.names())
filters = st.dictionaries(
    st.one_of(st.sampled_from(FACETS), st.text(max_size=10)),
    st.lists(st.one_of(st.sampled_from(VOCABULARY_VALUES), st.text(max_size=20)),
             max_size=4),
    max_size=6,
)
pages = st.one_of(st.integers(-10, 10**12), st.none(), st.text(max_size=6))
# What the site passes on once it has read a page parameter: whole numbers from 1.
page_numbers = st.integers(1, 10**12)
sorts = st.one_of(st.sampled_from(["relevance", "updated"]), st.text(max_size=10),
                  st.none())

# Documents that pass the checks, with random text where the indexer reads text.
plain_text = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")),
                     min_size=1, max_size=80).filter(
    lambda t: t.strip() and "TODO" not in t)


def valid_document(title: str, summary: str, keywords: list[str], body: str) -> bytes:
    data = {"id": "fuzzed", "title": title, "type": "practice-note",
            "summary": summary[:300], "status": "current",
            "jurisdictions": ["england"], "audiences": ["police"], "topics": ["nrm"],
            "reviewed": dt.date(2026, 11, 1), "keywords": keywords}
    return document_text(data, f"## {title} {{#fuzzed-section}}\n\n{body}").encode()


valid_documents = st.builds(valid_document, plain_text, plain_text,
                            st.lists(plain_text, max_size=4), markdown)

# Queries that cost the most work per character: many distinct unknown words
# (a spelling look-up and a near-spellings walk each), one common word many
# times, long misspellings. ``bench/hostile.py`` times each as a page; every
# stage of a search honours its time limit (``indexer.search.query``).
SLOW_QUERIES = [
    "child " * 100,
    "exploitation " * 41,
    " ".join(["exploitaton"] * 40),
    " ".join(f"wrd{i}x" for i in range(60)),
    " ".join(f"trafic{i}" for i in range(60)),
    " ".join(f"{w}qz" for w in ("referral", "mechanism", "passport", "trafficking",
                                "exploitation", "safeguarding", "responder")) * 6,
    "Kezia Brathwaite",  # a made-up name: a correction and a retry find nothing
    # Phrases and exclusions of common words: every section is checked
    '"child trafficking" -police',
    '"' + "child trafficking " * 20 + '"',
    "a" * 300,
]
