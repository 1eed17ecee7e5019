"""Issue 27, item 3 (Markdown and size): bodies that hung or crashed rendering.

A body line of 20,000 ``[`` took 63 s to render (past gunicorn's 30 s), and
5,000 nested ``- `` raised RecursionError. ``kb check`` and ``kb index`` now
refuse such bodies with the file and line (``kb.markdown_bounds``), old
versions holding one are refused by the site, and ``render`` shows one as plain
text at once. Documents over 200 KB are refused, naming the file.
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from kb.check_report import run_check
from kb.markdown_html import render
from kb.sections import plain_text
from kbcli.main import main
from tests.hardening.conftest import make_site
from tests.hardening.library import make_library, write_document
from tests.kb.helpers import git

TOO_MANY = "this paragraph has too many '[', '`' or '<' to render quickly"
# Body, message, and the line it is reported on (write_document puts the text
# on line 15); a run of indents passes the bound on its 21st line.
ATTACKS = {
    "bracket-run": ("Text " + "[" * 20_000,
                    TOO_MANY, 15),
    "image-run": ("Text " + "![" * 10_000,
                  TOO_MANY, 15),
    "nested-dashes": ("- " * 5_000 + "x", "lists, quotes or indents nest 5000 levels",
                      15),
    "nested-indents": ("".join("  " * i + "- x\n" for i in range(300)),
                       "lists, quotes or indents nest 11 levels", 35),
    "nested-quotes": ("> " * 5_000 + "x", "lists, quotes or indents nest 5000 levels",
                      15),
    "backtick-runs": ("``a`" * 5_000, TOO_MANY, 15),  # 20 KB took 19 s
    "tag-starts": ("<a" * 10_000, "10000 '<' are too many for a body", 15),  # 4 s
    # Bullets after a numbered item are one paragraph: 500 such lines took 31 s.
    "bullets-in-numbers": ("1. First\n" + "- [[[[[\n" * 20_000,
                           TOO_MANY, 15),
}


def _timed(call, *args):
    started = time.monotonic()
    result = call(*args)
    return result, time.monotonic() - started


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_render_degrades_to_plain_text_at_once(name):
    body = ATTACKS[name][0]
    html, seconds = _timed(render, body)
    assert seconds < 1
    assert html.startswith("<p>") and "<li>" not in html and "<blockquote>" not in html


def test_render_keeps_plain_text_escaped():
    html = render("<b>x</b> " + "[" * 20_000)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html


def test_plain_text_for_the_index_stays_linear():
    """Its link pattern spanned lines: 100 KB of unclosed '[' took 8 s."""
    _, seconds = _timed(plain_text, "[aaaaaaaaaaaaaaaaa\n\n" * 5_000)
    assert seconds < 1


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_check_refuses_each_attack_with_file_and_line(tmp_path, name):
    root = make_library(tmp_path / "guidance")
    body, message, line = ATTACKS[name]
    write_document(root, name, text=body)
    report, seconds = _timed(run_check, [root])
    assert seconds < 10
    found = [str(p) for p in report.problems if p.path.endswith(f"{name}.md")]
    assert any(f"{name}.md:{line}: body: {message}" in m for m in found), found


def test_index_leaves_the_attacks_out_quickly(tmp_path):
    root = make_library(tmp_path / "guidance")
    for name, (body, _, _) in ATTACKS.items():
        write_document(root, name, text=body)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["index", "--guidance", str(root),
                                       "--index-dir", str(tmp_path / "index")])
    assert time.monotonic() - started < 30
    assert result.exit_code == 0, result.output
    assert f"{len(ATTACKS)} file(s) with errors left out" in result.output


def test_a_document_over_200_kb_is_refused_naming_the_file(tmp_path):
    root = make_library(tmp_path / "guidance")
    write_document(root, "too-long", text="Plain words here. " * 12_000)
    problems = [str(p) for p in run_check([root]).problems]
    assert any("too-long.md:1: file: expected at most 200 KB; found 212 KB" in m
               for m in problems), problems


def test_real_guidance_is_well_within_the_bounds():
    """The bounds leave room: the guidance's worst paragraph uses a hundredth."""
    from pathlib import Path

    from kb import markdown_bounds
    from kb.frontmatter import split

    guidance = Path(__file__).parents[2] / "guidance"
    saved = markdown_bounds.MAX_LINK_WORK
    try:
        markdown_bounds.MAX_LINK_WORK = saved // 100
        for path in guidance.rglob("*.md"):
            if path.name != "README.md":
                assert markdown_bounds.check(split(path.read_text()).body) is None, path
    finally:
        markdown_bounds.MAX_LINK_WORK = saved


@pytest.fixture
def old_attack(tmp_path):
    """A site whose document held the bracket attack in an older commit."""
    from indexer.build.builder import build_index

    root = make_library(tmp_path / "guidance")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "editor@example.org")
    git(tmp_path, "config", "user.name", "Editor")
    shas = []
    for text in (ATTACKS["bracket-run"][0], ATTACKS["nested-dashes"][0],
                 "Calm words."):
        write_document(root, "age-disputes", "When a child's age is disputed",
                       text=text)
        git(tmp_path, "add", ".")
        git(tmp_path, "commit", "-q", "-m", "Change")
        shas.append(git(tmp_path, "rev-parse", "HEAD").strip())
    build_index(root, tmp_path / "index", full=True)
    return make_site(root, tmp_path / "index").test_client(), shas


def test_old_versions_past_the_bounds_answer_at_once(old_attack):
    client, (brackets, dashes, calm) = old_attack
    for sha in (brackets, dashes):
        for address in (f"/doc/age-disputes/at/{sha[:12]}",
                        f"/doc/age-disputes/changes?from={sha[:12]}",
                        f"/doc/age-disputes/cite/what-to-do-first?at={sha[:12]}"):
            response, seconds = _timed(client.get, address)
            assert seconds < 5, address
            assert response.status_code in (200, 404), address
    assert client.get(f"/doc/age-disputes/at/{brackets[:12]}").status_code == 404
    assert "Calm words." in client.get(
        f"/doc/age-disputes/at/{calm[:12]}").get_data(as_text=True)
