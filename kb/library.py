"""Load the guidance folder into a ``Library``, collecting every problem."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kb import facets, safeyaml, schema
from kb.areas.checks import check_areas
from kb.areas.loader import area_labels, load_areas
from kb.document_checks import check_body, check_front_matter
from kb.document_files import LINKED_MESSAGE, document_paths, linked_paths
from kb.frontmatter import FrontMatter, FrontMatterError, split
from kb.model import BestBet, Document, GlossaryTerm, Library, Source, Vocabulary
from kb.parsing_pool import parse_files
from kb.pathways.checks import check_pathways
from kb.pathways.loader import load_helplines, load_pathways
from kb.problems import Problems
from kb.sections import LEAD_ANCHOR, SectionError, split_sections
from kb.spellings import SECTION as SPELLINGS
from kb.spellings import Spellings, check_spellings, parse_spellings

VOCABULARY_FILE = "vocabulary.yml"
GLOSSARY_FILE = "glossary.yml"
BEST_BETS_FILE = "best-bets.yml"
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
T = TypeVar("T")


def find_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds a vocabulary file."""
    path = path.resolve()
    for folder in [path if path.is_dir() else path.parent, *path.parents]:
        if (folder / VOCABULARY_FILE).is_file():
            return folder
    return None


def load_library(root: Path, today: dt.date | None = None,
                 across: bool = True) -> tuple[Library, Problems]:
    """Read everything under ``root``. Documents with errors are left out.

    ``across=False`` skips the checks across documents (``check_library``):
    they report problems but leave no document out, so an index build, which
    reports neither, skips them (at 100x the spelling checks alone take
    seconds).
    """
    problems = Problems()
    vocabulary = load_vocabulary(root / VOCABULARY_FILE, problems)
    documents: dict[str, Document] = {}
    for path in linked_paths(root):
        problems.error(path, 1, "file", LINKED_MESSAGE)
    paths = document_paths(root)
    for path, (doc, found) in zip(paths, parse_files(paths, vocabulary), strict=True):
        problems += found
        if doc is None:
            continue
        if doc.id in documents:
            problems.error(path, 2, "id", f"duplicate id '{doc.id}': also used by "
                                          f"{documents[doc.id].path.relative_to(root)}")
            continue
        documents[doc.id] = doc
    library = library_of(root, documents, vocabulary, problems)
    if across:
        check_library(library, problems, today or dt.date.today())
    return library, problems


def library_of(root: Path, documents: dict[str, Document], vocabulary: Vocabulary,
               problems: Problems) -> Library:
    """A library of ``documents`` with the folder's shared files: glossary, best
    bets, pathways, helplines and spellings. An incremental index build passes
    only the documents it parsed."""
    return Library(root, documents, vocabulary,
                   load_glossary(root / GLOSSARY_FILE, problems),
                   load_best_bets(root / BEST_BETS_FILE, problems),
                   load_pathways(root, vocabulary, problems),
                   load_helplines(root, vocabulary, problems),
                   load_spellings(root / VOCABULARY_FILE, problems),
                   load_areas(root, problems))


def load_document(path: Path, vocabulary: Vocabulary, problems: Problems,
                  raw: bytes | None = None) -> Document | None:
    """Parse and check one file (``raw``: its bytes, when already read);
    ``None`` when it has errors."""
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, line, "file", f"expected UTF-8 text; found byte "
                                           f"0x{raw[exc.start]:02x} that is not UTF-8")
        return None
    before = len(problems.errors)
    try:
        fm = split(text)
    except FrontMatterError as exc:
        problems.error(path, exc.line, exc.field, exc.message)
        return None
    check_front_matter(path, fm, vocabulary, problems)
    check_body(path, fm.body, fm.body_line, problems)
    try:
        sections = split_sections(fm.body, fm.body_line)
    except SectionError as exc:
        problems.error(path, fm.body_line + exc.offset, "body", str(exc))
        return None
    _check_anchors(path, sections, problems)
    if len(problems.errors) > before:
        return None
    return _build(path, fm, sections, raw)


def _build(path: Path, fm: FrontMatter, sections: list, raw: bytes) -> Document:
    data = fm.data
    reviewed = data["reviewed"]
    source = data.get("source")
    return Document(
        id=data["id"], path=path, title=data["title"].strip(),
        summary=data["summary"].strip(),
        facet_values=facets.front_matter_values(data), reviewed=reviewed,
        review_due=data.get("review_due") or _add_months(reviewed, 12),
        body=fm.body, body_line=fm.body_line, sections=sections,
        content_hash=hashlib.sha256(raw).hexdigest(),
        source=_source(source) if source else None,
        superseded_by=data.get("superseded_by"),
        keywords=data.get("keywords") or [], related=data.get("related") or [],
        anchor_aliases=data.get("anchor_aliases") or {},
        unverified=data.get("unverified") or [], field_lines=fm.lines,
        links=tuple(_links(fm.body, fm.body_line)))


def _links(body: str, first_line: int) -> list[tuple[int, str]]:
    return [(first_line + offset, match.group(1))
            for offset, text in enumerate(body.splitlines())
            for match in LINK.finditer(text)]


def _source(data: dict[str, Any]) -> Source:
    def text(key: str) -> str | None:
        value = data.get(key)
        return value.isoformat() if isinstance(value, dt.date) else (
            str(value) if value is not None else None)

    return Source(title=data["title"], publisher=data["publisher"], url=data["url"],
                  published=text("published"), updated=text("updated"),
                  version=text("version"))


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, 28))


def _check_anchors(path: Path, sections: list, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for section in sections:
        if section.anchor in seen:
            problems.error(path, section.line, "anchor",
                           f"duplicate anchor '{section.anchor}': also used on line "
                           f"{seen[section.anchor]}")
        seen.setdefault(section.anchor, section.line)
        if schema.PLACEHOLDER in section.heading or schema.PLACEHOLDER in section.text:
            problems.error(path, section.line, "body",
                           f"replace the {schema.PLACEHOLDER} placeholder")


def check_library(library: Library, problems: Problems, today: dt.date) -> None:
    """Checks that need more than one document: references, links, reviews."""
    for doc in library.documents.values():
        lines = doc.field_lines
        _check_references(library, doc, lines, problems)
        _check_links(library, doc, problems)
        if doc.review_overdue(today):
            line = lines.get("review_due", lines.get("reviewed", 1))
            problems.warning(doc.path, line,
                             "review_due", f"review overdue since "
                                           f"{doc.review_due.isoformat()}")
    _check_glossary(library, problems)
    _check_best_bets(library, problems)
    check_pathways(library, problems, today)
    check_areas(library, problems, today)
    check_spellings(library, library.root / VOCABULARY_FILE, problems)


def _check_references(library: Library, doc: Document, lines: dict,
                      problems: Problems) -> None:
    if doc.superseded_by and doc.superseded_by not in library.documents:
        problems.error(doc.path, lines["superseded_by"], "superseded_by",
                       f"unknown document id '{doc.superseded_by}'")
    for related in doc.related:
        if related not in library.documents:
            problems.error(doc.path, lines["related"], "related",
                           f"unknown document id '{related}'")
    anchors = {s.anchor for s in doc.sections}
    for old, new in doc.anchor_aliases.items():
        if new not in anchors:
            problems.error(doc.path, lines["anchor_aliases"], "anchor_aliases",
                           f"'{old}' points to '{new}', which is not an anchor in "
                           "this document")


def _check_links(library: Library, doc: Document, problems: Problems) -> None:
    for line, target in doc.links:
        message = link_problem(library, doc, target)
        if message:
            problems.error(doc.path, line, "link", message)


def resolve_link(library: Library, doc: Document, target: str):
    """The (document, anchor) an internal link points at, or None if external."""
    if EXTERNAL.match(target):
        return None
    file_part, _, anchor = target.partition("#")
    if not file_part:
        return doc, anchor
    found = library.at_normal_path(os.path.abspath(doc.path.parent / file_part))
    if found is not None:
        return found, anchor
    path = (doc.path.parent / file_part).resolve()
    return (library.at_path(path) or path), anchor


def link_problem(library: Library, doc: Document, target: str) -> str | None:
    resolved = resolve_link(library, doc, target)
    if resolved is None:
        return None
    found, anchor = resolved
    if isinstance(found, Path):
        if not found.exists():
            return f"'{target}': file not found"
        return f"'{target}' points to {found.name}, which is not a valid document"
    if anchor and anchor != LEAD_ANCHOR and found.section(anchor) is None:
        return f"'{target}': no section with anchor '{anchor}' in '{found.id}'"
    return None


def load_yaml(path: Path, problems: Problems) -> Any:
    """The data of a YAML file; None when it is absent or unreadable (reported)."""
    located = safeyaml.read(path, problems)
    return located.data if located else None


def load_vocabulary(path: Path, problems: Problems) -> Vocabulary:
    located = safeyaml.read(path, problems) or safeyaml.Located(None, None)
    data = located.data
    if data is None and not path.exists():
        problems.error(path, 1, "vocabulary", "file not found: every guidance folder "
                                              "needs a vocabulary.yml")
    data = data if isinstance(data, dict) else {}
    sections = {}
    for name in facets.vocabulary_sections():
        value = data.get(name)
        if not isinstance(value, dict) or not value:
            problems.error(path, 1, name, "expected a mapping of value to label")
            value = {}
        sections[name] = _labels(path, located, name, value, problems)
    for facet in facets.folder_facets():  # only areas so far
        sections[facet.vocabulary] = area_labels(path.parent)
    return Vocabulary(sections)


def _labels(path: Path, located: safeyaml.Located, name: str, value: dict,
            problems: Problems) -> dict[str, str]:
    """Value -> label, each as text; any other entry is reported with its line."""
    labels = {}
    for key, label in value.items():
        key_text, label_text = safeyaml.text(key), safeyaml.text(label)
        if key_text is None or label_text is None:
            problems.error(path, located.line(name, str(key)), name,
                           f"expected a value and its label as text; found "
                           f"{type(key).__name__}: {type(label).__name__}")
        else:
            labels[key_text] = label_text
    return labels


def load_spellings(path: Path, problems: Problems) -> Spellings:
    """The known misspellings and variants listed in vocabulary.yml."""
    data = load_yaml(path, Problems())  # load_vocabulary reports a broken file
    return parse_spellings(data.get(SPELLINGS) if isinstance(data, dict) else None,
                           path, problems)


def load_glossary(path: Path, problems: Problems) -> list[GlossaryTerm]:
    return _load_list(path, problems, "terms", "expected a list of terms under "
                      "'terms:'", _glossary_term, "expected 'term', 'definition' and "
                      "any 'expansion' as text, and lists of text for 'synonyms' "
                      "and 'documents'")


def _load_list(path: Path, problems: Problems, key: str, not_a_list: str,
               parse: Callable[[Any], T | None], bad_entry: str) -> list[T]:
    """The entries of the list under ``key``, each made by ``parse``; an entry it
    cannot make (None) is reported as ``key[number]`` with its line. No file: no
    entries."""
    located = safeyaml.read(path, problems)
    data = located.data if located else None
    if located is None or data is None:
        return []
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.error(path, 1, key, not_a_list)
        return []
    found = []
    for number, entry in enumerate(entries, start=1):
        item = parse(entry)
        if item is None:
            problems.error(path, located.line(key, number - 1), f"{key}[{number}]",
                           bad_entry)
        else:
            found.append(item)
    return found


def _glossary_term(entry: Any) -> GlossaryTerm | None:
    if not isinstance(entry, dict):
        return None
    term, definition = entry.get("term"), entry.get("definition")
    synonyms = safeyaml.texts(entry.get("synonyms") or [])
    documents = safeyaml.texts(entry.get("documents") or [])
    expansion = entry.get("expansion")
    if not (isinstance(term, str) and isinstance(definition, str)
            and synonyms is not None and documents is not None
            and (expansion is None or isinstance(expansion, str))):
        return None
    return GlossaryTerm(term, definition.strip(), expansion or None, synonyms,
                        documents)


def _check_glossary(library: Library, problems: Problems) -> None:
    path = library.root / GLOSSARY_FILE
    for term in library.glossary:
        for doc_id in term.documents:
            if doc_id not in library.documents:
                problems.error(path, 1, "documents", f"term '{term.term}': unknown "
                                                     f"document id '{doc_id}'")


def load_best_bets(path: Path, problems: Problems) -> list[BestBet]:
    return _load_list(path, problems, "best_bets", "expected a list under "
                      "'best_bets:'", _best_bet, "expected 'queries' and 'sections' "
                      "as lists of text (or 'queries' and a 'pathway'), and any "
                      "'title' as text")


def _best_bet(entry: Any) -> BestBet | None:
    if not isinstance(entry, dict):
        return None
    pathway, title = entry.get("pathway"), entry.get("title")
    queries = safeyaml.texts(entry.get("queries"))
    targets = safeyaml.texts(entry.get("sections", [] if pathway else None))
    if queries is None or targets is None or not all(
            value is None or isinstance(value, str) for value in (pathway, title)):
        return None
    pairs = tuple(tuple(t.partition("#")[::2]) for t in targets)
    return BestBet(queries, pairs, title, pathway or None)


def _check_best_bets(library: Library, problems: Problems) -> None:
    path = library.root / BEST_BETS_FILE
    for bet in library.best_bets:
        for doc_id, anchor in bet.targets:
            doc = library.get(doc_id)
            if doc is None or (anchor and doc.section(anchor) is None):
                problems.error(path, 1, "sections", f"'{doc_id}#{anchor}' is not a "
                                                    "section in the library")
        if bet.pathway and bet.pathway not in library.pathways:
            problems.error(path, 1, "pathway", f"'{bet.pathway}' is not a pathway in "
                                               "guidance/pathways/")
