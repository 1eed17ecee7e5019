"""How far apart two spellings are for someone typing on a phone.

Plain edit distance counts every slip as one. People on touch screens make a
few slips far more often than others: they hit a key next to the one they
meant, type a letter twice or drop one of a double letter, and swap two
neighbouring letters. Those slips cost less here, so "traficking" is closer to
"trafficking" than to a word that differs by an unrelated letter. Both the
search engine (to pick a correction) and ``kb check`` (to spot a misspelling
in keywords) use this one measure.
"""

from __future__ import annotations

ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ADJACENT_KEY = 0.6  # a neighbouring key instead of the intended one
TRANSPOSED = 0.6  # two neighbouring letters swapped
DOUBLED = 0.4  # a letter typed twice, or one of a double letter dropped
OTHER = 1.0  # any other letter added, dropped or changed
FIRST_LETTER = 0.3  # extra for a different first letter: people rarely slip there


def _neighbours() -> dict[str, frozenset[str]]:
    where = {ch: (r, c + 0.5 * r) for r, row in enumerate(ROWS)
             for c, ch in enumerate(row)}
    near: dict[str, set[str]] = {ch: set() for ch in where}
    for a, (ra, ca) in where.items():
        for b, (rb, cb) in where.items():
            if a != b and abs(ra - rb) <= 1 and abs(ca - cb) <= 1:
                near[a].add(b)
    return {ch: frozenset(found) for ch, found in near.items()}


NEIGHBOURS = _neighbours()


def adjacent(a: str, b: str) -> bool:
    """True when keys ``a`` and ``b`` touch on a QWERTY keyboard."""
    return b in NEIGHBOURS.get(a, ())


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return ADJACENT_KEY if adjacent(a, b) else OTHER


def _indel(word: str, i: int) -> float:
    """Cost of adding or dropping ``word[i]``: less when it doubles a neighbour."""
    ch = word[i]
    if (i > 0 and word[i - 1] == ch) or (i + 1 < len(word) and word[i + 1] == ch):
        return DOUBLED
    return OTHER


def typing_distance(typed: str, word: str) -> float:
    """Weighted Damerau-Levenshtein distance from ``typed`` to ``word``.

    Not cached: search passes what someone typed, which may be a child's name
    and must not stay in the process's memory."""
    rows, cols = len(typed) + 1, len(word) + 1
    d = [[0.0] * cols for _ in range(rows)]
    for i in range(1, rows):
        d[i][0] = d[i - 1][0] + _indel(typed, i - 1)
    for j in range(1, cols):
        d[0][j] = d[0][j - 1] + _indel(word, j - 1)
    for i in range(1, rows):
        for j in range(1, cols):
            best = min(d[i - 1][j] + _indel(typed, i - 1),
                       d[i][j - 1] + _indel(word, j - 1),
                       d[i - 1][j - 1] + _substitution(typed[i - 1], word[j - 1]))
            if (i > 1 and j > 1 and typed[i - 1] == word[j - 2]
                    and typed[i - 2] == word[j - 1] and typed[i - 1] != typed[i - 2]):
                best = min(best, d[i - 2][j - 2] + TRANSPOSED)
            d[i][j] = best
    extra = FIRST_LETTER if typed[:1] != word[:1] else 0.0
    return round(d[-1][-1] + extra, 3)


def allowed_distance(word: str) -> float:
    """How far a correction of ``word`` may be: short words allow less, since
    every short word has many neighbours."""
    if len(word) <= 5:
        return OTHER
    if len(word) <= 7:
        return 1.6
    return 2.0
