"""Year reading: a four-digit or clipped year, a year relative to the reference date or
the anchor ('last year', 'that year'), a year written in words, a Five-Year Plan."""
from __future__ import annotations

import re

from . import numbers
from .dates import DateValue, When, vocab

_FOUR_DIGITS = re.compile(r"\d{4}")
_APOSTROPHE_YEAR = re.compile(r"'\d\d")


def read_year(cx, w: str) -> int | None:
    if _FOUR_DIGITS.fullmatch(w):
        y = int(w)
        lo, hi = cx.v.year_range
        return y if lo <= y <= hi else None
    if _APOSTROPHE_YEAR.fullmatch(w):
        y = int(w[1:])
        return 2000 + y if y < 50 else 1900 + y
    return None


def rel_year(cx, ws: list[str]) -> int | None | bool:
    """'last year', 'this year', 'next year', 'that year', 'the same year' -> year,
    or False when the words are not such an expression."""
    if len(ws) != 2 and not (len(ws) == 3 and ws[0] == "the"):
        return False
    head, unit = ws[-2], ws[-1]
    if unit != "year":
        return False
    if head in ("that", "same") or (head == "the" and len(ws) == 2):
        if cx.anchor is not None and cx.anchor.year is not None:
            return cx.anchor.year
        return cx.ref.year if cx.ref else None
    d = cx.v.relative_dirs.get((head,))
    if d is None:
        return False
    return cx.ref.year + d if cx.ref else None


def year_expr(cx, ws: list[str]) -> int | None | bool:
    """Year written after 'of' in a quarter/half/month expression; False if none."""
    if not ws:
        return False
    if ws[0] == "of":
        ws = ws[1:]
    if len(ws) == 1:
        y = read_year(cx, ws[0])
        return y if y is not None else False
    if ws == ["the", "year"]:
        if cx.anchor is not None and cx.anchor.year is not None:
            return cx.anchor.year
        return cx.ref.year if cx.ref else None
    return rel_year(cx, ws)


def five_year_plan(cx, ws: list[str]) -> DateValue | None:
    s = " ".join(ws)
    m = re.fullmatch(r"(\w+) five - year plan(?: period)?(?: \( (\d{4}) - (\d{4}) \))?", s)
    if not m or not s.endswith(("period", ")")):
        return None
    word = m.group(1)
    n = cx.v.ordinals.get(word)
    if n is None:
        mm = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
        n = int(mm.group(1)) if mm else None
    if not n or n < 1:
        return None
    fyp = cx.v.fyp
    if n == 1:
        a, b = fyp["first"]
    elif n == 2:
        a, b = fyp["second"]
    else:
        a = fyp["base_year"] + 5 * (n - fyp["base_ordinal"])
        b = a + 4
    return DateValue(f"{a}/{b}", When("Y", a), When("Y", b))


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


def spelled_years(ws: list[str]) -> list[str]:
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
