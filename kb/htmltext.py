"""Change the text of rendered HTML without touching its tags.

Python-Markdown's output is well formed with double-quoted attributes, so a tag is
``<`` up to the first ``>`` outside quotes. Text between tags is escaped HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
VOID = {"br", "hr", "img", "wbr"}


def map_text(html: str, change: Callable[[str], str], skip: Iterable[str] = ()) -> str:
    """Apply ``change`` to every text run that is not inside a ``skip`` element."""
    skip = set(skip)
    out, depth, last = [], 0, 0
    for tag in TAG.finditer(html):
        out.append(_text(html[last:tag.start()], change, depth))
        out.append(tag.group(0))
        name, closing = tag.group(2).lower(), tag.group(1) == "/"
        if name in skip and name not in VOID and not tag.group(0).endswith("/>"):
            depth += -1 if closing else 1
        last = tag.end()
    out.append(_text(html[last:], change, depth))
    return "".join(out)


def _text(text: str, change: Callable[[str], str], depth: int) -> str:
    return change(text) if text and depth == 0 else text
