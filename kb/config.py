"""Where content and the index live: the one place every command and the site ask.

The precedence, highest first (README, "Settings"):

1. an explicit value: a command-line option, or the site's ``test_config``;
2. the environment: ``KB_GUIDANCE_DIR`` and ``KB_INDEX_DIR``;
3. the checkout around the current directory: the nearest folder at or above it
   holding ``guidance/vocabulary.yml``, as git finds ``.git``; the index lives in
   ``var/index`` beside that guidance folder.

The third rule follows the editor, not the installed code, so ``kb`` run in a
second checkout reads and writes that checkout, never the first.
"""

from __future__ import annotations

import os
from pathlib import Path

from kb.library import VOCABULARY_FILE

GUIDANCE_ENV = "KB_GUIDANCE_DIR"
INDEX_ENV = "KB_INDEX_DIR"
GUIDANCE_FOLDER = "guidance"
INDEX_FOLDER = Path("var") / "index"

# The source tree this code sits in: for tests and tools that read files kept
# beside the code (the relevance set, fixtures). Never a default for content.
REPO_ROOT = Path(__file__).resolve().parent.parent


class GuidanceNotFoundError(RuntimeError):
    """No guidance folder in the environment or around the current directory."""


def guidance_dir(start: Path | None = None) -> Path:
    """The guidance folder: ``KB_GUIDANCE_DIR``, else found from ``start`` upward."""
    from_env = os.environ.get(GUIDANCE_ENV)
    if from_env:
        return Path(from_env)
    return find_guidance(start or Path.cwd())


def index_dir(guidance: Path | None = None, start: Path | None = None) -> Path:
    """The index folder: ``KB_INDEX_DIR``, else ``var/index`` beside ``guidance``
    (by default the guidance folder of ``guidance_dir``)."""
    from_env = os.environ.get(INDEX_ENV)
    if from_env:
        return Path(from_env)
    guidance = guidance or guidance_dir(start)
    return guidance.resolve().parent / INDEX_FOLDER


def find_guidance(start: Path) -> Path:
    """The nearest ``guidance/`` holding a vocabulary file, at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / GUIDANCE_FOLDER
        if (candidate / VOCABULARY_FILE).is_file():
            return candidate
    raise GuidanceNotFoundError(
        f"{start}: no {GUIDANCE_FOLDER}/{VOCABULARY_FILE} here or in any folder "
        f"above. Run kb inside a checkout, or set {GUIDANCE_ENV}.")
