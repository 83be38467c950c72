"""Stage 3, relations: each zone's parent and the places it lies in, each found by a
named relation rule (``RELATION_RULES``) whose id the output carries."""
from __future__ import annotations

import bisect
import re

from .state import Article, Ref, ZoneInfo


def structure(st: Article) -> None:
    """Parents and places the text states, rule by rule: first what follows each zone's
    name, then what each sentence that refers to a zone says. The order is part of the
    result: a zone keeps the first parent a rule gives it (``Article.set_parent``), and its
    places in the order found."""
    _of_or_in_after_name(st)
    _appositive_places(st)
    _places_set_off_by_commas(st)
    # every sentence rule relates zones the sentence refers to: a sentence with none is passed over
    spoken = [(s, e) for s, e in st.sentences if _refers(st, s, e)]
    for s, e in spoken:
        _fronted_inside_zone(st, s, e)
        _cue_between_zones(st, s, e)
        _other_members(st, s, e)
        _enumerated_after_colon(st, s, e)
        _fronted_place(st, s, e)
    for s, e in spoken:
        _includes(st, s, e)
        _located_in_or_extends_over(st, s, e)


def _refers(st: Article, s: int, e: int) -> bool:
    """Whether a reference to a zone stands between ``s`` and ``e``."""
    i = bisect.bisect_left(st.ref_starts, s)
    while i < len(st.refs) and st.refs[i].start < e:
        if st.refs[i].key:
            return True
        i += 1
    return False


def _of_or_in_after_name(st: Article) -> None:
    """What follows a zone's name: 'X of the Y', 'X, the pilot area of the Y', 'X in the Y',
    'X is the flagship of the Y' make the Y its parent (``x-of-the-y``); a preposition right
    after the name with no zone after it, 'X in Dalian', places it (``_place_after_name``)."""
    for r in st.refs:
        if r.kind != "name" or not r.key:
            continue
        zone = st.zones[r.key]
        after = st.text[r.end : r.end + 160]
        # "X of the Y", "X, the pilot area of the Y", "X in the Y", "X is the flagship of the Y"
        m = re.match(r"\s*(?:,\s*(?:the|a|an)\s+[\w\s-]{0,40}?\s+|\s+(?:is|was|will\s+be|became)\s+(?:the|a|an|one)\s+[\w\s-]{0,40}?\s+)?"
                     r"(?:of|in|within|inside)\s+(?:the\s+|its\s+)?", after)
        if m:
            tail = after[m.end() :]
            target = st.zone_at(r.end + m.end())
            if target and target != r.key:
                st.set_parent(r.key, target, "x-of-the-y")
            elif not target and not m.group(0).strip().startswith(",") and not re.match(r"\s+(?:is|was|will|became)\b", m.group(0)):
                _place_after_name(st, zone, tail)


def _place_after_name(st: Article, zone: ZoneInfo, tail: str) -> None:
    """'X in Dalian': the place right after the name and its preposition (``x-in-place``),
    and in 'in Dalian, Liaoning province' the larger place after the comma
    (``larger-place-after-comma``). ``tail`` is the text after the preposition."""
    place = st.place(tail)
    if place and place not in zone.located_in:
        st.locate(zone, place, "x-in-place")
        # "in Dalian, Liaoning province": the larger place after a comma
        more = _larger_place(st, tail, place)
        if more and more not in zone.located_in:
            st.locate(zone, more, "larger-place-after-comma")


def _larger_place(st: Article, tail: str, place: str) -> str | None:
    """The place after the first 'place, ' in the first line of ``tail`` that is
    followed by one ('Dalian, Liaoning province')."""
    line = tail.split("\n", 1)[0]
    i = line.find(place)
    while i != -1:
        m = st.v["larger_place"].match(tail, i + len(place))
        if m:
            return m.group(1)
        i = line.find(place, i + 1)
    return None


def _appositive_places(st: Article) -> None:
    """'X, a new district in Y': the place in an appositive after a name, for a zone with no
    place yet (``appositive-in-place``); 'X, the largest in Asia' is a comparison, not a place."""
    for r in st.refs:
        if r.kind != "name" or not r.key:
            continue
        zone = st.zones[r.key]
        m = re.match(r",\s+(?:a|an|the)\s+(?:[^,.;]|\.(?=\d)){0,60}?\bin\s+(?:the\s+)?([^,.;]+)", st.text[r.end : r.end + 140])
        if m and re.search(r"\b(?:\w+est|first|only|biggest|one of)\b", m.group(0)[: m.start(1)]):
            m = None  # "X, the largest in Asia": a comparison, not a place
        if m and not zone.located_in:
            for kind, value in st.places(m.group(1), r.end + m.start(1)):
                if kind == "place" and value not in zone.located_in:
                    st.locate(zone, value, "appositive-in-place")


def _places_set_off_by_commas(st: Article) -> None:
    """'The Nantong park, in Chongchuan District of Nantong, lies ...', 'The zone, in Epe,
    Lagos State, currently covers ...': a place set off by commas after a name or a generic
    reference (``place-set-off-by-commas``)."""
    for r in st.refs:
        if r.kind not in ("name", "generic") or not r.key:
            continue
        m = re.match(r",\s+in\s+([A-Z][^,.;:()]{1,60}(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z]?[\w'’-]+)?)?)\s*,", st.text[r.end : r.end + 140])
        if m:
            for kind, value in st.places(m.group(1), r.end + m.start(1)):
                if kind == "place" and value not in st.zones[r.key].located_in:
                    st.locate(st.zones[r.key], value, "place-set-off-by-commas")


def _fronted_inside_zone(st: Article, s: int, e: int) -> None:
    """'Inside the new area, the Yangluo Park ...': the zone a sentence opens inside is the
    parent of the first other zone, named after the comma (``fronted-inside-zone``)."""
    m = re.match(r"\s*(?:Inside|Within|In)\s+(?:the\s+|its\s+)?", st.text[s:e])
    outer = st.zone_at(s + m.end(), names_only=False) if m else None
    if outer:
        r = None
        i = bisect.bisect_left(st.ref_starts, s + m.end())
        while i < len(st.refs) and st.refs[i].start < e:
            if st.refs[i].key and st.refs[i].key != outer:
                r = st.refs[i]
                break
            i += 1
        gap = st.text[s + m.end() : r.start] if r else ""
        if r and re.fullmatch(r"[^,.;]{0,60},\s+(?:the\s+)?(?:[\d.,]+-[\w-]+\s+)?", gap):
            st.set_parent(r.key, outer, "fronted-inside-zone")


def _cue_between_zones(st: Article, s: int, e: int) -> None:
    """A cue phrase between two zones says which lies in which: 'at its heart lies the X'
    (the X in the subject, ``at-its-heart``); 'X is one of the six parks under the Y'
    (``one-of-the-parks-under``), 'X joined the Y as its fifth park', 'X forms part of the
    Y', 'X, part of the Y, ...' (``membership``): the subject in the Y."""
    # "at its heart lies the Huayuan Science Park"
    for m in st.v["heart"].finditer(st.text, s, e):
        inner, outer = st.zone_at(m.end(), names_only=False), st.subject_before(m.start(), s)
        if inner and outer and inner != outer:
            st.set_parent(inner, outer, "at-its-heart")
    # "X is one of the six parks under the Y"
    for m in st.v["member_of"].finditer(st.text, s, e):
        inner, outer = st.subject_before(m.start(), s), st.zone_at(m.end(), names_only=False)
        if inner and outer and inner != outer:
            st.set_parent(inner, outer, "one-of-the-parks-under")
    # "X joined the Y as its fifth park", "X forms part of the Y", "X, part of the Y, ..."
    for m in st.v["membership"].finditer(st.text, s, e):
        inner = st.subject_before(m.start(), s)
        outer = st.zone_at(m.end(), names_only=False)
        if inner and outer and inner != outer:
            st.set_parent(inner, outer, "membership")


def _other_members(st: Article, s: int, e: int) -> None:
    """'The other four are the Xinma Park, the Majinpu Park ... and the Jiangchuan Park': the
    siblings of the member named before share its stated parent (``other-members``)."""
    m = st.v["other_members"].match(st.text, s, e)
    if m:
        i = bisect.bisect_left(st.ref_starts, s) - 1
        sibling = next((st.refs[j].key for j in range(i, -1, -1) if st.refs[j].key and st.zones[st.refs[j].key].parent
                        and not st.zones[st.refs[j].key].default_parent), None)
        outer = st.zones[sibling].parent if sibling else None
        if outer:
            _names_become_parts(st, m.end(), e, outer, "other-members")


def _enumerated_after_colon(st: Article, s: int, e: int) -> None:
    """'divides the new area into three functional zones: the A, ...; the B ... and the C':
    the zones named after the colon lie in the subject (``enumerated-after-colon``)."""
    for m in st.v["enumeration"].finditer(st.text, s, e):
        owner = st.subject_before(m.start(), s)
        if owner is None:
            continue
        _names_become_parts(st, m.end(), e, owner, "enumerated-after-colon")


def _names_become_parts(st: Article, start: int, end: int, owner: str, rule: str) -> None:
    """Every zone named between ``start`` and ``end`` (but ``owner`` and names inside
    others) becomes a part of ``owner``, by ``rule``."""
    i = bisect.bisect_left(st.ref_starts, start)
    while i < len(st.refs) and st.refs[i].start < end:
        r = st.refs[i]
        if r.kind == "name" and r.key and r.key != owner and not r.container:
            st.set_parent(r.key, owner, rule)
        i += 1


def _fronted_place(st: Article, s: int, e: int) -> None:
    """'In Tianjin, the Sino-Singapore Tianjin Eco-City has ...': the place a sentence opens
    with is where the zone named after the comma lies (``fronted-place``)."""
    m = re.match(r"\s*In\s+([A-Z][^,.;:()]{1,60}),\s+(?:the\s+)?", st.text[s:e])
    key = st.zone_at(s + m.end()) if m and st.place(m.group(1)) else None
    if key:
        for kind, value in st.places(m.group(1), s + m.start(1)):
            if kind == "place" and value not in st.zones[key].located_in:
                st.locate(st.zones[key], value, "fronted-place")


def _includes(st: Article, s: int, e: int) -> None:
    """'the direct-administration zone ... includes the Tianfu Central Business District and
    ...': the zones named after the cue lie in the sentence's subject (``includes``)."""
    for m in st.v["includes"].finditer(st.text[s:e]):
        owner = st.sentence_subject(s, s + m.start()) or st.subject_before(s + m.start(), s)
        if owner is None:
            continue
        _names_become_parts(st, s + m.end(), e, owner, "includes")


def _located_in_or_extends_over(st: Article, s: int, e: int) -> None:
    """'X is located in / lies in P' (``located-in``), 'X covers 600 sq km in A, B and C'
    (``extends-over``), and the same phrase opening the sentence, 'Located in P, the X ...'
    (``fronted-participle-place``): the places named are the zone's; a zone among them is
    its parent (the rule's id with ``-zone``)."""
    for m in list(st.v["locative"].finditer(st.text, s, e)) + list(st.v["extent"].finditer(st.text, s, e)):
        group = 1 if m.group(1) is not None else 2
        pos = m.start(group)
        parts = st.places(m.group(group), pos)
        key = st.subject_before(m.start(), s)
        rule = "located-in" if m.re is st.v["locative"] else "extends-over"
        if key is None and not st.text[s : m.start()].strip(" \"'“‘"):
            subject = _zone_after_fronted_phrase(st, pos, e)
            if subject is not None:
                key = subject.key
                parts = st.places(st.text[pos : subject.start].rstrip(" ,").removesuffix(" the").rstrip(" ,"), pos)
            rule = "fronted-participle-place"
        if key is None:
            continue
        zone = st.zones[key]
        for part in parts:
            kind, value = part
            if kind == "zone":
                if value != key:
                    st.set_parent(key, value, f"{rule}-zone")
            elif value not in zone.located_in:
                st.locate(zone, value, rule)


def _zone_after_fronted_phrase(st: Article, pos: int, e: int) -> Ref | None:
    """'Located in Tianyuan District of Zhuzhou, the high-tech zone covers ...': the zone
    after the fronted phrase (whose places start at ``pos``) is the one it places, and a
    zone inside the phrase ('Located within the Suzhou Industrial Park, the ...') contains
    it. The first reference after a comma before the sentence's end ``e``, or None."""
    i = bisect.bisect_right(st.ref_starts, pos)
    while i < len(st.refs) and st.refs[i].start < e:
        r = st.refs[i]
        if r.key and r.start > pos and re.search(r",\s+(?:the\s+)?$", st.text[pos : r.start]):
            return r
        i += 1
    return None


def location_fields(st: Article) -> None:
    """'Location: Youxian District, Mianyang, Sichuan Province' in a fact sheet places the
    zone the article is about."""
    main = st.zones.get(st.main) if st.main else None
    if main is None:
        return
    for m in st.v["location_field"].finditer(st.text):
        if st.excluded_at(m.start(1), m.end(1)):
            continue
        for kind, value in st.places(m.group(1), m.start(1)):
            if kind == "place" and value not in main.located_in:
                st.locate(main, value, "location-field")


def owned_appositives(st: Article) -> None:
    """'BioBAY, the park's biomedicine base, has grown ...': the zone the appositive's
    possessive refers to is the parent."""
    for r in st.refs:
        if r.kind != "name" or not r.key or st.zones[r.key].parent is not None:
            continue
        m = st.v["owned_appositive"].match(st.text, r.start)
        if not m or m.end(1) != r.end:
            continue
        owner = st.zone_at(m.start("owner"), names_only=False) or st.zone_at(m.start("owner") + 4, names_only=False)
        if owner and owner != r.key:
            st.set_parent(r.key, owner, "part-of-owner")


def names_within_names(st: Article) -> None:
    """'the Suzhou Industrial Park Comprehensive Bonded Zone': a zone whose name is another
    zone's name followed by a head lies in that zone."""
    order = {key: i for i, key in enumerate(st.zones)}
    for z in st.zones.values():
        if z.parent is not None:
            continue
        words = z.key.split()
        others = [st.zones[p] for p in (" ".join(words[:i]) for i in range(1, len(words))) if p in st.zones]
        for other in sorted(others, key=lambda o: order[o.key]):
            if not other.sub_area and st.head(z.name[len(other.name) + 1 :]):
                z.parent, z.why = other.key, "name-within-name"
                break


def default_parents(st: Article) -> None:
    """A sub-area with no parent the text states lies in the zone the article is about
    (known only once every reference is counted: an article may name no zone but its
    sub-areas, 'a marine economy demonstration zone ... its first phase, an aquaculture park')."""
    main = st.zones.get(st.main) if st.main else None
    if main is None:
        return
    for z in st.zones.values():
        if z.sub_area and z.parent is None and z.key != main.key and main.parent != z.key and not z.focus \
                and not st.v["sibling"].search(z.name):
            z.parent, z.why, z.default_parent = main.key, "main-zone", True


def owners(st: Article) -> None:
    """'its Gene and Cell Town', "the new area's Lijia Smart Park": the owner is the parent
    of a zone the text gives no other parent."""
    # "The Pingtan Area ... will complete a Taiwan-style commercial town": the zone that
    # introduces a sub-area is its parent
    for i, r in enumerate(st.refs):
        if not r.intro or not r.key:
            continue
        s = st.sentences[st.sentence_of(r.start)][0]
        subject = next((q for q in st.refs[bisect.bisect_left(st.ref_starts, s) : i]
                        if q.key and q.key != r.key and q.subject and not q.possessive), None)
        if subject:
            st.set_parent(r.key, subject.key, "introduced-by-subject")
    for i, r in enumerate(st.refs):
        zone = st.zones.get(r.key)
        if r.kind == "pronoun" or zone is None or (zone.parent is not None and not zone.default_parent) or i == 0:
            continue
        owner = st.refs[i - 1]
        if owner.kind == "name" and not owner.possessive and i >= 2 and st.refs[i - 2].possessive and \
                re.fullmatch(r",?\s+and\s+(?:the\s+)?", st.text[owner.end : r.start]):
            # "its two specialised parks, the A and the B": B follows A under the same owner
            if st.zones[owner.key].why == "its-x" and st.zones[owner.key].parent:
                st.set_parent(r.key, st.zones[owner.key].parent, "its-x")
                continue
        gap = st.text[owner.end : r.start]
        # "its Gene and Cell Town", "its core, the Kunshan Economic and Technological Development Zone"
        if owner.key and owner.key != r.key and owner.possessive and \
                re.fullmatch(r"(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,3}(?:[a-z][\w-]*,\s+(?:the\s+)?)?", gap) and \
                not st.v["sibling"].search(gap):  # "its sister zone, the ..."
            st.set_parent(r.key, owner.key, "its-x")


def break_cycles(st: Article) -> None:
    """A zone never lies inside itself: the parent link that closes a cycle is dropped."""
    for zone in sorted(st.zones.values(), key=lambda z: z.first):
        seen, key = {zone.key}, zone.parent
        while key is not None:
            if key in seen:
                zone.parent = None
                break
            seen.add(key)
            key = st.zones[key].parent


# The relation rules: the id each parent and place carries in the output ("because").
RELATION_RULES = {
    "main-zone": "a sub-area with no stated parent lies in the article's main zone",
    "part-of-owner": "'X, the park's biomedicine base, ...': a named part of the zone the appositive's possessive refers to",
    "other-members": "'The other four are the A, the B ...': siblings of the member named before, in its parent",
    "location-field": "'Location: Youxian District, Mianyang' in a fact sheet places the article's zone",
    "name-within-name": "'the Suzhou Industrial Park Comprehensive Bonded Zone' lies in the Suzhou Industrial Park",
    "named-part": "'the new section, to be known as the X': a named part of the article's main zone",
    "phase-of": "'X Park Phase III' lies in the X Park",
    "heading-of-zone": "a heading 'LINGANG SPECIAL AREA, SHANGHAI FTZ': the first zone lies in the second",
    "area-of-zone": "'the Pingtan Area of the China (Fujian) Pilot Free Trade Zone'",
    "x-of-the-y": "'X of the Y', 'X, the pilot area of the Y', 'X in the Y'",
    "x-in-place": "'X in Dalian': a place right after the name",
    "larger-place-after-comma": "'in Dalian, Liaoning province': the larger place after a comma",
    "appositive-in-place": "'X, a new district in Y'",
    "place-set-off-by-commas": "'The X, in Chongchuan District of Nantong, lies ...'",
    "fronted-place": "'In Tianjin, the X ...'",
    "fronted-inside-zone": "'Inside the new area, the X ...'",
    "at-its-heart": "'at its heart lies the X'",
    "one-of-the-parks-under": "'X is one of the six parks under the Y'",
    "membership": "'X joined the Y', 'X forms part of the Y', 'X, part of the Y'",
    "enumerated-after-colon": "'divided into three zones: the A, the B and the C'",
    "includes": "'Y includes / is home to / hosts the A and the B'",
    "located-in": "'X is located in / lies in / sits in P'",
    "located-in-zone": "'X sits inside the Y'",
    "extends-over": "'X covers 600 sq km in A, B and C', 'spans parts of ...'",
    "extends-over-zone": "'X spans part of the Y'",
    "fronted-participle-place": "'Located in P, the X ...'",
    "fronted-participle-place-zone": "'Located within the Y, the X ...'",
    "introduced-by-subject": "'The Y ... will complete a Taiwan-style commercial town': the subject introduces the sub-area",
    "its-x": "'its Gene and Cell Town', \"the new area's Lijia Smart Park\"",
}
