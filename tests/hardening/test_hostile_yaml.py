"""Issue 27, item 3 (YAML): alias bombs and values of the wrong type.

Nine lines of YAML (``tests/kb/broken/yaml/alias-bomb.yml``) expand to a billion
values when anything walks them: ``kb check`` and ``kb index`` ran out of memory
after 40 s on one in ``glossary.yml``, ``vocabulary.yml``, ``best-bets.yml`` or
``acts.yml``, and the site fell the same way on an old commit's front matter.
Every YAML file is read by ``kb.safeyaml`` now, which refuses the file with the
line; values of the wrong type are refused with theirs.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.check_report import run_check
from kbcli.main import main
from tests.hardening.conftest import make_site
from tests.hardening.library import make_library
from tests.kb.helpers import git

BOMB = Path(__file__).parents[1] / "kb" / "broken" / "yaml" / "alias-bomb.yml"
REFUSED = "aliases (*name) repeat more than 1,000 values in all"
SHARED_FILES = {
    "glossary.yml": "terms:\n  - term: Bomb\n    definition: A test.\n"
                    "    synonyms: *i\n",
    "best-bets.yml": "best_bets:\n  - queries: *i\n    sections: [age-disputes]\n",
    "acts.yml": "acts:\n  - title: Bomb Act 2020\n    url: https://www.legislation.gov.uk/x\n"
                "    names: *i\n",
    "style.yml": "skip_headings: *i\n",
    "pathways/bomb.yml": "id: bomb\ntitle: *i\n",
}


def _messages(root: Path) -> list[str]:
    started = time.monotonic()
    report = run_check([root])
    assert time.monotonic() - started < 20, "the check took too long"
    return [str(p) for p in report.problems]


def _bombed(root: Path, name: str, usage: str) -> Path:
    path = root / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(BOMB.read_text() + usage, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SHARED_FILES))
def test_a_bomb_in_a_shared_file_is_refused_with_its_line(tmp_path, name):
    root = make_library(tmp_path / "guidance")
    _bombed(root, name, SHARED_FILES[name])
    found = [m for m in _messages(root) if REFUSED in m]
    assert found and f"{Path(name).name}:2:" in found[0], found


def test_a_bomb_in_the_vocabulary_is_refused_by_check_and_index(tmp_path):
    root = make_library(tmp_path / "guidance")
    vocabulary = root / "vocabulary.yml"
    vocabulary.write_text(BOMB.read_text() + vocabulary.read_text(), encoding="utf-8")
    assert any(REFUSED in m and "vocabulary.yml:2:" in m for m in _messages(root))
    started = time.monotonic()
    result = CliRunner().invoke(main, ["index", "--guidance", str(root),
                                       "--index-dir", str(tmp_path / "index")])
    assert time.monotonic() - started < 20
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_a_bomb_in_front_matter_is_refused(tmp_path):
    root = make_library(tmp_path / "guidance")
    shutil.copy(BOMB.parent.parent / "alias-bomb.md", root / "alias-bomb.md")
    assert any("alias-bomb.md:11: front matter: " + REFUSED in m
               for m in _messages(root))


def test_deep_nesting_is_refused_quickly(tmp_path):
    """libyaml stops at 1,000 levels; the pure-Python parser it fell back to
    for messages then recursed for seconds before failing."""
    root = make_library(tmp_path / "guidance")
    (root / "glossary.yml").write_text("terms: " + "[" * 5000 + "]" * 5000 + "\n")
    (root / "best-bets.yml").write_text("best_bets: " + "[" * 60 + "]" * 60 + "\n")
    messages = _messages(root)
    assert any("glossary.yml:1: yaml: nested more than 50 levels deep" in m
               for m in messages), messages
    assert any("best-bets.yml:1: yaml: nested more than 50 levels deep" in m
               for m in messages), messages


WRONG_TYPES = {
    "glossary.yml": ("terms:\n  - term: Pimp\n    definition: A word.\n"
                     "  - term: NRM\n    definition: Referral.\n"
                     "    synonyms: [{nested: [a, b]}]\n",
                     "glossary.yml:4: terms[2]: expected 'term', 'definition'"),
    "best-bets.yml": ("best_bets:\n  - queries: [missing child]\n"
                      "    sections: [age-disputes]\n"
                      "  - queries: [{a: b}]\n    sections: [age-disputes]\n",
                      "best-bets.yml:4: best_bets[2]: expected 'queries'"),
    "acts.yml": ("acts:\n  - title: Some Act 2020\n"
                 "    url: https://www.legislation.gov.uk/ukpga/2020/1\n"
                 "    unverified: [a, b]\n",
                 "acts.yml:2: unverified: Some Act 2020: expected a note as text"),
}


@pytest.mark.parametrize("name", sorted(WRONG_TYPES))
def test_values_of_the_wrong_type_are_refused_with_their_line(tmp_path, name):
    root = make_library(tmp_path / "guidance")
    text, expected = WRONG_TYPES[name]
    (root / name).write_text(text, encoding="utf-8")
    messages = _messages(root)
    assert any(expected in m for m in messages), messages


def test_a_vocabulary_label_that_is_not_text_is_refused(tmp_path):
    root = make_library(tmp_path / "guidance")
    vocabulary = root / "vocabulary.yml"
    text = vocabulary.read_text()
    first = next(n for n, line in enumerate(text.splitlines(), 1)
                 if line.startswith("audiences:"))
    vocabulary.write_text(text.replace("audiences:\n", "audiences:\n  bomb: [a, b]\n",
                                       1))
    messages = _messages(root)
    assert any(f"vocabulary.yml:{first + 1}: audiences: expected a value and its "
               "label as text" in m for m in messages), messages


@pytest.fixture
def history_site(tmp_path):
    """A site whose document had a bomb, then a wrong type, in older commits."""
    from indexer.build.builder import build_index

    top = tmp_path
    root = make_library(top / "guidance")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    path = root / "age-disputes.md"
    good = path.read_text()
    shas = []
    for text in (good.replace("reviewed: 2026-11-01\n", "reviewed: 2026-11-01\n"
                              + BOMB.read_text() + "keywords: *i\n"),
                 good.replace("title: When a child's age is disputed",
                              "title: [a, {b: c}]"),
                 good):
        path.write_text(text)
        git(top, "add", ".")
        git(top, "commit", "-q", "-m", "Change")
        shas.append(git(top, "rev-parse", "HEAD").strip())
    build_index(root, top / "index", full=True)
    return make_site(root, top / "index").test_client(), shas


def test_old_versions_with_a_bomb_or_a_wrong_type_are_refused(history_site):
    client, (bombed, mistyped, good) = history_site
    for sha in (bombed, mistyped):
        started = time.monotonic()
        response = client.get(f"/doc/age-disputes/at/{sha[:12]}")
        assert time.monotonic() - started < 5
        assert response.status_code == 404
        assert "cannot be read" in response.get_data(as_text=True) or \
            "unavailable" in response.get_data(as_text=True).lower()
        assert client.get(f"/doc/age-disputes/changes?from={sha}").status_code < 500
    assert client.get(f"/doc/age-disputes/at/{good[:12]}").status_code == 200
