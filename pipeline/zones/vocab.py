"""The zone engine's vocabulary, compiled once from ``rules/zones.json`` (and the month
and weekday names of ``rules/dates.json``)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import rules
from ..wordsets import alt, word_start

QUOTES = "\"“”「」『』"


FEW_FORMS = 48  # up to this many forms are looked for by string search; more through one compiled trie


def find_forms(text: str, forms, before: str = "", after: str = "", flags: int = 0) -> list[tuple[int, int]]:
    """Where ``re.finditer(before + "(?:" + alt(forms) + ")(?=" + after + ")", text,
    flags)`` matches, as (start, end) pairs: at each start the longest form that
    ``before`` (a lookbehind) and ``after`` (what must follow, not part of the match)
    allow, the forms found not overlapping. Under ``re.IGNORECASE`` the forms are
    found lower-cased in ``text.lower()`` (where lower-casing keeps the lengths), so
    that a form found is one of the forms lower-cased.

    The forms of one article (its zones' names and aliases) make a regex no other
    article shares, and compiling it costs more than the search. A few forms are
    found by string search instead, the lookarounds compiled once; many (a
    directory of zones) through the trie, whose cost does not grow with their
    number."""
    forms, hay = {f for f in forms if f}, text
    folded = bool(flags & re.IGNORECASE)  # still to be folded by the regex
    if folded:
        low, lowered = text.lower(), {f: f.lower() for f in forms}
        if len(low) == len(text) and all(len(f) == len(g) for f, g in lowered.items()):
            forms, hay, folded = set(lowered.values()), low, False  # in one case, the trie's longest is the longest
    if len(forms) > FEW_FORMS or folded:  # many forms, or 'İ', whose lower case is longer: the trie
        rx = re.compile(before + "(?:" + alt(forms) + ")" + (f"(?={after})" if after else ""), flags)
        return [m.span() for m in rx.finditer(hay)]
    lengths: dict[int, list[int]] = {}
    for f in forms:
        i = hay.find(f)
        while i != -1:
            lengths.setdefault(i, []).append(len(f))
            i = hay.find(f, i + 1)
    before_rx, after_rx = _lookaround(before, flags), _lookaround(after, flags)
    out: list[tuple[int, int]] = []
    end = 0
    for s in sorted(lengths):
        if s < end or (before_rx and not before_rx.match(hay, s)):
            continue
        for n in sorted(lengths[s], reverse=True):
            if not after_rx or after_rx.match(hay, s + n):
                out.append((s, s + n))
                end = s + n
                break
    return out


_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@lru_cache(maxsize=64)
def _lookaround(pattern: str, flags: int):
    return re.compile(pattern, flags) if pattern else None


def norm(name: str) -> str:
    """Comparison key of a zone name: case-folded, quotes and a leading 'the' dropped."""
    name = name.strip().strip(QUOTES + "'‘’").strip()
    name = _LEADING_THE.sub("", name)
    return " ".join(name.casefold().split())


def _by_last_word(heads: list[str]) -> dict[str, tuple[str, ...]]:
    """Head phrases grouped by their last word, longest first."""
    out: dict[str, list[str]] = {}
    for h in sorted(heads, key=len, reverse=True):
        out.setdefault(re.split(r"[\s-]", h)[-1], []).append(h)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def vocab() -> dict:
    """The zone engine's vocabulary by what it decides: zone names, sub-areas, references,
    places, relations, and whose a fact is. Keys are unique across the groups."""
    z = rules.load("zones")
    return {**_name_words(z), **_sub_area_words(z), **_reference_words(z), **_place_words(z), **_relation_words(z),
            **_attachment_words(z)}


def _naming_cue(z) -> str:
    """'to be known as', 'will be named': the verbs that give a zone its name."""
    return rf"(?:(?:to\s+be|will\s+be|which\s+will\s+be|is\s+to\s+be|be)\s+(?:{alt(z['naming_verbs'])}))"


def _name_words(z) -> dict:
    """Proper names of zones and their aliases: the runs of capitalised words a name is
    made of, the head nouns it ends with (weak ones such as 'Town' only with a descriptor or in
    a text about such towns), the words that rule a run out (parks for people, metro regions,
    document titles), and the cues of a name given or an alias."""
    word = r"(?:[A-Z][\w'’-]*|[A-Z0-9]{2,}|\d+[A-Za-z]*)"
    conn = alt(z["name_connectors"])
    run_re = re.compile(
        rf"{word}(?:(?:[ \t]+|-)(?:{word}|(?:{conn})(?=[ \t]+[A-Z]))|[ \t]*&[ \t]*{word}|[ \t]+\([A-Z][\w ]*\))*"
    )
    heads = sorted(set(z["heads"]) | set(z["weak_heads"]), key=len, reverse=True)
    head_end = re.compile(rf"(?<![\w-])(?:{alt(heads)})(?![\w-])")
    naming_cue = _naming_cue(z)
    by_last = _by_last_word(heads)
    return {
        "lead_words": frozenset(z["lead_words"]),
        "weak_context": {head: re.compile(rf"\b(?:{alt(phrases)})\b", re.IGNORECASE)
                         for head, phrases in z["weak_head_contexts"].items()},
        "title_cue": re.compile(rf"\b(?:{alt(z['title_cues'])})\s+(?:it\s+|them\s+)?(?:as\s+)?(?:an?\s+|the\s+)?[“\"]$", re.IGNORECASE),
        "run": run_re,
        "head_end": head_end,
        "heads": frozenset(z["heads"]),
        "head_list": tuple(heads),
        # names.short_forms: 'the', 'its' or a possessive, some words and a head's last word in lower
        # case; a lookahead, so that the overlapping starts of "The city's comprehensive bonded zone" are tried
        "short_form": re.compile(rf"(?=(?:\b[Tt]he|\b[Ii]ts|[a-z]['’]s)\s+(?:[\d.,]+-[\w-]+\s+)?((?:[\w'’-]+\s+){{1,3}}"
                                 rf"(?:{'|'.join(sorted({h.split()[-1].lower() for h in heads}))}))\b)"),
        "acronym_heads": frozenset(h for h in heads if h.isupper()),  # 'FTZ', 'SEZ': kept in capitals in a heading
        "heads_by_last": by_last,
        # a head noun's last word, anywhere (a run without one names no zone: names._head_ends),
        # and characters no run holds
        "head_last_word": re.compile("|".join(map(re.escape, sorted(by_last, key=len, reverse=True)))),
        "run_stops": re.compile(r"[\n,.;:!?\"“”]"),
        "weak": frozenset(z["weak_heads"]),
        "descriptors": frozenset(z["descriptors"]),
        "not_zone": frozenset(z["not_zone_words"]),
        "leisure": frozenset(z["leisure_park_words"]),
        "metro": frozenset(m.lower() for m in z["metro_regions"]),
        "alias_cues": tuple(sorted((c.lower() for c in z["alias_cues"]), key=len, reverse=True)),
        "inline_alias": re.compile(rf",\s+(?:{alt(z['alias_cues_inline'])})\s+(?:the\s+)?([A-Z][\w'’&-]*(?:\s+(?:of|and|&|[A-Z][\w'’&-]*|\([A-Z][\w\s'’-]*\)))*)"),
        "spelling": dict(z["spelling_variants"]),
        "document_title": re.compile(rf"^(?:.*?\b(?:{alt(z['not_zone_words'])})\b.*)\s+(?:of|for|on)\s+(?:the\s+)?(?=[A-Z])"),
        "appositive_head": re.compile(rf",\s+(?:a|an|the)\s+[\w\s-]{{0,40}}?\b(?:{alt(z['appositive_heads'])})\b"),
        "participle_opener": re.compile(rf"[A-Z][a-z]+ed[ \t]+(?:{alt(z['prepositions'])})[ \t]+"),
        # "BioBAY, the park's biomedicine base, ...": a name set off as a part of a zone
        "owned_appositive": re.compile(rf"((?:[A-Z](?<![\w'’-].)[\w'’&-]*)(?:[ \t]+[A-Z][\w'’&-]*){{0,3}}),\s+"
                                       rf"(?P<owner>its|the\s+(?:[\w-]+\s+){{0,2}}[\w-]+['’]s)\s+(?:[\w-]+\s+){{0,3}}(?:{alt(z['sub_area_heads'])})\s*,"),
        "not_names": frozenset(z["not_names"]),
        "title_verb": re.compile(rf"\b(?:{alt(z['title_verbs'])})\s*$"),
        "in_place": re.compile(rf"[ \t]+in[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{alt(z['administrative_places'])})"),
        # "Zona Franca de Barranquilla": a head that opens the name
        "head_first": re.compile(rf"{word_start(z['heads_first'])}(?:[ \t]+(?:(?:{alt(z['heads_first_joiners'])})[ \t]+)?"
                                 rf"[A-Z][\w'’-]*){{1,3}}"),
        # "the Heilongjiang Pilot Free Trade Zone's Heihe Area": a named part after a zone's possessive
        "possessed_part": re.compile(rf"['’]s[ \t]+((?:[A-Z][\w'’-]*[ \t]+){{1,3}}(?:{alt(h.capitalize() for h in z['sub_area_heads'])}))\b"),
        # "a new section, to be known as the Hunhe Riverside Area": a name given to a zone
        "named_by_cue": re.compile(rf"{naming_cue}\s+(?:the\s+)?[“\"]?([A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|and|of|&)){{0,6}}?"
                                   rf"[ \t]+(?:{alt(h.capitalize() for h in z['sub_area_heads'])}))\b"),
    }


def _sub_area_words(z) -> dict:
    """Sub-areas an article names without a proper name: 'the life services area',
    areas it introduces ('will build a new logistics park'), announces ('two sites:') or
    divides a zone into ('split into a 40-sq-km ecological conservation area and ...')."""
    low_word = r"(?:[a-z][\w&/-]*|R&D|[A-Z]{2,4}|[A-Z][\w'’-]*)"
    sub_re = re.compile(
        rf"{word_start(['The', 'the'])}\s+({low_word}(?:\s+{low_word}){{0,4}}\s+(?:{alt(z['sub_area_heads'])}))\b"
    )
    return {
        "enum_stop": frozenset(z["enumeration_stop_words"]),
        "sub": sub_re,
        "sub_heads": frozenset(z["sub_area_heads"]),
        # the words the sub-area patterns end in (after a space) and an enumerated item ends in, lower-cased
        # (state.head_starts), and what 'sub', 'appositive_name' and 'owned_appositive' never read
        "head_gate": re.compile(word_start({h.lower() for h in z["sub_area_heads"] + z["enumerated_heads"]}
                                           | {n.lower().removesuffix("s") for n in z["enumeration_nouns"]})),
        "sub_head_stops": re.compile(r"[.;:!?()\[\]\"“”]"),
        # "Its first pilot zone, the Qingsheng hub, covers ...": names.appositive_names
        "appositive_name": re.compile(
            rf"{word_start(['its', 'a', 'an', 'the'], ignorecase=True)}\s+(?:[\w-]+\s+){{0,3}}(?:{alt(z['sub_area_heads'])}),\s+the\s+"
            rf"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}\s+(?:{alt(z['sub_area_heads'])}))(?=\s*,)", re.IGNORECASE),
        "sub_stop": frozenset(z["sub_area_stop_words"]),
        "sub_follow": frozenset(z["sub_area_follow"]),
        "intro": re.compile(
            rf"{word_start(z['introducers'], ignorecase=True)}\s+((?:\d[\d.,]*-[\w-]+\s+)?(?:[\w&/'’-]+\s+){{0,4}}?(?:{alt(z['sub_area_heads'])}))\b(?=\s*(,|\(|\.(?=\s|$)|\w+))", re.IGNORECASE),
        "intro_follow": frozenset(z["intro_follow"]),
        "measure_modifiers": frozenset(z["measure_modifiers"]),
        # "two sites:", "three functional areas:": a count and a plural noun announce a list
        # "four areas: the Zhoushan Area, ...", "three existing areas, the Changsha Area, ..."
        "announced": re.compile(rf"{word_start(z['number_words'], digits=True)}\s+(?:[\w-]+\s+)?(?P<noun>{alt(z['enumeration_nouns'])})"
                                rf"(?:[\"”’']?\s*:\s*|,\s+(?=the\s))"),
        "announced_after_cue": re.compile(rf"(?:[\w-]+\s+){{0,2}}(?P<noun>{alt(z['enumeration_nouns'])})\s*:\s*|['‘][^'’]{{1,40}}['’]\s+layout\s*:\s*"),
        "intro_breakers": frozenset(z["intro_breakers"]),
        "intro_modifiers": frozenset(z["intro_modifiers"]),
        # "split into", "splits it into", "divides the new area into"
        "division": re.compile(word_start(z["division_cues"], r"\s+", more=(
            (z["division_verbs"], r"\s+(?:it|them|the\s+[\w-]+(?:\s+[\w-]+)?)\s+into\s+"),))),
        "enum_heads": frozenset(z["enumerated_heads"]),
        # an item of a list (names.enumerated): a phrase ending in a word (its head) before a
        # comma, 'and', a measure or a place
        "enum_item": re.compile(r"(?:(?:a|an|the)\s+)?((?:[\d.,]+-[a-z-]+\s+)?(?:[A-Za-z&'’-]+\s+){0,4}?([A-Za-z-]+))"
                                r"(?=\s*(?:,|;|\.|:|\(|\s+and\b|\s+of\b|\s+for\b|\s+with\b|\s+at\b|\s+on\b|\s+covering\b|$))"),
        # between items: a gloss in brackets ('the Urumqi Area (134.6 sq km), ...'), a measure or a
        # place ('of 840 hectares', 'on the city's outskirts'), a phrase set off by commas (', located
        # some 12 km east of Ryazan,'), then a comma, semicolon or 'and'
        "enum_joint": re.compile(r"(?:\s*\([^()\n]{1,60}\))?"
                                 rf"(?:\s+(?:{alt(z['enumeration_joints'])})\b[^,;.]*?)?"
                                 rf"(?:,\s+(?:{alt(z['clause_participles'])}|which|where)\b[^;.]*?(?=,\s*and\s))?"
                                 r"\s*(?:,\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+)"),
    }


def _reference_words(z) -> dict:
    """References that stand for a zone named elsewhere ('the new area', 'the park', 'it',
    'there') and the words around a reference that tell its role (a subject, the object of a
    preposition, a zone named only later)."""
    return {
        "generic": tuple(sorted(z["generic_references"], key=len, reverse=True)),
        "pronouns": frozenset(z["pronouns"]),
        "subject_follow": frozenset(z["subject_follow"]),
        # what follows a word that is a sentence's or clause's subject ('Lanzhou's', 'Lanzhou has')
        "subject_after": rf"(?:['’]s\b|,|\s+(?:{alt(z['subject_follow'])})\b)",
        "named_later": re.compile(rf"[”\"]?,?\s+(?:to\s+be\s+|which\s+will\s+be\s+|which\s+is\s+)?(?:{alt(z['naming_verbs'])})\s+(?:the\s+)?[“\"]?"),
        "object_before": re.compile(rf"\b(?:{alt(z['object_prepositions'])})\s+(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE),
        "opening": re.compile(rf"\s*(?:[A-Z][^,;]{{0,80}},\s*(?:the\s+|its\s+)?|(?:{alt(z['opening_words'])})\b[^,;]{{0,25}}?\s+(?:the\s+)?)"),
        "lowercase_ref_openers": tuple(z["lowercase_ref_openers"]),
        "generic_modifiers": tuple(z["generic_modifiers"]),
        "place_heads": frozenset(z["place_heads"]),
        "there": re.compile(r"(?<![\w-])there\b(?!['’]s\b)"),
        "existential_followers": re.compile(rf"\s+(?:{alt(z['existential_followers'])})\b"),
        "existential_openers": frozenset(z["existential_openers"]),
    }


def _place_words(z) -> dict:
    """Places: the words before a place's name ('northwest China's', 'the eastern Guangdong
    city of'), the name and its suffix ('District'), what ends it, and the phrases that make
    a span a part or a position rather than a place; month and weekday names are dates."""
    d = rules.load("dates")
    calendar_words = [names[0].capitalize() for table in (d["months"], d["weekdays"]) for names in table.values()]
    compass = alt(z["compass_words"])
    return {
        "calendar_word": re.compile(rf"(?:{alt(calendar_words)})\b"),
        "compass": compass,
        "place_prefix": re.compile(rf"(?:(?i:{compass})(?:ern)?\s+)?China['’]s\s+|"
                                   r"(?:the\s+)?(?:[a-z]+\s+)?[A-Z][\w'’-]*\s+(?:city|county|town|province)\s+of\s+(?=[A-Z])|"
                                   rf"(?:the\s+)?(?:{compass})(?:ern)?\s+(?=[A-Z])"),
        "place_name": re.compile(rf"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){{0,3}}(?:[ \t]+(?:{alt(z['place_suffixes'])}))?)"),
        "place_suffix": frozenset(z["place_suffixes"]),
        "place_suffix_after": rf"\s+(?:{alt(z['place_suffixes'])})\b",  # 'Lanzhou city': a word used as a place
        "place_word_before": re.compile(r"\b(?:downtown|central|greater|in)\Z"),  # 'downtown Lanzhou', 'in Lanzhou'
        # "in Dalian, Liaoning province": the larger place after a place and a comma
        "larger_place": re.compile(rf",\s+(?:(?i:{compass})(?:ern)?\s+China['’]s\s+)?"
                                   rf"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:{alt(z['place_suffixes'])}))\b"),
        "location_field": re.compile(rf"^[\s•·*-]*(?:{alt(z['location_fields'])})\s*[:：]\s*([^\n]+)$", re.MULTILINE | re.IGNORECASE),
        "part_of": re.compile(rf"(?:the\s+)?(?:[a-z-]+\s+){{0,2}}(?:{alt(z['part_nouns'])})\s+of\s+"),
        "relative_position": re.compile(rf"(?:the\s+)?(?:[a-z-]+\s+){{0,2}}(?:{alt(z['relative_position_nouns'])})\s+of\s+"),
        "place_end": re.compile(rf"\s+(?:and\s+)?(?:{alt(z['place_enders'])})\b"),
    }


def _relation_words(z) -> dict:
    """Cues of a zone's parent or places in a sentence: 'is located in', 'covers ... in',
    'includes', 'at its heart lies', 'one of the parks under', 'joined', 'three zones:', 'the
    other four are', and sibling words ('its sister zone') that are no parent."""
    return {
        "locative": re.compile(rf"\b(?i:{alt(z['locative_verbs'])})\s+(?:{alt(z['locative_prepositions'])})\s+([^.;:!?\n]+)"),
        "sibling": re.compile(rf"\b(?:{alt(z['sibling_words'])})\b", re.IGNORECASE),
        "other_members": re.compile(rf"\s*(?:The\s+)?other\s+(?:{alt(z['number_words'])}|\d+)\s+(?:[\w-]+\s+)?(?:are|include)\b"),
        "includes": re.compile(rf"\b(?:{alt(z['includes_cues'])})\s+"),
        "heart": re.compile(rf"\b[Aa]t\s+(?:its|the)\s+(?:heart|core|centre|center)\s+(?:{alt(z['heart_verbs'])})\s+(?:the\s+)?"),
        "member_of": re.compile(r"\bone\s+of\s+(?:the|its)\s+(?:[\w-]+\s+){0,3}(?:parks|zones|areas|bases|clusters)\s+(?:under|of|in|within)\s+(?:the\s+)?"),
        "membership": re.compile(rf"\b(?:{alt(z['membership_cues'])})\s+(?:the\s+|its\s+)?"),
        "enumeration": re.compile(rf"\b(?:{alt(z['enumeration_nouns'])})[\"”’']?\s*:\s*"),  # 'three parks": the A, ...'
        "extent": re.compile(rf"\b(?:{alt(z['reach_verbs'])})\s+(?:(?:the\s+)?(?:[a-z]+\s+)?parts?\s+of\s+)?(?=(?:the\s+)?[A-Z])([^.;:!?\n]+)|"
                             rf"\b(?:{alt(z['extent_verbs'])})\b(?:[^.;\n]|\.(?=\d)){{0,60}}?\b(?:{alt(z['extent_prepositions'])})\s+([^.;:!?\n]+)"),
    }


def _attachment_words(z) -> dict:
    """Whose a fact is: subjects that are no zone (companies, facilities, policies, an
    administrative place, zones in general: 'each new town should cover'), spending and
    reporting verbs, and the phrases between a fact and the zone it belongs to ('5 km north
    of the X', 'the zone's planned area', 'develops the second phase of the X')."""
    compass = alt(z["compass_words"])
    naming_cue = _naming_cue(z)
    return {
        "reporting": frozenset(z["reporting_verbs"]),
        "prepositions": frozenset(z["prepositions"]),
        "shared": re.compile(rf"\b(?:{alt(z['shared_cues'])})\b"),
        # facility nouns that never name a zone's own part ("tower", not "port"): read once here
        "facility": frozenset(z["facility_nouns"]) - frozenset(z["zone_facilities"]),
        "company": frozenset(z["company_nouns"]),
        "policy": frozenset(z["policy_words"]),
        "non_zone_subject": re.compile(r"^\s*(?:[^,;]{1,50},\s+)?(?:" + alt(z["non_zone_subjects"]) + r")\b(?!['’]s)"
                                       r"|^\s*(?-i:(?:The\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:"
                                       + alt(p for w in z["administrative_places"] for p in (w, w.lower())) + r")\b(?!\s+(?:of|Park|Zone|Area)))", re.IGNORECASE),
        # "each new town should cover", "Successful towns will receive", "Towns must attract": zones in general
        "generic_subject": re.compile(rf"\b(?:(?:each|every|all|any|no)\s+(?:[\w-]+\s+){{0,3}}(?:{alt(z['sub_area_heads'])})s?"
                                      rf"|(?<!one of )(?<!one of the )(?<!largest of )(?:\d[\d,]*|{alt(z['count_words'])})\s+(?:[\w-]+\s+){{0,4}}(?:{alt(z['generic_zone_nouns'])}))\b"),
        "spend_verbs": re.compile(rf"\b(?:{alt(z['spend_verbs'])})\b"),
        "verbless_gap": re.compile(rf"\s*(?:with\s+)?(?:(?:{alt(z['gap_hedges'])})\s+)?"),
        "generic_plural": re.compile(rf"\s*(?:Each|Every\s+one)\s+(?:{alt(z['modal_verbs'])})\b|\s*(?:(?:The|These|Those|All|Such)\s+)?(?:[A-Z]\w+\s+)?(?i:{alt(h + 's' for h in z['sub_area_heads'])})"
                                     rf"(?:\s+(?:in|of|across)\s+[^,;]{{0,40}}?)?\s+(?:{alt(z['modal_verbs'] + z['subject_follow'])})\b"),
        "fronted": re.compile(rf"\s*(?:{alt(z['fronted_participles'])})\b"),
        "naming_cue": naming_cue,
        # attach.relative_clause: what may stand between a zone reference and a figure in the
        # relative or participial clause after it ('..., which will add', ' of 840 hectares, located')
        "relative_after_ref": re.compile(rf"[”\")）]*\s*(?:of\s+[^,;()]*)?,\s*(?:{alt(z['relative_openers'])})\b([^,;()]*)$"),
        "modifier_gap": re.compile(rf"[\s-]*(?:(?!(?:{alt(z['prepositions'])}|and|or|than)\b)[A-Za-z][\w'’-]*\s+){{0,3}}?"
                                   r"(?:of\s+(?:its|the)\s+|the\s+)?"),
        "zone_after_preposition": re.compile(rf"\b(?:{alt(z['zone_after_prepositions'])})\s+(?:the\s+)?$"),
        "distance_to": re.compile(rf"\s*(?:away\s+)?(?:(?:to\s+the\s+)?(?:{compass})(?:ern)?\s+)?(?:of|from)\s+(?:the\s+)?"),
        "phrase_ends": frozenset(z["phrase_ends"]),
        "company_where": re.compile(rf"\bwhere\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:{alt(z['company_descriptors'])})\b"),
        "zone_body": re.compile(rf"['’]s\s+(?:[\w-]+\s+){{0,2}}(?:{alt(z['zone_bodies'])})\b", re.IGNORECASE),
        "develops_zone": re.compile(rf"\b(?:{alt(z['development_verbs'])})\s+(?:the\s+|its\s+)?(?:[\w,-]+\s+){{0,3}}?(?:phase\s+of\s+the\s+)?$"),
        "company_subject": re.compile(
            rf"\s*(?:\d+[.)]\s*)?(?:[A-Z]{{2,}}(?:[ /]+[A-Z]{{2,}})*\s*(?:--|—|–)\s*)?(?:[^,;.]{{1,40}},\s+)?(?:"
            rf"(?:[A-Z][\w-]*[ -]based\s+|[A-Z][\w-]*\s+)?(?:[\w-]+\s+){{0,3}}(?:{alt(z['company_descriptors'])})\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*"
            rf"|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*,\s+(?:the|a|an)\s+[^,;.]{{0,50}}\b(?:{alt(z['company_descriptors'])}),"
            rf"|[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)+(?:\s*\([^()]{{1,40}}\))?(?:,\s+(?:the|a|an|one\s+of)\s+[^,;.]{{0,60}},)?"
            rf"\s+(?:today\s+|on\s+\w+\s+|also\s+)?(?:{alt(z['company_verbs'])})\b"
            rf"|[A-Z][\w&.-]+\s+(?:said|says|announced)\s+(?:on\s+\w+\s+)?(?:that\s+)?it\b"
            rf"|[A-Z][\w&.-]+,\s+whose\s+[^;.]{{0,80}}?,\s+(?:said|says|announced)\b"
            rf"|[A-Z][\w-]*-based\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s+[a-z]"
            rf"|(?:The|the|An?|an?)\s+(?:[\w-]+\s+){{0,2}}(?:{alt(z['company_descriptors'])})(?=\s*,|\s+(?:{alt(z['subject_follow'] + z['reporting_verbs'] + z['company_verbs'])}|[a-z]+ed)\b))"),
    }
