import shutil
from pathlib import Path

import pytest

from tests.kb.helpers import git, write_doc

VOCABULARY = Path(__file__).parent / "broken" / "vocabulary.yml"


@pytest.fixture
def guidance(tmp_path) -> Path:
    root = tmp_path / "guidance"
    root.mkdir()
    shutil.copy(VOCABULARY, root / "vocabulary.yml")
    return root


@pytest.fixture
def repo(guidance) -> Path:
    """A git repository whose guidance/ folder has one committed document."""
    top = guidance.parent
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    write_doc(guidance, "note", "## Who can refer {#who-can-refer}\n\nPolice.\n\n"
                                "## Next steps {#next-steps}\n\nWait.\n")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "Add note")
    return guidance
