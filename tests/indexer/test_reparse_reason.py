"""When an incremental build has to parse every file again, its summary says why
in one line, so a slow edit is never a mystery; nothing is lost either way."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.build import changes as changes_module
from indexer.build.builder import build_index
from indexer.build.changes import SOURCES_FILE
from indexer.build.offline import OFFLINE_FILE
from indexer.build.outlines import OUTLINES_FILE
from indexer.checksums import CHECKSUMS_FILE
from indexer.meta import META_FILE
from indexer.schema import SCHEMA_VERSION
from kbcli.main import main
from tests.indexer.helpers import write_doc

DAMAGED = ("could not be used: it is damaged, does not match the rest of the "
           "generation or was written by another version")


def edit(guidance):
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")


def without_checksums(path) -> None:
    """As a version before checksums left a generation: with them, a changed
    file is damage, and the build names it and rebuilds in full
    (tests/hardening/test_damaged_index.py)."""
    (path.resolve().parent / CHECKSUMS_FILE).unlink(missing_ok=True)


def replace(path, text: str | None) -> None:
    """Remove a generation's file (never write through its hard link), then
    write ``text`` in its place unless it is None."""
    without_checksums(path)
    path = path.resolve()
    path.unlink()
    if text is not None:
        path.write_text(text)


def unreadable(path) -> None:
    """A folder where the file was: reading it fails, as a broken disk would."""
    without_checksums(path)
    path = path.resolve()
    path.unlink()
    path.mkdir()


def other_schema(path) -> None:
    data = json.loads(path.read_text())
    replace(path, json.dumps({**data, "schema_version": SCHEMA_VERSION - 1}))


DAMAGE = {
    "missing": lambda path: replace(path, None),
    "corrupt": lambda path: replace(path, '{"format": 1, "files": {"x": ['),
    "unreadable": unreadable,
}


@pytest.mark.parametrize(("part", "damage", "reason"), [
    (META_FILE, "missing", "the previous generation has no meta.json"),
    (META_FILE, "corrupt", f"the previous generation's meta.json {DAMAGED}"),
    (META_FILE, "unreadable", "the previous generation's meta.json could not be read"),
    (SOURCES_FILE, "missing", "the previous generation has no sources.json"),
    (SOURCES_FILE, "corrupt", f"the previous generation's sources.json {DAMAGED}"),
    (SOURCES_FILE, "unreadable",
     "the previous generation's sources.json could not be read"),
    (OFFLINE_FILE, "missing", "the previous generation has no offline-index.json"),
    (OFFLINE_FILE, "corrupt",
     f"the previous generation's offline-index.json {DAMAGED}"),
    (OFFLINE_FILE, "unreadable",
     "the previous generation's offline-index.json could not be read"),
    (OUTLINES_FILE, "missing", "the previous generation has no outlines.json"),
    (OUTLINES_FILE, "corrupt", f"the previous generation's outlines.json {DAMAGED}"),
    (OUTLINES_FILE, "unreadable",
     "the previous generation's outlines.json could not be read"),
])
def test_a_part_that_cannot_be_used_is_named(guidance, index_dir, part, damage,
                                            reason):
    build_index(guidance, index_dir, full=True)
    DAMAGE[damage](index_dir / "current" / part)
    edit(guidance)
    summary = build_index(guidance, index_dir)
    assert str(summary).splitlines()[1:] == [f"Parsed every file again: {reason}."]
    assert summary.full == (part == META_FILE)  # no rows to keep: a full build
    again = build_index(guidance, index_dir)  # the new generation is whole
    assert not again.changed and again.reparsed == ""


def test_a_generation_that_does_not_match_its_meta_is_named(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    (guidance / "practice-notes" / "legal-note.md").unlink()
    build_index(guidance, index_dir)
    first = (index_dir / "current" / OFFLINE_FILE).read_text()
    write_doc(guidance, "legal-note", "Prosecution of exploited children",
              "## Prosecution {#prosecution}\n\nRunning drugs is a sign.\n")
    build_index(guidance, index_dir)
    replace(index_dir / "current" / OFFLINE_FILE, first)  # one document short
    edit(guidance)
    summary = build_index(guidance, index_dir)
    assert summary.reparsed == f"the previous generation's offline-index.json {DAMAGED}"


def test_another_schema_is_named(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    other_schema(index_dir / "current" / META_FILE)
    summary = build_index(guidance, index_dir)
    assert summary.full and summary.reparsed == (
        f"the previous generation has index schema {SCHEMA_VERSION - 1}; "
        f"this version writes schema {SCHEMA_VERSION}")


def test_a_vocabulary_change_is_named(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    vocabulary = guidance / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text() + "\n# a comment\n")
    summary = build_index(guidance, index_dir)
    assert summary.reparsed == "vocabulary.yml changed since the previous build"


def test_a_code_change_is_named_by_kb_index(guidance, index_dir, monkeypatch):
    build_index(guidance, index_dir, full=True)
    monkeypatch.setattr(changes_module, "code_hash", lambda: "other code")
    result = CliRunner().invoke(main, ["index", "--guidance", str(guidance),
                                       "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Parsed every file again: the code in kb/ or indexer/ changed since the "
        "previous build."]


def test_an_ordinary_edit_or_full_build_gives_no_reason(guidance, index_dir):
    first = build_index(guidance, index_dir, full=True)
    edit(guidance)
    edited = build_index(guidance, index_dir)
    forced = build_index(guidance, index_dir, full=True)
    for summary in (first, edited, forced):
        assert summary.reparsed == "" and len(str(summary).splitlines()) == 1
    assert edited.updated == 1
