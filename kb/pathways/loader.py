"""Read pathways (``pathways/*.yml``) and helplines (``helplines.yml``).

Every problem is collected with its file, line and field; a pathway or helpline
with an error is left out, so the site never shows half a pathway.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from kb import schema
from kb.model import Vocabulary
from kb.pathways.model import NATIONS, Helpline, Pathway, SectionRef, Step
from kb.problems import Problems, describe
from kb.prose import count_words, split_sentences
from kb.safeyaml import Located, read

PATHWAYS_FOLDER = "pathways"
HELPLINES_FILE = "helplines.yml"

PATHWAY_REQUIRED = ("id", "title", "summary", "reviewed", "steps")
PATHWAY_OPTIONAL = ("roles", "nations", "unverified", "order")
STEP_REQUIRED = ("title", "text", "cites")
STEP_OPTIONAL = ("roles", "nations", "urgent")
HELPLINE_REQUIRED = ("name", "number", "text", "cites")
HELPLINE_OPTIONAL = ("nations", "pathways")

TITLE_MAX = 80  # a situation, as a reader would say it
STEP_TITLE_MAX = 60  # a short instruction
SUMMARY_MAX = schema.SUMMARY_MAX
SENTENCES_MAX = 4
SENTENCE_WORDS_MAX = 25  # as guidance/style.yml: GOV.UK's limit for a sentence
NO_CITATION = ("a step needs at least one citation: add cites: "
               "[document-id#anchor] naming the section it comes from")
CITE_FIELDS = ("section", "nations")  # a citation limited to some nations
CITE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)#([A-Za-z0-9][A-Za-z0-9_-]*)$")


def pathway_paths(root: Path) -> list[Path]:
    folder = root / PATHWAYS_FOLDER
    return sorted(p for p in folder.glob("*.yml") if not p.name.startswith("."))


def load_pathways(root: Path, vocabulary: Vocabulary,
                  problems: Problems) -> dict[str, Pathway]:
    found: dict[str, Pathway] = {}
    for path in pathway_paths(root):
        pathway = load_pathway(path, vocabulary, problems)
        if pathway is not None:
            found[pathway.id] = pathway
    return found


def load_pathway(path: Path, vocabulary: Vocabulary,
                 problems: Problems) -> Pathway | None:
    located = read(path, problems)
    if located is None:
        return None
    if not isinstance(located.data, dict):
        problems.error(path, 1, "pathway", "expected a mapping with "
                       + ", ".join(PATHWAY_REQUIRED))
        return None
    before = len(problems.errors)
    fields = _Fields(path, located, (), problems)
    fields.known(PATHWAY_REQUIRED, PATHWAY_OPTIONAL)
    pathway_id = fields.text("id")
    if pathway_id and pathway_id != path.stem:
        fields.error("id", f"expected '{path.stem}' to match the file name; "
                           f"found '{pathway_id}'")
    title = fields.text("title", TITLE_MAX)
    summary = fields.text("summary", SUMMARY_MAX)
    reviewed = fields.date("reviewed")
    audiences = vocabulary.values("audience")
    roles = fields.values("roles", audiences) or tuple(audiences)
    nations = fields.nations(vocabulary) or NATIONS
    unverified = fields.strings("unverified")
    order = fields.number("order")
    steps = _steps(path, located, vocabulary, problems)
    if len(problems.errors) > before:
        return None
    lines = {key: located.line(key) for key in located.data}
    return Pathway(pathway_id, path, title, summary, roles, nations, steps,
                   reviewed, unverified, order, lines)


def _steps(path: Path, located: Located, vocabulary: Vocabulary,
           problems: Problems) -> tuple[Step, ...]:
    items = located.data.get("steps")
    if not isinstance(items, list) or not items:
        if "steps" in located.data:
            problems.error(path, located.line("steps"), "steps",
                           "expected a list of steps, each with title, text and cites")
        return ()
    steps = []
    for index in range(len(items)):
        step = _step(_Fields(path, located, ("steps", index), problems), vocabulary)
        if step is not None:
            steps.append(step)
    return tuple(steps)


def _step(fields: _Fields, vocabulary: Vocabulary) -> Step | None:
    if not fields.is_mapping(STEP_REQUIRED):
        return None
    fields.known(STEP_REQUIRED, STEP_OPTIONAL)
    title = fields.text("title", STEP_TITLE_MAX)
    text = fields.text("text")
    if text:
        fields.plain_english("text", text)
    cites = fields.cites(vocabulary)
    urgent = fields.flag("urgent")
    roles = fields.values("roles", vocabulary.values("audience"))
    nations = fields.nations(vocabulary)
    if not (title and text and cites):
        return None
    _check_cite_nations(fields, cites, nations)
    return Step(title, " ".join(text.split()), cites, roles, nations, urgent,
                fields.line())


def _check_cite_nations(fields: _Fields, cites: tuple[SectionRef, ...],
                        nations: tuple[str, ...]) -> None:
    """A citation limited to a nation the step is not shown in is never seen."""
    for ref in cites:
        for nation in ref.nations:
            if nations and nation not in nations:
                fields.error("cites", f"'{ref.key}' is limited to '{nation}', where "
                                      "this step is not shown", ref.line)


def load_helplines(root: Path, vocabulary: Vocabulary,
                   problems: Problems) -> list[Helpline]:
    path = root / HELPLINES_FILE
    if not path.exists():
        return []
    located = read(path, problems)
    if located is None:
        return []
    items = located.data.get("helplines") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        problems.error(path, 1, "helplines", "expected a list under 'helplines:'")
        return []
    found = []
    for index in range(len(items)):
        fields = _Fields(path, located, ("helplines", index), problems)
        helpline = _helpline(fields, vocabulary)
        if helpline is not None:
            found.append(helpline)
    return found


def _helpline(fields: _Fields, vocabulary: Vocabulary) -> Helpline | None:
    if not fields.is_mapping(HELPLINE_REQUIRED):
        return None
    fields.known(HELPLINE_REQUIRED, HELPLINE_OPTIONAL)
    name, number = fields.text("name"), fields.text("number")
    text, cites = fields.text("text"), fields.cites()
    nations = fields.nations(vocabulary)
    pathways = fields.strings("pathways")
    if not (name and number and text and cites):
        return None
    return Helpline(name, number, " ".join(text.split()), cites, nations,
                    fields.line(), pathways)


class _Fields:
    """Read and check the fields of one mapping: the file, or one list item."""

    def __init__(self, path: Path, located: Located, where: tuple,
                 problems: Problems) -> None:
        self.path, self.located, self.where, self.problems = (path, located, where,
                                                              problems)
        data: Any = located.data
        for key in where:
            data = data[key]
        self.data = data
        self.prefix = f"{where[0]}[{where[1] + 1}]." if where else ""

    def line(self, *keys: str | int) -> int:
        return self.located.line(*self.where, *keys)

    def error(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.error(self.path, line or self.line(key), self.prefix + key,
                            message)

    def warning(self, key: str, message: str) -> None:
        self.problems.warning(self.path, self.line(key), self.prefix + key, message)

    def is_mapping(self, required: tuple[str, ...]) -> bool:
        if isinstance(self.data, dict):
            return True
        self.problems.error(self.path, self.line(), self.prefix.rstrip("."),
                            "expected a mapping with " + ", ".join(required))
        return False

    def known(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        for key in required:
            if key not in self.data:
                message = NO_CITATION if key == "cites" else "required field is missing"
                self.error(key, message, self.line())
        for key in self.data:
            if str(key) not in required + optional:
                self.warning(str(key), "unknown field; expected one of "
                                       + ", ".join(required + optional))

    def text(self, key: str, limit: int | None = None) -> str | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # a phone number such as 999
        if not isinstance(value, str) or not value.strip():
            self.error(key, f"expected text; found {describe(value)}")
            return None
        if schema.PLACEHOLDER in value:
            self.error(key, f"replace the {schema.PLACEHOLDER} placeholder")
        if limit and len(value.strip()) > limit:
            self.error(key, f"expected at most {limit} characters; found "
                            f"{len(value.strip())}")
        return value.strip()

    def plain_english(self, key: str, text: str) -> None:
        """Warn about long sentences and long steps: readers are in a hurry."""
        sentences = [s.text for s in split_sentences([(0, " ".join(text.split()))])]
        if len(sentences) > SENTENCES_MAX:
            self.warning(key, f"expected at most {SENTENCES_MAX} sentences; found "
                              f"{len(sentences)}: split the step or cut it")
        for sentence in sentences:
            words = count_words(sentence)
            if words > SENTENCE_WORDS_MAX:
                self.warning(key, f"sentence of {words} words (limit "
                                  f"{SENTENCE_WORDS_MAX}): split it: "
                                  f"'{' '.join(sentence.split()[:6])} ...'")

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if key in self.data and not isinstance(value, dt.date):
            self.error(key, f"expected a date as YYYY-MM-DD; found {describe(value)}")
            return None
        return value

    def number(self, key: str, default: int = 100) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"expected a whole number; found {describe(value)}")
            return default
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error(key, f"expected true or false; found {describe(value)}")
            return False
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"expected a list of text values; found {describe(value)}")
            return ()
        return tuple(value)

    def values(self, key: str, allowed: dict[str, str]) -> tuple[str, ...]:
        values = self.strings(key)
        if key in self.data and not values:
            self.error(key, "expected at least one value; leave the field out to "
                            "mean all")
        for value in values:
            if value not in allowed:
                self.error(key, f"unknown value '{value}'; expected one of "
                                f"{', '.join(allowed)} (from guidance/vocabulary.yml)")
        return values

    def nations(self, vocabulary: Vocabulary) -> tuple[str, ...]:
        known = vocabulary.values("jurisdiction")
        allowed = {n: known[n] for n in NATIONS if n in known}
        return self.values("nations", allowed)

    def cites(self, vocabulary: Vocabulary | None = None) -> tuple[SectionRef, ...]:
        """Each citation is ``document-id#anchor``, or, in a step, a mapping
        ``{section: document-id#anchor, nations: [...]}`` that limits it."""
        if "cites" not in self.data:
            return ()
        value = self.data["cites"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.error("cites", NO_CITATION)
            return ()
        refs = []
        for index, item in enumerate(value):
            ref = self._cite(item, index, vocabulary)
            if ref is not None:
                refs.append(ref)
        return tuple(refs)

    def _cite(self, item: Any, index: int,
              vocabulary: Vocabulary | None) -> SectionRef | None:
        line = self.line("cites", index)
        nations: tuple[str, ...] = ()
        if isinstance(item, dict) and vocabulary is not None:
            unknown = [str(k) for k in item if k not in CITE_FIELDS]
            if unknown or "section" not in item:
                found = (f"unknown field '{unknown[0]}'" if unknown
                         else "no section")
                self.error("cites", "expected a citation as section: "
                                    "document-id#anchor with nations: [...]; "
                                    f"found {found}", line)
                return None
            nations = self._cite_nations(item.get("nations"), vocabulary, line)
            item = item["section"]
        match = CITE.match(item) if isinstance(item, str) else None
        if match is None:
            self.error("cites", "expected 'document-id#anchor'; found "
                                f"{describe(item)}", line)
            return None
        return SectionRef(match.group(1), match.group(2), line, nations)

    def _cite_nations(self, value: Any, vocabulary: Vocabulary,
                      line: int) -> tuple[str, ...]:
        known = vocabulary.values("jurisdiction")
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) for v in value)):
            self.error("cites", "expected nations: a list of nations for the "
                                f"citation; found {describe(value)}", line)
            return ()
        for nation in value:
            if nation not in NATIONS or nation not in known:
                self.error("cites", f"unknown nation '{nation}'; expected one of "
                                    f"{', '.join(NATIONS)}", line)
        return tuple(value)
