from pathlib import Path

from click.testing import CliRunner

from kbcli.main import main
from tests.kb.helpers import write_doc

BROKEN = Path(__file__).parent / "broken"


def test_check_clean_folder_exits_zero(guidance):
    write_doc(guidance, "note", "## A {#a}\n\nText.\n")
    result = CliRunner().invoke(main, ["check", str(guidance)])
    assert result.exit_code == 0, result.output
    assert "Checked 1 document: 0 errors, 0 warnings." in result.output


def test_check_broken_folder_lists_problems_and_exits_one():
    result = CliRunner().invoke(main, ["check", str(BROKEN)])
    assert result.exit_code == 1
    assert "missing-title.md:1: title: required field is missing" in result.output
    assert "errors, 5 warnings." in result.output


def test_strict_fails_on_warnings():
    args = ["check", str(BROKEN / "unknown-key.md")]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, [*args, "--strict"]).exit_code == 1


def test_check_without_vocabulary_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "no vocabulary.yml here or in any folder above" in result.output
    assert "Traceback" not in result.output


def test_check_against_unknown_revision_is_a_clear_error(repo):
    result = CliRunner().invoke(main, ["check", str(repo), "--against", "nope"])
    assert result.exit_code == 1
    assert "git cannot find revision 'nope'" in result.output


def test_new_creates_a_file(guidance):
    result = CliRunner().invoke(main, ["new", "--type", "practice-note", "--root",
                                       str(guidance), "Airport signs"])
    assert result.exit_code == 0, result.output
    assert (guidance / "practice-notes" / "airport-signs.md").exists()
    again = CliRunner().invoke(main, ["new", "--type", "practice-note", "--root",
                                      str(guidance), "Airport signs"])
    assert again.exit_code == 1 and "already exists" in again.output
