"""Full and incremental builds into a real Whoosh index in tmp_path."""

import json
import os

import pytest

from indexer.build.builder import BuildError, build_index
from indexer.generations import current_folder, generations
from indexer.search.query import search
from kb import library
from kbcli.main import ProgressBar
from tests.indexer.helpers import write_doc


def doc_ids(handle, q):
    return [r.doc_id for r in search(handle, q, page_size=50).results]


def test_full_build_writes_a_generation_and_meta(guidance, index_dir):
    summary = build_index(guidance, index_dir, full=True)
    assert (summary.added, summary.updated, summary.removed) == (5, 0, 0)
    assert str(summary).startswith("Full rebuild: 5 added, 0 updated, 0 removed in ")
    assert os.readlink(index_dir / "current") == "gen-000001"
    meta = json.loads((index_dir / "current" / "meta.json").read_text())
    assert meta["generation"] == 1 and meta["document_count"] == 5
    assert meta["section_count"] == 8 and meta["content_commit"] is None
    entry = meta["documents"]["old-missing-guidance"]
    assert entry["superseded_by"] == "missing-child"
    assert entry["successor_title"] == "When a child goes missing"
    assert entry["content_hash"] and entry["status"] == "superseded"
    assert meta["labels"]["audience"]["police"] == "Police and law enforcement"
    assert meta["glossary"][0]["term"] == "NRM"
    assert meta["best_bets"][0]["sections"][0]["anchor"] == "call-police"


def test_incremental_adds_changes_and_removes_only_what_changed(
        guidance, index_dir, open_handle):
    build_index(guidance, index_dir, full=True)
    handle = open_handle(index_dir)
    write_doc(guidance, "new-note", "Begging and forced labour",
              "## Begging {#begging}\n\nChildren forced to beg in the street.\n")
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    (guidance / "practice-notes" / "legal-note.md").unlink()
    summary = build_index(guidance, index_dir)
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    assert not summary.full and summary.generation == 2
    assert doc_ids(handle, "begging") == ["new-note"]
    assert doc_ids(handle, "cuckooing") == ["county-lines"]
    assert doc_ids(handle, "gangs") == []
    assert "legal-note" not in doc_ids(handle, "prosecuted")
    assert handle.doc_count == 5 and handle.generation == 2


def test_unchanged_library_makes_no_new_generation(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    summary = build_index(guidance, index_dir)
    assert not summary.changed and summary.generation == 1
    assert str(summary).startswith("Index already up to date: 0 added")
    assert [p.name for p in generations(index_dir)] == ["gen-000001"]


def test_glossary_change_reindexes_the_documents_it_names(guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    glossary = guidance / "glossary.yml"
    glossary.write_text(glossary.read_text().replace(
        "synonyms: []\n    documents: [nrm-referral]",
        "synonyms: [slavery referral]\n    documents: [nrm-referral]"))
    summary = build_index(guidance, index_dir)
    assert summary.updated == 1 and summary.added == summary.removed == 0


def test_glossary_change_keeps_the_text_of_documents_it_names(guidance, index_dir,
                                                              open_handle):
    """The file did not change, so the build does not parse it for its meta
    and offline rows: it must read it before indexing it again."""
    build_index(guidance, index_dir, full=True)
    build_index(guidance, index_dir)  # from now on the cache knows every file
    glossary = guidance / "glossary.yml"
    glossary.write_text(glossary.read_text().replace(
        "synonyms: []\n    documents: [nrm-referral]",
        "synonyms: [slavery referral]\n    documents: [nrm-referral]"))
    assert build_index(guidance, index_dir).updated == 1
    handle = open_handle(index_dir)
    assert doc_ids(handle, "first responder") == ["nrm-referral"]
    assert doc_ids(handle, '"slavery referral"') == ["nrm-referral"]


def test_an_edit_parses_only_the_changed_file(guidance, index_dir, monkeypatch):
    build_index(guidance, index_dir, full=True)
    parsed = []
    real = library.load_document

    def counted(path, *args):
        parsed.append(path.stem)
        return real(path, *args)

    monkeypatch.setattr(library, "load_document", counted)
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    assert build_index(guidance, index_dir).updated == 1
    assert parsed == ["county-lines"]


def test_an_update_links_unchanged_files_and_leaves_the_old_generation_as_it_was(
        guidance, index_dir):
    build_index(guidance, index_dir, full=True)
    old = current_folder(index_dir)
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in old.iterdir()}
    write_doc(guidance, "county-lines", "County lines",
              "## What it is {#what-it-is}\n\nDeal lines and cuckooing.\n")
    build_index(guidance, index_dir)
    new = current_folder(index_dir)
    assert new != old
    after = {p.name: (p.stat().st_ino, p.read_bytes()) for p in old.iterdir()}
    assert {k: v for k, v in after.items() if k != ".retired"} == before
    segments = [n for n in before if n.endswith(".seg")]
    assert segments and all((new / n).stat().st_ino == before[n][0] for n in segments)


def test_first_incremental_build_is_a_full_one(guidance, index_dir):
    summary = build_index(guidance, index_dir)
    assert summary.full and summary.added == 5


def test_full_build_swaps_current_and_retires_the_old_one(
        guidance, index_dir, open_handle):
    build_index(guidance, index_dir, full=True)
    handle = open_handle(index_dir)
    old = current_folder(index_dir)
    summary = build_index(guidance, index_dir, full=True)
    assert summary.full and summary.updated == 5 and summary.generation == 2
    assert current_folder(index_dir) != old and (old / ".retired").exists()
    assert handle.generation == 2 and doc_ids(handle, "cuckoo") == []
    assert doc_ids(handle, "drugs")


def test_retired_generations_are_removed_after_the_grace_period(
        guidance, index_dir, monkeypatch):
    monkeypatch.setattr("indexer.generations.GRACE_SECONDS", 0.0)
    for _ in range(3):
        build_index(guidance, index_dir, full=True)
    assert [p.name for p in generations(index_dir)] == ["gen-000002", "gen-000003"]


def test_not_a_guidance_folder_is_a_clear_error(tmp_path, index_dir):
    with pytest.raises(BuildError, match=r"has no vocabulary\.yml"):
        build_index(tmp_path, index_dir)


def test_a_folder_without_valid_documents_is_a_clear_error(guidance, index_dir):
    for path in (guidance / "practice-notes").iterdir():
        path.unlink()
    with pytest.raises(BuildError, match="No valid documents found"):
        build_index(guidance, index_dir)


def test_progress_callback_hears_each_document(guidance, index_dir):
    calls = []
    summary = build_index(guidance, index_dir, full=True,
                          progress=lambda done, total: calls.append((done, total)))
    assert summary.added == 5
    assert calls == [(n, 5) for n in range(1, 6)]


def test_progress_bar_does_not_change_the_result(guidance, index_dir, capsys):
    summary = build_index(guidance, index_dir, full=True, progress=ProgressBar())
    assert summary.added == 5
    assert "Indexing" in capsys.readouterr().err


def test_summary_counts_only_files_left_out(guidance, index_dir):
    write_doc(guidance, "broken-link", "Broken link",
              "## Links {#links}\n\nSee [gone](gone.md).\n")
    (guidance / "practice-notes" / "no-title.md").write_text("---\nid: no-title\n---\n")
    summary = build_index(guidance, index_dir, full=True)
    assert summary.skipped == 1
    assert "1 file(s) with errors left out" in str(summary)


def test_parallel_full_build_finds_the_same_sections(guidance, tmp_path,
                                                      monkeypatch):
    from indexer.build import writing
    from indexer.search.query import open_searcher_index

    single = tmp_path / "single"
    build_index(guidance, single, full=True)
    monkeypatch.setattr(writing, "PARALLEL_MIN_DOCUMENTS", 2)
    assert writing._build_processes(5) == min(2, len(os.sched_getaffinity(0)))
    parallel = tmp_path / "parallel"
    summary = build_index(guidance, parallel, full=True)
    assert summary.added == 5
    for q in ("county lines", "missing child", "prosecution"):
        one = search(open_searcher_index(single), q)
        two = search(open_searcher_index(parallel), q)
        assert [r.doc_id for r in one.results] == \
               [r.doc_id for r in two.results]
        assert one.total == two.total > 0
