"""The normaliser component: candidates -> mentions with canonical values.

For each candidate of the matcher it reads the tokens by role (``num``,
``unit``, ``cur``, ``date``, ``ctx``) and computes the value through the pure
modules (numbers, units, dates) with the vetoes (``values``); resolves overlaps
(longest first); applies the compositions of ``rules/compositions.jsonl``
(``compose``: ranges, changes, a year in words, offsets, compounds, minor money
units); and reads the
qualifiers around each mention (``qualify``: hedges, bounds, rates and the place
a distance is measured to). Result: ``doc.spans["mentions"]`` in text order, and
beside it ``doc.user_data["readings"]``: for each span, the values of the record's
reading fields (``document.READING_FIELDS``) and the rule, as plain lists (no
extension attribute is set in the hot loop; ``extraction.doc_mentions`` reads them).
The doc's text comes from ``doc.user_data["text"]`` where its maker put it there.
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span

from . import compose, qualify, units, values
from .document import READING_FIELDS
from .found import Found

_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
READINGS = READING_FIELDS + ("rule",)  # what ``doc.user_data["readings"]`` holds per mention, in this order
RESTATING = (", or", "(", ", or about", "or")  # what stands between a distance and its restatement


class MentionNormaliser:
    def __init__(self, nlp):
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        ref_value = doc.user_data.get("ref")
        ref: dt.date | None = dt.date.fromisoformat(ref_value) if isinstance(ref_value, str) else ref_value
        found = _resolve(_read(doc, text, doc.user_data.pop("candidates", []), ref))
        found = compose.apply(doc, text, found, ref)
        _qualify(doc, text, found)
        doc.spans["mentions"] = [Span(doc, f.start, f.end, label=f.type) for f in found]
        doc.user_data["readings"] = [[getattr(f, name) for name in READINGS] for f in found]
        return doc


def _text(doc: Doc) -> str:
    """The doc's text: ``doc.user_data["text"]`` where the maker of the doc left it there
    and it spans the tokens (``Doc.text`` joins every token again on each access)."""
    text = doc.user_data.get("text")
    if isinstance(text, str) and (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0) == len(text):
        return text
    return doc.text


def _read(doc: Doc, text: str, cands: list, ref) -> list[Found]:
    """The value of every candidate that has one, in candidate order. A date whose
    year the text gives anchors the year-less dates after it."""
    found: list[Found] = []
    anchor, anchor_span = None, (-1, -1)
    for c in cands:
        if c.label == "DATE":
            f, moved = values.date(doc, c, ref, anchor)
            # a shorter reading inside the date that set the anchor ("May 2020" in "12 May 2020") keeps it
            if moved is not anchor and f is not None and not (anchor_span[0] <= f.start and f.end <= anchor_span[1]):
                anchor, anchor_span = moved, (f.start, f.end)
        else:
            f = values.quantity(doc, text, c)
        if f is not None and _edges_ok(doc, text, f):
            found.append(f)
    return found


def _qualify(doc: Doc, text: str, found: list[Found]) -> None:
    """Hedges, bounds, rates and places of every mention; a restatement ("1 li, or 500
    metres, from the border") shares the place of what it restates."""
    for i, f in enumerate(found):
        if f.type == "DATE":
            qualify.date_bound(doc, f)
        else:
            qualify.hedge_and_bound(doc, f, found[i - 1] if i else None)
            qualify.rate(doc, f, found[i - 1] if i else None)
            if f.type == "DISTANCE":
                f.to = qualify.to_place(doc, text, f)
    for a, b in zip(found, found[1:]):
        if a.type == b.type == "DISTANCE" and a.to is None and b.to is not None:
            between = text[doc[a.end - 1].idx + len(doc[a.end - 1]) : doc[b.start].idx].strip()
            if between in RESTATING:
                a.to = b.to


def _edges_ok(doc: Doc, text: str, f: Found) -> bool:
    """A mention starts and ends at a word boundary of the text ('scp173m' is not
    '173 m', nor is 'scp-173 m')."""
    s = doc[f.start].idx
    e = doc[f.end - 1].idx + len(doc[f.end - 1])
    if s > 0 and _ASCII_ALNUM.match(text[s - 1]) and _ASCII_ALNUM.match(text[s]):
        return False
    if (f.type != "DATE" and s > 1 and text[s - 1] == "-" and text[s - 2].isalpha() and text[s].isdigit()
            and not _after_unit(doc, f.start)):
        return False
    if e < len(text) and _ASCII_ALNUM.match(text[e]) and _ASCII_ALNUM.match(text[e - 1]):
        return False
    return True


def _after_unit(doc: Doc, start: int) -> bool:
    """'5km-10km', '30yuan-50yuan': the hyphen before the number follows a unit or a
    currency, so the number starts the second quantity of a range, not the tail of a
    code such as 'scp-173'."""
    if start < 2 or doc[start - 1].text != "-":
        return False
    word = doc[start - 2].text
    return units.to_canonical(1.0, word) is not None or units.currency_code(word, "after") is not None


def _resolve(found: list[Found]) -> list[Found]:
    """Overlapping mentions: the longest wins (then the first, then a date)."""
    order = sorted(found, key=lambda f: (-(f.end - f.start), f.start, f.type != "DATE"))
    taken: list[Found] = []
    used = set()
    for f in order:
        if any(i in used for i in range(f.start, f.end)):
            continue
        used.update(range(f.start, f.end))
        taken.append(f)
    return sorted(taken, key=lambda f: f.start)
