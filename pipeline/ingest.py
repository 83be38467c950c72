"""Article text -> Article: header fields, page furniture, body ranges.

The article text is kept exactly as given (offsets refer to it). The head
(title, field lines, bylines, datelines such as "BEIJING, March 5 (Xinhua)
--", see ``header``) and page furniture (navigation, share and font-size
widgets, related-article lists, copyright footers) are recorded as excluded
ranges: nothing in them is a mention.
"""
from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property

from . import header

log = logging.getLogger("zones")

# One-to-one replacements: the extraction text keeps the article's length, so
# every offset found in it is an offset into the article.
_SAME_LENGTH = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\u200b": " ", "\ufeff": " ",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'", "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2212": "-", "\uff0c": ",", "\t": " ",
})
_REPLACED = re.compile("[" + "".join(re.escape(chr(c)) for c in _SAME_LENGTH) + "]")  # most texts hold none: no copy made


@dataclass
class Article:
    doc_id: str
    text: str  # the article exactly as read
    title: str | None = None
    published: str | None = None
    source: str | None = None
    excluded: list[tuple[int, int]] = field(default_factory=list)
    body_start: int = 0

    @cached_property
    def clean(self) -> str:
        """Same-length text for the tokenizer: odd spaces and quotes made plain (made once)."""
        return self.text.translate(_SAME_LENGTH) if _REPLACED.search(self.text) else self.text

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


def parse_date_field(value: str) -> str | None:
    """ISO date from a header field value ('2021-10-25', '2018-06-08 07:54', 'July 22, 2018')."""
    for _, _, iso, _ in header.dates_in(value):
        if iso:
            return iso
    return None


def read_article(text: str, doc_id: str, published: str | None = None) -> Article:
    """Split an article's text into header fields, furniture and body (``header``).

    ``published`` given by the caller wins over the header's date.
    """
    head = header.read_header(text)
    for warning in head.warnings:
        log.warning("%s: %s", doc_id, warning)
    return Article(doc_id=doc_id, text=text, title=head.title, published=published or head.published,
                   source=head.source, excluded=_merged(head.excluded), body_start=head.body_start)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
