"""Productions: the functions that turn a matched candidate into a value.

Each pattern of ``rules/patterns/`` names one with its ``"reading"``
key, as a Duckling rule pairs its pattern with its production; the normaliser
calls the production a candidate's pattern names (``dates.read``), and no reader is
tried on words another pattern matched. A production is registered here by name::

    @production("feast")
    def feast(cx, ws): ...

``cx`` is the reading's context (``dates.Ctx``: reference date, anchor) and ``ws``
the lower-cased words of the tokens in the pattern's date role (its ``ctx`` tokens
left out). It returns a ``When`` or a ``DateValue``, or None when the words give no
date. The readers themselves live by meaning in the ``date_*`` modules. A
quantity's production (``money``, ``measure``) reads the candidate's tokens by
role, ``(doc, text, candidate)``, and returns the ``Found`` mention or None.

Adding a date form that reads like one already known is a pattern line naming
that form's production; ``tests/test_productions.py`` fails when a pattern names
no registered production or a production is named by no pattern.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from types import MappingProxyType

from . import rules
from .registry import Registry
from .date_days import explicit, weekday_alone
from .date_feasts import holiday
from .date_numeric import numeric, quarter_half
from .date_relative import after_next_words, compound_offset, offset, relative, weekday_count
from .date_text import near_relative, plain, prepared, range_
from .date_years import five_year_plan

Production = Callable  # (Ctx, list[str]) -> When | DateValue | None

_PRODUCTIONS = Registry("production")
production = _PRODUCTIONS.register  # @production("feast") registers the function as the production "feast"
get = _PRODUCTIONS.get
registered = _PRODUCTIONS.registered


@lru_cache(maxsize=None)
def readings() -> MappingProxyType:
    """Pattern id -> the name of the production it names; a pattern without one, or
    naming none registered, is an error."""
    out = {}
    for row in rules.load_patterns():
        reading = row.get("reading")
        if reading is None:
            raise ValueError(f"pattern {row['id']!r} names no reading")
        get(reading)
        out[row["id"]] = reading
    return MappingProxyType(out)


def reading_of(rule: str) -> str:
    """The production the pattern ``rule`` names."""
    return readings()[rule]


def _no_the(reader: Production) -> Production:
    """``reader`` on the words without a leading 'the' (one side of a range)."""
    return lambda cx, ws: reader(cx, ws[1:] if ws[:1] == ["the"] else ws)


# ---------------------------------------------------------------- single dates

@production("written_date")
def written_date(cx, ws):
    """A date written with month, day, year and weekday words and numbers: 'March 2',
    '5 March 2021', 'November 2020', 'last October', 'the third Tuesday of September',
    'in 2019', 'the end of 2027', 'June 3 last year'."""
    return explicit(cx, plain(cx, ws))


@production("weekday")
def weekday(cx, ws):
    """A weekday, alone or with a direction or a week: 'Tuesday' (after 'on' or a
    reporting verb), 'last Friday', 'Wednesday of next week', 'next week Wednesday'."""
    return weekday_alone(cx, plain(cx, ws))


@production("numeric_date")
def numeric_date(cx, ws):
    """A date in digits, with or without a month name: '2019-03-04', '14/03/2023',
    '2019-03', 'Sep-23-2020', '20161016'."""
    return numeric(cx, plain(cx, ws))


@production("part_of_year")
def part_of_year(cx, ws):
    """A quarter, a half or an ordinal month of a year: 'Q3 2022', 'the second half of
    next year', '2018Q4', 'the third month of 2021'; 'the last quarter' and 'last
    quarter' count from the reference date."""
    near = near_relative(cx, ws)
    return near if near is not None else relative_period(cx, ws)


@production("relative")
def relative_date(cx, ws):
    """A date named from the reference date or from the anchor: 'yesterday', 'this
    year', 'next month', 'the end of last year', 'EOM', 'the next day', 'that year',
    'three Fridays from now'."""
    near = near_relative(cx, ws)
    return near if near is not None else relative(cx, plain(cx, ws))


@production("relative_period")
def relative_period(cx, ws):
    """'last month', 'this quarter', 'next year'; without a reference date, 'last
    quarter' is the fourth quarter of a year the text does not give."""
    ws = plain(cx, ws)
    got = relative(cx, ws)
    return got if got is not None else quarter_half(cx, ws)


@production("after_next")
def after_next(cx, ws):
    """'Friday after next', 'March after next', 'the year after the next'."""
    return after_next_words(cx, plain(cx, ws))


@production("weekday_count")
def weekday_count_date(cx, ws):
    """'three Fridays from now', '2 Thursdays ago'."""
    return weekday_count(cx, plain(cx, ws))


@production("offset")
def offset_date(cx, ws):
    """A date some days, weeks, months or years from the reference date or the anchor:
    'three years ago', 'two weeks later', 'in 112 days', 'a year earlier'."""
    return offset(cx, plain(cx, ws))


@production("compound_offset")
def compound_offset_date(cx, ws):
    """'1 month 21 days ago', '2 years, 1 month and 21 days later'."""
    return compound_offset(cx, plain(cx, ws))


@production("feast")
def feast(cx, ws):
    """A feast, with its year or a direction: 'Christmas', 'Easter 2018', 'the Spring
    Festival', 'next Thanksgiving'."""
    return holiday(cx, plain(cx, ws))


@production("five_year_plan")
def plan_period(cx, ws):
    """'the 14th Five-Year Plan period' -> 2021/2025."""
    return five_year_plan(cx, prepared(cx, ws))


# ---------------------------------------------------------------- quantities
# A quantity's production reads the candidate's tokens by role: (doc, text, candidate).

@production("money")
def money(doc, text, c):
    """A number and its currency: '$3.5 million', 'RMB 2 billion', '30 yuan', 'HK$5bn'."""
    from .values import money as read_money

    return read_money(doc, text, c)


@production("measure")
def measure(doc, text, c):
    """A number and its unit of area or length: '62km', '3.5 square kilometres', '1,200 mu'."""
    from .values import measure as read_measure

    return read_measure(doc, text, c)


# ---------------------------------------------------------------- ranges

@production("date_range")
def date_range(cx, ws):
    """Two written dates joined by a connector: '2021-2025', 'from 2022 to 2025', 'July
    13-15', '13 to 15 July', 'between 3 and 12 of Sept', '4-23 in next month'."""
    cx.between = "between" in ws[:2]
    return range_(cx, prepared(cx, ws), side=_no_the(explicit))


@production("numeric_range")
def numeric_range(cx, ws):
    """Two dates in digits joined by a connector: '10/1 to 11/7', '5/1-5/7/2020'."""
    return range_(cx, prepared(cx, ws), side=_no_the(numeric))
