"""Curated best bets: urgent queries mapped by editors to exact sections."""

from __future__ import annotations

from collections.abc import Iterable

from indexer.schema import analyse, analyse_known


def best_bets(bets: list[dict], text: str) -> list[dict]:
    """The sections of every bet whose query the search text is or contains.

    Both sides are compared as analysed words, so "Child gone missing?" meets
    "child gone missing". A bet query of one word must match the whole text.
    """
    tokens = analyse(text)
    found: list[dict] = []
    for bet in bets:
        if not any(_hits(tokens, analyse_known(q)) for q in bet["queries"]):
            continue
        for section in bet["sections"]:
            entry = _entry(bet, section)
            if entry not in found:
                found.append(entry)
    return found


def matches(text: str, queries: Iterable[str]) -> bool:
    """Whether ``text`` is or contains one of ``queries``, by the best-bet rule."""
    tokens = analyse(text)
    return any(_hits(tokens, analyse_known(q)) for q in queries)


def _hits(tokens: tuple[str, ...], bet: tuple[str, ...]) -> bool:
    if not bet:
        return False
    if len(bet) == 1:
        return tokens == bet
    n = len(bet)
    return any(tokens[i:i + n] == bet for i in range(len(tokens) - n + 1))


def _entry(bet: dict, section: dict) -> dict:
    anchor = section["anchor"]
    url = f"/doc/{section['doc_id']}" + (f"#{anchor}" if anchor else "")
    return {"title": section["title"], "doc_id": section["doc_id"], "anchor": anchor,
            "number": section["number"], "heading": section["heading"], "url": url,
            "label": bet.get("title")}
