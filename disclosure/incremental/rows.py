"""A data file's previous copy, from which a rebuild copies the rows (and the xlsx blocks) that
did not change instead of making them again: after one edit, a large file is a few reads and writes.
"""
from __future__ import annotations

from ..outputs.data import RowWriter


class PreviousCopy:
    """A data file's previous copy (open for reading, seekable forward) and the index its writer
    returned (outputs/data.py, outputs/xlsx.py)."""

    def __init__(self, stream, index: dict):
        self.stream, self.index = stream, index

    def row_writer(self, out, separator: bytes = b"") -> RowWriter:
        return ReusingRowWriter(out, self, separator)

    def block(self, key: bytes | None) -> tuple | None:
        """An xlsx block of rows, still deflated, as the previous copy has it under key (or None)."""
        found = self.index.get(key) if key is not None else None
        data = read_at(self.stream, *found[:2]) if found is not None else None
        return (data, *found[2:], key) if data is not None else None


class ReusingRowWriter(RowWriter):
    """RowWriter taking each row from the file's previous copy when that has a row of the same key.

    Rows come in the same order build after build, so the previous copy is read forward only; a
    row found behind it (one that moved) is made again. Rows that follow each other in the previous
    copy are copied together with the separators between them, up to _RUN bytes at a time."""

    _RUN = 1 << 22

    def __init__(self, out, previous: PreviousCopy, separator: bytes = b""):
        super().__init__(out, separator)
        self._old, self._old_index = previous.stream, previous.index
        self._old_at = 0
        self._run = []  # (key, make, offset, length) of rows to copy next: the previous copy from _run[0]'s offset

    def write(self, data: bytes) -> None:
        self._copy_run()
        super().write(data)

    def row(self, key: bytes | None, make) -> None:
        """Write the row of this key: the previous copy's, or make() (bytes)."""
        first, self.rows = not self.rows, self.rows + 1
        found = self._old_index.get(key) if key is not None and self._old is not None else None
        if found is None or found[0] < self._old_at:
            self.write(b"" if first else self.separator)
            self.write_row(key, make())
            return
        offset, length = found
        self._old_at = offset + length
        if self._run:
            start, (*_, last, last_length) = self._run[0][2], self._run[-1]
            if offset != last + last_length + len(self.separator) or offset - start >= self._RUN:
                self._copy_run()
        if not self._run:
            self.write(b"" if first else self.separator)
        self._run.append((key, make, offset, length))

    def done(self) -> dict:
        """Write what is left; return where each row went: key -> (offset, length)."""
        self._copy_run()
        return self.index

    def _copy_run(self) -> None:
        run, self._run = self._run, []
        if not run:
            return
        start, end = run[0][2], run[-1][2] + run[-1][3]
        data = read_at(self._old, start, end - start)
        if data is None:  # the previous copy is shorter than its index says: the rows are made
            for number, (key, make, _, _) in enumerate(run):
                if number:
                    self.write_row(None, self.separator)
                self.write_row(key, make())
            return
        for key, _, offset, length in run:
            self.index[key] = (self.position + offset - start, length)
        self.out.write(data)
        self.position += len(data)


def read_at(stream, offset: int, length: int) -> bytes | None:
    """length bytes of stream from offset, or None when it holds fewer there."""
    stream.seek(offset)
    data = stream.read(length)
    return data if len(data) == length else None
