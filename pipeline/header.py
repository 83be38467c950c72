"""The head of an article: title, publication date, source, and where the body starts.

One parser for every layout, reading vocabulary from ``rules/header.json``. Each
line of the head is one of:

* furniture: skip links, menus, breadcrumbs, language and font-size widgets,
  share bars, site footers (never title, never body);
* a field line: fields separated by ``|``, ``/``, ``·``, ``--`` or runs of
  spaces, in any order: ``Name: value`` fields (published, updated, source,
  editor ...), bylines, dates and timestamps, outlets, site domains;
* a sentence: the body starts at the first one, unless a field line follows
  within three lines (then it was a standfirst);
* a dateline opening the body ("BEIJING, March 5 (Xinhua) --", "MOSCOW, March 3.
  /TASS/.", "Hong Kong (AFP) -"): header, then body on the same line;
* other text: the headline, a standfirst, a site's name.

The headline is the first text line after the site's navigation that is not a
site name. The publication date is the best-ranked date: a published field,
then a date standing alone or among other fields, then an updated field; a
dateline's month and day never give a year by themselves. Dates that are not
dates (``9999-99-99``) or whose day and month order cannot be told give no
date and a warning.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import rules
from .wordsets import FOLDS_TO_ASCII, word_start

SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _time_pattern() -> str:
    """A clock time with an optional time zone ("10:30 a.m. (GMT+8)"); the rule files
    are read when the header is first read, not when the module is imported."""
    return (r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
            r"(?:\s*\(?(?:" + "|".join(rules.load("header")["time_zones"]) + r")\)?"
            r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)?")


@dataclass
class Header:
    title: str | None = None
    published: str | None = None
    source: str | None = None
    body_start: int = 0
    excluded: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Found:
    """What one head line says: published dates by rank, source candidates by rank."""
    title: str | None = None  # a "Title:" / "Headline:" field
    dates: list[tuple[int, str]] = field(default_factory=list)
    sources: list[tuple[int, str]] = field(default_factory=list)
    strong: bool = False  # a named field, a byline or a date: the head goes on past a sentence before it


class FurnitureLines:
    """``fullmatch(line)``: whether a stripped line (no line break in it) is furniture,
    case-insensitively: it matches one of ``lines``, or it holds one of the words of a
    ``containing`` entry ({"before", "words", "after"}: the line matches '.*' + before +
    one of the words + after). A line that holds none of the words cannot match such an
    entry, so those patterns, which the engine would try at every character, are tried
    only on the lines that hold one, found in the line lower-cased: a word is written in
    ASCII or uncased letters (CJK), and a line with a non-ASCII letter that matches an
    ASCII one case-insensitively ('ſ', 'ı', 'İ', the Kelvin sign) is always tried."""

    def __init__(self, lines: list[str], containing: list[dict]):
        self._lines = re.compile("|".join(f"(?:{p})" for p in lines) or "(?!)", re.IGNORECASE)
        self._containing = [re.compile(".*" + e["before"] + "(?:" + "|".join(map(re.escape, e["words"])) + ")" + e["after"],
                                       re.IGNORECASE) for e in containing]
        words = {w.lower() for e in containing for w in e["words"]}
        cased = [w for w in words if any(not c.isascii() and c.lower() != c.upper() for c in w)]
        if cased:
            raise ValueError(f"rules/header.json: furniture_containing words must be ASCII or uncased: {cased}")
        self._words = re.compile("|".join(map(re.escape, sorted(words))) or "(?!)")

    def fullmatch(self, line: str) -> bool:
        if self._lines.fullmatch(line):
            return True
        if not self._words.search(line.lower()) and not FOLDS_TO_ASCII.search(line):
            return False
        return any(rx.fullmatch(line) for rx in self._containing)


class _Vocab:
    def __init__(self):
        data = rules.load("header")
        months = rules.load("dates")["months"]
        weekdays = rules.load("dates")["weekdays"]
        self.month = {w.rstrip("."): int(n) for n, ws in months.items() for w in ws}
        month_alt = "|".join(sorted(self.month, key=len, reverse=True))
        weekday_alt = "|".join(sorted({w.rstrip(".") for ws in weekdays.values() for w in ws}, key=len, reverse=True))
        self.date = re.compile(
            rf"(?<![\w/])(?:(?P<y1>\d{{4}})\s*[-/.年]\s*(?P<m1>\d{{1,2}})\s*[-/.月]\s*(?P<d1>\d{{1,2}})日?"
            rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?P<n2>{month_alt})\.?,?[\s-]+(?P<y2>\d{{4}})"
            rf"|(?P<n3>{month_alt})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
            rf"|(?P<a4>\d{{1,2}})[/.-](?P<b4>\d{{1,2}})[/.-](?P<y4>\d{{4}}))(?![\d/])", re.IGNORECASE)
        time = _time_pattern()
        self.time = re.compile(time, re.IGNORECASE)
        self.weekday = re.compile(rf"\b(?:{weekday_alt})\b\.?,?", re.IGNORECASE)
        self.kinds: dict[str, str] = {}
        for kind in ("published", "updated", "source", "title", "other"):
            for name in data[f"{kind}_fields"]:
                self.kinds[name.lower()] = kind
        names = "|".join(sorted(map(re.escape, self.kinds), key=len, reverse=True))
        self.named = re.compile(rf"^(?P<name>{names})\s*[:：]\s*(?P<value>.*)$", re.IGNORECASE)
        self.field_split = re.compile(r"\s*(?:[|｜·•»]|>>)\s*|\s{2,}|\t|\s+/\s+|\s+--\s+|\s+[–—]\s+")
        self.field_start = re.compile(rf"(?<![\w-])(?:{names})\s*[:：]", re.IGNORECASE)
        self.prefixed = re.compile(r"^(?P<word>" + "|".join(re.escape(w) for w in data["prefixed_fields"]) + ")"
                                   r"(?:\s+(?:on|at))?\s+(?P<rest>.*\d.*)$", re.IGNORECASE)
        self.byline = re.compile(r"^(?i:by|written by|reported by|story by|words by)\s+(?P<names>[A-Z][^:]{1,120})$")
        zones = rules.load("zones")  # the words of zone names: no person's name is "... Development Zone"
        self.zone_words = frozenset(h.split()[-1] for h in zones["heads"]) | frozenset(zones["descriptors"])
        self.outlets = sorted(data["outlets"], key=len, reverse=True)
        self.outlet = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(o) for o in self.outlets) + r")(?![\w'])")
        # in the lower-cased head, tried only where a word can start (wordsets.word_start)
        self.day_first = re.compile(word_start({o.lower() for o in data["day_first_outlets"]}, r"(?!\w)"))
        self.month_first = re.compile(word_start({o.lower() for o in data["month_first_outlets"]}, r"(?!\w)"))
        self.domain = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+(?:" + "|".join(data["domain_suffixes"]) + r")(?:\.[a-z]{2})?(?:/\S*)?$",
                                 re.IGNORECASE)
        self.furniture = FurnitureLines(data["furniture_lines"], data["furniture_containing"])
        self.related = re.compile("|".join(f"(?:{p})" for p in data["related_markers"]), re.IGNORECASE)
        self.site_words = {w.lower() for w in data["site_words"]}
        self.org_words = {w.lower() for w in data["org_words"]}
        self.nav_words = {w.lower() for w in data["nav_words"]}
        self.credit_line = re.compile(r"[\[(（]?\s*(?:" + "|".join(re.escape(w) for w in data["credit_fields"]) + r")s?\s*[:：].*[\])）]?",
                                      re.IGNORECASE)
        self.navigation_opener = re.compile("(?i)" + "|".join(data["navigation_openers"]))
        self.datelines = _datelines(data, month_alt, time)
        self.max_lines = data["header_max_lines"]


def _datelines(data, month_alt: str, time: str) -> list:
    """The dateline forms that open an article's body, as compiled patterns."""
    agencies = "|".join(re.escape(a) for a in sorted(data["agencies"], key=len, reverse=True))
    day_month = rf"(?:(?i:{month_alt})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+(?i:{month_alt})\.?(?:\s+\d{{4}})?)"
    place = r"[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s+[A-Z][A-Za-z.'’ -]{1,30}?)?"
    dash = r"(?:--|—|–|-)"
    return [
        # BEIJING, March 5 (Xinhua) --  /  MOSCOW, March 3. /TASS/.  /  SHANGHAI, Jan 12 (Reuters) -
        re.compile(rf"^(?P<place>{place}),?\s+(?P<date>{day_month})\.?\s*(?:\((?P<agency>[^()]{{2,40}})\)|(?P<slash>/[^/]{{2,20}}/)\.?)\s*{dash}?\s*"),
        # Hong Kong (AFP) -  /  VIENTIANE, Laos (AP) —  /  Boten (Laos) (AFP) -
        re.compile(rf"^(?P<place>{place})(?:\s+\([A-Z][\w .'-]{{1,30}}\))?\s+\((?P<agency>{agencies})\)\s*{dash}\s*"),
        # RESEARCH TRIANGLE PARK, N.C. (March 14, 2023) —   /   Dubai, UAE – 12 October 2023:
        re.compile(rf"^(?P<place>{place})\s+\((?P<date>{day_month})\)\s*{dash}\s*"),
        re.compile(rf"^(?P<place>{place})\s*{dash}\s*(?P<date>{day_month})\s*[:：]\s*"),
        # (People's Daily Online) 09:48, July 22, 2018
        re.compile(rf"^\((?P<agency>[^()]{{2,40}})\)\s*(?P<time>{time}),?\s*(?P<date>{day_month})\s*"),
        # BEIJING, March 5 --   /   NAGOYA --
        re.compile(rf"^(?P<place>{place}),?\s+(?P<date>{day_month})\s*{dash}\s+"),
        # NAGOYA --   /   CLARK FREEPORT, Pampanga —
        re.compile(r"^(?P<place>[A-Z][A-Z.'’ -]{2,30}[A-Z])(?:,\s+[A-Z][A-Za-z.' -]{1,30}?)?\s*(?:--|—|–)\s+"),
    ]


@lru_cache(maxsize=None)
def vocab() -> _Vocab:
    return _Vocab()


# ---------------------------------------------------------------- dates

def dates_in(text: str, order: str | None = None) -> list[tuple[int, int, str | None, str | None]]:
    """(start, end, ISO date or None, warning or None) for each date written in ``text``.
    ``order`` ("dmy"/"mdy") settles numeric dates whose day and month are both 12 or less."""
    v = vocab()
    out = []
    for m in v.date.finditer(text):
        g = m.groupdict()
        warning = None
        if g["y1"]:
            y, mo, d = int(g["y1"]), int(g["m1"]), int(g["d1"])
        elif g["y2"]:
            y, mo, d = int(g["y2"]), v.month[g["n2"].lower().rstrip(".")], int(g["d2"])
        elif g["y3"]:
            y, mo, d = int(g["y3"]), v.month[g["n3"].lower().rstrip(".")], int(g["d3"])
        else:
            a, b, y = int(g["a4"]), int(g["b4"]), int(g["y4"])
            # dotted numeric dates ("02.10.2025") are written day first wherever they are used
            dotted = order is None and "." in m.group() and "/" not in m.group()
            if a > 12 >= b or (a <= 12 and b <= 12 and (order == "dmy" or a == b or dotted)):
                d, mo = a, b
            elif b > 12 >= a or (a <= 12 and b <= 12 and order == "mdy"):
                mo, d = a, b
            else:
                out.append((m.start(), m.end(), None, f"header date {m.group()!r}: day and month cannot be told apart"))
                continue
        try:
            iso = dt.date(y, mo, d).isoformat()
        except ValueError:
            iso, warning = None, f"header date {m.group()!r} is not a date"
        out.append((m.start(), m.end(), iso, warning))
    return out


# ---------------------------------------------------------------- lines

def _words(s: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’.-]*|\d[\d,.]*", s)


def is_sentence(s: str) -> bool:
    """A line that reads as running text: four words or more ending with a full stop,
    eight or more ending a sentence otherwise, or long. (Headlines end without one.)"""
    if len(s) >= 300:
        return True
    if re.search(r"\s[|｜·•]\s|\S\s{3,}\S", s):  # fields side by side, not running text
        return False
    n = len(_words(s))
    return (n >= 25 or len(s) >= 180 or (n >= 8 and bool(SENTENCE_END.search(s)))
            or (n >= 4 and bool(re.search(r"[^.]\.[\"'”’)\]]*$", s))))


def _title_case(s: str) -> bool:
    """Every word of four letters or more is capitalised (site names, Title Case headlines)."""
    return all(not w[0].islower() for w in _words(s) if len(w) >= 4 and w[0].isalpha())


_NAV_CUT = re.compile(r"\s*[|｜·•/»›>]\s*|\s{2,}")
_NAV_SEPARATOR = re.compile(r"[|｜·•/»›>]|\s\s")  # where _NAV_CUT cuts, found without trying \s* at every position


def _is_navigation(s: str, v: _Vocab) -> bool:
    """A menu or breadcrumb line: three or more short parts between separators, most of
    them navigation words ('Home | News | Parks')."""
    if _NAV_SEPARATOR.search(s) is None:
        return False  # one part
    parts = [p.strip().lower() for p in _NAV_CUT.split(s) if p.strip()]
    if len(parts) < 3 or any(len(p.split()) > 3 for p in parts):
        return False
    return sum(p in v.nav_words for p in parts) >= max(2, len(parts) // 2)


def _site_like(s: str, v: _Vocab) -> int:
    """How much a line reads as a site's or organisation's name rather than a headline:
    2 (a name: short, in capitals, between bars, or an organisation's title), 1 (a short
    Title Case line, a name unless nothing else could be the headline), 0."""
    words = [w.lower() for w in _words(s)]
    if len(words) < 3 or (s.isupper() and len(words) <= 6) or re.search(r"[|｜]", s):
        return 2
    if not _title_case(s) or SENTENCE_END.search(s) or re.search(r"\d", s):
        return 0
    if any(w in v.org_words for w in words):
        return 2
    return 1 if len(words) <= 5 or (len(words) <= 6 and any(w in v.site_words for w in words)) else 0


def _order_hint(s: str, v: _Vocab) -> str | None:
    low = s.lower()
    if v.day_first.search(low):
        return "dmy"
    if v.month_first.search(low):
        return "mdy"
    return None


def _read_fields(s: str, v: _Vocab, order: str | None, warnings: list[str]) -> _Found | None:
    """The fields of a line, or None when it holds none. Each segment (``_segments``) is
    read as the first of: a named field, a prefixed date, a byline, a date with at most a
    name beside it, an outlet or a site's domain; else a site's name or a short name."""
    found = _Found()
    hit = False
    names: list[str] = []
    for seg in _segments(s, v):
        if not seg:
            continue
        if _named_field(seg, v, order, warnings, found):
            hit = found.strong = True
            continue
        dated = _prefixed_date(seg, v, order, warnings, found)
        if dated:
            hit = found.strong = True
            continue
        if dated is not None and hit:
            continue  # a prefix without a date, on a line already read as fields
        if _byline(seg, v, found) or _date_with_name(seg, v, order, warnings, found):
            hit = found.strong = True
            continue
        if _outlet_or_domain(seg, v, found):
            hit = True
            continue
        hit = _site_name(seg, s, v, found, names) or hit
    if hit and found.strong and names:
        found.sources.append((4, names[0]))
    return found if hit else None


def _named_field(seg: str, v: _Vocab, order: str | None, warnings: list[str], found: _Found) -> bool:
    """'Published: 2023-05-16', 'Source: Xinhua', 'Title: ...': a field by its name (from
    ``rules/header.json``); a published date ranks 1, an updated one 3."""
    m = v.named.match(seg)
    if not m:
        return False
    kind, value = v.kinds[m.group("name").lower()], m.group("value").strip()
    if kind in ("published", "updated"):
        for _, _, iso, warn in dates_in(value, order):
            if warn:
                warnings.append(warn)
            if iso:
                found.dates.append((1 if kind == "published" else 3, iso))
                break
    elif kind == "source" and value and not dates_in(value):
        found.sources.append((1, value))
    elif kind == "title" and value:
        found.title = value
    return True


def _prefixed_date(seg: str, v: _Vocab, order: str | None, warnings: list[str], found: _Found) -> bool | None:
    """'Updated on May 16, 2023', 'Posted 2023-05-16': True when a prefix word gives a date
    (an updated one ranks 3, others 1), False when the prefix has none, None without one."""
    m = v.prefixed.match(seg)
    if not m:
        return None
    rank = 3 if m.group("word").lower() in ("updated", "last updated") else 1
    rest = m.group("rest")
    for _, _, iso, warn in dates_in(rest, order):
        if warn:
            warnings.append(warn)
        if iso:
            found.dates.append((rank, iso))
            return True
    return False


def _byline(seg: str, v: _Vocab, found: _Found) -> bool:
    """A byline: bare names ('Yang Ruoxi and Deng Haoming') or 'By ...', whose outlet, if
    it names one, is the article's own ('By NOY PHOMMACHANH Associated Press')."""
    if (re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}(?:(?:,| and| &) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2})+", seg)
            and not v.zone_words.intersection(seg.replace(",", " ").split())):
        return True  # a byline of bare names: "Yang Ruoxi and Deng Haoming", not "X Economic and Technological Development Zone"
    m = v.byline.match(seg)
    if m and not re.search(r"\d", seg):
        outlet = v.outlet.search(m.group("names"))
        if outlet:  # the outlet a byline names is the article's own ("By NOY PHOMMACHANH Associated Press")
            found.sources.append((1, outlet.group()))
        return True
    return False


def _date_with_name(seg: str, v: _Vocab, order: str | None, warnings: list[str], found: _Found) -> bool:
    """A date standing alone or with at most a name beside it ('2023-05-16 Xinhua'): the
    date ranks 2, the outlet named beside it 2 (1 after 'By'), another Title Case name 5.
    A date inside running text is no field (False), but its warnings are kept."""
    dates = dates_in(seg, order)
    if not dates:
        return False
    for _, _, iso, warn in dates:
        if warn:
            warnings.append(warn)
    good = [iso for _, _, iso, _ in dates if iso]
    rest = v.time.sub(" ", v.weekday.sub(" ", v.date.sub(" ", seg)))
    rest = re.sub(r"\([^)]*\)", " ", rest).strip(" ,;:-–—")
    if len(_words(rest)) <= 6 and (not rest or _title_case(rest)):  # a date with a name beside it at most
        if good:
            found.dates.append((2, good[0]))
        outlet = v.outlet.search(seg)
        if outlet:
            found.sources.append((1 if re.match(r"(?i)by\s", seg) else 2, outlet.group()))
        elif rest and _title_case(rest) and not is_sentence(seg):
            found.sources.append((5, rest))
        return True
    return False


def _outlet_or_domain(seg: str, v: _Vocab, found: _Found) -> bool:
    """A known outlet ('Xinhua', 'China Daily', or a short segment naming one; rank 2) or a
    site's domain ('www.news.cn'; rank 3): a field, though not one that carries the head
    past a sentence."""
    outlet = v.outlet.fullmatch(seg) or (v.outlet.search(seg) if len(_words(seg)) <= 4 else None)
    if outlet:
        found.sources.append((2, seg if _title_case(seg) and not re.search(r"\d", seg) else outlet.group()))
        return True
    if v.domain.match(seg):
        found.sources.append((3, seg))
        return True
    return False


def _site_name(seg: str, s: str, v: _Vocab, found: _Found, names: list[str]) -> bool:
    """A site's name ('Shanghai Municipal People's Government Portal'; rank 4), a field
    only among other segments of the line ``s`` (True then); or a short Title Case name kept
    in ``names``, an outlet among the fields ('Shine · By Ding Yi · 2022-12-01')."""
    if (_title_case(seg) and any(w.lower() in v.site_words for w in _words(seg)) and len(_words(seg)) <= 8
            and not v.furniture.fullmatch(seg)):
        found.sources.append((4, seg))
        return seg != s.strip(" ,;")  # a site's name among other segments makes a field line
    if (_title_case(seg) and 1 <= len(_words(seg)) <= 4 and re.match(r"\w", seg) and not re.search(r"[\d,]", seg)
            and not v.furniture.fullmatch(seg)):
        names.append(seg)  # an outlet among the fields ("Shine · By Ding Yi · 2022-12-01")
    return False


def _segments(s: str, v: _Vocab) -> list[str]:
    """A field line cut at its separators and before each field name ("Time: ... Source: ...")."""
    s = re.sub(r"([:：])\s{2,}", r"\1 ", s)
    out = []
    for part in v.field_split.split(s):
        cuts = sorted({m.start() for m in v.field_start.finditer(part) if m.start() > 0}
                      | {m.start() for m in re.finditer(r"(?<=\s)(?:Updated|Published|Posted|Last updated)\b", part)}) + [len(part)]
        start = 0
        for cut in cuts:
            out.append(part[start:cut].strip(" ,;"))
            start = cut
    return [seg for seg in out if seg]


def _dateline(s: str, v: _Vocab):
    for rx in v.datelines:
        m = rx.match(s)
        if m and m.end() < len(s):
            return m
    return None


# ---------------------------------------------------------------- the head

def read_header(text: str) -> Header:
    """Title, publication date, source, the body's first offset, and the excluded ranges
    (head lines, dateline, furniture, related-article lists, credit lines)."""
    v = vocab()
    lines = _lines(text)
    head = Header()
    order = _order_hint(text[:2000], v)
    kinds, founds, body_line, dateline = _read_head_lines(lines, v, order, head.warnings)
    head_lines = [i for i in kinds if i < body_line]
    for i in head_lines:
        head.excluded.append((lines[i][0], lines[i][1]))
    # dates and sources by rank, then by the head line (n) that gave them
    dates = sorted((rank, n, iso) for n, i in enumerate(head_lines) for rank, iso in founds.get(i, _Found()).dates)
    sources = sorted((rank, n, k, src) for n, i in enumerate(head_lines)
                     for k, (rank, src) in enumerate(founds.get(i, _Found()).sources))
    head.body_start = _body_start(text, lines, body_line, dateline)
    if dateline is not None:
        head.excluded.append((head.body_start - dateline.end(), head.body_start))
        _dateline_fields(dateline, len(head_lines), order, v, dates, sources)
    pick = _headline_lines(lines, head_lines, kinds, founds, v)
    titled = [founds[i].title for i in head_lines if kinds[i] == "fields" and founds[i].title]
    sources += _site_names(lines, head_lines, kinds, founds, pick, v)
    sources.sort()
    dates.sort()
    head.published = dates[0][2] if dates else None
    head.source = sources[0][3] if sources else None
    head.title = titled[0] if titled else lines[pick[0]][2] if pick else None
    _exclude_after_body(lines, body_line, head, v)
    head.excluded.sort()
    return head


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each line, ``end`` before its line break."""
    lines = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body), body.strip()))
        pos += len(raw)
    return lines


def _read_head_lines(lines, v: _Vocab, order: str | None, warnings: list[str]):
    """The head, line by line up to the body: each head line's kind ('fields', 'nav',
    'furniture', 'text') and the fields read in it, the index of the body's first line, and
    the dateline that opens the body (a match, or None). A sentence starts the body unless
    a field line follows it (``_fields_follow``: a standfirst); a head with no sentence
    after it ends as ``_body_without_sentence`` decides. Warnings go to ``warnings``."""
    nonblank = [i for i, (_, _, s) in enumerate(lines) if s]
    kinds: dict[int, str] = {}
    founds: dict[int, _Found] = {}
    body_line, dateline = None, None
    for i in nonblank[: v.max_lines]:
        s = lines[i][2]
        nav = _is_navigation(s, v)
        if (v.named.match(s) or re.search(r"\s[|｜·•]\s", s)) and len(s) < 300 and not nav:  # fields first: "Editor: X | Source: Y | <date>"
            seen: list[str] = []
            found = _read_fields(s, v, order, seen)
            if found is not None and (found.dates or found.sources or found.title):
                kinds[i], founds[i] = "fields", found
                warnings += seen
                continue
        if v.furniture.fullmatch(s) or nav or s.lower() in v.nav_words:
            kinds[i] = "nav" if nav or v.navigation_opener.match(s) else "furniture"
            continue
        found = _read_fields(s, v, order, warnings) if (not is_sentence(s) or v.named.match(s)) else None
        if found is not None:
            kinds[i], founds[i] = "fields", found
            continue
        m = _dateline(s, v)
        if m:
            body_line, dateline = i, m
            break
        if is_sentence(s):
            dated = any(f.dates for f in founds.values())  # a date read already: a listing's own fields follow, not the head's
            if not dated and _fields_follow(lines, nonblank, i, v, order):
                kinds[i] = "text"
                continue
            body_line = i
            break
        kinds[i] = "text"
    if body_line is None:
        body_line, kinds = _body_without_sentence(lines, nonblank, kinds, v)
    return kinds, founds, body_line, dateline


def _fields_follow(lines, nonblank: list[int], k: int, v: _Vocab, order: str | None) -> bool:
    """A line with a strong field (a named field, a byline, a date) comes within the three
    lines after line ``k``, before any sentence: the sentence at ``k`` is a standfirst."""
    later = [i for i in nonblank if i > k][:3]
    for i in later:
        s = lines[i][2]
        if v.furniture.fullmatch(s) or _is_navigation(s, v):
            continue
        f = _read_fields(s, v, order, []) if not is_sentence(s) or v.named.match(s) else None
        if f is not None and f.strong:
            return True
        if is_sentence(s):
            return False
    return False


def _body_without_sentence(lines, nonblank: list[int], kinds: dict[int, str], v: _Vocab) -> tuple[int, dict[int, str]]:
    """Where the body starts when no line reads as its first sentence, and the kinds of the
    head lines: after the last head line, when the head is long or has fields; else a head
    with no body after it is no head, and the text is all body."""
    signals = [i for i in kinds if kinds[i] in ("fields", "furniture", "nav")]
    if signals and (len(nonblank) > v.max_lines or any(kinds[i] == "fields" for i in signals)):
        body_line = next((i for i in nonblank if i > max(signals)), None)
        if body_line is not None:
            return body_line, kinds
    return (nonblank[0] if nonblank else len(lines)), {}


def _body_start(text: str, lines, body_line: int, dateline) -> int:
    """The body's first offset: its first line's first character, after the dateline that
    opens it if any; the text's end when no line is left for a body."""
    if body_line >= len(lines):
        return len(text)
    first, last = lines[body_line][0], lines[body_line][1]
    lead = first + len(text[first:last]) - len(text[first:last].lstrip())
    return lead + dateline.end() if dateline is not None else lead


def _dateline_fields(dateline, n: int, order: str | None, v: _Vocab, dates: list, sources: list) -> None:
    """A dateline's date, when it has its year ('HARBIN, Jan. 15, 2022 (Xinhua) --'), ranks
    2 in ``dates``, and its agency (an outlet's name where it holds one) 2 in ``sources``;
    ``n`` is the dateline's place after the head lines."""
    for _, _, iso, _ in dates_in(dateline.groupdict().get("date") or "", order):
        if iso:  # an older dateline with its year: "HARBIN, Jan. 15, 2022 (Xinhua) --"
            dates.append((2, n, iso))
    agency = (dateline.groupdict().get("agency") or dateline.groupdict().get("slash") or "").strip("/ ")
    if agency:
        outlet = v.outlet.search(agency)
        sources.append((2, n, 0, outlet.group() if outlet else agency))


def _headline_lines(lines, head_lines: list[int], kinds: dict[int, str], founds: dict[int, _Found], v: _Vocab) -> list[int]:
    """The head's text lines that could be the headline, best first: those after the site's
    navigation that do not read as a site's name, narrowed to the block (lines between
    blank lines) of the first byline or date line, or the nearest block before it."""
    texts = [i for i in head_lines if kinds[i] == "text"]
    navs = [i for i in head_lines if kinds[i] == "nav"]
    after_nav = [i for i in texts if not navs or i > max(navs)]
    pick = ([i for i in after_nav if not _site_like(lines[i][2], v)] or [i for i in texts if not _site_like(lines[i][2], v)]
            or [i for i in after_nav if _site_like(lines[i][2], v) < 2]
            or [i for i in texts if len(texts) == 1 and not re.search(r"[|｜]", lines[i][2])])
    # the headline heads the block (lines between blank lines) of the byline or date, or the
    # nearest block before it: a site's name and tagline above it form a block of their own
    block = {i: sum(1 for k in range(i) if not lines[k][2]) for i in head_lines}
    strong_lines = [i for i in head_lines if kinds[i] == "fields" and founds[i].strong]
    if strong_lines and pick:
        first_block = block[strong_lines[0]]
        for b in range(first_block, -1, -1):
            inside = [i for i in pick if block[i] == b and i < strong_lines[0]] if b == first_block else [i for i in pick if block[i] == b]
            if inside:
                pick = inside
                break
    return pick


def _site_names(lines, head_lines: list[int], kinds: dict[int, str], founds: dict[int, _Found], pick: list[int],
                v: _Vocab) -> list[tuple[int, int, int, str]]:
    """Sources from head text lines other than the headline: a site's name (rank 4), or a
    short name beside a byline or date line, the outlet's when right after it ('Sept. 20,
    2022' / 'Mint'; rank 3)."""
    texts = [i for i in head_lines if kinds[i] == "text"]
    strong = {i for i in head_lines if kinds[i] == "fields" and founds[i].strong}
    sources = []
    for n, i in enumerate(head_lines):
        # a site's name, or a short name beside a byline or date line ("Sept. 20, 2022" / "Mint")
        after = n > 0 and head_lines[n - 1] in strong
        near = after or (n + 1 < len(head_lines) and head_lines[n + 1] in strong)
        if i in texts and i != (pick[0] if pick else None) and not re.search(r"[|｜,:：\d]", lines[i][2]) and (
                _site_like(lines[i][2], v) or (near and len(_words(lines[i][2])) <= 5 and not is_sentence(lines[i][2]))):
            # a name right after the byline or date is the outlet's ("Sept. 20, 2022" / "Mint")
            sources.append((3 if after and len(_words(lines[i][2])) <= 5 else 4, n, 0, lines[i][2]))
    return sources


def _exclude_after_body(lines, body_line: int, head: Header, v: _Vocab) -> None:
    """Furniture, short field lines, credit lines and related-article lists after the
    body's start."""
    in_related = False
    for start, end, s in lines[body_line + 1:] if body_line < len(lines) else []:
        if not s:
            continue
        if in_related and not is_sentence(s):
            head.excluded.append((start, end))
            continue
        in_related = False
        if v.related.fullmatch(s):
            in_related = True
            head.excluded.append((start, end))
        elif v.furniture.fullmatch(s) or _is_navigation(s, v) or (v.named.match(s) and len(s) < 120 and not is_sentence(s)):
            head.excluded.append((start, end))
        elif v.credit_line.fullmatch(s):
            head.excluded.append((start, end))
