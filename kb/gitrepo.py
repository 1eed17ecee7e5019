"""Read content history from git, safely: no shell, no option injection, and
every git child held to limits of time and memory.

Revisions from addresses (``/doc/<id>/at/<rev>``, ``?from=``, ``?at=``) must be
commit ids, hex as the site links them: git's other revision forms include
``:/<regex>``, whose regex a visitor could make cost gigabytes. Editors at the
command line may also name branches and tags (``kb review main``).
"""

from __future__ import annotations

import datetime as dt
import re
import resource
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# A commit id as the site links it: 4 to 64 hex digits, abbreviated or full.
COMMIT_ID = re.compile(r"^[0-9a-f]{4,64}$")
# What an editor may name at the command line: a commit, tag, branch or ``rev~n``;
# never an option, a range, a path, a ``:/regex`` search or a ``@{...}`` reflog.
SAFE_REVISION = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/~^@-]{1,100}$")
GIT_TIMEOUT = 10  # seconds of wall clock, and of CPU
GIT_MEMORY = 512 << 20  # bytes of address space for one git child
# Git maps pack files in windows of up to 1 GiB; smaller windows keep a large
# repository readable within GIT_MEMORY.
GIT_LIMITS = ("-c", "core.packedGitWindowSize=32m", "-c", "core.packedGitLimit=128m",
              "-c", "core.deltaBaseCacheLimit=32m")
FIELD, RECORD = "\x1f", "\x1e"
LOG_FORMAT = f"--format={RECORD}%H{FIELD}%h{FIELD}%cI{FIELD}%s"


class GitError(RuntimeError):
    """Git is missing, the folder is not a repository, or git refused."""


class UnknownRevision(GitError):  # noqa: N818 (name used by callers)
    """The revision is malformed or git cannot resolve it."""


@dataclass(frozen=True)
class Commit:
    """One commit as people see it: short id, date and subject line."""

    sha: str
    short: str
    date: dt.datetime
    subject: str

    @property
    def day(self) -> dt.date:
        return self.date.date()


def _limit_child() -> None:
    """Run in the git child before exec: a runaway git fails alone, quickly.

    ``preexec_fn`` is safe here: it only calls ``setrlimit`` (no locks, no
    imports), and the site's workers are single-threaded processes.
    """
    resource.setrlimit(resource.RLIMIT_AS, (GIT_MEMORY, GIT_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (GIT_TIMEOUT, GIT_TIMEOUT))


def run_git(folder: Path, *args: str) -> str:
    """Git's output for ``args``; ``GitError`` if it fails or passes its limits."""
    try:
        result = subprocess.run(["git", *GIT_LIMITS, "-C", str(folder), *args],
                                capture_output=True, text=True, timeout=GIT_TIMEOUT,
                                check=False, preexec_fn=_limit_child)
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


def resolve(folder: Path, revision: str, *, names: bool = False) -> str:
    """The full commit id for ``revision``; ``UnknownRevision`` if there is none.

    Only commit ids unless ``names`` (for editors' own commands, never for a
    revision from an address): then also branches, tags and ``rev~n``.
    """
    form = SAFE_REVISION if names else COMMIT_ID
    if not form.match(revision or ""):
        raise UnknownRevision(f"'{revision}' is not a commit id" if not names
                              else f"'{revision}' is not a revision name")
    try:
        return run_git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{revision}^{{commit}}").strip()
    except GitError:
        raise UnknownRevision(f"git cannot find revision '{revision}'") from None


def show(folder: Path, commit: str, path: Path) -> str | None:
    """The text of ``path`` at ``commit``, or None if it did not exist then."""
    top = _top(folder)
    try:
        return run_git(top, "show", f"{commit}:{_relative(top, path)}")
    except GitError:
        return None


def files_at(folder: Path, commit: str) -> list[Path]:
    """Files under ``folder`` that existed at ``commit`` (paths as they are now)."""
    top = _top(folder)
    names = run_git(top, "ls-tree", "-r", "--name-only", commit, "--",
                    _relative(top, folder))
    return [top / name for name in names.splitlines() if name]


def _relative(top: Path, path: Path) -> str:
    return path.resolve().relative_to(top.resolve()).as_posix() or "."


def _top(folder: Path) -> Path:
    top = toplevel(folder)
    if top is None:
        raise GitError("no git history here")
    return top


def _parse_log(output: str) -> list[tuple[Commit, list[str]]]:
    """Records of ``LOG_FORMAT``, each with the file names git listed after it."""
    entries = []
    for record in output.split(RECORD)[1:]:
        header, _, names = record.partition("\n")
        sha, short, date, subject = header.split(FIELD, 3)
        commit = Commit(sha, short, dt.datetime.fromisoformat(date), subject)
        entries.append((commit, [n for n in names.splitlines() if n]))
    return entries


def log(folder: Path, path: Path, limit: int = 200) -> list[Commit]:
    """Commits that touched ``path``, newest first (empty if it was never committed)."""
    top = _top(folder)
    output = run_git(top, "log", LOG_FORMAT, f"--max-count={limit}", "HEAD", "--",
                     _relative(top, path))
    return [commit for commit, _ in _parse_log(output)]


def log_files(folder: Path, limit: int = 50) -> list[tuple[Commit, list[Path]]]:
    """Commits that touched anything under ``folder``, each with the files changed."""
    top = _top(folder)
    output = run_git(top, "log", LOG_FORMAT, "--name-only", f"--max-count={limit}",
                     "HEAD", "--", _relative(top, folder))
    return [(commit, [top / name for name in names])
            for commit, names in _parse_log(output)]


def commit(folder: Path, revision: str, *, names: bool = False) -> Commit:
    """The commit ``revision`` names, with its date; ``UnknownRevision`` if none.

    Only commit ids unless ``names`` (see ``resolve``). Raises plain ``GitError``
    when there is no history at all, so that callers can tell "no such version"
    from "no versions here".
    """
    sha = resolve(_top(folder), revision, names=names)
    return _parse_log(run_git(folder, "log", LOG_FORMAT, "-1", sha))[0][0]


def merge_base(folder: Path, first: str, second: str) -> str:
    """The best common ancestor of two revisions; ``GitError`` if there is none."""
    shas = [resolve(_top(folder), name, names=True) for name in (first, second)]
    return run_git(_top(folder), "merge-base", *shas).strip()


def parent(folder: Path, sha: str) -> str | None:
    """The first parent of a resolved commit, or None for the first commit."""
    try:
        return resolve(folder, f"{sha}^", names=True)
    except UnknownRevision:
        return None


def last_before(folder: Path, day: dt.date) -> str | None:
    """The newest commit made before ``day`` began, or None if there was none."""
    output = run_git(folder, "rev-list", "-1", f"--before={day.isoformat()}T00:00:00",
                     "HEAD")
    return output.strip() or None


def is_modified(folder: Path, path: Path) -> bool:
    """Whether ``path`` differs from the last commit (edited or never committed)."""
    top = _top(folder)
    status = run_git(top, "status", "--porcelain", "--", _relative(top, path))
    return bool(status.strip())
