"""Each file in tests/kb/broken/ is one bad-input case with its exact message."""

import datetime as dt
from pathlib import Path

import pytest

from kb.check_report import run_check

BROKEN = Path(__file__).parent / "broken"
TODAY = dt.date(2026, 11, 27)

CASES = [
    ('bad-id-case.md', 2, "id: expected lower-case words joined by hyphens; found 'Bad_Id'"),
    ('bad-reviewed-date.md', 10, "reviewed: expected a date as YYYY-MM-DD; found '27/11/2026'"),
    ('bad-source-date.md', 15, "source.published: expected YYYY-MM-DD, YYYY-MM or YYYY; found 'March 2017'"),
    ('bad-status.md', 6, "status: expected one of current, superseded, withdrawn, historic; found 'draft'"),
    ('broken-anchor.md', 15, "link: 'valid.md#no-such-anchor': no section with anchor 'no-such-anchor' in 'valid'"),
    ('broken-link.md', 15, "link: 'missing-file.md': file not found"),
    ('duplicate-anchors.md', 17, "anchor: duplicate anchor 'same': also used on line 13"),
    ('event-handler.md', 15, 'body: HTML event-handler attributes are not allowed'),
    ('front-matter-not-mapping.md', 1, 'front matter: expected a mapping of fields; found list'),
    ('html-comment.md', 15, 'body: HTML comments are not allowed: they can hide markup'),
    ('id-mismatch.md', 2, "id: expected 'id-mismatch' to match the file name; found 'another-name'"),
    ('invalid-yaml.md', 4, "front matter: invalid YAML: expected ',' or ']', but got ':'"),
    ('javascript-link.md', 15, "body: 'javascript:' links are not allowed"),
    ('missing-source.md', 1, "source: required for type 'legislation': give the official title, publisher, url and published date"),
    ('missing-title.md', 1, 'title: required field is missing'),
    ('mistyped-audiences.md', 8, "audiences: expected a list of text values; found 'police'"),
    ('no-front-matter.md', 1, "front matter: expected '---' on the first line to open the front matter; found none"),
    ('no-text.md', 12, 'body: the document has no text'),
    ('not-utf8.md', 3, 'file: expected UTF-8 text; found byte 0xe9 that is not UTF-8'),
    ('placeholder.md', 5, 'summary: replace the TODO placeholder'),
    ('review-overdue.md', 10, 'review_due: warning: review overdue since 2021-01-01'),
    ('script-tag.md', 15, 'body: raw HTML <script> is not allowed'),
    ('source-http-url.md', 14, "source.url: expected an address starting https://; found 'http://www.legislation.gov.uk/x'"),
    ('sub/duplicate-id.md', 2, "id: duplicate id 'duplicate-id': also used by duplicate-id.md"),
    ('summary-too-long.md', 5, 'summary: expected at most 300 characters; found 301'),
    ('superseded-unknown-successor.md', 11, "superseded_by: unknown document id 'no-such-document'"),
    ('superseded-without-successor.md', 6, 'superseded_by: required when status is superseded: give the id of the replacing document'),
    ('unclosed-front-matter.md', 1, "front matter: expected a closing '---' line after the front matter; found the end of the file"),
    ('unknown-key.md', 11, 'colour: warning: unknown field; expected one of id, title, summary, type, status, jurisdictions, audiences, topics, reviewed, superseded_by, source, keywords, related, review_due, anchor_aliases, unverified, area'),
    ('unknown-related.md', 11, "related: unknown document id 'no-such-document'"),
    ('unlinked-legislation.md', 18, "law link: warning: 'Section 45' of the Modern Slavery Act 2015 is not linked: link its first mention in this section to https://www.legislation.gov.uk/ukpga/2015/30/section/45"),
    ('unlinked-section.md', 15, "law link: warning: 'section 52' of the Modern Slavery Act 2015 is not linked: link its first mention in this section to https://www.legislation.gov.uk/ukpga/2015/30/section/52"),
    ('unverified-review-too-late.md', 11, 'review_due: warning: with unverified facts, expected a date no later than 2027-02-01 (3 months after reviewed); found 2027-11-01'),
    ('alias-bomb.md', 11, 'front matter: aliases (*name) repeat more than 1,000 values in all; write the values out instead'),
    ('bracket-run.md', 15, "body: this paragraph has too many '[', '`' or '<' to render quickly: write \\[ for a bracket that does not start a link, or split the paragraph"),
    ('control-character.md', 15, 'body: invisible control character U+0007: delete it'),
    ('nested-lists.md', 17, 'body: lists, quotes or indents nest 50 levels deep here; use at most 10'),
    ('areas/unsourced-contact/area.yml', 7, "contacts.front_door.source: every contact needs a source: the address of the body's own page that gives this contact"),
    ('areas/invalid-number/area.yml', 14, "contacts.out_of_hours.phone: '01632 96000' is not a valid UK number: check the digits against the body's own page"),
    ('unknown-topic.md', 9, "topics: unknown value 'knife-crime'; expected one of nrm (add new values to guidance/vocabulary.yml)"),
]


@pytest.fixture(scope="module")
def report():
    return run_check([BROKEN], today=TODAY)


def _found(report) -> set[tuple[str, int, str]]:
    found = set()
    for problem in report.problems:
        relative = Path(problem.path).resolve().relative_to(BROKEN.resolve())
        message = str(problem).split(":", 2)[2].strip()
        found.add((relative.as_posix(), problem.line, message))
    return found


@pytest.mark.parametrize(("name", "line", "message"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_case_reports_its_exact_message(report, name, line, message):
    assert (name, line, message) in _found(report)


def test_every_fixture_is_a_case_and_reports_nothing_else(report):
    files = {p.relative_to(BROKEN).as_posix() for p in BROKEN.rglob("*.md")}
    files |= {p.relative_to(BROKEN).as_posix() for p in BROKEN.rglob("area.yml")}
    cased = {case[0] for case in CASES}
    assert files - cased == {"valid.md", "duplicate-id.md"}
    assert _found(report) == set(CASES)


def test_at_least_twenty_cases():
    assert len({case[0] for case in CASES}) >= 20


def test_errors_fail_and_warnings_fail_only_when_strict(report):
    assert report.errors == 35 and report.warnings == 5
    assert report.failed(strict=False)
    only_warnings = run_check([BROKEN / "unknown-key.md"], today=TODAY)
    assert not only_warnings.failed(strict=False)
    assert only_warnings.failed(strict=True)
