"""Measure ranking against hand-written expectations: ``make relevance``.

A tool beside the engine, not part of it: it reads the relevance set from this
source tree and builds a throw-away index of the guidance folder.

Each case is a query and the documents a practitioner expects, best first,
or (in the generated misspelling set) the query as it was ``intended``: the
document that ranks first for it is the one expected. Metrics are over
distinct documents (results are grouped by document):
MRR and success@k use the rank of the first expected document; nDCG@10 gives
every expected document a gain of 1.
"""

from __future__ import annotations

import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.build.builder import build_index
from indexer.search.query import IndexHandle, open_searcher_index, search
from kb import config

DEFAULT_QUERIES = config.REPO_ROOT / "tests" / "relevance" / "queries.yml"
MISSPELLINGS = config.REPO_ROOT / "tests" / "relevance" / "misspellings.yml"
PROVISIONS = config.REPO_ROOT / "tests" / "relevance" / "provisions.yml"


@dataclass
class CaseResult:
    query: str
    expected: list[str]
    ranked: list[str]
    opening: dict[str, str] = field(default_factory=dict)  # doc -> first anchor shown
    sections: dict[str, str] = field(default_factory=dict)  # doc -> anchor expected

    @property
    def opens_at_provision(self) -> bool:
        """The expected documents come first, each opening at its section."""
        if not self.sections:
            return False
        top = self.ranked[:len(self.sections)]
        return set(top) == set(self.sections) and all(
            self.opening.get(doc) == anchor for doc, anchor in self.sections.items())

    @property
    def first_rank(self) -> int | None:
        return next((i for i, d in enumerate(self.ranked, 1) if d in self.expected),
                    None)

    def ndcg(self, k: int = 10) -> float:
        gains = [1.0 if d in self.expected else 0.0 for d in self.ranked[:k]]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(self.expected))))
        return dcg / ideal if ideal else 0.0


@dataclass
class Report:
    cases: list[CaseResult]

    def _mean(self, values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    @property
    def mrr(self) -> float:
        return self._mean([1 / c.first_rank if c.first_rank else 0.0
                           for c in self.cases])

    def success(self, k: int) -> float:
        return self._mean([1.0 if c.first_rank and c.first_rank <= k else 0.0
                           for c in self.cases])

    @property
    def ndcg10(self) -> float:
        return self._mean([c.ndcg(10) for c in self.cases])

    @property
    def provisions(self) -> float | None:
        """Share of provision cases opening at their section (None: no such cases)."""
        cases = [c for c in self.cases if c.sections]
        if not cases:
            return None
        return self._mean([1.0 if c.opens_at_provision else 0.0 for c in cases])

    def summary(self) -> str:
        provisions = self.provisions
        opening = "" if provisions is None else f", provisions {provisions:.3f}"
        return (f"{len(self.cases)} queries: MRR {self.mrr:.3f}, success@1 "
                f"{self.success(1):.3f}, success@3 {self.success(3):.3f}, "
                f"nDCG@10 {self.ndcg10:.3f}{opening}")

    def misses(self, k: int = 1) -> list[str]:
        return [f"  rank {c.first_rank or '-'}: {c.query!r} expected {c.expected[0]}, "
                f"got {c.ranked[:3]}" for c in self.cases
                if not c.first_rank or c.first_rank > k]

    def wrong_openings(self) -> list[str]:
        return [f"  opens wrong: {c.query!r} expected {c.sections}, got "
                f"{[(d, c.opening.get(d)) for d in c.ranked[:len(c.sections)]]}"
                for c in self.cases if c.sections and not c.opens_at_provision]


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text("utf-8"))["queries"]


def evaluate(handle: IndexHandle, cases: list[dict]) -> Report:
    """Each case: ``expect`` lists documents, or "document#anchor" for a
    provision search (the section it should open at); else ``intended``."""
    results = []
    for case in cases:
        expected = case.get("expect") or list(_ranked(handle, case["intended"]))[:1]
        sections = dict(e.split("#", 1) for e in expected if "#" in e)
        opening = _ranked(handle, case["q"])
        results.append(CaseResult(case["q"], [e.split("#")[0] for e in expected],
                                  list(opening), opening, sections))
    return Report(results)


def _ranked(handle: IndexHandle, q: str) -> dict[str, str]:
    """Each result's document, best first, with the first section it shows."""
    return {r.doc_id: r.sections[0].anchor if r.sections else ""
            for r in search(handle, q, page_size=10).results}


def evaluate_library(guidance: Path, queries: Path) -> Report:
    """Build a throw-away index of ``guidance`` and run every case against it."""
    return evaluate_sets(guidance, [queries])[0]


def evaluate_sets(guidance: Path, sets: list[Path]) -> list[Report]:
    """``evaluate_library`` for several query files, building the index once."""
    with tempfile.TemporaryDirectory() as tmp:
        build_index(guidance, Path(tmp), full=True)
        handle = open_searcher_index(Path(tmp))
        return [evaluate(handle, load_cases(path)) for path in sets]


def main(argv: list[str]) -> int:
    sets = [Path(a) for a in argv] or [DEFAULT_QUERIES, MISSPELLINGS, PROVISIONS]
    for path, report in zip(sets, evaluate_sets(config.guidance_dir(), sets),
                            strict=True):
        print(f"{path.name}: {report.summary()}")
        misspelt = path.name == MISSPELLINGS.name
        for line in report.misses(k=3 if misspelt else 1):
            print(line)
        for line in report.wrong_openings():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
