"""Random front matter and Markdown through ``kb check``: a clear verdict, always.

Editors write these files by hand, so anything may arrive in a pull request. The
only acceptable outcomes are success (exit 0) or problems reported with their
place (exit 1); never a traceback.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from kb.library import load_library
from kbcli.main import main
from tests.hardening.library import make_library
from tests.hardening.strategies import document_files

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def guidance(tmp_path_factory):
    return make_library(tmp_path_factory.mktemp("fuzz") / "guidance")


@FUZZ
@given(content=document_files)
def test_kb_check_gives_a_clear_verdict_on_any_file(guidance, content):
    path = guidance / "fuzzed.md"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["check", "--strict", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception), result.output)
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Checked 1 document")
    if result.exit_code == 1:
        assert "fuzzed.md:" in result.output


@FUZZ
@given(content=document_files)
def test_the_loader_keeps_good_documents_whatever_sits_beside_them(guidance, content):
    (guidance / "fuzzed.md").write_bytes(content)
    library, problems = load_library(guidance)
    assert {"spotting-the-signs", "airport-concerns"} <= set(library.documents)
    fuzzed = library.get("fuzzed")
    assert fuzzed is None or (fuzzed.title and fuzzed.sections)
    assert all(p.line >= 1 and p.message for p in problems)
