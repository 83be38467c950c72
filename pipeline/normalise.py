"""The normaliser component: candidates -> mentions with canonical values.

For each candidate of the matcher it reads the tokens by role (``num``,
``unit``, ``cur``, ``date``, ``ctx``), computes the value through the pure
modules (numbers, units, dates), applies the vetoes, joins ranges written as
two quantities ("from 3km to 5km"), resolves overlaps (longest first) and
reads the qualifiers around each mention: hedges, bounds, rates and the place
a distance is measured to. Result: ``doc.spans["mentions"]`` in text order.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from . import dates, numbers, productions, rules, units

_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_PUNCT_STOP = {",", ".", ";", ":", "(", ")", "!", "?", '"', "'", "“", "”", "\n", "[", "]", "—", "–"}


@dataclass
class Found:
    start: int  # token offsets
    end: int
    type: str
    value: object
    unit: str | None
    rule: str
    approx: bool = False
    bound: str | None = None
    per: str | None = None
    to: str | None = None
    single_year: bool = False
    factor: float = 1.0  # unit size, for compound measures ("5 feet 2 inches")
    tags: frozenset = frozenset()  # what the patterns it came from say of their reading ("holiday", "year_in_words")


@lru_cache(maxsize=None)
def _qualifiers():
    q = rules.load("qualifiers")

    def phrases(key):
        return tuple(sorted((tuple(_split(p)) for p in q[key]), key=len, reverse=True))

    per = {}
    for norm, forms in q["per"].items():
        for form in forms:
            per[tuple(_split(form))] = norm
    per = tuple(sorted(per.items(), key=lambda kv: -len(kv[0])))  # longest phrase first
    bounds = sorted([(p, "min") for p in phrases("min_before")] + [(p, "max") for p in phrases("max_before")], key=lambda pk: -len(pk[0]))
    return {
        "approx": _by_last_word([(p, True) for p in phrases("approx_before")]),
        "bounds": _by_last_word(bounds),
        "min_after": phrases("min_after"),
        "max_after": phrases("max_after"),
        "veto": frozenset(q["bound_veto_before"]),
        "negations": frozenset(q["negations"]),
        "comp_min": frozenset(q["comparatives_min"]),
        "comp_max": frozenset(q["comparatives_max"]),
        "change": frozenset(q["change_verbs"]),
        "date_max": phrases("date_max_before"),
        "per": per,
        "per_count": frozenset(q["per_count_nouns"]),
        "per_markers": frozenset(q["per_markers"]),
        "to_markers": phrases("distance_to_markers"),
        "to_stop": frozenset(q["distance_to_stop"]),
        "gloss_keep": phrases("gloss_keep_after"),
        "duration_cues": frozenset(rules.load("dates")["duration_cues"]),
        "of_needs": phrases("distance_to_of_needs"),
    }


def _by_last_word(phrases: list[tuple[tuple, object]]) -> dict[str, tuple]:
    """Phrases (with what they mean) grouped by their last word, longest first, so
    that the words before a mention are tried only against phrases that can end there."""
    out: dict[str, list] = {}
    for phrase, meaning in phrases:
        out.setdefault(phrase[-1], []).append((phrase, meaning))
    return {w: tuple(sorted(ps, key=lambda pm: -len(pm[0]))) for w, ps in out.items()}


def _split(text: str) -> list[str]:
    return re.findall(r"\w+(?:\.\w+)*\.?|[^\w\s]", text.lower())


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def _lexicon(name: str) -> frozenset:
    """One of the normaliser's word lists in ``rules/lexicons.json``."""
    return frozenset(rules.load("lexicons")[name])


def _date_words():
    d = rules.load("dates")
    months = {w for ws in d["months"].values() for w in ws}
    weekdays = {w for ws in d["weekdays"].values() for w in ws}
    return frozenset(months), frozenset(weekdays)


def _ends_with(words: list[str], phrase: tuple) -> bool:
    n = len(phrase)
    return n <= len(words) and tuple(words[-n:]) == phrase


def _starts_with(words: list[str], phrase: tuple) -> bool:
    return tuple(words[: len(phrase)]) == phrase


class MentionNormaliser:
    def __init__(self, nlp):
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        self._text = doc.text  # Doc.text is rebuilt from the tokens on every access
        ref_value = doc.user_data.get("ref")
        ref: dt.date | None = dt.date.fromisoformat(ref_value) if isinstance(ref_value, str) else ref_value
        cands = doc.user_data.pop("candidates", [])
        found: list[Found] = []
        anchor, anchor_span = None, (-1, -1)
        for c in cands:
            if c.label == "DATE":
                f, moved = self._date(doc, c, ref, anchor)
                # a shorter reading inside the date that set the anchor ("May 2020" in "12 May 2020") keeps it
                if moved is not anchor and f is not None and not (anchor_span[0] <= f.start and f.end <= anchor_span[1]):
                    anchor, anchor_span = moved, (f.start, f.end)
            elif c.label == "MONEY":
                f = self._quantity(doc, c, money=True)
            else:
                f = self._quantity(doc, c, money=False)
            if f is not None and self._edges_ok(doc, f):
                found.append(f)
        found = self._resolve(found)
        found = self._join_ranges(doc, found, ref)
        found = self._split_changes(doc, found)
        self._year_in_words_after(doc, found, ref)
        self._offsets(doc, found, ref)
        found = self._join_compounds(doc, found)
        for i, f in enumerate(found):
            if f.type == "DATE":
                self._date_bound(doc, f)
            else:
                self._hedge_and_bound(doc, f, found[i - 1] if i else None)
                self._per(doc, f, found[i - 1] if i else None)
                if f.type == "DISTANCE":
                    f.to = self._to(doc, f)
        # "1 li, or 500 metres, from the border": a restatement shares the place
        for a, b in zip(found, found[1:]):
            if a.type == b.type == "DISTANCE" and a.to is None and b.to is not None:
                between = self._text[doc[a.end - 1].idx + len(doc[a.end - 1]) : doc[b.start].idx].strip()
                if between in (", or", "(", ", or about", "or"):
                    a.to = b.to
        spans = []
        for f in found:
            span = Span(doc, f.start, f.end, label=f.type)
            span._.value = f.value
            span._.unit = f.unit
            span._.approx = f.approx
            span._.bound = f.bound
            span._.per = f.per
            span._.to = f.to
            span._.rule = f.rule
            spans.append(span)
        doc.spans["mentions"] = spans
        return doc

    # -------------------------------------------------------------- values
    def _quantity(self, doc: Doc, c, money: bool) -> Found | None:
        num = c.tokens("num")
        if not num:
            return None
        between = num[0] > 0 and doc[num[0] - 1].lower_ == "between"
        cur_before = [i for i in c.tokens("cur") if i < num[0]]
        words = _number_words(doc, num)
        sign = 1
        if money and words[0][:1] in ("-", "−") and len(words[0]) > 1 and not (num[0] and doc[num[0] - 1].like_num):
            sign, words[0] = -1, words[0][1:]  # "-15€", "$-99.99": a loss; "5 -15€" is no such thing
        parsed = numbers.parse_run(words, money=money, between=between, keep_start=bool(cur_before))
        if parsed is None or (sign < 0 and (parsed.start != 0 or isinstance(parsed.value, tuple))):
            return None
        first_num = num[parsed.start]
        if money:
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
            start = cur_before[0] if cur_before else first_num
            last_num = num[min(parsed.end, len(num)) - 1] if len(words) == len(num) else num[-1]
            end = max([last_num] + [i for i in num if i <= last_num] + cur_after) + 1
            value = _scale(parsed.value, float(sign))
            return Found(start, end, "MONEY", value, code, c.rule)
        unit_toks = c.tokens("unit")
        if not unit_toks:
            return None
        surface = units.normalise_surface(doc[unit_toks[0] : unit_toks[-1] + 1].text)
        table = units.unit_table()
        if surface in table.glued and not self._quote_is_unit(doc, unit_toks[0]):
            return None
        after = unit_toks[-1] + 1
        if (surface in table.final and after < len(doc) and not (doc[after].is_punct and doc[after].text not in "-–")
                and doc[after].lower_ not in table.final_ok_after):
            return None
        words_after = [t.lower_ for t in doc[after : after + 3]]
        if any(_starts_with(words_after, v) for v in table.veto_after):
            return None
        conv = units.to_canonical(1.0, surface)
        if conv is None:
            return None
        mtype, factor = conv
        return Found(first_num, unit_toks[-1] + 1, mtype, _scale(parsed.value, factor), units.CANONICAL_UNIT[mtype], c.rule,
                     factor=factor)

    def _quote_is_unit(self, doc: Doc, i: int) -> bool:
        """A quote mark after a number is feet/inches only when it closes no quotation
        (an even number of such marks before it on the line) and the text wrote a
        straight ASCII mark, not a typographic one."""
        tok = doc[i]
        start = self._text.rfind("\n", 0, tok.idx) + 1
        line = self._text[start : tok.idx]
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

    def _date(self, doc: Doc, c, ref, anchor):
        idx = [c.start + k for k, r in enumerate(c.roles) if r != "ctx"]
        if not idx:
            return None, anchor
        start, end = idx[0], idx[-1] + 1
        while end > start and doc[end - 1].lower_ in _lexicon("span_trailers"):
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
                    dates.spelled_year(_lower_words(doc[start:end]), alone=True) is None
                    or end < len(doc) and doc[end].is_lower and doc[end].is_alpha and doc[end].lower_.endswith("s")):
                return None, anchor  # "in two thousand", "of two thousand and fifteen workers": counts
        if got is None:
            return None, anchor
        f = Found(start, end, "DATE", got.value, None, c.rule, tags=c.tags)
        if self._date_vetoed(doc, f):
            return None, anchor
        f.single_year = got.end is None and got.start.grain == "Y"
        if got.start.year is not None and got.end is None:
            own = dates.read(reading, words(), None, anchor)  # the year must come from the text itself
            if own is not None and "X" not in own.value:
                anchor = got.start
        return f, anchor

    def _date_vetoed(self, doc: Doc, f: Found) -> bool:
        months, weekdays = _date_words()
        words = [t.lower_ for t in doc[f.start : f.end]]
        if words[0] == "in" and words[-1] in _lexicon("duration_words"):
            cues = _qualifiers()["duration_cues"]
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
            if not f.start or doc[f.start - 1].lower_ not in _lexicon("numeric_month_cues"):
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
        # a year range in parentheses after a title is part of the name ("Master Plan (2018-2035)"),
        # unless it glosses a plan period ("the 14th Five-Year Plan (2021-2025)")
        if f.start >= 2 and doc[f.start - 1].text == "(" and doc[f.start - 2].is_title:
            before = [t.lower_ for t in doc[max(0, f.start - 6) : f.start - 1]]
            if not any(_ends_with(before, p) for p in _qualifiers()["gloss_keep"]):
                return True
        # "copyright 1998-2021" and similar footers are furniture, handled by ingest
        return False

    # -------------------------------------------------------------- structure
    def _edges_ok(self, doc: Doc, f: Found) -> bool:
        """A mention starts and ends at a word boundary of the text ('scp173m' is not
        '173 m', nor is 'scp-173 m')."""
        text = self._text
        s = doc[f.start].idx
        e = doc[f.end - 1].idx + len(doc[f.end - 1])
        if s > 0 and _ASCII_ALNUM.match(text[s - 1]) and _ASCII_ALNUM.match(text[s]):
            return False
        if f.type != "DATE" and s > 1 and text[s - 1] == "-" and text[s - 2].isalpha() and text[s].isdigit():
            return False
        if e < len(text) and _ASCII_ALNUM.match(text[e]) and _ASCII_ALNUM.match(text[e - 1]):
            return False
        return True

    @staticmethod
    def _resolve(found: list[Found]) -> list[Found]:
        order = sorted(found, key=lambda f: (-(f.end - f.start), f.start, f.type != "DATE"))
        taken: list[Found] = []
        used = set()
        for f in order:
            if any(i in used for i in range(f.start, f.end)):
                continue
            used.update(range(f.start, f.end))
            taken.append(f)
        return sorted(taken, key=lambda f: f.start)

    def _join_ranges(self, doc: Doc, found: list[Found], ref) -> list[Found]:
        """'from 3km to 5km', 'between March and May': two mentions joined by a connector."""
        out: list[Found] = []
        connectors = _lexicon("range_connectors_numeric")
        months = _date_words()[0]
        for f in found:
            prev = out[-1] if out else None
            if (f.type == "DATE" and f.start >= 2 and doc[f.start - 1].lower_ in _lexicon("month_range_connectors")
                    and doc[f.start - 2].lower_ in months and doc[f.start].lower_ in months
                    and (prev is None or prev.end <= f.start - 2)):
                # "Jan-Feb 2017", "from May to October 2020": a bare month opens the range
                k = f.start - 3 if f.start >= 3 and doc[f.start - 3].lower_ in ("from", "between") else f.start - 2
                text = self._text[doc[k].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
                got = dates.normalise(text, ref)
                if got is not None and got.end is not None:
                    f = Found(f.start - 2, f.end, "DATE", got.value, None, f"<month> to {f.rule}", tags=f.tags)
            if (prev is not None and prev.type == f.type == "DATE" and f.single_year and f.start == prev.end + 1
                    and doc[prev.end].lower_ in ("in", "of", ",")):
                # "from April to June in 2017", "26 June of 2020": the year completes the date before it
                text = self._text[doc[prev.start].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
                got = dates.normalise(text, ref)
                if got is not None:
                    out[-1] = Found(prev.start, f.end, "DATE", got.value, None, f"{prev.rule} in <year>", tags=prev.tags)
                    continue
            if (prev is not None and prev.type == f.type == "DATE" and "holiday" in prev.tags and f.start - prev.end <= 1
                    and all(t.lower_ in ("in", "of", ",") for t in doc[prev.end : f.start])):
                # "Thanksgiving of next year", "Diwali in 2019", "Easter in 3 years": the year of the feast
                text = self._text[doc[prev.start].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
                got = dates.normalise(text, ref)
                if got is not None and got.end is None:
                    out[-1] = Found(prev.start, f.end, "DATE", got.value, None, f"{prev.rule} {f.rule}", tags=prev.tags | f.tags)
                    continue
            if prev is not None and prev.type == f.type and self._connected(doc, prev, f, connectors):
                joined = self._joined(doc, prev, f, ref)
                if joined is not None:
                    out[-1] = joined
                    continue
            out.append(f)
        return out

    @staticmethod
    def _changed_from(doc: Doc, start: int) -> bool:
        """Whether a quantity at ``start`` follows 'from' after a verb of change ('grew
        from', 'was enlarged from', 'has expanded sharply from')."""
        if start < 2 or doc[start - 1].lower_ != "from":
            return False
        return any(t.lower_ in _qualifiers()["change"] for t in doc[max(0, start - 4) : start - 1])

    def _split_changes(self, doc: Doc, found: list[Found]) -> list[Found]:
        """'grew from 40 to 75 square kilometres' states an old and a new value, not a
        range: two mentions, the bare first number taking the unit that follows."""
        out: list[Found] = []
        for f in found:
            to = next((i for i in range(f.start + 1, f.end - 1) if doc[i].lower_ == "to"), None)
            if f.type != "DATE" and isinstance(f.value, list) and to is not None and self._changed_from(doc, f.start):
                out.append(Found(f.start, to, f.type, f.value[0], f.unit, f"{f.rule} (old value of a change)", tags=f.tags))
                out.append(Found(to + 1, f.end, f.type, f.value[1], f.unit, f"{f.rule} (new value of a change)", tags=f.tags))
            else:
                out.append(f)
        return out

    @staticmethod
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

    def _joined(self, doc: Doc, a: Found, b: Found, ref) -> Found | None:
        if a.type == "DATE":
            text = self._text[doc[a.start].idx : doc[b.end - 1].idx + len(doc[b.end - 1])]
            if doc[a.end].lower_ == "and":
                if a.start == 0 or doc[a.start - 1].lower_ != "between":
                    return None
                text = "between " + text
            got = dates.normalise(text, ref)
            if got is None or got.end is None:
                return None
            return Found(a.start, b.end, "DATE", got.value, None, f"{a.rule} to {b.rule}", tags=a.tags | b.tags)
        if isinstance(a.value, list) or isinstance(b.value, list) or a.unit != b.unit or a.value >= b.value:
            return None
        if doc[a.end].lower_ == "and" and (a.start == 0 or doc[a.start - 1].lower_ != "between"):
            return None
        if self._changed_from(doc, a.start):
            return None  # "will grow from 14.92 to 120.56 sq km" is a change
        return Found(a.start, b.end, a.type, [a.value, b.value], a.unit, f"{a.rule} to {b.rule}", tags=a.tags | b.tags)

    def _year_in_words_after(self, doc: Doc, found: list[Found], ref) -> None:
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
                if dates.spelled_year(_lower_words(doc[j:e])) is None:
                    continue
                text = self._text[doc[f.start].idx : doc[e - 1].idx + len(doc[e - 1])]
                got = dates.normalise(text, ref)
                if got is not None:
                    f.end, f.value, f.rule = e, got.value, f"{f.rule} <year in words>"
                break

    def _offsets(self, doc: Doc, found: list[Found], ref) -> None:
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
            text = self._text[doc[j].idx : doc[f.end - 1].idx + len(doc[f.end - 1])]
            got = dates.normalise(text, ref)
            if got is not None:
                f.start, f.value, f.rule = j, got.value, f"<n> <unit> from|after|before {f.rule}"

    def _join_compounds(self, doc: Doc, found: list[Found]) -> list[Found]:
        """'5 feet 2 inches', '10 kms, 8 meters and 6 cm' -> one DISTANCE (the sum);
        '3 dollars 50 cents', '20 ringgit and 43c' -> one MONEY."""
        out: list[Found] = []
        for f in found:
            prev = out[-1] if out else None
            if (prev is not None and prev.type == f.type == "DISTANCE" and not isinstance(prev.value, list)
                    and not isinstance(f.value, list) and prev.factor > f.factor
                    and all(t.lower_ in (",", "and") for t in doc[prev.end : f.start]) and f.start - prev.end <= 2):
                out[-1] = Found(prev.start, f.end, "DISTANCE", prev.value + f.value, prev.unit, f"{prev.rule} + {f.rule}",
                                factor=f.factor)
                continue
            out.append(f)
        for i, f in enumerate(out):
            if f.type == "MONEY" and not isinstance(f.value, list):
                limit = out[i + 1].start if i + 1 < len(out) else len(doc)
                self._money_minor(doc, f, limit)
        return out

    def _money_minor(self, doc: Doc, f: Found, limit: int) -> None:
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

    # -------------------------------------------------------------- qualifiers
    def _hedge_and_bound(self, doc: Doc, f: Found, prev: Found | None) -> None:
        q = _qualifiers()
        before = _lower_words(doc[max(0, f.start - 6) : f.start])
        after = _lower_words(doc[f.end : f.end + 4])
        words = before[:-1] if before[-1:] in (["a"], ["an"]) else before  # "within a 300-metre walk"
        if len(words) >= 2 and words[-1] == "than" and f.bound is None:
            comp = words[-2]
            kind = "min" if comp in q["comp_min"] else "max" if comp in q["comp_max"] else None
            if kind:
                lead = words[:-2]
                window = lead[-4:]
                if "," not in window and any(w in q["negations"] for w in window):
                    kind = "max" if kind == "min" else "min"  # "no taller than", "no building will be more than"
                f.bound, words = kind, lead
        for _ in range(2):  # "about more than", "more than about"
            hit = False
            for p, _ in q["approx"].get(words[-1], ()) if words else ():
                if _ends_with(words, p):
                    f.approx, words, hit = True, words[: -len(p)], True
                    break
            for p, kind in q["bounds"].get(words[-1], ()) if words else ():  # longest first: "no more than" is a max
                if f.bound is None and _ends_with(words, p):
                    rest = words[: -len(p)]
                    if kind == "min" and rest and rest[-1] in q["veto"]:
                        continue
                    if kind == "min" and any(w in q["negations"] for w in rest[-4:]) and not any(w in (",", ";") for w in rest[-4:]):
                        kind = "max"  # "no building will be more than 50 meters from ..."
                    f.bound, words, hit = kind, rest, True
                    break
            if not hit:
                break
        if f.bound is None and before[-1:] == ["at"] and any(w in _lexicon("cap_words") for w in before[-6:]):
            f.bound = "max"  # "cap office rents at 25 yuan"
        if f.bound is None:
            for kind in ("min_after", "max_after"):
                if any(_starts_with(after, p) for p in q[kind]):
                    f.bound = kind.split("_")[0]
        # a parenthetical restatement takes the hedge and bound of what it restates, also
        # past its own hedge ("more than 30 billion yuan (about 4.3 billion U.S. dollars)")
        j = f.start - 1
        while prev is not None and j > prev.end and f.start - j <= 3 and doc[j].is_alpha:
            j -= 1
        if prev is not None and j >= 1 and doc[j].text == "(" and prev.end == j:
            f.approx = f.approx or prev.approx
            f.bound = f.bound or prev.bound

    def _date_bound(self, doc: Doc, f: Found) -> None:
        before = [t.lower_ for t in doc[max(0, f.start - 4) : f.start]]
        if any(_ends_with(before, p) for p in _qualifiers()["date_max"]):
            f.bound = "max"

    def _per(self, doc: Doc, f: Found, prev: Found | None) -> None:
        per = None
        for j in range(f.end, min(len(doc), f.end + 5)):
            if doc[j].text in (",", ";", ".", "(", ")") or (j > f.end and doc[j].like_num):
                break
            per = self._per_at(doc, j)
            if per is not None:
                break
        if per is None:
            # "per capita ... will reach 20 square meters": a rate phrase earlier in the sentence
            i = f.start - 1
            while i >= 0 and doc[i].text not in (".", ";", "!", "?", ",") and "\n" not in doc[i].text and f.start - i < 40:
                if doc[i].lower_ in ("each", "every") and i + 1 < f.start:
                    got = self._per_at(doc, i)
                    if got in ("square kilometer", "square meter", "mu", "hectare"):
                        per = got  # "each square kilometre of land will generate ... 5 billion yuan"
                        break
                if doc[i].lower_ == "per":
                    between = doc[i + 1 : f.start]
                    got = self._per_at(doc, i)
                    numeric = [t for t in between if t.like_num and any(ch.isdigit() for ch in t.text)]
                    if got is not None and (len(numeric) <= 1 and got.split()[0].isdigit() or not numeric):
                        if prev is None or prev.end <= i:
                            per = got
                    break
                i -= 1
        f.per = per

    def _per_at(self, doc: Doc, i: int) -> str | None:
        """The rate denominator written at token i ('per capita', 'per 1,000 people', '/year')."""
        q = _qualifiers()
        if i >= len(doc) or doc[i].lower_ not in q["per_markers"]:
            return None
        marker = doc[i].lower_
        words = _lower_words(doc[i + 1 : i + 5])
        if not words:
            return None
        if marker in ("per", "/"):
            value = numbers.parse_digits(words[0]) if words else None
            if value is not None and len(words) > 1 and words[1] in q["per_count"] | {"people"}:
                return f"{int(value) if value.is_integer() else value:g} people"
        for phrase, norm in q["per"]:
            if _starts_with(words, phrase):
                if marker == "a" and norm not in ("year", "month", "day", "hour"):
                    return None
                return norm
        if marker == "per" and doc[i + 1].is_alpha:
            word = doc[i + 1].lower_
            if i + 3 < len(doc) and doc[i + 2].text == "-" and not doc[i + 1].whitespace_ and doc[i + 3].is_alpha:
                word += "-" + doc[i + 3].lower_  # "per kilowatt-hour"
            return word
        return None

    def _to(self, doc: Doc, f: Found) -> str | None:
        q = _qualifiers()
        end = f.end + 1 if f.end < len(doc) and doc[f.end].text == "," else f.end
        words = [t.lower_ for t in doc[end : end + 6]]
        for marker in q["to_markers"]:
            if not _starts_with(words, marker):
                continue
            if marker == ("away",):
                continue
            if marker == ("of",):
                before = [t.lower_ for t in doc[max(0, f.start - 4) : f.start]]
                if not any(_ends_with(before, p) for p in q["of_needs"]):
                    return None
            i = end + len(marker)
            if i < len(doc) and doc[i].lower_ == "the":
                i += 1
            place = []
            while i < len(doc) and len(place) < 7:
                t = doc[i]
                inside_name = (t.lower_ in ("and", "of", "for") and place and place[-1].is_title
                               and i + 1 < len(doc) and doc[i + 1].is_title)  # "University of Science and Technology"
                if (t.text in _PUNCT_STOP or t.is_space or t.lower_ in q["to_stop"] or t.like_num and t.lower_ != "one") and not inside_name:
                    break
                place.append(t)
                i += 1
            while place and place[-1].lower_ in ("of", "'s", "-", "the"):
                place.pop()
            if marker == ("from",) and i < len(doc) and doc[i].lower_ == "to":
                return None  # "stretches 30 km from A to B": an extent, not a distance to a place
            if not place or (len(place) == 1 and place[0].lower_ in _lexicon("directions")) or " ".join(p.lower_ for p in place) in ("one another", "each other"):
                return None  # "30 kilometres to the east" names no place
            return self._text[place[0].idx : place[-1].idx + len(place[-1])]
        return None


def _lower_words(tokens) -> list[str]:
    """Lower-cased words of tokens; a merged lexicon token ("square meter") gives its words."""
    return [w for t in tokens for w in t.lower_.split()]


def _number_words(doc: Doc, idx: list[int]) -> list[str]:
    """Token texts of a number run, with space-separated digit groups joined ('10 000')."""
    out: list[str] = []
    for k, i in enumerate(idx):
        t = doc[i]
        if (out and k and idx[k - 1] == i - 1 and doc[i - 1].whitespace_ == " " and re.fullmatch(r"\d{3}", t.text)
                and re.fullmatch(r"\d{1,3}(?: \d{3})*", out[-1])):
            out[-1] = out[-1] + " " + t.text
            continue
        out.append(t.text)
    return [w.replace(" ", ",") if re.fullmatch(r"\d{1,3}(?: \d{3})+", w) else w for w in out]


def _scale(value, factor: float):
    if isinstance(value, tuple):
        return [value[0] * factor, value[1] * factor]
    return value * factor
