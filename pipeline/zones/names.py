"""Stage 1a, the zone inventory: which zones an article names, and their aliases.

Proper names ending in a zone head noun ("... Demonstration Zone"; a weak head such
as "Town" only with a descriptor, "Dream Town", or an appositive, "Yunqi Town, a
characteristic town"), quoted names that hold one, named areas of a zone ("the
Pingtan Area of the China (Fujian) Pilot Free Trade Zone"), phases, and the
sub-areas an article enumerates, introduces or treats as subjects ("split into a
40-sq-km ecological conservation area and a manufacturing area", "the life services
area, which ..."). Aliases: parenthesised or quoted short names, "hereinafter
referred to as" names, "X, better known as Y,", the head phrase of a name used with
"the" ("the special area"), short forms made of some of its words and its head ("the
Yangpu zone"), a first word used alone as a subject ("Jiangbei alone attracted ..."),
and runs of a name's words ("Great Stone").
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..ingest import overlaps_any
from ..numbers import lexicon
from .state import Article, Ref, sentences_with, stretches_with
from .vocab import QUOTES, alt, find_forms, norm

def valid_name(st: Article, name: str, end: int) -> bool:
    words = re.split(r"[\s-]+", name)
    if len(words) < 2:
        return False
    if any(w in st.v["not_zone"] for w in words) or norm(name) in st.v["metro"]:
        return False
    if words[-1] == "Park" and words[-2] in st.v["leisure"]:
        return False  # "Riverside Wetland Park", "Century Park": a park for people, not a zone
    head = st.head(name)
    if head in st.v["weak"] and head not in st.v["heads"]:
        described = any(w in st.v["descriptors"] for w in words[:-1])
        appositive = st.v["appositive_head"].match(st.text[end : end + 80])
        # "its Gene and Cell Town": a zone's own part
        owned = st.text[max(0, end - len(name) - 5) : end - len(name)].lower().endswith("its ")
        # "Datang Socks Town" in a text about characteristic towns: a town named for its trade
        context = len(words) >= 3 and st.speaks_of(head)
        if not (described or appositive or owned or context):
            return False
    return True


def proper_names(st: Article) -> list[tuple[int, int, str]]:
    """(start, end, name) of every zone the text names: capitalised names ending in a head
    noun, quoted names holding one, names set off as a zone's part and names given by a
    naming cue; none in the header or furniture or inside a title the text quotes, and of
    names that overlap the longest."""
    found = _names_in_runs(st)
    quoted, titles = _quoted_names(st)
    found += quoted
    found += _appositive_and_given_names(st)
    found += [(m.start(), m.end(), m.group(0)) for m in st.v["head_first"].finditer(st.text)
              if not any(w in st.v["not_zone"] for w in m.group(0).split())]
    found = [f for f in found if not st.excluded_at(f[0], f[1]) and not overlaps_any(titles, f[0], f[1])]
    return _longest_of_overlaps(found)


def _names_in_runs(st: Article) -> list[tuple[int, int, str]]:
    """Names in each run of capitalised words: from the run's start (or the end of the name
    before it and its 'and') to each head noun that can end one (``_head_ends``), less the
    words that open a clause rather than a name (``_name_start``). What 'Located in' names
    is a place unless its head is a zone's; 'Xiamen Software Park Phase III' is a zone of
    its own."""
    found = []
    for run in runs_with_heads(st):
        start = run.start()
        for end in _head_ends(st, run):
            s, placed = _name_start(st, start, end)
            seg = st.text[s:end]
            # what "Located in" names is a place unless its head makes it a zone
            weak_place = placed and st.head(seg) not in st.v["heads"]
            if not weak_place and valid_name(st, seg, end):
                phase = re.match(r"[ \t]+(?:Phase[ \t]+(?:[IVX]+|\d+)|No\.[ \t]*\d+[A-Z]?)\b", st.text[end : end + 20])
                if phase:  # "Xiamen Software Park Phase III" is a zone of its own; "Foreign-Trade Zone No. 297" one name
                    end += phase.end()
                    seg = st.text[s:end]
                found.append((s, end, seg))
                nxt = re.match(r"[ \t]+(?:and|&)[ \t]+", st.text[end : end + 20])
                start = end + nxt.end() if nxt else end
    return found


_WORDS = re.compile(r"[\s-]+")


def runs_with_heads(st: Article):
    """The runs of capitalised words (the ``run`` pattern's matches in the text) in which a
    head noun's last word is written: no run holds a line break or punctuation, so only
    the stretches between those that hold such a word are read."""
    return _in_stretches(st, st.v["run"], stretches_with(st.text, st.v["head_last_word"], st.v["run_stops"]))


def _head_ends(st: Article, run: re.Match) -> list[int]:
    """Where a name in the run can end: after each head noun, except that heads following
    one another with nothing but spaces between make one name ('Qinzhou Bonded Port Area')
    and a place after a name is no part of it ('X Industry Park in Pukou District')."""
    text = run.group(0)
    lasts = st.v["heads_by_last"]
    if not any(w in lasts or w[:-2] in lasts for w in _WORDS.split(text)):
        return []  # no head noun in the run (most runs: 'The', 'Beijing', 'Chinese')
    ends = [run.start() + w.end(1) for w in re.finditer(r"([^\s-]+?)(?:['’]s)?(?=[\s-]|$)", text)
            if w.group(1) in lasts and st.head(text[: w.end(1)])]  # "... Zone's Heihe Area": the name ends before "'s"
    # heads that follow one another with nothing but spaces between make one
    # name ("Qinzhou Bonded Port Area")
    # "X Industry Park in Pukou District": a place after the name is no part of it
    placed = [i for i in range(1, len(ends)) if st.v["in_place"].fullmatch(st.text, ends[i - 1], ends[i])]
    return [e for i, e in enumerate(ends) if i not in placed and (
        i + 1 == len(ends) or i + 1 in placed or re.search(r"\b(?:and|of|for|&|the)\b", st.text[e : ends[i + 1]]))]


def _name_start(st: Article, s: int, end: int) -> tuple[int, bool]:
    """Where the name ending at ``end`` starts, from ``s`` on: past lead words ('The',
    'In'), possessives ("Chengdu's"), numbers, a participle and its preposition ('Located
    in Songjiang District') and a document's title ('Master Plan of Huaihai Digital
    Valley'); and whether a participle was passed (what it names may be a place)."""
    seg = st.text[s:end]
    placed = False
    # drop lead words ("The", "In") and possessives ("Chengdu's")
    while True:
        m = re.match(r"(\S+)[ \t]+", seg)
        if m and (m.group(1) in st.v["lead_words"] or re.search(r"['’]s$", m.group(1)) or m.group(1).isdigit()):
            s += m.end()
            seg = st.text[s:end]
            continue
        # a participle and its preposition open a clause, not a name ("Located in Songjiang District")
        m = st.v["participle_opener"].match(seg)
        if m:
            s += m.end()
            seg = st.text[s:end]
            placed = True
            continue
        break
    # "Master Plan of Huaihai Digital Valley": the zone is what the document is about
    doc = st.v["document_title"].match(seg)
    if doc:
        s += doc.end()
    return s, placed


def _quoted_names(st: Article) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """A quoted name that holds a head noun is one name, whatever follows the head; a
    quotation after a title cue ('the federation named it "China's Sock Manufacturing
    Base"') is a title, and no name inside it counts. The names, and the titles' spans."""
    found = []
    titles: list[tuple[int, int]] = []
    for m in re.finditer(r"[“\"]([A-Z][^”\"\n]{3,120})[”\"]", st.text):
        inner = m.group(1)
        if st.v["title_cue"].search(st.text[max(0, m.start() - 40) : m.start() + 1]):
            titles.append((m.start(), m.end()))  # 'the federation named it "China's Sock Manufacturing Base"': a title
            continue
        if st.v["head_end"].search(inner) and not any(w in st.v["not_zone"] for w in inner.split()):
            if valid_name(st, inner, m.end(1)) or st.head(inner) == "":
                found.append((m.start(1), m.end(1), inner))
    return found, titles


def _appositive_and_given_names(st: Article) -> list[tuple[int, int, str]]:
    """'BioBAY, the park's biomedicine base, ...': a name set off as a part of a zone; 'a
    new section, to be known as the Hunhe Riverside Area': a name given by a naming cue,
    recorded in ``st.named_parts`` when it names a part of the article's zone ('the new
    section', 'the extension')."""
    found = []
    for m in _in_stretches(st, st.v["owned_appositive"]):
        found.append((m.start(1), m.end(1), m.group(1)))  # "BioBAY, the park's biomedicine base, ..."
    for m in st.v["named_by_cue"].finditer(st.text):
        found.append((m.start(1), m.end(1), m.group(1)))
        if re.search(rf"\b(?:{alt(st.v['sub_heads'])}|extension|expansion)\s*,?\s*$", st.text[max(0, m.start() - 40) : m.start()]):
            st.named_parts.add(m.start(1))  # "the new section, to be known as X": a part of the article's zone
    return found


def _longest_of_overlaps(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The names in text order, keeping of names that overlap the first longest one."""
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, str]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            if f[1] - f[0] > out[-1][1] - out[-1][0]:
                out[-1] = f
            continue
        out.append(f)
    return out


def alias_or_merge(st: Article, key: str, alias: str) -> None:
    """Give zone ``key`` the alias; a zone found before under that alias ('FACT SHEET:
    Fujiang Science Valley' ... 'Full name: Mianyang Fujiang Science Valley High-tech
    Industrial Park ("Fujiang Science Valley")') is the same zone, under its full name."""
    other = st.alias_of.get(norm(re.sub(r"^the\s+", "", alias.strip().strip(QUOTES).strip(), flags=re.IGNORECASE)))
    if other and other != key and other in st.zones and st.zones[other].name.lower() == norm(alias):
        st.merge(other, key)
        return
    st.add_alias(key, alias)


def aliases_after(st: Article, key: str, end: int) -> list[tuple[int, int]]:
    """'X (“Innovation Home”)', 'X (hereinafter “the demonstration zone”)', 'X (SIP)',
    'X, better known as Y,'. Returns the spans of the aliases."""
    spans = []
    m = re.match(r"[”\"]?\s*[(（]\s*([^()（）\n]{1,80}?)\s*[)）]", st.text[end : end + 200])
    if m:
        inner = m.group(1).strip()
        low = inner.lower()
        for cue in st.v["alias_cues"]:
            if low.startswith(cue):
                inner = inner[len(cue) :].strip(" :,")
                break
        quoted = re.findall(r"[“\"]([^”\"]+)[”\"]", inner)
        candidates = quoted or ([inner] if re.fullmatch(r"[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,4}", inner) else [])
        paren = st.text[end + m.start(1) : end + m.end(1)]
        for alias in candidates:
            if not re.search(r"\d{4}", alias):
                alias_or_merge(st, key, alias)
                at = end + m.start(1) + max(paren.find(alias), 0)  # the alias itself, not its cue or bracket
                spans.append((at, at + len(alias)))
    m = st.v["inline_alias"].match(st.text[end : end + 300])
    if m:
        alias_or_merge(st, key, m.group(1))
        spans.append((end + m.start(1), end + m.end(1)))
    return spans


def _in_stretches(st: Article, pattern: re.Pattern, stretches: list[tuple[int, int]] | None = None):
    """The matches of ``pattern`` in the text's ``stretches``, in text order; by default a
    pattern that ends in a sub-area head and reads no stop, in the stretches that hold a
    head (``st.sub_head_stretches``)."""
    for a, b in st.sub_head_stretches if stretches is None else stretches:
        yield from pattern.finditer(st.text, a, b)


def sub_areas(st: Article) -> list[tuple[int, int, str]]:
    out = []
    for m in _in_stretches(st, st.v["sub"]):
        phrase = m.group(1)
        words = phrase.split()
        if norm(phrase) in st.alias_of or st.v["head_end"].search(phrase):
            continue
        if words[-1].lower() in ("district", "town", "county", "village", "township") and any(w[0].isupper() for w in words[:-1]):
            continue  # "the Huaqiao district" is a place
        if words[0].lower() in st.v["sub_stop"] or any(w.lower() in st.v["prepositions"] for w in words[:-1]):
            continue  # "the coastline inside the zone" is no sub-area
        follow = re.match(r"\s*(,\s*(?:which|located|situated)|\w+)", st.text[m.end(1) : m.end(1) + 60])
        if not follow or re.sub(r",\s*", ", ", follow.group(1).lower()) not in st.v["sub_follow"]:
            continue
        if st.excluded_at(m.start(1), m.end(1)):
            continue
        out.append((m.start(1), m.end(1), phrase))
    return out


def enumerated(st: Article) -> list[tuple[int, int, str]]:
    """Sub-areas a sentence lists after a division ('split into a 40-sq-km ecological
    conservation area and a manufacturing area', 'comprises a research area, a pilot
    production area and a life services area', 'four areas: the Zhoushan Area, the
    Ningbo Area ...', 'on two sites: the Protasovo site of 840 hectares, located ...,
    and the Yuzhny site'): each item of a list of two or more (or after 'split into')
    that ends with a sub-area head, or with the noun the colon announced ('sites:')."""
    item, joint = st.v["enum_item"], st.v["enum_joint"]
    out = []
    for s, e in _enumeration_sentences(st):
        cues = list(st.v["division"].finditer(st.text, s, e)) + list(st.v["announced"].finditer(st.text, s, e))
        for cue in sorted(cues, key=lambda c: c.start()):
            pos = cue.end()
            announced = cue.groupdict().get("noun")
            lead = None if announced else st.v["announced_after_cue"].match(st.text, pos, e)
            if lead:
                pos, announced = lead.end(), lead.group("noun")
            heads = st.v["enum_heads"] | ({announced.lower().removesuffix("s")} if announced else set())
            items = []
            while pos < e:
                m = item.match(st.text, pos, e)
                if not m or m.group(2).lower() not in heads:
                    break
                phrase = re.sub(r"^[\d.,]+-[a-z-]+\s+", "", m.group(1))
                p0 = m.end(1) - len(phrase)
                items.append((p0, m.end(1), phrase))
                j = joint.match(st.text, m.end(), e)
                if not j:
                    break
                pos = j.end()
            items = [it for it in items if (len(it[2].split()) >= 2 or it[2][0].isupper())
                     and it[2].split()[0].lower() not in st.v["enum_stop"]]
            if len(items) >= 2 or (items and re.match(r"(?:split|divided|divides|organi[sz]e|grouped|carve)", cue.group(0))):
                out += items
    return sorted({it for it in out if not st.excluded_at(it[0], it[1])})


def _enumeration_sentences(st: Article):
    """The sentences that may hold an enumeration: an item's last word, which starts a
    word (it follows a space, a colon, a comma or a semicolon), is a sub-area head or the
    noun a count announced, so a sentence holds one (``st.head_sentences``, cheaper to
    find than the cues); else those where a cue may match. The cues found in a sentence
    are the same either way: they are searched for in the sentence alone, and bounded
    there they match only where they match in the whole text (they test for no end: no
    '$', '\\b' or '(?!' at their end)."""
    sentences = st.head_sentences()
    if sentences is not None:
        return sentences
    return sentences_with(st.text, st.sentences, st.v["division"], st.v["announced"])


def appositive_of_zone(st: Article, pos: int) -> bool:
    """The appositive that starts at ``pos`` (after a comma) follows a zone's name ("Yunqi
    Town, a characteristic town"), not some other noun ("Its first phase, an aquaculture
    park")."""
    before = st.text[max(0, pos - 80) : pos].rstrip().rstrip(",").rstrip()
    return bool(re.search(r"[A-Z][\w'’)-]*$", before))


def introduced(st: Article, lede: tuple[int, int] = (0, 0)) -> list[tuple[int, int, str]]:
    """Zones introduced as 'a new biomedicine cluster', 'its direct-administration zone',
    'a 20-sq-km Sino-Russian industrial park', when their sentence gives them a fact
    or is the lede."""
    out = []
    for m in st.v["intro"].finditer(st.text):
        words = m.group(1).split()
        while words and (re.fullmatch(r"[\d.,]+(?:-[\w-]+)?", words[0]) or words[0].lower() in st.v["intro_modifiers"]):
            words = words[1:]
        if len(words) < 2 or all(w.lower() in st.v["sub_stop"] for w in words[:-1]):
            continue
        if words[-2].lower() in st.v["measure_modifiers"]:
            continue  # "its long-term planned area is 2,000 sq km": a measure, not a zone
        if any(w.lower() in st.v["intro_breakers"] for w in words):
            continue
        follow = m.group(2).lower()
        in_lede = lede[0] <= m.start(1) < lede[1]
        if follow not in st.v["intro_follow"] and not in_lede:
            continue
        if re.match(r",\s+the\s+[A-Z]", st.text[m.end(1) : m.end(1) + 20]):
            continue  # "its sister zone, the Meishan Bonded Port Area": the name follows
        if st.text[max(0, m.start() - 3) : m.start()].rstrip().endswith(",") and appositive_of_zone(st, m.start()):
            continue  # "Yunqi Town, a characteristic town of ...": an appositive describes a zone named before
        if st.v["title_verb"].search(st.text, max(0, m.start() - 20), m.start()):
            continue  # "aiming to become a logistics hub", "turn it into a base for ...": a description
        s = m.end(1) - len(" ".join(words))
        k = bisect.bisect_right(st.mention_starts, s) - 1
        if k >= 0 and st.mention_spans[k][1] > s:  # "a 2 sq km innovation hub": the phrase starts after the measure
            s = st.mention_spans[k][1]
            s += len(st.text[s : m.end(1)]) - len(st.text[s : m.end(1)].lstrip(" -"))
            words = st.text[s : m.end(1)].split()
            if len(words) < 2:
                continue
        if st.excluded_at(s, m.end(1)):
            continue
        si = st.sentence_of(s)
        a, b = st.sentences[si]
        k = bisect.bisect_left(st.mention_starts, a)
        in_lede = lede[0] <= s < lede[1]
        if (k >= len(st.mention_starts) or st.mention_starts[k] >= b) and not in_lede:
            continue
        lead = st.text[a:s]
        if lead.count("“") > lead.count("”") or lead.count('"') % 2:
            continue  # inside a quoted slogan
        out.append((s, m.end(1), st.text[s : m.end(1)]))
    return out


def appositive_names(st: Article) -> list[tuple[int, int, str]]:
    """'Its first pilot zone, the Qingsheng hub, covers ...': a name with a lower-case
    head set off after a zone word."""
    out = []
    for m in _in_stretches(st, st.v["appositive_name"]):
        if m.group(1)[0].isupper() and m.group(1).split()[-1].islower() and not st.excluded_at(m.start(1), m.end(1)):
            out.append((m.start(1), m.end(1), m.group(1)))
    return out


def phases(st: Article) -> None:
    """'Xiamen Software Park Phase III' lies inside 'Xiamen Software Park'."""
    for zone in list(st.zones.values()):
        m = re.fullmatch(r"(.+?)[ \t]+Phase[ \t]+(?:[IVX]+|\d+)", zone.name)
        if m and zone.parent is None:
            base = st.add_zone(m.group(1), zone.first)
            if base != zone.key:
                zone.parent, zone.why = base, "phase-of"


def areas_of_zones(st: Article) -> None:
    """'the Pingtan Area of the China (Fujian) Pilot Free Trade Zone', 'the Shekou area of
    the ...': a named area of a zone is a zone, inside it."""
    if not st.zones:
        return
    st.refs.sort(key=lambda r: r.start)
    starts = {r.start: r.key for r in st.refs}
    ref_starts = [r.start for r in st.refs]
    added: list[Ref] = []
    for m in re.finditer(r"\b((?:[A-Z][\w'’-]*[ \t]+){1,3}?)(Area|area)\s+of\s+the\s+", st.text):
        parent = starts.get(m.end())
        words = m.group(1).split()
        while words and words[0] in st.v["lead_words"]:
            words = words[1:]
        name = " ".join(words + [m.group(2)])
        s = m.end(2) - len(name)
        if not parent or not words or st.excluded_at(s, m.end(2)):
            continue
        k = bisect.bisect_left(ref_starts, m.end(2))
        if k and st.refs[k - 1].end > s:
            continue  # part of a name found before
        key = st.add_zone(name, s)
        if key != parent:
            st.zones[key].parent, st.zones[key].why = parent, "area-of-zone"
            added.append(Ref(s, m.end(2), key))
    st.refs = sorted(st.refs + added, key=lambda r: r.start)


def main_zone(st: Article) -> str | None:
    """The zone named most often (by name or alias, in one pass over the text)."""
    if not st.zones:
        return None
    forms: dict[str, str] = {}
    for key, zone in st.zones.items():
        for form in (zone.name, *zone.aliases):
            if len(form) > 2:
                forms.setdefault(form, key)
    counts: dict[str, int] = {key: 0 for key in st.zones}
    for s, e in find_forms(st.text, forms):
        counts[forms[st.text[s:e]]] += 1
    return max(counts, key=lambda k: (counts[k], -st.zones[k].first))


@lru_cache(maxsize=1024)
def _the_form(forms: frozenset) -> re.Pattern:
    """'the' and one of ``forms``, compiled once for each set of forms: heads such as
    'Free Trade Zone' recur from article to article."""
    return re.compile(rf"\b[Tt]he\s+({alt(forms)})\b", re.IGNORECASE)


def head_aliases(st: Article) -> None:
    """'the special area' for 'Lingang Special Area', 'the ecopark' for 'Sino-German Ecopark',
    'the demonstration area' for an alias 'demonstration zone'."""
    generic = {g.lower() for g in st.v["generic"]}
    wanted: list[tuple[str, str]] = []  # (zone key, form), zone by zone
    for zone in list(st.zones.values()):
        if zone.head and f"the {zone.head.lower()}" not in generic and zone.head.lower() != zone.key:
            wanted.append((zone.key, zone.head))
        for alias in list(zone.aliases):
            words = alias.split()
            if len(words) == 2 and words[-1].lower() in ("zone", "area", "park"):
                wanted += [(zone.key, f"{words[0]} {h}") for h in ("zone", "area", "park") if h != words[-1].lower()]
    if not wanted:
        return
    # the first "the <form>" of every form, in one pass over the text
    first: dict[str, re.Match] = {}
    for m in _the_form(frozenset(f for _, f in wanted)).finditer(st.text):
        first.setdefault(m.group(1).lower(), m)
    for key, form in wanted:
        m = first.get(form.lower())
        if m and not st.excluded_at(m.start(1), m.end(1)) and m.group(1)[0].islower():
            st.add_alias(key, m.group(1))


def short_forms(st: Article) -> None:
    """'the Yangpu zone' for 'Yangpu Economic Development Zone', 'the high-tech zone' for
    "Xi'an High-tech Industries Development Zone": 'the', some of the name's words in
    order, and its head word in lower case, when one zone alone fits; also after 'its' or
    a possessive ('the city's comprehensive bonded zone')."""
    if not st.zones:
        return
    for m in st.v["short_form"].finditer(st.text):
        phrase = m.group(1)
        if norm(phrase) in st.alias_of or st.excluded_at(m.start(1), m.end(1)):
            continue
        fits = st.fits(phrase)
        if len(fits) == 1:
            st.add_alias(fits[0], phrase)


def first_word_aliases(st: Article) -> None:
    """'Liangjiang' for 'Liangjiang New Area', 'Yunqi' for 'Yunqi Town': a name that is
    one word and a head, when the word stands alone as a subject or possessive and the
    text never uses it as a place ('downtown Lanzhou', 'Lanzhou city', 'in Lanzhou,')."""
    candidates: dict[str, str] = {}
    for zone in list(st.zones.values()):
        words = zone.name.split()
        if zone.sub_area and words[0][:1].isupper() and all(w.islower() for w in words[1:]):
            body = words[:1]  # "Longsheng" of "Longsheng industrial zone"
        elif any(a.split()[0] == words[0] and all(w.islower() for w in a.split()[1:]) and len(a.split()) > 1
                 for a in zone.aliases):
            body = words[:1]  # "Qianhai" of "Qianhai ... Zone", short-named "the Qianhai cooperation zone"
        elif zone.sub_area or not zone.head:
            continue
        else:
            body = words[: len(words) - len(zone.head.split())]
        if len(body) == 1 and body[0][:1].isupper() and norm(body[0]) not in st.alias_of:
            candidates.setdefault(body[0], zone.key)
    if not candidates:
        return
    # each candidate's uses: as a place ('in Lanzhou', 'Lanzhou city') and as a subject
    text = st.text
    places = {text[s:e] for s, e in find_forms(text, candidates, before=r"\b", after=st.v["place_suffix_after"])}
    for s, e in find_forms(text, candidates, before=r"(?<=\s)", after=r"\b(?!['’]s|\s+[A-Z])"):
        j = s
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if st.v["place_word_before"].search(text, max(0, j - 8), j):
            places.add(text[s:e])
    subjects = {text[s:e] for s, e in find_forms(text, candidates, before=r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s))",
                                                 after=st.v["subject_after"], flags=re.MULTILINE)}
    for w, key in candidates.items():
        if w in subjects and w not in places:
            st.add_alias(key, w)


def part_aliases(st: Article) -> None:
    """'Great Stone' for 'China-Belarus Great Stone Industrial Park', 'East Lake' for
    'Wuhan East Lake High-tech Development Zone': a run of two or more of the name's
    words, without its head, standing alone elsewhere in the text."""
    taken = bytearray(len(st.text) + 1)
    for r in st.refs:
        taken[r.start : r.end] = b"\x01" * (r.end - r.start)
    parts: dict[str, str] = {}
    for zone in st.zones.values():
        if zone.sub_area:
            continue
        words = zone.name.split()
        body = words[: len(words) - len(zone.head.split())] if zone.head else words
        for n in range(len(body), 1, -1):
            for i in range(0, len(body) - n + 1):
                if all(w[0].isupper() for w in body[i : i + n]):
                    parts.setdefault(" ".join(body[i : i + n]), zone.key)
    parts = {p: k for p, k in parts.items() if norm(p) not in st.alias_of}
    if not parts:
        return
    for s, e in find_forms(st.text, parts, before=r"(?<![\w’'-])", after=r"(?![\w-])(?!\s+[A-Z])"):
        part = st.text[s:e]
        if norm(part) in st.alias_of or taken[s] or st.excluded_at(s, e):
            continue
        if st.text[max(0, s - 2) : s].strip()[-1:].isupper():
            continue
        st.add_alias(parts[part], part)


def _possessive_parts(st: Article, found: list) -> tuple[list, list]:
    """A name written as a zone's possessive and a second name ('the Guangxi Pilot Free
    Trade Zone's Qinzhou Port Area', 'the Heilongjiang Pilot Free Trade Zone's Heihe
    Area') is two names, the second a part of the first: the names, and the (owner,
    part) pairs."""
    out, owned = [], []
    starts = {s for s, _, _ in found}
    for s, e, name in found:
        m = re.match(r"(.+?)['’]s\s+(.+)$", name)
        if m and st.head(m.group(1)) and st.head(m.group(2)) and len(m.group(2).split()) >= 2:
            out += [(s, s + m.end(1), m.group(1)), (s + m.start(2), e, m.group(2))]
            owned.append((m.group(1), m.group(2)))
            continue
        out.append((s, e, name))
        part = st.v["possessed_part"].match(st.text, e)
        if part and e + part.start(1) not in starts and not st.excluded_at(e, part.end(1)):
            out.append((part.start(1), part.end(1), part.group(1)))
            owned.append((name, part.group(1)))
    return out, owned


def find(st: Article) -> None:
    """Every zone the article names, with its aliases and the references where it is
    named, then the sub-areas it enumerates, introduces or treats as subjects."""
    alias_spans: list[tuple[int, int]] = []
    found, owned = _possessive_parts(st, proper_names(st))
    for s, e, name in found:
        if overlaps_any(alias_spans, s, e):
            continue
        shorter = st.shortened(name) or st.part_of(name) or st.acronym_of(name) or st.contraction_of(name)
        if shorter:  # "Optics Valley" after "Optics Valley of China"
            st.add_alias(shorter, name)
            st.refs.append(Ref(s, e, shorter))
            continue
        key = st.add_zone(name, s)
        st.refs.append(Ref(s, e, key))
        for span in aliases_after(st, key, e):
            alias_spans.append(span)
            st.refs.append(Ref(span[0], span[1], key))
    for owner, part in owned:  # "the Guangxi Pilot Free Trade Zone's Qinzhou Port Area"
        o, p = st.alias_of.get(norm(owner)), st.alias_of.get(norm(part))
        if o and p and o != p:
            st.set_parent(p, o, "its-x")
    heading_names(st)
    areas_of_zones(st)
    phases(st)
    st.main = main_zone(st)
    for ref in st.refs:
        zone = st.zones.get(ref.key)
        if ref.start in st.named_parts and zone and st.main and zone.key != st.main and zone.parent is None:
            zone.parent, zone.why, zone.default_parent = st.main, "named-part", True
    head_aliases(st)
    short_forms(st)
    part_aliases(st)
    add_sub_areas(st)
    first_word_aliases(st)
    acronym_aliases(st)


_HEADING = re.compile(r"^[ \t]*(?:[*#>•\-]+[ \t]*)?([A-Z][A-Z0-9&'’().\- ]*(?:,[ \t]*[A-Z][A-Z0-9&'’().\- ]*)*)[ \t]*$", re.MULTILINE)


def heading_names(st: Article) -> None:
    """A heading line in capitals ('* HAINAN FREE TRADE PORT', '* LINGANG SPECIAL AREA,
    SHANGHAI FTZ', '* XINJIANG'), as fact boxes and listings set them: each part that is a
    zone's name names that zone (read in title case); a part that is the first word of
    one zone's name refers to that zone, so the lines under it are about it."""
    heads = st.v["acronym_heads"]
    for m in _HEADING.finditer(st.text):
        if not re.search(r"[A-Z]{2}", m.group(1)) or st.excluded_at(m.start(1), m.end(1)):
            continue
        keys = []
        for part in re.finditer(r"[^,]+", m.group(1)):
            s, e = m.start(1) + part.start(), m.start(1) + part.end()
            while e > s and st.text[e - 1] in " \t":
                e -= 1
            written = st.text[s:e]
            words = written.lower().split()
            if not words or words[0] in lexicon().words or any(w in ("the", "on", "about", "of", "for") for w in words):
                continue  # 'SIX PROVINCIAL ZONES', 'INFORMATION ON THE PARK': a section title
            name = " ".join(w if w in heads else w.capitalize() for w in written.split())
            if st.head(name) and valid_name(st, name, e):
                key = st.shortened(name) or st.acronym_of(name) or st.contraction_of(name)
                if key:
                    st.add_alias(key, written)
                else:
                    key = st.add_zone(name, s)
                st.refs.append(Ref(s, e, key, heading=True))
                keys.append(key)
                continue
            first = [k for k, z in st.zones.items() if not z.sub_area and z.name.lower().startswith(name.lower() + " ")]
            if len(first) == 1:
                st.refs.append(Ref(s, e, first[0], heading=True))
            keys.append(first[0] if len(first) == 1 else None)
        if len(keys) == 2 and all(keys) and keys[0] != keys[1] and st.zones[keys[0]].parent is None:
            st.set_parent(keys[0], keys[1], "heading-of-zone")  # 'LINGANG SPECIAL AREA, SHANGHAI FTZ'


def acronym_aliases(st: Article) -> None:
    """'the ETDZ' for a zone also called 'Weihai ETDZ': the acronym that ends a zone's name
    or alias, when it stands alone in the text and ends no other zone's."""
    owners: dict[str, set[str]] = {}
    for z in st.zones.values():
        for form in (z.name, *z.aliases):
            words = form.split()
            if len(words) >= 2 and re.fullmatch(r"[A-Z]{2,6}s?", words[-1]):
                owners.setdefault(words[-1], set()).add(z.key)
    owners = {a: keys for a, keys in owners.items() if len(keys) == 1 and norm(a) not in st.alias_of}
    if not owners:
        return
    alone = {m.group(1) for m in re.finditer(rf"(?<![\w-])(?:the|The)\s+({alt(owners)})(?![\w-])", st.text)}
    for acronym in sorted(alone):
        st.add_alias(next(iter(owners[acronym])), acronym)


def add_sub_areas(st: Article) -> None:
    """Sub-areas lie in the article's top zone, whatever the story is about; the zone
    the lede announces ("X has opened a new logistics park") is the story."""
    lede = st.lede()
    found = introduced(st, lede)
    introduced_set = set(found)
    top = st.main
    for s, e, phrase in sorted(set(sub_areas(st) + found + appositive_names(st) + enumerated(st))):
        if norm(phrase) in st.alias_of:
            continue
        fits = st.fits(phrase)
        if len(fits) == 1:  # "the quantum belt" after "a Quantum Avenue industrial belt"
            st.add_alias(fits[0], phrase)
            continue
        whole = next((k for k, z in st.zones.items() if not z.sub_area and norm(z.name).endswith(" " + norm(phrase))), None)
        if whole:  # "the cooperation zone" of "Guangdong-Macao In-Depth Cooperation Zone"
            st.add_alias(whole, phrase)
            continue
        words = phrase.split()
        if words[-1].lower() == "park" and len(words) > 1 and words[-2].capitalize() in st.v["leisure"]:
            continue  # "a wetland park": a park for people
        a, b = st.sentences[st.sentence_of(s)]
        company = st.v["company_subject"].match(st.text, a, b) if (s, e, phrase) in introduced_set else None
        if company and not any(a <= r.start < company.end() for r in st.refs):
            continue  # "BYD, the electric car maker, is building a battery base": the company's site
        key = st.add_zone(phrase, s, sub_area=True)
        st.refs.append(Ref(s, e, key, intro=(s, e, phrase) in introduced_set))
        modifier = re.search(r"\b([A-Za-z-]+)\s+$", st.text[max(0, s - 20) : s])
        if modifier and modifier.group(1).lower() in st.v["intro_modifiers"]:
            st.add_alias(key, f"{modifier.group(1)} {phrase}")  # "a new bonded logistics park": the name as written
        if top and key != top and not st.v["sibling"].search(phrase):
            st.zones[key].parent, st.zones[key].why = top, "main-zone"
            st.zones[key].default_parent = True
        indefinite = re.search(r"\b(?:an?|an?\s+new)\s+(?:[\d.,]+-[\w-]+\s+)?$", st.text[max(0, s - 30) : s], re.IGNORECASE)
        if (s, e, phrase) in introduced_set and indefinite and lede[0] <= s < lede[1] and not any(z.focus for z in st.zones.values()):
            # "X has opened a new logistics park": the story is about the new park ("its start-up
            # district" is a part of X, not the story)
            st.zones[key].focus = True
            st.main = key
