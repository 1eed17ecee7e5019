"""outlines.json: each generation keeps its documents' outlines, equal to
those the site would parse, kept as bytes for unchanged documents and made
afresh for changed ones; the site takes none it cannot trust."""

from __future__ import annotations

import json
import os

import pytest

from indexer.build import builder as build
from indexer.build import outlines as outlines_module
from indexer.build.builder import build_index
from indexer.build.outlines import OUTLINES_FILE, kept_rows, stored_outlines
from indexer.generations import generations
from kb.library import load_library
from kb.outlines import outline
from tests.indexer.helpers import write_doc


def rows(index_dir):
    return kept_rows((index_dir / "current" / OUTLINES_FILE).read_bytes())


def expected(guidance):
    library, _ = load_library(guidance, across=False)
    return {doc.path: outline(doc) for doc in library.documents.values()}


def test_a_full_build_stores_the_outline_of_every_document(guidance, index_dir):
    write_doc(guidance, "broken", "Broken", "## Part {#part}\n\nText.\n",
              status="nonsense-status")
    build_index(guidance, index_dir, full=True)
    stored = stored_outlines(index_dir, guidance)
    assert stored == expected(guidance)
    assert len(stored) == 5  # the broken file is left out


def test_an_edit_makes_its_row_afresh_and_keeps_the_others_as_bytes(
        guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    before = rows(index_dir)
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines.\n\n## Cuckooing {#cuckoo}\n")
    assert build_index(guidance, index_dir).updated == 1
    after = rows(index_dir)
    assert {k for k in after if after[k] != before[k]} == {"county-lines"}
    anchors = [s[0] for s in json.loads(after["county-lines"])["sections"]]
    assert anchors == ["what-it-is", "cuckoo"]
    assert stored_outlines(index_dir, guidance) == expected(guidance)


def test_a_generation_without_outlines_is_not_trusted(guidance, index_dir):
    """As an older version left it: the next build parses and stores them all."""
    build_index(guidance, index_dir, full=True)
    (index_dir / "current" / OUTLINES_FILE).resolve().unlink()
    assert stored_outlines(index_dir, guidance) is None
    summary = build_index(guidance, index_dir)
    assert summary.changed
    assert stored_outlines(index_dir, guidance) == expected(guidance)


def test_no_outlines_are_given_for_another_vocabulary_or_other_code(
        guidance, index_dir, monkeypatch, tmp_path):
    assert stored_outlines(index_dir, guidance) is None  # no index yet
    build_index(guidance, index_dir, full=True)
    assert stored_outlines(index_dir, guidance) is not None
    monkeypatch.setattr(outlines_module, "code_hash", lambda: "other code")
    assert stored_outlines(index_dir, guidance) is None
    monkeypatch.undo()
    vocabulary = guidance / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text() + "\n# edited\n")
    assert stored_outlines(index_dir, guidance) is None


def test_outlines_are_found_under_a_copy_of_the_guidance_folder(guidance, index_dir,
                                                                tmp_path):
    """Rows are keyed by paths inside the folder, so a site may serve a copy."""
    build_index(guidance, index_dir, full=True)
    copy = tmp_path / "copy"
    os.rename(guidance, copy)
    assert stored_outlines(index_dir, copy) == expected(copy)


def test_a_build_that_fails_while_writing_outlines_swaps_nothing_in(
        guidance, index_dir, monkeypatch):
    build_index(guidance, index_dir, full=True)
    before = stored_outlines(index_dir, guidance)

    def disk_full(*args):
        raise OSError("No space left on device")

    monkeypatch.setattr(build, "outline_row", disk_full)
    write_doc(guidance, "county-lines", "County lines renamed",
              "## What it is {#what-it-is}\n\nDeal lines.\n")
    with pytest.raises(OSError, match="No space"):
        build_index(guidance, index_dir)
    assert os.readlink(index_dir / "current") == "gen-000001"
    assert [p.name for p in generations(index_dir)] == ["gen-000001"]
    monkeypatch.undo()
    assert stored_outlines(index_dir, guidance) == before
