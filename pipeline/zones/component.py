"""The zone engine as a spaCy component: ``nlp.add_pipe("zone_records")`` after
``zone_mentions`` (``pipeline/component.py``). It reads the doc's text as the batch
reads an article (header and furniture are no zone's) with the mentions of
``doc.spans["zone_mentions"]``, and writes:

* ``doc.spans["zone_refs"]``: the zone references of stage 1 (label ``name``,
  ``generic`` or ``pronoun``; ``kb_id_``: the name of the zone it was resolved to;
  empty for a text that names no zone);
* ``doc._.zone_records``: the zone records as JSON objects (GOLD_FORMAT's shape), so
  that docs keep them through ``Doc.to_bytes`` and ``nlp.pipe(n_process=...)``;
* ``span._.zone_rule`` on each mention span: the attachment rule that decided.

``Document.from_doc(doc)`` then gives the record ``zones extract`` writes. The batch
runner itself does not use this component: it reads a long article in pieces and
builds the zones once over the whole text (``build_zones``), so that a reference may
point back across pieces.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from . import analyse, attach, records_of


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
        from ..component import SPANS_KEY, _article, doc_mentions

        article = _article(doc)
        mentions = doc_mentions(doc)
        st = analyse(article.clean, article.excluded, mentions)
        doc.spans["zone_refs"] = zone_ref_spans(doc, st)
        zones = records_of(st, mentions, *attach.attach(st, mentions))
        for span, m in zip(doc.spans[SPANS_KEY], mentions):
            span._.zone_rule = m.extra["zone_rule"]
        doc._.zone_records = [z.to_json() for z in zones]
        return doc
