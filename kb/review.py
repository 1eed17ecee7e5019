"""``kb review``: what a pull request changes in the guidance, for its reviewers.

It compares the guidance folder as it is now with the same folder at a base
revision (by default where the branch left ``main``) and collects, in order of
harm: an area's changed phone numbers (a wrong one sends a worried
practitioner to nobody), anchors that vanished without an alias (a trainer's
citation breaks), facts that changed (a second reviewer checks them), new
``unverified`` entries, plain-English findings the change brings in, and then
the plain list of documents and sections added, removed and changed.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb import facts, gitrepo, history, plain_english
from kb.areas.review import PhoneChange, phone_changes
from kb.document_files import IGNORED_FILES
from kb.frontmatter import FrontMatterError
from kb.gitrepo import Commit
from kb.history import WORDS, DocumentVersion, parse_version
from kb.library import load_library
from kb.lost_anchors import check_against
from kb.model import Document, Section
from kb.problems import Problem, Problems
from kb.sections import SectionError
from kb.style import Style, load_style

MAIN_BRANCH = "main"
ADDED, REMOVED, CHANGED, UNREADABLE = "added", "removed", "changed", "unreadable"


class ReviewError(RuntimeError):
    """The base revision cannot be found or read."""


@dataclass(frozen=True)
class SectionReport:
    kind: str  # added, removed or changed
    anchor: str
    number: str
    heading: str
    old_heading: str | None
    words_added: int
    words_removed: int


@dataclass(frozen=True)
class FactChange:
    kind: str  # a ``kb.facts`` kind: date, section, phone number, address
    change: str  # added or removed
    text: str
    where: str  # "section 2.1 'Heading'", "introduction" or a front-matter field


@dataclass
class DocumentReport:
    id: str
    path: str
    kind: str  # added, removed, changed or unreadable (errors now: run kb check)
    title: str
    old_title: str | None = None  # set when the title changed
    sections: list[SectionReport] = field(default_factory=list)
    facts: list[FactChange] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # new entries
    plain_english: list[Problem] = field(default_factory=list)  # brought in


@dataclass
class Review:
    base: Commit
    broken_anchors: list[Problem]
    documents: list[DocumentReport]
    phones: list[PhoneChange] = field(default_factory=list)  # shown first

    @property
    def facts(self) -> list[tuple[DocumentReport, FactChange]]:
        return [(d, f) for d in self.documents for f in d.facts]

    @property
    def failed(self) -> bool:
        return bool(self.broken_anchors)


def default_base(folder: Path) -> str:
    """Where this branch left ``main``: the merge base of ``main`` and HEAD."""
    try:
        return gitrepo.merge_base(folder, MAIN_BRANCH, "HEAD")
    except gitrepo.GitError:
        raise ReviewError(f"cannot find where this branch left '{MAIN_BRANCH}'; "
                          "name the revision to compare with: kb review REV") from None


def review(root: Path, revision: str | None = None) -> Review:
    """Compare the guidance folder ``root`` now with ``root`` at ``revision``."""
    base = gitrepo.commit(root, revision or default_base(root), names=True)
    library, _ = load_library(root)
    broken = Problems()
    check_against(library, base.sha, broken)
    style = load_style(root, Problems())
    old = _documents_at(root, base)
    new = {doc.id: doc for doc in library.documents.values()}
    reports = [_report(root, old.get(key), doc, style) for key, doc in new.items()]
    reports += [_gone(root, *old[doc_id]) for doc_id in old if doc_id not in new]
    reports = [r for r in reports if r is not None]
    reports.sort(key=lambda r: r.path)
    return Review(base, [_shown(root, p, revision, base) for p in broken], reports,
                  phone_changes(root, library.areas, base.sha))


# A document at the base revision: where it was, what it said, and its raw text.
Before = tuple[Path, DocumentVersion, str]


def _documents_at(root: Path, base: Commit) -> dict[str, Before]:
    versions = {}
    for path in gitrepo.files_at(root, base.sha):
        if path.suffix != ".md" or path.name in IGNORED_FILES:
            continue
        text = gitrepo.show(root, base.sha, path)
        version = _version(base, path, text) if text is not None else None
        if version is not None:
            versions[version.id] = (path, version, text)
    return versions


def _version(base: Commit, path: Path, text: str) -> DocumentVersion | None:
    try:
        version = parse_version(text, base)
    except (FrontMatterError, SectionError):
        return None
    return version if version.id else replace(version, id=path.stem)


def _report(root: Path, before: Before | None, doc: Document,
            style: Style | None) -> DocumentReport | None:
    old = before[1] if before else None
    if before is not None and before[2] == _text(doc.path):
        return None
    report = DocumentReport(doc.id, _display(root, doc.path),
                            ADDED if old is None else CHANGED, doc.title)
    old_sections = old.sections if old else []
    report.sections = [_section(c, old_sections, doc)
                       for c in history.compare(old_sections, doc)]
    if old is not None:
        report.old_title = old.title if old.title != doc.title else None
        report.facts = _fact_changes(old, doc)
    old_unverified = (old.data.get("unverified") or []) if old else []
    report.unverified = [u for u in doc.unverified if u not in old_unverified]
    if style is not None:
        report.plain_english = _introduced(old, doc, style, root)
    return report


def _text(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _gone(root: Path, path: Path, old: DocumentVersion, _text: str) -> DocumentReport:
    kind = UNREADABLE if path.exists() else REMOVED
    report = DocumentReport(old.id, _display(root, path), kind, old.title)
    if kind == REMOVED:
        report.sections = [_section(c, old.sections, None)
                           for c in history.compare(old.sections, _Nothing())]
    return report


@dataclass
class _Nothing:
    sections: list[Section] = field(default_factory=list)
    anchor_aliases: dict[str, str] = field(default_factory=dict)


def _section(change: history.SectionChange, old_sections: list[Section],
             doc: Document | None) -> SectionReport:
    new = doc.section(change.anchor) if doc and change.kind != REMOVED else None
    aliases = doc.anchor_aliases if doc else {}
    old = next((s for s in old_sections
                if aliases.get(s.anchor, s.anchor) == change.anchor), None)
    added, removed = word_changes(old.text if old else "", new.text if new else "")
    return SectionReport(change.kind, change.anchor, change.number, change.heading,
                         change.old_heading, added, removed)


def word_changes(old: str, new: str) -> tuple[int, int]:
    """(words added, words removed) between two texts, as ``kb.history`` splits them."""
    before = [w.strip() for w in WORDS.findall(old) if _is_word(w)]
    after = [w.strip() for w in WORDS.findall(new) if _is_word(w)]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return added, removed


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


SOURCE_FACTS = {"url": facts.ADDRESS, "published": facts.DATE, "updated": facts.DATE}


def _fact_changes(old: DocumentVersion, doc: Document) -> list[FactChange]:
    """Facts added or removed anywhere in the document, located where they are."""
    before = _located_facts(old.sections, old.data.get("source"))
    after = _located_facts(doc.sections, _source_data(doc))
    removed, added = facts.changed([f for f, _ in before], [f for f, _ in after])
    return ([FactChange(f.kind, REMOVED, f.text, _where(f, before)) for f in removed]
            + [FactChange(f.kind, ADDED, f.text, _where(f, after)) for f in added])


def _located_facts(sections: list[Section],
                   source: object) -> list[tuple[facts.Fact, str]]:
    located = []
    if isinstance(source, dict):
        for key, kind in SOURCE_FACTS.items():
            if source.get(key) is not None:
                located.append((facts.Fact(kind, str(source[key])), f"source.{key}"))
    for section in sections:
        where = (f"section {section.number} '{section.heading}'" if section.number
                 else "introduction")
        located += [(fact, where) for fact in facts.find_facts(section.markdown)]
    return located


def _source_data(doc: Document) -> dict | None:
    if doc.source is None:
        return None
    s = doc.source
    return {"url": s.url, "published": s.published, "updated": s.updated}


def _where(fact: facts.Fact, located: list[tuple[facts.Fact, str]]) -> str:
    return next(where for found, where in located if found == fact)


def _introduced(old: DocumentVersion | None, doc: Document, style: Style,
                root: Path) -> list[Problem]:
    """Findings in the new text whose passage had no such finding before."""
    before = Counter()
    if old is not None:
        kind = str(old.data.get("type") or doc.type)
        before = Counter((f.rule, f.passage) for f in
                         plain_english.check_text(old.body, old.body_line, kind, style))
    found = []
    for finding in plain_english.check_document(doc, style):
        key = (finding.rule, finding.passage)
        if before[key] > 0:
            before[key] -= 1
            continue
        found.append(finding.problem(_display(root, doc.path)))
    return found


def _display(root: Path, path: Path) -> str:
    top = gitrepo.toplevel(root) or root.parent
    try:
        return path.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return str(path)


def _shown(root: Path, problem: Problem, revision: str | None,
           base: Commit) -> Problem:
    """Paths from the repository top; the revision as the editor gave it (or the
    base's short id), not the full commit id."""
    return Problem(_display(root, Path(problem.path)), problem.line, problem.field,
                   problem.message.replace(base.sha, revision or base.short),
                   problem.severity)
