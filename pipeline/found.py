"""A mention as the normaliser builds it: token offsets into the piece, the reading
the record keeps (the fields of ``document.READING_FIELDS``, which are also the span
extensions) with the rule that matched, and the notes the compositions need."""
from __future__ import annotations

from dataclasses import dataclass


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
