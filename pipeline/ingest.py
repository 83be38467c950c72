"""Article text -> Article: header fields, page furniture, body ranges.

The article text is kept exactly as given (offsets refer to it). The header
(title, ``Date:``/``Source:`` lines, datelines such as "BEIJING, March 5
(Xinhua) --") and page furniture (navigation, "Previous page:", sitemap lines,
font-size widgets, copyright footers) are recorded as excluded ranges: nothing
in them is a mention.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import dates, rules

# One-to-one replacements: the extraction text keeps the article's length, so
# every offset found in it is an offset into the article.
_SAME_LENGTH = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\u200b": " ", "\ufeff": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'", "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2212": "-", "\uff0c": ",", "\t": " ",
})


@dataclass
class Article:
    doc_id: str
    text: str  # the article exactly as read
    title: str | None = None
    published: str | None = None
    source: str | None = None
    excluded: list[tuple[int, int]] = field(default_factory=list)

    @property
    def clean(self) -> str:
        """Same-length text for the tokenizer: odd spaces and quotes made plain."""
        return self.text.translate(_SAME_LENGTH)

    @property
    def ref(self) -> dt.date | None:
        return dt.date.fromisoformat(self.published) if self.published else None

    def is_excluded(self, start: int, end: int) -> bool:
        return overlaps_any(self.excluded, start, end)


def overlaps_any(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``ranges`` (sorted, not overlapping each other)."""
    i = bisect.bisect_right(ranges, (start, float("inf"))) - 1
    for s, e in ranges[max(i, 0) : i + 2]:
        if s < end and start < e:
            return True
    return False


@lru_cache(maxsize=None)
def _compiled():
    data = rules.load("furniture")
    furniture = re.compile("|".join(f"(?:{p})" for p in data["furniture_lines"]), re.IGNORECASE)
    fields = {}
    for kind in ("published_fields", "source_fields", "other_fields"):
        for name in data[kind]:
            fields[name] = kind.split("_")[0]
    field_re = re.compile(r"^(?P<name>" + "|".join(sorted(map(re.escape, fields), key=len, reverse=True)) + r")\s*[:：]\s*(?P<value>.*)$", re.IGNORECASE)
    datelines = [re.compile(p) for p in data["datelines"]]
    return furniture, field_re, fields, datelines, data["header_max_lines"]


def parse_date_field(value: str) -> str | None:
    """ISO date from a header field value ('2021-10-25', '2018-06-08 07:54', 'July 22, 2018')."""
    value = value.strip()
    m = re.search(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", value)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    value = re.sub(r"\b\d{1,2}:\d{2}(?::\d{2})?\b", " ", value)
    got = dates.normalise(value)
    if got and got.end is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", got.value):
        return got.value
    return None


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body), body
        pos += len(line)


def read_article(text: str, doc_id: str, published: str | None = None) -> Article:
    """Split an article's text into header fields, furniture and body.

    ``published`` given by the caller wins over the header's date.
    """
    furniture, field_re, fields, datelines, max_header = _compiled()
    art = Article(doc_id=doc_id, text=text)
    lines = list(_lines(text))
    header_pub = header_src = title = None

    # Header block: the leading lines up to the first blank line, when short.
    first_blank = next((i for i, (_, _, l) in enumerate(lines) if not l.strip()), len(lines))
    header = lines[:first_blank] if 0 < first_blank <= max_header and first_blank < len(lines) else []
    in_header = all(len(l) <= 300 for _, _, l in header)
    if header and not in_header:
        header = []
    if header and len(header) == 1 and lines[first_blank:] and len(header[0][2]) > 200:
        header = []
    for start, end, line in header:
        s = line.strip()
        m = field_re.match(s)
        if m:
            kind = fields[m.group("name").lower()]
            if kind == "published" and header_pub is None:
                header_pub = parse_date_field(m.group("value"))
            elif kind == "source" and header_src is None and m.group("value").strip():
                header_src = m.group("value").strip()
        elif any(rx.match(s) for rx in datelines):
            groups = next(rx.match(s) for rx in datelines if rx.match(s)).groupdict()
            header_src = header_src or (groups.get("source") or "").strip() or None
            header_pub = header_pub or parse_date_field(groups["date"])
        elif s and not furniture.fullmatch(s) and title is None:
            title = s
        art.excluded.append((start, end))

    # Furniture anywhere, and a dateline opening the body.
    body_started = False
    for i, (start, end, line) in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if i < len(header):
            continue
        m = field_re.match(s)
        if (m and len(s) < 120 and not body_started) or furniture.fullmatch(s):
            if m and not body_started:
                kind = fields[m.group("name").lower()]
                if kind == "published" and header_pub is None:
                    header_pub = parse_date_field(m.group("value"))
                elif kind == "source" and header_src is None:
                    header_src = m.group("value").strip() or None
            art.excluded.append((start, end))
            continue
        if not body_started:
            body_started = True
            lead = line.lstrip()
            offset = start + len(line) - len(lead)
            for rx in datelines:
                dm = rx.match(lead)
                if dm:
                    art.excluded.append((offset, offset + dm.end()))
                    groups = dm.groupdict()
                    if groups.get("source") and header_src is None:
                        header_src = groups["source"].strip()
                    if header_pub is None:
                        header_pub = parse_date_field(groups["date"])
                    break
        # a trailing "(Reporter: ...)" / "(Editor: ...)" credit line
        if re.fullmatch(r"[\[(（]?\s*(?:reporter|editor|writer|author|translated by|edited by)s?\s*[:：].*[\])）]?", s, re.IGNORECASE):
            art.excluded.append((start, end))

    art.title = title
    art.published = published or header_pub
    art.source = header_src
    art.excluded.sort()
    return art
