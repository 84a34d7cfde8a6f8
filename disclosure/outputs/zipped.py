"""A zip archive written entry by entry, each entry's deflate stream given as pieces.

zipfile compresses what it is given; here an entry may also be made of pieces deflated earlier (a
data file's rows reused from its previous copy, see xlsx.py). Each piece is deflated on its own and
ends on a byte boundary (Z_SYNC_FLUSH), so pieces join into one valid stream; the entry's CRC-32 is
combined from the pieces' own. Every entry is dated the build date and readable by everyone.
"""
from __future__ import annotations

import itertools
import struct
import zlib
from collections.abc import Callable, Iterable
from datetime import date

_LIMIT = (1 << 32) - 1  # beyond this a size or offset needs ZIP64
_IN_ZIP64 = 0xFFFFFFFF  # what a field says when its value is in the ZIP64 extra field
_FINAL = b"\x03\x00"  # an empty final deflate block: ends a stream of joined pieces
# Level 3 is as quick as level 1 on a large sheet for a smaller file, and much quicker than the
# default (6) for a slightly larger one (bench/RESULTS.md).
_LEVEL = 3


def deflated(data: bytes, key: bytes | None = None) -> tuple[bytes, int, int, bytes | None]:
    """A piece: (deflated bytes ending on a byte boundary, CRC-32 and length of data, key)."""
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.crc32(data), len(data), key


class ZipWriter:
    """Writes entries to out (a seekable binary file); close() writes the central directory."""

    def __init__(self, out, built_on: date):
        self.out, self.entries = out, []
        self.time, self.date = 0, (built_on.year - 1980) << 9 | built_on.month << 5 | built_on.day

    def add(self, name: str, pieces: Callable[[], Iterable], zip64: bool = False) -> dict:
        """Write an entry from its pieces (pieces() yields them, see deflated). Returns where each
        keyed piece went: key -> (offset, deflated length, CRC-32, length).

        ZIP64 headers are written only for an entry past 4 GiB (Excel is known to be strict about
        them): such an entry is found out when written, and written again with them."""
        encoded, where = name.encode("ascii"), {}
        offset = self.out.tell()
        self.out.write(self._local_header(encoded, 0, 0, 0, zip64))
        crc = compressed = length = 0
        for data, piece_crc, piece_length, key in itertools.chain(pieces(), [(_FINAL, 0, 0, None)]):
            if key is not None:
                where[key] = (self.out.tell(), len(data), piece_crc, piece_length)
            self.out.write(data)
            crc, compressed, length = crc32_combine(crc, piece_crc, piece_length), compressed + len(data), length + piece_length
        if not zip64 and max(compressed, length) > _LIMIT:
            self.out.seek(offset)
            self.out.truncate()
            return self.add(name, pieces, zip64=True)
        end = self.out.tell()
        self.out.seek(offset)
        self.out.write(self._local_header(encoded, crc, compressed, length, zip64))
        self.out.seek(end)
        self.entries.append((encoded, offset, crc, compressed, length, zip64))
        return where

    def _local_header(self, name: bytes, crc: int, compressed: int, length: int, zip64: bool) -> bytes:
        extra = struct.pack("<HHQQ", 1, 16, length, compressed) if zip64 else b""
        sizes = (_IN_ZIP64, _IN_ZIP64) if zip64 else (compressed, length)
        return struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if zip64 else 20, 0, 8, self.time, self.date,
                           crc, *sizes, len(name), len(extra)) + name + extra

    def close(self) -> None:
        start = self.out.tell()
        for name, offset, crc, compressed, length, zip64 in self.entries:
            # ZIP64 fields hold what does not fit, in this order: sizes, then the header's offset.
            large = compressed > _LIMIT or length > _LIMIT
            fields = [length, compressed] * large + [offset] * (offset > _LIMIT)
            extra = struct.pack(f"<HH{len(fields)}Q", 1, 8 * len(fields), *fields) if fields else b""
            sizes = (_IN_ZIP64, _IN_ZIP64) if large else (compressed, length)
            version = 45 if zip64 or fields else 20
            self.out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 3 << 8 | version, version, 0, 8,
                                       self.time, self.date, crc, *sizes, len(name), len(extra), 0, 0, 0,
                                       0o644 << 16, _IN_ZIP64 if offset > _LIMIT else offset) + name + extra)
        end = self.out.tell()
        count, size = len(self.entries), end - start
        if start > _LIMIT or size > _LIMIT:
            self.out.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, start))
            self.out.write(struct.pack("<IIQI", 0x07064B50, 0, end, 1))
        self.out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, _IN_ZIP64 if size > _LIMIT else size,
                                   _IN_ZIP64 if start > _LIMIT else start, 0))


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of two byte strings joined, from the CRC-32 of each and the second's length
    (zlib's crc32_combine, which Python's zlib does not expose)."""
    return _multiply(_x_power(length2, 3), crc1) ^ crc2


_POLY = 0xEDB88320


def _multiply(a: int, b: int) -> int:
    """a times b modulo the CRC-32 polynomial (bit-reflected, as zlib's multmodp)."""
    m, product = 1 << 31, 0
    while True:
        if a & m:
            product ^= b
            if a & (m - 1) == 0:
                return product
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _x_power(n: int, k: int) -> int:
    """x^(n * 2^k) modulo the polynomial (zlib's x2nmodp)."""
    product = 1 << 31  # x^0
    while n:
        if n & 1:
            product = _multiply(_X_POWERS[k & 31], product)
        n >>= 1
        k += 1
    return product


_X_POWERS = [1 << 30]  # x^(2^k) for k = 0..31
for _ in range(31):
    _X_POWERS.append(_multiply(_X_POWERS[-1], _X_POWERS[-1]))
