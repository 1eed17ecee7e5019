"""The BM25 formula of the document-level pass, written once.

A word's score in one field of a document is Whoosh's ``bm25``::

    idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))

with the same ``B`` and ``K1`` as the section scores (Whoosh's ``BM25F``
defaults), so a document scores much as its best section will. The length
part depends only on the document, so ``length_norms`` works it out once per
generation (``indexer.search.catalogue``); ``word_scores`` adds the word's
part for each search (``indexer.search.candidates``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh.scoring import BM25F

_SECTION_WEIGHTING = BM25F()  # as ``indexer.codec.scoring.CachedLengthBM25F()``
B, K1 = _SECTION_WEIGHTING.B, _SECTION_WEIGHTING.K1


def length_norms(lengths: Iterable[int], average: float) -> np.ndarray:
    """``K1 * (1 - B + B * length / average)`` for each document's length."""
    return np.array([K1 * (1 - B + B * n / average) for n in lengths], np.float64)


def word_scores(tf: np.ndarray, norms: np.ndarray, weight: float,
                idf: float) -> np.ndarray:
    """Each document's BM25 score for one word, times ``weight``, from its
    frequencies ``tf`` and its ``length_norms``."""
    factor = weight * idf * (K1 + 1)
    return factor * tf / (tf + norms)
