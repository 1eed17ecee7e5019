"""A document with facts still to check must be looked at again soon.

Trainers must not teach from a page whose open questions have gone stale, so a
document listing ``unverified`` facts needs a ``review_due`` date no more than
three months after ``reviewed``. The site then says plainly once it is overdue.
"""

from __future__ import annotations

import datetime as dt

from kb.model import Document, Library
from kb.problems import Problems

MAX_MONTHS = 3


def check_review_window(library: Library) -> Problems:
    problems = Problems()
    for doc in library.documents.values():
        if not doc.unverified:
            continue
        latest = latest_review_due(doc)
        if "review_due" not in doc.field_lines:
            line = doc.field_lines.get("unverified", 1)
            problems.warning(doc.path, line, "review_due",
                             "required when there are unverified facts: give a "
                             f"date no later than {latest.isoformat()}")
        elif doc.review_due > latest:
            problems.warning(doc.path, doc.field_lines["review_due"], "review_due",
                             f"with unverified facts, expected a date no later "
                             f"than {latest.isoformat()} ({MAX_MONTHS} months after "
                             f"reviewed); found {doc.review_due.isoformat()}")
    return problems


def latest_review_due(doc: Document) -> dt.date:
    """``reviewed`` plus three months, on the same day or the month's last day."""
    month = doc.reviewed.month - 1 + MAX_MONTHS
    year, month = doc.reviewed.year + month // 12, month % 12 + 1
    day = doc.reviewed.day
    while True:
        try:
            return doc.reviewed.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1
