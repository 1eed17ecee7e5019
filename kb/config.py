"""Where content and the index live: environment first, then the repository."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def guidance_dir() -> Path:
    return Path(os.environ.get("KB_GUIDANCE_DIR") or REPO_ROOT / "guidance")


def index_dir() -> Path:
    return Path(os.environ.get("KB_INDEX_DIR") or REPO_ROOT / "var" / "index")
