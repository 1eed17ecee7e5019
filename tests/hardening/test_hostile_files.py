"""Issue 27, items 5, 9 and 14: control characters, symbolic links, a full disk.

- Item 5: a section holding a C0 control character made its .docx pack answer
  500 (XML cannot hold one). ``kb check`` refuses them with the line, and the
  handout writes U+FFFD should one still arrive.
- Item 9: a symbolic link under guidance/ was indexed by ``kb index`` but
  skipped by ``kb check`` (its problems resolved outside the folder). Both
  refuse it now, with a message.
- Item 14: a build that cannot write (a full disk) printed a raw traceback.
  ``kb index`` says what happened in one line. The file size limit
  (RLIMIT_FSIZE) makes the kernel refuse writes as a full disk does, without
  filling one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import docx
from click.testing import CliRunner
from markupsafe import Markup

from kb.check_report import run_check
from kbcli.main import main
from tests.hardening.conftest import make_site
from tests.hardening.library import make_library, write_document

KB = Path(sys.executable).parent / "kb"


def test_check_refuses_a_control_character_with_its_line(tmp_path):
    root = make_library(tmp_path / "guidance")
    write_document(root, "pasted", text="Call the police.\x07 Then\x0bwait.")
    problems = [str(p) for p in run_check([root]).problems]
    assert any("pasted.md:15: body: invisible control character U+0007: delete it"
               in m for m in problems), problems


def test_a_pack_of_a_section_with_a_control_character_is_not_an_error(tmp_path):
    """The document is left out of the library, so its pack is empty, not 500."""
    from indexer.build.builder import build_index

    root = make_library(tmp_path / "guidance")
    write_document(root, "pasted", text="Call the police.\x07")
    build_index(root, tmp_path / "index", full=True)
    client = make_site(root, tmp_path / "index").test_client()
    for kind in ("docx", "pptx", "md"):
        response = client.get(f"/pack.{kind}?s=pasted%23what-to-do-first"
                              "&s=age-disputes%23what-to-do-first")
        assert response.status_code == 200, kind


def test_the_handout_writes_a_replacement_character_rather_than_fail(site_app):
    """Should a control character reach a pack (a file that never passed the
    check), the handout shows U+FFFD where it was."""
    from web.pack import build_pack, reading_list
    from web.pack_docx import handout
    from web.stores import get_library

    today = dt.date(2026, 12, 1)
    with site_app.test_request_context("/pack.docx"):
        pack = build_pack(get_library(), ["age-disputes#what-to-do-first"], today)
        item = pack.items[0]
        section = dataclasses.replace(item.section, heading="First\x01 steps")
        pack.items[0] = dataclasses.replace(
            item, section=section, html=Markup("<p>Call\x07 the police.</p>"
                                               "<table><tr><td>x\x1f</td></tr></table>"))
        data = handout(pack, today, reading_list(pack), "http://localhost/pack",
                       "Service", lambda path: path)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Call\ufffd the police." in text and "First\ufffd steps" in text


def _linked_library(tmp_path: Path) -> Path:
    root = make_library(tmp_path / "guidance")
    outside = tmp_path / "outside"
    outside.mkdir()
    write_document(outside, "planted", "A planted note", text="Unreviewed words.")
    (root / "planted.md").symlink_to(outside / "planted.md")
    return root


def test_check_refuses_a_symbolic_link(tmp_path):
    root = _linked_library(tmp_path)
    report = run_check([root])
    found = [str(p) for p in report.problems if p.path.endswith("planted.md")]
    assert len(found) == 1 and found[0].endswith(
        "planted.md:1: file: a symbolic link, left out: documents must be files in "
        "the guidance folder; copy the file here instead"), found
    assert report.failed(strict=False)


def test_index_leaves_a_symbolic_link_out_and_says_so(tmp_path):
    from indexer.search.query import open_searcher_index, search

    root = _linked_library(tmp_path)
    result = CliRunner().invoke(main, ["index", "--guidance", str(root),
                                       "--index-dir", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "planted.md: a symbolic link, left out" in result.output
    handle = open_searcher_index(tmp_path / "index")
    assert search(handle, "unreviewed planted").total == 0


def test_a_build_that_cannot_write_says_so_in_one_line(tmp_path):
    root = make_library(tmp_path / "guidance")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = subprocess.run(
        [str(KB), "index", "--full", "--guidance", str(root), "--index-dir",
         str(tmp_path / "index")], capture_output=True, text=True, timeout=120,
        preexec_fn=small_files, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("Error: the index could not be built: File too large")
    assert "run 'kb index' again" in lines[0]
