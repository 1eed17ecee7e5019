"""Where content and the index live: one precedence for kb, the site and make.

Highest first: an explicit value (a command-line option, the site's test
config), then KB_GUIDANCE_DIR and KB_INDEX_DIR, then the checkout found from the
current directory upward.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb import config
from kb.config import REPO_ROOT, GuidanceNotFoundError
from kbcli.main import main
from tests.indexer.helpers import make_guidance, write_doc
from web import create_app


@pytest.fixture(autouse=True)
def no_settings(monkeypatch):
    for name in (config.GUIDANCE_ENV, config.INDEX_ENV, "GUIDANCE_DIR", "INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def checkouts(tmp_path) -> tuple[Path, Path]:
    """Two checkouts of the library, as an editor with a second clone has."""
    first, second = tmp_path / "first", tmp_path / "second"
    make_guidance(first / "guidance", docs={})
    make_guidance(second / "guidance", docs={})
    write_doc(first / "guidance", "only-in-first", "Only in first", "Text.\n")
    write_doc(second / "guidance", "only-in-second", "Only in second", "Text.\n")
    return first, second


def index_here() -> str:
    result = CliRunner().invoke(main, ["index"])
    assert result.exit_code == 0, result.output
    return result.output


def test_kb_works_on_the_checkout_around_the_current_folder(checkouts, monkeypatch):
    first, second = checkouts
    monkeypatch.chdir(second / "guidance" / "practice-notes")
    assert "1 added" in index_here()
    assert (second / "var" / "index").is_dir()
    assert not (first / "var").exists()
    found = CliRunner().invoke(main, ["search", "only", "--json"])
    assert '"only-in-second"' in found.output and "only-in-first" not in found.output


def test_environment_wins_over_the_current_folder(checkouts, monkeypatch):
    first, second = checkouts
    monkeypatch.chdir(second)
    monkeypatch.setenv(config.GUIDANCE_ENV, str(first / "guidance"))
    index_here()
    assert (first / "var" / "index").is_dir() and not (second / "var").exists()
    monkeypatch.setenv(config.INDEX_ENV, str(second / "elsewhere"))
    index_here()
    assert (second / "elsewhere").is_dir()


def test_an_option_wins_over_the_environment(checkouts, monkeypatch, tmp_path):
    first, second = checkouts
    monkeypatch.setenv(config.GUIDANCE_ENV, str(first / "guidance"))
    monkeypatch.setenv(config.INDEX_ENV, str(tmp_path / "env-index"))
    result = CliRunner().invoke(main, ["index", "--guidance", str(second / "guidance"),
                                       "--index-dir", str(tmp_path / "given")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "given").is_dir() and not (tmp_path / "env-index").exists()


def test_outside_any_checkout_kb_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["index"])
    assert result.exit_code == 1
    assert f"{tmp_path}: no guidance/vocabulary.yml here or in any folder above. " \
           "Run kb inside a checkout, or set KB_GUIDANCE_DIR." in result.output
    assert "Traceback" not in result.output
    with pytest.raises(GuidanceNotFoundError):
        config.index_dir()


def test_the_site_uses_the_same_precedence(checkouts, monkeypatch, tmp_path):
    first, second = checkouts
    monkeypatch.chdir(second)
    app = create_app()
    assert app.config["GUIDANCE_DIR"] == str(second / "guidance")
    assert app.config["INDEX_DIR"] == str(second / "var" / "index")
    monkeypatch.setenv(config.GUIDANCE_ENV, str(first / "guidance"))
    monkeypatch.setenv(config.INDEX_ENV, str(tmp_path / "env-index"))
    app = create_app()
    assert app.config["GUIDANCE_DIR"] == str(first / "guidance")
    assert app.config["INDEX_DIR"] == str(tmp_path / "env-index")
    app = create_app({"INDEX_DIR": str(tmp_path / "given")})
    assert app.config["INDEX_DIR"] == str(tmp_path / "given")


SHOW = """\
show-settings:
\t@$(PY) -c "from web import create_app; c = create_app().config; \\
print(c['GUIDANCE_DIR']); print(c['INDEX_DIR'])"
"""


def test_make_passes_the_environment_through(tmp_path, monkeypatch):
    """The Makefile once set INDEX_DIR := var/index, which beat the environment."""
    monkeypatch.setenv(config.GUIDANCE_ENV, str(REPO_ROOT / "guidance"))
    monkeypatch.setenv(config.INDEX_ENV, str(tmp_path / "mine"))
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "old-name"))
    shown = subprocess.run(
        ["make", "--no-print-directory", "-f", "Makefile", "-f", "-", "show-settings",
         f"PY={sys.executable}"], input=SHOW, cwd=REPO_ROOT, capture_output=True,
        text=True, check=True).stdout.split()
    assert shown == [str(REPO_ROOT / "guidance"), str(tmp_path / "mine")]
