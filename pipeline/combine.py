"""Combiners: what the compositions of ``rules/compositions.jsonl`` do with what they
matched (``compose``). A combiner is registered by name::

    @combiner("range")
    def range_(cx, m): ...

``cx`` is the ``compose.Context`` (doc, text, reference date) and ``m`` the
``compose.Match`` (the mentions and words by role). It returns the mentions that
replace the matched ones, or None when the parts do not read as one ('3 km to 2
km' is no range). A composed date is read from the words its parts cover by a
named production: the production of the date it extends ('26 June' of '26 June of
2020'), the feast production, or for a range each end by its own date's
production (``dates.read_range``); an offset moves the value of the date it
precedes."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from . import dates, numbers, units
from .date_relative import moved
from .found import Found
from .registry import Registry
from .words import word_set

_COMBINERS = Registry("combiner")
combiner = _COMBINERS.register  # @combiner("range") registers the function as the combiner "range"
get = _COMBINERS.get
registered = _COMBINERS.registered


def _read(cx, reading: str, start: int, end: int):
    """The words of tokens ``start:end`` read by the production ``reading``."""
    return dates.read(reading, dates.words(cx.text_of(start, end)), cx.ref) if reading else None


def _read_range(cx, left: str, right: str, start: int, end: int, prefix: str = ""):
    """The words of tokens ``start:end`` read as a range, each end by its production."""
    if not (left and right):
        return None
    return dates.read_range(left, right, dates.words(prefix + cx.text_of(start, end)), cx.ref)


@combiner("month_opens_range")
def month_opens_range(cx, m):
    """'Jan-Feb 2017', 'from May to October 2020': a bare month opens the range the
    date after it closes."""
    f = m.mentions["date"]
    got = _read_range(cx, "written_date", f.reading, m.start, m.end)
    if got is None or got.end is None:
        return None
    return [Found.of(m.words["month"][0], f.end, "DATE", got.value, None, m.rule(), tags=f.tags)]


@combiner("date_and_its_year")
def date_and_its_year(cx, m):
    """'from April to June in 2017', '26 June of 2020': the year completes the date."""
    f = m.mentions["date"]
    got = _read(cx, f.reading, m.start, m.end)
    if got is None:
        return None
    return [Found.of(m.start, m.end, "DATE", got.value, None, m.rule(), tags=f.tags, reading=f.reading)]


@combiner("feast_and_its_year")
def feast_and_its_year(cx, m):
    """'Thanksgiving of next year', 'Diwali in 2019', 'Easter in 3 years'."""
    feast, year = m.mentions["feast"], m.mentions["year"]
    got = _read(cx, "feast", m.start, m.end)
    if got is None or got.end is not None:
        return None
    return [Found.of(m.start, m.end, "DATE", got.value, None, m.rule(), tags=feast.tags | year.tags, reading="feast")]


@combiner("range")
def range_(cx, m):
    """Two mentions of one type joined by a connector: '3 to 5 km', 'from March to
    May 2021'; 'and' only after 'between'. A change ('grew from 40 to 75') is no range."""
    a, b = m.mentions["low"], m.mentions["high"]
    if a.type != b.type:
        return None
    between = cx.doc[m.words["connector"][0]].lower_ == "and"
    if between and (a.start == 0 or cx.doc[a.start - 1].lower_ != "between"):
        return None
    if a.type == "DATE":
        got = _read_range(cx, a.reading, b.reading, a.start, b.end, "between " if between else "")
        if got is None or got.end is None:
            return None
        return [Found.of(a.start, b.end, "DATE", got.value, None, m.rule(), tags=a.tags | b.tags)]
    if isinstance(a.value, list) or isinstance(b.value, list) or a.unit != b.unit or a.value >= b.value:
        return None
    if _changed_from(cx.doc, a.start):
        return None
    return [Found.of(a.start, b.end, a.type, [a.value, b.value], a.unit, m.rule(), tags=a.tags | b.tags)]


@combiner("range_of_rates")
def range_of_rates(cx, m):
    """'$350 per kg to $680 per kg': a range whose rate is written on both ends."""
    rate = [cx.doc[i].lower_ for i in m.words["rate"]]
    b = m.mentions["high"]
    if [t.lower_ for t in cx.doc[b.end : b.end + len(rate)]] != rate:
        return None
    return range_(cx, m)


def _changed_from(doc, start: int) -> bool:
    """Whether a quantity at ``start`` follows 'from' after a verb of change ('grew
    from', 'was enlarged from', 'has expanded sharply from')."""
    if start < 2 or doc[start - 1].lower_ != "from":
        return False
    return any(t.lower_ in word_set("change_verb") for t in doc[max(0, start - 4) : start - 1])


@combiner("change")
def change(cx, m):
    """'grew from 40 to 75 square kilometres' states an old and a new value, not a
    range: two mentions, the bare first number taking the unit that follows."""
    f = m.mentions["range"]
    to = next((i for i in range(f.start + 1, f.end - 1) if cx.doc[i].lower_ == "to"), None)
    if to is None or not _changed_from(cx.doc, f.start):
        return None
    return [Found.of(f.start, to, f.type, f.value[0], f.unit, m.rule(0), tags=f.tags),
            Found.of(to + 1, f.end, f.type, f.value[1], f.unit, m.rule(1), tags=f.tags)]


@combiner("year_in_words")
def year_in_words(cx, m):
    """'January twenty five nineteen eighty six', '13 Sept nineteen seventy two': a
    year in words (its longest reading) completes the date before it."""
    f, ys = m.mentions["date"], m.words["year"]
    for e in range(ys[-1] + 1, ys[0] + 1, -1):
        if dates.spelled_year([t.lower_ for t in cx.doc[ys[0] : e]]) is None:
            continue
        got = _read(cx, f.reading, f.start, e)
        if got is None:
            return None
        return [replace(f, end=e, value=got.value, rule=m.rule())]
    return None


@combiner("offset_before_date")
def offset_before_date(cx, m):
    """'three days from today', '2 weeks before May 13 1999': the offset moves the day
    the date gives (a day of a known year)."""
    f = m.mentions["date"]
    day = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", f.value) if isinstance(f.value, str) else None
    if day is None:
        return None
    doc = cx.doc
    direction = -1 if doc[m.words["unit"][0] + 1].lower_ == "before" else 1
    got = moved(dates.Ctx(cx.ref, None), [doc[i].lower_ for i in m.words["n"]], doc[m.words["unit"][0]].lower_,
                direction, dt.date(*map(int, day.groups())))
    if got is None:
        return None
    return [replace(f, start=m.start, value=got.timex(), rule=m.rule(), reading="")]


@combiner("compound_sum")
def compound_sum(cx, m):
    """'5 feet 2 inches', '10 kms, 8 meters and 6 cm': one distance, the sum."""
    big, small = m.mentions["big"], m.mentions["small"]
    if big.factor <= small.factor:
        return None
    return [Found.of(big.start, small.end, "DISTANCE", big.value + small.value, big.unit, m.rule(), factor=small.factor)]


@combiner("minor_money")
def minor_money(cx, m):
    """'3 dollars 50 cents', 'one dollar and forty-two cents', 'twenty rupees 43': the
    minor amount after a money mention adds to it."""
    f, amount, doc = m.mentions["money"], m.words["amount"], cx.doc
    parsed = numbers.parse_run([doc[i].text for i in amount])
    if parsed is None or parsed.start != 0 or isinstance(parsed.value, tuple) or parsed.value >= 100:
        return None
    j = amount[-1] + 1
    if "subunit" in m.words:
        return [replace(f, end=j + 1, value=f.value + parsed.value * units.subunit_fraction(doc[j].lower_))]
    if (j == len(doc) or doc[j].is_punct) and float(f.value).is_integer() and doc[f.end - 1].lower_ not in numbers.lexicon().scales:
        return [replace(f, end=j, value=f.value + parsed.value / 100)]
    return None
