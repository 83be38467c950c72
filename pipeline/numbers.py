"""Numbers as written in news text -> floats. Pure Python, no spaCy.

``parse_run`` reads the tokens of a number phrase: digits with thousands
separators and decimals, number words ("two million", "a hundred",
"twenty-five"), scale words ("3.4 million", "2bn"), and ranges of those
("3 to 5", "2.8-3.2 billion", "10 and 12").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from . import rules

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")
_FRACTION = re.compile(r"^(\d{1,3})/(\d{1,3})$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


@dataclass(frozen=True)
class Lexicon:
    units: dict
    tens: dict
    scales: dict
    money_scales: dict
    articles: frozenset
    connectors: frozenset
    fractions: dict

    @property
    def words(self) -> frozenset:
        return frozenset(self.units) | frozenset(self.tens) | {"hundred", "point"} | frozenset(self.fractions) | frozenset(self.scales)


@lru_cache(maxsize=None)
def lexicon() -> Lexicon:
    data = rules.load("numbers")
    return Lexicon(
        units=dict(data["units"]),
        tens=dict(data["tens"]),
        scales=dict(data["scales"]),
        money_scales=dict(data["money_scales"]),
        articles=frozenset(data["article"]),
        connectors=frozenset(data["connectors"]),
        fractions=dict(data["fractions"]),
    )


def parse_digits(text: str) -> float | None:
    """'3,984' -> 3984.0, '0.45' -> 0.45; None for malformed digit strings ('1,2,3')."""
    text = text.translate(_FULLWIDTH)
    if not _DIGITS.match(text) or re.match(r"0\d", text):
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


_HALF = re.compile(r"^(?:(?P<whole>.+?) (?:and )?)?(?:a|one) ?-? ?half$")


def _single(tokens: list[str], money: bool) -> float | None:
    """One number phrase, no range; None if the tokens are not one number."""
    lex = lexicon()
    half = _HALF.match(" ".join(t.lower() for t in tokens))
    if half:  # "two and a half", "one-half", "a half"
        if not half.group("whole"):
            return 0.5
        whole = _single(half.group("whole").split(), money)
        return None if whole is None else whole + 0.5
    scales = dict(lex.scales)
    if money:
        scales.update(lex.money_scales)
    total = 0.0
    current: float | None = None
    seen_digits = False
    last = ""  # kind of the previous token
    n = len(tokens)
    for i, raw in enumerate(tokens):
        tok = raw.lower()
        nxt = tokens[i + 1].lower() if i + 1 < n else ""
        if tok in lex.articles and tok != "one" and last == "":
            if nxt in lex.fractions:
                last = "article"
                continue
            if nxt in ("hundred",) or nxt in scales or (nxt == "" and money):
                current = 1.0
                last = "word"
                continue
            if nxt and (parse_digits(nxt) is not None or nxt in lex.units or nxt in lex.tens):
                continue  # "a 100 meters": the article is not part of the number
            return None
        frac = _FRACTION.match(raw)
        if frac:
            num, den = int(frac.group(1)), int(frac.group(2))
            if den == 0 or num >= den or last not in ("", "digits") or (last == "digits" and current is None):
                return None
            current = (current or 0.0) + num / den
            last = "fraction"
            continue
        if tok in lex.fractions and last in ("", "unit", "digits", "article"):
            if last == "":
                current = lex.fractions[tok]
            elif current is not None:
                current *= lex.fractions[tok]  # "three quarters"
            else:
                current = lex.fractions[tok]
            last = "fraction"
            continue
        if tok == "point" and (last in ("unit", "tens") or last == "digits" and current is not None and current.is_integer()) and i + 1 < n:
            decimals = ""
            used = 0
            for w in tokens[i + 1 :]:
                d = lex.units.get(w.lower())
                if d is not None and d <= 9:
                    decimals += str(d)
                elif w.isdigit() and not decimals:
                    decimals = w
                else:
                    break
                used += 1
            if not decimals or i + 1 + used != n and tokens[i + 1 + used].lower() not in scales:
                return None
            current = (current or 0.0) + float("0." + decimals)
            rest = tokens[i + 1 + used :]
            if rest:
                scale = scales.get(rest[0].lower())
                if scale is None or len(rest) > 1:
                    return None
                total += current * scale
                current = None
            value = total + (current or 0.0)
            return value if math.isfinite(value) else None
        digits = parse_digits(raw)
        if digits is not None:
            if current is not None or seen_digits and last != "scale":
                return None
            current = digits
            seen_digits = True
            last = "digits"
        elif tok in lex.units or tok in lex.tens:
            value = lex.units.get(tok, lex.tens.get(tok))
            if last == "digits":
                return None
            if current is None:
                current = float(value)
            elif tok in lex.units and last == "tens" and value < 10:
                current += value
            elif last in ("hundred", "scale", "and"):
                current += value
            else:
                return None
            last = "tens" if tok in lex.tens else "unit"
        elif tok == "hundred":
            if last == "digits" or current is None:
                current = (current or 1.0) * 100
            else:
                current = current * 100
            last = "hundred"
        elif tok in scales:
            if current is None:
                return None
            total += current * scales[tok]
            current = None
            last = "scale"
        elif tok == "-" and last == "digits" and nxt in scales:
            continue  # "a 500-million-yuan fund"
        elif tok in ("and", "-") and last in ("hundred", "scale", "tens") and i + 1 < n:
            last = "and" if tok == "and" else last
            continue
        else:
            return None
    if current is None and last != "scale":
        return None
    value = total + (current or 0.0)
    return value if math.isfinite(value) else None


def _trailing_scale(tokens: list[str], money: bool) -> float | None:
    lex = lexicon()
    if not tokens:
        return None
    tok = tokens[-1].lower()
    if tok in lex.scales:
        return lex.scales[tok]
    if money and tok in lex.money_scales:
        return lex.money_scales[tok]
    return None


def _has_scale(tokens: list[str], money: bool) -> bool:
    lex = lexicon()
    return any(t.lower() in lex.scales or (money and t.lower() in lex.money_scales) for t in tokens)


@dataclass(frozen=True)
class Parsed:
    value: float | tuple[float, float]
    start: int  # index of the first token used
    end: int  # index after the last token used


def parse_run(tokens: list[str], money: bool = False, between: bool = False, keep_start: bool = False) -> Parsed | None:
    """Parse the tokens of a number phrase, single or range.

    Leading tokens that are not part of the number are dropped ("first 3"), or
    with ``keep_start`` trailing ones ("US$3 and fourteen": the currency needs
    the first token); trailing connectors always ("nine -" of "nine-kilometer").
    "and" joins a range only ``between`` ("between 10 and 12"). Returns None
    when no part of the tokens is a number.
    """
    lex = lexicon()
    end = len(tokens)
    while end and tokens[end - 1].lower() in lex.connectors:
        end -= 1
    spans = [(0, e) for e in range(end, 0, -1)] if keep_start else [(s, end) for s in range(0, end)]
    for start, stop in spans:
        part = tokens[start:stop]
        while part and part[-1].lower() in lex.connectors:
            part = part[:-1]
        if not part or part[0].lower() in lex.connectors:
            continue
        stop = start + len(part)
        end = stop
        value = _single(part, money)
        if value is not None:
            if len(part) > 1 and part[0].lower() in lex.articles and part[0].lower() != "one" and (
                parse_digits(part[1]) is not None or part[1].lower() in lex.units or part[1].lower() in lex.tens
            ):
                start += 1  # "a 100 meters": the article is not part of the span
            return Parsed(value, start, end)
        rng = _range(part, money, between)
        if rng is not None:
            return Parsed(rng, start, end)
    return None


def _range(tokens: list[str], money: bool, between: bool = False) -> tuple[float, float] | None:
    lex = lexicon()
    for i, tok in enumerate(tokens):
        if tok.lower() not in lex.connectors or i == 0 or i == len(tokens) - 1:
            continue
        if tok.lower() == "and" and not between:
            continue
        left, right = tokens[:i], tokens[i + 1 :]
        while left and left[-1].lower() in lex.connectors:
            left = left[:-1]  # "8- to 16-meter"
        if not left:
            continue
        lo = _single(left, money)
        hi = _single(right, money)
        if lo is None or hi is None:
            continue
        scale = _trailing_scale(right, money)
        if scale and not _has_scale(left, money):
            lo *= scale
        if lo > hi:
            continue
        return (lo, hi)
    return None
