"""At least 200 realistic queries, the same on every run.

The relevance set (what practitioners ask, written before any tuning) comes
first; then queries made from the real library the way people search it:
glossary terms and acronyms, document titles, section headings and pairs of
keywords. They are taken from the real library only, so every scale is asked
the same questions.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from kb.config import REPO_ROOT
from kb.library import load_library

RELEVANCE_SET = REPO_ROOT / "tests" / "relevance" / "queries.yml"
WANTED = 240


def relevance_queries(path: Path = RELEVANCE_SET) -> list[str]:
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return [str(entry["q"]) for entry in data.get("queries", []) if entry.get("q")]


def generated_queries(guidance: Path, seed: int = 11) -> list[str]:
    """Glossary names, titles, headings and keyword pairs, in a fixed order."""
    library, _ = load_library(guidance)
    docs = [library.documents[k] for k in sorted(library.documents)]
    pools = [
        [name for term in library.glossary for name in term.names],
        [doc.title for doc in docs],
        [s.heading for doc in docs for s in doc.sections if s.heading],
        [f"{a} {b}" for doc in docs for a, b in zip(doc.keywords, doc.keywords[1:],
                                                     strict=False)],
    ]
    rng = random.Random(seed)
    for pool in pools:
        rng.shuffle(pool)
    return [q.lower() if i % 3 else q for i, q in enumerate(_interleave(pools))]


def _interleave(pools: list[list[str]]) -> list[str]:
    found, longest = [], max(len(p) for p in pools)
    for index in range(longest):
        found += [pool[index] for pool in pools if index < len(pool)]
    return found


def queries(guidance: Path, wanted: int = WANTED) -> list[str]:
    """The relevance set, then generated queries up to ``wanted``, no repeats."""
    chosen = list(dict.fromkeys(relevance_queries()))
    for q in generated_queries(guidance):
        if len(chosen) >= wanted:
            break
        if q not in chosen:
            chosen.append(q)
    return chosen
