"""The law-link rule: a known Act's section links to its provision when first named."""

import datetime as dt

import pytest

from kb.check_report import run_check
from tests.kb.helpers import write_doc

TODAY = dt.date(2026, 11, 27)
MSA = "https://www.legislation.gov.uk/ukpga/2015/30"
ACTS = f"""\
acts:
  - title: Modern Slavery Act 2015
    names: [Modern Slavery Act, MSA]
    url: {MSA}
  - title: Children Act 1989
    names: []
    url: https://www.legislation.gov.uk/ukpga/1989/41
  - title: Illegal Migration Act 2023
    names: []
    url: https://www.legislation.gov.uk/ukpga/2023/37
    unverified: Address built from the chapter number.
"""
LEGISLATION = f"""\
source:
  title: Modern Slavery Act 2015
  publisher: UK Parliament
  url: {MSA}
  published: 2015-03-26
"""


@pytest.fixture
def library(guidance):
    (guidance / "acts.yml").write_text(ACTS)
    return guidance


def law_links(root, doc_id, body, extra=""):
    path = write_doc(root, doc_id, body, extra)
    report = run_check([path], today=TODAY)
    return [(p.line, p.message) for p in report.problems if p.field == "law link"]


def legislation_links(root, body):
    path = write_doc(root, "msa", body, "")
    text = path.read_text().replace("type: practice-note", "type: legislation")
    path.write_text(text.replace("---\n\n", LEGISLATION + "---\n\n", 1))
    report = run_check([path], today=TODAY)
    assert not report.errors, report.problems
    return [(p.line, p.message) for p in report.problems if p.field == "law link"]


@pytest.mark.parametrize("sentence", [
    "Under section 52 of the Modern Slavery Act 2015, councils notify.",
    "Under section 52 of the [Modern Slavery Act 2015](other.md), councils notify.",
    "The duty in MSA s52 applies to councils.",
    "See the Modern Slavery Act 2015, section 52, for the duty.",
    "The section 52 duty in the Modern Slavery Act applies.",
    "Councils must notify under **section 52** of the MSA.",
])
def test_an_unlinked_mention_of_a_known_act_is_reported_with_its_line(library,
                                                                       sentence):
    found = law_links(library, "note", f"## Duty {{#duty}}\n\n{sentence}\n")
    assert len(found) == 1 and found[0][0] == 15
    mention, _, rest = found[0][1].partition(" of the ")
    assert mention in ("'section 52'", "'s52'")
    assert rest == ("Modern Slavery Act 2015 is not linked: link its first mention "
                    f"in this section to {MSA}/section/52")


@pytest.mark.parametrize("sentence", [
    f"Under [section 52]({MSA}/section/52) of the Modern Slavery Act 2015, councils.",
    f"Under section 52 of the [Modern Slavery Act 2015]({MSA}/section/52), councils.",
    "Under section 52 of the Modern Slavery Act 2015 "
    "([read it](http://legislation.gov.uk/ukpga/2015/30/section/52/)), councils.",
    f"Section 3(6) of the Modern Slavery Act 2015 ([text]({MSA}/section/3/6)) applies.",
    f"[Sections 40 to 44]({MSA}/part/4) of the MSA set up the Commissioner.",
    f"[Sections 45 to 47]({MSA}/section/46) of the MSA came into force.",
])
def test_a_link_to_the_provision_in_the_same_paragraph_satisfies_the_rule(library,
                                                                          sentence):
    assert law_links(library, "note", f"## Duty {{#duty}}\n\n{sentence}\n") == []


@pytest.mark.parametrize("sentence", [
    "Under section 51 of the Act, treat them as a child.",
    "Under section 4 of that Act, a defence applies.",
    "Section 71 of the Coroners and Justice Act 2009 was replaced.",
    "The Illegal Migration Act 2023 section 22 was never commenced.",
    "Under section 22 of the Illegal Migration Act 2023, removal was required.",
    "Barnardo's 24-hour line gives advice; the section is long.",
    "Article 26 of the Convention covers non-punishment.",
])
def test_mentions_that_cannot_be_placed_or_are_unchecked_are_left_alone(library,
                                                                        sentence):
    assert law_links(library, "note", f"## Note {{#note}}\n\n{sentence}\n") == []


def test_a_link_to_the_wrong_section_or_in_another_paragraph_does_not_count(library):
    body = (f"## Duty {{#duty}}\n\nSee [section 51]({MSA}/section/51).\n\n"
            f"Under section 52 of the MSA, councils notify.\n\n"
            f"Section 5 of the MSA ([text]({MSA}/section/52)) applies.\n")
    found = law_links(library, "note", body)
    assert [line for line, _ in found] == [17, 19]
    assert "'section 52'" in found[0][1] and "'Section 5'" in found[1][1]


def test_only_the_first_mention_in_each_section_needs_the_link(library):
    link = f"[section 47]({MSA.replace('2015/30', '1989/41')}/section/47)"
    body = (f"## One {{#one}}\n\nEnquiries under {link} of the Children Act "
            "1989.\n\n"
            "Later, section 47 of the Children Act 1989 again.\n\n"
            "## Two {#two}\n\nSection 47 of the Children Act 1989 needs a link.\n")
    found = law_links(library, "note", body)
    assert [line for line, _ in found] == [21]
    assert "Children Act 1989" in found[0][1]


def test_bare_sections_in_a_legislation_summary_belong_to_its_act(library):
    body = ("## Section 45: defence {#section-45}\n\nIt protects victims.\n\n"
            f"## Section 1: slavery {{#section-1}}\n\n[Section 1]({MSA}/section/1) "
            "is an offence. It replaced section 71 of the Coroners and Justice "
            "Act 2009.\n\n## Changes {#changes}\n\nThe Illegal Migration Act 2023 "
            "contained sections 22 to 29. Section 29 was never commenced.\n")
    found = legislation_links(library, body)
    assert [message.split(" is ")[0] for _, message in found] == [
        "'Section 45' of the Modern Slavery Act 2015"]


def test_a_summary_of_two_acts_may_link_a_bare_section_to_the_other_act(library):
    children_act = "https://www.legislation.gov.uk/ukpga/1989/41"
    body = (f"## Housing {{#housing}}\n\n[Section 20]({children_act}/section/20) "
            "covers accommodation.\n\n## Defence {#defence}\n\n"
            f"[Section 45]({children_act}/section/46) protects victims.\n")
    found = legislation_links(library, body)
    assert [message.split(" is ")[0] for _, message in found] == [
        "'Section 45' of the Modern Slavery Act 2015"]


def test_acts_file_problems_name_the_line(library):
    (library / "acts.yml").write_text("acts:\n  - title: Some Act 2020\n"
                                      "    url: http://example.org/act\n")
    path = write_doc(library, "note", "## One {#one}\n\nText.\n")
    report = run_check([library], today=TODAY)
    assert [str(p).split(":", 1)[1] for p in report.problems] == [
        "2: url: Some Act 2020: expected an address starting "
        "https://www.legislation.gov.uk/; found 'http://example.org/act'"]
    assert path.exists()


def test_the_bundled_acts_file_is_valid_and_each_address_is_official(guidance):
    from pathlib import Path

    from kb.acts import load_acts
    from kb.problems import Problems
    problems = Problems()
    acts = load_acts(Path(__file__).resolve().parents[2] / "guidance", problems)
    assert not problems
    titles = {act.title for act in acts}
    assert {"Modern Slavery Act 2015", "Children Act 1989",
            "Children (Northern Ireland) Order 1995"} <= titles
    assert all(act.url.startswith("https://www.legislation.gov.uk/") for act in acts)
