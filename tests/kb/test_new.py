import datetime as dt
import shutil
from pathlib import Path

import pytest

from kb.check_report import run_check
from kb.library import load_vocabulary
from kb.new import NewDocumentError, new_document
from kb.problems import Problems

VOCABULARY = Path(__file__).parent / "broken" / "vocabulary.yml"
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def root(tmp_path):
    shutil.copy(VOCABULARY, tmp_path / "vocabulary.yml")
    return tmp_path


def test_new_writes_valid_front_matter_with_flagged_placeholders(root):
    vocabulary = load_vocabulary(root / "vocabulary.yml", Problems())
    path = new_document(root, "legislation", "Children Act: 1989", vocabulary, TODAY)
    assert path == root / "legislation" / "children-act-1989.md"
    text = path.read_text()
    assert 'title: "Children Act: 1989"' in text
    assert "reviewed: 2026-11-27" in text
    report = run_check([root], today=TODAY)
    problems = [str(p).split(":", 1)[1] for p in report.problems]
    assert problems == [
        "5: summary: replace the TODO placeholder",
        "12: source.title: replace the TODO placeholder",
        "13: source.publisher: replace the TODO placeholder",
        "14: source.url: replace the TODO placeholder",
        "18: body: replace the TODO placeholder",
    ]


def test_practice_note_has_no_source(root):
    vocabulary = load_vocabulary(root / "vocabulary.yml", Problems())
    path = new_document(root, "practice-note", "A note", vocabulary, TODAY)
    assert "source:" not in path.read_text()
    assert path.parent.name == "practice-notes"


def test_new_never_overwrites(root):
    vocabulary = load_vocabulary(root / "vocabulary.yml", Problems())
    path = new_document(root, "practice-note", "A note", vocabulary, TODAY)
    path.write_text("edited")
    with pytest.raises(NewDocumentError, match="already exists"):
        new_document(root, "practice-note", "A note", vocabulary, TODAY)
    assert path.read_text() == "edited"
