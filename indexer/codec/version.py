"""Which Whoosh the codec was written for, checked when it is imported.

The codec reads Whoosh's private attributes and its ``whoosh3`` file layout
directly. Another distribution of the ``whoosh`` package (the original
``Whoosh``, the ``whoosh3`` fork) or another version may rename or move any of
them, and a fast path would then break or fall back unseen. So the codec
refuses to load with any other, and says which one it needs.
"""

from __future__ import annotations

from importlib import metadata

EXPECTED = ("Whoosh-Reloaded", "2.7.5")
# Other distributions that install the same ``whoosh`` package.
OTHERS = ("Whoosh", "whoosh3", "whoosh-ng")


class WhooshVersionError(ImportError):
    """The installed Whoosh is not the one the codec was written for."""


def installed() -> dict[str, str]:
    """Version of each distribution of the ``whoosh`` package that is installed."""
    found = {}
    for name in (EXPECTED[0], *OTHERS):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def check(found: dict[str, str]) -> None:
    """Raise ``WhooshVersionError`` unless ``found`` is exactly the expected
    distribution at the expected version."""
    name, version = EXPECTED
    if found == {name: version}:
        return
    seen = ", ".join(f"{n} {v}" for n, v in sorted(found.items())) or "none"
    raise WhooshVersionError(
        f"indexer/codec/ was written for {name} {version} and reads its private "
        f"internals; installed: {seen}. Install {name}=={version} alone "
        f"(setup.cfg pins it; 'make setup' installs it).")
