"""Curated best bets: urgent queries mapped by editors to exact sections."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from indexer.meta import BestBetEntry, BestBetTarget
from indexer.results import BestBet
from indexer.schema import analyse, analyse_known, contains


def best_bets(bets: tuple[BestBetEntry, ...], text: str) -> tuple[BestBet, ...]:
    """The sections of every bet whose query the search text is or contains.

    Both sides are compared as analysed words, so "Child gone missing?" meets
    "child gone missing". A bet query of one word must match the whole text.
    """
    tokens = analyse(text)
    found: list[BestBet] = []
    for bet in bets:
        if not any(_hits(tokens, analyse_known(q)) for q in bet.queries):
            continue
        for section in bet.sections:
            entry = _entry(bet, section)
            if entry not in found:
                found.append(entry)
    return tuple(found)


def matches(text: str, queries: Iterable[str]) -> bool:
    """Whether ``text`` is or contains one of ``queries``, by the best-bet rule."""
    return matcher(text)(queries)


def matcher(text: str) -> Callable[[Iterable[str]], bool]:
    """``matches`` for one text and many lists of queries: the text is analysed
    once, not once per list."""
    tokens = analyse(text)
    return lambda queries: any(_hits(tokens, analyse_known(q)) for q in queries)


def _hits(tokens: tuple[str, ...], bet: tuple[str, ...]) -> bool:
    if len(bet) == 1:
        return tokens == bet
    return contains(tokens, bet)


def _entry(bet: BestBetEntry, section: BestBetTarget) -> BestBet:
    return BestBet(section.doc_id, section.title, section.anchor, section.number,
                   section.heading, bet.title)
