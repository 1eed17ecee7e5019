"""``kb new``: start a document with valid front matter and clear placeholders."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from kb import facets, schema

TEMPLATE = """\
---
id: {id}
title: {title}
type: {type}
summary: TODO one or two plain-English sentences, at most 300 characters.
status: current
{facets}reviewed: {today}
{source}---

## What this is for {{#what-this-is-for}}

TODO say who this is for and what they should do.
"""

SOURCE = """\
source:
  title: TODO the official title
  publisher: TODO the publisher
  url: https://www.gov.uk/TODO
  published: '{year}'
"""


class NewDocumentError(RuntimeError):
    pass


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def new_document(root: Path, doc_type: str, title: str, vocabulary,
                 today: dt.date | None = None) -> Path:
    """Write a new file and return its path; never overwrite an existing file."""
    today = today or dt.date.today()
    doc_id = slugify(title)
    if not doc_id:
        raise NewDocumentError("the title needs at least one letter or digit")
    path = root / schema.TYPE_FOLDERS.get(doc_type, doc_type) / f"{doc_id}.md"
    if path.exists():
        raise NewDocumentError(f"{path} already exists; choose another title")
    needs_source = doc_type not in schema.TYPES_WITHOUT_SOURCE
    text = TEMPLATE.format(
        id=doc_id, title=json.dumps(title, ensure_ascii=False), type=doc_type,
        facets=_facet_lines(vocabulary), today=today.isoformat(),
        source=SOURCE.format(year=today.year) if needs_source else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _facet_lines(vocabulary) -> str:
    """A line for each other required facet (type and status have their own),
    with the first value of its vocabulary."""
    lines = []
    for facet in facets.FACETS:
        if not facet.required or facet.name in ("type", "status"):
            continue
        value = next(iter(vocabulary.values(facet.name)), schema.PLACEHOLDER)
        lines.append(f"{facet.key}: [{value}]\n" if facet.multi
                     else f"{facet.key}: {value}\n")
    return "".join(lines)
