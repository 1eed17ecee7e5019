"""The storage codec reads what Whoosh's own public reader reads, falls back
only when it must (and counts it), and loads only with the Whoosh it knows.

One real index in tmp_path, built by ``kb index`` and then edited, so it has
several segments, deletions and our own block writer: every codec reader is
compared with Whoosh's public matcher, term by term, on every segment.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from whoosh import fields, index
from whoosh.codec.plaintext import PlainTextCodec

from indexer.build.builder import build_index
from indexer.codec import fallbacks, version
from indexer.codec.postings import CACHE, blocks, uncached_blocks
from indexer.codec.readers import characters_at, postings_at
from indexer.codec.scoring import field_lengths
from indexer.generations import current_folder
from kb.config import REPO_ROOT
from tests.indexer.helpers import whoosh_postings, write_doc

FIELDS = ("body", "title", "heading", "keywords", "summary")


@pytest.fixture(scope="module")
def segments(tmp_path_factory):
    """The leaf readers of an edited section index: several segments, deletions."""
    from tests.indexer.helpers import make_guidance

    root = tmp_path_factory.mktemp("codec")
    guidance, index_dir = make_guidance(root / "guidance"), root / "index"
    for n in range(300):  # common words: postings of several blocks of 128
        word = ("harbour", "airport", "station")[n % 3]
        write_doc(guidance, f"note-{n}", f"Note {n} on a {word}",
                  f"## Checks {{#checks}}\n\nA {word} check for a child at risk.\n"
                  + "Refer the child. " * (n % 4))
    build_index(guidance, index_dir, full=True)
    for n in range(3):
        write_doc(guidance, "county-lines", "County lines", "## What it is "
                  "{#what-it-is}\n\n" + "Gangs exploit a child. " * (n + 1))
        build_index(guidance, index_dir)
    ix = index.open_dir(str(current_folder(index_dir)))
    reader = ix.reader()
    leaves = [leaf for leaf, _offset in reader.leaf_readers()]
    assert len(leaves) > 1 and any(leaf.has_deletions() for leaf in leaves)
    yield leaves
    reader.close()


def _terms(reader, fieldname):
    return [t.decode("utf-8") if isinstance(t, bytes) else t
            for t in reader.lexicon(fieldname)]


def _live(reader, found):
    """The postings of live documents: the codec's readers give deleted ones
    too (callers ignore them), Whoosh's public reader hides them."""
    return [(i, w) for ids, weights in found for i, w in zip(ids, weights, strict=True)
            if not reader.is_deleted(i)]


def test_every_codec_reader_equals_whooshs_public_reader(segments):
    fallbacks.reset()
    CACHE.clear()
    compared = several_blocks = 0
    for reader in segments:
        every = list(range(reader.doc_count_all()))
        for fieldname in FIELDS:
            assert list(field_lengths(reader, fieldname)) == [
                reader.doc_field_length(n, fieldname, 1) or 1 for n in every]
            for text in _terms(reader, fieldname):
                expected = whoosh_postings(reader, text, fieldname)
                assert _live(reader, blocks(reader, fieldname, text)) == expected
                assert _live(reader, uncached_blocks(reader, fieldname, text)) == \
                    expected
                live = [n for n in every[::3] if not reader.is_deleted(n)]
                assert postings_at(reader, fieldname, text, live) == \
                    [(d, w) for d, w in expected if d % 3 == 0]
                compared += 1
                several_blocks += len(expected) > 128
    assert compared > 500 and several_blocks >= 5, (compared, several_blocks)
    assert fallbacks.counts() == {}, "a fast path fell back on our own index"


def test_characters_equal_whooshs_public_reader(segments):
    fallbacks.reset()
    for reader in segments:
        wanted = [n for n in range(0, reader.doc_count_all(), 2)
                  if not reader.is_deleted(n)]
        for text in _terms(reader, "body")[::7]:
            matcher = reader.postings("body", text)
            expected = []
            while matcher.is_active():
                if matcher.id() in wanted:
                    expected.append((matcher.id(), matcher.value_as("characters")))
                matcher.next()
            got = [(d, [tuple(c) for c in chars])
                   for d, chars in characters_at(reader, "body", text, wanted)]
            assert got == [(d, [tuple(c) for c in chars]) for d, chars in expected]
    assert fallbacks.counts() == {}


def test_another_codec_is_read_the_slow_way_and_counted(tmp_path):
    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT(phrase=False)))
    with ix.writer(codec=PlainTextCodec()) as writer:
        for n in range(300):
            writer.add_document(body="harbour " * (1 + n % 3))
    fallbacks.reset()
    with ix.reader() as reader:
        expected = whoosh_postings(reader, "harbour")
        assert _live(reader, blocks(reader, "body", "harbour")) == expected
        assert list(field_lengths(reader, "body")) == [
            reader.doc_field_length(n, "body", 1) or 1 for n in range(300)]
    assert fallbacks.counts() == {"blocks": 1, "field_lengths": 1}


def test_the_expected_whoosh_is_installed():
    assert version.installed() == {version.EXPECTED[0]: version.EXPECTED[1]}


@pytest.mark.parametrize("found", [
    {"Whoosh-Reloaded": "2.7.4"},
    {"whoosh3": "3.54.0"},
    {"Whoosh-Reloaded": "2.7.5", "whoosh3": "3.54.0"},
    {},
])
def test_any_other_whoosh_is_refused_by_name(found):
    with pytest.raises(version.WhooshVersionError, match=r"Whoosh-Reloaded 2\.7\.5"):
        version.check(found)


def test_importing_the_codec_with_another_whoosh_installed_stops(tmp_path):
    """A second distribution of ``whoosh`` beside ours (as ``pip install
    whoosh3`` would leave it): importing the codec stops and says why."""
    info = tmp_path / "whoosh3-3.54.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: whoosh3\n"
                                   "Version: 3.54.0\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO_ROOT)])}
    run = subprocess.run([sys.executable, "-c", "import indexer.codec"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode != 0
    assert "WhooshVersionError" in run.stderr
    assert "written for Whoosh-Reloaded 2.7.5" in run.stderr
    assert "whoosh3 3.54.0" in run.stderr


def test_segments_written_before_the_split_still_name_a_codec_that_loads():
    """An index built before indexer/ had parts records its codec as
    ``indexer.blocks.BlockCodec``: after an upgrade it must still open."""
    import pickle

    from indexer.codec.blocks import BlockCodec

    old = pickle.dumps(BlockCodec(), 0).replace(b"indexer.codec.blocks\n",
                                                b"indexer.blocks\n")
    assert b"indexer.blocks\n" in old
    assert type(pickle.loads(old)) is BlockCodec
