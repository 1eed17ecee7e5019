"""The per-process cache of decoded posting blocks: it gives what Whoosh gives,
never another index's blocks, and stays within its bound in bytes."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from whoosh import fields, index

from indexer.codec.postings import (
    CACHE,
    BlockCache,
    _directory,
    blocks,
    leaf_matcher,
    term_key,
)
from indexer.codec.readers import postings_at
from tests.indexer.helpers import whoosh_postings

SCHEMA = fields.Schema(body=fields.TEXT(phrase=False))
DOCS = 1000  # several blocks of 128 postings per common word


def _build(folder: Path, word: str, every: int, seed: int = 7) -> index.Index:
    """An index where ``word`` is in every ``every``-th document, with a
    frequency that varies, written with Whoosh's random generator seeded."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    random.seed(seed)
    ix = index.create_in(str(folder), SCHEMA)
    with ix.writer() as writer:
        for n in range(DOCS):
            words = [word] * (1 + n % 5) if n % every == 0 else []
            writer.add_document(body=" ".join([*words, "filler"]))
    return ix



def _cached(reader, word: str) -> list[tuple[int, float]]:
    return [(i, w) for ids, weights in blocks(reader, "body", word)
            for i, w in zip(ids, weights, strict=True)]


def test_a_seeded_rebuild_reads_its_own_blocks_not_the_old_ones(tmp_path):
    folder = tmp_path / "index"
    first = _build(folder, "child", every=1)
    with first.reader() as reader:
        old_id = reader.segment().segment_id()
        old = _cached(reader, "child")
        assert old == whoosh_postings(reader, "child")
        assert len(old) == DOCS
    second = _build(folder, "child", every=3)  # same seed, same folder
    with second.reader() as reader:
        # Whoosh repeats the segment id: a key made of it would read stale blocks.
        assert reader.segment().segment_id() == old_id
        new = _cached(reader, "child")
        assert new == whoosh_postings(reader, "child")
        assert len(new) == len(range(0, DOCS, 3))


def test_a_seeded_rebuild_searches_the_new_content(tmp_path):
    """The same seed and folder, the word moved to other documents: the search
    must find the new ones (a stale block would give the old ones)."""
    from indexer.build.builder import build_index
    from indexer.search.query import open_searcher_index, search
    from tests.indexer.helpers import make_guidance, write_doc

    guidance, index_dir = tmp_path / "guidance", tmp_path / "index"
    for version in (0, 1):
        for folder in (guidance, index_dir):
            if folder.exists():
                shutil.rmtree(folder)
        make_guidance(guidance, docs={})
        wanted = set()
        for n in range(300):
            word = "harbour" if n % 2 == version else "airport"
            if word == "harbour":
                wanted.add(f"note-{n}")
            write_doc(guidance, f"note-{n}", f"Note {n}",
                      f"## Checks {{#checks}}\n\nA {word} check for a child.\n")
        random.seed(11)
        build_index(guidance, index_dir, full=True)
        handle = open_searcher_index(index_dir)
        try:
            found = search(handle, "harbour", page_size=50)
            assert found.total == 150, version
            assert {hit.doc_id for hit in found.results} <= wanted
            assert len(found.results) == 50
        finally:
            handle.close()


def test_results_equal_the_uncached_path(tmp_path):
    ix = _build(tmp_path / "index", "trafficking", every=2)
    CACHE.clear()
    rng = random.Random(5)
    with ix.reader() as reader:
        every = whoosh_postings(reader, "trafficking")
        for _ in range(20):
            targets = sorted(rng.sample(range(DOCS), 60))
            cached = postings_at(reader, "body", "trafficking", targets)
            plain = [(d, w) for d, w in every if d in set(targets)]
            assert cached == plain
            assert cached  # half the documents hold the word


def test_the_bound_in_bytes_holds(tmp_path):
    ix = _build(tmp_path / "index", "exploitation", every=1)
    cache = BlockCache(max_bytes=4000)  # room for about two blocks of 128
    with ix.reader() as reader:
        key = term_key(reader, "body", "exploitation")
        count = len(cache.directory(key, leaf_matcher(reader, "body",
                                                      "exploitation"))[0])
        assert count >= 7
        for number in range(count):
            ids, _ = cache.block(key, leaf_matcher(reader, "body", "exploitation"),
                                 number)
            assert cache.size <= cache.max_bytes
        assert ids[-1] == DOCS - 1
        assert 1 <= len(cache.entries) < count
        held = [(key, count - 1)]
        assert all(k in cache.entries for k in held)
        assert (key, 0) not in cache.entries  # the oldest went first


def _walked(matcher) -> tuple[list[int], list[int]]:
    """Each block's last id and offset, block by block as Whoosh moves."""
    last_ids, offsets = [], []
    position = matcher._baseoffset
    matcher._goto(position)
    while True:
        last_ids.append(matcher._maxid)
        offsets.append(position)
        if matcher._lastblock:
            return last_ids, offsets
        position = matcher._nextoffset
        matcher._goto(position)


def test_the_directory_read_at_once_equals_walking_the_blocks(tmp_path):
    ix = _build(tmp_path / "index", "trafficking", every=3)
    for word in ("trafficking", "filler"):
        with ix.reader() as reader:  # term info read from disk
            found = _directory(leaf_matcher(reader, "body", word))
            walked = _walked(leaf_matcher(reader, "body", word))
        assert (list(found[0]), list(found[1])) == walked
        assert len(walked[0]) >= 3
