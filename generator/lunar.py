"""Dates as the paper prints them: weekday (星期二) and lunar date (农历壬寅年十月廿九).

The masthead prints both; for an issue whose text lacks them they are worked out from the
Gregorian date (and marked as computed, not printed).
"""

from __future__ import annotations

import datetime as dt

from lunardate import LunarDate

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
WEEKDAYS = "一二三四五六日"
MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_ONES = "一二三四五六七八九十"


def weekday_label(date: str) -> str:
    """星期二 for 2022-11-22."""
    return "星期" + WEEKDAYS[dt.date.fromisoformat(date).weekday()]


def day_label(day: int) -> str:
    """初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十."""
    if day <= 10:
        return "初" + _ONES[day - 1]
    if day < 20:
        return "十" + _ONES[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _ONES[day - 21]
    return "三十"


def year_label(year: int) -> str:
    """壬寅 for 2022: the year's stem and branch."""
    return STEMS[(year - 4) % 10] + BRANCHES[(year - 4) % 12]


def fill_dates(date: str, weekday: str | None, lunar: str | None) -> tuple[str, str | None, tuple[str, ...]]:
    """(weekday, lunar date, which of the two were worked out): what was printed, else what
    ``date`` implies (no lunar date outside the years the table covers)."""
    computed = []
    if not weekday:
        weekday = weekday_label(date)
        computed.append("weekday")
    if not lunar:
        lunar = lunar_label(date)
        if lunar:
            computed.append("lunar")
    return weekday, lunar, tuple(computed)


def _lunar(date: str) -> LunarDate | None:
    day = dt.date.fromisoformat(date)
    try:
        return LunarDate.from_solar_date(day.year, day.month, day.day)
    except ValueError:  # outside the years the table covers
        return None


def _month_label(lunar: LunarDate) -> str:
    """十月, 闰二月."""
    return ("闰" if lunar.is_leap_month else "") + MONTHS[lunar.month - 1] + "月"


def lunar_label(date: str) -> str | None:
    """农历壬寅年十月廿九 for 2022-11-22 (None outside the years the table covers)."""
    lunar = _lunar(date)
    if lunar is None:
        return None
    return f"农历{year_label(lunar.year)}年{_month_label(lunar)}{day_label(lunar.day)}"


def lunar_cell(date: str) -> str:
    """What a printed calendar shows under a day: the lunar day (廿九), or on 初一 the month (十月, 闰二月)."""
    lunar = _lunar(date)
    if lunar is None:
        return ""
    return _month_label(lunar) if lunar.day == 1 else day_label(lunar.day)
