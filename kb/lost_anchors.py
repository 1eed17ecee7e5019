"""``kb check --against REV``: anchors that a trainer's citation would lose."""

from __future__ import annotations

from pathlib import Path

from kb import gitrepo
from kb.frontmatter import FrontMatterError, split
from kb.library import document_paths
from kb.model import Library
from kb.problems import Problems
from kb.sections import SectionError, split_sections


def check_against(library: Library, revision: str, problems: Problems) -> None:
    """Report every anchor present at ``revision`` and gone now without an alias."""
    commit = gitrepo.resolve(library.root, revision, names=True)
    for path in gitrepo.files_at(library.root, commit):
        if path.suffix != ".md" or path.resolve() not in _candidates(library.root):
            if path.suffix == ".md" and not path.exists():
                problems.error(_display(path), 1, "file",
                               f"existed at {revision} and is gone: citations of it "
                               "break; keep the file with status withdrawn instead")
            continue
        doc = library.at_path(path.resolve())
        if doc is not None:
            _compare(doc, _old_anchors(library.root, commit, path), revision, problems)


def _candidates(root: Path) -> set[Path]:
    return {p.resolve() for p in document_paths(root)}


def _old_anchors(root: Path, commit: str, path: Path) -> set[str]:
    text = gitrepo.show(root, commit, path)
    if text is None:
        return set()
    try:
        fm = split(text)
        return {s.anchor for s in split_sections(fm.body, fm.body_line)}
    except (FrontMatterError, SectionError):
        return set()


def _compare(doc, old: set[str], revision: str, problems: Problems) -> None:
    now = {s.anchor for s in doc.sections} | set(doc.anchor_aliases)
    for anchor in sorted(old - now):
        problems.error(doc.path, 1, "anchor_aliases",
                       f"anchor '{anchor}' existed at {revision} and is gone: add "
                       f"'{anchor}: <current anchor>' to anchor_aliases so citations "
                       "keep working")


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
