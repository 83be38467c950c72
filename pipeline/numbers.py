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

_LEADING_ZERO = re.compile(r"0\d")

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
    if not _DIGITS.match(text) or _LEADING_ZERO.match(text):
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


_HALF = re.compile(r"^(?:(?P<whole>.+?) (?:and )?)?(?:a|one) ?-? ?half$")


class _Run:
    """How far the reading of one number phrase has got: the sum of the scaled parts
    before, the part being read, whether digits were read, and the kind of the last word."""

    __slots__ = ("total", "current", "seen_digits", "last")

    def __init__(self):
        self.total = 0.0
        self.current: float | None = None
        self.seen_digits = False
        self.last = ""

    def value(self) -> float | None:
        value = self.total + (self.current or 0.0)
        return value if math.isfinite(value) else None


_NEXT = object()  # read on: the word was taken (or skipped)


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
    scaled = _fraction_of_scale(tokens, scales, money)
    if scaled is not None:
        return scaled
    run = _Run()
    for i in range(len(tokens)):
        step = _step(run, tokens, i, scales, money)
        if step is not _NEXT:
            return step  # a decimal read to its end, or None
    if run.current is None and run.last != "scale":
        return None
    return run.value()


def _fraction_of_scale(tokens: list[str], scales: dict, money: bool) -> float | None:
    """A fraction of a scale: 'half a million', 'a quarter of a billion', 'one and a half
    million', 'three quarters of a million'; None for any other phrase."""
    lex = lexicon()
    words = [t.lower() for t in tokens]
    if len(words) < 2 or words[-1] not in scales or not any(w in lex.fractions for w in words[:-1]):
        return None
    head = words[:-1]
    if head[-2:] in (["of", "a"], ["of", "an"]):
        head = head[:-2]
    elif head[-1:] in (["a"], ["an"]):
        head = head[:-1]
    if not head or head[-1] not in lex.fractions:
        return None  # the fraction must end the part before the scale ("half a", not "half a dozen")
    part = _single(head, money)
    return None if part is None else part * scales[words[-1]]


def _step(run: _Run, tokens: list[str], i: int, scales: dict, money: bool):
    """Read word ``i`` of a number phrase: ``_NEXT``, or what ``_single`` gives."""
    lex = lexicon()
    raw = tokens[i]
    tok = raw.lower()
    nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    if tok in lex.articles and tok != "one" and run.last == "":
        return _article(run, nxt, scales, money)
    frac = _FRACTION.match(raw)
    if frac:
        num, den = int(frac.group(1)), int(frac.group(2))
        if den == 0 or num >= den or run.last not in ("", "digits") or (run.last == "digits" and run.current is None):
            return None
        run.current = (run.current or 0.0) + num / den
        run.last = "fraction"
        return _NEXT
    if tok in lex.fractions and run.last in ("", "unit", "digits", "article"):
        if run.last != "" and run.current is not None:
            run.current *= lex.fractions[tok]  # "three quarters"
        else:
            run.current = lex.fractions[tok]
        run.last = "fraction"
        return _NEXT
    if tok == "point" and (run.last in ("unit", "tens") or run.last == "digits" and run.current is not None
                           and run.current.is_integer()) and i + 1 < len(tokens):
        return _decimals(run, tokens[i + 1 :], scales)
    return _word(run, raw, tok, nxt, i + 1 < len(tokens), scales)


def _article(run: _Run, nxt: str, scales: dict, money: bool):
    """'a' or 'an' opening a number: 'a half', 'a hundred', 'a million' ('a' alone after
    a currency); skipped before digits ('a 100 meters')."""
    lex = lexicon()
    if nxt in lex.fractions:
        run.last = "article"
        return _NEXT
    if nxt in ("hundred",) or nxt in scales or (nxt == "" and money):
        run.current = 1.0
        run.last = "word"
        return _NEXT
    if nxt and (parse_digits(nxt) is not None or nxt in lex.units or nxt in lex.tens):
        return _NEXT  # "a 100 meters": the article is not part of the number
    return None


def _decimals(run: _Run, rest: list[str], scales: dict) -> float | None:
    """The digits after 'point' ('two point five', '3 point 14') and a scale after
    them; the phrase ends there."""
    lex = lexicon()
    decimals = ""
    used = 0
    for w in rest:
        d = lex.units.get(w.lower())
        if d is not None and d <= 9:
            decimals += str(d)
        elif w.isdigit() and not decimals:
            decimals = w
        else:
            break
        used += 1
    if not decimals or used != len(rest) and rest[used].lower() not in scales:
        return None
    run.current = (run.current or 0.0) + float("0." + decimals)
    rest = rest[used:]
    if rest:
        scale = scales.get(rest[0].lower())
        if scale is None or len(rest) > 1:
            return None
        run.total += run.current * scale
        run.current = None
    return run.value()


def _word(run: _Run, raw: str, tok: str, nxt: str, more: bool, scales: dict):
    """Digits, a number word, 'hundred', a scale or a joining 'and' / '-'."""
    lex = lexicon()
    digits = parse_digits(raw)
    if digits is not None:
        if run.current is not None or run.seen_digits and run.last != "scale":
            return None
        run.current, run.seen_digits, run.last = digits, True, "digits"
    elif tok in lex.units or tok in lex.tens:
        value = lex.units.get(tok, lex.tens.get(tok))
        if run.last == "digits":
            return None
        if run.current is None:
            run.current = float(value)
        elif tok in lex.units and run.last == "tens" and value < 10 or run.last in ("hundred", "scale", "and"):
            run.current += value
        else:
            return None
        run.last = "tens" if tok in lex.tens else "unit"
    elif tok == "hundred":
        run.current = (run.current or 1.0) * 100 if run.last == "digits" or run.current is None else run.current * 100
        run.last = "hundred"
    elif tok in scales:
        if run.current is None:
            return None
        run.total += run.current * scales[tok]
        run.current = None
        run.last = "scale"
    elif tok == "-" and run.last == "digits" and nxt in scales:
        pass  # "a 500-million-yuan fund"
    elif tok == "-" and run.last in ("unit", "tens") and (nxt == "hundred" or nxt in scales):
        pass  # "six-hundred-thousand-square-foot", "two-hundred-fourteen million" as spoken
    elif tok in ("and", "-") and run.last in ("hundred", "scale", "tens") and more:
        run.last = "and" if tok == "and" else run.last
    else:
        return None
    return _NEXT


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
    when no part of the tokens is a number. The same words recur from article to
    article ("5", "2.4 billion"): each phrase is parsed once.
    """
    return _parse_run(tuple(tokens), money, between, keep_start)


@lru_cache(maxsize=65536)
def _parse_run(words: tuple[str, ...], money: bool, between: bool, keep_start: bool) -> Parsed | None:
    tokens = list(words)
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
