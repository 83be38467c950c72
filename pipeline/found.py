"""A mention as the normaliser builds it: the record's own ``Mention`` (one
definition of a mention's fields, whose reading fields are also the span
extensions), with token offsets into the piece in ``start`` and ``end`` until it
becomes a span, the rule that matched, and the notes the compositions need."""
from __future__ import annotations

from dataclasses import dataclass

from .document import Mention


@dataclass
class Found(Mention):
    rule: str = ""
    single_year: bool = False
    factor: float = 1.0  # unit size, for compound measures ("5 feet 2 inches")
    tags: frozenset = frozenset()  # what the patterns it came from say of their reading ("holiday", "year_in_words")
    reading: str = ""  # a date's production (``productions``), by which a composition reads it again

    @classmethod
    def of(cls, start: int, end: int, type: str, value, unit: str | None, rule: str, **notes) -> "Found":
        """A mention over tokens ``start:end`` (its id and text are given when it becomes a span)."""
        return cls(id="", type=type, text="", start=start, end=end, value=value, unit=unit, rule=rule, **notes)
