"""Reading the current ``meta.json`` back as text, row by row, for an edit.

An incremental build keeps each unchanged document's row exactly as the last
build wrote it (``indexer.meta.meta_text``): it reads only the few values it
needs from each row's text instead of decoding every row.
"""

from __future__ import annotations

import json
from typing import Any

from indexer.meta import DOCUMENTS_START, KeptRow


def kept_rows(text: bytes) -> tuple[dict[str, Any], dict[str, KeptRow]]:
    """The head of a ``meta.json`` written by ``meta_text`` and its rows as
    text; ValueError when it is laid out otherwise or does not add up."""
    lines = text.split(b"\n")
    if len(lines) < 3 or not lines[0].endswith(DOCUMENTS_START) or lines[-1] != b"}}":
        raise ValueError("meta.json laid out otherwise")
    head = json.loads(lines[0].removesuffix(DOCUMENTS_START) + b"}")
    rows = {}
    for line in lines[1:-1]:
        if line:
            cut = line.index(b'":{') + 1
            text = line[cut + 1:].removesuffix(b",")
            rows[row_id(line[:cut])] = KeptRow(
                text, _string(text, b"content_hash"), _string(text, b"index_hash"),
                _number(text, b"ordinal"), _number(text, b"sections"),
                _string(text, b"superseded_by"))
    if not isinstance(head, dict) or len(rows) != head.get("document_count") \
            or sum(r.sections for r in rows.values()) != head.get("section_count"):
        raise ValueError("meta.json does not add up")
    return head, rows


def row_id(quoted: bytes) -> str:
    """A row's document id from its JSON string, without a JSON decoder: an
    id is plain (``kb.schema.KEBAB``); anything else is decoded as JSON."""
    inner = quoted[1:-1]
    if len(quoted) > 1 and quoted[:1] == quoted[-1:] == b'"' \
            and b"\\" not in inner and inner.isascii():
        return inner.decode()
    return json.loads(quoted)


def _value_start(text: bytes, key: bytes) -> int:
    """Where the value of ``key`` starts in a row's JSON text. A key cannot be
    found inside a string value: a quote there is escaped."""
    found = text.find(b'"%s":' % key)
    if found < 0:
        raise ValueError(f"meta.json row without {key.decode()}")
    return found + len(key) + 3


def _string(text: bytes, key: bytes) -> str | None:
    start = _value_start(text, key)
    if text.startswith(b"null", start):
        return None
    if text[start:start + 1] != b'"':
        raise ValueError(f"meta.json row with an unusual {key.decode()}")
    end = text.index(b'"', start + 1)
    value = text[start + 1:end]
    if b"\\" in value:
        raise ValueError(f"meta.json row with an unusual {key.decode()}")
    return value.decode()


def _number(text: bytes, key: bytes) -> int:
    start = _value_start(text, key)
    end = start
    while text[end:end + 1].isdigit():
        end += 1
    return int(text[start:end])
