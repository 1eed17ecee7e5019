"""Documentation keeps up with the code: every field and command is described."""

import re
from pathlib import Path

import pytest

from kb import schema
from kb.pathways import loader
from kbcli.main import main

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()
README = (ROOT / "README.md").read_text() if (ROOT / "README.md").exists() else ""


@pytest.mark.parametrize("field", schema.all_fields())
def test_front_matter_field_is_documented(field):
    assert re.search(rf"^\| `{field}` \|", CONTRIBUTING, re.M), field


@pytest.mark.parametrize("field", schema.SOURCE_FIELDS)
def test_source_field_is_documented(field):
    assert f"| `{field}` |" in CONTRIBUTING


@pytest.mark.parametrize("command", sorted(main.commands))
def test_cli_command_is_documented(command):
    assert f"kb {command}" in README + CONTRIBUTING


def test_readme_first_screen_has_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:40])
    assert "make serve" in first_screen and "make test" in first_screen


def test_plain_english_rules_are_documented():
    from kb.plain_english import RULES

    for rule in RULES:
        assert re.search(rf"^\| `{rule}` \|", CONTRIBUTING, re.M), rule


def test_reading_age_limits_in_contributing_match_style_file():
    import yaml

    style = yaml.safe_load((ROOT / "guidance" / "style.yml").read_text())
    limits = style["reading_age"]["by_type"]
    row = next(line for line in CONTRIBUTING.splitlines()
               if line.startswith("| `reading-age` |"))
    assert f"{limits['practice-note']} for practice notes" in row
    assert f"{limits['statutory-guidance']} for guidance" in row
    assert f"{limits['legislation']} for legislation" in row


PATHWAYS_SECTION = CONTRIBUTING.split("## What to do now pathways")[1].split("\n## ")[0]


@pytest.mark.parametrize("field", loader.PATHWAY_REQUIRED + loader.PATHWAY_OPTIONAL
                         + loader.STEP_REQUIRED + loader.STEP_OPTIONAL
                         + loader.HELPLINE_REQUIRED + loader.HELPLINE_OPTIONAL)
def test_pathway_field_is_documented(field):
    assert re.search(rf"^\| `{field}` \|", PATHWAYS_SECTION, re.M), field
