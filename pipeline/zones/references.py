"""Stage 1b, zone references: every place the text names a zone (by name or alias),
refers to one generically ("the new area", "the park"), by a pronoun ("it", "its") or
as a place ("there").
Generic references and pronouns are left unresolved here (see ``coref``)."""
from __future__ import annotations

import re

from .state import Article, Ref
from .vocab import alt, norm


def references(st: Article) -> None:
    """Every occurrence of a name or alias, generic references ("the new area") and pronouns."""
    refs = {(r.start, r.end): r for r in st.refs}
    taken = bytearray(len(st.text) + 1)
    for r in st.refs:
        taken[r.start : r.end] = b"\x01" * (r.end - r.start)

    def free(s: int, e: int) -> bool:
        return not st.excluded_at(s, e) and not any(taken[s:e])

    def add(ref: Ref) -> None:
        refs[(ref.start, ref.end)] = ref
        taken[ref.start : ref.end] = b"\x01" * (ref.end - ref.start)

    forms: dict[str, tuple[str, str]] = {}  # lower-cased form -> (zone key, form as written)
    for key_norm, zone_key in st.alias_of.items():
        zone = st.zones[zone_key]
        form = zone.name if key_norm == zone.key else next((a for a in zone.aliases if norm(a) == key_norm), key_norm)
        forms.setdefault(form.lower(), (zone_key, form))
    if forms:
        rx = re.compile(r"(?<![\w-])(?:" + alt(forms) + r")(?![\w-])",
                        re.IGNORECASE)
        for m in rx.finditer(st.text):
            s, e = m.start(), m.end()
            zone_key, form = forms[m.group(0).lower()]
            zone = st.zones[zone_key]
            if not free(s, e):
                continue
            if zone.sub_area or form.islower():
                before = st.text[max(0, s - 4) : s].lower()
                if not before.endswith(st.v["lowercase_ref_openers"]):
                    continue  # "a demonstration zone for ..." is not this zone
            add(Ref(s, e, zone_key))
    generic = r"(?<![\w-])(?:" + "|".join(re.escape(g) for g in st.v["generic"]) + r")(?![\w-])"
    for m in re.finditer(generic, st.text, flags=re.IGNORECASE):
        s, e = m.start(), m.end()
        if free(s, e):
            add(Ref(s, e, "", kind="generic", head=m.group(0).lower().split(None, 1)[1]))
    # "the new park", "the eco-city": "the", perhaps a modifier, and the head word of a zone
    # the article names
    heads = {re.split(r"\s+", z.name)[-1].lower() for z in st.zones.values()} - st.v["place_heads"]
    if heads:
        rx = re.compile(rf"(?<![\w-])the\s+(?:[\d.,]+-[\w-]+\s+)?(?:(?:{alt(st.v['generic_modifiers'])})\s+)?({alt(heads)})(?![\w-])",
                        re.IGNORECASE)
        for m in rx.finditer(st.text):
            s, e = m.start(), m.end()
            if free(s, e):
                add(Ref(s, e, "", kind="generic", head=m.group(1).lower()))
    for m in re.finditer(r"\b(?:" + "|".join(st.v["pronouns"]) + r")\b", st.text, flags=re.IGNORECASE):
        s, e = m.start(), m.end()
        if free(s, e):
            add(Ref(s, e, "", kind="pronoun"))
    # "Warehouse rents there average 1.2 yuan": "there" stands for a place named before (not
    # "there are ...", which only says that something exists)
    for m in st.v["there"].finditer(st.text):
        s, e = m.start(), m.end()
        if st.v["existential_followers"].match(st.text, e):
            before = re.search(r"(\S+)\s+$", st.text[max(0, s - 30) : s])
            word = before.group(1) if before else ""
            if not re.fullmatch(r"[a-z][\w-]*", word) or word in st.v["existential_openers"]:
                continue  # "In Jiangxi there are 20 parks": something exists; "rents there are ...": a place
        if free(s, e):
            add(Ref(s, e, "", kind="locative"))
    st.refs = list(refs.values())
    st.index_refs()
