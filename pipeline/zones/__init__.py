"""Zone records from an article's text and its mentions, in four stages over one
``Article`` (``state``):

1. References (``names``, ``references``): the zones the article names, their
   aliases and sub-areas, then every reference to them: names, aliases, generic
   references ("the new area") and pronouns.
2. Coreference (``coref``): the role of each reference (subject-like, object of a
   preposition, possessive), what the article is about, and one zone for each
   generic reference and pronoun.
3. Relations (``relations``): parents and places, each from a named rule.
4. Attachment (``attach``): each mention to the zone its clause is about, or to none,
   by the first of an ordered list of named rules.

Each stage runs once, and none after the first when the article names no zone. The vocabulary comes from ``rules/zones.json`` (and the month and
weekday names from ``rules/dates.json``), compiled once in ``vocab.py``.
"""
from __future__ import annotations

from ..document import Mention, Zone
from . import attach, coref, names, references, relations
from .attach import ATTACHMENT_RULES
from .relations import RELATION_RULES
from .state import Article, Ref
from .vocab import norm

__all__ = ["ATTACHMENT_RULES", "RELATION_RULES", "Article", "Ref", "analyse", "build_zones", "norm", "records_of"]


def analyse(text: str, excluded: list[tuple[int, int]], mentions: list[Mention] = ()) -> Article:
    """Stages 1-3 over ``text`` (``excluded``: header and furniture ranges)."""
    st = Article(text, excluded, [(m.start, m.end) for m in mentions])
    names.find(st)
    if not st.zones:
        return st  # no zone named: nothing to refer to, relate or attach
    references.references(st)
    coref.mark_roles(st)
    coref.resolve(st)
    coref.named_later(st)
    coref.salience(st)
    relations.structure(st)
    relations.owners(st)
    relations.owned_appositives(st)
    relations.location_fields(st)
    relations.names_within_names(st)
    relations.default_parents(st)
    relations.break_cycles(st)
    return st


def build_zones(text: str, excluded: list[tuple[int, int]], mentions: list[Mention]) -> list[Zone]:
    """Zone records of an article (``text`` as read, ``excluded`` header and furniture ranges)."""
    st = analyse(text, excluded, mentions)
    return records_of(st, mentions, *attach.attach(st, mentions))


def records_of(st: Article, mentions: list[Mention], attached: dict[str, list[str]], why: dict[str, str]) -> list[Zone]:
    """The zone records of an analysed article, given its attachment; each mention's
    ``extra["zone_rule"]`` names the attachment rule that decided (or ``no-zone``)."""
    for m in mentions:
        m.extra["zone_rule"] = why.get(m.id, "no-zone")
    ordered = sorted(st.zones.values(), key=lambda z: z.first)
    ids = {z.key: f"z{i}" for i, z in enumerate(ordered, 1)}
    return [
        Zone(id=ids[z.key], name=z.name, aliases=list(z.aliases), parent=ids.get(z.parent) if z.parent else None,
             located_in=list(z.located_in), mentions=attached.get(z.key, []),
             extra={"because": {"parent": z.why if z.parent else None,
                                "located_in": {p: z.why_places.get(p) for p in z.located_in}}})
        for z in ordered
    ]
