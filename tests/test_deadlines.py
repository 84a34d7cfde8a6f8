"""Deadlines as plans write them, including the damage scraping does."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from disclosure.deadlines import DATE, IMMEDIATE, ONGOING, TEXT, Deadline, parse_deadline, repair_deadline


@pytest.mark.parametrize("text, day", [
    ("2018年9月底前", date(2018, 9, 30)),
    ("20189月底前", date(2018, 9, 30)),  # scraping dropped the 年
    ("201812月底", date(2018, 12, 31)),
    ("201810月底前", date(2018, 10, 31)),
    ("2019年6月30日前", date(2019, 6, 30)),
    ("2018年底前", date(2018, 12, 31)),
    ("2019年2月底", date(2019, 2, 28)),
    ("2020年2月底", date(2020, 2, 29)),
    ("２０１９年４月底", date(2019, 4, 30)),
    ("2019年 4 月底", date(2019, 4, 30)),
    ("2018年上半年", date(2018, 6, 30)),
    ("2018年下半年", date(2018, 12, 31)),
    ("2018年第三季度", date(2018, 9, 30)),
    ("2018年9月底前完成,2019年6月底前全部销号", date(2019, 6, 30)),  # staged: the last date wins
])
def test_dates(text, day):
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.date, deadline.text) == (DATE, day, text)


@pytest.mark.parametrize("text, kind", [
    ("立行立改", IMMEDIATE),
    ("立即整改", IMMEDIATE),
    ("立行立改、持续推进", ONGOING),
    ("立行立改,持续推进", ONGOING),
    ("持续推进", ONGOING),
    ("长期坚持", ONGOING),
    ("按《项目实施方案》要求持续整改", ONGOING),
    ("按照省里统一部署,在规定时间内完成。", TEXT),
    ("", TEXT),
])
def test_words(text, kind):
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.date) == (kind, None)
    assert deadline.text == text


def test_text_is_kept_as_written():
    assert parse_deadline("按照省里统一部署").label == "按照省里统一部署"
    assert parse_deadline("20189月底前").text == "20189月底前"
    assert parse_deadline("20189月底前").label == "2018年9月30日"


@pytest.mark.parametrize("text", ["2018年13月底", "201813月底前", "2019年2月30日", "2018年0月"])
def test_impossible_dates_raise(text):
    with pytest.raises(ValueError):
        parse_deadline(text)


@pytest.mark.parametrize("text, repaired", [
    ("20189月底前", "2018年9月底前"),
    ("201812月底", "2018年12月底"),
    ("2018年9月底前", "2018年9月底前"),
    (" 2019 年\u00a06月\u3000底前 ", "2019年6月底前"),
    ("２０１８年９月", "2018年9月"),
    ("立行立改、持续推进", "立行立改、持续推进"),
    ("完成2018930日前", "完成2018930日前"),  # no 月: nothing to repair safely
])
def test_repair(text, repaired):
    assert repair_deadline(text) == repaired


@given(st.text())
def test_any_text_gives_a_deadline_or_value_error(text):
    try:
        deadline = parse_deadline(text)
    except ValueError:
        return
    assert isinstance(deadline, Deadline) and deadline.text == text
    assert deadline.kind in (DATE, IMMEDIATE, ONGOING, TEXT)
    assert (deadline.date is not None) == (deadline.kind == DATE)


# Deadline-like text: characters of deadlines, and the pieces deadlines are made of (random characters
# alone seldom spell a whole date).
DEADLINE_PIECES = ["2018", "2019", "20189", "201812", "２０１９", "年", "1", "6", "9", "12", "13", "0", "30", "31",
                   "月", "日", "底", "前", "上半年", "下半年", "第三季度", "四季度", "、", "立行立改", "持续推进", " "]
deadline_like = (st.text(alphabet="0123456789年月日底前上下半第一二三四季度立行改持续推进、 ０１２")
                 | st.lists(st.sampled_from(DEADLINE_PIECES), max_size=12).map("".join))


@given(deadline_like)
def test_deadline_like_text_is_read_as_repaired_and_a_later_date_wins(text):
    later = text + "，9999年底前"  # a stage after every date four digits can name
    try:
        deadline = parse_deadline(text)
    except ValueError:
        with pytest.raises(ValueError):  # the impossible date is still named
            parse_deadline(later)
        return
    repaired = repair_deadline(text)
    as_repaired = parse_deadline(repaired)
    assert deadline.text == text and (deadline.kind, deadline.date) == (as_repaired.kind, as_repaired.date)
    if deadline.kind == DATE:
        assert f"{deadline.date.year}年" in repaired, "a date is only read from a year the text names"
    else:
        assert deadline.date is None
    assert (parse_deadline(later).kind, parse_deadline(later).date) == (DATE, date(9999, 12, 31))
