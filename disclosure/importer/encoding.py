"""Bytes of a plain-text or web-page plan -> text, whatever encoding Chinese offices save in."""
from __future__ import annotations

from ..frontmatter import decode_text


def decode_bytes(data: bytes, shown: str) -> str:
    """Text in UTF-8, GBK/GB18030 or UTF-16 (a BOM is not required for UTF-16), with LF line ends."""
    if b"\x00" in data and data[:2] not in (b"\xff\xfe", b"\xfe\xff") and len(data) % 2 == 0:
        # Notepad writes UTF-16 with a BOM, other tools may not. ASCII characters (line ends at
        # least) put their zero byte second in little-endian text and first in big-endian text.
        odd, even = data[1::2].count(0), data[0::2].count(0)
        bom = b"\xff\xfe" if odd > 4 * even else b"\xfe\xff" if even > 4 * odd else b""
        if bom:
            try:
                text = (bom + data).decode("utf-16")
            except UnicodeDecodeError:
                text = ""
            if text and "\x00" not in text:
                return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode_text(data, shown)
