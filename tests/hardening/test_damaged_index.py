"""Issue 27, item 4: a damaged index says so, and ``kb index`` repairs it.

Random bytes are written into the live segment of a real index, as a disk
fault or a stray copy would leave it. ``/healthz`` must answer 503 naming the
file within one poll, searches must fail with the index's own 503 page (the
damage logged once, with the file, not once per request), and ``kb index``
must find the damage, even when the file's size and time were kept, and
build the index again.
"""

from __future__ import annotations

import json
import logging
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import checksums
from indexer.build.builder import build_index
from indexer.generations import current_folder
from kbcli.main import main
from tests.hardening.conftest import make_site
from tests.hardening.library import STABLE_QUERY, make_library, write_document

QUERIES = [STABLE_QUERY, "child trafficking", "passport", "county lines drugs",
           "age assessment", "airport police", "missing child danger",
           "national referral mechanism", "exploitation", "first responder"]


@pytest.fixture
def library(tmp_path) -> tuple[Path, Path]:
    guidance = make_library(tmp_path / "guidance")
    build_index(guidance, tmp_path / "index", full=True)
    return guidance, tmp_path / "index"


def segment(index_dir: Path) -> Path:
    """The section index's segment: the file every search reads."""
    return next(current_folder(index_dir).glob("MAIN_*.seg"))


def damage(path: Path, keep_time: bool = False) -> None:
    """64 KB of random bytes over the middle of ``path`` (or all of it, if it
    is smaller), its size unchanged."""
    info = path.stat()
    size = min(64 * 1024, info.st_size // 2)
    with open(path, "r+b") as handle:
        handle.seek((info.st_size - size) // 2)
        handle.write(random.Random(27).randbytes(size))
    if keep_time:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_build_records_every_file(library):
    folder = current_folder(library[1])
    assert checksums.verify(folder) == []
    recorded = (folder / checksums.CHECKSUMS_FILE).read_text()
    assert segment(library[1]).name in recorded


def test_healthz_names_the_damaged_file_within_one_poll(library):
    client = make_site(*library).test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/search?q={STABLE_QUERY}").status_code == 200
    damage(segment(library[1]))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "damaged"
    assert any(segment(library[1]).name in line for line in body["damaged"])


def test_search_on_a_damaged_segment_fails_clearly_and_logs_once(library, caplog):
    client = make_site(*library).test_client()
    assert client.get(f"/search?q={STABLE_QUERY}").status_code == 200
    damage(segment(library[1]))
    caplog.set_level(logging.INFO)
    statuses = [client.get(f"/search?q={q}&page={page}").status_code
                for q in QUERIES for page in (1, 2)]
    statuses += [client.get(f"/api/search?q={q}").status_code for q in QUERIES]
    assert 500 not in statuses, statuses
    assert 503 in statuses, "the damage never reached a search: damage more"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    assert segment(library[1]).name in errors[0]


def test_kb_index_finds_damage_that_kept_size_and_time_and_rebuilds(library):
    guidance, index_dir = library
    before = current_folder(index_dir)
    damage(segment(index_dir), keep_time=True)
    result = CliRunner().invoke(main, ["index", "--guidance", str(guidance),
                                       "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Repaired" in result.output and ".seg" in result.output, result.output
    after = current_folder(index_dir)
    assert after != before
    assert checksums.verify(after) == []
    client = make_site(guidance, index_dir).test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/search?q={STABLE_QUERY}").status_code == 200


def test_kb_index_on_a_sound_index_changes_nothing(library):
    guidance, index_dir = library
    before = current_folder(index_dir)
    result = CliRunner().invoke(main, ["index", "--guidance", str(guidance),
                                       "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "already up to date" in result.output
    assert current_folder(index_dir) == before


def test_an_index_from_before_checksums_gets_them_from_kb_index(library):
    guidance, index_dir = library
    (current_folder(index_dir) / checksums.CHECKSUMS_FILE).unlink()
    client = make_site(guidance, index_dir).test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert checksums.CHECKSUMS_FILE in health.get_json()["damaged"][0]
    result = CliRunner().invoke(main, ["index", "--guidance", str(guidance),
                                       "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Repaired" not in result.output  # built on, not rebuilt
    assert checksums.verify(current_folder(index_dir)) == []
    assert client.get("/healthz").status_code == 200


def test_an_edit_hashes_only_what_it_wrote(library):
    """An incremental build links the unchanged segments: their digests are
    taken from the generation just verified, and every digest is right."""
    guidance, index_dir = library
    before = current_folder(index_dir)
    old = json.loads((before / checksums.CHECKSUMS_FILE).read_text())["files"]
    write_document(guidance, "new-note", "A new note", text="Ask for an interpreter.")
    summary = build_index(guidance, index_dir)
    assert summary.added == 1 and not summary.full
    after = current_folder(index_dir)
    assert checksums.verify(after) == []
    new = json.loads((after / checksums.CHECKSUMS_FILE).read_text())["files"]
    linked = [n for n in new if n in old and n.endswith(".seg")]
    assert linked and all(new[n] == old[n] for n in linked)


@pytest.mark.parametrize("text", ["{not json", '{"algorithm": "sha256", "files": []}',
                                  '{"algorithm": "sha256", "files": {"x": {}}}',
                                  '{"algorithm": "md5", "files": {}}'])
def test_a_damaged_checksums_file_is_itself_named(library, text):
    folder = current_folder(library[1])
    (folder / checksums.CHECKSUMS_FILE).write_text(text)
    response = make_site(*library).test_client().get("/healthz")
    assert response.status_code == 503
    assert checksums.CHECKSUMS_FILE in response.get_json()["damaged"][0]
