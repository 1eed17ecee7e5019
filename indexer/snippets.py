"""Safe HTML snippets with the matched words in <mark>.

Built from the character positions stored in the index (``chars=True``) with a
PinpointFragmenter, so the text is never re-analysed: a few hundred
microseconds per snippet.
"""

from __future__ import annotations

from html import escape

from whoosh.highlight import HtmlFormatter, PinpointFragmenter
from whoosh.searching import Hit, Results

SNIPPET_CHARS = 220
FALLBACK_CHARS = 200


class MarkFormatter(HtmlFormatter):
    """<mark>word</mark>, everything else escaped; fragments joined by an ellipsis."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(self._text(text[token.startchar:token.endchar]))}</mark>"


def configure(results: Results) -> None:
    results.fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=70,
                                            autotrim=True)
    results.formatter = MarkFormatter()


def snippet(results: Results, docnum: int, score: float) -> str:
    """The best fragment of a section's text, or its opening when none matched."""
    hit = Hit(results, docnum, score=score)
    try:
        html = hit.highlights("body", top=1)
    except Exception:  # a snippet must never cost the result
        html = ""
    if html:
        return html
    body = results.searcher.stored_fields(docnum).get("body", "")
    return escape(_opening(body))


def _opening(text: str) -> str:
    if len(text) <= FALLBACK_CHARS:
        return text
    cut = text[:FALLBACK_CHARS].rsplit(" ", 1)[0]
    return cut + " …"
