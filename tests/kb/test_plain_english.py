"""Plain-English rules: one fixture file per case in tests/kb/plain_english/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.check_report import run_check
from kb.plain_english import check_text
from kb.prose import prose_blocks, split_sentences
from kb.style import Style
from kbcli.main import main

FIXTURES = Path(__file__).parent / "plain_english"

CASES = [
    ("long-sentence.md", 15, "sentence-length: warning: sentence of 36 words (limit "
     "25): split it. It starts 'When you are worried that a child you …'"),
    ("long-paragraph.md", 15, "paragraph-length: warning: paragraph of 6 sentences "
     "(limit 5): split it or make a list. It starts 'Listen to the child. Write it "
     "down. Tell …'"),
    ("long-paragraph.md", 17, "paragraph-length: warning: paragraph of 6 sentences "
     "(limit 5): split it or make a list. It starts 'Check the record. Ask again. "
     "Write it down. …'"),
    ("hard-reading.md", 13, "reading-age: warning: reading age 17 in section "
     "'Background'; the limit for practice-note is 12: use shorter sentences and "
     "everyday words"),
    ("words-to-avoid.md", 15, "words-to-avoid: warning: 'utilise': write 'use' "
     "instead"),
    ("words-to-avoid.md", 15, "words-to-avoid: warning: 'in order to': write 'to' "
     "instead"),
    ("words-to-avoid.md", 18, "words-to-avoid: warning: 'Facilitate': write 'help' "
     "instead"),
]


@pytest.fixture(scope="module")
def report():
    return run_check([FIXTURES])


def _found(problems) -> set[tuple[str, int, str]]:
    return {(Path(p.path).name, p.line, str(p).split(":", 2)[2].strip())
            for p in problems}


@pytest.mark.parametrize(("name", "line", "message"), CASES)
def test_each_case_is_reported_once_at_its_line(report, name, line, message):
    assert (name, line, message) in _found(report.problems)


def test_nothing_else_is_reported(report):
    assert _found(report.problems) == set(CASES)


@pytest.mark.parametrize("name", ["plain.md", "not-prose.md", "hard-law.md"])
def test_passes(report, name):
    """Abbreviations, tables, code, headings, reading lists, HTML and a harder
    text within legislation's higher limit raise nothing."""
    assert [p for p in report.problems if Path(p.path).name == name] == []


def test_enforced_findings_fail_strict_only(report):
    assert report.advice == 0
    assert not report.failed(strict=False)
    assert report.failed(strict=True)


def test_summary_counts_each_rule(report):
    assert report.summary().endswith(
        "Plain English: sentence-length 1, paragraph-length 2, reading-age 1, "
        "words-to-avoid 3.")


@pytest.fixture
def advisory(tmp_path) -> Path:
    root = tmp_path / "guidance"
    shutil.copytree(FIXTURES, root)
    style = root / "style.yml"
    style.write_text(style.read_text().replace("enforce: true", "enforce: false"))
    return root


def test_unenforced_findings_are_advice_that_never_fails(advisory):
    report = run_check([advisory])
    assert report.advice == 7 and report.warnings == 0
    assert str(report.problems[-1]).endswith(
        "words-to-avoid.md:18: words-to-avoid: advice: 'Facilitate': write 'help' "
        "instead")
    assert not report.failed(strict=True)
    assert report.summary().endswith("(advice only: style.yml has enforce: false).")


def test_cli_prints_path_line_and_exits_zero_when_not_enforced(advisory):
    result = CliRunner().invoke(main, ["check", "--strict", str(advisory)])
    assert result.exit_code == 0, result.output
    assert f"{advisory}/long-sentence.md:15: sentence-length:" in result.output
    assert "Plain English: sentence-length 1" in result.output


def test_a_library_without_style_file_has_no_plain_english_rules(advisory):
    (advisory / "style.yml").unlink()
    report = run_check([advisory])
    assert report.advice == 0 and "Plain English" not in report.summary()


@pytest.mark.parametrize(("setting", "message"), [
    ("enforce: yes please", "enforce: expected true or false; found 'yes please'"),
    ("sentence_words: 0", "sentence_words: expected a whole number above 0; found '0'"),
    ("words_to_avoid: [utilise]",
     "words_to_avoid: expected a mapping of phrase to a plainer choice"),
    ("reading_age:\n  by_type:\n    leaflet: 9",
     "reading_age.by_type: unknown document type 'leaflet'; expected one of "
     "legislation, practice-note"),
])
def test_bad_style_settings_are_errors_with_their_line(advisory, setting, message):
    (advisory / "style.yml").write_text(f"# limits\n{setting}\n")
    report = run_check([advisory])
    errors = [p for p in report.problems if p.severity == "error"]
    assert [str(p).split(":", 2)[2].strip() for p in errors] == [message]
    assert errors[0].line in (1, 2, 4)


def test_sentences_keep_the_line_they_start_on():
    lines = [(10, "First one ends here. Second one starts"), (11, "here and ends."),
             (12, "Third, after e.g. an abbreviation and s. 45, is one sentence.")]
    assert [(s.line, s.words) for s in split_sentences(lines)] == [
        (10, 4), (10, 6), (12, 11)]


def test_a_sentence_may_end_with_a_possessive():
    lines = [(3, "Call the guardian service run by Barnardo's. Then tell the police.")]
    assert [s.words for s in split_sentences(lines)] == [7, 4]


def test_link_addresses_are_not_words_but_link_text_is():
    body = "See [the guidance on referrals](https://example.org/a/b/c/d/e/f) now.\n"
    [block] = prose_blocks(body)
    assert block.text == "See the guidance on referrals now."


def test_long_sentences_in_list_items_are_found():
    body = "- " + " ".join(["word"] * 30) + ".\n"
    assert [f.rule for f in check_text(body, 1, "practice-note", Style())] == [
        "sentence-length"]


def test_raw_html_lines_are_not_prose():
    body = "<div>" + " ".join(["word"] * 30) + ".</div>\n\nShort.\n"
    assert [b.text for b in prose_blocks(body)] == ["Short."]
