"""Chinese numerals as plans write them: '四十' is 40, '一百零一' is 101, '二〇一九' is 2019."""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def parse_chinese_numeral(text: str) -> int:
    """The value of a numeral below 10000; raises ValueError for anything that is not one."""
    if not text or any(char not in DIGITS and char not in UNITS for char in text):
        raise ValueError(f"'{text}' is not a Chinese numeral")
    if not any(char in UNITS for char in text):
        # Digit by digit, as years are written: 二〇一九.
        return int("".join(str(DIGITS[char]) for char in text))
    total, digit, last_unit = 0, None, 10000
    for char in text:
        if char in DIGITS:
            if digit is not None and DIGITS[char] != 0:
                raise ValueError(f"'{text}' is not a Chinese numeral")
            digit = DIGITS[char] or None
        else:
            unit = UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"'{text}' is not a Chinese numeral")
            # '十' alone or at the start means 一十; '一百十' also means 一百一十.
            total += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)
