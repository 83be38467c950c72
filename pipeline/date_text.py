"""Ranges, and the words a date's production reads.

``range_`` reads two dates joined by a connector ('July 13-15', 'from 2021 to 2025',
'between 3 and 12 of Sept'), each end read by a given reader, the left end
leaning on the right where it gives less ('March' of 'March to May 2021').
``prepared`` and ``plain`` give the words of a date without what leaves its value
alone; ``near_relative`` reads 'the next day', 'the same month', 'yesterday'.
"""
from __future__ import annotations

from dataclasses import replace

from . import numbers
from .date_calendar import order, valid
from .date_days import month_day, read_day
from .date_numeric import read_part
from .date_relative import relative
from .date_years import read_year
from .dates import DateValue, When


def near_relative(cx, ws: list[str]) -> When | None:
    """'the next day', 'the same month', 'the last quarter', 'yesterday': three words
    opening with 'the', or a day named relative to the reference date, read whole."""
    if ws[:1] == ["the"] and len(ws) == 3:
        near = relative(cx, ws)
        if near is not None:
            return near
    return relative(cx, ws) if tuple(ws) in cx.v.relative_days else None


def prepared(cx, ws: list[str]) -> list[str]:
    """The words of a date without what leaves its value alone: a modifier ('the end
    of', 'mid-'), lead words ('from', 'in'; not the 'in' of 'in 3 days') and closing
    punctuation."""
    ws = strip_modifiers(cx, ws)
    while len(ws) > 1 and ws[0] in cx.v.lead_words:
        if ws[0] == "in" and (ws[1] in numbers.lexicon().units or ws[1] in ("a", "an") or ws[1].isdigit() and len(ws) > 2):
            break
        ws = ws[1:]
    while ws and ws[-1] in (",", ".", ";"):
        ws = ws[:-1]
    return ws


def plain(cx, ws: list[str]) -> list[str]:
    """``prepared`` words, and no leading 'the': what a single date's production reads."""
    ws = prepared(cx, ws)
    return ws[1:] if ws[:1] == ["the"] else ws


def strip_modifiers(cx, ws: list[str]) -> list[str]:
    if len(ws) == 1 and ws[0] in cx.v.period_abbreviations:
        ws = list(cx.v.period_abbreviations[ws[0]])
    changed = True
    while changed and ws:
        changed = False
        if any(tuple(ws[:k]) in cx.v.feast_names for k in range(2, len(ws) + 1)):
            break  # 'Mid-Autumn Festival' is a feast, not the middle of one
        for mod in cx.v.modifiers:
            if tuple(ws[: len(mod)]) == mod and len(ws) > len(mod):
                ws = ws[len(mod) :]
                changed = cx.stripped = True
                break
        if ws and ws[0] == "the" and len(ws) > 1:
            ws = ws[1:]
            changed = True
        if len(ws) == 1 and ws[0] in cx.v.period_abbreviations:
            ws = list(cx.v.period_abbreviations[ws[0]])
            changed = True
    return ws


def range_(cx, ws: list[str], side, left_side=None) -> DateValue | None:
    """Two dates joined by a connector, the right end read by ``side`` and the left by
    ``left_side`` (``side`` when not given)."""
    left_side = left_side or side
    for i, w in enumerate(ws):
        if (w not in cx.v.connectors and not (w == "and" and cx.between)) or i == 0 or i == len(ws) - 1:
            continue
        left, right = ws[:i], ws[i + 1 :]
        if left and left[0] in ("from", "between"):
            left = left[1:]
        right = strip_modifiers(cx, right)
        cx.fill = False
        try:
            hi = side(cx, right)
            lo = left_side(cx, left) if left else None
            if hi is None and lo is not None and lo.grain == "D":
                rest = [w for w in right if w not in ("the", "of", ",")]
                year = read_year(cx, rest[-1]) if len(rest) > 1 else None
                if year is not None:
                    rest = rest[:-1]
                    lo = replace(lo, year=year)
                d = read_day(cx, rest)
                if d is not None and valid(lo.year, lo.month, d):
                    hi = replace(lo, day=d)
            if hi is None:
                continue
            if lo is None or lo.grain != hi.grain:
                lo = inherit(cx, left, hi)
            if lo is None or lo.grain != hi.grain:
                continue
        finally:
            cx.fill = True
        wrap = order(replace(lo, year=0)) > order(replace(hi, year=0))  # "Nov-Feb", "10/25 to 01/25"
        if hi.year is None and lo.year is not None:
            hi = replace(hi, year=lo.year + wrap)
        elif lo.year is None and hi.year is not None:
            lo = replace(lo, year=hi.year - wrap)
        elif lo.year is None and hi.year is None and cx.ref and lo.grain in ("D", "M"):
            lo, hi = replace(lo, year=cx.ref.year), replace(hi, year=cx.ref.year + wrap)
        if lo.year is not None and hi.year is not None and order(lo) > order(hi):
            continue
        return DateValue(f"{lo.timex()}/{hi.timex()}", lo, hi)
    return None


def inherit(cx, ws: list[str], right: When) -> When | None:
    """The left end of a range that leans on the right end ('March' of 'March to May
    2021', '13' of 'July 13-15', '5/1' of '5/1-5/7/2020')."""
    if right.grain == "D":
        d = read_day(cx, [w for w in ws if w not in ("the", "of")])
        if d is not None and valid(right.year, right.month, d):
            return replace(right, day=d)
        md = month_day(cx, ws, year=right.year, allow_missing_year=True)
        if md is not None:
            return md
    if right.grain == "M" and len(ws) == 1 and ws[0] in cx.v.months:
        return When("M", right.year, cx.v.months[ws[0]])
    if right.grain in ("Q", "H"):
        p = read_part(cx, ws, right.grain)
        if p:
            return replace(right, part=p)
    return None
