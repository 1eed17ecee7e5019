"""What front matter may hold: our own fields here, the facet fields from the
facet registry (``kb.facets``), put together by ``all_fields``.

CONTRIBUTING.md documents each of them; a test keeps them in step.
"""

from __future__ import annotations

import re

from kb import facets

# The facet fields (type, status, jurisdictions, audiences, topics, ...), whether
# each is required and their allowed values are described in ``kb.facets``.
OWN_REQUIRED = ("id", "title", "summary", "reviewed")
OWN_OPTIONAL = ("superseded_by", "source", "keywords", "related", "review_due",
                "anchor_aliases", "unverified")
SOURCE_REQUIRED = ("title", "publisher", "url", "published")
SOURCE_OPTIONAL = ("updated", "version")
SOURCE_FIELDS = SOURCE_REQUIRED + SOURCE_OPTIONAL


def required_fields() -> tuple[str, ...]:
    """Fields every document gives: ours, with the required facets after the
    summary."""
    return (*OWN_REQUIRED[:3], *facets.required_fields(), *OWN_REQUIRED[3:])


def optional_fields() -> tuple[str, ...]:
    taken = {*facets.required_fields(), *OWN_OPTIONAL}
    return (*OWN_OPTIONAL,
            *(k for k in facets.front_matter_fields() if k not in taken))


def all_fields() -> tuple[str, ...]:
    return required_fields() + optional_fields()


TYPES_WITHOUT_SOURCE = ("practice-note",)

SUMMARY_MAX = 300
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-\d{2})?)?$")
PLACEHOLDER = "TODO"

# Where ``kb new`` puts each type (editors may use other folders too).
TYPE_FOLDERS = {
    "legislation": "legislation",
    "statutory-guidance": "statutory-guidance",
    "non-statutory-guidance": "non-statutory-guidance",
    "strategy": "strategy",
    "international-instrument": "international",
    "practice-note": "practice-notes",
    "contacts": "contacts",
}
