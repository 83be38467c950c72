"""The project's spaCy components, for any English pipeline.

With the package installed, spaCy finds both factories by their entry points
(``spacy_factories`` in ``pyproject.toml``), so no import is needed::

    nlp = spacy.blank("en")            # or spacy.load("en_core_web_sm")
    nlp.add_pipe("zone_mentions")
    nlp.add_pipe("zone_records")
    doc = nlp(text)
    doc.spans["zone_mentions"]        # AREA, DISTANCE, MONEY and DATE spans
    doc._.zone_records                 # the zone records, as JSON objects
    Document.from_doc(doc)             # the record ``zones extract`` writes for the text

``zone_mentions`` reads the doc's text as the batch reads an article: the header
(title, publication date, source) and page furniture first, then the body with
the project's own reader (its tokenizer, lexicon tagger, matcher and normaliser)
on a private doc. It never changes the user's doc beyond ``doc.spans["zone_mentions"]``:
no tokens are merged, no tags, lemmas or ``doc.ents`` are written, so it works
with or without a trained pipeline before it. Each span carries the mention's
reading as extension attributes: ``span._.value``, ``unit``, ``approx``,
``bound``, ``per``, ``to`` and ``rule`` (and ``zone_rule`` once ``zone_records``
has run). Where the user's tokenizer joins a mention to a neighbour ("62km" is one
token without the fixes), the span covers the whole token and ``span._.chars``
keeps the mention's own characters.

Config:

* ``tokenizer_fixes`` (default false): change the pipeline's tokenizer as the
  project's reader tokenizes, so that spans match mentions exactly: digits glued
  to letters or currency signs split ("62km", "RMB2.8", "mid-2021"), slashes,
  hyphens and tildes between digits and letters split ("3-km-long", "5~10"),
  CJK characters stand alone, and "m." after a number is a unit and a full stop.
* ``rules`` (default null: the rule files shipped with the package): a folder laid
  out like ``rules/``. ``nlp.to_disk`` saves the rule files with the pipeline and
  ``spacy.load`` reads them back. Rules are read once per process: a pipeline
  whose rules differ from rules already in use in the process is refused.

A doc may carry ``doc.user_data["published"]`` (ISO date: overrides the header's)
and ``doc.user_data["doc_id"]``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .document import READING_FIELDS, REASON_FIELDS, Document, Mention, Zone

SPANS_KEY = "zone_mentions"

for _name in READING_FIELDS + REASON_FIELDS + ("chars",):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("zone_records"):
    Doc.set_extension("zone_records", default=None)


def mention_span(doc: Doc, m: Mention) -> Span:
    """``m`` as a span of ``doc`` (same text) with its reading as extension attributes."""
    span = doc.char_span(m.start, m.end, label=m.type)
    exact = span is not None
    if not exact:
        span = doc.char_span(m.start, m.end, label=m.type, alignment_mode="expand")
    for name in READING_FIELDS:
        setattr(span._, name, getattr(m, name))
    for name in REASON_FIELDS:
        setattr(span._, name, m.extra.get(name))
    span._.chars = None if exact else [m.start, m.end]
    return span


def span_mention(span: Span, mid: str) -> Mention:
    """The mention a span of ``zone_mentions`` stands for (the inverse of ``mention_span``)."""
    start, end = span._.chars or (span.start_char, span.end_char)
    text = span.doc.text
    extra = {name: getattr(span._, name) for name in REASON_FIELDS if getattr(span._, name) is not None}
    m = Mention(id=mid, type=span.label_, text=text[start:end], start=start, end=end,
                **{name: getattr(span._, name) for name in READING_FIELDS}, extra=extra)
    m.approx = bool(m.approx)
    return m


def _article(doc: Doc):
    """The doc's text read as an article (header, furniture), once per doc: the
    header's reading is kept in ``doc.user_data`` (plain values, so it survives
    ``Doc.to_bytes``) for the components after ``zone_mentions``."""
    from . import ingest

    head = doc.user_data.get("zones_header")
    if head is not None:
        return ingest.Article(doc_id=head["doc_id"], text=doc.text, title=head["title"], published=head["published"],
                              source=head["source"], excluded=[tuple(r) for r in head["excluded"]],
                              body_start=head["body_start"])
    article = ingest.read_article(doc.text, doc.user_data.get("doc_id", "doc"), published=doc.user_data.get("published"))
    doc.user_data["zones_header"] = {"doc_id": article.doc_id, "title": article.title, "published": article.published,
                                     "source": article.source, "excluded": [list(r) for r in article.excluded],
                                     "body_start": article.body_start}
    return article


def doc_mentions(doc: Doc) -> list[Mention]:
    """The mentions of a doc that went through ``zone_mentions``, numbered m1, m2, ..."""
    if SPANS_KEY not in doc.spans:
        raise ValueError(f"the doc has no spans {SPANS_KEY!r}: add the 'zone_mentions' component to the pipeline")
    return [span_mention(s, f"m{i}") for i, s in enumerate(doc.spans[SPANS_KEY], 1)]


def document_of(doc: Doc) -> Document:
    """The record of a doc that went through both components (``Document.from_doc``)."""
    if doc._.zone_records is None:
        raise ValueError("the doc has no zone records: add the 'zone_records' component to the pipeline")
    article = _article(doc)
    return Document(doc_id=article.doc_id, title=article.title, published=article.published, source=article.source,
                    mentions=doc_mentions(doc), zones=[Zone.from_json(z) for z in doc._.zone_records])


@Language.factory("zone_mentions", default_config={"tokenizer_fixes": False, "rules": None})
class ZoneMentions:
    """Areas, distances, money and dates of each doc, normalised (see the module's docstring)."""

    def __init__(self, nlp: Language, name: str, tokenizer_fixes: bool, rules: str | None):
        from . import rules as rules_mod

        self.name = name
        self.rules = rules
        if rules:
            rules_mod.use(Path(rules))
        if tokenizer_fixes:
            from .nlp import customise_tokenizer

            customise_tokenizer(nlp)

    def __call__(self, doc: Doc) -> Doc:
        from . import extraction, nlp

        mentions = extraction.read_mentions(_article(doc), nlp.shared())
        doc.spans[SPANS_KEY] = [mention_span(doc, m) for m in mentions]
        return doc

    def to_disk(self, path, *, exclude=tuple()) -> None:
        """Save the rule files in use with the pipeline."""
        from .rules import rules_dir

        target = Path(path) / "rules"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(rules_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))

    def from_disk(self, path, *, exclude=tuple()) -> "ZoneMentions":
        """Use the rule files saved with the pipeline (refused if the process already
        reads other rules)."""
        from . import rules as rules_mod

        rules_mod.use(Path(path) / "rules")
        return self
