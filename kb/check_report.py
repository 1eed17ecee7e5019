"""``kb check``: validate content and report every problem once, with its place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kb import plain_english
from kb.act_links import check_act_links
from kb.library import document_paths, find_root, load_library
from kb.lost_anchors import check_against
from kb.pathways.loader import pathway_paths
from kb.problems import ADVICE, ERROR, WARNING, Problem
from kb.review_window import check_review_window

# Rules only ``kb check`` runs: each takes the loaded library, returns its problems.
EXTRA_CHECKS = (check_act_links, check_review_window, plain_english.check)


@dataclass
class CheckReport:
    problems: list[Problem]
    documents: int
    pathways: int = 0

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)

    @property
    def advice(self) -> int:
        """Findings of rules not yet enforced: printed, never a failure."""
        return sum(p.severity == ADVICE for p in self.problems)

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        pathways = (f" and {self.pathways} pathway{'s' * (self.pathways != 1)}"
                    if self.pathways else "")
        return (f"Checked {self.documents} document{'s' * (self.documents != 1)}"
                f"{pathways}: "
                f"{self.errors} error{'s' * (self.errors != 1)}, "
                f"{self.warnings} warning{'s' * (self.warnings != 1)}."
                + plain_english.summary(self.problems))


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
    documents = pathways = 0
    for root in sorted(roots):
        library, found = load_library(root, today)
        for extra in EXTRA_CHECKS:
            found += extra(library)
        if against:
            check_against(library, against, found)
        documents += len(_in_scope(document_paths(library.root), paths))
        pathways += len(_in_scope(pathway_paths(library.root), paths))
        problems += [p for p in found if _in_scope([Path(p.path)], paths)]
    return CheckReport([_relative(p) for p in sorted(set(problems))], documents,
                       pathways)


def _in_scope(files: list[Path], paths: list[Path]) -> list[Path]:
    scope = [p.resolve() for p in paths]
    return [f for f in files
            if any(_place(f) == s or s in _place(f).parents for s in scope)]


def _place(path: Path) -> Path:
    """Where a file is, its folder resolved but not the file itself: a symbolic
    link is reported where it is, not where it points."""
    return path.parent.resolve() / path.name


def _relative(problem: Problem) -> Problem:
    path = _place(Path(problem.path))
    try:
        shown = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return Problem(shown, problem.line, problem.field, problem.message,
                   problem.severity)
