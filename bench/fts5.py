"""The baseline: the same sections in SQLite FTS5, asked the same queries.

Each section is stored with exactly the text the engine indexes (the engine's
own ``section_entries``), tokenised by FTS5's Porter stemmer and ranked by bm25
with the engine's field weights. A query is the engine's default: any of its
words (stop words dropped as the engine drops them), top 10 sections with a
highlighted snippet of the body.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from indexer.build.writing import section_entries
from indexer.schema import TEXT_FIELDS, analyse
from indexer.search.parsing import FIELD_BOOSTS
from kb.model import Library

TOKENIZER = "porter unicode61 remove_diacritics 2"
WORD = re.compile(r"\w+")
TOP = 10


def build(library: Library, path: Path) -> float:
    """Write every section into a new FTS5 database at ``path``; seconds taken."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    columns = ", ".join(TEXT_FIELDS)
    db.execute(f"CREATE VIRTUAL TABLE sections USING fts5(id UNINDEXED, {columns}, "
               f"tokenize='{TOKENIZER}')")
    rows = ((e["id"], *(e[f] for f in TEXT_FIELDS))
            for doc in library.documents.values()
            for e in section_entries(library, doc))
    marks = ", ".join("?" * (len(TEXT_FIELDS) + 1))
    db.executemany(f"INSERT INTO sections VALUES ({marks})", rows)
    db.execute("INSERT INTO sections(sections) VALUES ('optimize')")
    db.commit()
    db.close()
    return time.perf_counter() - started


class Baseline:
    """An open FTS5 database answering queries the way the engine does."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        weights = ", ".join(str(FIELD_BOOSTS[f]) for f in TEXT_FIELDS)
        body = 1 + TEXT_FIELDS.index("body")
        self.sql = (f"SELECT id, snippet(sections, {body}, '<mark>', '</mark>', "
                    f"'…', 24) FROM sections WHERE sections MATCH ? "
                    f"ORDER BY bm25(sections, 0, {weights}) LIMIT {TOP}")

    def search(self, q: str) -> list[tuple[str, str]]:
        match = fts_query(q)
        if not match:
            return []
        return self.db.execute(self.sql, (match,)).fetchall()

    def close(self) -> None:
        self.db.close()


def fts_query(q: str) -> str:
    """Any of the query's words, each quoted so no word is read as syntax."""
    words = [w for w in WORD.findall(q) if analyse(w)]
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
