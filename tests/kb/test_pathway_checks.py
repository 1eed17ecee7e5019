"""Pathways: each bad case in tests/kb/pathway-cases/ has its exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.check_report import run_check
from kb.library import load_library

CASES_DIR = Path(__file__).parent / "pathway-cases"
REAL = Path(__file__).resolve().parents[2] / "guidance"
TODAY = dt.date(2026, 12, 1)
NO_CITATION = ("a step needs at least one citation: add cites: [document-id#anchor] "
               "naming the section it comes from")

CASES = [
    ("best-bets.yml", 1, "pathway: 'no-such-pathway' is not a pathway in guidance/pathways/"),
    ("helplines.yml", 9, "helplines[2].cites: 'note#no-such-anchor': no section with anchor 'no-such-anchor' in 'note'"),
    ("helplines.yml", 15, "helplines[4].pathways: 'no-such-pathway' is not a pathway in guidance/pathways/"),
    ("pathways/bad-cite-format.yml", 8, "steps[1].cites: expected 'document-id#anchor'; found 'note'"),
    ("pathways/cite-bad-mapping.yml", 9, "steps[1].cites: expected a citation as section: document-id#anchor with nations: [...]; found unknown field 'sect'"),
    ("pathways/cite-nation-outside.yml", 12, "steps[1].cites: 'note#two' is limited to 'wales', where this step is not shown"),
    ("pathways/cite-nation-uncovered.yml", 7, "steps[1].cites: step 'Refer' has no citation that applies in 'wales': add one, or widen a citation's nations"),
    ("pathways/cite-nation-unknown.yml", 9, "steps[1].cites: unknown nation 'france'; expected one of england, wales, scotland, northern-ireland"),
    ("pathways/empty-cites.yml", 8, f"steps[1].cites: {NO_CITATION}"),
    ("pathways/historic-document.yml", 8, "steps[1].cites: warning: 'old#said' cites a historic document: cite current guidance"),
    ("pathways/id-mismatch.yml", 1, "id: expected 'id-mismatch' to match the file name; found 'another-name'"),
    ("pathways/invalid-yaml.yml", 8, "yaml: invalid YAML: expected ',' or ']', but got ':'"),
    ("pathways/long-sentence.yml", 7, "steps[1].text: warning: sentence of 29 words (limit 25): split it: 'Refer the child to children's social ...'"),
    ("pathways/long-title.yml", 6, "steps[1].title: expected at most 60 characters; found 73"),
    ("pathways/missing-anchor.yml", 10, "steps[1].cites: 'note#no-such-anchor': no section with anchor 'no-such-anchor' in 'note'"),
    ("pathways/missing-document.yml", 8, "steps[1].cites: 'no-such-document#one': no document with id 'no-such-document'"),
    ("pathways/nation-uk.yml", 7, "steps[1].nations: unknown value 'uk'; expected one of england, wales, scotland, northern-ireland (from guidance/vocabulary.yml)"),
    ("pathways/nation-without-step.yml", 5, "nations: no step applies in 'scotland': add a step for this nation or leave it out of the pathway's nations"),
    ("pathways/no-citation.yml", 9, f"steps[2].cites: {NO_CITATION}"),
    ("pathways/old-anchor.yml", 8, "steps[1].cites: warning: 'note#old-one' is an old anchor: cite 'note#one' instead"),
    ("pathways/other-nation.yml", 9, "steps[1].cites: warning: step 'Refer', as shown in 'scotland', cites 'england-only#what-to-do', which covers only england: limit the citation with nations: or cite guidance for 'scotland'"),
    ("pathways/pair-without-step.yml", 5, "roles: no step applies to 'legal' in 'wales': add a step that covers both"),
    ("pathways/short-section.yml", 8, "steps[1].cites: warning: 'brief#stub' has 4 words (at least 60 expected): a section this short cannot say what the step says; cite a fuller section or write this one out"),
    ("pathways/role-without-step.yml", 5, "roles: no step applies to 'legal' (Solicitors): add a step for this role or leave it out of the pathway's roles"),
    ("pathways/step-role-outside.yml", 10, "steps[2].roles: step 'Advise' names 'legal', which is not among the pathway's roles: it would never be shown"),
    ("pathways/unknown-field.yml", 8, "steps[1].colour: warning: unknown field; expected one of title, text, cites, roles, nations, urgent"),
    ("pathways/unknown-role.yml", 5, "roles: unknown value 'doctors'; expected one of police, legal (from guidance/vocabulary.yml)"),
    ("pathways/urgent-not-true-or-false.yml", 7, "steps[1].urgent: expected true or false; found 'soon'"),
]


@pytest.fixture(scope="module")
def report():
    return run_check([CASES_DIR], today=TODAY)


def _found(report) -> set[tuple[str, int, str]]:
    found = set()
    for problem in report.problems:
        relative = Path(problem.path).resolve().relative_to(CASES_DIR.resolve())
        found.add((relative.as_posix(), problem.line,
                   str(problem).split(":", 2)[2].strip()))
    return found


@pytest.mark.parametrize(("name", "line", "message"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_case_reports_its_exact_message(report, name, line, message):
    assert (name, line, message) in _found(report)


def test_nothing_else_is_reported(report):
    assert _found(report) == set(CASES)
    files = {p.relative_to(CASES_DIR).as_posix()
             for p in (CASES_DIR / "pathways").glob("*.yml")}
    assert files - {case[0] for case in CASES} == {"pathways/valid.yml"}


def test_strict_fails_on_warnings_alone():
    only_warning = run_check([CASES_DIR / "pathways" / "old-anchor.yml"], today=TODAY)
    assert only_warning.errors == 0 and only_warning.warnings == 1
    assert only_warning.failed(strict=True) and not only_warning.failed(strict=False)


def test_summary_counts_pathways(report):
    assert report.summary().startswith("Checked 4 documents and 26 pathways:")


@pytest.fixture(scope="module")
def cases_library():
    library, _ = load_library(CASES_DIR, TODAY)
    return library


def test_pathways_with_errors_are_left_out(cases_library):
    assert "valid" in cases_library.pathways
    assert "no-citation" not in cases_library.pathways
    assert "missing-anchor" in cases_library.pathways  # loads; the check reports it
    assert cases_library.helplines[0].name == "Police emergency"
    assert cases_library.helplines[0].number == "999"


def test_steps_apply_by_role_and_nation_urgent_first(cases_library):
    pathway = cases_library.pathways["valid"]
    titles = [s.title for s in pathway.steps_for("legal", "wales")]
    assert titles == ["Call 999 if the child is in danger", "Refer the child",
                      "Tell the prosecutor"]
    assert [s.title for s in pathway.steps_for("police", "wales")] == titles[:2]
    assert [s.title for s in pathway.steps_for("legal", "england")] == titles[:2]


def test_urgent_steps_come_first_whatever_the_file_order(cases_library):
    from dataclasses import replace

    pathway = cases_library.pathways["valid"]
    reordered = replace(pathway, steps=pathway.steps[::-1])
    assert reordered.steps_for("legal", "wales")[0].urgent


def test_citations_keep_their_lines(cases_library):
    cites = cases_library.pathways["missing-anchor"].steps[0].cites
    assert [(c.key, c.line) for c in cites] == [("note#one", 9),
                                                ("note#no-such-anchor", 10)]


# The real library: the situations the service promises exist and are complete.
SITUATIONS = ["child-may-be-trafficked", "child-gone-missing",
              "child-arrested-or-charged", "age-disputed", "interviewing-a-child",
              "travel-and-hotels", "turning-18-in-the-nrm"]


@pytest.fixture(scope="module")
def real():
    library, problems = load_library(REAL)
    return library, problems


def test_real_pathways_load_without_problems(real):
    library, problems = real
    assert [str(p) for p in problems if "pathway" in p.path] == []
    assert set(SITUATIONS) <= set(library.pathways)


@pytest.mark.parametrize("pathway_id", SITUATIONS)
def test_every_role_and_nation_gets_steps_that_cite_sections(real, pathway_id):
    library, _ = real
    pathway = library.pathways[pathway_id]
    for role in pathway.roles:
        for nation in pathway.nations:
            steps = pathway.steps_for(role, nation)
            assert steps, (role, nation)
            for step in steps:
                for ref in step.cites:
                    doc = library.get(ref.doc_id)
                    assert doc and doc.section(ref.anchor), ref.key


def test_interviewing_is_for_solicitors_police_and_social_workers(real):
    library, _ = real
    assert set(library.pathways["interviewing-a-child"].roles) == {
        "legal", "police", "social-care"}  # Scottish and NI interviews are joint
    assert set(library.pathways["travel-and-hotels"].roles) == {
        "travel-hospitality", "border-immigration"}
