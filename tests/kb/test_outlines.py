"""Outlines: the library without its documents' text, read again only where
files changed, holding the same documents as ``load_library``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kb.library import load_library
from kb.outlines import Outlines, load_frame, outline
from kb.problems import Problems
from tests.kb.helpers import write_doc

REAL_GUIDANCE = Path(__file__).resolve().parents[2] / "guidance"
BODY = "Lead text.\n\n## Who can refer {#who-can-refer}\n\nPolice.\n\n" \
       "### After {#after}\n\nWait.\n"


def read(guidance: Path, outlines: Outlines | None = None):
    problems = Problems()
    outlines = outlines or Outlines()
    return outlines.read(load_frame(guidance, problems), problems), problems


def test_outline_keeps_headings_and_metadata_but_no_text(guidance):
    write_doc(guidance, "note", BODY, extra="keywords: [referral]\n")
    full = load_library(guidance)[0].get("note")
    kept = outline(full)
    assert [(s.anchor, s.number, s.heading, s.level, s.line) for s in kept.sections] \
        == [(s.anchor, s.number, s.heading, s.level, s.line) for s in full.sections]
    assert (kept.title, kept.keywords, kept.content_hash, kept.review_due) == \
        (full.title, full.keywords, full.content_hash, full.review_due)
    assert kept.body == "" and all(s.text == s.markdown == "" for s in kept.sections)
    assert kept.section("who-can-refer").heading == "Who can refer"
    assert full.section("who-can-refer").text == "Police."  # the original is intact


def test_the_real_library_has_the_same_documents_as_a_full_load():
    library, _ = load_library(REAL_GUIDANCE)
    outlined, problems = read(REAL_GUIDANCE)
    assert sorted(outlined.documents) == sorted(library.documents)
    assert not problems.errors
    for doc_id, doc in library.documents.items():
        assert outlined.documents[doc_id] == outline(doc)
    assert outlined.pathways.keys() == library.pathways.keys()
    assert outlined.best_bets == library.best_bets
    assert outlined.glossary == library.glossary


def test_invalid_and_duplicate_documents_are_left_out_as_by_load_library(guidance):
    write_doc(guidance, "good", BODY)
    write_doc(guidance, "broken", BODY, extra="status: nonsense-status\n")
    (guidance / "copy.md").write_text((guidance / "good.md").read_text())
    outlined, problems = read(guidance)
    library, found = load_library(guidance, across=False)
    assert sorted(outlined.documents) == sorted(library.documents) == ["good"]
    assert sorted(map(str, problems.errors)) == sorted(map(str, found.errors))


def test_reading_again_parses_only_changed_files(guidance):
    for name in ("one", "two", "three"):
        write_doc(guidance, name, BODY)
    outlines = Outlines()
    read(guidance, outlines)
    assert outlines.parsed == 3
    read(guidance, outlines)
    assert outlines.parsed == 0
    write_doc(guidance, "two", BODY, title="A new title for two")
    (guidance / "three.md").unlink()
    library, _ = read(guidance, outlines)
    assert outlines.parsed == 1
    assert sorted(library.documents) == ["one", "two"]
    assert library.get("two").title == "A new title for two"


def test_a_changed_vocabulary_parses_every_file_again(guidance):
    for name in ("one", "two"):
        write_doc(guidance, name, BODY)
    outlines = Outlines()
    read(guidance, outlines)
    vocabulary = guidance / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text() + "\n# edited\n")
    stat = vocabulary.stat()
    os.utime(vocabulary, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    read(guidance, outlines)
    assert outlines.parsed == 2


def test_the_frame_reads_no_document(tmp_path):
    guidance = tmp_path / "guidance"
    shutil.copytree(REAL_GUIDANCE, guidance)
    for path in guidance.rglob("*.md"):
        if path.name != "README.md":
            path.write_text("not a document", "utf-8")  # would be errors if read
    problems = Problems()
    frame = load_frame(guidance, problems)
    assert frame.documents == {}
    assert frame.pathways and frame.best_bets and frame.glossary
    assert not problems.errors
