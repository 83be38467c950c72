"""Calendar arithmetic: moving a date by days, weeks, months, quarters or years
(dateutil's ``relativedelta``), Easter and Orthodox Easter, the
n-th weekday and the last day of a month, the order of two values."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .dates import When

@lru_cache(maxsize=4096)
def shift(base: dt.date, amount: int, unit: str) -> dt.date | None:
    """``base`` moved by ``amount`` days/weeks/months/quarters/years (negative: back),
    with dateutil's ``relativedelta``: a month on from 31 January is the last day of
    February, a year on from 29 February is 28 February (the arithmetic dateparser
    applies to 'in 3 months' and '3 months ago', without its per-call parsing). None
    beyond the calendar's years 1-9999, and for any other unit."""
    from dateutil.relativedelta import relativedelta

    if unit == "quarter":
        amount, unit = 3 * amount, "month"
    if unit not in ("day", "week", "month", "year"):
        return None
    try:
        return base + relativedelta(**{f"{unit}s": amount})
    except (ValueError, OverflowError):
        return None


def valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000: leap year, Feb 29 allowed
    except ValueError:
        return False
    return True


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter Sunday: the Julian computus, moved to the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = dt.date(year, month, day + 1)
    return julian + dt.timedelta(days=year // 100 - year // 400 - 2)


def last_day(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def order(w: When) -> tuple:
    return (w.year or 0, w.month or 0, w.day or 0, w.part or 0)
