"""Each nation gets steps written for it, and every citation holds in the nation
it is shown in: over the real library, and over small cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb.library import load_library
from kb.pathways.citing import MIN_SECTION_WORDS, applies_in, section_words
from kb.pathways.model import Pathway, Step

REAL = Path(__file__).resolve().parents[2] / "guidance"
CASES = Path(__file__).parent / "pathway-cases"
DEVOLVED = ("scotland", "northern-ireland", "wales")
PER_NATION = 18  # across the seven situations; England had 20 when this was set


def specific_to(step: Step, pathway: Pathway, nation: str) -> bool:
    """A step limited to some nations, this one among them: it uses that nation's
    names and law rather than advice that holds everywhere."""
    return (bool(step.nations) and nation in step.nations
            and len(step.nations) < len(pathway.nations))


@pytest.fixture(scope="module")
def real():
    library, _ = load_library(REAL)
    return library


@pytest.mark.parametrize("nation", DEVOLVED)
def test_each_nation_has_its_own_steps_in_every_situation(real, nation):
    counts = {p.id: sum(specific_to(s, p, nation) for s in p.steps)
              for p in real.pathways.values()}
    assert len(counts) == 7
    assert sum(counts.values()) >= PER_NATION, counts
    assert all(counts.values()), counts  # at least one in every situation


def test_no_step_cites_a_short_section_or_another_nations_guidance(real):
    for pathway in real.pathways.values():
        for step in pathway.steps:
            for nation in step.shown_in(pathway.nations):
                shown = step.cites_for(nation)
                assert shown, (pathway.id, step.title, nation)
                for ref in shown:
                    doc = real.get(ref.doc_id)
                    section = doc.section(ref.anchor)
                    assert section_words(doc, section) >= MIN_SECTION_WORDS, ref.key
                    assert applies_in(doc, nation), (pathway.id, step.title,
                                                     nation, ref.key)


def test_each_nation_has_a_helpline_of_its_own(real):
    for nation in ("england", *DEVOLVED):
        own = [h for h in real.helplines if h.nations == (nation,)]
        assert own, nation
        assert any(h.number == "101" for h in real.helplines if h.serves(nation))
    assert any(h.number == "028 9504 9999" for h in real.helplines
               if h.serves("northern-ireland"))


def test_a_citation_can_be_limited_to_some_nations():
    library, _ = load_library(CASES, dt.date(2026, 12, 1))
    steps = library.pathways["valid"].steps
    step = next(s for s in steps if s.title == "Refer the child")
    assert [r.key for r in step.cites_for("england")] == [
        "note#two", "note#one", "england-only#what-to-do"]
    assert [r.key for r in step.cites_for("wales")] == ["note#two", "note#one"]
    assert step.cites[2].nations == ("england",)


def test_a_helpline_for_one_situation_is_shown_only_with_it(real):
    missing = next(h for h in real.helplines if h.number == "116 000")
    assert missing.shown_with("child-gone-missing", "scotland")
    assert not missing.shown_with("interviewing-a-child", "scotland")
    everywhere = next(h for h in real.helplines if h.number == "999")
    assert all(everywhere.shown_with(p, "wales") for p in real.pathways)
