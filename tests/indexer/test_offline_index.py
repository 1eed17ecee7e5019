"""The offline search index that ``kb index`` writes beside the Whoosh index."""

from __future__ import annotations

import gzip
import json

from indexer.build.builder import build_index
from indexer.build.offline import (
    OFFLINE_FILE,
    TEXT_CHARS,
    offline_index_path,
    short_text,
)
from tests.web.conftest import write_small_guidance


def read(index_dir):
    return json.loads(offline_index_path(index_dir).read_text("utf-8"))


def test_written_with_each_generation(tmp_path):
    guidance = write_small_guidance(tmp_path / "guidance")
    glossary = guidance / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8")
                        + "    documents: [new-note]\n", "utf-8")
    first = build_index(guidance, tmp_path / "index", full=True)
    data = read(tmp_path / "index")
    assert data["generation"] == first.generation
    ids = [doc[0] for doc in data["documents"]]
    assert ids == ["key-contacts-and-helplines", "new-note", "old-note"]
    anchors = {(ids[s[0]], s[1]) for s in data["sections"]}
    assert ("new-note", "who-can-refer") in anchors
    assert len(data["sections"]) == first.sections
    note = data["documents"][ids.index("new-note")]
    assert "National Referral Mechanism" in note[4]  # glossary expansion
    queries, targets = data["best_bets"][0]
    assert "call 999" in queries
    assert [ids[targets[0][0]], targets[0][1]] == ["key-contacts-and-helplines",
                                                   "emergency"]

    note_path = guidance / "practice-notes" / "new-note.md"
    note_path.write_text(note_path.read_text("utf-8").replace(
        "Wait for the decision.", "Wait for the conclusive grounds decision."), "utf-8")
    second = build_index(guidance, tmp_path / "index")
    data = read(tmp_path / "index")
    assert data["generation"] == second.generation > first.generation
    assert any("conclusive grounds" in s[4] for s in data["sections"])
    assert (tmp_path / "index" / "current" / OFFLINE_FILE).is_file()


def test_holds_no_urls(tmp_path):
    guidance = write_small_guidance(tmp_path / "guidance")
    build_index(guidance, tmp_path / "index", full=True)
    text = offline_index_path(tmp_path / "index").read_text("utf-8")
    assert "/doc/" not in text


def test_short_text_cuts_at_a_word():
    text = "word " * 200
    cut = short_text(text)
    assert len(cut) <= TEXT_CHARS + 1 and cut.endswith("word…")
    assert short_text("  a  short\ntext ") == "a short text"


def test_real_library_fits_on_a_phone(tmp_path):
    from tests.web.conftest import REAL_GUIDANCE

    build_index(REAL_GUIDANCE, tmp_path / "index", full=True)
    raw = offline_index_path(tmp_path / "index").read_bytes()
    assert len(gzip.compress(raw)) <= 1024 * 1024
