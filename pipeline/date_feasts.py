"""Feasts: fixed ('Christmas'), on a weekday of a month ('Thanksgiving'), counted from
Easter or Orthodox Easter, or from the lunar and lunisolar calendars (``calendars``),
with the year a phrase after them gives ('Easter 2018', 'Diwali in 2019', 'next
Thanksgiving')."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from . import calendars, rules
from .date_calendar import easter, nth_weekday, orthodox_easter, valid
from .date_relative import offset
from .date_years import read_year, rel_year
from .dates import When


@lru_cache(maxsize=None)
def _feast_directions() -> dict:
    """'next Thanksgiving', 'last Christmas': which occurrence of a feast."""
    return dict(rules.load("dates")["feast_directions"])


def holiday(cx, ws: list[str]) -> When | None:
    """'Christmas', 'Easter 2018', 'next Thanksgiving', 'the Spring Festival of
    next year', 'Diwali in 2019', 'Thanksgiving in 9 months'."""
    t = tuple(ws)
    rel = None
    if len(t) >= 2 and t[0] in _feast_directions():
        rel, t = _feast_directions()[t[0]], t[1:]
    k = next((k for k in range(len(t), 0, -1) if t[:k] in cx.v.feast_names), 0)
    if not k:
        return None
    fn = _feast(cx, t[:k])
    tail = list(t[k:])
    fixed = t[:k] in cx.v.fixed_holidays
    if tail:
        if rel:
            return None
        year = _tail_year(cx, tail)
        if year is None:
            return None
    elif rel and cx.ref:
        day = _rel_occurrence(cx, rel, fn)
        return When.of(day) if day else None
    else:
        year = cx.ref_year()
    if year is None:
        if fixed:  # 'Christmas' with nothing to give the year
            mo, d = (int(x) for x in cx.v.fixed_holidays[t[:k]].split("-"))
            return When("D", None, mo, d)
        return None  # a movable feast without a year has no date, not even a month
    day = fn(year)
    return When.of(day) if day else None


def _tail_year(cx, tail: list[str]) -> int | None:
    """The year a phrase after a feast's name points to: '2019', 'in 2019', 'of
    next year', 'in 9 months', 'three years ago'."""
    if len(tail) == 1:
        return read_year(cx, tail[0])
    for ws in (tail, tail[1:] if tail[0] in ("of", "in", ",") else None):
        if ws:
            ry = rel_year(cx, ws)
            if ry is not False:
                return ry
            if len(ws) == 1:
                return read_year(cx, ws[0])
            moved = offset(cx, ws)
            if moved is not None:
                return moved.year
    return None


def _feast(cx, t: tuple):
    """year -> date (or None) for a named feast, or None if ``t`` names none."""
    if t in cx.v.fixed_holidays:
        mo, d = (int(x) for x in cx.v.fixed_holidays[t].split("-"))
        return lambda y: dt.date(y, mo, d) if valid(y, mo, d) else None
    return _movable_feast(cx, t)


def _movable_feast(cx, t: tuple):
    """year -> date (or None) for a feast whose date moves from year to year."""
    v = cx.v
    if t in v.weekday_holidays:
        month, weekday, n, *after = v.weekday_holidays[t]
        return lambda y: nth_weekday(y, month, weekday, n) + dt.timedelta(days=after[0] if after else 0)
    if t in v.easter_holidays:
        return lambda y: easter(y) + dt.timedelta(days=v.easter_holidays[t])
    if t in v.orthodox_holidays:
        return lambda y: orthodox_easter(y) + dt.timedelta(days=v.orthodox_holidays[t])
    if t in v.calendar_holidays:
        cal, name, after = v.calendar_holidays[t]

        def on(y: int) -> dt.date | None:
            day = calendars.feast(cal, name, y)
            return day + dt.timedelta(days=after) if day else None
        return on
    return None


def _rel_occurrence(cx, rel: str, fn) -> dt.date | None:
    ref = cx.ref
    d = fn(ref.year)
    if rel == "this":  # the coming one, or today's ("this Christmas" said in December)
        return d if d is not None and d >= ref else fn(ref.year + 1)
    if rel == "last":
        return d if d is not None and d < ref else fn(ref.year - 1)
    return d if d is not None and d > ref else fn(ref.year + 1)
