"""Read index files in place instead of copying each one into every reader.

A generation's segments are compound files that Whoosh maps into memory
(``mmap``). For each file inside one (postings, terms, stored fields), its
``BufferFile`` then wraps the mapping in ``io.BytesIO``, which copies the whole
file into the process: at 100 times today's library that is about 345 MB per
searcher, the largest part of a worker's memory. ``InPlaceBufferFile`` reads
the mapping through a cursor that copies only the bytes asked for, so the
pages stay in the operating system's cache, shared by every worker.

``read_in_place()`` makes Whoosh's compound storage use it. It is written
against Whoosh-Reloaded 2.7.5 (pinned); ``tests/indexer/test_storage.py``
checks that reads give the same bytes and that no reader copies a file.
"""

from __future__ import annotations

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

NEWLINE = 10
PEEK_LIMIT = 512  # the unpickler asks to peek 128 KB; a block header is ~50 bytes


class Cursor:
    """A read-only file over a buffer, like ``io.BytesIO`` but without a copy.

    ``peek`` lets the unpickler read ahead instead of calling ``read`` once
    per opcode (Whoosh unpickles a header for every posting block).
    """

    __slots__ = ("_buf", "_len", "_pos")

    def __init__(self, buf: memoryview) -> None:
        self._buf, self._pos, self._len = buf, 0, len(buf)

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = self._len if size is None or size < 0 else min(start + size, self._len)
        self._pos = end
        return self._buf[start:end].tobytes()

    def peek(self, size: int = 1) -> bytes:
        """Up to ``size`` bytes ahead (at most ``PEEK_LIMIT``), not consumed."""
        start, size = self._pos, min(max(size, 1), PEEK_LIMIT)
        return self._buf[start:min(start + size, self._len)].tobytes()

    def readline(self, size: int | None = -1) -> bytes:
        start, buf = self._pos, self._buf
        limit = self._len if size is None or size < 0 else min(start + size, self._len)
        end = start
        while end < limit and buf[end] != NEWLINE:
            end += 1
        self._pos = min(end + 1, limit)
        return buf[start:self._pos].tobytes()

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, self._len)[whence]
        self._pos = max(base + pos, 0)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._buf = memoryview(b"")


class InPlaceBufferFile(BufferFile):
    """Whoosh's ``BufferFile`` reading its buffer in place."""

    def __init__(self, buf, name=None, onclose=None) -> None:
        super().__init__(b"", name, onclose)
        self._buf = buf
        self.file = Cursor(memoryview(buf))

    def subset(self, position: int, length: int, name: str | None = None):
        return InPlaceBufferFile(self._buf[position:position + length],
                                 name=name or self._name)


def read_in_place() -> None:
    """Make Whoosh read compound segment files in place (idempotent)."""
    compound.BufferFile = InPlaceBufferFile
