"""Which query to show results for: as typed, corrected, or near spellings.

A correction that replaced only words the library lacks (or lists as
misspelt) is searched when it finds anything, since the words as typed match
nothing: the page says "Showing results for ..." and links to the query as
typed. A correction of a known but far rarer word must find clearly more
(``CLEARLY_BETTER`` times the sections) than the query as typed; otherwise it
is offered as "Did you mean". Zero results are shown only when neither the
correction nor a retry with near spellings finds anything. Variant spellings
("defense") are searched as the library spells them, without comment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from whoosh.query import Query
from whoosh.reading import IndexReader
from whoosh.searching import Results

from indexer.search.parsing import ParsedQuery, clean
from indexer.search.spelling import SpellingData, correct
from indexer.search.timelimit import Deadline

CLEARLY_BETTER = 2


@dataclass
class Attempt:
    parsed: ParsedQuery
    query: Query
    results: Results | None

    @property
    def found(self) -> int:
        """How many sections match: what a correction must clearly beat."""
        return self.results.scored_length() if self.results is not None else 0

    @property
    def matched(self) -> bool:
        return self.found > 0


@dataclass
class Outcome:
    attempt: Attempt
    corrected_from: str | None = None  # the query as typed, when corrected
    suggestion: str | None = None  # "Did you mean", when not corrected
    fuzzy: bool = False


def forgiving_search(reader: IndexReader, text: str, run: Callable[[str], Attempt],
                     retry: Callable[[ParsedQuery], Attempt], data: SpellingData,
                     literal: bool = False,
                     deadline: Deadline | None = None) -> Outcome:
    """Search ``text``, corrected when that is clearly what was meant.

    ``literal`` searches the words as typed (variant spellings aside), with
    the correction as "Did you mean": the "Search instead for" link. Past
    ``deadline`` no more is tried: no further correction, no counting of
    sections to weigh one, no retry with near spellings.
    """
    deadline = deadline or Deadline.unlimited()
    as_typed = clean(text)[0]
    fix = correct(reader, as_typed, data, deadline)
    if fix is not None and fix.silent:
        text = fix.text
        fix = correct(reader, text, data, deadline)
    if fix is None:
        return _or_near(Outcome(run(text)), retry, deadline)
    fixed = run(fix.text)
    if fixed.matched and fix.confident and not literal:
        return Outcome(fixed, corrected_from=as_typed)
    typed = run(text)
    if fixed.matched and not literal and not deadline.passed() \
            and fixed.found >= typed.found * CLEARLY_BETTER:
        return Outcome(fixed, corrected_from=as_typed)
    suggestion = fix.text if fixed.matched else None
    return _or_near(Outcome(typed, suggestion=suggestion), retry, deadline)


def _or_near(outcome: Outcome, retry: Callable[[ParsedQuery], Attempt],
             deadline: Deadline) -> Outcome:
    """No results: retry allowing near spellings of each word."""
    if outcome.attempt.matched or deadline.passed():
        return outcome
    near = retry(outcome.attempt.parsed)
    if near.matched:
        outcome.attempt, outcome.fuzzy = near, True
    return outcome
