"""Feasts of the lunar and lunisolar calendars, as Gregorian dates.

The Chinese, Islamic, Hebrew and Hindu calendars cannot be reduced to a rule
like "the fourth Thursday of November": their feasts move by the moon, and the
Islamic and Hindu ones by observation. The ``holidays`` package keeps tables
of them (Chinese 1901-2100, Islamic 1925-2100, Hindu 1901-2100, Hebrew
1947-2100); this module is the one place that reads them, so that a change of
that package's layout shows up here and in its test, nowhere else.

A feast is named ``<calendar>:<name>`` in ``rules/dates.json`` (for example
``chinese:lunar_new_year``), with a day offset for feasts that are defined
from another ("the Lantern Festival" is the fifteenth day of the new year).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

CALENDARS = ("chinese", "islamic", "hebrew", "hindu")


@lru_cache(maxsize=None)
def _calendar(name: str):
    if name == "chinese":
        from holidays.calendars.chinese import _ChineseLunisolar as cls
    elif name == "islamic":
        from holidays.calendars.islamic import _IslamicLunar as cls
    elif name == "hebrew":
        from holidays.calendars.hebrew import _HebrewLunisolar as cls
    elif name == "hindu":
        from holidays.calendars.hindu import _HinduLunisolar as cls
    else:
        raise ValueError(f"unknown calendar {name!r}; known: {', '.join(CALENDARS)}")
    return cls()


@lru_cache(maxsize=4096)
def feast(calendar: str, name: str, year: int) -> dt.date | None:
    """The Gregorian date of feast ``name`` of ``calendar`` in ``year``, or None
    outside the tables. An Islamic feast falls twice in some Gregorian years
    (the Islamic year is eleven days shorter), as Hanukkah does in the Hebrew
    one: the first is given."""
    cal = _calendar(calendar)
    method = getattr(cal, f"{name}_dates", None) or getattr(cal, f"{name}_date", None)
    if method is None:
        raise ValueError(f"the {calendar} calendar has no feast {name!r}")
    days = sorted(d for d in _dates(method(year)) if d.year == year)
    return days[0] if days else None


def _dates(found) -> list[dt.date]:
    """The package answers with a date, a (date, estimated) pair, a set of dates
    or a generator of pairs, depending on the calendar."""
    if found is None:
        return []
    if isinstance(found, dt.date):
        return [found]
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], bool):
        return _dates(found[0])
    out: list[dt.date] = []
    for item in found:
        out.extend(_dates(item))
    return out
