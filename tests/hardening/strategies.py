"""Hypothesis strategies for documents: plausible enough to reach deep code paths."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import strategies as st

from kb import schema

FIELDS = list(schema.ALL_FIELDS)
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
