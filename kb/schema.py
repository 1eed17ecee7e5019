"""What front matter may hold: the one place that defines every field.

CONTRIBUTING.md documents each name listed here; a test keeps them in step.
"""

from __future__ import annotations

import re

REQUIRED_FIELDS = ("id", "title", "type", "summary", "status", "jurisdictions",
                   "audiences", "topics", "reviewed")
OPTIONAL_FIELDS = ("superseded_by", "source", "keywords", "related", "review_due",
                   "anchor_aliases", "unverified")
ALL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
SOURCE_REQUIRED = ("title", "publisher", "url", "published")
SOURCE_OPTIONAL = ("updated", "version")
SOURCE_FIELDS = SOURCE_REQUIRED + SOURCE_OPTIONAL

# The facet fields (type, status, jurisdictions, audiences, topics) and their
# allowed values are described in ``kb.facets``.
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
