"""The storage codec: how the index is laid out on disk and read back quickly.

This package is the only code that names Whoosh's private attributes and
methods or knows its on-disk layouts (posting blocks, length columns, the
segment commit). Everything above it uses the typed functions here or
Whoosh's public API (``tests/test_layers.py`` checks). It refuses to load with
any Whoosh but the one it was written for (``version``), and counts each time
a fast path falls back to Whoosh's own reading (``fallbacks``).
"""

from indexer.codec import version

version.check(version.installed())

from indexer.codec import blocks  # noqa: E402,F401 (old indexes name its old path)
