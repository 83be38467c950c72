"""The zone engine as a spaCy component: ``nlp.add_pipe("zone_records")`` after the
mention components. It writes the zone references of stage 1 to
``doc.spans["zone_refs"]`` (label: ``name``, ``generic`` or ``pronoun``; ``kb_id_``:
the name of the zone it was resolved to) and the zone records to
``doc._.zone_records``.

It reads the doc as the batch reads an article (header and furniture are no
zone's): a doc made as the batch makes an article's (``extraction._docs_for``:
the same-length clean text, the publication date in ``doc.user_data["ref"]`` for
the dates) gets the batch's records. Without a publication date, relative dates
stay unresolved, and the records follow the mentions. The
batch runner itself does not use it: it reads a long article in pieces and builds
the zones once over the whole text (``build_zones``), so that a reference may point
back across pieces.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from . import analyse, attach, records_of

if not Doc.has_extension("zone_records"):
    Doc.set_extension("zone_records", default=None)


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
        from .. import extraction, ingest  # (extraction imports this package)

        article = ingest.read_article(doc.text, "doc")  # header and furniture, as the batch reads them
        mentions = extraction.number(extraction.doc_mentions(article, doc))
        st = analyse(article.clean, article.excluded, mentions)
        doc.spans["zone_refs"] = zone_ref_spans(doc, st)
        doc._.zone_records = records_of(st, mentions, *attach.attach(st, mentions))
        return doc
