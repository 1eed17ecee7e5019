"""A synthetic guidance library at N times the size of the real one.

Search and build speed depend on how many sections there are, how long they
are and how their words are spread, so the synthetic documents copy the real
ones' shape: each takes a real document as its template (type, facets, source,
heading levels, section lengths, lists and links) and fills it with text from a
word-pair model of the real library. The real documents, vocabulary, glossary,
best bets and Acts (acts.yml) are copied too, so real queries still find real
answers.

The same seed always gives the same library.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from kb import facets
from kb.acts import ACTS_FILE
from kb.config import guidance_dir
from kb.library import BEST_BETS_FILE, GLOSSARY_FILE, VOCABULARY_FILE, load_library
from kb.model import Document, Library
from kb.schema import TYPE_FOLDERS

SYNTHETIC_FOLDER = "synthetic"
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+", re.MULTILINE)
START = "<s>"


@dataclass
class Generated:
    root: Path
    documents: int
    sections: int
    synthetic_ids: list[str]


class WordModel:
    """Word pairs of the real text: realistic term frequencies, no real sentences."""

    def __init__(self, texts: list[str]) -> None:
        self.next: dict[str, list[str]] = defaultdict(list)
        for text in texts:
            for sentence in SENTENCE_END.split(text):
                words = WORD.findall(sentence)
                for before, after in zip([START, *words], words, strict=False):
                    self.next[before].append(after)
        self.next = {k: v for k, v in self.next.items()}

    def sentence(self, rng: random.Random, length: int) -> str:
        words, word = [], START
        for _ in range(length):
            word = rng.choice(self.next.get(word) or self.next[START])
            words.append(word)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def phrase(self, rng: random.Random, length: int) -> str:
        return self.sentence(rng, length).rstrip(".")


@dataclass
class Template:
    doc: Document
    shape: list[tuple[int, int, bool]]  # (heading level, words, has a list)


def generate(dest: Path, scale: float, seed: int = 7, source: Path | None = None,
             extra: int = 0) -> Generated:
    """Write a library of ``scale`` times the real one, plus ``extra``, into ``dest``.

    At scale 1 or more the real documents are included and synthetic ones added;
    below 1 the library holds synthetic documents only. No document links to the
    last synthetic one, so it can be deleted without breaking another.
    """
    source = source or guidance_dir()
    library, _ = load_library(source)
    real = len(library.documents)
    total = max(1, round(real * scale)) + extra
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / VOCABULARY_FILE, dest / VOCABULARY_FILE)
    include_real = total >= real
    _copy_shared(library, source, dest, include_real)
    paths = {d.id: d.path.relative_to(source) for d in _sorted(library)
             if include_real}
    real_sections = sum(len(d.sections) for d in library.documents.values())
    ids, sections = _write_synthetic(library, dest, total - len(paths), seed, paths)
    return Generated(dest, len(paths),
                     sections + real_sections * include_real, ids)


def _copy_shared(library: Library, source: Path, dest: Path,
                 include_real: bool) -> None:
    if include_real:
        for doc in library.documents.values():
            target = dest / doc.path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(doc.path, target)
        for name in (GLOSSARY_FILE, BEST_BETS_FILE, ACTS_FILE):
            if (source / name).is_file():
                shutil.copy(source / name, dest / name)
        return
    glossary = yaml.safe_load((source / GLOSSARY_FILE).read_text("utf-8"))
    for term in glossary.get("terms", []):
        term.pop("documents", None)
    (dest / GLOSSARY_FILE).write_text(yaml.safe_dump(glossary, sort_keys=False))


def _write_synthetic(library: Library, dest: Path, count: int, seed: int,
                     paths: dict[str, Path]) -> tuple[list[str], int]:
    """Write ``count`` documents; ``paths`` (id -> path) grows as they are made."""
    rng = random.Random(seed)
    model = WordModel([s.text for d in _sorted(library) for s in d.sections])
    templates = [_template(d) for d in _sorted(library)]
    keywords = sorted({k for d in library.documents.values() for k in d.keywords}
                      | {t.term for t in library.glossary})
    ids, sections, others = [], 0, list(paths)
    for number in range(1, count + 1):
        template = rng.choice(templates)
        folder = Path(SYNTHETIC_FOLDER, TYPE_FOLDERS.get(template.doc.type, "other"))
        links = _Links(folder, paths, others)
        doc_id, text = _document(rng, model, template, keywords, number, links)
        (dest / folder).mkdir(parents=True, exist_ok=True)
        (dest / folder / f"{doc_id}.md").write_text(text, "utf-8")
        ids.append(doc_id)
        others.append(doc_id)
        paths[doc_id] = folder / f"{doc_id}.md"
        sections += len(template.shape)
    return ids, sections


@dataclass
class _Links:
    """The documents made so far, and how to link to them from ``folder``."""

    folder: Path
    paths: dict[str, Path]
    ids: list[str]

    def href(self, doc_id: str) -> str:
        return os.path.relpath(self.paths[doc_id], self.folder)


def _sorted(library: Library) -> list[Document]:
    return [library.documents[k] for k in sorted(library.documents)]


def _template(doc: Document) -> Template:
    shape = [(s.level, max(8, len(s.text.split())), bool(LIST_ITEM.search(s.markdown)))
             for s in doc.sections if s.level >= 2]
    return Template(doc, shape or [(2, 120, False)])


def _document(rng: random.Random, model: WordModel, template: Template,
              keywords: list[str], number: int, links: _Links) -> tuple[str, str]:
    title = model.phrase(rng, rng.randint(3, 8))
    doc_id = f"{_slug(title)[:50].strip('-')}-{number:05d}"
    front = _front_matter(rng, model, template.doc, doc_id, title, keywords,
                          links.ids)
    body = _body(rng, model, template.shape, links)
    return doc_id, "---\n" + yaml.safe_dump(front, sort_keys=False,
                                            allow_unicode=True) + "---\n\n" + body


def _front_matter(rng: random.Random, model: WordModel, doc: Document, doc_id: str,
                  title: str, keywords: list[str], others: list[str]) -> dict:
    front = {
        "id": doc_id, "title": title,
        **{f.key: facets.value_of(doc, f) for f in facets.FACETS
           if facets.values_of(doc, f)},
        "summary": model.sentence(rng, rng.randint(15, 35))[:290],
        "status": "current" if doc.status == "superseded" and not others
        else doc.status,
        "reviewed": doc.reviewed,
        "keywords": rng.sample(keywords, min(len(keywords), rng.randint(3, 10))),
    }
    if front["status"] == "superseded":
        front["superseded_by"] = rng.choice(others)
    if others:
        front["related"] = sorted(set(rng.sample(others, min(len(others), 4))))
    if doc.source:
        front["source"] = {"title": title, "publisher": doc.source.publisher,
                           "url": f"https://www.example.org/guidance/{doc_id}",
                           "published": doc.source.published}
    return front


def _body(rng: random.Random, model: WordModel, shape: list[tuple[int, int, bool]],
          links: _Links) -> str:
    parts, anchors = [], set()
    for level, words, has_list in shape:
        heading = model.phrase(rng, rng.randint(2, 6))
        anchor = _unique(_slug(heading)[:40].strip("-") or "section", anchors)
        parts.append(f"{'#' * level} {heading} {{#{anchor}}}\n")
        parts.append(_section_text(rng, model, words, has_list, links))
    return "\n".join(parts)


def _section_text(rng: random.Random, model: WordModel, words: int, has_list: bool,
                  links: _Links) -> str:
    paragraphs, left = [], words
    while left > 0:
        sentences = [model.sentence(rng, rng.randint(8, 24)) for _ in range(3)]
        paragraphs.append(" ".join(sentences))
        left -= sum(len(s.split()) for s in sentences)
    if links.ids and rng.random() < 0.5:
        href = links.href(rng.choice(links.ids))
        paragraphs.append(f"See [{model.phrase(rng, 3)}]({href}) for more.")
    if has_list:
        items = [f"- {model.phrase(rng, rng.randint(3, 10))}" for _ in range(4)]
        paragraphs.insert(1, "\n".join(items))
    return "\n\n".join(paragraphs) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique(anchor: str, seen: set[str]) -> str:
    candidate, number = anchor, 1
    while candidate in seen:
        number += 1
        candidate = f"{anchor}-{number}"
    seen.add(candidate)
    return candidate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    made = generate(args.dest, args.scale, args.seed)
    print(f"{made.documents} documents, {made.sections} sections in {made.root}")


if __name__ == "__main__":
    main()
