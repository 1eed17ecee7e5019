"""The ``kb`` command line: the top layer, above ``kb`` and ``indexer``.

Nothing in ``kb``, ``indexer`` or ``web`` imports this package
(``tests/test_layers.py`` checks).
"""
