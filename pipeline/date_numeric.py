"""Dates written with digits ('2019-03-04', '10/25/2020', '23/sep/2020', '20161016') and
parts of a year ('Q3 2022', 'the second half of next year', 'the third month of 2021')."""
from __future__ import annotations

import re

from .date_calendar import valid
from .date_years import read_year, year_expr
from .dates import When


def numeric(cx, ws: list[str]) -> When | None:
    s = "".join(ws)
    mixed = mixed_numeric(cx, s)
    if mixed is not None:
        return mixed
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s) or re.fullmatch(r"(\d{4})(\d\d)(\d\d)", s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return When("D", y, mo, d) if read_year(cx, m.group(1)) and valid(y, mo, d) else None
    m = re.fullmatch(r"(\d{1,2})[-/](\d{4})", s)
    if m and read_year(cx, m.group(2)) and 1 <= int(m.group(1)) <= 12:
        return When("M", int(m.group(2)), int(m.group(1)))
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return When("M", y, mo) if read_year(cx, m.group(1)) and 1 <= mo <= 12 else None
    m = re.fullmatch(r"(\d{4})-([a-z]+)\.?-(\d{1,2})", s)
    if m and m.group(2) in cx.v.months:
        y, mo, d = int(m.group(1)), cx.v.months[m.group(2)], int(m.group(3))
        return When("D", y, mo, d) if valid(y, mo, d) else None
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
        if not valid(year, mo, d):
            return None
        if year is None:
            year = cx.ref_year()
        return When("D", year, mo, d)
    return None


def mixed_numeric(cx, s: str) -> When | None:
    """Numeric dates with a month name or a month-year order: 'dec/2018', 'oct/2',
    '2019/aug/01', '23/sep/2020', 'sep-23-2020', '12-2015', '10-31-74'."""
    months = cx.v.months
    parts = re.split(r"[-/.]", s)
    if not 2 <= len(parts) <= 3 or not all(parts):
        return None
    def yr(p):
        if re.fullmatch(r"\d{4}", p):
            return read_year(cx, p)
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
        if names == [0] and b.isdigit() and valid(None, months[a], int(b)):
            return When("D", cx.ref_year(), months[a], int(b))
        if names == [1] and a.isdigit() and len(a) <= 2 and valid(None, months[b], int(a)):
            return When("D", cx.ref_year(), months[b], int(a))
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
            if y and d.isdigit() and len(d) <= 2 and valid(y, mo, int(d)):
                return When("D", y, mo, int(d))
        return None
    if not names and "-" in s and all(p.isdigit() for p in parts) and len(parts[2]) == 2 and len(parts[0]) <= 2:
        mo, d, y = int(parts[0]), int(parts[1]), yy(parts[2])
        if d > 12 >= mo and valid(y, mo, d):
            return When("D", y, mo, d)
    return None


def quarter_half(cx, ws: list[str]) -> When | None:
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
        year = int(y) if y else cx.ref_year()
        return When(g, year, part=part)
    if len(ws) >= 4 and ws[0] in ("q", "h") and ws[1] in ("1", "2", "3", "4"):  # "Q3 this year", "Q1 of next year"
        year = year_expr(cx, ws[2:])
        if year is False or (ws[0] == "h" and ws[1] > "2"):
            return None
        return When(ws[0].upper(), year, part=int(ws[1]))
    if len(ws) >= 4 and ws[1] == "month" and ws[2] == "of":  # "the third month of 2021"
        n = cx.v.ordinals.get(ws[0]) or (int(ws[0][:-2]) if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", ws[0]) else None)
        year = year_expr(cx, ws[2:])
        if not n or not 1 <= n <= 12 or year is False:
            return None
        return When("M", year, n)
    for i, w in enumerate(ws):
        if w in ("quarter", "half") and i >= 1:
            grain = "Q" if w == "quarter" else "H"
            part = read_part(cx, ws[:i], grain) if i == 1 else None
            if part is None:
                return None
            rest = ws[i + 1 :]
            if not rest:
                year = cx.ref_year()
            else:
                year = year_expr(cx, rest)
                if year is False:
                    return None
            return When(grain, year, part=part)
    return None


def read_part(cx, ws: list[str], grain: str) -> int | None:
    table = cx.v.quarters if grain == "Q" else cx.v.halves
    if len(ws) == 1:
        return table.get(ws[0])
    return None
