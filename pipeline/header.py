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
        self.outlets = sorted(data["outlets"], key=len, reverse=True)
        self.outlet = re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(o) for o in self.outlets) + r")(?![\w'])")
        self.day_first = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(o.lower()) for o in data["day_first_outlets"]) + r")(?!\w)")
        self.month_first = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(o.lower()) for o in data["month_first_outlets"]) + r")(?!\w)")
        self.domain = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+(?:" + "|".join(data["domain_suffixes"]) + r")(?:\.[a-z]{2})?(?:/\S*)?$",
                                 re.IGNORECASE)
        self.furniture = re.compile("|".join(f"(?:{p})" for p in data["furniture_lines"]), re.IGNORECASE)
        self.related = re.compile("|".join(f"(?:{p})" for p in data["related_markers"]), re.IGNORECASE)
        self.site_words = {w.lower() for w in data["site_words"]}
        self.org_words = {w.lower() for w in data["org_words"]}
        self.nav_words = {w.lower() for w in data["nav_words"]}
        self.credit_line = re.compile(r"[\[(（]?\s*(?:" + "|".join(re.escape(w) for w in data["credit_fields"]) + r")s?\s*[:：].*[\])）]?",
                                      re.IGNORECASE)
        self.navigation_opener = re.compile("(?i)" + "|".join(data["navigation_openers"]))
        agencies = "|".join(re.escape(a) for a in sorted(data["agencies"], key=len, reverse=True))
        day_month = rf"(?:(?i:{month_alt})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+(?i:{month_alt})\.?(?:\s+\d{{4}})?)"
        place = r"[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s+[A-Z][A-Za-z.'’ -]{1,30}?)?"
        dash = r"(?:--|—|–|-)"
        self.datelines = [
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
            re.compile(rf"^(?P<place>[A-Z][A-Z.'’ -]{{2,30}}[A-Z])(?:,\s+[A-Z][A-Za-z.' -]{{1,30}}?)?\s*(?:--|—|–)\s+"),
        ]
        self.max_lines = data["header_max_lines"]


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


def _is_navigation(s: str, v: _Vocab) -> bool:
    parts = [p.strip().lower() for p in re.split(r"\s*[|｜·•/»›>]\s*|\s{2,}", s) if p.strip()]
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
    """The fields of a line, or None when it holds none."""
    found = _Found()
    hit = False
    names: list[str] = []
    for seg in _segments(s, v):
        if not seg:
            continue
        m = v.named.match(seg)
        if m:
            hit = found.strong = True
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
            continue
        m = v.prefixed.match(seg)
        if m:
            rank = 3 if m.group("word").lower() in ("updated", "last updated") else 1
            rest = m.group("rest")
            for _, end, iso, warn in dates_in(rest, order):
                if warn:
                    warnings.append(warn)
                if iso:
                    hit = found.strong = True
                    found.dates.append((rank, iso))
                    break
            if hit:
                continue
        if re.fullmatch(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2}(?:(?:,| and| &) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2})+", seg):
            hit = found.strong = True  # a byline of bare names: "Yang Ruoxi and Deng Haoming"
            continue
        m = v.byline.match(seg)
        if m and not re.search(r"\d", seg):
            hit = found.strong = True
            outlet = v.outlet.search(m.group("names"))
            if outlet:  # the outlet a byline names is the article's own ("By NOY PHOMMACHANH Associated Press")
                found.sources.append((1, outlet.group()))
            continue
        dates = dates_in(seg, order)
        if dates:
            for _, _, iso, warn in dates:
                if warn:
                    warnings.append(warn)
            good = [iso for _, _, iso, _ in dates if iso]
            rest = v.time.sub(" ", v.weekday.sub(" ", v.date.sub(" ", seg)))
            rest = re.sub(r"\([^)]*\)", " ", rest).strip(" ,;:-–—")
            if len(_words(rest)) <= 6 and (not rest or _title_case(rest)):  # a date with a name beside it at most
                hit = found.strong = True
                if good:
                    found.dates.append((2, good[0]))
                outlet = v.outlet.search(seg)
                if outlet:
                    found.sources.append((1 if re.match(r"(?i)by\s", seg) else 2, outlet.group()))
                elif rest and _title_case(rest) and not is_sentence(seg):
                    found.sources.append((5, rest))
                continue
        outlet = v.outlet.fullmatch(seg) or (v.outlet.search(seg) if len(_words(seg)) <= 4 else None)
        if outlet:
            hit = True
            found.sources.append((2, seg if _title_case(seg) and not re.search(r"\d", seg) else outlet.group()))
            continue
        if v.domain.match(seg):
            hit = True
            found.sources.append((3, seg))
            continue
        if (_title_case(seg) and any(w.lower() in v.site_words for w in _words(seg)) and len(_words(seg)) <= 8
                and not v.furniture.fullmatch(seg)):
            found.sources.append((4, seg))
            hit = hit or seg != s.strip(" ,;")  # a site's name among other segments makes a field line
        elif (_title_case(seg) and 1 <= len(_words(seg)) <= 4 and re.match(r"\w", seg) and not re.search(r"[\d,]", seg)
              and not v.furniture.fullmatch(seg)):
            names.append(seg)  # an outlet among the fields ("Shine · By Ding Yi · 2022-12-01")
    if hit and found.strong and names:
        found.sources.append((4, names[0]))
    return found if hit else None


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
    lines = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body), body.strip()))
        pos += len(raw)
    head = Header()
    order = _order_hint(text[:2000], v)
    nonblank = [i for i, (_, _, s) in enumerate(lines) if s]

    kinds: dict[int, str] = {}
    founds: dict[int, _Found] = {}
    body_line, dateline = None, None

    def strong_ahead(k: int) -> bool:
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

    for i in nonblank[: v.max_lines]:
        s = lines[i][2]
        if (v.named.match(s) or re.search(r"\s[|｜·•]\s", s)) and len(s) < 300 and not _is_navigation(s, v):  # fields first: "Editor: X | Source: Y | <date>"
            seen: list[str] = []
            found = _read_fields(s, v, order, seen)
            if found is not None and (found.dates or found.sources or found.title):
                kinds[i], founds[i] = "fields", found
                head.warnings += seen
                continue
        if v.furniture.fullmatch(s) or _is_navigation(s, v) or s.lower() in v.nav_words:
            kinds[i] = "nav" if _is_navigation(s, v) or v.navigation_opener.match(s) else "furniture"
            continue
        found = _read_fields(s, v, order, head.warnings) if (not is_sentence(s) or v.named.match(s)) else None
        if found is not None:
            kinds[i], founds[i] = "fields", found
            continue
        m = _dateline(s, v)
        if m:
            body_line, dateline = i, m
            break
        if is_sentence(s):
            if strong_ahead(i):
                kinds[i] = "text"
                continue
            body_line = i
            break
        kinds[i] = "text"
    if body_line is None:
        # no sentence: the body follows the last head line, when the head is long or has fields
        signals = [i for i in kinds if kinds[i] in ("fields", "furniture", "nav")]
        if signals and (len(nonblank) > v.max_lines or any(kinds[i] == "fields" for i in signals)):
            body_line = next((i for i in nonblank if i > max(signals)), None)
    if body_line is None:  # a head with no body after it is no head: the text is all body
        body_line = nonblank[0] if nonblank else len(lines)
        kinds = {}

    head_lines = [i for i in kinds if i < body_line]
    for i in head_lines:
        head.excluded.append((lines[i][0], lines[i][1]))
    dates = sorted((rank, n, iso) for n, i in enumerate(head_lines) for rank, iso in founds.get(i, _Found()).dates)
    sources = sorted((rank, n, k, src) for n, i in enumerate(head_lines)
                     for k, (rank, src) in enumerate(founds.get(i, _Found()).sources))

    if body_line < len(lines):
        first, last = lines[body_line][0], lines[body_line][1]
        lead = first + len(text[first:last]) - len(text[first:last].lstrip())
    if dateline is not None:
        start = lead
        head.excluded.append((start, start + dateline.end()))
        head.body_start = start + dateline.end()
        for _, _, iso, _ in dates_in(dateline.groupdict().get("date") or "", order):
            if iso:  # an older dateline with its year: "HARBIN, Jan. 15, 2022 (Xinhua) --"
                dates.append((2, len(head_lines), iso))
        agency = (dateline.groupdict().get("agency") or dateline.groupdict().get("slash") or "").strip("/ ")
        if agency:
            outlet = v.outlet.search(agency)
            sources.append((2, len(head_lines), 0, outlet.group() if outlet else agency))
    elif body_line < len(lines):
        head.body_start = lead
    else:
        head.body_start = len(text)

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
    titled = [founds[i].title for i in head_lines if kinds[i] == "fields" and founds[i].title]
    strong = {i for i in head_lines if kinds[i] == "fields" and founds[i].strong}
    for n, i in enumerate(head_lines):
        # a site's name, or a short name beside a byline or date line ("Sept. 20, 2022" / "Mint")
        after = n > 0 and head_lines[n - 1] in strong
        near = after or (n + 1 < len(head_lines) and head_lines[n + 1] in strong)
        if i in texts and i != (pick[0] if pick else None) and not re.search(r"[|｜,:：\d]", lines[i][2]) and (
                _site_like(lines[i][2], v) or (near and len(_words(lines[i][2])) <= 5 and not is_sentence(lines[i][2]))):
            # a name right after the byline or date is the outlet's ("Sept. 20, 2022" / "Mint")
            sources.append((3 if after and len(_words(lines[i][2])) <= 5 else 4, n, 0, lines[i][2]))
    sources.sort()
    dates.sort()
    head.published = dates[0][2] if dates else None
    head.source = sources[0][3] if sources else None
    head.title = titled[0] if titled else lines[pick[0]][2] if pick else None
    _exclude_after_body(lines, body_line, head, v)
    head.excluded.sort()
    return head


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
