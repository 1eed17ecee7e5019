"""Documents with unverified facts must be reviewed within three months."""

import datetime as dt

import pytest

from kb.check_report import run_check
from tests.kb.helpers import write_doc

TODAY = dt.date(2026, 11, 27)
UNVERIFIED = "unverified:\n  - A fact to check.\n"


def review_problems(root, extra):
    path = write_doc(root, "note", "## One {#one}\n\nText.\n", extra)
    report = run_check([path], today=TODAY)
    return [str(p).split(": ", 1)[1] for p in report.problems]


def test_unverified_facts_without_review_due_are_reported(guidance):
    assert review_problems(guidance, UNVERIFIED) == [
        "review_due: warning: required when there are unverified facts: give a date "
        "no later than 2027-02-01"]


@pytest.mark.parametrize("due", ["2027-02-01", "2026-12-15"])
def test_a_review_within_three_months_passes(guidance, due):
    assert review_problems(guidance, f"review_due: {due}\n{UNVERIFIED}") == []


def test_the_window_ends_on_the_last_day_of_a_short_month(guidance):
    path = write_doc(guidance, "note", "## One {#one}\n\nText.\n",
                     f"review_due: 2027-02-28\n{UNVERIFIED}")
    path.write_text(path.read_text().replace("reviewed: 2026-11-01",
                                             "reviewed: 2026-11-30"))
    report = run_check([path], today=TODAY)
    assert report.problems == []


def test_documents_without_unverified_facts_keep_the_twelve_month_default(guidance):
    assert review_problems(guidance, "") == []
