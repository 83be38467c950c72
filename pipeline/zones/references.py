"""Stage 1b, zone references: every place the text names a zone (by name or alias),
refers to one generically ("the new area", "the park"), by a pronoun ("it", "its") or
as a place ("there").
Generic references and pronouns are left unresolved here (see ``coref``)."""
from __future__ import annotations

import re
from functools import lru_cache

from .state import Article, Ref
from .vocab import alt, find_forms, norm

_SPACES = re.compile(r"\s+")


def references(st: Article) -> None:
    """Every occurrence of a name or alias, generic references ("the new area") and pronouns,
    found in that order: a reference may not overlap one found before it (or the refs the
    article already holds), nor the header and furniture."""
    found = _Claimed(st)
    _names_and_aliases(st, found)
    _generic_phrases(st, found)
    _the_head_of_a_name(st, found)
    _pronouns(st, found)
    _there(st, found)
    st.refs = list(found.refs.values())
    st.index_refs()


class _Claimed:
    """The references found so far, by span, and the characters they cover."""

    def __init__(self, st: Article):
        self.st = st
        self.refs = {(r.start, r.end): r for r in st.refs}
        self.taken = bytearray(len(st.text) + 1)
        for r in st.refs:
            self.taken[r.start : r.end] = b"\x01" * (r.end - r.start)

    def free(self, s: int, e: int) -> bool:
        """No reference found so far and no excluded range overlaps ``s``..``e``."""
        return not self.st.excluded_at(s, e) and not any(self.taken[s:e])

    def add(self, ref: Ref) -> None:
        """Record ``ref`` and claim its characters."""
        self.refs[(ref.start, ref.end)] = ref
        self.taken[ref.start : ref.end] = b"\x01" * (ref.end - ref.start)


def _forms(st: Article) -> dict[str, tuple[str, str]]:
    """Each name and alias as written, lower-cased -> (zone key, the form as written)."""
    forms: dict[str, tuple[str, str]] = {}  # lower-cased form -> (zone key, form as written)
    for key_norm, zone_key in st.alias_of.items():
        zone = st.zones[zone_key]
        form = zone.name if key_norm == zone.key else next((a for a in zone.aliases if norm(a) == key_norm), key_norm)
        forms.setdefault(form.lower(), (zone_key, form))
    return forms


def _names_and_aliases(st: Article, found: _Claimed) -> None:
    """Each occurrence of a zone's name or alias, in any case; a sub-area's or a lower-case
    form only after an opener that makes it this zone ('the', 'its': 'a demonstration zone
    for ...' is not this zone)."""
    forms = _forms(st)
    if forms:
        for s, e in find_forms(st.text, forms, before=r"(?<![\w-])", after=r"(?![\w-])", flags=re.IGNORECASE):
            if st.text[s:e].lower() not in forms:
                continue  # 'ſ' for 's': re.IGNORECASE's folding, where lower-casing lengthens the text
            zone_key, form = forms[st.text[s:e].lower()]
            zone = st.zones[zone_key]
            if not found.free(s, e):
                continue
            if zone.sub_area or form.islower():
                before = st.text[max(0, s - 4) : s].lower()
                if not before.endswith(st.v["lowercase_ref_openers"]):
                    continue  # "a demonstration zone for ..." is not this zone
            found.add(Ref(s, e, zone_key))


def _generic_phrases(st: Article, found: _Claimed) -> None:
    """The generic references of ``rules/zones.json`` ('the new area', 'the zone'), their
    zone left to ``coref``."""
    generic = r"(?<![\w-])(?:" + "|".join(re.escape(g) for g in st.v["generic"]) + r")(?![\w-])"
    for m in re.finditer(generic, st.text, flags=re.IGNORECASE):
        s, e = m.start(), m.end()
        if found.free(s, e):
            found.add(Ref(s, e, "", kind="generic", head=m.group(0).lower().split(None, 1)[1]))


def _the_head_of_a_name(st: Article, found: _Claimed) -> None:
    """'the new park', 'the eco-city': 'the', perhaps a modifier, and the last word of a
    zone's name the article gives (not a place's head such as 'district')."""
    heads = {_SPACES.split(z.name)[-1].lower() for z in st.zones.values()} - st.v["place_heads"]
    if heads:
        for m in _head_of_a_name(frozenset(heads), frozenset(st.v["generic_modifiers"])).finditer(st.text):
            s, e = m.start(), m.end()
            if found.free(s, e):
                found.add(Ref(s, e, "", kind="generic", head=m.group(1).lower()))


@lru_cache(maxsize=1024)
def _head_of_a_name(heads: frozenset, modifiers: frozenset) -> re.Pattern:
    """The pattern of ``_the_head_of_a_name`` for these heads, compiled once: the same few
    sets of heads ("zone", "park", "area") recur from article to article."""
    return re.compile(rf"(?<![\w-])the\s+(?:[\d.,]+-[\w-]+\s+)?(?:(?:{alt(modifiers)})\s+)?({alt(heads)})(?![\w-])",
                      re.IGNORECASE)


def _pronouns(st: Article, found: _Claimed) -> None:
    """'it', 'its' and the other pronouns of ``rules/zones.json``, their zone left to ``coref``."""
    for m in re.finditer(r"\b(?:" + "|".join(st.v["pronouns"]) + r")\b", st.text, flags=re.IGNORECASE):
        s, e = m.start(), m.end()
        if found.free(s, e):
            found.add(Ref(s, e, "", kind="pronoun"))


def _there(st: Article, found: _Claimed) -> None:
    """'Warehouse rents there average 1.2 yuan': 'there' stands for a place named before.
    'there are ...' only says that something exists ('In Jiangxi there are 20 parks')
    unless a lower-case word that is no opener comes before it ('rents there are ...')."""
    for m in st.v["there"].finditer(st.text):
        s, e = m.start(), m.end()
        if st.v["existential_followers"].match(st.text, e):
            before = re.search(r"(\S+)\s+$", st.text[max(0, s - 30) : s])
            word = before.group(1) if before else ""
            if not re.fullmatch(r"[a-z][\w-]*", word) or word in st.v["existential_openers"]:
                continue  # "In Jiangxi there are 20 parks": something exists; "rents there are ...": a place
        if found.free(s, e):
            found.add(Ref(s, e, "", kind="locative"))
