"""Run axe-core (pinned in package.json) on a page and report what it finds.

The script is injected from node_modules, so the page must be opened in a browser
context created with ``bypass_csp=True``: the site's Content-Security-Policy rightly
refuses injected scripts.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.browser.support import AXE_SCRIPT

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


@dataclass(frozen=True)
class Violation:
    id: str
    impact: str | None
    help: str
    nodes: list[str]

    def __str__(self) -> str:
        where = "\n    ".join(self.nodes[:5])
        return f"{self.id} ({self.impact}): {self.help}\n    {where}"


def violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """WCAG 2.2 AA violations of the given impacts on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    found = [Violation(**v) for v in page.evaluate(RUN_AXE, WCAG_22_AA)]
    return [v for v in found if v.impact in impacts]


def report(found: list[Violation]) -> str:
    return "\n".join(str(v) for v in found)
