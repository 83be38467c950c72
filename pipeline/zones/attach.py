"""Stage 4, attachment: each mention goes to the zone its clause is about, or to none.
The rules of ``ATTACHMENT_RULES`` are tried in order and the first that fires decides;
its id is recorded beside the fact in the output."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from ..document import Mention
from . import coref
from .state import Article, Ref

_CLAUSE_BREAK = re.compile(r";|,\s+(?:while|whereas|but|and|of\s+which)\b|\bwhile\b")
_RATE_NOTE = re.compile(r"\s*\(?\s*[^\s=()]{1,12}\s*=\s*[^=()]{1,30}\)?\s*")
_RATE_NOTE_IN_BRACKETS = re.compile(r"\(\s*[^\s=()]{1,12}\s*=\s*[^=()]{1,30}\)")
_FIRMS_WHOSE = re.compile(r"\b(?:companies|firms|enterprises|projects|investors)\s+whose\b[^,;.]*$")
_TOGETHER_WITH = re.compile(r"\s*Together\s+with\b")
_EQUAL_TO = re.compile(r"\b(?:equal|equivalent)\s+to\s+(?:about\s+|around\s+|roughly\s+)?$")
_OF_THE = re.compile(r"\s*Of\s+(?:the\s+)?")
_OPENING_NAME = re.compile(r"\s*(?:(?:The|the)\s+)?([A-Z][\w-]*(?:['’](?!s\b)\w+)*)(['’]s\b)?(?!\s+(?:[IVX]+|\d+)\b)")
_NEXT_NAME = re.compile(r"\s+[A-Z][\w-]+\b")
_WORDS_AFTER = re.compile(r"[\s-]*((?:[\w'’-]+\s+){0,4}[\w'’-]+)")
_WORD = re.compile(r"[\w'’-]+")
_STOP = re.compile(r"[.;]")
_AND_BETWEEN = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?(?:[a-z]+\s+)?")
_EACH = re.compile(r"\s+each\b")

_PASS = object()  # an attachment rule that does not apply


def attach(st: Article, mentions: list[Mention]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Zone key -> ids of the mentions that belong to it, and mention id -> the id of the
    attachment rule that decided (see ``owner``)."""
    out: dict[str, list[str]] = {k: [] for k in st.zones}
    why: dict[str, str] = {}
    if not st.zones:
        return out, why
    refs = [r for r in st.refs if r.key]
    starts = [r.start for r in refs]
    for m in mentions:
        key, why[m.id] = owner(st, m, refs, starts)
        if key:
            out[key].append(m.id)
    return out, why


def owner(st: Article, m: Mention, refs: list[Ref], starts: list[int]) -> tuple[str | None, str]:
    """(the zone a mention belongs to or None, the id of the rule that decided): the
    first rule of ``ATTACHMENT_RULES`` that fires decides."""
    s, e = st.sentences[st.sentence_of(m.start)]
    clause = s
    for c in _CLAUSE_BREAK.finditer(st.text[s : m.start]):
        clause = s + c.end()
    window = refs[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
    there = [r for r in window if r.kind == "locative" and r.start >= clause]
    window = [r for r in window if r.kind != "locative"]
    before = [r for r in window if r.end <= m.start]
    # from "invested-in" on, zones inside a closed relative clause are not subjects
    main = outside_relative_clauses(st, before, m)
    at = _At(st, m, s, e, clause, window, before, [r for r in before if r.start >= clause],
             main, [r for r in main if r.start >= clause], there)
    for rule, decide in ATTACHMENT_RULES:
        got = decide(st, at)
        if got is not _PASS:
            return got, rule
    raise AssertionError("the last attachment rule always decides")


def rule_exchange_rate(st: Article, at: "_At"):
    """'($1 = 7.1570 yuan)': a wire story's exchange-rate note is no zone's."""
    if _RATE_NOTE.fullmatch(st.text[at.s : at.e]):
        return None
    opened = st.text.rfind("(", at.s, at.m.start)
    closed = st.text.find(")", at.m.end, at.e)
    if opened != -1 and closed != -1 and _RATE_NOTE_IN_BRACKETS.fullmatch(st.text[opened : closed + 1]):
        return None  # "... in 2023. ($1 = 7.1570 yuan)" left in the sentence before
    return _PASS


def rule_bracket_gloss(st: Article, at: "_At"):
    """'the Kanas Area (80 sq km), the Burqin Area (25 sq km)': a figure in brackets right
    after a zone's name is that zone's."""
    ref = next((r for r in reversed(at.before) if r.kind == "name" and r.key), None)
    if ref is None or not re.fullmatch(r"\s*\(\s*(?:[a-z]+\s+){0,3}", st.text[ref.end : at.m.start]):
        return _PASS
    return ref.key if re.match(r"[^()\n]{0,40}\)", st.text[at.m.end : at.e]) else _PASS


def rule_firms_whose(st: Article, at: "_At"):
    """'rewards to firms whose annual revenue passes 1 billion yuan': the firms' figure."""
    if _FIRMS_WHOSE.search(st.text[at.clause : at.m.start]):
        return None
    return _PASS


def rule_shared(st: Article, at: "_At"):
    """'X and Y, which together cover 30 hectares', 'Together with the Y, it has drawn ...',
    'a Chinese unit equal to about 0.16 acre': no one zone's figure."""
    if _TOGETHER_WITH.match(st.text[at.s : at.m.start]) or _EQUAL_TO.search(st.text[at.s : at.m.start]):
        return None
    return None if shared(st, at.m, at.in_clause or at.before) else _PASS


def rule_fronted(st: Article, at: "_At"):
    """'Covering 47 sq km and located next to the Y, the X ...', 'By 2035, the new area ...':
    a figure in an opening phrase is the main clause's subject's."""
    return fronted_subject(st, at.s, at.e, at.m, at.window) or _PASS


def rule_zones_in_general(st: Article, at: "_At"):
    """'each pilot zone should cover no more than 5 sq km': no zone's."""
    if generic_subject(st, at.clause, at.m, at.in_clause):
        return None
    if _OF_THE.fullmatch(st.text[at.s : at.m.start]):
        comma = st.text.find(",", at.m.end, at.e)
        if st.v["generic_subject"].search(st.text, at.m.end, comma if comma != -1 else at.e):
            return None  # "Of the 310 billion yuan put into the eight zones, ...": their total
    return _PASS


def rule_verbless_clause(st: Article, at: "_At"):
    """'..., the Kunshan zone 2.4 billion US dollars and ...': the zone named right before."""
    if at.m.type == "DATE":
        return _PASS  # "... in the X Zone next year": a date after a name says when, not whose
    gapped = next((r for r in reversed(at.before) if r.kind == "name" and not r.possessive and not r.object
                   and st.v["verbless_gap"].fullmatch(st.text, r.end, at.m.start)), None)
    if gapped is None:
        return _PASS
    return gapped.key


def rule_invested_in(st: Article, at: "_At"):
    """Money invested in a zone is its."""
    return invested_in(st, at.m, at.window, at.clause) or _PASS


def rule_distance_from(st: Article, at: "_At"):
    """A distance measured from or to a zone is its."""
    return distance_to(st, at.m, at.window) or _PASS


def rule_relative_clause(st: Article, at: "_At"):
    """'its Gene and Cell Town, which will add 1.6 million square meters': the relative clause's zone."""
    return relative_clause(st, at.m, at.main_before) or _PASS


def rule_there(st: Article, at: "_At"):
    """'Standard factory buildings there are let at 12 yuan per square metre', 'can use up to
    2,000 square metres there': a clause that says "there" of a zone, and has no zone as
    its subject, is about that zone."""
    there = at.there
    if not there or at.named or coref.company_opens(st, st.sentence_of(at.m.start)):
        return _PASS  # "Changan Automobile will build a battery plant there": the company's
    if not any(r.subject and not r.possessive for r in at.main_in_clause):
        return there[0].key
    return _PASS


def rule_other_subject(st: Article, at: "_At"):
    """A clause about a facility, a company or another subject is no zone's (a zone owning
    the subject, "Its first warehouse", does not make it the zone's)."""
    about_zone = [r for r in at.main_in_clause if not r.possessive]
    # "The park's management company plans to add another 150 hectares": the zone's own body speaks for it
    body = next((r for r in at.main_in_clause if r.possessive and st.v["zone_body"].match(st.text, r.end)
                 and st.text[at.clause : r.start].strip(" \n\"“").lower() in ("", "the")), None)
    if body is None and (at.facility or about_other(st, at.s, at.clause, at.m)) and not about_zone:
        return None
    return _PASS


def rule_facility_measure(st: Article, at: "_At"):
    """A measure that modifies a facility ('a 5.8-kilometre tunnel', 'a 150,000-square-metre
    plant', 'a HK$800 million research centre', 'a 1,000-hectare wetland park') is the
    facility's, whatever the clause is about."""
    if at.m.type == "DATE":
        return _PASS
    words = _WORD.findall(st.without_refs(at.m.end, min(at.e, at.m.end + 60)).lower())[:5]
    stop = next((i for i, w in enumerate(words) if w in st.v["prepositions"] or w in st.v["phrase_ends"]
                 or w in st.v["subject_follow"]), len(words))
    leisure = any(w == "park" and i and words[i - 1].capitalize() in st.v["leisure"] for i, w in enumerate(words[:stop]))
    if (leisure or any(w in st.v["facility"] for w in words[:stop])) and \
            not any(r.start >= at.m.end and r.start < at.m.end + 40 for r in at.window if r.kind == "name"):
        return None
    return _PASS


def rule_inside_name_phrase(st: Article, at: "_At"):
    """A measure inside a zone's name phrase ('the 1,000-mu X park') is that zone's."""
    return modified_zone(st, at.m, at.window) or _PASS


def rule_company_subject(st: Article, at: "_At"):
    """A sentence whose subject is a company ('Chinese drone maker SkyArc said it would set
    up a HK$800 million research centre in the park') states the company's figures."""
    zone_subject = [r for r in at.main_before if r.subject and not r.possessive]
    if any(st.v["develops_zone"].search(st.text, max(at.s, r.start - 40), r.start) for r in at.window if r.kind != "pronoun"):
        return _PASS  # "A consortium will invest $600 million to expand the Epe Lagoon Free Trade Zone": the zone's
    if coref.company_opens(st, st.sentence_of(at.m.start)) and not zone_subject:
        return None
    if st.v["company_where"].search(st.text, at.s, at.m.start):
        return None  # "..., where a battery maker from Ulsan is spending CNY 3.6 billion on a plant"
    i = bisect.bisect_left(st.ref_starts, at.clause)
    while i < len(st.refs) and st.refs[i].start < at.m.start:  # "It had 21 billion yuan of cash": it, the company
        r = st.refs[i]
        if r.rule == "company-subject" and r.subject and not any(q.start > r.start for q in zone_subject):
            return None
        i += 1
    return _PASS


def rule_named_subject(st: Article, at: "_At"):
    """A sentence opened by another name ('Alibaba said it would spend ...') is no zone's,
    unless it names a zone after the mention ('... in the park')."""
    if not at.named or at.pool():
        return _PASS
    after = [r for r in at.window if at.m.end <= r.start and r.kind != "pronoun" and r.start >= at.clause]
    return after[0].key if after else None


def rule_clause_subject(st: Article, at: "_At"):
    """The subject-like reference before the mention in its clause or sentence, or the
    zone introduced after it ('X has opened a logistics park covering 4,200 mu')."""
    pool = at.pool()
    if not pool:
        return _PASS
    subj = [r for r in pool if r.subject and not r.possessive]
    free = [r for r in pool if not r.object and not r.possessive]
    best = subj[-1] if subj else free[-1] if free else pool[-1]
    intro = [r for r in pool if r.intro and r.start > best.start]
    return (intro[-1] if intro else best).key


def rule_zone_after(st: Article, at: "_At"):
    """A sentence that names no zone before the figure but names one after it in the same
    clause ('A 3.6-billion-yuan fund ... was launched on Wednesday for the Jinzhou Bay
    Hydrogen Energy Industrial Park') is about that zone."""
    if at.before or at.facility:
        return _PASS  # "A 48-billion-yuan ethylene complex broke ground ... in the park": the complex's
    end = at.e
    for c in re.finditer(r";|,\s+(?:and|but|while|whereas)\b", st.text[at.m.end : at.e]):
        end = at.m.end + c.start()
        break
    after = next((r for r in at.window if at.m.end <= r.start < end and r.kind == "name"), None)
    if after and st.v["zone_after_preposition"].search(st.text, at.m.end, after.start):
        return after.key
    return _PASS


def rule_other_name(st: Article, at: "_At"):
    """A sentence that names no zone but names something else before the figure ('Installed
    battery capacity in China rose 32% in 2023', 'Shares of Hoshino closed up 3.1%') is
    about that, not about the zone the paragraph is about. A distance is measured from the
    zone ('Moscow is about 190 km away')."""
    if at.window or at.there or at.m.type == "DISTANCE":
        return _PASS
    lead = st.text[at.s : at.m.start]
    if set(re.findall(r"[a-z]+", st.text[at.s : at.e].lower())) & st.v["policy"]:
        return _PASS  # "Companies moving from Germany receive a subsidy of 500 yuan": the zone's policy
    for w in re.finditer(r"(?<=[\w,;:)] )[A-Z][\w'’-]+", lead):
        pos = at.s + w.start()
        j = bisect.bisect_right(st.mention_starts, pos) - 1
        inside = j >= 0 and st.mention_spans[j][1] > pos  # a word of a mention ("the Spring Festival")
        if not inside and not st.v["calendar_word"].match(w.group(0)) and w.group(0) in st.proper_words \
                and w.group(0) not in st.zone_words:
            return None
    return _PASS


def rule_quoted_speech(st: Article, at: "_At"):
    """A sentence of direct speech that names no zone ('"Five years ago, exporting made no
    sense," he said') is the speaker's, not the paragraph's zone's."""
    if at.window or at.there:
        return _PASS
    curly, straight = st.quotes_open(st.sentence_of(at.m.start))  # opened in the paragraph, not yet closed
    before = st.text[at.s : at.m.start]
    inside = curly + before.count("“") - before.count("”") > 0 or (straight + before.count('"')) % 2 == 1
    return None if inside else _PASS


def rule_paragraph_topic(st: Article, at: "_At"):
    """The zone the paragraph is about, else the article's main zone."""
    return coref.topic(st, at.m.start)


def fronted_subject(st: Article, s: int, e: int, m: Mention, window: list[Ref]) -> str | None:
    """A figure in a phrase that opens the sentence is the main clause's subject's: a
    participial phrase ('Covering 47 sq km and located next to the Y, the X attracted
    ...'), or any opening phrase without a comma before the mention ('By the end of
    2025, the new area will ...', 'At 180 sq km, the conservation area is ...')."""
    participle = st.v["fronted"].match(st.text, s)
    if not participle and ("," in st.text[s : m.start] or any(r.end <= m.start for r in window)
                           or re.match(r"\s*Of\s", st.text[s : m.start])):
        return None  # "Of the 310 billion yuan put into the eight zones, the Hefei zone took ...": the whole
    for c in re.finditer(r",\s+(?:the\s+)?", st.text[m.end : e]):
        pos = m.end + c.end()
        ref = next((r for r in window if r.start == pos and r.key), None)
        if ref:
            return ref.key if participle or (ref.subject and not ref.possessive) else None
        if not participle:
            return None
    return None


def generic_subject(st: Article, clause: int, m: Mention, refs: list[Ref]) -> bool:
    """The clause before the mention is about zones in general, and names none."""
    g = st.v["generic_plural"].match(st.text, clause, m.start)
    for g in st.v["generic_subject"].finditer(st.text, clause, m.start):
        pass
    return g is not None and not any(r.start >= g.end() for r in refs)


def outside_relative_clauses(st: Article, refs: list[Ref], m: Mention) -> list[Ref]:
    """Drop references inside a relative clause closed before the mention ('The X, which
    borders the Y, was set up in 1993': the Y is not the subject)."""
    out = []
    floor = st.sentences[st.sentence_of(m.start)][0]  # a relative clause opens in the sentence
    for r in refs:
        opened = max(st.text.rfind(", which ", floor, r.start), st.text.rfind(", whose ", floor, r.start),
                     st.text.rfind(", who ", floor, r.start))
        closed = st.text.find(",", r.end, m.start)
        if opened != -1 and closed != -1 and not _STOP.search(st.text[opened : r.start]) and opened < r.start:
            continue
        out.append(r)
    return out or refs


def shared(st: Article, m: Mention, pool: list[Ref]) -> bool:
    """Two zones joined by 'and' before the mention, with 'together', 'jointly',
    'combined', 'both' ... between them and the mention."""
    names = [r for r in pool if r.kind in ("name", "pronoun") and r.key]
    for a, b in zip(names, names[1:]):
        if a.key != b.key and _AND_BETWEEN.fullmatch(st.text[a.end : b.start]):
            # "..., which together cover 30 hectares"; "including Yunqi and the Dream Town, got quotas of 200 mu each"
            return bool(st.v["shared"].search(st.text[b.end : m.start]) or _EACH.match(st.text[m.end : m.end + 8]))
    return False


def about_other(st: Article, sentence: int, clause: int, m: Mention) -> bool:
    """The mention's sentence or clause opens with a subject that is not a zone
    ('The county, about 60 kilometres northwest of Hangzhou, ...')."""
    return bool(st.v["non_zone_subject"].match(st.text[sentence : m.start]) or
                st.v["non_zone_subject"].match(st.text[clause : m.start]))


def relative_clause(st: Article, m: Mention, before: list[Ref]) -> str | None:
    """'... its Gene and Cell Town, which will add 1.6 million square meters', 'the
    Protasovo site of 840 hectares, located some 12 km east of Ryazan': a relative or
    participial clause right after a zone reference is about that zone."""
    named = [r for r in before if r.kind != "pronoun"]
    if not named:
        return None
    r = named[-1]
    rel = st.v["relative_after_ref"].match(st.text[r.end : m.start])
    if rel and not any(q.start > r.end for q in before):
        return r.key
    return None


def distance_to(st: Article, m: Mention, window: list[Ref]) -> str | None:
    """'the airport is about 15 kilometers south of the new area', '45 km from the town':
    a distance measured to a zone is that zone's."""
    r = st.next_ref(m, window) if m.type == "DISTANCE" else None
    if r and st.v["distance_to"].fullmatch(st.text, m.end, r.start):
        return r.key
    return None


def invested_in(st: Article, m: Mention, window: list[Ref], clause: int) -> str | None:
    """'will invest 30 billion yuan over five years in a new software park', '1.2 bln rubles
    will be spent this year on a railway siding to the Yuzhny site': money spent in or on a
    zone named after it in the clause."""
    if m.type == "DATE":  # "1.2 bln rubles will be spent this year on a siding to the Yuzhny site"
        if not st.v["spend_verbs"].search(st.text, max(clause, m.start - 20), m.start):
            return None
    elif m.type != "MONEY" or not st.v["spend_verbs"].search(st.text, clause, m.end + 40):
        return None
    # the next reference to a zone, "it" included ("have put more than US$800 million into it")
    r = next((q for q in window if q.start >= m.end and (q.kind != "pronoun" or st.text[q.start : q.end].lower() == "it")), None)
    if r and not coref.company_opens(st, st.sentence_of(m.start)) and re.search(r"\b(?:in|at|into|to|for)\s+(?:a\s+|an\s+|the\s+|its\s+)?(?:new\s+)?$", st.text[m.end : r.start]) \
            and not re.search(r";|\.(?!\d)|,\s+(?:and|but|while)\b", st.text[m.end : r.start]):
        return r.key
    return None


def modified_zone(st: Article, m: Mention, window: list[Ref]) -> str | None:
    """The zone a measure is part of the name phrase of: 'a 200-mu innovation park',
    'a 2.4-billion-yuan expansion of its Gene and Cell Town'."""
    if m.type == "DATE":
        return None
    before = [r for r in window if r.end <= m.start and r.kind != "pronoun"]
    # "a residential quarter of 60 hectares", "its start-up zone of 15 square kilometres",
    # "the Weihai Cold Chain Trade Hub, a 300-mu cluster of bonded warehouses"
    if before and re.fullmatch(r"\s+of\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+)?|,\s+(?:a|an)\s+", st.text[before[-1].end : m.start]):
        return before[-1].key
    r = st.next_ref(m, window)
    if r and st.v["modifier_gap"].fullmatch(st.text, m.end, r.start):
        return r.key
    # "the new 40-square-kilometre section, to be known as the Hunhe Riverside Area"
    if r and re.fullmatch(r"[\s-]*(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w'’-]*,?\s+" + st.v["naming_cue"] + r"\s+(?:the\s+)?[“\"]?",
                          st.text[m.end : r.start]):
        return r.key
    return None


def named_subject(st: Article, sentence: int, clause: int, m: Mention) -> bool:
    """The sentence or clause opens with a proper name (or its possessive) that is not
    a zone: a company, a city, a country. A capitalised first word counts as a name
    when the text also capitalises it in mid-sentence or gives it a possessive."""
    for start in {sentence, clause}:
        w = _OPENING_NAME.match(st.text[start : m.start])
        if not w:
            continue  # "Phase II will cost ...": a part of the zone, not a name
        word = w.group(1)
        if word in st.v["heads_by_last"]:
            continue  # "Town officials say ..."
        if st.zone_at(start + w.start(1)) or st.ref_at(start + w.start(1)):
            continue
        two_names = _NEXT_NAME.match(st.text[start + w.end(1) : start + w.end(1) + 40])
        if w.group(2) or word in st.proper_words or (two_names and not st.ref_at(start + w.end(1) + 1)):
            return True  # "Luxembourg's Cargolux", "Wenzhou, known for", "Origin Quantum, founded in"
    return False


def about_facility(st: Article, clause: int, m: Mention) -> bool:
    """The mention measures a facility or a company, not a zone: a facility noun
    heads the words right after it ('a 120-metre tower') or opens its clause
    ('The tower will rise 120 metres')."""
    after = _WORDS_AFTER.match(st.without_refs(m.end, m.end + 60))
    if after:
        words = after.group(1).lower().split()
        stop = next((i for i, w in enumerate(words) if w in st.v["prepositions"] or w in st.v["phrase_ends"]), len(words))
        if any(w in st.v["facility"] for w in words[:stop]):
            return True
    head = st.without_refs(clause, m.start).lower()
    opening = _WORD.findall(head)[:6]
    verb = next((i for i, w in enumerate(opening) if w in st.v["subject_follow"] or w in st.v["reporting"]), None)
    if verb is not None:  # "The plan promises 20,000 rental apartments": the subject ends at its verb
        opening = opening[:verb]
    hits = [w for w in opening if w in st.v["facility"] or w in st.v["company"]]
    if hits and all(w in st.v["company"] for w in hits):
        # "Companies moving in receive a subsidy of 500 yuan": what the zone gives them is the zone's
        clause_words = set(_WORD.findall(st.text[clause : m.end + 40].lower()))
        if clause_words & st.v["policy"]:
            return False
    return bool(hits)


@dataclass
class _At:
    """Where a mention stands: its sentence and clause, the zone references around it;
    what only some rules ask is read when first asked."""
    st: Article
    m: Mention
    s: int
    e: int
    clause: int
    window: list
    before: list
    in_clause: list
    main_before: list  # ``before`` without the zones inside a closed relative clause
    main_in_clause: list
    there: list  # "there" in the mention's clause, standing for a zone

    @cached_property
    def facility(self) -> bool:
        """The mention measures a facility or a company (``about_facility``)."""
        return about_facility(self.st, self.clause, self.m)

    @cached_property
    def named(self) -> bool:
        """The sentence or clause opens with a name that is not a zone's (``named_subject``)."""
        return named_subject(self.st, self.s, self.clause, self.m)

    def pool(self) -> list:
        """The references a subject is chosen from (a name's "its" is the name's, not a zone's)."""
        pool = self.main_in_clause or self.main_before
        return [r for r in pool if r.kind != "pronoun"] if self.named else pool


# The attachment rules in the order they are tried: the first that fires decides, and its
# id is recorded beside the fact in the output ("because").
ATTACHMENT_RULES = (
    ("exchange-rate", rule_exchange_rate),
    ("bracket-gloss", rule_bracket_gloss),
    ("firms-whose", rule_firms_whose),
    ("shared-figure", rule_shared),
    ("fronted-participle", rule_fronted),
    ("zones-in-general", rule_zones_in_general),
    ("verbless-clause", rule_verbless_clause),
    ("invested-in", rule_invested_in),
    ("distance-from", rule_distance_from),
    ("relative-clause", rule_relative_clause),
    ("there", rule_there),
    ("other-subject", rule_other_subject),
    ("facility-measure", rule_facility_measure),
    ("inside-name-phrase", rule_inside_name_phrase),
    ("company-subject", rule_company_subject),
    ("named-subject", rule_named_subject),
    ("clause-subject", rule_clause_subject),
    ("zone-after", rule_zone_after),
    ("other-name", rule_other_name),
    ("quoted-speech", rule_quoted_speech),
    ("paragraph-topic", rule_paragraph_topic),
)
