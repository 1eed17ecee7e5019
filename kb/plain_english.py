"""Plain-English rules for ``kb check``: what GOV.UK's style guide asks of us.

Four rules, each with its limit in ``style.yml``: sentences of more than 25
words, paragraphs of more than 5 sentences, sections whose reading age is above
the limit for the document's type, and words to avoid. Reading age comes from
textstat's Flesch-Kincaid grade (a UK reading age is the US grade plus 5); the
sentences it reads are the ones ``kb.prose`` found, so every rule agrees on
where a sentence ends.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from kb.model import Document, Library
from kb.problems import ADVICE, WARNING, Problem, Problems
from kb.prose import Block, count_words, own_words, prose_blocks
from kb.style import STYLE_FILE, Style, load_style

SENTENCE_LENGTH = "sentence-length"
PARAGRAPH_LENGTH = "paragraph-length"
READING_AGE = "reading-age"
WORDS_TO_AVOID = "words-to-avoid"
RULES = (SENTENCE_LENGTH, PARAGRAPH_LENGTH, READING_AGE, WORDS_TO_AVOID)
GRADE_TO_AGE = 5  # a US school grade plus five is the UK reading age
SHOWN_WORDS = 8


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int
    message: str
    passage: str  # the text judged: lets ``kb review`` tell new findings from old

    def problem(self, path: str, severity: str = WARNING) -> Problem:
        return Problem(path, self.line, self.rule, self.message, severity)


def check(library: Library) -> list[Problem]:
    """``kb check``'s plain-English rules over the library, if it has a style file.

    Findings are warnings when ``style.yml`` says ``enforce: true``, else advice
    (printed, never a failure); a wrong setting in the file is an error.
    """
    problems = Problems()
    style = load_style(library.root, problems)
    if style is None:
        return problems
    types = library.vocabulary.values("type")
    for doc_type in style.reading_age_by_type:
        if doc_type not in types:
            problems.error(library.root / STYLE_FILE, 1, "reading_age.by_type",
                           f"unknown document type '{doc_type}'; expected one of "
                           + ", ".join(types))
    severity = WARNING if style.enforce else ADVICE
    for doc in sorted(library.documents.values(), key=lambda d: str(d.path)):
        problems += [f.problem(str(doc.path), severity)
                     for f in check_document(doc, style)]
    return problems


def check_document(doc: Document, style: Style) -> list[Finding]:
    return check_text(doc.body, doc.body_line, doc.type, style)


def check_text(body: str, body_line: int, doc_type: str, style: Style) -> list[Finding]:
    """Every finding in one document body, in line order."""
    blocks = prose_blocks(body, body_line, style.skip_heading_pattern)
    findings = [*_long_sentences(blocks, style), *_long_paragraphs(blocks, style),
                *_reading_age(blocks, doc_type, style),
                *_words_to_avoid(blocks, style)]
    return sorted(findings, key=lambda f: (f.line, RULES.index(f.rule)))


def counts(problems: Iterable[Problem]) -> Counter:
    """How many findings each rule has, in rule order."""
    found = Counter(p.field for p in problems if p.field in RULES)
    return Counter({rule: found[rule] for rule in RULES if found[rule]})


def summary(problems: list[Problem]) -> str:
    """A line of findings per rule, enforced or not: the number editors work down."""
    found = counts(problems)
    if not found:
        return ""
    rules = ", ".join(f"{rule} {count}" for rule, count in found.items())
    advice = any(p.severity == ADVICE for p in problems if p.field in RULES)
    note = f" (advice only: {STYLE_FILE} has enforce: false)" if advice else ""
    return f"\nPlain English: {rules}{note}."


def _long_sentences(blocks: list[Block], style: Style) -> Iterable[Finding]:
    limit = style.sentence_words
    for block in blocks:
        for sentence in block.sentences:
            if sentence.words > limit:
                yield Finding(SENTENCE_LENGTH, sentence.line,
                              f"sentence of {sentence.words} words (limit {limit}): "
                              f"split it. It starts '{_start(sentence.text)}'",
                              sentence.text)


def _long_paragraphs(blocks: list[Block], style: Style) -> Iterable[Finding]:
    limit = style.paragraph_sentences
    for block in blocks:
        if len(block.sentences) > limit:
            yield Finding(PARAGRAPH_LENGTH, block.line,
                          f"paragraph of {len(block.sentences)} sentences (limit "
                          f"{limit}): split it or make a list. It starts "
                          f"'{_start(block.text)}'", block.text)


def _reading_age(blocks: list[Block], doc_type: str,
                 style: Style) -> Iterable[Finding]:
    limit = style.reading_age_limit(doc_type)
    for (line, heading), group in groupby(blocks,
                                          key=lambda b: (b.section_line, b.heading)):
        sentences = [s.text for block in group for s in block.sentences]
        text = " ".join(_terminated(s) for s in sentences)
        if count_words(text) < style.reading_age_min_words:
            continue
        age = reading_age(text)
        if age > limit:
            where = f"section '{heading}'" if heading else "the introduction"
            yield Finding(READING_AGE, line,
                          f"reading age {age} in {where}; the limit for "
                          f"{doc_type} is {limit}: use shorter sentences and "
                          "everyday words",
                          f"{heading}\n{text}")


@lru_cache(maxsize=4096)
def reading_age(text: str) -> int:
    """The UK reading age of ``text``: Flesch-Kincaid grade plus five, rounded."""
    import textstat  # loads a pronouncing dictionary: only when a check runs

    return round(textstat.flesch_kincaid_grade(text)) + GRADE_TO_AGE


def _words_to_avoid(blocks: list[Block], style: Style) -> Iterable[Finding]:
    pattern = _phrases(tuple(style.words_to_avoid))
    if pattern is None:
        return
    for block in blocks:
        for line, raw in block.lines:
            for match in pattern.finditer(own_words(raw)):
                phrase = match.group(0)
                instead = style.words_to_avoid[phrase.lower()]
                yield Finding(WORDS_TO_AVOID, line,
                              f"'{phrase}': write '{instead}' instead", phrase.lower())


@lru_cache(maxsize=8)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b",
                      re.I)


def _terminated(sentence: str) -> str:
    return sentence if sentence[-1:] in ".!?" else sentence + "."


def _start(text: str) -> str:
    words = text.split()
    return " ".join(words[:SHOWN_WORDS]) + (" …" if len(words) > SHOWN_WORDS else "")
