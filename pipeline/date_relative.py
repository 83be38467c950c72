"""Relative and offset reading: dates counted from the reference date or from the date
the text was talking about ('yesterday', 'next month', 'the following day', 'that
year', 'Friday after next', 'three days ago', 'in two years', '1 month 21 days
later')."""
from __future__ import annotations

import datetime as dt

from . import numbers
from .date_calendar import shift
from .dates import When


def after_next_words(cx, ws: list[str]) -> When | None:
    """'Friday after next', 'the year after the next'; None for other words."""
    t = tuple(ws)
    if len(t) >= 3 and t[-2:] == ("after", "next") or t[-3:] == ("after", "the", "next"):
        return after_next(cx, t[: t.index("after")])
    return None


def relative(cx, ws: list[str]) -> When | None:
    """A date named from the reference date or the anchor: 'yesterday', 'next month',
    'the following day', 'that year', 'Friday after next', 'three Fridays from now'."""
    t = tuple(ws)
    if len(t) >= 3 and t[-2:] == ("after", "next") or t[-3:] == ("after", "the", "next"):
        return after_next_words(cx, ws)
    if len(t) >= 3 and any(w[-1:] == "s" and w[:-1] in cx.v.weekdays and w not in cx.v.weekdays for w in t[1:-1]):
        return weekday_count(cx, list(t))
    near = {("the", "next", "day"): 1, ("next", "day"): 1, ("the", "following", "day"): 1, ("the", "day", "after"): 1,
            ("the", "previous", "day"): -1, ("the", "day", "before"): -1}
    if t in (("that", "year"), ("the", "same", "year"), ("that", "same", "year")):
        return When("Y", cx.anchor.year) if cx.anchor is not None and cx.anchor.year is not None else None
    same = {("the", "same", "day"): "D", ("that", "day"): "D", ("that", "same", "day"): "D", ("the", "very", "same", "day"): "D",
            ("the", "same", "month"): "M", ("that", "month"): "M", ("that", "same", "month"): "M"}
    if t in same:  # the day or month the text was just talking about; nothing without one
        a = cx.anchor
        if a is None or a.year is None or a.month is None or (same[t] == "D" and not a.day) or a.grain not in ("D", "M"):
            return None
        return When.of(dt.date(a.year, a.month, a.day or 1), same[t]) if same[t] == "M" or a.grain == "D" else None
    if t in near:
        if cx.anchor is not None and cx.anchor.grain == "D" and cx.anchor.day and cx.anchor.year:
            base = dt.date(cx.anchor.year, cx.anchor.month, cx.anchor.day)
        elif cx.ref:
            base = cx.ref
        else:
            return None
        return When.of(base + dt.timedelta(days=near[t]))
    if cx.stripped and t in (("year",), ("the", "year"), ("month",), ("the", "month"), ("quarter",), ("the", "quarter")):
        t = ("this", t[-1])
    if t in cx.v.relative_days:
        if not cx.ref:
            return When("D")
        return When.of(cx.ref + dt.timedelta(days=cx.v.relative_days[t]))
    # last/this/next year|month|quarter
    for k in (2, 1):
        head = t[:k]
        if head in cx.v.relative_dirs and len(t) == k + 1:
            unit = cx.v.relative_units.get(t[k])
            if unit is None or unit in ("week", "day", "fortnight") or t[k] in ("months", "years", "quarters", "yrs", "qtrs"):
                break
            d = cx.v.relative_dirs[head]
            base = cx.ref
            a = cx.anchor
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
        return When("Y", cx.ref.year if cx.ref else None)
    return None


def after_next(cx, head: tuple) -> When | None:
    """'Friday after next', 'March after next', 'the year after next': one
    period after the coming one."""
    if not cx.ref or len(head) != 1:
        return None
    w, ref = head[0], cx.ref
    if w in cx.v.weekdays:
        coming = ref + dt.timedelta(days=(cx.v.weekdays[w] - ref.weekday() - 1) % 7 + 1)
        return When.of(coming + dt.timedelta(days=7))
    if w in cx.v.months:
        month = cx.v.months[w]
        return When("M", ref.year + (month <= ref.month) + 1, month)
    if w == "year":
        return When("Y", ref.year + 2)
    if w == "month":
        return When.of(shift(ref.replace(day=1), 2, "month"), "M")
    if w == "quarter":
        q0 = ref.replace(day=1, month=(ref.month - 1) // 3 * 3 + 1)
        return When.of(shift(q0, 6, "month"), "Q")
    return None


def weekday_count(cx, ws: list[str]) -> When | None:
    """'three Fridays from now', '2 Thursdays ago': the n-th such day after (before)
    the reference date."""
    for k in (2, 1):
        direction = cx.v.offset_after.get(tuple(ws[-k:]))
        if direction is not None:
            break
    else:
        return None
    head, day = ws[: -k - 1], ws[-k - 1]
    n = count_of(cx, head) if head else None
    if not cx.ref or not n or n > 52:
        return None
    wd, ref = cx.v.weekdays[day[:-1]], cx.ref
    if direction > 0:
        first = ref + dt.timedelta(days=(wd - ref.weekday() - 1) % 7 + 1)
        return When.of(first + dt.timedelta(days=7 * (n - 1)))
    first = ref - dt.timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)
    return When.of(first - dt.timedelta(days=7 * (n - 1)))


def offset(cx, ws: list[str]) -> When | None:
    # "three days ago", "two months later", "in two years", "a year ago"
    units = [i for i, w in enumerate(ws) if w in cx.v.relative_units]
    if len(units) > 1:
        return compound_offset(cx, ws)
    unit_i = None
    for i, w in enumerate(ws):
        if w in cx.v.relative_units:
            unit_i = i
            break
    if unit_i is None or unit_i == 0:
        return None
    head, unit, tail = ws[:unit_i], cx.v.relative_units[ws[unit_i]], tuple(ws[unit_i + 1 :])
    direction = None
    base = cx.ref
    if head[0] in ("in", "within") and not tail:
        direction, head = 1, head[1:]
    elif len(tail) > 1 and tail[0] in ("from", "after", "before", "since") and tuple(tail) not in cx.v.offset_after:
        return None  # an offset from a date written after it is a composition (``combine.offset_before_date``)
    elif tail in cx.v.offset_after:
        direction = cx.v.offset_after[tail]
        if tail in cx.v.anchored_offsets:
            if cx.anchor is not None and cx.anchor.grain == "M" and cx.anchor.year is not None and unit in ("month", "year"):
                # "in August 2022; two months later": a month counted from a month
                return moved(cx, head, ws[unit_i], direction, dt.date(cx.anchor.year, cx.anchor.month, 1))
            if cx.anchor is None or cx.anchor.grain != "D" or cx.anchor.year is None:
                n = count_of(cx, head)
                if unit == "year" and n is not None and cx.anchor is not None and cx.anchor.year is not None:
                    return When("Y", cx.anchor.year + direction * n)
                return None
            base = dt.date(cx.anchor.year, cx.anchor.month, cx.anchor.day)
    if direction is None or not head or base is None:
        return None
    return moved(cx, head, ws[unit_i], direction, base)


def moved(cx, count: list[str], unit_word: str, direction: int, base: dt.date) -> When | None:
    """``base`` moved ``direction`` (1 or -1) by the count the words ``count`` give of the
    unit ``unit_word`` ('three' 'days'), at the unit's grain."""
    n = count_of(cx, count)
    unit = cx.v.relative_units.get(unit_word)
    if n is None or unit is None:
        return None
    if unit == "fortnight":
        unit, n = "week", 2 * n
    shifted = shift(base, direction * n, unit)
    if shifted is None:
        return None
    grain = {"day": "D", "week": "D", "month": "M", "year": "Y", "quarter": "Q"}[unit]
    return When.of(shifted, grain)


def compound_offset(cx, ws: list[str]) -> When | None:
    """'1 month 21 days ago', '2 years, 1 month and 21 days later': each part moves
    the date in turn, the largest unit first."""
    for k in (2, 1):
        direction = cx.v.offset_after.get(tuple(ws[-k:]))
        if direction is not None and len(ws) > k:
            break
    else:
        return None
    parts: list[tuple[int, str]] = []
    count: list[str] = []
    for w in ws[:-k]:
        if w in cx.v.relative_units:
            n = count_of(cx, count)
            if n is None:
                return None
            parts.append((n, cx.v.relative_units[w]))
            count = []
        elif w not in (",", "and") or count:
            count.append(w)
    order = ("year", "quarter", "month", "fortnight", "week", "day")
    if count or len(parts) < 2 or len({u for _, u in parts}) < len(parts) or any(u not in order for _, u in parts):
        return None
    if tuple(ws[-k:]) in cx.v.anchored_offsets:
        if cx.anchor is None or cx.anchor.grain != "D" or cx.anchor.year is None:
            return None
        day = dt.date(cx.anchor.year, cx.anchor.month, cx.anchor.day)
    elif cx.ref:
        day = cx.ref
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


def count_of(cx, ws: list[str]) -> int | None:
    if ws in (["a"], ["an"], ["one"]):
        return 1
    p = numbers.parse_run(ws)
    if p is None or p.start != 0 or isinstance(p.value, tuple) or p.value != int(p.value):
        return None
    return int(p.value)
