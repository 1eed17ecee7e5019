"""The benchmark's synthetic library must be a valid library, the same every time."""

import pytest

from bench.generate import generate
from kb.config import guidance_dir
from kb.library import load_library


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("lib") / "guidance", scale=0.1, seed=3)


def test_tiny_library_loads_without_problems(made):
    library, problems = load_library(made.root)
    assert not problems.errors and not problems.warnings, problems.errors
    real, _ = load_library(guidance_dir())
    assert len(library.documents) == made.documents == round(len(real.documents) * 0.1)
    assert sum(len(d.sections) for d in library.documents.values()) == made.sections
    assert len(set(made.synthetic_ids)) == len(made.synthetic_ids)


def test_same_seed_same_library(made, tmp_path):
    again = generate(tmp_path / "guidance", scale=0.1, seed=3)
    files = sorted(p.relative_to(made.root) for p in made.root.rglob("*.md"))
    assert files == sorted(p.relative_to(again.root) for p in again.root.rglob("*.md"))
    assert all((made.root / f).read_text() == (again.root / f).read_text()
               for f in files)
