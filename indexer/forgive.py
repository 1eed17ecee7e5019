"""Which query to show results for: as typed, corrected, or near spellings.

A correction that replaced only words the library lacks (or lists as
misspelt) is searched straight away when it finds at least as much as the
query as typed: the page says "Showing results for ..." and links to the
query as typed. A correction of a known but far rarer word must find clearly
more (``CLEARLY_BETTER`` times the sections) to be searched; otherwise it is
offered as "Did you mean". Zero results are shown only when neither the
correction nor a retry with near spellings finds anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from whoosh.query import Query
from whoosh.reading import IndexReader
from whoosh.searching import Results

from indexer.parsing import ParsedQuery
from indexer.spelling import SpellingData, correct

CLEARLY_BETTER = 2


@dataclass
class Attempt:
    parsed: ParsedQuery
    query: Query
    results: Results | None

    @property
    def found(self) -> int:
        return self.results.scored_length() if self.results is not None else 0


@dataclass
class Outcome:
    attempt: Attempt
    corrected_from: str | None = None  # the query as typed, when corrected
    suggestion: str | None = None  # "Did you mean", when not corrected
    fuzzy: bool = False


def forgiving_search(reader: IndexReader, text: str, run: Callable[[str], Attempt],
                     retry: Callable[[ParsedQuery], Attempt], data: SpellingData,
                     literal: bool = False) -> Outcome:
    """Search ``text``, corrected when that is clearly what was meant.

    ``literal`` searches the words as typed (variant spellings aside) and only
    suggests a correction: the "Search instead for" link.
    """
    typed = run(text)
    as_typed = typed.parsed.text
    fix = correct(reader, as_typed, data)
    if fix is not None and fix.silent:
        typed, fix = run(fix.text), correct(reader, fix.text, data)
    if fix is None:
        return _or_near(Outcome(typed), retry)
    fixed = run(fix.text)
    if fixed.found and not literal and (
            typed.found == 0 or fixed.found >= typed.found * _needed(fix.confident)):
        return Outcome(fixed, corrected_from=as_typed)
    outcome = Outcome(typed, suggestion=fix.text if fixed.found else None)
    return _or_near(outcome, retry)


def _needed(confident: bool) -> int:
    return 1 if confident else CLEARLY_BETTER


def _or_near(outcome: Outcome, retry: Callable[[ParsedQuery], Attempt]) -> Outcome:
    """No results: retry allowing near spellings of each word."""
    if outcome.attempt.found:
        return outcome
    near = retry(outcome.attempt.parsed)
    if near.found:
        outcome.attempt, outcome.fuzzy = near, True
    return outcome
