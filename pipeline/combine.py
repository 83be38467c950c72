"""Compositions of mentions, in the order the normaliser applies them: ranges ("from
3km to 5km", "between March and May"), changes ("grew from 40 to 75 sq km" is two
values), a year in words after a date, an offset before a date ("three days
after May 13"), compound measures ("5 feet 2 inches") and minor money units
("3 dollars 50 cents")."""
from __future__ import annotations

from spacy.tokens import Doc

from . import dates, numbers, units
from .found import Found
from .words import date_words, lexicon, lower_words, qualifiers


def join_ranges(doc: Doc, text: str, found: list[Found], ref) -> list[Found]:
    """'from 3km to 5km', 'between March and May': two mentions joined by a connector."""
    out: list[Found] = []
    connectors = lexicon("range_connectors_numeric")
    months = date_words()[0]
    for f in found:
        prev = out[-1] if out else None
        if (f.type == "DATE" and f.start >= 2 and doc[f.start - 1].lower_ in lexicon("month_range_connectors")
                and doc[f.start - 2].lower_ in months and doc[f.start].lower_ in months
                and (prev is None or prev.end <= f.start - 2)):
            # "Jan-Feb 2017", "from May to October 2020": a bare month opens the range
            k = f.start - 3 if f.start >= 3 and doc[f.start - 3].lower_ in ("from", "between") else f.start - 2
            text = text[doc[k].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
            got = dates.normalise(text, ref)
            if got is not None and got.end is not None:
                f = Found.of(f.start - 2, f.end, "DATE", got.value, None, f"<month> to {f.rule}", tags=f.tags)
        if (prev is not None and prev.type == f.type == "DATE" and f.single_year and f.start == prev.end + 1
                and doc[prev.end].lower_ in ("in", "of", ",")):
            # "from April to June in 2017", "26 June of 2020": the year completes the date before it
            text = text[doc[prev.start].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
            got = dates.normalise(text, ref)
            if got is not None:
                out[-1] = Found.of(prev.start, f.end, "DATE", got.value, None, f"{prev.rule} in <year>", tags=prev.tags)
                continue
        if (prev is not None and prev.type == f.type == "DATE" and "holiday" in prev.tags and f.start - prev.end <= 1
                and all(t.lower_ in ("in", "of", ",") for t in doc[prev.end : f.start])):
            # "Thanksgiving of next year", "Diwali in 2019", "Easter in 3 years": the year of the feast
            text = text[doc[prev.start].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
            got = dates.normalise(text, ref)
            if got is not None and got.end is None:
                out[-1] = Found.of(prev.start, f.end, "DATE", got.value, None, f"{prev.rule} {f.rule}", tags=prev.tags | f.tags)
                continue
        if prev is not None and prev.type == f.type and _connected(doc, prev, f, connectors):
            joined = _joined(doc, text, prev, f, ref)
            if joined is not None:
                out[-1] = joined
                continue
        out.append(f)
    return out


def _connected(doc: Doc, a: Found, b: Found, connectors: set) -> bool:
    """Only a connector between two mentions ('3 to 5 km'), or a rate written out
    on both ends ('$350 per kg to $680 per kg': the first 'per kg' repeats)."""
    between = doc[a.end : b.start]
    if len(between) == 1:
        return between[0].lower_ in connectors
    if len(between) < 3 or between[0].lower_ != "per" or between[-1].lower_ not in connectors:
        return False
    rate = [t.lower_ for t in between[:-1]]
    return [t.lower_ for t in doc[b.end : b.end + len(rate)]] == rate


def _joined(doc: Doc, text: str, a: Found, b: Found, ref) -> Found | None:
    if a.type == "DATE":
        text = text[doc[a.start].idx : doc[b.end - 1].idx + len(doc[b.end - 1])]
        if doc[a.end].lower_ == "and":
            if a.start == 0 or doc[a.start - 1].lower_ != "between":
                return None
            text = "between " + text
        got = dates.normalise(text, ref)
        if got is None or got.end is None:
            return None
        return Found.of(a.start, b.end, "DATE", got.value, None, f"{a.rule} to {b.rule}", tags=a.tags | b.tags)
    if isinstance(a.value, list) or isinstance(b.value, list) or a.unit != b.unit or a.value >= b.value:
        return None
    if doc[a.end].lower_ == "and" and (a.start == 0 or doc[a.start - 1].lower_ != "between"):
        return None
    if _changed_from(doc, a.start):
        return None  # "will grow from 14.92 to 120.56 sq km" is a change
    return Found.of(a.start, b.end, a.type, [a.value, b.value], a.unit, f"{a.rule} to {b.rule}", tags=a.tags | b.tags)


def _changed_from(doc: Doc, start: int) -> bool:
    """Whether a quantity at ``start`` follows 'from' after a verb of change ('grew
    from', 'was enlarged from', 'has expanded sharply from')."""
    if start < 2 or doc[start - 1].lower_ != "from":
        return False
    return any(t.lower_ in qualifiers()["change"] for t in doc[max(0, start - 4) : start - 1])


def split_changes(doc: Doc, found: list[Found]) -> list[Found]:
    """'grew from 40 to 75 square kilometres' states an old and a new value, not a
    range: two mentions, the bare first number taking the unit that follows."""
    out: list[Found] = []
    for f in found:
        to = next((i for i in range(f.start + 1, f.end - 1) if doc[i].lower_ == "to"), None)
        if f.type != "DATE" and isinstance(f.value, list) and to is not None and _changed_from(doc, f.start):
            out.append(Found.of(f.start, to, f.type, f.value[0], f.unit, f"{f.rule} (old value of a change)", tags=f.tags))
            out.append(Found.of(to + 1, f.end, f.type, f.value[1], f.unit, f"{f.rule} (new value of a change)", tags=f.tags))
        else:
            out.append(f)
    return out


def year_in_words_after(doc: Doc, text: str, found: list[Found], ref) -> None:
    """'January twenty five nineteen eighty six', '13 Sept nineteen seventy two',
    'Easter Sunday two thousand ten': a year in words completes the date before it."""
    words = numbers.lexicon().words | {"and", "-", "oh"}
    for n, f in enumerate(found):
        if f.type != "DATE":
            continue
        limit = found[n + 1].start if n + 1 < len(found) else len(doc)
        j = f.end + (f.end < limit and doc[f.end].lower_ in (",", "of"))
        if j >= limit or doc[j].lower_ not in ("eighteen", "nineteen", "twenty", "two", "one"):
            continue
        k = j
        while k < limit and k - j < 9 and doc[k].lower_ in words:
            k += 1
        for e in range(k, j + 1, -1):
            if dates.spelled_year(lower_words(doc[j:e])) is None:
                continue
            text = text[doc[f.start].idx : doc[e - 1].idx + len(doc[e - 1])]
            got = dates.normalise(text, ref)
            if got is not None:
                f.end, f.value, f.rule = e, got.value, f"{f.rule} <year in words>"
            break


def offsets(doc: Doc, text: str, found: list[Found], ref) -> None:
    """'three days from today', '2 weeks before May 13 1999': an offset written
    before a date moves it; the span takes the offset in."""
    taken = {i for f in found for i in range(f.start, f.end)}
    units = dates.vocab().relative_units
    for f in found:
        if f.type != "DATE" or f.start < 3 or doc[f.start - 1].lower_ not in ("from", "after", "before", "since"):
            continue
        k = f.start - 2
        if doc[k].lower_ not in units:
            continue
        j = k
        while j > 0 and f.start - j < 6 and (doc[j - 1].lower_ in numbers.lexicon().words or doc[j - 1].lower_ in ("a", "an")
                                             or numbers.parse_digits(doc[j - 1].text) is not None):
            j -= 1
        if j == k or any(i in taken for i in range(j, f.start - 1)):
            continue
        text = text[doc[j].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
        got = dates.normalise(text, ref)
        if got is not None:
            f.start, f.value, f.rule = j, got.value, f"<n> <unit> from|after|before {f.rule}"


def join_compounds(doc: Doc, found: list[Found]) -> list[Found]:
    """'5 feet 2 inches', '10 kms, 8 meters and 6 cm' -> one DISTANCE (the sum);
    '3 dollars 50 cents', '20 ringgit and 43c' -> one MONEY."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == f.type == "DISTANCE" and not isinstance(prev.value, list)
                and not isinstance(f.value, list) and prev.factor > f.factor
                and all(t.lower_ in (",", "and") for t in doc[prev.end : f.start]) and f.start - prev.end <= 2):
            out[-1] = Found.of(prev.start, f.end, "DISTANCE", prev.value + f.value, prev.unit, f"{prev.rule} + {f.rule}",
                            factor=f.factor)
            continue
        out.append(f)
    for i, f in enumerate(out):
        if f.type == "MONEY" and not isinstance(f.value, list):
            limit = out[i + 1].start if i + 1 < len(out) else len(doc)
            _money_minor(doc, f, limit)
    return out


def _money_minor(doc: Doc, f: Found, limit: int) -> None:
    """Add a minor amount written after a money mention ('3 dollars 50 cents',
    'one dollar and forty-two cents', 'twenty rupees 43')."""
    i = f.end
    if i < limit and doc[i].lower_ == "and":
        i += 1
    j = i
    lex = numbers.lexicon()
    while j < limit and j - i < 4 and (numbers.parse_digits(doc[j].text) is not None or doc[j].lower_ in lex.words or doc[j].text == "-"):
        j += 1
    if j == i:
        return
    parsed = numbers.parse_run([t.text for t in doc[i:j]])
    if parsed is None or parsed.start != 0 or isinstance(parsed.value, tuple) or parsed.value >= 100:
        return
    fraction = units.subunit_fraction(doc[j].lower_) if j < limit else None
    if fraction is not None:
        f.value += parsed.value * fraction
        f.end = j + 1
    elif (j == len(doc) or doc[j].is_punct) and float(f.value).is_integer() and doc[f.end - 1].lower_ not in numbers.lexicon().scales:
        f.value += parsed.value / 100
        f.end = j
