"""Each text tokenised once, its tokens shared by every field that indexes it.

A section's body is indexed three ways (stemmed with positions in ``body``,
as neighbouring stems in ``pairs``, as whole words in ``spell``), and its
document's title and keywords go into ``pairs`` and ``spell`` of every
section. Whoosh would run a chain of generator filters over the same text
for each field. Here a text is split and folded once (``folded``, kept for
the last few texts, so a title repeated in every section is split once per
document), and each field takes what it needs from that pass.

The pass is the analyzers of ``indexer.schema`` written as one loop, built
from those analyzers' own parts (pattern, character map, stop words,
exceptions, stemmer) so the two cannot drift apart;
``tests/indexer/test_tokens.py`` checks both give the same postings.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator

from whoosh.analysis import (
    CharsetFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.system import pack_uint

from indexer.stemming import STEM_EXCEPTIONS

Folded = list[tuple[str, int, int]]  # (lowercased, folded word, start, end)
Stemmed = list[tuple[str, int, int, int]]  # (stem, position, start, end)
Posting = tuple[bytes, int, float, bytes]  # Whoosh's (term, freq, weight, value)
KEPT = 16  # texts whose pass is kept: a section's fields and its document's
PACKED = [pack_uint(n) for n in range(256)]  # one bytes object per frequency


class TokenPass:
    """The word analysis of ``text_analyzer`` (stems) and ``spell_analyzer``
    (whole words), run once per text and shared."""

    def __init__(self, text_analyzer, spell_analyzer) -> None:
        parts = list(text_analyzer.items)
        tokenizer = _one(parts, RegexTokenizer)
        self.pattern = tokenizer.expression
        self.charmap = _one(parts, CharsetFilter).charmap
        stops = _one(parts, StopFilter)
        self.stops, self.minsize = stops.stops, stops.min
        stemmer = _one(parts, StemFilter)
        self.stem_fn, self.ignore = _stem_function(stemmer), stemmer.ignore
        spell_stops = _one(list(spell_analyzer.items), StopFilter)
        self.spell_stops, self.spell_minsize = spell_stops.stops, spell_stops.min
        self._stems: dict[str, str] = {}
        self._folded: OrderedDict[str, Folded] = OrderedDict()
        self._stemmed: OrderedDict[str, Stemmed] = OrderedDict()

    # -- the shared pass ------------------------------------------------------
    def folded(self, text: str) -> Folded:
        """Every word of ``text``, lowercased and accent-folded, with its
        characters: the tokenizer, lowercase and charset filters."""
        found = self._folded.get(text)
        if found is None:
            charmap = self.charmap
            found = []
            for match in self.pattern.finditer(text):
                word = match.group().lower()
                if not word.isascii():  # lowercase ASCII folds to itself
                    word = word.translate(charmap)
                found.append((word, match.start(), match.end()))
            _keep(self._folded, text, found)
        return found

    def stemmed(self, text: str) -> Stemmed:
        """The stop filter and stemmer applied to ``folded(text)``, with
        positions numbered as the stop filter renumbers them."""
        found = self._stemmed.get(text)
        if found is None:
            stops, minsize, stem = self.stops, self.minsize, self.stem
            found, pos = [], None
            for at, (word, start, end) in enumerate(self.folded(text)):
                if len(word) < minsize or word in stops:
                    continue
                pos = at if pos is None else pos + 1
                found.append((stem(word), pos, start, end))
            _keep(self._stemmed, text, found)
        return found

    def stem(self, word: str) -> str:
        found = self._stems.get(word)
        if found is None:
            found = STEM_EXCEPTIONS.get(word, word)
            if found not in self.ignore:
                found = self.stem_fn(found)
            self._stems[word] = found
        return found

    def spelled(self, text: str) -> Iterator[str]:
        """The whole words the spelling dictionary keeps from ``text``."""
        stops, minsize = self.spell_stops, self.spell_minsize
        return (w for w, _, _ in self.folded(text) if len(w) >= minsize
                and w not in stops)

    # -- postings, as Whoosh's formats would make them -------------------------
    def frequencies(self, words: Iterable[str], boost: float) -> list[Posting]:
        """Postings of a field without positions (Whoosh's ``Frequency``)."""
        counts: dict[str, int] = defaultdict(int)
        for word in words:
            counts[word] += 1
        return [(w.encode("utf-8"), n, float(n) * boost,
                 PACKED[n] if n < len(PACKED) else pack_uint(n))
                for w, n in counts.items()]

    def positions(self, text: str, fmt, chars: bool) -> list[Posting]:
        """Postings of a field with positions, and characters if ``chars``
        (Whoosh's ``Positions`` and ``Characters``), encoded by ``fmt``."""
        seen: dict[str, list] = defaultdict(list)
        if chars:
            for stem, pos, start, end in self.stemmed(text):
                seen[stem].append((pos, start, end))
        else:
            for stem, pos, _, _ in self.stemmed(text):
                seen[stem].append(pos)
        boost = fmt.field_boost
        return [(w.encode("utf-8"), len(p), float(len(p)) * boost, fmt.encode(p))
                for w, p in seen.items()]

    def pairs(self, texts: Iterable[str]) -> list[str]:
        """Neighbouring stems across ``texts`` read as one ("traffick child"),
        or the only stem when there is one (Whoosh's ``BiWordFilter``)."""
        texts = list(texts)
        stems = [s for text in texts for s, _, _, _ in self.stemmed(text)]
        if len(stems) == 1:
            return [self._last_word(texts, stems[0])]
        return [f"{a} {b}" for a, b in itertools.pairwise(stems)]

    def _last_word(self, texts: list[str], stem: str) -> str:
        """What Whoosh's filter emits for a lone stem: its one reused token,
        which holds the last word read, a dropped stop word included."""
        last = next((f for text in reversed(texts) for f in self.folded(text)[-1:]),
                    None)
        if last is None or not (len(last[0]) < self.minsize or last[0] in self.stops):
            return stem
        return last[0]


def _stem_function(stemmer: StemFilter):
    """The function the filter stems with: its language's Snowball stemmer
    when it names a language (as ``StemFilter.clear`` picks it)."""
    if stemmer.lang:
        from whoosh.lang import stemmer_for_language

        return stemmer_for_language(stemmer.lang)
    return stemmer.stemfn


def _one(parts: list, kind: type):
    found = [p for p in parts if isinstance(p, kind)]
    if len(found) != 1:
        raise ValueError(f"expected one {kind.__name__} in the analyzer, "
                         f"found {len(found)}")
    return found[0]


def _keep(cache: OrderedDict, key: str, value) -> None:
    cache[key] = value
    if len(cache) > KEPT:
        cache.popitem(last=False)
