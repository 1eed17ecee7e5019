"""The document-level BM25 is Whoosh's own formula, with Whoosh's parameters."""

import numpy as np
from whoosh.scoring import BM25F, bm25

from indexer.search.bm25 import K1, B, length_norms, word_scores


def test_parameters_are_those_of_the_section_scores():
    default = BM25F()
    assert (B, K1) == (default.B, default.K1)


def test_word_scores_equal_whooshs_bm25():
    lengths, average, idf, weight = [1, 4, 9, 30], 7.5, 2.3, 1.5
    tf = np.array([1.0, 2.0, 3.0, 7.0])
    found = word_scores(tf, length_norms(lengths, average), weight, idf)
    expected = [weight * bm25(idf, t, n, average, B, K1)
                for t, n in zip(tf, lengths, strict=True)]
    assert np.allclose(found, expected, rtol=1e-12, atol=0)
    assert len(set(found.tolist())) == 4  # length and frequency both count
