"""Day and month reading: a day of the month ('5th', 'twenty-second'), a month with a
day or a year ('March 2', 'November 2020', 'last October'), a weekday ('last Friday',
'Friday of next week'), the n-th day or weekday of a month ('third Tuesday of
September', '20th of next month')."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from . import numbers, rules
from .date_calendar import last_day, nth_weekday, shift, valid
from .date_years import read_year, rel_year
from .dates import When


@lru_cache(maxsize=None)
def _month_steps() -> dict:
    """'this month', 'next month', 'last month': months from the reference month."""
    return dict(rules.load("dates")["month_steps"])


def read_day(cx, ws: list[str]) -> int | None:
    if len(ws) == 1:
        w = ws[0]
        m = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", w)
        if m:
            d = int(m.group(1))
            return d if 1 <= d <= 31 else None
        o = cx.v.ordinals.get(w)
        if o and o > 0:
            return o
    # "twenty two", "twenty - second", "thirty first"
    if 2 <= len(ws) <= 3 and ws[0] in ("twenty", "thirty"):
        tail = ws[-1]
        base = 20 if ws[0] == "twenty" else 30
        unit = cx.v.ordinals.get(tail) or numbers.lexicon().units.get(tail)
        if unit and 1 <= unit <= 9 and (len(ws) == 2 or ws[1] == "-"):
            d = base + unit
            return d if d <= 31 else None
    if len(ws) == 1 and ws[0] in numbers.lexicon().units:
        d = numbers.lexicon().units[ws[0]]
        return d if 1 <= d <= 31 else None
    return None


def month_day(cx, ws: list[str], year: int | None = None, allow_missing_year: bool = False) -> When | None:
    """Month name with a day: 'march 2', '2 march', 'the 3rd of march', 'jan twenty two'."""
    ws = [w for w in ws if w not in (",", "the", "of", ".")]
    months = [i for i, w in enumerate(ws) if w in cx.v.months]
    if len(months) != 1:
        return None
    i = months[0]
    rest = ws[:i] + ws[i + 1 :]
    d = read_day(cx, rest)
    if d is None:
        return None
    mo = cx.v.months[ws[i]]
    if not valid(year, mo, d):
        return None
    return When("D", year, mo, d)


_NONE = object()  # a reading that settled on no date (None is "not this form")


def explicit(cx, ws: list[str]) -> When | None:
    """A date written with month, day, year and weekday words and numbers ('March 2',
    'Tuesday', 'November 2020', 'the third Tuesday of September', 'last October')."""
    ws = [w for w in ws if w not in (",", ".")]
    if not ws:
        return None
    weekday, rest = lead_weekday(cx, ws)
    got = _weekday_forms(cx, ws, weekday, rest)
    if got is not None:
        return None if got is _NONE else got
    year, rest, year_known = trailing_year(cx, rest)
    return _dated(cx, rest, year, year_known, weekday)


def weekday_alone(cx, ws: list[str]) -> When | None:
    """A weekday read alone or with a direction or a week: 'Tuesday', 'last Friday',
    'this upcoming Monday', 'Wednesday of next week'."""
    ws = [w for w in ws if w not in (",", ".")]
    if not ws:
        return None
    weekday, rest = lead_weekday(cx, ws)
    got = _weekday_forms(cx, ws, weekday, rest)
    return None if got is _NONE else got


def lead_weekday(cx, ws: list[str]) -> tuple[int | None, list[str]]:
    """The weekday a date opens with ('Tuesday, March 2', 'Tuesday the 11th'), and the
    words after it."""
    if ws[0] not in cx.v.weekdays:
        return None, ws
    rest = ws[1:]
    return cx.v.weekdays[ws[0]], rest[1:] if rest[:1] == ["the"] else rest


def _weekday_forms(cx, ws: list[str], weekday: int | None, rest: list[str]):
    """A weekday with a week, alone, or after a direction; ``_NONE`` when the words are
    such a form and give no date (no reference date), None when they are not one."""
    week = week_weekday(cx, ws)
    if week is not None:
        return week
    if not rest and weekday is not None:
        day = weekday_of(cx, weekday, None)
    elif len(rest) == 2 and rest[0] in cx.v.weekday_dirs and rest[1] in cx.v.weekdays:
        day = weekday_of(cx, cx.v.weekdays[rest[1]], rest[0])
    elif len(rest) == 3 and rest[:2] == ["this", "upcoming"] and rest[2] in cx.v.weekdays:
        day = weekday_of(cx, cx.v.weekdays[rest[2]], "upcoming")
    else:
        return None
    return _NONE if day is None else day


def trailing_year(cx, ws: list[str]) -> tuple[int | None, list[str], bool]:
    """The year a date ends with ('2021', 'of 2020', 'last year', 'the same year'): the
    year, the words before it, and whether there was one."""
    if ws and read_year(cx, ws[-1]) is not None:
        year, ws = read_year(cx, ws[-1]), ws[:-1]
        return year, ws[:-1] if ws[-1:] in (["of"], ["in"]) else ws, True
    for k in (3, 2):
        if len(ws) > k:
            ry = rel_year(cx, ws[-k:])
            if ry is not False:
                return ry, ws[:-k], True
    return None, ws, False


def _dated(cx, ws: list[str], year: int | None, year_known: bool, weekday: int | None) -> When | None:
    """The words before a date's year (or all of them): a year alone, the n-th day of a
    month, a month, a month and a day, a weekday and a day."""
    if ws[:1] == ["year"] and year_known and len(ws) == 1:
        return When("Y", year)
    nth = nth_of_month(cx, ws, year if year_known else None)
    if nth is not None:
        return nth
    if not ws:
        return When("Y", year) if year_known and year is not None else None
    if len(ws) >= 2 and read_year(cx, ws[0]) is not None and not year_known and [w for w in ws[1:] if w != ","] and all(w in cx.v.months or w == "," for w in ws[1:]):
        months = [w for w in ws[1:] if w in cx.v.months]
        if len(months) == 1:
            return When("M", read_year(cx, ws[0]), cx.v.months[months[0]])  # "2016 june", "2016, nov"
    week = week_weekday(cx, ws)
    if week is not None:
        return week
    month = _month(cx, ws, year, year_known, weekday)
    if month is not None:
        return None if month is _NONE else month
    md = month_day(cx, ws, year)
    if md is not None:
        return md if year_known else replace(md, year=cx.ref_year())
    if weekday is not None and not year_known:
        return weekday_day(cx, weekday, ws)
    return None


def _month(cx, ws: list[str], year: int | None, year_known: bool, weekday: int | None):
    """A month alone with a year ('november 2020', 'march next year'), or after a
    direction ('last October'); ``_NONE`` for a month after a weekday."""
    if len(ws) == 1 and ws[0] in cx.v.months:
        mo = cx.v.months[ws[0]]
        if year_known:
            return When("M", year, mo)
        return When("M", cx.ref_year(), mo) if weekday is None else _NONE
    if len(ws) == 2 and ws[1] in cx.v.months and ws[0] in ("last", "next", "this", "past", "coming"):
        mo = cx.v.months[ws[1]]
        if not cx.ref:
            return When("M", None, mo)  # "last October": the month, no year to be had
        rel = {"past": "last", "coming": "next"}.get(ws[0], ws[0])
        if rel == "this":
            return When("M", cx.ref.year, mo)
        if rel == "last":
            return When("M", cx.ref.year if mo < cx.ref.month else cx.ref.year - 1, mo)
        return When("M", cx.ref.year if mo > cx.ref.month else cx.ref.year + 1, mo)
    return None


def weekday_day(cx, weekday: int, ws: list[str]) -> When | None:
    """'Tuesday the 11th': the nearest day that is both, before or after the reference date."""
    d = read_day(cx, [w for w in ws if w not in ("the", "of")])
    if d is None or not cx.ref:
        return None
    for gap in range(400):
        for probe in (cx.ref - dt.timedelta(days=gap), cx.ref + dt.timedelta(days=gap)):
            if probe.day == d and probe.weekday() == weekday:
                return When.of(probe)
    return None


def week_weekday(cx, ws: list[str]) -> When | None:
    """'friday of next week', 'this week monday', 'next week on friday'."""
    ws = [w for w in ws if w not in ("of", "on", "-")]
    days = [w for w in ws if w in cx.v.weekdays]
    if len(days) != 1 or "week" not in ws or not cx.ref:
        return None
    rest = [w for w in ws if w not in days and w != "week" and w != "the"]
    if len(rest) != 1 or (rest[0],) not in cx.v.relative_dirs:
        return None
    d = cx.v.relative_dirs[(rest[0],)]
    monday = cx.ref - dt.timedelta(days=cx.ref.weekday()) + dt.timedelta(days=7 * d)
    return When.of(monday + dt.timedelta(days=cx.v.weekdays[days[0]]))


def nth_of_month(cx, ws: list[str], year: int | None) -> When | None:
    """'third tuesday of september', 'last day of october', 'the first monday of
    this month', '20th of next month'."""
    ws = [w for w in ws if w not in ("the",)]
    if "of" not in ws and "in" not in ws:
        if len(ws) < 3 or ws[-1] != "month" or ws[-2] not in _month_steps():
            return None
        ws = ws[:-2] + ["of"] + ws[-2:]  # '22 this month'
    k = max(i for i, w in enumerate(ws) if w in ("of", "in"))
    head, tail = ws[:k], ws[k + 1 :]
    if len(tail) == 1 and tail[0] in cx.v.months:
        mo = cx.v.months[tail[0]]
        if year is None:
            year = cx.ref_year()
    elif tail == ["month"] or len(tail) == 2 and tail[1] == "month" and tail[0] in _month_steps():
        if not cx.ref:
            return None
        d = _month_steps().get(tail[0], 0)
        first = shift(cx.ref.replace(day=1), d, "month")
        year, mo = first.year, first.month
    else:
        return None
    if not head:
        return None
    if head[-1] == "day" and len(head) >= 2:
        if head[0] == "last" and len(head) == 2 and year is not None:
            return When.of(nth_weekday(year, mo, 0, -1) + dt.timedelta(days=(last_day(year, mo) - nth_weekday(year, mo, 0, -1)).days))
        d = read_day(cx, head[:-1])
    elif head[-1] in cx.v.weekdays and len(head) == 2:
        n = cx.v.ordinals.get(head[0])
        if n is None:
            m = re.fullmatch(r"(\d)(st|nd|rd|th)", head[0])
            n = int(m.group(1)) if m else None
        if n is None or year is None or n == 0 or n > 5:
            return None
        got = nth_weekday(year, mo, cx.v.weekdays[head[-1]], n)
        return When.of(got) if got.month == mo else None
    else:
        d = read_day(cx, head)
    if d is None or not valid(year, mo, d):
        return None
    return When("D", year, mo, d)


def weekday_of(cx, weekday: int, rel: str | None) -> When | None:
    """A bare weekday is the latest such day on or before the reference date;
    'last'/'next' name the day of the previous/next calendar week, 'this' and
    'coming' the next such day from the reference date on."""
    if not cx.ref:
        return None
    monday = cx.ref - dt.timedelta(days=cx.ref.weekday())
    if rel in ("last", "past", "previous"):
        return When.of(monday - dt.timedelta(days=7 - weekday))
    if rel in ("next", "following"):
        return When.of(monday + dt.timedelta(days=7 + weekday))
    if rel in ("this", "coming", "upcoming"):
        return When.of(cx.ref + dt.timedelta(days=(weekday - cx.ref.weekday()) % 7))
    return When.of(cx.ref - dt.timedelta(days=(cx.ref.weekday() - weekday) % 7))
