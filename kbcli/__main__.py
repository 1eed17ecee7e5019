"""``python -m kbcli``: the same as the ``kb`` command."""

from kbcli.main import main

main()
