"""Known misspellings and other spellings, kept as data in ``vocabulary.yml``.

Search corrects a listed misspelling and treats a listed variant (American,
hyphenated or joined-up spelling) as the library's own spelling. Editors keep
both lists here rather than in documents' ``keywords``: a misspelling in
``keywords`` makes the wrong word "known", so search stops correcting it and
finds only the documents that carry it. ``check_spellings`` rejects that.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.keyboard import OTHER, typing_distance
from kb.problems import Problems

if TYPE_CHECKING:
    from kb.model import Document, Library

SECTION = "spellings"
KINDS = ("misspellings", "variants")
LOOKALIKE_MIN_LENGTH = 5  # shorter keyword words are often acronyms
LOOKALIKE_MIN_USES = 5  # the word it looks like must be this common in the text
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@dataclass(frozen=True)
class Spellings:
    """Each other spelling (lower case) mapped to the library's spelling."""

    misspellings: dict[str, str] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)

    def as_data(self) -> dict[str, dict[str, str]]:
        return {"misspellings": dict(self.misspellings),
                "variants": dict(self.variants)}


def words(text: str) -> list[str]:
    """Lower-case words of ``text``, hyphenated ones kept whole."""
    return [w.lower() for w in _WORD.findall(text)]


def parse_spellings(data: Any, path: Path, problems: Problems) -> Spellings:
    """The ``spellings`` section of vocabulary.yml; problems are collected."""
    if data is None:
        return Spellings()
    if not isinstance(data, dict):
        problems.error(path, 1, SECTION, "expected a mapping with "
                                         f"{' and '.join(KINDS)}")
        return Spellings()
    found: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for kind, entries in data.items():
        if kind not in KINDS:
            problems.error(path, 1, f"{SECTION}.{kind}",
                           f"unknown list; expected {' or '.join(KINDS)}")
        elif not _valid(entries):
            problems.error(path, 1, f"{SECTION}.{kind}", "expected each spelling the "
                           "library uses followed by a list of other spellings, "
                           "for example 'trafficking: [traficking, trafficing]'")
        else:
            for right, others in entries.items():
                found[kind].update({str(o).lower(): str(right).lower() for o in others})
    return Spellings(**found)


def _valid(entries: Any) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(k, str) and isinstance(v, list)
        and all(isinstance(o, str) for o in v)
        for k, v in entries.items())


def check_spellings(library: Library, path: Path, problems: Problems) -> None:
    """Keywords hold no misspelling; the lists do not call a used word wrong."""
    counts = library_words(library)
    for wrong, right in library.spellings.misspellings.items():
        if counts[wrong]:
            problems.error(path, 1, f"{SECTION}.misspellings",
                           f"'{wrong}' is listed as a misspelling of '{right}', but "
                           "the library uses it; remove it from the list or fix the "
                           "text that uses it")
    # Documents share keywords ("NRM" in hundreds of them): each is judged
    # once per check. Keywords are the library's words, never a search's.
    judged: dict[str, str | None] = {}
    for doc in library.documents.values():
        for keyword in doc.keywords:
            if keyword not in judged:
                judged[keyword] = keyword_problem(keyword, library.spellings, counts)
            if judged[keyword]:
                problems.error(doc.path, doc.field_lines.get("keywords", 1),
                               "keywords", judged[keyword])


def keyword_problem(keyword: str, spellings: Spellings,
                    counts: Counter) -> str | None:
    """Why ``keyword`` holds a misspelling, or None when it does not."""
    wrong, other = spellings.misspellings, spellings.variants
    for word in [keyword.lower(), *words(keyword)]:
        if word in wrong:
            return (f"'{word}' in '{keyword}' is a misspelling of '{wrong[word]}': "
                    "remove it. Search corrects the misspellings listed under "
                    "spellings in vocabulary.yml; add new ones there")
        if word in other:
            return (f"'{word}' in '{keyword}' is another spelling of "
                    f"'{other[word]}' listed under spellings in vocabulary.yml: "
                    "remove it. Search already treats the two as one word")
    for word in words(keyword):
        like = lookalike(word, counts)
        if like:
            return (f"'{word}' in '{keyword}' looks like a misspelling of '{like}': "
                    "if it is, remove it and list it under spellings in "
                    "vocabulary.yml; if it is a real word, use it in the "
                    "document's text too")
    return None


def lookalike(word: str, counts: Counter) -> str | None:
    """A common library word that ``word`` is one slip away from, when ``word``
    itself appears nowhere in the library's text. A word that merely extends
    another ("leaver", "leave") is another form of it, not a slip."""
    if len(word) < LOOKALIKE_MIN_LENGTH or counts[word] or "-" in word:
        return None
    close = [w for w, n in counts.items() if n >= LOOKALIKE_MIN_USES
             and abs(len(w) - len(word)) <= 1 and not _extends(w, word)
             and typing_distance(word, w) <= OTHER]
    return max(close, key=lambda w: (counts[w], w)) if close else None


def _extends(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def library_words(library: Library) -> Counter:
    """How often each word appears in the library's text (keywords excluded)."""
    counts: Counter = Counter()
    for doc in library.documents.values():
        counts.update(_document_words(doc))
    for term in library.glossary:
        counts.update(words(" ".join([*term.names, term.definition])))
    return counts


def _document_words(doc: Document) -> Iterable[str]:
    texts = [doc.title, doc.summary]
    texts += [s.heading + " " + s.text for s in doc.sections]
    for text in texts:
        for word in words(text):
            yield word
            if "-" in word:
                yield from word.split("-")
