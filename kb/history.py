"""Documents as they were at a git revision, and which sections changed since.

A trainer's citation names a section and a commit; this module answers "what did
that section say then?" and "has it changed since?". Sections are matched by anchor,
following the current document's ``anchor_aliases``, so renamed anchors still match.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kb import gitrepo
from kb.frontmatter import FrontMatter, FrontMatterError, split
from kb.gitrepo import Commit
from kb.model import Document, Library, Section, find_section
from kb.sections import SectionError, split_sections

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
WORDS = re.compile(r"^\s+|[\w'’-]+\s*|[^\w\s]\s*")


class UnreadableVersionError(ValueError):
    """The file existed at that revision but cannot be parsed as a document."""


class Served(Protocol):
    """Anything served from one file: a ``Document`` or a pathway."""

    path: Path


class Versioned(Protocol):
    """Anything with sections and aliases: a ``Document`` or a ``DocumentVersion``."""

    sections: list[Section]
    anchor_aliases: dict[str, str]


@dataclass
class DocumentVersion:
    """A document's text at one commit, parsed as leniently as possible."""

    id: str
    commit: Commit
    title: str
    body: str
    body_line: int
    sections: list[Section]
    anchor_aliases: dict[str, str] = field(default_factory=dict)
    data: dict = field(default_factory=dict)

    def section(self, anchor: str) -> Section | None:
        """The section with this anchor at this version, following its own aliases."""
        return find_section(self.sections, self.anchor_aliases, anchor)


@dataclass(frozen=True)
class SectionChange:
    """One section added, removed or changed, with a word-level diff as safe HTML."""

    kind: str  # "added", "removed" or "changed"
    anchor: str  # the current anchor (the old one for a removed section)
    number: str
    heading: str
    old_heading: str | None = None  # set when the heading itself changed
    diff_html: str = ""


@dataclass
class Changes:
    """Section changes between a base commit (None: before the document existed)."""

    base: Commit | None
    sections: list[SectionChange]

    def for_anchor(self, anchor: str) -> SectionChange | None:
        return next((c for c in self.sections if c.anchor == anchor), None)


def available(folder: Path) -> bool:
    """Whether ``folder`` has git history we can read."""
    return gitrepo.toplevel(folder) is not None


def history(doc: Document, limit: int = 200) -> list[Commit]:
    """Commits that touched the document's file, newest first."""
    return gitrepo.log(doc.path.parent, doc.path, limit)


def is_modified(doc: Document) -> bool:
    """Whether the document's file has changes not yet committed."""
    return gitrepo.is_modified(doc.path.parent, doc.path)


@dataclass(frozen=True)
class LibraryChange:
    """A commit that changed documents of the library, for the library's feed."""

    commit: Commit
    documents: list[Document]
    parent: str | None  # the commit before it, to compare with


def library_changes(library: Library, limit: int) -> list[LibraryChange]:
    """The latest ``limit`` commits under the guidance folder that touched documents
    the library holds now, newest first."""
    changes = []
    for commit, paths in gitrepo.log_files(library.root, limit):
        touched = [d for d in map(library.at_path, (p.resolve() for p in paths)) if d]
        if touched:
            changes.append(LibraryChange(commit, touched,
                                         gitrepo.parent(library.root, commit.sha)))
    return changes


def current_version(item: Served) -> Commit | None:
    """The commit holding the text being served, or None if it is not committed.

    Edited but uncommitted text has no version yet: a permalink could not show it.
    The same rule dates a document's citations and a pathway's steps.
    """
    folder = item.path.parent
    if gitrepo.is_modified(folder, item.path):
        return None
    commits = gitrepo.log(folder, item.path, limit=1)
    return commits[0] if commits else None


def document_at(doc: Document, revision: str) -> DocumentVersion | None:
    """The document as it was at ``revision``; None if the file did not exist then.

    Raises ``UnknownRevision`` for a bad revision and ``GitError`` without git.
    """
    folder = doc.path.parent
    commit = gitrepo.commit(folder, revision)
    return _version_at(doc, commit)


def _version_at(doc: Document, commit: Commit) -> DocumentVersion | None:
    text = gitrepo.show(doc.path.parent, commit.sha, doc.path)
    if text is None:
        return None
    try:
        return parse_version(text, commit, doc.id, doc.title)
    except (FrontMatterError, SectionError) as exc:
        raise UnreadableVersionError(f"{doc.id} at {commit.short} cannot be read: "
                                f"{exc}") from None


def parse_version(text: str, commit: Commit, doc_id: str | None = None,
                  title: str = "") -> DocumentVersion:
    """A document file's text at ``commit`` as a version. The id and title in its
    front matter win over ``doc_id`` and ``title``; raises ``FrontMatterError`` or
    ``SectionError`` when the text cannot be read."""
    fm = split(text)
    sections = split_sections(fm.body, fm.body_line)
    aliases = fm.data.get("anchor_aliases")
    return DocumentVersion(doc_id or _text(fm, "id") or "", commit,
                           (_text(fm, "title") or title).strip(), fm.body,
                           fm.body_line, sections,
                           _aliases(aliases), fm.data)


def _aliases(value: object) -> dict[str, str]:
    """An old version's anchor aliases: only pairs of text mean anything."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _text(fm: FrontMatter, key: str) -> str | None:
    """A text field of an old version; ``FrontMatterError`` if it is not text."""
    value = fm.data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise FrontMatterError(fm.lines.get(key, 1), key, "expected text; found "
                           f"{type(value).__name__}")


def changes_since(doc: Document, revision: str | None = None,
                  since: dt.date | None = None) -> Changes:
    """Section changes from ``revision``, or from the last commit before ``since``."""
    folder = doc.path.parent
    if revision is not None:
        base: Commit | None = gitrepo.commit(folder, revision)
    else:
        sha = gitrepo.last_before(folder, since or dt.date.today())
        base = gitrepo.commit(folder, sha) if sha else None
    return changes_between(doc, base, doc)


def changes_between(doc: Document, base: Commit | None, new: Versioned) -> Changes:
    """Changes from the document at ``base`` to ``new`` (the document or a version)."""
    old = _version_at(doc, base) if base else None
    return Changes(base, compare(old.sections if old else [], new))


def changes_in_commit(doc: Document, commit: Commit) -> Changes:
    """What one commit changed in the document, for feeds and history pages."""
    new = _version_at(doc, commit)
    parent = gitrepo.parent(doc.path.parent, commit.sha)
    base = gitrepo.commit(doc.path.parent, parent) if parent else None
    if new is None:
        old = _version_at(doc, base) if base else None
        return Changes(base, compare(old.sections if old else [], _EMPTY))
    return changes_between(doc, base, new)


@dataclass
class _Empty:
    sections: list[Section] = field(default_factory=list)
    anchor_aliases: dict[str, str] = field(default_factory=dict)


_EMPTY = _Empty()


def compare(old: Sequence[Section], new: Versioned) -> list[SectionChange]:
    """Sections added, changed or removed, in the new document's order."""
    current = {s.anchor: s for s in new.sections}
    before = {new.anchor_aliases.get(s.anchor, s.anchor): s for s in old}
    changes = []
    for section in new.sections:
        previous = before.get(section.anchor)
        if previous is None:
            changes.append(_change(ADDED, section, "", section.text))
        elif _differs(previous, section):
            changes.append(_change(CHANGED, section, previous.text, section.text,
                                   previous.heading))
    for anchor, section in before.items():
        if anchor not in current:
            changes.append(_change(REMOVED, section, section.text, ""))
    return changes


def _differs(old: Section, new: Section) -> bool:
    return old.heading != new.heading or old.markdown.strip() != new.markdown.strip()


def _change(kind: str, section: Section, old_text: str, new_text: str,
            old_heading: str | None = None) -> SectionChange:
    renamed = old_heading if old_heading not in (None, section.heading) else None
    return SectionChange(kind, section.anchor, section.number, section.heading,
                         renamed, word_diff(old_text, new_text))


def word_diff(old: str, new: str) -> str:
    """Escaped HTML marking removed words with ``<del>`` and added ones with ``<ins>``.

    Each word carries the space after it, so a changed phrase reads as one change
    rather than word, space, word; line breaks become ``<br>``.
    """
    before, after = WORDS.findall(old), WORDS.findall(new)
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in before],
                                      [w.strip() for w in after], autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(_escape(after[j1:j2]))
            continue
        if i2 > i1:
            parts.append(f"<del>{_escape(before[i1:i2])}</del>")
        if j2 > j1:
            parts.append(f"<ins>{_escape(after[j1:j2])}</ins>")
    return "".join(parts)


def _escape(words: list[str]) -> str:
    return html.escape("".join(words)).replace("\n", "<br>\n")
