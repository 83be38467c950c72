"""Article text -> Document, one at a time or streamed.

``extract(text, doc_id=..., published=None)`` reads the header and furniture
(ingest), runs the spaCy pipeline over the text (split at line breaks into
pieces below spaCy's ``max_length``), keeps the mentions outside the header and
furniture and builds the document record.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.language import Language

from . import ingest, nlp as nlp_mod
from .document import READING_FIELDS, Document, Mention
from .zones import build_zones

CHUNK_CHARS = 100_000


def _chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` at line breaks (or spaces, or anywhere, as a last resort)
    into (offset, piece) pairs no longer than ``limit``."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        end = min(pos + limit, n)
        if end < n:
            cut = text.rfind("\n", pos + limit // 2, end)
            if cut == -1:
                cut = text.rfind(" ", pos + limit // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _docs_for(article: ingest.Article, nlp: Language, pieces: list[tuple[int, str]] | None = None):
    """spaCy docs for the article's pieces, made one at a time."""
    ref = article.published  # ISO string: user_data must survive serialisation to worker processes
    if pieces is None:
        pieces = _chunks(article.clean)
    for offset, piece in pieces or [(0, "")]:
        doc = nlp.make_doc(piece)
        doc.user_data["text"] = piece  # Doc.text joins every token again on each access
        doc.user_data["ref"] = ref
        doc.user_data["offset"] = offset
        doc.user_data["original"] = article.text[offset : offset + len(piece)]
        yield doc


def _sentence_ends(text: str, i: int) -> bool:
    rest = text[i : i + 3].lstrip(" ")
    return not rest or rest[0] in "\r\n" or rest[0].isupper() or rest[0] in "\"'“‘("


def doc_mentions(article: ingest.Article, doc) -> list[Mention]:
    """The mentions of one processed piece, outside the header and furniture, with
    offsets into the whole article."""
    out = []
    offset = doc.user_data.get("offset", 0)
    text = article.text
    for span, reading in zip(doc.spans.get("mentions", []), doc.user_data.get("readings", [])):
        start, end = offset + span.start_char, offset + span.end_char
        if article.is_excluded(start, end):
            continue
        if end - start > 1 and text[end - 1] == "." and _sentence_ends(text, end):
            end -= 1  # "on 15 Sept." : the full stop ends the sentence, not the abbreviation
        *values, rule = reading
        m = Mention(id="", type=span.label_, text=text[start:end], start=start, end=end,
                    **dict(zip(READING_FIELDS, values)), extra={"rule": rule})
        m.approx = bool(m.approx)
        out.append(m)
    return out


def read_mentions(article: ingest.Article, nlp: Language) -> list[Mention]:
    """The mentions of an article (read in pieces by the reader ``nlp``), numbered."""
    mentions: list[Mention] = []
    for doc in nlp.pipe(_docs_for(article, nlp), batch_size=4):
        mentions += doc_mentions(article, doc)
    return number(mentions)


def number(mentions: list[Mention]) -> list[Mention]:
    """Sort mentions into text order and give them their ids m1, m2, ..."""
    mentions.sort(key=lambda m: (m.start, m.end))
    for i, m in enumerate(mentions, 1):
        m.id = f"m{i}"
    return mentions


def _finish(article: ingest.Article, mentions: list[Mention]) -> Document:
    number(mentions)
    zones = build_zones(article.clean, article.excluded, mentions)
    return Document(doc_id=article.doc_id, title=article.title, published=article.published,
                    source=article.source, mentions=mentions, zones=zones)


def _to_document(article: ingest.Article, docs) -> Document:
    """Build the record from the processed pieces; each piece is dropped once read,
    so a long article never holds all its spaCy docs at once."""
    mentions: list[Mention] = []
    for doc in docs:
        mentions += doc_mentions(article, doc)
    return _finish(article, mentions)


def extract(text: str, doc_id: str = "doc", published: str | None = None, nlp: Language | None = None,
            n_process: int | None = None) -> Document:
    """Extract one article. ``published`` (ISO date) overrides the header's date.

    ``n_process`` > 1 spreads a long article's pieces over that many processes
    (spaCy's ``nlp.pipe``); the result is the same. By default (None) one process:
    the pieces travel to the workers and back serialised, which costs more than
    the pipeline spends on them (a 1 MB article of one line: 3.7 s on one process,
    7.0 s on two).
    """
    nlp = nlp or nlp_mod.shared()
    article = ingest.read_article(text, doc_id, published=_iso(published))
    pieces = _chunks(article.clean)
    n_process = n_process or 1
    docs = nlp.pipe(_docs_for(article, nlp, pieces), batch_size=2 if n_process > 1 else 4, n_process=n_process)
    return _to_document(article, docs)


def extract_many(items: Iterable[tuple[str, str]], nlp: Language | None = None, batch_size: int = 32) -> Iterator[Document]:
    """Stream (doc_id, text) pairs through ``nlp.pipe``; yields Documents in input order.

    Memory stays flat: one article's pieces are held at a time beyond spaCy's batch.
    """
    nlp = nlp or nlp_mod.shared()
    articles: dict[int, tuple[ingest.Article, int]] = {}

    def feed():
        for n, (doc_id, text) in enumerate(items):
            art = ingest.read_article(text, doc_id)
            pieces = _chunks(art.clean)
            articles[n] = (art, max(1, len(pieces)))  # an empty article still makes one (empty) doc
            for d in _docs_for(art, nlp, pieces):
                d.user_data["article"] = n
                yield d

    pending: list[Mention] = []
    seen = 0
    current = None
    for doc in nlp.pipe(feed(), batch_size=batch_size):
        n = doc.user_data["article"]
        if current is not None and n != current:
            art, _ = articles.pop(current)
            yield _finish(art, pending)
            pending, seen = [], 0
        current = n
        art, count = articles[n]
        pending += doc_mentions(art, doc)
        seen += 1
        if seen == count:
            articles.pop(n)
            yield _finish(art, pending)
            pending, seen, current = [], 0, None


def _iso(value: str | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(value).isoformat()
