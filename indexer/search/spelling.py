"""Spelling correction from the index's own words, then the editors' list.

Each query word is looked up in the ``spell`` field (every word of the
library, unstemmed). A word the index does not know is replaced by the
closest known word, where "close" is measured as slips on a phone keyboard
(``kb.keyboard``) and ties go to the word that fits beside its neighbours in
the library ("county lnes" -> "county lines", not "county ones"), then to the
commoner word. A word typed without its space ("nrmreferral") is split where
both halves are known and appear side by side in the library. Words the
editors list as variants in vocabulary.yml are replaced as listed, and so are
listed misspellings that the index's own words cannot correct. A known word
is replaced only when it is far rarer than a word one slip away, and never
when it is a glossary term: Merton, cuckooing and ICTG are right as typed.
There is no general dictionary.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh.reading import IndexReader

from indexer.memo import per_object
from indexer.meta import Meta
from indexer.schema import SPELL_ANALYZER, analyse, normalise
from indexer.search.parsing import (
    MAX_FORGIVEN_WORD,
    OPERATORS,
    PAIRS_FIELD,
    plain_words,
)
from indexer.search.timelimit import Deadline
from kb.keyboard import OTHER, allowed_distance, typing_distance

SPELL_FIELD = "spell"
MIN_WORD = 3  # shorter words are left alone: too many neighbours
MAX_EDITS = 2  # Levenshtein edits searched (a swap counts two) before weighing
RARE_DOCS = 2  # a known word this rare ...
RARER_BY = 20  # ... with a word one slip away this many times commoner
FREQUENCY_WEIGHT = 0.15  # per factor of ten in document frequency
NEIGHBOUR_BONUS = 0.5  # the candidate appears beside a neighbouring query word

# Kinds of change, from surest to least sure.
VARIANT, LISTED, UNKNOWN, RARE = "variant", "listed", "unknown", "rare"


@dataclass(frozen=True)
class Change:
    typed: str
    to: str
    kind: str


@dataclass
class Correction:
    """The query with its words corrected, and what changed."""

    text: str
    changes: list[Change] = field(default_factory=list)

    @property
    def silent(self) -> bool:
        """Only variant spellings changed: not worth a message."""
        return all(c.kind == VARIANT for c in self.changes)

    @property
    def confident(self) -> bool:
        """Every change replaced a word the library lacks or lists as wrong."""
        return all(c.kind != RARE for c in self.changes)


@dataclass(frozen=True)
class SpellingData:
    misspellings: dict[str, str]
    variants: dict[str, str]
    protected: frozenset[str]  # glossary words: never corrected when known

    @classmethod
    def from_meta(cls, meta: Meta) -> SpellingData:
        names = [n for term in meta.glossary for n in term.names]
        protected = {w.lower() for n in names for w in re.findall(r"\w+", n)}
        return cls(meta.spellings["misspellings"], meta.spellings["variants"],
                   frozenset(protected))

    @classmethod
    def for_meta(cls, meta: Meta) -> SpellingData:
        """``from_meta``, made once per generation instead of once per search
        (it reads every glossary name: 0.5 ms a search on the real library)."""
        return _for_meta(meta)


@per_object
def _for_meta(meta: Meta) -> SpellingData:
    return SpellingData.from_meta(meta)


def correct(reader: IndexReader, text: str, data: SpellingData,
            deadline: Deadline | None = None) -> Correction | None:
    """``text`` with its misspelt words replaced, or None when nothing changes.
    Past ``deadline``, the words not yet looked at are left as typed."""
    deadline = deadline or Deadline.unlimited()
    changes = _listed(text, data.variants, VARIANT)
    phrases = {k: v for k, v in data.misspellings.items() if not k.isalpha()}
    changes += _listed(text, phrases, LISTED, reader)
    text = _apply(text, changes)
    lowered = [_plain(w) for w in plain_words(text)]
    tried: set[str] = set()  # a word left alone once is left alone everywhere
    for i, word in enumerate(lowered):
        if word in OPERATORS or word in tried:
            continue
        if deadline.passed():
            break
        tried.add(word)
        context = (lowered[i - 1] if i else None,
                   lowered[i + 1] if i + 1 < len(lowered) else None)
        change = _change(reader, word, context, data, deadline)
        if change:
            changes.append(change)
    return Correction(_apply(text, changes), changes) if changes else None


def _pattern(typed: str) -> str:
    """A listed spelling as a whole word, not inside a hyphenated word (a
    typed word inside one is mended through ``_PART``)."""
    edge = r"\w-"
    return rf"(?i)(?<![{edge}]){re.escape(typed)}(?![{edge}])"


_WORD = re.compile(r"(?<![\w-])\w+(?![\w-])")
_PART = re.compile(r"(?<!\w)\w+(?!\w)")


def _replaced(word: str, changes: dict[str, str]) -> str:
    return changes.get(word.lower(), word)


def _apply(text: str, changes: list[Change]) -> str:
    """``text`` with each change made. The listed phrases (from the editors'
    lists) are patterns of their own; a typed word is replaced through one
    fixed pattern, since ``re`` keeps every pattern it compiles, and a typed
    word may be a child's name."""
    words = {c.typed: c.to for c in changes if _WORD.fullmatch(c.typed)}
    # A misspelt word is also mended inside a hyphenated one ("non-punishmet").
    parts = {c.typed: c.to for c in changes
             if c.typed in words and c.kind in (UNKNOWN, RARE)}
    for change in changes:
        if change.typed not in words:
            text = re.sub(_pattern(change.typed), lambda _m, to=change.to: to, text)
    if words:
        text = _WORD.sub(lambda m: _replaced(m.group(), words), text)
        text = _PART.sub(lambda m: _replaced(m.group(), parts), text)
    return text


def _listed(text: str, listed: dict[str, str], kind: str,
            reader: IndexReader | None = None) -> list[Change]:
    """Listed spellings in ``text``, hyphenated or several words long ones
    included; a listed misspelling the index knows is left alone."""
    return [Change(typed, to, kind) for typed, to in listed.items()
            if re.search(_pattern(typed), text)
            and not (reader and _frequency(reader, typed))]


def _plain(word: str) -> str:
    return normalise(word).lower()


def _change(reader: IndexReader, word: str, context: tuple[str | None, str | None],
            data: SpellingData, deadline: Deadline) -> Change | None:
    if not MIN_WORD <= len(word) <= MAX_FORGIVEN_WORD or not word.isalnum():
        return None
    if not _is_word(word):
        return None  # a stop word: not in the dictionary, not searched either
    known = _frequency(reader, word)
    if not known:
        better = word.isalpha() and _closest(reader, word, context, deadline)
        better = better or (not deadline.passed() and _split(reader, word))
        if better:
            return Change(word, better, UNKNOWN)
        listed = data.misspellings.get(word)
        return Change(word, listed, LISTED) if listed else None
    if known <= RARE_DOCS and word not in data.protected:
        better = _closest(reader, word, context, deadline, rarer_than=known)
        return Change(word, better, RARE) if better else None
    return None


def _is_word(word: str) -> bool:
    return any(True for _ in SPELL_ANALYZER(word))


def _frequency(reader: IndexReader, word: str) -> int:
    tokens = [t.text for t in SPELL_ANALYZER(word)]
    return reader.doc_frequency(SPELL_FIELD, tokens[0]) if len(tokens) == 1 else 0


def _closest(reader: IndexReader, word: str, context: tuple[str | None, str | None],
             deadline: Deadline, rarer_than: int = 0) -> str | None:
    """The known word that best explains ``word`` as a slip of the thumb.

    Words with the same first letter are searched first (up to two edits; a
    swap counts two), then, only if none fits, any word one edit away: a slip
    on the first letter is rare, and searching without a shared first letter
    is several times slower (and skipped once ``deadline`` has passed).
    """
    for edits, prefix in ((MAX_EDITS, 1), (1, 0)):
        if prefix == 0 and deadline.passed():
            return None
        found = reader.terms_within(SPELL_FIELD, word, edits, prefix=prefix)
        best = _best(reader, word, found, context, rarer_than)
        if best:
            return best
    return None


def _best(reader: IndexReader, word: str, candidates: Iterable[str],
          context: tuple[str | None, str | None], rarer_than: int) -> str | None:
    limit = OTHER if rarer_than else allowed_distance(word)
    best, best_cost = None, math.inf
    for found in candidates:
        slips = typing_distance(word, found)
        if found == word or slips > limit:
            continue
        frequency = reader.doc_frequency(SPELL_FIELD, found)
        if frequency < rarer_than * RARER_BY:
            continue
        cost = (slips - FREQUENCY_WEIGHT * math.log10(frequency + 1)
                - NEIGHBOUR_BONUS * _fits(reader, found, context))
        if (cost, found) < (best_cost, best or ""):
            best, best_cost = found, cost
    return best


def _fits(reader: IndexReader, word: str,
          context: tuple[str | None, str | None]) -> bool:
    """True when ``word`` appears right after the previous query word or right
    before the next one somewhere in the library."""
    before, after = context
    pairs = [(before, word), (word, after)]
    return any(_pair_frequency(reader, a, b) for a, b in pairs if a and b)


def _pair_frequency(reader: IndexReader, first: str, second: str) -> int:
    a, b = analyse(first), analyse(second)
    if len(a) != 1 or len(b) != 1:
        return 0
    return reader.doc_frequency(PAIRS_FIELD, f"{a[0]} {b[0]}")


def _split(reader: IndexReader, word: str) -> str | None:
    """``word`` as two words typed without the space between them: the split
    whose halves appear side by side most often in the library."""
    best, best_count = None, 0
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        count = _pair_frequency(reader, left, right)
        if count > best_count:
            best, best_count = f"{left} {right}", count
    return best
