"""``kb check``: validate content and report every problem once, with its place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kb import plain_english
from kb.anchors_check import check_against
from kb.library import document_paths, find_root, load_library
from kb.problems import Problem
from kb.style import STYLE_FILE, load_style


@dataclass
class CheckReport:
    problems: list[Problem]
    documents: int
    # Plain-English findings while style.yml has ``enforce: false``: printed as
    # advice, never a failure, so the rules can land before the rewording does.
    advice: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        return (f"Checked {self.documents} document{'s' * (self.documents != 1)}: "
                f"{self.errors} error{'s' * (self.errors != 1)}, "
                f"{self.warnings} warning{'s' * (self.warnings != 1)}."
                + self.plain_english_summary())

    def plain_english_summary(self) -> str:
        """Findings per rule, enforced or not: the number editors work down."""
        found = plain_english.counts(self.problems + self.advice)
        if not found:
            return ""
        rules = ", ".join(f"{rule} {count}" for rule, count in found.items())
        note = (f" (advice only: {STYLE_FILE} has enforce: false)" if self.advice
                else "")
        return f"\nPlain English: {rules}{note}."


class CheckSetupError(RuntimeError):
    pass


def run_check(paths: list[Path], against: str | None = None,
              today: dt.date | None = None) -> CheckReport:
    """Check the library holding ``paths``; report problems within ``paths``."""
    roots = {find_root(p) for p in paths}
    if None in roots:
        missing = next(p for p in paths if find_root(p) is None)
        raise CheckSetupError(f"{missing}: no vocabulary.yml here or in any folder "
                              "above; run kb check on a guidance folder")
    problems: list[Problem] = []
    advice: list[Problem] = []
    documents = 0
    for root in sorted(roots):
        library, found = load_library(root, today)
        if against:
            check_against(library, against, found)
        style = load_style(root, found)
        if style is not None:
            findings = plain_english.check_library(library, style, found)
            (found if style.enforce else advice).extend(findings)
        documents += len(_in_scope(document_paths(library.root), paths))
        problems += [p for p in found if _in_scope([Path(p.path)], paths)]
    advice = [p for p in advice if _in_scope([Path(p.path)], paths)]
    return CheckReport(_shown(problems), documents, _shown(advice))


def _shown(problems: list[Problem]) -> list[Problem]:
    return [_relative(p) for p in sorted(set(problems))]


def _in_scope(files: list[Path], paths: list[Path]) -> list[Path]:
    scope = [p.resolve() for p in paths]
    return [f for f in files
            if any(f.resolve() == s or s in f.resolve().parents for s in scope)]


def _relative(problem: Problem) -> Problem:
    path = Path(problem.path).resolve()
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return Problem(shown, problem.line, problem.field, problem.message,
                   problem.severity)
