"""Values of the matcher's candidates: a quantity's number and unit or currency,
a date's reading, and the vetoes that tell a date-like run from a date."""
from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from . import dates, numbers, productions, units
from .found import Found
from .words import date_words, ends_with, lexicon, lower_words, number_words, qualifiers, scale, starts_with


def quantity(doc: Doc, text: str, c) -> Found | None:
    """A quantity candidate read by the production its pattern names ('money', 'measure')."""
    return productions.get(productions.reading_of(c.rule))(doc, text, c)


class _Number(NamedTuple):
    """The number run of a quantity candidate, as read."""

    num: list  # the ``num`` tokens
    words: list  # their words
    parsed: object  # numbers.Parsed
    sign: int
    cur_before: list  # currency tokens before the number
    first: int  # the token the number read starts at


def _number(doc: Doc, c, money: bool) -> _Number | None:
    """The number run of a candidate's ``num`` tokens, or None."""
    num = c.tokens("num")
    if not num:
        return None
    between = num[0] > 0 and doc[num[0] - 1].lower_ == "between"
    cur_before = [i for i in c.tokens("cur") if i < num[0]]
    words = number_words(doc, num)
    sign = 1
    if money and words[0][:1] in ("-", "−") and len(words[0]) > 1 and not (num[0] and doc[num[0] - 1].like_num):
        sign, words[0] = -1, words[0][1:]  # "-15€", "$-99.99": a loss; "5 -15€" is no such thing
    parsed = numbers.parse_run(words, money=money, between=between, keep_start=bool(cur_before))
    if parsed is None or (sign < 0 and (parsed.start != 0 or isinstance(parsed.value, tuple))):
        return None
    return _Number(num, words, parsed, sign, cur_before, num[parsed.start])


def money(doc: Doc, text: str, c) -> Found | None:
    """A number and its currency, before or after it, by role (num, cur, cur2)."""
    n = _number(doc, c, money=True)
    if n is None:
        return None
    num, words, parsed, cur_before = n.num, n.words, n.parsed, n.cur_before
    cur_after = [i for i in c.tokens("cur") + c.tokens("cur2") if i > num[0]]
    gap = [w for w in words[parsed.end :] if w not in ("-", "–")]
    if cur_after and gap and cur_after[0] > num[-1]:
        return None  # the currency word does not follow the number read
    code = None
    if cur_before:
        code = units.currency_code(doc[cur_before[0] : cur_before[-1] + 1].text, "before")
    if cur_after:
        surface_after = doc[cur_after[0] : cur_after[-1] + 1].text
        if units.needs_scale(surface_after) and doc[cur_after[0] - 1].lower_ not in numbers.lexicon().scales:
            return None
        code_after = units.currency_code(surface_after, "after")
        if code and code_after and code_after != code:
            return None  # "rmb 10 usd 20" is two amounts
        code = code or code_after
    if code is None:
        return None
    start = cur_before[0] if cur_before else n.first
    last_num = num[min(parsed.end, len(num)) - 1] if len(words) == len(num) else num[-1]
    end = max([last_num] + [i for i in num if i <= last_num] + cur_after) + 1
    return Found.of(start, end, "MONEY", scale(parsed.value, float(n.sign)), code, c.rule)


def measure(doc: Doc, text: str, c) -> Found | None:
    """A number and its unit of area or length, by role (num, unit)."""
    n = _number(doc, c, money=False)
    if n is None:
        return None
    unit_toks = c.tokens("unit")
    if not unit_toks:
        return None
    surface = units.normalise_surface(doc[unit_toks[0] : unit_toks[-1] + 1].text)
    table = units.unit_table()
    if surface in table.glued and not _quote_is_unit(doc, text, unit_toks[0]):
        return None
    after = unit_toks[-1] + 1
    if (surface in table.final and after < len(doc) and not (doc[after].is_punct and doc[after].text not in "-–")
            and doc[after].lower_ not in table.final_ok_after):
        return None
    words_after = [t.lower_ for t in doc[after : after + 3]]
    if any(starts_with(words_after, v) for v in table.veto_after):
        return None
    conv = units.to_canonical(1.0, surface)
    if conv is None:
        return None
    mtype, factor = conv
    return Found.of(n.first, unit_toks[-1] + 1, mtype, scale(n.parsed.value, factor), units.CANONICAL_UNIT[mtype], c.rule,
                 factor=factor)


def _quote_is_unit(doc: Doc, text: str, i: int) -> bool:
    """A quote mark after a number is feet/inches only when it closes no quotation
    (an even number of such marks before it on the line) and the text wrote a
    straight ASCII mark, not a typographic one."""
    tok = doc[i]
    start = text.rfind("\n", 0, tok.idx) + 1
    line = text[start : tok.idx]
    original = doc.user_data.get("original")  # the piece as written, before quote marks were made plain
    if original is not None and original[tok.idx] not in "'\"":
        return False
    mark = tok.text[0]
    if line.count(mark) % 2:
        return False
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and not tok.whitespace_ and nxt.is_alpha:
        return False  # "2019's"
    return not doc[i - 1].whitespace_ or mark == '"'


def date(doc: Doc, c, ref, anchor):
    """A date candidate read by the production its pattern names; the date that gives
    its own year becomes the anchor of the year-less dates after it."""
    idx = [c.start + k for k, r in enumerate(c.roles) if r != "ctx"]
    if not idx:
        return None, anchor
    start, end = idx[0], idx[-1] + 1
    while end > start and doc[end - 1].lower_ in lexicon("span_trailers"):
        end -= 1
    reading = productions.reading_of(c.rule)

    def words():
        return [w for t in doc[start:end] for w in dates.words(t.text)]
    got = dates.read(reading, words(), ref, anchor)
    if "year_in_words" in c.tags:
        # the number words run on past the year ("in nineteen ninety six two parks opened")
        while got is None and end - start > 2:
            end -= 1
            got = dates.read(reading, words(), ref, anchor)
        if got is not None and "after_cue" in c.tags and (
                dates.spelled_year(lower_words(doc[start:end]), alone=True) is None
                or end < len(doc) and doc[end].is_lower and doc[end].is_alpha and doc[end].lower_.endswith("s")):
            return None, anchor  # "in two thousand", "of two thousand and fifteen workers": counts
    if got is None:
        return None, anchor
    f = Found.of(start, end, "DATE", got.value, None, c.rule, tags=c.tags, reading=reading)
    if _date_vetoed(doc, f):
        return None, anchor
    f.single_year = got.end is None and got.start.grain == "Y"
    if got.start.year is not None and got.end is None:
        own = dates.read(reading, words(), None, anchor)  # the year must come from the text itself
        if own is not None and "X" not in own.value:
            anchor = got.start
    return f, anchor


def _date_vetoed(doc: Doc, f: Found) -> bool:
    months, weekdays = date_words()
    words = [t.lower_ for t in doc[f.start : f.end]]
    if words[0] == "in" and words[-1] in lexicon("duration_words"):
        cues = qualifiers()["duration_cues"]
        if any(t.lower_ in cues for t in doc[max(0, f.start - 8) : f.start]):
            return True  # "trains reach Almaty in six days": a duration
    if words[-1] == "may" and len(words) <= 2:
        # the modal verb: a lone "may" is a month only when capitalised mid-sentence
        tok = doc[f.end - 1]
        if tok.text != "May" or tok.i == 0 or doc[tok.i - 1].text in (".", "!", "?", "\n") or (len(words) == 2 and words[0] == "this"):
            return True
    last = doc[f.end - 1]
    nxt = doc[f.end] if f.end < len(doc) else None
    if f.end - f.start == 1 and last.shape_ in ("d/dddd", "dd/dddd"):
        # "11/2016" is a month only after a date cue ("in 11/2016"); "a 1/2000 scale" is a ratio
        if not f.start or doc[f.start - 1].lower_ not in lexicon("numeric_month_cues"):
            return True
    # digits joined by hyphens around the date: a phone number ("138-2010-2015")
    prev_tok = doc[f.start - 1] if f.start else None
    if prev_tok is not None and prev_tok.text in ("-", "+") and not prev_tok.whitespace_ and f.start >= 2 and doc[f.start - 2].is_digit:
        return True
    if nxt is not None and nxt.text == "-" and not last.whitespace_ and f.end + 1 < len(doc) and doc[f.end + 1].is_digit:
        return True
    # a year inside a proper name: "2022 Winter Olympics", "2019 World Horticultural Expo"
    if last.is_digit and len(last) == 4 and nxt is not None and nxt.is_title and nxt.lower_ not in months and nxt.lower_ not in weekdays:
        return True
    # the year of a title: "the Securities Act of 1933", "the Treaty of 1648"
    if (f.end - f.start == 1 and last.is_digit and f.start >= 2 and doc[f.start - 1].lower_ == "of"
            and doc[f.start - 2].text in lexicon("titles_dated_by_year")):
        return True
    # a year range in parentheses after a title is part of the name ("Master Plan (2018-2035)"),
    # unless it glosses a plan period ("the 14th Five-Year Plan (2021-2025)")
    if f.start >= 2 and doc[f.start - 1].text == "(" and doc[f.start - 2].is_title:
        before = [t.lower_ for t in doc[max(0, f.start - 6) : f.start - 1]]
        if not any(ends_with(before, p) for p in qualifiers()["gloss_keep"]):
            return True
    # "copyright 1998-2021" and similar footers are furniture, handled by ingest
    return False
