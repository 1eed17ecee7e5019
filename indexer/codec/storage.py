"""Read index files with positional reads instead of copying them into memory.

Whoosh opens a generation's compound segment files with ``mmap``, and each
file inside one (postings, terms, stored fields) with a ``BufferFile`` that
wraps the mapping in ``io.BytesIO``, which copies the whole file into the
process: at 100 times today's library about 345 MB for every searcher, the
largest part of a worker's memory. ``ReadStorage`` opens files for reading
with ``os.pread`` instead: nothing is copied or mapped, each read asks for
only the bytes it needs, and the pages stay in the operating system's cache,
shared by every worker. Searches read about as fast (BENCHMARKS.md, "Memory").

Written against Whoosh-Reloaded 2.7.5 (pinned): ``tests/indexer/test_storage.py``
checks that searches give the same results through it.
"""

from __future__ import annotations

import os

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

NEWLINE = b"\n"
PEEK_LIMIT = 512  # the unpickler asks to peek 128 KB; a block header is ~50 bytes
LINE_CHUNK = 256
WINDOW = 4096  # bytes read at once for small reads


class ReadFile(StructFile):
    """A Whoosh ``StructFile`` reading part of a file with ``os.pread``.

    It is its own file object (``self.file is self``), with its own position,
    so files cut from one descriptor with ``subset`` (the files inside a
    compound segment) never disturb each other. Small reads go through a
    window of ``WINDOW`` bytes: Whoosh reads a posting block as several small
    reads (its length, a pickled header, the ids), which then cost one system
    call, not five. ``peek`` lets the unpickler read ahead instead of calling
    ``read`` once per opcode. The file that opened the descriptor owns it and
    closes it.
    """

    def __init__(self, fd: int, base: int, length: int, name: str | None = None,
                 owner: bool = False) -> None:
        super().__init__(None, name=name)
        self.file = self
        self.is_real = False  # no fileno(): arrays are read through read()
        self._fd, self._base, self._length, self._owner = fd, base, length, owner
        self._pos, self._window, self._window_at = 0, b"", 0

    def _fetch(self, start: int, size: int) -> bytes:
        """``size`` bytes from ``start`` (fewer at the end), position unchanged."""
        size = min(size, self._length - start)
        if size <= 0:
            return b""
        offset = start - self._window_at
        if offset >= 0 and offset + size <= len(self._window):
            return self._window[offset:offset + size]
        if size >= WINDOW:
            return os.pread(self._fd, size, self._base + start)
        self._window = os.pread(self._fd, min(WINDOW, self._length - start),
                                self._base + start)
        self._window_at = start
        return self._window[:size]

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        if size is None or size < 0:
            size = self._length - start
        offset = start - self._window_at
        window = self._window
        if offset >= 0 and offset + size <= len(window):  # the common case
            self._pos = start + size
            return window[offset:offset + size]
        data = self._fetch(start, size)
        self._pos = start + len(data)
        return data

    def peek(self, size: int = 1) -> bytes:
        """Up to ``size`` bytes ahead (at most ``PEEK_LIMIT``), not consumed."""
        return self._fetch(self._pos, min(max(size, 1), PEEK_LIMIT))

    def readline(self, size: int | None = -1) -> bytes:
        limit = self._length if size is None or size < 0 else \
            min(self._pos + size, self._length)
        found = b""
        while self._pos < limit:
            chunk = self._fetch(self._pos, min(LINE_CHUNK, limit - self._pos))
            if not chunk:
                break
            end = chunk.find(NEWLINE)
            if end >= 0:
                chunk = chunk[:end + 1]
            found += chunk
            self._pos += len(chunk)
            if end >= 0:
                break
        return found

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self._pos, self._length)[whence]
        self._pos = max(base + pos, 0)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def get(self, position: int, length: int) -> bytes:
        return self._fetch(position, length)

    def subset(self, position: int, length: int, name: str | None = None) -> ReadFile:
        return ReadFile(self._fd, self._base + position, length, name or self._name)

    def __iter__(self):
        while line := self.readline():
            yield line

    def write(self, *_args: object) -> None:
        raise OSError(f"{self._name} is open for reading only")

    truncate = write

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.is_closed:
            return
        self.is_closed = True
        if self._owner:
            os.close(self._fd)


class ReadStorage(FileStorage):
    """A read-only ``FileStorage`` whose files are read with ``os.pread``."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs) -> ReadFile:
        fd = os.open(self._fpath(name), os.O_RDONLY)
        try:
            length = os.fstat(fd).st_size
        except OSError:
            os.close(fd)
            raise
        return ReadFile(fd, 0, length, name=name, owner=True)
