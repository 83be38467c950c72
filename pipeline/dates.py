"""Date expressions -> TIMEX3-style strings. Pure Python, no spaCy.

``normalise(text, ref)`` reads one date span ("March 2", "the first quarter of
2018", "yesterday", "from 2021 to 2025", "14th Five-Year Plan period") and
returns its value as precise as the text and the reference date allow, never
more: a year the text does not give and no reference date fixes stays ``XXXX``.
Calendar arithmetic on relative offsets ("three days ago", "two months later")
goes through dateparser with the reference date as its relative base.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from . import calendars, numbers, rules

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
    mods = tuple(sorted((tuple(_words(m)) for m in d["modifiers"]), key=len, reverse=True))
    return Vocab(
        months=months,
        weekdays=weekdays,
        ordinals=dict(d["ordinals"]),
        relative_days={tuple(_words(k)): v for k, v in d["relative_days"].items()},
        relative_dirs={tuple(_words(k)): v for k, v in d["relative_dirs"].items()},
        relative_units=dict(d["relative_units"]),
        offset_after={tuple(_words(k)): v for k, v in d["offset_after"].items()},
        anchored_offsets=frozenset(tuple(_words(k)) for k in d["anchored_offsets"]),
        lead_words=frozenset(rules.load("lexicons")["date_lead_words"]),
        weekday_dirs=frozenset(rules.load("lexicons")["weekday_dir"]),
        quarters=dict(d["quarters"]),
        halves=dict(d["halves"]),
        modifiers=mods,
        connectors=frozenset(d["range_connectors"]),
        year_range=tuple(d["year_range"]),
        fyp=dict(d["five_year_plans"]),
        period_abbreviations={k: tuple(v) for k, v in d["period_abbreviations"].items()},
        fixed_holidays={tuple(_words(k)): v for k, v in d["fixed_holidays"].items()},
        weekday_holidays={tuple(_words(k)): tuple(v) for k, v in d["weekday_holidays"].items() if not k.startswith("_")},
        easter_holidays={tuple(_words(k)): v for k, v in d["easter_holidays"].items()},
        orthodox_holidays={tuple(_words(k)): v for k, v in d["orthodox_holidays"].items() if not k.startswith("_")},
        calendar_holidays={tuple(_words(k)): (*v[0].split(":"), v[1]) for k, v in d["calendar_holidays"].items()
                           if not k.startswith("_")},
        word_abbreviations={k: v for k, v in d["word_abbreviations"].items() if not k.startswith("_")},
        feast_names=frozenset(tuple(_words(k)) for table in ("fixed_holidays", "weekday_holidays", "easter_holidays",
                                                             "orthodox_holidays", "calendar_holidays")
                              for k in d[table] if not k.startswith("_")),
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


# ---------------------------------------------------------------- arithmetic

@lru_cache(maxsize=4096)
def shift(base: dt.date, amount: int, unit: str) -> dt.date | None:
    """``base`` moved by ``amount`` days/weeks/months/years (negative: back), via dateparser."""
    import dateparser

    if amount == 0:
        return base
    phrase = f"in {abs(amount)} {unit}s" if amount > 0 else f"{abs(amount)} {unit}s ago"
    base_dt = dt.datetime(base.year, base.month, base.day, 12, 0)
    parsed = dateparser.parse(
        phrase,
        languages=["en"],
        settings={"RELATIVE_BASE": base_dt, "PREFER_DATES_FROM": "current_period", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def _valid(year: int | None, month: int, day: int) -> bool:
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000: leap year, Feb 29 allowed
    except ValueError:
        return False
    return True


def _easter(year: int) -> dt.date:
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


def _orthodox_easter(year: int) -> dt.date:
    """Orthodox Easter Sunday: the Julian computus, moved to the Gregorian calendar."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = dt.date(year, month, day + 1)
    return julian + dt.timedelta(days=year // 100 - year // 400 - 2)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _order(w: When) -> tuple:
    return (w.year or 0, w.month or 0, w.day or 0, w.part or 0)


# ---------------------------------------------------------------- parsing

_MONTH_STEPS = {"this": 0, "current": 0, "next": 1, "following": 1, "coming": 1, "last": -1, "previous": -1}

_FEAST_DIRECTIONS = {"last": "last", "previous": "last", "next": "next", "following": "next", "coming": "next",
                     "upcoming": "next", "this": "this"}


class _Parser:
    def __init__(self, ref: dt.date | None, anchor: When | None):
        self.v = vocab()
        self.ref = ref
        self.anchor = anchor
        self.fill = True  # fill a missing year from the reference date
        self.stripped = False  # a modifier was read ("the end of ...")
        self.between = False  # "between X and Y": 'and' joins a range

    def ref_year(self) -> int | None:
        return self.ref.year if self.ref and self.fill else None

    # small readers ------------------------------------------------------
    def year(self, w: str) -> int | None:
        if re.fullmatch(r"\d{4}", w):
            y = int(w)
            lo, hi = self.v.year_range
            return y if lo <= y <= hi else None
        if re.fullmatch(r"'\d\d", w):
            y = int(w[1:])
            return 2000 + y if y < 50 else 1900 + y
        return None

    def day(self, ws: list[str]) -> int | None:
        if len(ws) == 1:
            w = ws[0]
            m = re.fullmatch(r"(\d{1,2})(st|nd|rd|th)?", w)
            if m:
                d = int(m.group(1))
                return d if 1 <= d <= 31 else None
            o = self.v.ordinals.get(w)
            if o and o > 0:
                return o
        # "twenty two", "twenty - second", "thirty first"
        if 2 <= len(ws) <= 3 and ws[0] in ("twenty", "thirty"):
            tail = ws[-1]
            base = 20 if ws[0] == "twenty" else 30
            unit = self.v.ordinals.get(tail) or numbers.lexicon().units.get(tail)
            if unit and 1 <= unit <= 9 and (len(ws) == 2 or ws[1] == "-"):
                d = base + unit
                return d if d <= 31 else None
        if len(ws) == 1 and ws[0] in numbers.lexicon().units:
            d = numbers.lexicon().units[ws[0]]
            return d if 1 <= d <= 31 else None
        return None

    def rel_year(self, ws: list[str]) -> int | None | bool:
        """'last year', 'this year', 'next year', 'that year', 'the same year' -> year,
        or False when the words are not such an expression."""
        if len(ws) != 2 and not (len(ws) == 3 and ws[0] == "the"):
            return False
        head, unit = ws[-2], ws[-1]
        if unit != "year":
            return False
        if head in ("that", "same") or (head == "the" and len(ws) == 2):
            if self.anchor is not None and self.anchor.year is not None:
                return self.anchor.year
            return self.ref.year if self.ref else None
        d = self.v.relative_dirs.get((head,))
        if d is None:
            return False
        return self.ref.year + d if self.ref else None

    # top level ----------------------------------------------------------
    def parse(self, ws: list[str]) -> DateValue | None:
        self.between = "between" in ws[:2]
        near = self.relative(ws) if ws[:1] == ["the"] and len(ws) == 3 else None
        if near is not None:
            return DateValue(near.timex(), near)
        if tuple(ws) in self.v.relative_days:
            single = self.relative(ws)
            return DateValue(single.timex(), single)
        ws = self.strip_modifiers(ws)
        while len(ws) > 1 and ws[0] in self.v.lead_words:
            if ws[0] == "in" and (ws[1] in numbers.lexicon().units or ws[1] in ("a", "an") or ws[1].isdigit() and len(ws) > 2):
                break
            ws = ws[1:]
        while ws and ws[-1] in (",", ".", ";"):
            ws = ws[:-1]
        if not ws:
            return None
        fyp = self.five_year_plan(ws)
        if fyp:
            return fyp
        single = self.simple(ws)
        if single:
            return DateValue(single.timex(), single)
        return self.range(ws)

    def strip_modifiers(self, ws: list[str]) -> list[str]:
        if len(ws) == 1 and ws[0] in self.v.period_abbreviations:
            ws = list(self.v.period_abbreviations[ws[0]])
        changed = True
        while changed and ws:
            changed = False
            if any(tuple(ws[:k]) in self.v.feast_names for k in range(2, len(ws) + 1)):
                break  # 'Mid-Autumn Festival' is a feast, not the middle of one
            for mod in self.v.modifiers:
                if tuple(ws[: len(mod)]) == mod and len(ws) > len(mod):
                    ws = ws[len(mod) :]
                    changed = self.stripped = True
                    break
            if ws and ws[0] == "the" and len(ws) > 1:
                ws = ws[1:]
                changed = True
            if len(ws) == 1 and ws[0] in self.v.period_abbreviations:
                ws = list(self.v.period_abbreviations[ws[0]])
                changed = True
        return ws

    def five_year_plan(self, ws: list[str]) -> DateValue | None:
        s = " ".join(ws)
        m = re.fullmatch(r"(\w+) five - year plan(?: period)?(?: \( (\d{4}) - (\d{4}) \))?", s)
        if not m or not s.endswith(("period", ")")):
            return None
        word = m.group(1)
        n = self.v.ordinals.get(word)
        if n is None:
            mm = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
            n = int(mm.group(1)) if mm else None
        if not n or n < 1:
            return None
        fyp = self.v.fyp
        if n == 1:
            a, b = fyp["first"]
        elif n == 2:
            a, b = fyp["second"]
        else:
            a = fyp["base_year"] + 5 * (n - fyp["base_ordinal"])
            b = a + 4
        return DateValue(f"{a}/{b}", When("Y", a), When("Y", b))

    def range(self, ws: list[str]) -> DateValue | None:
        for i, w in enumerate(ws):
            if (w not in self.v.connectors and not (w == "and" and self.between)) or i == 0 or i == len(ws) - 1:
                continue
            left, right = ws[:i], ws[i + 1 :]
            if left and left[0] in ("from", "between"):
                left = left[1:]
            right = self.strip_modifiers(right)
            self.fill = False
            try:
                hi = self.simple(right)
                lo = self.simple(left) if left else None
                if hi is None and lo is not None and lo.grain == "D":
                    rest = [w for w in right if w not in ("the", "of", ",")]
                    year = self.year(rest[-1]) if len(rest) > 1 else None
                    if year is not None:
                        rest = rest[:-1]
                        lo = replace(lo, year=year)
                    d = self.day(rest)
                    if d is not None and _valid(lo.year, lo.month, d):
                        hi = replace(lo, day=d)
                if hi is None:
                    continue
                if lo is None or lo.grain != hi.grain:
                    lo = self.inherit(left, hi)
                if lo is None or lo.grain != hi.grain:
                    continue
            finally:
                self.fill = True
            wrap = _order(replace(lo, year=0)) > _order(replace(hi, year=0))  # "Nov-Feb", "10/25 to 01/25"
            if hi.year is None and lo.year is not None:
                hi = replace(hi, year=lo.year + wrap)
            elif lo.year is None and hi.year is not None:
                lo = replace(lo, year=hi.year - wrap)
            elif lo.year is None and hi.year is None and self.ref and lo.grain in ("D", "M"):
                lo, hi = replace(lo, year=self.ref.year), replace(hi, year=self.ref.year + wrap)
            if lo.year is not None and hi.year is not None and _order(lo) > _order(hi):
                continue
            return DateValue(f"{lo.timex()}/{hi.timex()}", lo, hi)
        return None

    def inherit(self, ws: list[str], right: When) -> When | None:
        """The left end of a range that leans on the right end ('March' of 'March to May
        2021', '13' of 'July 13-15', '5/1' of '5/1-5/7/2020')."""
        if right.grain == "D":
            d = self.day([w for w in ws if w not in ("the", "of")])
            if d is not None and _valid(right.year, right.month, d):
                return replace(right, day=d)
            md = self.month_day(ws, year=right.year, allow_missing_year=True)
            if md is not None:
                return md
        if right.grain == "M" and len(ws) == 1 and ws[0] in self.v.months:
            return When("M", right.year, self.v.months[ws[0]])
        if right.grain in ("Q", "H"):
            p = self.part(ws, right.grain)
            if p:
                return replace(right, part=p)
        return None

    def part(self, ws: list[str], grain: str) -> int | None:
        table = self.v.quarters if grain == "Q" else self.v.halves
        if len(ws) == 1:
            return table.get(ws[0])
        return None

    # single values --------------------------------------------------------
    def simple(self, ws: list[str]) -> When | None:
        if ws and ws[0] == "the":
            ws = ws[1:]
        if not ws:
            return None
        for fn in (self.relative, self.offset, self.quarter_half, self.numeric, self.holiday, self.explicit):
            r = fn(ws)
            if r is not None:
                return r
        return None

    def relative(self, ws: list[str]) -> When | None:
        t = tuple(ws)
        if len(t) >= 3 and t[-2:] == ("after", "next") or t[-3:] == ("after", "the", "next"):
            return self.after_next(t[: t.index("after")])
        if len(t) >= 3 and any(w[-1:] == "s" and w[:-1] in self.v.weekdays and w not in self.v.weekdays for w in t[1:-1]):
            return self.weekday_count(list(t))
        near = {("the", "next", "day"): 1, ("next", "day"): 1, ("the", "following", "day"): 1, ("the", "day", "after"): 1,
                ("the", "previous", "day"): -1, ("the", "day", "before"): -1}
        if t in (("that", "year"), ("the", "same", "year"), ("that", "same", "year")):
            return When("Y", self.anchor.year) if self.anchor is not None and self.anchor.year is not None else None
        same = {("the", "same", "day"): "D", ("that", "day"): "D", ("that", "same", "day"): "D", ("the", "very", "same", "day"): "D",
                ("the", "same", "month"): "M", ("that", "month"): "M", ("that", "same", "month"): "M"}
        if t in same:  # the day or month the text was just talking about; nothing without one
            a = self.anchor
            if a is None or a.year is None or a.month is None or (same[t] == "D" and not a.day) or a.grain not in ("D", "M"):
                return None
            return When.of(dt.date(a.year, a.month, a.day or 1), same[t]) if same[t] == "M" or a.grain == "D" else None
        if t in near:
            if self.anchor is not None and self.anchor.grain == "D" and self.anchor.day and self.anchor.year:
                base = dt.date(self.anchor.year, self.anchor.month, self.anchor.day)
            elif self.ref:
                base = self.ref
            else:
                return None
            return When.of(base + dt.timedelta(days=near[t]))
        if self.stripped and t in (("year",), ("the", "year"), ("month",), ("the", "month"), ("quarter",), ("the", "quarter")):
            t = ("this", t[-1])
        if t in self.v.relative_days:
            if not self.ref:
                return When("D")
            return When.of(self.ref + dt.timedelta(days=self.v.relative_days[t]))
        # last/this/next year|month|quarter
        for k in (2, 1):
            head = t[:k]
            if head in self.v.relative_dirs and len(t) == k + 1:
                unit = self.v.relative_units.get(t[k])
                if unit is None or unit in ("week", "day", "fortnight") or t[k] in ("months", "years", "quarters", "yrs", "qtrs"):
                    break
                d = self.v.relative_dirs[head]
                base = self.ref
                a = self.anchor
                if head[-1] in ("following", "previous") and a is not None and a.year is not None and (unit == "year" or a.month):
                    # "the following month" counts from the date the text was talking about
                    base = dt.date(a.year, a.month or 1, 1)
                if unit == "year":
                    return When("Y", base.year + d if base else None)
                if not base:
                    return None
                if unit == "month":
                    return When.of(shift(base.replace(day=1), d, "month"), "M")
                if unit == "quarter":
                    q0 = base.replace(day=1, month=(base.month - 1) // 3 * 3 + 1)
                    return When.of(shift(q0, 3 * d, "month"), "Q")
                return None
        if t in (("this", "year"),):
            return When("Y", self.ref.year if self.ref else None)
        return None

    def offset(self, ws: list[str]) -> When | None:
        # "three days ago", "two months later", "in two years", "a year ago"
        units = [i for i, w in enumerate(ws) if w in self.v.relative_units]
        if len(units) > 1:
            return self.compound_offset(ws)
        unit_i = None
        for i, w in enumerate(ws):
            if w in self.v.relative_units:
                unit_i = i
                break
        if unit_i is None or unit_i == 0:
            return None
        head, unit, tail = ws[:unit_i], self.v.relative_units[ws[unit_i]], tuple(ws[unit_i + 1 :])
        direction = None
        base = self.ref
        if head[0] in ("in", "within") and not tail:
            direction, head = 1, head[1:]
        elif len(tail) > 1 and tail[0] in ("from", "after", "before", "since") and tuple(tail) not in self.v.offset_after:
            other = self.simple(list(tail[1:]))
            if other is None or other.grain != "D" or other.year is None or other.day is None:
                return None
            base = dt.date(other.year, other.month, other.day)
            direction = -1 if tail[0] == "before" else 1
        elif tail in self.v.offset_after:
            direction = self.v.offset_after[tail]
            if tail in self.v.anchored_offsets:
                if self.anchor is None or self.anchor.grain != "D" or self.anchor.year is None:
                    n = self._count(head)
                    if unit == "year" and n is not None and self.anchor is not None and self.anchor.year is not None:
                        return When("Y", self.anchor.year + direction * n)
                    return None
                base = dt.date(self.anchor.year, self.anchor.month, self.anchor.day)
        if direction is None or not head or base is None:
            return None
        n = self._count(head)
        if n is None:
            return None
        if unit == "fortnight":
            unit, n = "week", 2 * n
        moved = shift(base, direction * n, unit)
        if moved is None:
            return None
        grain = {"day": "D", "week": "D", "month": "M", "year": "Y", "quarter": "Q"}[unit]
        return When.of(moved, grain)

    def compound_offset(self, ws: list[str]) -> When | None:
        """'1 month 21 days ago', '2 years, 1 month and 21 days later': each part moves
        the date in turn, the largest unit first."""
        for k in (2, 1):
            direction = self.v.offset_after.get(tuple(ws[-k:]))
            if direction is not None and len(ws) > k:
                break
        else:
            return None
        parts: list[tuple[int, str]] = []
        count: list[str] = []
        for w in ws[:-k]:
            if w in self.v.relative_units:
                n = self._count(count)
                if n is None:
                    return None
                parts.append((n, self.v.relative_units[w]))
                count = []
            elif w not in (",", "and") or count:
                count.append(w)
        order = ("year", "quarter", "month", "fortnight", "week", "day")
        if count or len(parts) < 2 or len({u for _, u in parts}) < len(parts) or any(u not in order for _, u in parts):
            return None
        if tuple(ws[-k:]) in self.v.anchored_offsets:
            if self.anchor is None or self.anchor.grain != "D" or self.anchor.year is None:
                return None
            day = dt.date(self.anchor.year, self.anchor.month, self.anchor.day)
        elif self.ref:
            day = self.ref
        else:
            return None
        for n, unit in sorted(parts, key=lambda p: order.index(p[1])):
            if unit == "fortnight":
                n, unit = 2 * n, "week"
            day = shift(day, direction * n, unit)
            if day is None:
                return None
        smallest = max(order.index(u) for _, u in parts)
        return When.of(day, "D" if smallest >= order.index("fortnight") else {"year": "Y", "quarter": "Q", "month": "M"}[order[smallest]])

    def _count(self, ws: list[str]) -> int | None:
        if ws in (["a"], ["an"], ["one"]):
            return 1
        p = numbers.parse_run(ws)
        if p is None or p.start != 0 or isinstance(p.value, tuple) or p.value != int(p.value):
            return None
        return int(p.value)

    def year_expr(self, ws: list[str]) -> int | None | bool:
        """Year written after 'of' in a quarter/half/month expression; False if none."""
        if not ws:
            return False
        if ws[0] == "of":
            ws = ws[1:]
        if len(ws) == 1:
            y = self.year(ws[0])
            return y if y is not None else False
        if ws == ["the", "year"]:
            if self.anchor is not None and self.anchor.year is not None:
                return self.anchor.year
            return self.ref.year if self.ref else None
        return self.rel_year(ws)

    def quarter_half(self, ws: list[str]) -> When | None:
        s = re.sub(r"\b([qh]) ([1-4])\b", r"\1\2", " ".join(ws))
        s = re.sub(r" ?[-/] ?", " ", s)
        s = re.sub(r"\b([1-4]) q (\d\d)\b", r"\1q\2", s)
        m = re.fullmatch(r"([qh])([1-4])(?: (\d{4}))?|(\d{4}) ([qh])([1-4])|([1-4])q(\d\d)", s)
        if m:
            if m.group(8):
                return When("Q", 2000 + int(m.group(8)), part=int(m.group(7)))
            g = (m.group(1) or m.group(5)).upper()
            part = int(m.group(2) or m.group(6))
            y = m.group(3) or m.group(4)
            if g == "H" and part > 2:
                return None
            year = int(y) if y else self.ref_year()
            return When(g, year, part=part)
        if len(ws) >= 4 and ws[0] in ("q", "h") and ws[1] in ("1", "2", "3", "4"):  # "Q3 this year", "Q1 of next year"
            year = self.year_expr(ws[2:])
            if year is False or (ws[0] == "h" and ws[1] > "2"):
                return None
            return When(ws[0].upper(), year, part=int(ws[1]))
        if len(ws) >= 4 and ws[1] == "month" and ws[2] == "of":  # "the third month of 2021"
            n = self.v.ordinals.get(ws[0]) or (int(ws[0][:-2]) if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", ws[0]) else None)
            year = self.year_expr(ws[2:])
            if not n or not 1 <= n <= 12 or year is False:
                return None
            return When("M", year, n)
        for i, w in enumerate(ws):
            if w in ("quarter", "half") and i >= 1:
                grain = "Q" if w == "quarter" else "H"
                part = self.part(ws[:i], grain) if i == 1 else None
                if part is None:
                    return None
                rest = ws[i + 1 :]
                if not rest:
                    year = self.ref_year()
                else:
                    year = self.year_expr(rest)
                    if year is False:
                        return None
                return When(grain, year, part=part)
        return None

    def numeric(self, ws: list[str]) -> When | None:
        s = "".join(ws)
        mixed = self.mixed_numeric(s)
        if mixed is not None:
            return mixed
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s) or re.fullmatch(r"(\d{4})(\d\d)(\d\d)", s)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return When("D", y, mo, d) if self.year(m.group(1)) and _valid(y, mo, d) else None
        m = re.fullmatch(r"(\d{1,2})[-/](\d{4})", s)
        if m and self.year(m.group(2)) and 1 <= int(m.group(1)) <= 12:
            return When("M", int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", s)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            return When("M", y, mo) if self.year(m.group(1)) and 1 <= mo <= 12 else None
        m = re.fullmatch(r"(\d{4})-([a-z]+)\.?-(\d{1,2})", s)
        if m and m.group(2) in self.v.months:
            y, mo, d = int(m.group(1)), self.v.months[m.group(2)], int(m.group(3))
            return When("D", y, mo, d) if _valid(y, mo, d) else None
        m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?", s) or re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            y = m.group(3)
            if "." in s:
                a, b = b, a  # 25.10.2021 is day.month.year
            if a > 12 and b <= 12:
                a, b = b, a
            mo, d = a, b
            year = None
            if y:
                year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
            elif len(ws) == 1 or "/" not in s:
                if "-" in s and not y:
                    return None  # "3-5" is a range of numbers, not March 5
            if not _valid(year, mo, d):
                return None
            if year is None:
                year = self.ref_year()
            return When("D", year, mo, d)
        return None

    def mixed_numeric(self, s: str) -> When | None:
        """Numeric dates with a month name or a month-year order: 'dec/2018', 'oct/2',
        '2019/aug/01', '23/sep/2020', 'sep-23-2020', '12-2015', '10-31-74'."""
        months = self.v.months
        parts = re.split(r"[-/.]", s)
        if not 2 <= len(parts) <= 3 or not all(parts):
            return None
        def yr(p):
            if re.fullmatch(r"\d{4}", p):
                return self.year(p)
            return None
        def yy(p):
            if re.fullmatch(r"\d{2}", p):
                y = int(p)
                return 2000 + y if y < 50 else 1900 + y
            return yr(p)
        names = [i for i, p in enumerate(parts) if p in months]
        if len(parts) == 2:
            a, b = parts
            if names == [0] and yr(b):
                return When("M", yr(b), months[a])
            if names == [0] and b.isdigit() and _valid(None, months[a], int(b)):
                return When("D", self.ref_year(), months[a], int(b))
            if names == [1] and a.isdigit() and len(a) <= 2 and _valid(None, months[b], int(a)):
                return When("D", self.ref_year(), months[b], int(a))
            if not names and a.isdigit() and len(a) <= 2 and yr(b) and 1 <= int(a) <= 12:
                return When("M", yr(b), int(a))
            if not names and yr(a) and b.isdigit() and len(b) == 1:
                return When("M", yr(a), int(b))
            return None
        if len(names) == 1:
            i = names[0]
            mo = months[parts[i]]
            rest = [p for k, p in enumerate(parts) if k != i]
            for y_i, d_i in ((1, 0), (0, 1)):
                y = yr(rest[y_i]) if y_i == 0 or i != 0 or True else None
                if y is None and y_i == 1:
                    y = yy(rest[y_i])
                d = rest[d_i]
                if y and d.isdigit() and len(d) <= 2 and _valid(y, mo, int(d)):
                    return When("D", y, mo, int(d))
            return None
        if not names and "-" in s and all(p.isdigit() for p in parts) and len(parts[2]) == 2 and len(parts[0]) <= 2:
            mo, d, y = int(parts[0]), int(parts[1]), yy(parts[2])
            if d > 12 >= mo and _valid(y, mo, d):
                return When("D", y, mo, d)
        return None

    def holiday(self, ws: list[str]) -> When | None:
        """'Christmas', 'Easter 2018', 'next Thanksgiving', 'the Spring Festival of
        next year', 'Diwali in 2019', 'Thanksgiving in 9 months'."""
        t = tuple(ws)
        rel = None
        if len(t) >= 2 and t[0] in _FEAST_DIRECTIONS:
            rel, t = _FEAST_DIRECTIONS[t[0]], t[1:]
        k = next((k for k in range(len(t), 0, -1) if t[:k] in self.v.feast_names), 0)
        if not k:
            return None
        fn = self._feast(t[:k])
        tail = list(t[k:])
        fixed = t[:k] in self.v.fixed_holidays
        if tail:
            if rel:
                return None
            year = self._tail_year(tail)
            if year is None:
                return None
        elif rel and self.ref:
            day = self._rel_occurrence(rel, fn)
            return When.of(day) if day else None
        else:
            year = self.ref_year()
        if year is None:
            if fixed:  # 'Christmas' with nothing to give the year
                mo, d = (int(x) for x in self.v.fixed_holidays[t[:k]].split("-"))
                return When("D", None, mo, d)
            return None  # a movable feast without a year has no date, not even a month
        day = fn(year)
        return When.of(day) if day else None

    def _tail_year(self, tail: list[str]) -> int | None:
        """The year a phrase after a feast's name points to: '2019', 'in 2019', 'of
        next year', 'in 9 months', 'three years ago'."""
        if len(tail) == 1:
            return self.year(tail[0])
        for ws in (tail, tail[1:] if tail[0] in ("of", "in", ",") else None):
            if ws:
                ry = self.rel_year(ws)
                if ry is not False:
                    return ry
                if len(ws) == 1:
                    return self.year(ws[0])
                moved = self.offset(ws)
                if moved is not None:
                    return moved.year
        return None

    def _feast(self, t: tuple):
        """year -> date (or None) for a named feast, or None if ``t`` names none."""
        if t in self.v.fixed_holidays:
            mo, d = (int(x) for x in self.v.fixed_holidays[t].split("-"))
            return lambda y: dt.date(y, mo, d) if _valid(y, mo, d) else None
        return self._movable_feast(t)

    def _movable_feast(self, t: tuple):
        """year -> date (or None) for a feast whose date moves from year to year."""
        v = self.v
        if t in v.weekday_holidays:
            month, weekday, n, *after = v.weekday_holidays[t]
            return lambda y: _nth_weekday(y, month, weekday, n) + dt.timedelta(days=after[0] if after else 0)
        if t in v.easter_holidays:
            return lambda y: _easter(y) + dt.timedelta(days=v.easter_holidays[t])
        if t in v.orthodox_holidays:
            return lambda y: _orthodox_easter(y) + dt.timedelta(days=v.orthodox_holidays[t])
        if t in v.calendar_holidays:
            cal, name, after = v.calendar_holidays[t]

            def on(y: int) -> dt.date | None:
                day = calendars.feast(cal, name, y)
                return day + dt.timedelta(days=after) if day else None
            return on
        return None

    def _rel_occurrence(self, rel: str, fn) -> dt.date | None:
        ref = self.ref
        d = fn(ref.year)
        if rel == "this":  # the coming one, or today's ("this Christmas" said in December)
            return d if d is not None and d >= ref else fn(ref.year + 1)
        if rel == "last":
            return d if d is not None and d < ref else fn(ref.year - 1)
        return d if d is not None and d > ref else fn(ref.year + 1)

    def month_day(self, ws: list[str], year: int | None = None, allow_missing_year: bool = False) -> When | None:
        """Month name with a day: 'march 2', '2 march', 'the 3rd of march', 'jan twenty two'."""
        ws = [w for w in ws if w not in (",", "the", "of", ".")]
        months = [i for i, w in enumerate(ws) if w in self.v.months]
        if len(months) != 1:
            return None
        i = months[0]
        rest = ws[:i] + ws[i + 1 :]
        d = self.day(rest)
        if d is None:
            return None
        mo = self.v.months[ws[i]]
        if not _valid(year, mo, d):
            return None
        return When("D", year, mo, d)

    def explicit(self, ws: list[str]) -> When | None:
        ws = [w for w in ws if w not in (",", ".")]
        if not ws:
            return None
        week = self.week_weekday(ws)
        if week is not None:
            return week
        weekday = None
        if ws[0] in self.v.weekdays:
            weekday, ws = self.v.weekdays[ws[0]], ws[1:]
            if ws[:1] == ["the"]:
                ws = ws[1:]
        # weekday alone (optionally last/next/this before it)
        if not ws and weekday is not None:
            return self.weekday(weekday, None)
        if len(ws) == 2 and ws[0] in self.v.weekday_dirs and ws[1] in self.v.weekdays:
            return self.weekday(self.v.weekdays[ws[1]], ws[0])
        if len(ws) == 3 and ws[:2] == ["this", "upcoming"] and ws[2] in self.v.weekdays:
            return self.weekday(self.v.weekdays[ws[2]], "upcoming")
        # trailing year or relative year
        year: int | None = None
        year_known = False
        if ws and self.year(ws[-1]) is not None:
            year, ws, year_known = self.year(ws[-1]), ws[:-1], True
            if ws[-1:] in (["of"], ["in"]):
                ws = ws[:-1]
        else:
            for k in (3, 2):
                if len(ws) > k:
                    ry = self.rel_year(ws[-k:])
                    if ry is not False:
                        year, ws, year_known = ry, ws[:-k], True
                        break
        if ws[:1] == ["year"] and year_known and len(ws) == 1:
            return When("Y", year)
        nth = self.nth_of_month(ws, year if year_known else None)
        if nth is not None:
            return nth
        if not ws:
            return When("Y", year) if year_known and year is not None else None
        if len(ws) >= 2 and self.year(ws[0]) is not None and not year_known and [w for w in ws[1:] if w != ","] and all(w in self.v.months or w == "," for w in ws[1:]):
            months = [w for w in ws[1:] if w in self.v.months]
            if len(months) == 1:
                return When("M", self.year(ws[0]), self.v.months[months[0]])  # "2016 june", "2016, nov"
        week = self.week_weekday(ws)
        if week is not None:
            return week
        # month alone with a year ("november 2020", "march next year") or relative month
        if len(ws) == 1 and ws[0] in self.v.months:
            mo = self.v.months[ws[0]]
            if year_known:
                return When("M", year, mo)
            return When("M", self.ref_year(), mo) if weekday is None else None
        if len(ws) == 2 and ws[1] in self.v.months and ws[0] in ("last", "next", "this", "past", "coming"):
            mo = self.v.months[ws[1]]
            if not self.ref:
                return When("M", None, mo)  # "last October": the month, no year to be had
            rel = {"past": "last", "coming": "next"}.get(ws[0], ws[0])
            if rel == "this":
                return When("M", self.ref.year, mo)
            if rel == "last":
                return When("M", self.ref.year if mo < self.ref.month else self.ref.year - 1, mo)
            return When("M", self.ref.year if mo > self.ref.month else self.ref.year + 1, mo)
        md = self.month_day(ws, year)
        if md is not None:
            if not year_known:
                md = replace(md, year=self.ref_year())
            return md
        if weekday is not None and not year_known:
            d = self.day([w for w in ws if w not in ("the", "of")])
            if d is not None and self.ref:
                # 'Tuesday the 11th': the nearest day that is both, before or after the reference date
                for gap in range(400):
                    for probe in (self.ref - dt.timedelta(days=gap), self.ref + dt.timedelta(days=gap)):
                        if probe.day == d and probe.weekday() == weekday:
                            return When.of(probe)
        return None

    def week_weekday(self, ws: list[str]) -> When | None:
        """'friday of next week', 'this week monday', 'next week on friday'."""
        ws = [w for w in ws if w not in ("of", "on", "-")]
        days = [w for w in ws if w in self.v.weekdays]
        if len(days) != 1 or "week" not in ws or not self.ref:
            return None
        rest = [w for w in ws if w not in days and w != "week" and w != "the"]
        if len(rest) != 1 or (rest[0],) not in self.v.relative_dirs:
            return None
        d = self.v.relative_dirs[(rest[0],)]
        monday = self.ref - dt.timedelta(days=self.ref.weekday()) + dt.timedelta(days=7 * d)
        return When.of(monday + dt.timedelta(days=self.v.weekdays[days[0]]))

    def nth_of_month(self, ws: list[str], year: int | None) -> When | None:
        """'third tuesday of september', 'last day of october', 'the first monday of
        this month', '20th of next month'."""
        ws = [w for w in ws if w not in ("the",)]
        if "of" not in ws and "in" not in ws:
            if len(ws) < 3 or ws[-1] != "month" or ws[-2] not in _MONTH_STEPS:
                return None
            ws = ws[:-2] + ["of"] + ws[-2:]  # '22 this month'
        k = max(i for i, w in enumerate(ws) if w in ("of", "in"))
        head, tail = ws[:k], ws[k + 1 :]
        if len(tail) == 1 and tail[0] in self.v.months:
            mo = self.v.months[tail[0]]
            if year is None:
                year = self.ref_year()
        elif tail == ["month"] or len(tail) == 2 and tail[1] == "month" and tail[0] in _MONTH_STEPS:
            if not self.ref:
                return None
            d = _MONTH_STEPS.get(tail[0], 0)
            first = shift(self.ref.replace(day=1), d, "month")
            year, mo = first.year, first.month
        else:
            return None
        if not head:
            return None
        if head[-1] == "day" and len(head) >= 2:
            if head[0] == "last" and len(head) == 2 and year is not None:
                return When.of(_nth_weekday(year, mo, 0, -1) + dt.timedelta(days=(_last_day(year, mo) - _nth_weekday(year, mo, 0, -1)).days))
            d = self.day(head[:-1])
        elif head[-1] in self.v.weekdays and len(head) == 2:
            n = self.v.ordinals.get(head[0])
            if n is None:
                m = re.fullmatch(r"(\d)(st|nd|rd|th)", head[0])
                n = int(m.group(1)) if m else None
            if n is None or year is None or n == 0 or n > 5:
                return None
            got = _nth_weekday(year, mo, self.v.weekdays[head[-1]], n)
            return When.of(got) if got.month == mo else None
        else:
            d = self.day(head)
        if d is None or not _valid(year, mo, d):
            return None
        return When("D", year, mo, d)

    def after_next(self, head: tuple) -> When | None:
        """'Friday after next', 'March after next', 'the year after next': one
        period after the coming one."""
        if not self.ref or len(head) != 1:
            return None
        w, ref = head[0], self.ref
        if w in self.v.weekdays:
            coming = ref + dt.timedelta(days=(self.v.weekdays[w] - ref.weekday() - 1) % 7 + 1)
            return When.of(coming + dt.timedelta(days=7))
        if w in self.v.months:
            month = self.v.months[w]
            return When("M", ref.year + (month <= ref.month) + 1, month)
        if w == "year":
            return When("Y", ref.year + 2)
        if w == "month":
            return When.of(shift(ref.replace(day=1), 2, "month"), "M")
        if w == "quarter":
            q0 = ref.replace(day=1, month=(ref.month - 1) // 3 * 3 + 1)
            return When.of(shift(q0, 6, "month"), "Q")
        return None

    def weekday_count(self, ws: list[str]) -> When | None:
        """'three Fridays from now', '2 Thursdays ago': the n-th such day after (before)
        the reference date."""
        for k in (2, 1):
            direction = self.v.offset_after.get(tuple(ws[-k:]))
            if direction is not None:
                break
        else:
            return None
        head, day = ws[: -k - 1], ws[-k - 1]
        n = self._count(head) if head else None
        if not self.ref or not n or n > 52:
            return None
        wd, ref = self.v.weekdays[day[:-1]], self.ref
        if direction > 0:
            first = ref + dt.timedelta(days=(wd - ref.weekday() - 1) % 7 + 1)
            return When.of(first + dt.timedelta(days=7 * (n - 1)))
        first = ref - dt.timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)
        return When.of(first - dt.timedelta(days=7 * (n - 1)))

    def weekday(self, weekday: int, rel: str | None) -> When | None:
        """A bare weekday is the latest such day on or before the reference date;
        'last'/'next' name the day of the previous/next calendar week, 'this' and
        'coming' the next such day from the reference date on."""
        if not self.ref:
            return None
        monday = self.ref - dt.timedelta(days=self.ref.weekday())
        if rel in ("last", "past", "previous"):
            return When.of(monday - dt.timedelta(days=7 - weekday))
        if rel in ("next", "following"):
            return When.of(monday + dt.timedelta(days=7 + weekday))
        if rel in ("this", "coming", "upcoming"):
            return When.of(self.ref + dt.timedelta(days=(weekday - self.ref.weekday()) % 7))
        return When.of(self.ref - dt.timedelta(days=(self.ref.weekday() - weekday) % 7))


def spelled_year(ws: list[str], alone: bool = False) -> int | None:
    """A year written in words, all of ``ws``: 'nineteen ninety six', 'twenty twenty',
    'nineteen zero one', 'nineteen hundred ninety three', 'two thousand and fifteen'.
    ``alone``: the words stand by themselves, not after a month or a day, and then
    a round 'two thousand' is a count, not a year."""
    lex = numbers.lexicon()
    ws = [w for i, w in enumerate(ws) if not (w == "-" and 0 < i < len(ws) - 1 and ws[i - 1] in lex.tens)]
    if len(ws) < 2 or ws[-1] in ("and", "-"):
        return None
    year = None
    first = 20 if ws[0] == "twenty" else lex.units.get(ws[0])
    if "hundred" in ws or "thousand" in ws:
        p = numbers.parse_run(ws)
        if p is not None and p.start == 0 and p.end == len(ws) and not isinstance(p.value, tuple) and p.value == int(p.value):
            year = int(p.value)
            if alone and ws[-1] == "thousand":
                return None
    elif first is not None and 10 <= first <= 20:
        rest = ws[1:]
        if len(rest) == 2 and rest[0] in ("zero", "oh") and 1 <= lex.units.get(rest[1], 0) <= 9:
            year = first * 100 + lex.units[rest[1]]
        elif "and" not in rest:
            p = numbers.parse_run(rest)
            if p is not None and p.start == 0 and p.end == len(rest) and not isinstance(p.value, tuple) and 10 <= p.value <= 99:
                year = first * 100 + int(p.value)
    lo, hi = vocab().year_range
    return year if year is not None and lo <= year <= hi else None


def _spelled_years(ws: list[str]) -> list[str]:
    """``ws`` with each year written in words replaced by its digits."""
    lex = numbers.lexicon()
    if not any(w in lex.units or w == "twenty" for w in ws):
        return ws
    out: list[str] = []
    i = 0
    while i < len(ws):
        for j in range(min(len(ws), i + 9), i + 1, -1):
            year = spelled_year(ws[i:j])
            if year is not None:
                out.append(str(year))
                i = j
                break
        else:
            out.append(ws[i])
            i += 1
    return out


@lru_cache(maxsize=65536)
def _normalise_cached(text: str, ref: dt.date | None, anchor: When | None) -> DateValue | None:
    short = vocab().word_abbreviations
    ws = [short.get(w, w) for w in _words(text)]
    ws = _spelled_years([w for i, w in enumerate(ws) if not (w == "calendar" and ws[i + 1 : i + 2] == ["year"])])
    if not ws:
        return None
    return _Parser(ref, anchor).parse(ws)


def normalise(text: str, ref: dt.date | None = None, anchor: When | None = None) -> DateValue | None:
    """The TIMEX value of the date expression ``text``, or None if it is not one.

    ``ref`` is the publication date (relative and year-less dates lean on it);
    ``anchor`` is the latest date given earlier in the text ("two days later",
    "that year").
    """
    return _normalise_cached(" ".join(text.split()), ref, anchor)
