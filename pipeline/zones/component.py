"""The zone engine as a spaCy component: ``nlp.add_pipe("zone_records")`` after the
mention components. It writes the zone references of stage 1 to
``doc.spans["zone_refs"]`` (label: ``name``, ``generic`` or ``pronoun``; ``kb_id_``:
the name of the zone it was resolved to) and the zone records to
``doc._.zone_records``.

The batch runner does not use it: it reads an article in pieces and builds the
zones once over the whole text (``build_zones``), so that a reference may point
back across pieces.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from ..document import Mention
from . import analyse, attach, records_of

if not Doc.has_extension("zone_records"):
    Doc.set_extension("zone_records", default=None)


def doc_mentions(doc: Doc) -> list[Mention]:
    """The mentions of ``doc.spans["mentions"]`` as records, ids in text order."""
    out = []
    for i, span in enumerate(sorted(doc.spans.get("mentions", []), key=lambda s: (s.start_char, s.end_char)), 1):
        out.append(Mention(id=f"m{i}", type=span.label_, text=span.text, start=span.start_char, end=span.end_char,
                           value=span._.value, unit=span._.unit, approx=bool(span._.approx), bound=span._.bound,
                           per=span._.per, to=span._.to, extra={"rule": span._.rule}))
    return out


def zone_ref_spans(doc: Doc, st) -> SpanGroup:
    """The references of an analysed article as spans of ``doc`` (same text)."""
    spans = []
    for r in st.refs:
        span = doc.char_span(r.start, r.end, label=r.kind, alignment_mode="expand")
        if span is None:
            continue
        zone = st.zones.get(r.key)
        spans.append(Span(doc, span.start, span.end, label=r.kind, kb_id=zone.name if zone else ""))
    return SpanGroup(doc, name="zone_refs", spans=spans)


@Language.factory("zone_records")
class ZoneRecords:
    """Zone references and records of each doc (see the module's docstring)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc_mentions(doc)
        st = analyse(doc.text, [], mentions)
        doc.spans["zone_refs"] = zone_ref_spans(doc, st)
        doc._.zone_records = records_of(st, mentions, *attach.attach(st, mentions))
        return doc
