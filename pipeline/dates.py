"""Date values -> TIMEX3-style strings. Pure Python, no spaCy.

A date pattern of ``rules/patterns/date.jsonl`` names its production (``"reading"``):
a function registered in ``productions`` that turns the words of the pattern's
date tokens into a value. ``read(reading, words, ref, anchor)`` calls it for a
matched candidate, and ``read_range(left, right, words, ref)`` two dates a
composition joined, each end by its own production. Either gives the value as
precise as the text and the reference date allow, never more: a year the text does not give and
no reference date fixes stays ``XXXX``. The readers live by meaning in
``date_calendar`` (arithmetic), ``date_years``, ``date_days`` (days, months,
weekdays), ``date_numeric`` (digits, quarters and halves), ``date_relative``
(relative dates and offsets), ``date_feasts`` and ``date_text`` (ranges, text).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from . import rules

_WORD = re.compile(r"\d+(?:st|nd|rd|th)?|[^\W\d_]+(?:'s)?|'\d\d|[^\s\w]", re.UNICODE)


@dataclass(frozen=True)
class When:
    """A calendar value at some grain: 'Y', 'M', 'D', 'Q' (quarter) or 'H' (half)."""

    grain: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: int | None = None  # quarter or half number

    def timex(self) -> str:
        y = f"{self.year:04d}" if self.year is not None else "XXXX"
        if self.grain == "Y":
            return y
        mo = f"{self.month:02d}" if self.month is not None else "XX"
        if self.grain == "M":
            return f"{y}-{mo}"
        if self.grain == "D":
            return f"{y}-{mo}-{self.day:02d}" if self.day is not None else f"{y}-{mo}-XX"
        return f"{y}-{self.grain}{self.part}"

    @staticmethod
    def of(day: dt.date, grain: str = "D") -> "When":
        if grain == "Y":
            return When("Y", day.year)
        if grain == "M":
            return When("M", day.year, day.month)
        if grain == "Q":
            return When("Q", day.year, part=(day.month - 1) // 3 + 1)
        if grain == "H":
            return When("H", day.year, part=(day.month - 1) // 6 + 1)
        return When("D", day.year, day.month, day.day)


@dataclass(frozen=True)
class DateValue:
    value: str
    start: When
    end: When | None = None


@dataclass(frozen=True)
class Vocab:
    months: dict
    weekdays: dict
    ordinals: dict
    relative_days: dict
    relative_dirs: dict
    relative_units: dict
    offset_after: dict
    anchored_offsets: frozenset  # offsets counted from the date the text was talking about ("later", "after that")
    lead_words: frozenset  # dropped from the front of a date's words ("from", "in")
    weekday_dirs: frozenset  # "last", "next", "this" ... before a weekday
    quarters: dict
    halves: dict
    modifiers: tuple
    connectors: frozenset
    year_range: tuple
    fyp: dict
    period_abbreviations: dict
    fixed_holidays: dict
    weekday_holidays: dict
    easter_holidays: dict
    orthodox_holidays: dict
    calendar_holidays: dict
    word_abbreviations: dict
    feast_names: frozenset  # the keys of the five holiday tables


@lru_cache(maxsize=None)
def vocab() -> Vocab:
    d = rules.load("dates")
    months = {w: int(m) for m, ws in d["months"].items() for w in ws}
    weekdays = {w: int(k) for k, ws in d["weekdays"].items() for w in ws}
    mods = tuple(sorted((tuple(words(m)) for m in d["modifiers"]), key=len, reverse=True))
    return Vocab(
        months=months,
        weekdays=weekdays,
        ordinals=dict(d["ordinals"]),
        relative_days={tuple(words(k)): v for k, v in d["relative_days"].items()},
        relative_dirs={tuple(words(k)): v for k, v in d["relative_dirs"].items()},
        relative_units=dict(d["relative_units"]),
        offset_after={tuple(words(k)): v for k, v in d["offset_after"].items()},
        anchored_offsets=frozenset(tuple(words(k)) for k in d["anchored_offsets"]),
        lead_words=frozenset(rules.load("lexicons")["date_lead_words"]),
        weekday_dirs=frozenset(rules.load("lexicons")["weekday_dir"]),
        quarters=dict(d["quarters"]),
        halves=dict(d["halves"]),
        modifiers=mods,
        connectors=frozenset(d["range_connectors"]),
        year_range=tuple(d["year_range"]),
        fyp=dict(d["five_year_plans"]),
        period_abbreviations={k: tuple(v) for k, v in d["period_abbreviations"].items()},
        fixed_holidays={tuple(words(k)): v for k, v in d["fixed_holidays"].items()},
        weekday_holidays={tuple(words(k)): tuple(v) for k, v in d["weekday_holidays"].items() if not k.startswith("_")},
        easter_holidays={tuple(words(k)): v for k, v in d["easter_holidays"].items()},
        orthodox_holidays={tuple(words(k)): v for k, v in d["orthodox_holidays"].items() if not k.startswith("_")},
        calendar_holidays={tuple(words(k)): (*v[0].split(":"), v[1]) for k, v in d["calendar_holidays"].items()
                           if not k.startswith("_")},
        word_abbreviations={k: v for k, v in d["word_abbreviations"].items() if not k.startswith("_")},
        feast_names=frozenset(tuple(words(k)) for table in ("fixed_holidays", "weekday_holidays", "easter_holidays",
                                                             "orthodox_holidays", "calendar_holidays")
                              for k in d[table] if not k.startswith("_")),
    )


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, as the readers see them."""
    return _WORD.findall(text.lower().replace("’", "'"))


class Ctx:
    """What a production reads against: the reference date (the publication date),
    the anchor (the latest date the text gave), and what the reading found on the way."""

    __slots__ = ("v", "_ref", "_anchor", "fill", "stripped", "between", "leaned")

    def __init__(self, ref: dt.date | None, anchor: When | None):
        self.v = vocab()
        self._ref = ref
        self._anchor = anchor
        self.fill = True  # fill a missing year from the reference date
        self.stripped = False  # a modifier was read ("the end of ...")
        self.between = False  # "between X and Y": 'and' joins a range
        self.leaned = False  # the reading looked at the reference date or the anchor

    @property
    def ref(self) -> dt.date | None:
        self.leaned = True
        return self._ref

    @property
    def anchor(self) -> When | None:
        self.leaned = True
        return self._anchor

    def ref_year(self) -> int | None:
        return self.ref.year if self.ref and self.fill else None


def lexical(ws: list[str]) -> list[str]:
    """Words as the productions read them: short forms written out ('qtr'), 'calendar'
    dropped before 'year', a year written in words replaced by its digits."""
    from .date_years import spelled_years

    short = vocab().word_abbreviations
    ws = [short.get(w, w) for w in ws]
    return spelled_years([w for i, w in enumerate(ws) if not (w == "calendar" and ws[i + 1 : i + 2] == ["year"])])


def _value(got) -> DateValue | None:
    if got is None or isinstance(got, DateValue):
        return got
    return DateValue(got.timex(), got)


# (production, words) -> value, for the readings that looked at neither the reference
# date nor the anchor ("5 May 2020", "2023"): theirs is the same in every article
_SELF_CONTAINED: dict[tuple[str, tuple], DateValue | None] = {}
_SELF_CONTAINED_MAX = 65536
_UNREAD = object()


@lru_cache(maxsize=65536)
def _read_cached(reading: str, ws: tuple, ref: dt.date | None, anchor: When | None) -> DateValue | None:
    from .productions import get

    words = lexical(list(ws))
    cx = Ctx(ref, anchor)
    value = _value(get(reading)(cx, words)) if words else None
    if not cx.leaned:  # the same words give the same value whatever the date and the anchor
        if len(_SELF_CONTAINED) >= _SELF_CONTAINED_MAX:
            _SELF_CONTAINED.clear()
        _SELF_CONTAINED[(reading, ws)] = value
    return value


def read(reading: str, ws: list[str], ref: dt.date | None = None, anchor: When | None = None) -> DateValue | None:
    """The value the production ``reading`` gives the words ``ws`` of a matched date,
    or None. ``ref`` is the publication date (relative and year-less dates lean on
    it); ``anchor`` is the latest date given earlier in the text ("two days later",
    "that year"). A reading that looked at neither is kept for its words alone."""
    ws = tuple(ws)
    got = _SELF_CONTAINED.get((reading, ws), _UNREAD)
    return _read_cached(reading, ws, ref, anchor) if got is _UNREAD else got


@lru_cache(maxsize=65536)
def _range_cached(left: str, right: str, ws: tuple, ref: dt.date | None) -> DateValue | None:
    from .date_text import prepared, range_
    from .productions import get

    cx = Ctx(ref, None)
    ws = lexical(list(ws))
    cx.between = "between" in ws[:2]
    return range_(cx, prepared(cx, ws), side=get(right), left_side=get(left)) if ws else None


def read_range(left: str, right: str, ws: list[str], ref: dt.date | None = None) -> DateValue | None:
    """The range the words ``ws`` write as two dates and a connector ('March 3 to May 4,
    2021', 'Monday to March 3'), its left end read by the production ``left`` and its
    right end by ``right`` (the productions of the two dates a composition joined)."""
    return _range_cached(left, right, tuple(ws), ref)


from .date_years import spelled_year  # noqa: E402,F401  (a year in words, for the normaliser)
