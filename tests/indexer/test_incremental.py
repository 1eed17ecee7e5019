"""Incremental builds: every change is picked up, and the result is what a
full build of the same files gives."""

import json
import os
import shutil
import time

import pytest
from whoosh.filedb.filestore import FileStorage

from indexer import checksums
from indexer.build import changes as changes_module
from indexer.build import writing
from indexer.build.builder import STAT_CACHE, BuildError, build_index
from indexer.build.changes import SOURCES_FILE
from indexer.build.offline import OFFLINE_FILE
from indexer.build.outlines import OUTLINES_FILE
from indexer.generations import generations
from indexer.schema import DOCUMENT_INDEX
from indexer.search.query import search
from kb import filestate
from kb import library as kb_library
from tests.indexer.helpers import write_doc

TICK = 0.05  # longer than the kernel's timestamp granularity


@pytest.fixture
def settled(monkeypatch):
    """Build as if the files were written long ago, so the stat cache keeps
    their stat and vouches for their hash (the case an edit must beat)."""
    real = time.time_ns
    monkeypatch.setattr(filestate.time, "time_ns",
                        lambda: real() + int(10 * filestate.RACY_SECONDS * 1e9))


@pytest.fixture
def parsed(monkeypatch):
    """The stems of the files parsed, in order."""
    stems = []
    real = kb_library.load_document

    def counted(path, *args):
        stems.append(path.stem)
        return real(path, *args)

    monkeypatch.setattr(kb_library, "load_document", counted)
    return stems


def doc_ids(handle, q):
    return [r.doc_id for r in search(handle, q, page_size=50).results]


def generation_files(index_dir):
    folder = index_dir / "current"
    meta = json.loads((folder / "meta.json").read_text())
    offline = json.loads((folder / OFFLINE_FILE).read_text())
    for data in (meta, offline):
        for key in ("generation", "built_at", "content_commit"):
            data.pop(key)
    for entry in meta["documents"].values():
        entry.pop("ordinal")
    return meta, offline, json.loads((folder / OUTLINES_FILE).read_text())


def assert_same_as_full_build(guidance, index_dir, tmp_path):
    """The incremental generation's meta, offline index and outlines equal a
    full build's."""
    fresh = tmp_path / "fresh-index"
    shutil.rmtree(fresh, ignore_errors=True)
    build_index(guidance, fresh, full=True)
    assert generation_files(index_dir) == generation_files(fresh)


def test_same_size_edit_with_the_mtime_put_back_is_indexed(
        guidance, index_dir, open_handle, settled, parsed):
    path = guidance / "practice-notes" / "county-lines.md"
    build_index(guidance, index_dir, full=True)
    before = path.stat()
    time.sleep(TICK)
    text = path.read_text()
    path.write_text(text.replace("gangs move drugs", "gangs move goods"))
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed.clear()
    summary = build_index(guidance, index_dir)
    assert (summary.added, summary.updated, summary.removed) == (0, 1, 0)
    assert parsed == ["county-lines"]
    handle = open_handle(index_dir)
    assert doc_ids(handle, "goods") == ["county-lines"]


def test_an_untouched_library_is_not_read_again(guidance, index_dir, settled, parsed):
    build_index(guidance, index_dir, full=True)
    parsed.clear()
    summary = build_index(guidance, index_dir)
    assert not summary.changed and parsed == []


def test_a_touched_file_with_the_same_bytes_changes_nothing(
        guidance, index_dir, settled, parsed):
    build_index(guidance, index_dir, full=True)
    time.sleep(TICK)
    (guidance / "practice-notes" / "legal-note.md").touch()
    parsed.clear()
    summary = build_index(guidance, index_dir)
    assert not summary.changed and parsed == []


def test_add_delete_rename_and_edit_in_one_build(guidance, index_dir, open_handle,
                                                 tmp_path, settled):
    build_index(guidance, index_dir, full=True)
    notes = guidance / "practice-notes"
    write_doc(guidance, "new-note", "Begging and forced labour",
              "## Begging {#begging}\n\nChildren forced to beg in the street.\n")
    (notes / "legal-note.md").unlink()
    os.rename(notes / "county-lines.md", guidance / "county-lines.md")
    missing = notes / "missing-child.md"
    missing.write_text(missing.read_text().replace("photograph", "photographs"))
    summary = build_index(guidance, index_dir)
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    handle = open_handle(index_dir)
    assert doc_ids(handle, "begging") == ["new-note"]
    assert doc_ids(handle, "cuckooing gangs") == ["county-lines"]
    assert "legal-note" not in doc_ids(handle, "prosecuted")
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_renamed_file_keeps_its_document(guidance, index_dir, open_handle, tmp_path):
    build_index(guidance, index_dir, full=True)
    notes = guidance / "practice-notes"
    (guidance / "moved").mkdir()
    os.rename(notes / "legal-note.md", guidance / "moved" / "legal-note.md")
    summary = build_index(guidance, index_dir)
    assert (summary.added, summary.removed) == (0, 0)
    assert doc_ids(open_handle(index_dir), "prosecuted") == ["legal-note"]
    sources = json.loads((index_dir / "current" / SOURCES_FILE).read_text())
    assert "moved/legal-note.md" in sources["files"] or not summary.changed
    moved = guidance / "moved" / "legal-note.md"
    moved.write_text(moved.read_text().replace("Running", "Smuggling"))
    summary = build_index(guidance, index_dir)
    assert summary.updated == 1
    assert doc_ids(open_handle(index_dir), "smuggling") == ["legal-note"]
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_superseding_documents_new_title_reaches_the_old_ones_row(
        guidance, index_dir, tmp_path):
    """successor_title depends on another document: the unchanged
    'old-missing-guidance' row must show the new title."""
    build_index(guidance, index_dir, full=True)
    path = guidance / "practice-notes" / "missing-child.md"
    path.write_text(path.read_text().replace("title: When a child goes missing",
                                             "title: A child has gone missing"))
    build_index(guidance, index_dir)
    meta = json.loads((index_dir / "current" / "meta.json").read_text())
    assert meta["documents"]["old-missing-guidance"]["successor_title"] \
        == "A child has gone missing"
    assert meta["best_bets"][0]["sections"][0]["title"] == "A child has gone missing"
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_best_bet_to_an_unchanged_document_is_resolved(guidance, index_dir,
                                                         tmp_path):
    build_index(guidance, index_dir, full=True)
    bets = guidance / "best-bets.yml"
    bets.write_text(bets.read_text() + "  - title: Exploitation\n"
                    "    queries: [county lines]\n"
                    "    sections: [county-lines#signs, legal-note]\n")
    summary = build_index(guidance, index_dir)
    assert summary.changed
    meta = json.loads((index_dir / "current" / "meta.json").read_text())
    targets = [(t["doc_id"], t["anchor"], t["number"])
               for t in meta["best_bets"][1]["sections"]]
    assert targets == [("county-lines", "signs", "2"), ("legal-note", "", "")]
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_file_with_errors_is_left_out_then_indexed_once_fixed(
        guidance, index_dir, open_handle, tmp_path):
    build_index(guidance, index_dir, full=True)
    path = write_doc(guidance, "fixed-later", "Forced begging",
                     "## Begging {#begging}\n\nChildren forced to beg.\n")
    good = path.read_text()
    path.write_text(good.replace("status: current", "status: nonsense"))
    summary = build_index(guidance, index_dir)
    assert summary.skipped == 1 and summary.added == 0
    path.write_text(good)
    summary = build_index(guidance, index_dir)
    assert summary.skipped == 0 and summary.added == 1
    assert doc_ids(open_handle(index_dir), "begging") == ["fixed-later"]
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_duplicate_id_follows_path_order_and_the_other_returns(
        guidance, index_dir, open_handle, tmp_path):
    """As a full load does: the first file in path order keeps the id; when
    it goes, the file it pushed out is indexed again."""
    build_index(guidance, index_dir, full=True)
    first = guidance / "a-first" / "legal-note.md"
    first.parent.mkdir()
    original = guidance / "practice-notes" / "legal-note.md"
    first.write_text(original.read_text().replace("Running drugs is a sign",
                                                  "Carrying parcels is a sign"))
    summary = build_index(guidance, index_dir)
    assert summary.skipped == 1 and summary.updated == 1
    assert doc_ids(open_handle(index_dir), "parcels") == ["legal-note"]
    assert_same_as_full_build(guidance, index_dir, tmp_path)
    first.unlink()
    summary = build_index(guidance, index_dir)
    assert summary.skipped == 0 and summary.updated == 1
    assert doc_ids(open_handle(index_dir), "parcels") == []
    assert_same_as_full_build(guidance, index_dir, tmp_path)


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
@pytest.mark.parametrize("part", [SOURCES_FILE, OFFLINE_FILE])
def test_a_lost_record_means_parsing_everything_with_no_loss(
        guidance, index_dir, tmp_path, parsed, part, damage):
    build_index(guidance, index_dir, full=True)
    target = (index_dir / "current" / part).resolve()
    target.unlink()  # the generation is a copy: never write through a link
    # As a version before checksums left it: with them, any change to a
    # generation is damage, rebuilt in full (tests/hardening/test_damaged_index.py).
    (target.parent / checksums.CHECKSUMS_FILE).unlink()
    if damage == "corrupt":
        target.write_text('{"format": 1, "files": {"x": [')
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    parsed.clear()
    summary = build_index(guidance, index_dir)
    assert (summary.added, summary.updated, summary.removed) == (0, 1, 0)
    assert len(parsed) == 5
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_corrupt_stat_cache_loses_nothing(guidance, index_dir, tmp_path, settled):
    build_index(guidance, index_dir, full=True)
    (index_dir / STAT_CACHE).write_bytes(b"garbage" * 1000)
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    summary = build_index(guidance, index_dir)
    assert summary.updated == 1
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_vocabulary_change_checks_every_file_again(guidance, index_dir, parsed):
    build_index(guidance, index_dir, full=True)
    vocabulary = guidance / "vocabulary.yml"
    text = vocabulary.read_text()
    assert "  scotland:" in text
    vocabulary.write_text("\n".join(line for line in text.splitlines()
                                    if not line.startswith("  scotland:")) + "\n")
    parsed.clear()
    summary = build_index(guidance, index_dir)
    assert len(parsed) == 5
    assert summary.removed == 1 and summary.skipped == 1  # legal-note: scotland


def test_an_edit_writes_the_record_of_what_it_was_built_from(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    sources = json.loads((index_dir / "current" / SOURCES_FILE).read_text())
    assert sources["files"]["practice-notes/legal-note.md"][0] == "legal-note"
    assert len(sources["files"]) == 5
    assert sources["format"] == changes_module.SOURCES_FORMAT


def test_a_generation_that_disagrees_with_its_meta_is_never_swapped_in(
        guidance, index_dir, monkeypatch):
    build_index(guidance, index_dir, full=True)
    real = writing.section_entries
    monkeypatch.setattr(writing, "section_entries", lambda *args: list(real(*args))[1:])
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    with pytest.raises(BuildError, match="sections instead of"):
        build_index(guidance, index_dir)
    assert os.readlink(index_dir / "current") == "gen-000001"
    assert [p.name for p in generations(index_dir)] == ["gen-000001"]


def segment_count(folder, indexname=None):
    storage = FileStorage(str(folder))
    ix = storage.open_index(indexname) if indexname else storage.open_index()
    try:
        return len(ix._segments())
    finally:
        ix.close()


def test_repeated_edits_drop_the_segments_they_emptied(guidance, index_dir,
                                                       open_handle):
    build_index(guidance, index_dir, full=True)
    path = guidance / "practice-notes" / "county-lines.md"
    for n in range(4):
        path.write_text(path.read_text() + f"\nEdit number {n} about smuggling.\n")
        build_index(guidance, index_dir)
        folder = index_dir / "current"
        assert segment_count(folder) == 2  # the full build's, and this edit's
        assert segment_count(folder, DOCUMENT_INDEX) == 2
    assert doc_ids(open_handle(index_dir), "smuggling") == ["county-lines"]


def test_small_segments_are_merged_once_there_are_enough(guidance, index_dir,
                                                         open_handle):
    build_index(guidance, index_dir, full=True)
    counts = []
    for n in range(writing.EDIT_SEGMENTS + 2):
        write_doc(guidance, f"note-{n}", f"Note {n}",
                  f"## Part {{#part}}\n\nSmuggling note {n}.\n")
        build_index(guidance, index_dir)
        counts.append(segment_count(index_dir / "current"))
    assert max(counts) <= writing.EDIT_SEGMENTS and counts[-1] < max(counts)
    edits = writing.EDIT_SEGMENTS + 2
    assert len(doc_ids(open_handle(index_dir), "smuggling")) == edits


def test_a_build_by_other_code_is_not_trusted(guidance, index_dir, monkeypatch,
                                              parsed):
    """Rows kept from a generation must be the rows this code would make."""
    build_index(guidance, index_dir, full=True)
    parsed.clear()
    assert not build_index(guidance, index_dir).changed and parsed == []
    monkeypatch.setattr(changes_module, "code_hash", lambda: "other code")
    summary = build_index(guidance, index_dir)
    assert len(parsed) == 5 and summary.changed  # a new record of the files
    assert (summary.added, summary.updated, summary.removed) == (0, 0, 0)
    parsed.clear()
    assert not build_index(guidance, index_dir).changed and parsed == []


def test_a_meta_json_laid_out_otherwise_is_read_whole(guidance, index_dir, tmp_path,
                                                      parsed):
    """As an older version wrote it: indented. Nothing is lost or parsed again."""
    build_index(guidance, index_dir, full=True)
    meta = (index_dir / "current" / "meta.json").resolve()
    data = json.loads(meta.read_text())
    meta.unlink()
    (meta.parent / checksums.CHECKSUMS_FILE).unlink()  # older versions wrote none
    meta.write_text(json.dumps(data, indent=1))
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    parsed.clear()
    assert build_index(guidance, index_dir).updated == 1
    assert parsed == ["county-lines"]
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_removing_a_successor_clears_the_kept_rows_that_named_it(
        guidance, index_dir, tmp_path):
    build_index(guidance, index_dir, full=True)
    (guidance / "practice-notes" / "missing-child.md").unlink()
    bets = guidance / "best-bets.yml"
    bets.write_text(bets.read_text().replace("missing-child#call-police",
                                             "county-lines#signs"))
    build_index(guidance, index_dir)
    meta = json.loads((index_dir / "current" / "meta.json").read_text())
    assert meta["documents"]["old-missing-guidance"]["successor_title"] is None
    assert_same_as_full_build(guidance, index_dir, tmp_path)


def test_a_duplicate_id_follows_path_order_part_by_part(guidance, index_dir,
                                                       open_handle, tmp_path):
    """"practice-notes/..." comes before "practice-notes-old/..." as paths
    compare (part by part), though not as strings ('-' sorts before '/')."""
    build_index(guidance, index_dir, full=True)
    copy = guidance / "practice-notes-old" / "legal-note.md"
    copy.parent.mkdir()
    original = guidance / "practice-notes" / "legal-note.md"
    copy.write_text(original.read_text().replace("Running drugs is a sign",
                                                 "Carrying parcels is a sign"))
    summary = build_index(guidance, index_dir)
    assert summary.skipped == 1 and not summary.updated
    assert doc_ids(open_handle(index_dir), "parcels") == []
    assert_same_as_full_build(guidance, index_dir, tmp_path)
