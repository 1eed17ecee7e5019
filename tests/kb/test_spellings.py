"""Spellings are data in vocabulary.yml, never keywords: kb check enforces it."""

from pathlib import Path

import pytest

from kb.check_report import run_check
from kb.keyboard import typing_distance
from kb.library import load_library
from tests.indexer.helpers import make_guidance

KEYWORDED = """\
---
id: keyworded
title: Signs of trafficking
type: practice-note
summary: A short note.
status: current
jurisdictions: [uk]
audiences: [police]
topics: [identification]
reviewed: 2026-01-15
keywords: [{keywords}]
---

## Signs {{#signs}}

Trafficking signs include a child who is not in school. Trafficking is
exploitation. Trafficking and trafficking again. Children leave care at 18:
some leave early, others leave late, none should leave unsupported or leave
without a plan.
"""


def check_keywords(tmp_path: Path, keywords: str) -> list[str]:
    root = make_guidance(tmp_path / "guidance")
    (root / "practice-notes" / "keyworded.md").write_text(
        KEYWORDED.format(keywords=keywords), "utf-8")
    report = run_check([root])
    return [str(p).split(": ", 1)[1] for p in report.problems]


def test_listed_misspelling_in_keywords_is_rejected(tmp_path):
    assert check_keywords(tmp_path, "traficking signs") == [
        "keywords: 'traficking' in 'traficking signs' is a misspelling of "
        "'trafficking': remove it. Search corrects the misspellings listed under "
        "spellings in vocabulary.yml; add new ones there"]


def test_listed_variant_in_keywords_is_rejected(tmp_path):
    found = check_keywords(tmp_path, "organization")
    assert found and "another spelling of 'organisation'" in found[0]


def test_unlisted_lookalike_of_a_common_word_is_rejected(tmp_path):
    found = check_keywords(tmp_path, "traffickng signs")
    assert found == [
        "keywords: 'traffickng' in 'traffickng signs' looks like a misspelling of "
        "'trafficking': if it is, remove it and list it under spellings in "
        "vocabulary.yml; if it is a real word, use it in the document's text too"]


@pytest.mark.parametrize("keywords", ["trafficking signs", "care leaver", "NRM",
                                      "Cymru", "cuckooing"])
def test_real_words_and_other_forms_pass(tmp_path, keywords):
    assert check_keywords(tmp_path, keywords) == []


def test_a_listed_misspelling_the_library_uses_is_an_error(tmp_path):
    root = make_guidance(tmp_path / "guidance")
    vocabulary = root / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text("utf-8").replace(
        "    borders: [boarders]", "    borders: [boarders, gangs]"), "utf-8")
    messages = [str(p) for p in run_check([root]).problems]
    assert any("'gangs' is listed as a misspelling of 'borders', but the library "
               "uses it" in m for m in messages), messages


def test_malformed_spellings_are_reported(tmp_path):
    root = make_guidance(tmp_path / "guidance")
    vocabulary = root / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text("utf-8") + "  typos: {a: [b]}\n",
                          "utf-8")
    messages = [str(p) for p in run_check([root]).problems]
    assert any("spellings.typos: unknown list; expected misspellings or variants"
               in m for m in messages), messages


def test_no_document_in_the_library_has_a_misspelt_keyword():
    library, problems = load_library(Path(__file__).parents[2] / "guidance")
    assert not [p for p in problems if p.field == "keywords"]
    wrong = library.spellings.misspellings
    assert wrong and not [k for d in library.documents.values() for k in d.keywords
                          if any(w in wrong for w in k.lower().split())]


def test_phone_slips_cost_less_than_other_edits():
    assert typing_distance("trafdicking", "trafficking") < typing_distance(
        "trafbicking", "trafficking")  # d is next to f; b is not
    assert typing_distance("traficking", "trafficking") < 1  # a double letter
    assert typing_distance("gaurdian", "guardian") < 1  # two letters swapped
    assert typing_distance("xhild", "child") > typing_distance("chuld", "child")
