""""Did you mean": words the index does not know, replaced by close ones it does.

Whoosh's own corrector ranks every candidate within the maximum distance
alike; here a candidate one edit away beats any two edits away, then the
commoner word wins.
"""

from __future__ import annotations

import re

from whoosh.searching import Searcher

from indexer.parsing import OPERATORS, spell_words

SPELL_FIELD = "spell"
MIN_WORD = 4


def did_you_mean(searcher: Searcher, text: str, words: list[str]) -> str | None:
    """``text`` with unknown words corrected, or None when all are known."""
    reader = searcher.reader()
    suggestion = text
    for word in set(spell_words(words)):
        if len(word) < MIN_WORD or word in OPERATORS or not word.isalpha() \
                or reader.doc_frequency(SPELL_FIELD, word):
            continue
        better = _closest(reader, word)
        if better:
            suggestion = re.sub(rf"(?i)\b{re.escape(word)}\b", better, suggestion)
    return suggestion if suggestion.lower() != text.lower() else None


def _closest(reader, word: str) -> str | None:
    for distance in (1, 2) if len(word) >= 6 else (1,):
        found = list(reader.terms_within(SPELL_FIELD, word, distance, prefix=1))
        if found:
            return max(found, key=lambda t: (reader.doc_frequency(SPELL_FIELD, t), t))
    return None
