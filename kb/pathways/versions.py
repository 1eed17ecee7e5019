"""The version of a pathway: the commit that last changed its file.

The same rule as document citations (``kb.history.current_version``): text
edited but not yet committed has no version.
"""

from __future__ import annotations

from kb import gitrepo
from kb.gitrepo import Commit
from kb.pathways.model import Pathway


def current_version(pathway: Pathway) -> Commit | None:
    """The commit holding the served file; None if uncommitted or without git."""
    folder = pathway.path.parent
    try:
        if gitrepo.is_modified(folder, pathway.path):
            return None
        commits = gitrepo.log(folder, pathway.path, limit=1)
    except gitrepo.GitError:
        return None
    return commits[0] if commits else None
