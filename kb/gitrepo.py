"""Read content history from git, safely: no shell, no option injection."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

SAFE_REVISION = re.compile(r"^(?!-)[A-Za-z0-9._/~^@{}:-]{1,100}$")
GIT_TIMEOUT = 10


class GitError(RuntimeError):
    """Git is missing, the folder is not a repository, or git refused."""


class UnknownRevision(GitError):
    """The revision is malformed or git cannot resolve it."""


def run_git(folder: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                text=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git failed: {exc}") from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


@lru_cache(maxsize=64)
def toplevel(folder: Path) -> Path | None:
    """The repository holding ``folder``, or None when there is no git history."""
    try:
        return Path(run_git(folder, "rev-parse", "--show-toplevel").strip())
    except GitError:
        return None


def resolve(folder: Path, revision: str) -> str:
    """The full commit id for ``revision``; ``UnknownRevision`` if there is none."""
    if not SAFE_REVISION.match(revision or ""):
        raise UnknownRevision(f"'{revision}' is not a revision name")
    try:
        return run_git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{revision}^{{commit}}").strip()
    except GitError:
        raise UnknownRevision(f"git cannot find revision '{revision}'") from None


def show(folder: Path, commit: str, path: Path) -> str | None:
    """The text of ``path`` at ``commit``, or None if it did not exist then."""
    top = toplevel(folder)
    if top is None:
        raise GitError("no git history here")
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    try:
        return run_git(top, "show", f"{commit}:{relative}")
    except GitError:
        return None


def files_at(folder: Path, commit: str) -> list[Path]:
    """Files under ``folder`` that existed at ``commit`` (paths as they are now)."""
    top = toplevel(folder)
    if top is None:
        raise GitError("no git history here")
    relative = folder.resolve().relative_to(top.resolve()).as_posix() or "."
    names = run_git(top, "ls-tree", "-r", "--name-only", commit, "--", relative)
    return [top / name for name in names.splitlines() if name]
