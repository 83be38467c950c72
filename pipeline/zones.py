"""Zone records from an article's text and its mentions.

1. Names: proper names ending in a zone head noun ("... Demonstration Zone";
   a weak head such as "Town" only with a descriptor, "Dream Town", or an
   appositive, "Yunqi Town, a characteristic town"), quoted names that hold
   one, and the sub-areas an article enumerates as subjects ("the life
   services area, which ...").
   A named area of a zone ("the Pingtan Area of the China (Fujian) Pilot Free
   Trade Zone") is a zone inside it. A zone the lede announces ("X has opened
   a new bonded logistics park") is what the story is about.
2. Aliases: parenthesised or quoted short names, "hereinafter referred to as"
   names, "X, better known as Y," the head phrase of a name used with "the"
   ("the special area" for "Lingang Special Area") and short forms made of
   some of its words and its head ("the Yangpu zone"); every reference to a
   zone is one record, the fullest form its name.
3. Locations and parents: places a clause puts the zone in / at / across /
   between, or right after the name ("Yunqi Town in Hangzhou"); a zone named
   as the location, or after "X of the", "X, the ... of the", is the parent.
   Sub-areas lie inside the article's main zone.
4. Attachment: a mention belongs to the zone its sentence is about: the
   subject-like reference before it in the sentence (one that opens the
   sentence or is followed by a verb; never the object of a preposition),
   "it" / "its" standing for the first zone of the sentence before, else the
   zone the paragraph or text is about. A sentence whose subject is another
   name ("Alibaba said ...", "Britain's biotech industry ...") or a facility
   leaves its facts unattached, unless it names a zone after them.

All vocabulary comes from ``rules/zones.json``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import rules
from .document import Mention, Zone
from .ingest import overlaps_any

_QUOTES = "\"“”「」『』"
_ENUM_STOP = {"the", "a", "an", "this", "that", "its", "their", "each", "every", "which", "such", "other", "whole", "entire",
              "total", "combined", "same", "one", "two", "three", "four", "five", "several", "many", "some", "all", "both"}
_LEAD_WORDS = {"The", "A", "An", "In", "On", "At", "By", "As", "For", "From", "With", "To", "Of", "And", "Its", "Their",
               "This", "That", "Both", "New", "Under", "Since", "While", "After", "Before", "Meanwhile", "Besides",
               "Inside", "Within", "Outside", "Near", "Beside", "Around", "Across", "Throughout", "Along", "Among", "Beyond",
               "Behind", "Opposite", "Like", "Unlike", "Than", "Via", "Into", "Through", "Between", "Over"}


@dataclass
class Ref:
    """One place in the text that names a zone, or stands for one ("it", "the park")."""

    start: int
    end: int
    key: str  # the zone's key; "" until resolved
    kind: str = "name"  # name | generic | pronoun
    head: str = ""  # for generic references: the head words ("new area")
    subject: bool = False
    object: bool = False  # the object of a preposition ("in the park")
    possessive: bool = False  # "its", "the zone's"
    intro: bool = False  # where an article introduces the zone ("has opened a new logistics park")


_REPORTING_VERBS = {"promises", "promised", "calls", "called", "said", "says", "offers", "offered", "provides", "provided",
                    "pledged", "pledges", "expects", "expected", "wants", "aims"}
_PREPOSITIONS = {"of", "for", "with", "in", "on", "inside", "within", "outside", "near", "around", "across", "along", "at",
                 "by", "from", "to", "into", "between", "beyond"}
# The words right before a reference that make it the object of a preposition.
_OBJECT_BEFORE = re.compile(r"\b(?:in|at|of|from|near|to|into|within|inside|outside|across|between|beyond|around|"
                            r"with|by|for|on|toward|towards|than|like)\s+(?:the\s+|its\s+|their\s+)?$",
                            re.IGNORECASE)
# What may come before a sentence's subject: an opening phrase and a comma, or a short time phrase.
_OPENING = re.compile(r"\s*(?:[A-Z][^,;]{0,80},\s*(?:the\s+|its\s+)?|"
                      r"(?:By|In|Since|Until|Last|This|Next|Earlier|Later|So far|Now|Meanwhile|Also)\b[^,;]{0,25}?\s+(?:the\s+)?)",
                      )


@dataclass
class _Zone:
    key: str
    name: str
    first: int
    head: str = ""
    aliases: list[str] = field(default_factory=list)
    sub_area: bool = False
    focus: bool = False  # a sub-area the text is mostly about
    parent: str | None = None
    located_in: list[str] = field(default_factory=list)
    default_parent: bool = False  # the parent is the article's main zone, for want of a better one
    why: str | None = None  # the id of the rule that gave the parent
    why_places: dict = field(default_factory=dict)  # place -> the id of the rule that found it


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _vocab():
    z = rules.load("zones")
    word = r"(?:[A-Z][\w'’-]*|[A-Z0-9]{2,}|\d+[A-Za-z]*)"
    conn = _alt(z["name_connectors"])
    run_re = re.compile(
        rf"{word}(?:(?:[ \t]+|-)(?:{word}|(?:{conn})(?=[ \t]+[A-Z]))|[ \t]*&[ \t]*{word}|[ \t]+\([A-Z][\w ]*\))*"
    )
    heads = sorted(set(z["heads"]) | set(z["weak_heads"]), key=len, reverse=True)
    head_end = re.compile(rf"(?<![\w-])(?:{_alt(heads)})(?![\w-])")
    low_word = r"(?:[a-z][\w&/-]*|R&D|[A-Z]{2,4}|[A-Z][\w'’-]*)"
    sub_re = re.compile(
        rf"\b[Tt]he\s+({low_word}(?:\s+{low_word}){{0,4}}\s+(?:{_alt(z['sub_area_heads'])}))\b"
    )
    return {
        "run": run_re,
        "head_end": head_end,
        "sub": sub_re,
        "heads": frozenset(z["heads"]),
        "head_list": tuple(heads),
        "heads_by_last": _by_last_word(heads),
        "weak": frozenset(z["weak_heads"]),
        "descriptors": frozenset(z["descriptors"]),
        "not_zone": frozenset(z["not_zone_words"]),
        "leisure": frozenset(z["leisure_park_words"]),
        "shared": re.compile(rf"\b(?:{_alt(z['shared_cues'])})\b"),
        "metro": frozenset(m.lower() for m in z["metro_regions"]),
        "sub_heads": frozenset(z["sub_area_heads"]),
        "sub_stop": frozenset(z["sub_area_stop_words"]),
        "sub_follow": frozenset(z["sub_area_follow"]),
        "place_suffix": frozenset(z["place_suffixes"]),
        "locative": re.compile(rf"\b(?i:{_alt(z['locative_verbs'])})\s+(?:{_alt(z['locative_prepositions'])})\s+([^.;:!?\n]+)"),
        "alias_cues": tuple(sorted((c.lower() for c in z["alias_cues"]), key=len, reverse=True)),
        "inline_alias": re.compile(rf",\s+(?:{_alt(z['alias_cues_inline'])})\s+(?:the\s+)?([A-Z][\w'’&-]*(?:\s+(?:of|and|&|[A-Z][\w'’&-]*))*)"),
        "generic": tuple(sorted(z["generic_references"], key=len, reverse=True)),
        "pronouns": frozenset(z["pronouns"]),
        "subject_follow": frozenset(z["subject_follow"]),
        "facility": frozenset(z["facility_nouns"]),
        "company": frozenset(z["company_nouns"]),
        "policy": frozenset(z["policy_words"]),
        "non_zone_subject": re.compile(r"^\s*(?:" + _alt(z["non_zone_subjects"]) + r")\b"
                                       rf"|^\s*(?-i:(?:The\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:District|district|County|county|Province|province|"
                                       rf"Township|township|Village|village|City|city|Prefecture|prefecture)\b(?!\s+(?:of|Park|Zone|Area)))", re.IGNORECASE),
        "generic_subject": re.compile(rf"\b(?:(?:each|every|all|any|no)\s+(?:[\w-]+\s+){{0,3}}(?:zone|park|area)s?"
                                      rf"|\d[\d,]*\s+(?:[\w-]+\s+){{0,4}}(?:{_alt(z['generic_zone_nouns'])}))\b"),
        "fronted": re.compile(rf"\s*(?:{_alt(z['fronted_participles'])})\b"),
        "intro": re.compile(
            rf"\b(?:{_alt(z['introducers'])})\s+((?:[\w&/'’-]+\s+){{0,4}}?(?:{_alt(z['sub_area_heads'])}))\b(?=\s*(,|\(|\.(?=\s|$)|\w+))", re.IGNORECASE),
        "intro_follow": frozenset(z["intro_follow"]),
        "measure_modifiers": frozenset(z["measure_modifiers"]),
        "division": re.compile(rf"\b(?:{_alt(z['division_cues'])})\s+"),
        "enum_heads": frozenset(z["enumerated_heads"]),
        "includes": re.compile(rf"\b(?:{_alt(z['includes_cues'])})\s+"),
        "heart": re.compile(r"\b[Aa]t\s+(?:its|the)\s+(?:heart|core|centre|center)\s+(?:lies|lie|sits|sit|is|stands)\s+(?:the\s+)?"),
        "member_of": re.compile(r"\bone\s+of\s+(?:the|its)\s+(?:[\w-]+\s+){0,3}(?:parks|zones|areas|bases|clusters)\s+(?:under|of|in|within)\s+(?:the\s+)?"),
        "membership": re.compile(rf"\b(?:{_alt(z['membership_cues'])})\s+(?:the\s+|its\s+)?"),
        "enumeration": re.compile(rf"\b(?:{_alt(z['enumeration_nouns'])})\s*:\s*"),
        "extent": re.compile(rf"\b(?:{_alt(z['reach_verbs'])})\s+(?:(?:the\s+)?(?:[a-z]+\s+)?parts?\s+of\s+)?(?=(?:the\s+)?[A-Z])([^.;:!?\n]+)|"
                             rf"\b(?:{_alt(z['extent_verbs'])})\b(?:[^.;\n]|\.(?=\d)){{0,60}}?\b(?:across|between|in|on|the whole of|all of)\s+([^.;:!?\n]+)"),
    }


def _by_last_word(heads: list[str]) -> dict[str, tuple[str, ...]]:
    """Head phrases grouped by their last word, longest first."""
    out: dict[str, list[str]] = {}
    for h in sorted(heads, key=len, reverse=True):
        out.setdefault(re.split(r"[\s-]", h)[-1], []).append(h)
    return {k: tuple(v) for k, v in out.items()}


def norm(name: str) -> str:
    """Comparison key of a zone name: case-folded, quotes and a leading 'the' dropped."""
    name = name.strip().strip(_QUOTES + "'‘’").strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return " ".join(name.casefold().split())


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?;。])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if e > s]


class _Builder:
    def __init__(self, text: str, excluded: list[tuple[int, int]], mention_spans: list[tuple[int, int]] = ()):
        self.mention_spans = sorted(mention_spans)
        self.mention_starts = [a for a, _ in self.mention_spans]
        self.text = text
        self.excluded = sorted(excluded)
        self.v = _vocab()
        self.zones: dict[str, _Zone] = {}
        self.alias_of: dict[str, str] = {}  # norm(alias or name) -> zone key
        self.refs: list[Ref] = []
        self._name_words: dict[str, list[str]] = {}  # zone key -> words of its name, for _fits
        self.sentences = _sentences(text) or [(0, len(text))]
        self._sentence_starts = [a for a, _ in self.sentences]
        self._paragraph_breaks = [m.start() for m in re.finditer("\n\n", text)]

    def excluded_at(self, start: int, end: int) -> bool:
        return overlaps_any(self.excluded, start, end)

    # ------------------------------------------------------------ names
    def _valid_name(self, name: str, end: int) -> bool:
        words = re.split(r"[\s-]+", name)
        if len(words) < 2:
            return False
        if any(w in self.v["not_zone"] for w in words) or norm(name) in self.v["metro"]:
            return False
        if words[-1] == "Park" and words[-2] in self.v["leisure"]:
            return False  # "Riverside Wetland Park", "Century Park": a park for people, not a zone
        head = self._head(name)
        if head in self.v["weak"] and head not in self.v["heads"]:
            described = any(w in self.v["descriptors"] for w in words[:-1])
            appositive = re.match(r",\s+(?:a|an|the)\s+[\w\s-]{0,40}?\b(?:town|zone|park|area|base|hub|cluster|valley|city|port)\b", self.text[end : end + 80])
            # "its Gene and Cell Town": a zone's own part
            owned = self.text[max(0, end - len(name) - 5) : end - len(name)].lower().endswith("its ")
            if not (described or appositive or owned):
                return False
        return True

    def proper_names(self) -> list[tuple[int, int, str]]:
        found = []
        for run in self.v["run"].finditer(self.text):
            start = run.start()
            text = run.group(0)
            lasts = self.v["heads_by_last"]
            ends = [run.start() + w.end() for w in re.finditer(r"[^\s-]+", text)
                    if w.group(0) in lasts and self._head(text[: w.end()])]
            # heads that follow one another with nothing but spaces between make one
            # name ("Qinzhou Bonded Port Area")
            ends = [e for i, e in enumerate(ends) if i + 1 == len(ends) or re.search(r"\b(?:and|of|for|&|the)\b", self.text[e : ends[i + 1]])]
            for end in ends:
                s = start
                seg = self.text[s:end]
                placed = False
                # drop lead words ("The", "In") and possessives ("Chengdu's")
                while True:
                    m = re.match(r"(\S+)[ \t]+", seg)
                    if m and (m.group(1) in _LEAD_WORDS or re.search(r"['’]s$", m.group(1)) or m.group(1).isdigit()):
                        s += m.end()
                        seg = self.text[s:end]
                        continue
                    # a participle and its preposition open a clause, not a name ("Located in Songjiang District")
                    m = re.match(r"[A-Z][a-z]+ed[ \t]+(?:in|at|on|by|near|inside|within|from|to)[ \t]+", seg)
                    if m:
                        s += m.end()
                        seg = self.text[s:end]
                        placed = True
                        continue
                    break
                # what "Located in" names is a place unless its head makes it a zone
                weak_place = placed and self._head(seg) not in self.v["heads"]
                placed = False
                if not weak_place and self._valid_name(seg, end):
                    phase = re.match(r"[ \t]+Phase[ \t]+(?:[IVX]+|\d+)\b", self.text[end : end + 20])
                    if phase:  # "Xiamen Software Park Phase III" is a zone of its own
                        end += phase.end()
                        seg = self.text[s:end]
                    found.append((s, end, seg))
                    nxt = re.match(r"[ \t]+(?:and|&)[ \t]+", self.text[end : end + 20])
                    start = end + nxt.end() if nxt else end
        # a quoted name that holds a head noun is one name, whatever follows the head
        for m in re.finditer(r"[“\"]([A-Z][^”\"\n]{3,120})[”\"]", self.text):
            inner = m.group(1)
            if self.v["head_end"].search(inner) and not any(w in self.v["not_zone"] for w in inner.split()):
                if self._valid_name(inner, m.end(1)) or self._head(inner) == "":
                    found.append((m.start(1), m.end(1), inner))
        found = [f for f in found if not self.excluded_at(f[0], f[1])]
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[tuple[int, int, str]] = []
        for f in found:
            if out and f[0] < out[-1][1]:
                if f[1] - f[0] > out[-1][1] - out[-1][0]:
                    out[-1] = f
                continue
            out.append(f)
        return out

    def _head(self, name: str) -> str:
        """The head noun phrase ``name`` ends with ('Free Trade Zone'), or ''."""
        last = re.split(r"[\s-]", name)[-1]
        for h in self.v["heads_by_last"].get(last, ()):
            if name.endswith(h) and (len(name) == len(h) or name[-len(h) - 1] in " -\t"):
                return h
        return ""

    def add_zone(self, name: str, pos: int, sub_area: bool = False) -> str:
        key = norm(name)
        if key in self.alias_of:
            return self.alias_of[key]
        self.zones[key] = _Zone(key, name, pos, head=self._head(name), sub_area=sub_area)
        self.alias_of[key] = key
        return key

    def add_alias(self, zone_key: str, alias: str) -> None:
        alias = re.sub(r"^the\s+", "", alias.strip().strip(_QUOTES).strip(), flags=re.IGNORECASE)
        a = norm(alias)
        if not a or a in self.alias_of:
            return
        self.zones[zone_key].aliases.append(alias)
        self.alias_of[a] = zone_key

    def aliases_after(self, key: str, end: int) -> list[tuple[int, int]]:
        """'X (“Innovation Home”)', 'X (hereinafter “the demonstration zone”)', 'X (SIP)',
        'X, better known as Y,'. Returns the spans of the aliases."""
        spans = []
        m = re.match(r"[”\"]?\s*[(（]\s*([^()（）\n]{1,80}?)\s*[)）]", self.text[end : end + 200])
        if m:
            inner = m.group(1).strip()
            low = inner.lower()
            for cue in self.v["alias_cues"]:
                if low.startswith(cue):
                    inner = inner[len(cue) :].strip(" :,")
                    break
            quoted = re.findall(r"[“\"]([^”\"]+)[”\"]", inner)
            candidates = quoted or ([inner] if re.fullmatch(r"[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,4}", inner) else [])
            for alias in candidates:
                if not re.search(r"\d{4}", alias):
                    self.add_alias(key, alias)
                    spans.append((end + m.start(1), end + m.end()))
        m = self.v["inline_alias"].match(self.text[end : end + 300])
        if m:
            self.add_alias(key, m.group(1))
            spans.append((end + m.start(1), end + m.end(1)))
        return spans

    def sub_areas(self) -> list[tuple[int, int, str]]:
        out = []
        for m in self.v["sub"].finditer(self.text):
            phrase = m.group(1)
            words = phrase.split()
            if norm(phrase) in self.alias_of or self.v["head_end"].search(phrase):
                continue
            if words[-1].lower() in ("district", "town", "county", "village", "township") and any(w[0].isupper() for w in words[:-1]):
                continue  # "the Huaqiao district" is a place
            if words[0].lower() in self.v["sub_stop"] or any(w.lower() in _PREPOSITIONS for w in words[:-1]):
                continue  # "the coastline inside the zone" is no sub-area
            follow = re.match(r"\s*(,\s*which|\w+)", self.text[m.end(1) : m.end(1) + 60])
            if not follow or re.sub(r",\s*", ", ", follow.group(1).lower()) not in self.v["sub_follow"]:
                continue
            if self.excluded_at(m.start(1), m.end(1)):
                continue
            out.append((m.start(1), m.end(1), phrase))
        return out

    def _enumerated(self) -> list[tuple[int, int, str]]:
        """Sub-areas a sentence lists after a division ('split into a 40-sq-km ecological
        conservation area and a manufacturing area', 'comprises a research area, a pilot
        production area and a life services area', 'four areas: the Zhoushan Area, the
        Ningbo Area ...'): each item of a list of two or more (or after 'split into')
        that ends with a sub-area head."""
        item = re.compile(r"(?:(?:a|an|the)\s+)?((?:[\d.,]+-[a-z-]+\s+)?(?:[A-Za-z&'’-]+\s+){0,4}?([A-Za-z-]+))"
                          r"(?=\s*(?:,|;|\.|:|\s+and\b|\s+of\b|\s+for\b|\s+with\b|\s+at\b|\s+covering\b|$))")
        joint = re.compile(r"(?:\s+(?:of|for|with|at|covering)\b[^,;.]*?)?\s*(?:,\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+)")
        out = []
        for s, e in self.sentences:
            for cue in self.v["division"].finditer(self.text, s, e):
                pos = cue.end()
                lead = re.match(r"(?:[\w-]+\s+){0,2}(?:areas|zones|parts|clusters|sections|parks|pieces|sub-zones)\s*:\s*|"
                                r"['‘][^'’]{1,40}['’]\s+layout\s*:\s*", self.text[pos:e])
                if lead:
                    pos += lead.end()
                items = []
                while pos < e:
                    m = item.match(self.text, pos, e)
                    if not m or m.group(2).lower() not in self.v["enum_heads"]:
                        break
                    phrase = re.sub(r"^[\d.,]+-[a-z-]+\s+", "", m.group(1))
                    p0 = m.end(1) - len(phrase)
                    items.append((p0, m.end(1), phrase))
                    j = joint.match(self.text, m.end(), e)
                    if not j:
                        break
                    pos = j.end()
                items = [it for it in items if (len(it[2].split()) >= 2 or it[2][0].isupper())
                         and it[2].split()[0].lower() not in _ENUM_STOP]
                if len(items) >= 2 or (items and re.match(r"(?:split|divided|organi[sz]ed|grouped|carved)", cue.group(0))):
                    out += items
        return [it for it in out if not self.excluded_at(it[0], it[1])]

    def _shortened(self, name: str) -> str | None:
        """The zone whose name or alias begins with ``name`` word for word ("Optics Valley"
        of "Optics Valley of China"), or ends with it ("Binhai New Area" of "Tianjin
        Binhai New Area"), if any."""
        n = norm(name)
        for key_norm, zone_key in self.alias_of.items():
            if key_norm != n and (key_norm.startswith(n + " ") or key_norm.endswith(" " + n) and len(n.split()) >= 2):
                return zone_key
        return None

    def _part_of(self, name: str) -> str | None:
        """The zone whose name holds ``name`` as a run of whole words ("Great Stone" of
        "China-Belarus Great Stone Industrial Park"), when ``name`` has no head of its own."""
        if self._head(name):
            return None
        n = f" {norm(name)} "
        for zone_key, zone in self.zones.items():
            if n in f" {norm(zone.name)} " and len(name.split()) >= 2:
                return zone_key
        return None

    def introduced(self, lede: tuple[int, int] = (0, 0)) -> list[tuple[int, int, str]]:
        """Zones introduced as 'a new biomedicine cluster', 'its direct-administration zone',
        'a 20-sq-km Sino-Russian industrial park', when their sentence gives them a fact
        or is the lede."""
        out = []
        for m in self.v["intro"].finditer(self.text):
            words = m.group(1).split()
            while words and (re.search(r"\d", words[0]) or words[0].lower() in ("new", "first", "second", "third", "planned", "proposed")):
                words = words[1:]
            if len(words) < 2 or all(w.lower() in self.v["sub_stop"] for w in words[:-1]):
                continue
            if words[-2].lower() in self.v["measure_modifiers"]:
                continue  # "its long-term planned area is 2,000 sq km": a measure, not a zone
            if any(w.lower() in ("of", "for", "with", "to", "in", "on", "a", "an", "the") for w in words):
                continue
            follow = m.group(2).lower()
            in_lede = lede[0] <= m.start(1) < lede[1]
            if follow not in self.v["intro_follow"] and not in_lede:
                continue
            if re.match(r",\s+the\s+[A-Z]", self.text[m.end(1) : m.end(1) + 20]):
                continue  # "its sister zone, the Meishan Bonded Port Area": the name follows
            if self.text[max(0, m.start() - 3) : m.start()].rstrip().endswith(","):
                continue  # "Yunqi Town, a characteristic town of ...": an appositive describes a zone named before
            if re.search(r"\b(?:become|becoming|becomes|became|serve as|serves as|act as|acts as|into|as)\s*$", self.text[max(0, m.start() - 20) : m.start()]):
                continue  # "aiming to become a logistics hub", "turn it into a base for ...": a description
            s = m.end(1) - len(" ".join(words))
            k = bisect.bisect_right(self.mention_starts, s) - 1
            if k >= 0 and self.mention_spans[k][1] > s:  # "a 2 sq km innovation hub": the phrase starts after the measure
                s = self.mention_spans[k][1]
                s += len(self.text[s : m.end(1)]) - len(self.text[s : m.end(1)].lstrip(" -"))
                words = self.text[s : m.end(1)].split()
                if len(words) < 2:
                    continue
            if self.excluded_at(s, m.end(1)):
                continue
            si = self._sentence_of(s)
            a, b = self.sentences[si]
            k = bisect.bisect_left(self.mention_starts, a)
            in_lede = lede[0] <= s < lede[1]
            if (k >= len(self.mention_starts) or self.mention_starts[k] >= b) and not in_lede:
                continue
            lead = self.text[a:s]
            if lead.count("“") > lead.count("”") or lead.count('"') % 2:
                continue  # inside a quoted slogan
            out.append((s, m.end(1), self.text[s : m.end(1)]))
        return out

    # ------------------------------------------------------------ build
    def build(self) -> None:
        alias_spans: list[tuple[int, int]] = []
        for s, e, name in self.proper_names():
            if overlaps_any(alias_spans, s, e):
                continue
            shorter = self._shortened(name) or self._part_of(name)
            if shorter:  # "Optics Valley" after "Optics Valley of China"
                self.add_alias(shorter, name)
                self.refs.append(Ref(s, e, shorter))
                continue
            key = self.add_zone(name, s)
            self.refs.append(Ref(s, e, key))
            for span in self.aliases_after(key, e):
                alias_spans.append(span)
                self.refs.append(Ref(span[0], span[1], key))
        self._areas_of_zones()
        self._phases()
        self.main = self._main_zone()
        self._head_aliases()
        self._short_forms()
        self._first_word_aliases()
        self._part_aliases()
        lede = self._lede()
        introduced = self.introduced(lede)
        introduced_set = set(introduced)
        top = self.main  # sub-areas lie in the article's top zone, whatever the story is about
        for s, e, phrase in sorted(set(self.sub_areas() + introduced + self._appositive_names() + self._enumerated())):
            if norm(phrase) in self.alias_of:
                continue
            fits = self._fits(phrase)
            if len(fits) == 1:  # "the quantum belt" after "a Quantum Avenue industrial belt"
                self.add_alias(fits[0], phrase)
                continue
            whole = next((k for k, z in self.zones.items() if not z.sub_area and norm(z.name).endswith(" " + norm(phrase))), None)
            if whole:  # "the cooperation zone" of "Guangdong-Macao In-Depth Cooperation Zone"
                self.add_alias(whole, phrase)
                continue
            key = self.add_zone(phrase, s, sub_area=True)
            self.refs.append(Ref(s, e, key, intro=(s, e, phrase) in introduced_set))
            if top and key != top and not re.search(r"\b(?:sister|twin|partner|neighbou?ring)\b", phrase, re.IGNORECASE):
                self.zones[key].parent, self.zones[key].why = top, "main-zone"
                self.zones[key].default_parent = True
            if (s, e, phrase) in introduced_set and lede[0] <= s < lede[1] and not any(z.focus for z in self.zones.values()):
                # the zone the lede announces ("X has opened a new logistics park") is the story
                self.zones[key].focus = True
                self.main = key
        self._first_word_aliases()
        self._references()
        self._named_later()
        # the zone most referred to (by name, alias, "the park", "it") is what the text is about
        counts: dict[str, int] = {}
        for r in self.refs:
            if r.key:
                counts[r.key] = counts.get(r.key, 0) + 1
        if counts:
            top = max(counts, key=lambda k: (counts[k], -self.zones[k].first))
            for key, n in counts.items():
                # a sub-area referred to as often as the zone it lies in is what the text is about
                if self.zones[key].sub_area and n >= max(3, counts.get(self.main, 0) // 2) and not (
                        self.main is not None and self.zones[self.main].focus):
                    self.zones[key].focus = True
            if top != self.main and counts[top] > counts.get(self.main, 0) and self.zones[top].sub_area:
                self.main = top
            self._resolve_refs()
        self._structure()
        self._owners()

    def _appositive_names(self) -> list[tuple[int, int, str]]:
        """'Its first pilot zone, the Qingsheng hub, covers ...': a name with a lower-case
        head set off after a zone word."""
        heads = _alt(self.v["sub_heads"])
        out = []
        for m in re.finditer(rf"\b(?:its|a|an|the)\s+(?:[\w-]+\s+){{0,3}}(?:{heads}),\s+the\s+"
                             rf"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}\s+(?:{heads}))(?=\s*,)", self.text, re.IGNORECASE):
            if m.group(1)[0].isupper() and m.group(1).split()[-1].islower() and not self.excluded_at(m.start(1), m.end(1)):
                out.append((m.start(1), m.end(1), m.group(1)))
        return out

    def _named_later(self) -> None:
        """'The base, to be called the Optics Valley Chip City, ...': a zone described first
        and named later is one zone, under its name."""
        for a, b in zip(self.refs, self.refs[1:]):
            if not a.key or not b.key or a.key == b.key or b.kind != "name" or a.kind == "pronoun":
                continue
            if re.fullmatch(r"[”\"]?,?\s+(?:to\s+be\s+|which\s+will\s+be\s+|which\s+is\s+)?(?:called|named|dubbed|known\s+as)\s+(?:the\s+)?[“\"]?",
                            self.text[a.end : b.start]):
                self._merge(a.key, b.key)

    def _merge(self, src: str, dst: str) -> None:
        """Fold zone ``src`` into ``dst``: its name and aliases become aliases, its references
        and children follow."""
        gone = self.zones.pop(src)
        target = self.zones[dst]
        for alias in [gone.name, *gone.aliases]:
            if alias not in target.aliases and norm(alias) != target.key:
                target.aliases.append(alias)
        target.first = min(target.first, gone.first)
        target.focus = target.focus or gone.focus
        if target.parent is None and gone.parent != dst:
            target.parent, target.default_parent, target.why = gone.parent, gone.default_parent, gone.why
        for k, v in list(self.alias_of.items()):
            if v == src:
                self.alias_of[k] = dst
        for z in self.zones.values():
            if z.parent == src:
                z.parent = dst if z.key != dst else None
        for r in self.refs:
            if r.key == src:
                r.key = dst
        if self.main == src:
            self.main = dst

    def _phases(self) -> None:
        """'Xiamen Software Park Phase III' lies inside 'Xiamen Software Park'."""
        for zone in list(self.zones.values()):
            m = re.fullmatch(r"(.+?)[ \t]+Phase[ \t]+(?:[IVX]+|\d+)", zone.name)
            if m and zone.parent is None:
                base = self.add_zone(m.group(1), zone.first)
                if base != zone.key:
                    zone.parent, zone.why = base, "phase-of"

    def _areas_of_zones(self) -> None:
        """'the Pingtan Area of the China (Fujian) Pilot Free Trade Zone', 'the Shekou area of
        the ...': a named area of a zone is a zone, inside it."""
        self.refs.sort(key=lambda r: r.start)
        starts = {r.start: r.key for r in self.refs}
        ref_starts = [r.start for r in self.refs]
        added: list[Ref] = []
        for m in re.finditer(r"\b((?:[A-Z][\w'’-]*[ \t]+){1,3}?)(Area|area)\s+of\s+the\s+", self.text):
            parent = starts.get(m.end())
            words = m.group(1).split()
            while words and words[0] in _LEAD_WORDS:
                words = words[1:]
            name = " ".join(words + [m.group(2)])
            s = m.end(2) - len(name)
            if not parent or not words or self.excluded_at(s, m.end(2)):
                continue
            k = bisect.bisect_left(ref_starts, m.end(2))
            if k and self.refs[k - 1].end > s:
                continue  # part of a name found before
            key = self.add_zone(name, s)
            if key != parent:
                self.zones[key].parent, self.zones[key].why = parent, "area-of-zone"
                added.append(Ref(s, m.end(2), key))
        self.refs = sorted(self.refs + added, key=lambda r: r.start)

    def _lede(self) -> tuple[int, int]:
        """The first paragraph of running text (sentences, not a title or header line)."""
        pos = 0
        for para in re.split(r"(\n\s*\n)", self.text):
            start, pos = pos, pos + len(para)
            body = para.strip()
            if len(body) >= 40 and re.search(r"[.!?][\"”’)]?$", body) and not self.excluded_at(start + len(para) - 1, start + len(para)):
                return start, pos
        return 0, 0

    def _main_zone(self) -> str | None:
        counts: dict[str, int] = {}
        for key in self.zones:
            counts[key] = len(re.findall(re.escape(self.zones[key].name), self.text))
        if not counts:
            return None
        return max(counts, key=lambda k: (counts[k], -self.zones[k].first))

    def _head_aliases(self) -> None:
        """'the special area' for 'Lingang Special Area', 'the ecopark' for 'Sino-German Ecopark',
        'the demonstration area' for an alias 'demonstration zone'."""
        generic = {g.lower() for g in self.v["generic"]}
        for zone in list(self.zones.values()):
            forms = []
            if zone.head and f"the {zone.head.lower()}" not in generic and zone.head.lower() != zone.key:
                forms.append(zone.head)
            for alias in list(zone.aliases):
                words = alias.split()
                if len(words) == 2 and words[-1].lower() in ("zone", "area", "park"):
                    forms += [f"{words[0]} {h}" for h in ("zone", "area", "park") if h != words[-1].lower()]
            for form in forms:
                m = re.search(rf"\b[Tt]he\s+({re.escape(form)})\b", self.text, flags=re.IGNORECASE)
                if m and not self.excluded_at(m.start(1), m.end(1)) and m.group(1)[0].islower():
                    self.add_alias(zone.key, m.group(1))

    def _short_forms(self) -> None:
        """'the Yangpu zone' for 'Yangpu Economic Development Zone', 'the high-tech zone' for
        "Xi'an High-tech Industries Development Zone": 'the', some of the name's words in
        order, and its head word in lower case, when one zone alone fits."""
        heads = "|".join(sorted({h.split()[-1].lower() for h in self.v["head_list"]}))
        rx = re.compile(rf"\b[Tt]he\s+((?:[\w'’-]+\s+){{1,3}}(?:{heads}))\b")
        for m in rx.finditer(self.text):
            phrase = m.group(1)
            if norm(phrase) in self.alias_of or self.excluded_at(m.start(1), m.end(1)):
                continue
            fits = self._fits(phrase)
            if len(fits) == 1:
                self.add_alias(fits[0], phrase)

    def _fits(self, phrase: str) -> list[str]:
        """Zones whose name ends with the phrase's last word and holds its other words in order."""
        *mods, head = phrase.lower().split()
        fits = []
        for key, zone in self.zones.items():
            words = self._name_words.get(key)
            if words is None:
                words = self._name_words[key] = norm(zone.name).split()
            if words[-1] != head or len(words) <= len(mods):
                continue
            it = iter(words[:-1])
            if all(any(w == x for x in it) for w in mods):
                fits.append(key)
        return fits

    def _first_word_aliases(self) -> None:
        """'Liangjiang' for 'Liangjiang New Area', 'Yunqi' for 'Yunqi Town': a name that is
        one word and a head, when the word stands alone as a subject or possessive and the
        text never uses it as a place ('downtown Lanzhou', 'Lanzhou city', 'in Lanzhou,')."""
        candidates: dict[str, str] = {}
        for zone in list(self.zones.values()):
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
            if len(body) == 1 and body[0][:1].isupper() and norm(body[0]) not in self.alias_of:
                candidates.setdefault(body[0], zone.key)
        if not candidates:
            return
        # one pass each over the text, for every candidate at once
        word = "(" + _alt(candidates) + ")"
        suffix = _alt(self.v["place_suffix"])
        places = {m.group(1) or m.group(2) for m in re.finditer(
            rf"\b(?:downtown|central|greater|in)\s+{word}\b(?!['’]s|\s+[A-Z])|\b{word}\s+(?:{suffix})\b", self.text)}
        subjects = {m.group(1) for m in re.finditer(
            rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s)){word}(?:['’]s\b|,|\s+(?:was|is|has|had|will|plans|aims|covers))",
            self.text, re.MULTILINE)}
        for w, key in candidates.items():
            if w in subjects and w not in places:
                self.add_alias(key, w)

    def _part_aliases(self) -> None:
        """'Great Stone' for 'China-Belarus Great Stone Industrial Park', 'East Lake' for
        'Wuhan East Lake High-tech Development Zone': a run of two or more of the name's
        words, without its head, standing alone elsewhere in the text."""
        taken = bytearray(len(self.text) + 1)
        for r in self.refs:
            taken[r.start : r.end] = b"\x01" * (r.end - r.start)
        parts: dict[str, str] = {}
        for zone in self.zones.values():
            if zone.sub_area:
                continue
            words = zone.name.split()
            body = words[: len(words) - len(zone.head.split())] if zone.head else words
            for n in range(len(body), 1, -1):
                for i in range(0, len(body) - n + 1):
                    if all(w[0].isupper() for w in body[i : i + n]):
                        parts.setdefault(" ".join(body[i : i + n]), zone.key)
        parts = {p: k for p, k in parts.items() if norm(p) not in self.alias_of}
        if not parts:
            return
        rx = re.compile(r"(?<![\w’'-])(?:" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + r")(?![\w-])(?!\s+[A-Z])")
        for m in rx.finditer(self.text):
            part = m.group(0)
            if norm(part) in self.alias_of or taken[m.start()] or self.excluded_at(m.start(), m.end()):
                continue
            if self.text[max(0, m.start() - 2) : m.start()].strip()[-1:].isupper():
                continue
            self.add_alias(parts[part], part)

    def _references(self) -> None:
        """Every occurrence of a name or alias, generic references ("the new area") and pronouns."""
        refs = {(r.start, r.end): r for r in self.refs}
        taken = bytearray(len(self.text) + 1)
        for r in self.refs:
            taken[r.start : r.end] = b"\x01" * (r.end - r.start)

        def free(s: int, e: int) -> bool:
            return not self.excluded_at(s, e) and not any(taken[s:e])

        def add(ref: Ref) -> None:
            refs[(ref.start, ref.end)] = ref
            taken[ref.start : ref.end] = b"\x01" * (ref.end - ref.start)

        forms: dict[str, tuple[str, str]] = {}  # lower-cased form -> (zone key, form as written)
        for key_norm, zone_key in self.alias_of.items():
            zone = self.zones[zone_key]
            form = zone.name if key_norm == zone.key else next((a for a in zone.aliases if norm(a) == key_norm), key_norm)
            forms.setdefault(form.lower(), (zone_key, form))
        if forms:
            rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])",
                            re.IGNORECASE)
            for m in rx.finditer(self.text):
                s, e = m.start(), m.end()
                zone_key, form = forms[m.group(0).lower()]
                zone = self.zones[zone_key]
                if not free(s, e):
                    continue
                if zone.sub_area or form.islower():
                    before = self.text[max(0, s - 4) : s].lower()
                    if not before.endswith(("the ", "“", '"')):
                        continue  # "a demonstration zone for ..." is not this zone
                add(Ref(s, e, zone_key))
        generic = r"(?<![\w-])(?:" + "|".join(re.escape(g) for g in self.v["generic"]) + r")(?![\w-])"
        for m in re.finditer(generic, self.text, flags=re.IGNORECASE):
            s, e = m.start(), m.end()
            if free(s, e):
                add(Ref(s, e, "", kind="generic", head=m.group(0).lower().split(None, 1)[1]))
        for m in re.finditer(r"\b(?:" + "|".join(self.v["pronouns"]) + r")\b", self.text, flags=re.IGNORECASE):
            s, e = m.start(), m.end()
            if free(s, e):
                add(Ref(s, e, "", kind="pronoun"))
        self.refs = sorted(refs.values(), key=lambda r: r.start)
        self._ref_starts = [r.start for r in self.refs]
        self._link_modifiers()
        self._resolve_refs()

    def _sentence_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return min(max(i, 0), len(self.sentences) - 1)

    def _paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self._paragraph_breaks, pos)

    def _link_modifiers(self) -> None:
        """Map each name reference that follows another as 'X of the Y' / 'X, the ... of the Y'
        to that X (``self._prev_named``)."""
        self._prev_named: dict[int, Ref] = {}
        named = [r for r in self.refs if r.kind == "name"]
        for a, b in zip(named, named[1:]):
            between = self.text[a.end : b.start]
            if re.fullmatch(r"\s*(?:,\s*(?:the|a|an)\s+[\w\s-]{0,40}?\s+)?(?:of|in|within)\s+(?:the\s+)?", between):
                self._prev_named[id(b)] = a

    def _resolve_refs(self) -> None:
        """Give generic references and pronouns a zone; mark subject-like references.

        A pronoun stands for the last subject-like zone of the sentence before
        (or earlier in its own sentence) that is not a sub-area, else for the
        zone its paragraph is about.
        """
        last_named: dict[str, int] = {}
        by_head: dict[str, list[str]] = {}
        subjects: dict[int, list[str]] = {}  # sentence -> subject-like top-level zones in order
        for r in self.refs:
            si = self._sentence_of(r.start)
            after = self.text[r.end : r.end + 40]
            m = re.match(r"\s*[,)”\"]*\s*(\w+)", after)
            word = m.group(1).lower() if m else ""
            r.subject = (r.kind == "pronoun" or word in self.v["subject_follow"] or bool(re.match(r"\s*,\s*which", after))
                         or self._opens_sentence(r, si))
            r.object = bool(_OBJECT_BEFORE.search(self.text[max(0, r.start - 16) : r.start]))
            r.possessive = self.text[r.start : r.end].lower() == "its" or self.text[r.end : r.end + 2] in ("'s", "’s")
            before_verb = r.subject
            if r.object:
                r.subject = False
            prev_ref = self._prev_named.get(id(r))
            if prev_ref is not None and before_verb:
                # "the Lingang Special Area of the China (Shanghai) Pilot Free Trade Zone has ...":
                # the zone after "of the" modifies the one before, which is the subject
                prev_ref.subject, r.subject = True, False
            if r.kind == "generic":
                if r.head not in by_head:
                    by_head[r.head] = [k for k, z in self.zones.items()
                                       if z.name.lower().endswith(r.head) or any(a.lower().endswith(r.head) for a in z.aliases)]
                cands = by_head[r.head]
                r.key = max(cands, key=lambda k: last_named.get(k, -1)) if cands else self._topic(r.start)
            elif r.kind == "pronoun":
                prev = (subjects.get(si) or subjects.get(si - 1) or [None])[-1]
                r.key = prev or self._topic(r.start) or ""
            if r.key:
                last_named[r.key] = r.start
                if r.subject and (not self.zones[r.key].sub_area or self.zones[r.key].focus):
                    subjects.setdefault(si, []).append(r.key)

    def _opens_sentence(self, r: Ref, si: int) -> bool:
        """The reference opens its sentence, perhaps after an opening phrase set off by a
        comma or a short time phrase: the sentence's grammatical subject."""
        start = self.sentences[si][0]
        k = bisect.bisect_right(self.excluded, (r.start, r.start)) - 1
        if k >= 0 and start <= self.excluded[k][1] <= r.start:
            start = self.excluded[k][1]  # "HAIKOU -- The Yangpu ...": the dateline is not part of the sentence
        lead = self.text[start : r.start]
        return not lead.strip() or lead.strip() in ("The", "the") or bool(_OPENING.fullmatch(lead))

    def _topic(self, pos: int) -> str | None:
        """The zone a paragraph is about: its first subject-like top-level zone before ``pos``, else the main zone."""
        para = self._paragraph_of(pos)
        start = self._paragraph_breaks[para - 1] if para else 0
        i = bisect.bisect_left(self._ref_starts, start)
        while i < len(self.refs) and self.refs[i].start < pos:
            r = self.refs[i]
            if (r.key and r.subject and r.kind != "pronoun"
                    and (not self.zones[r.key].sub_area or self.zones[r.key].focus)):
                return r.key
            i += 1
        return self.main

    def _structure(self) -> None:
        """Locations and parents."""
        for r in self.refs:
            if r.kind != "name" or not r.key:
                continue
            zone = self.zones[r.key]
            after = self.text[r.end : r.end + 160]
            # "X of the Y", "X, the pilot area of the Y", "X in the Y", "X, located in Y"
            m = re.match(r"\s*(?:,\s*(?:the|a|an)\s+[\w\s-]{0,40}?\s+)?(?:of|in|within|inside)\s+(?:the\s+|its\s+)?", after)
            if m:
                tail = after[m.end() :]
                target = self._zone_at(r.end + m.end())
                if target and target != r.key:
                    self._set_parent(r.key, target, "x-of-the-y")
                elif not target and not m.group(0).strip().startswith(","):
                    place = self._place(tail)
                    if place and place not in zone.located_in:
                        self._locate(zone, place, "x-in-place")
                        # "in Dalian, Liaoning province": the larger place after a comma
                        more = re.match(rf".*?{re.escape(place)},\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:{_alt(self.v['place_suffix'])}))\b",
                                        tail)
                        if more and more.group(1) not in zone.located_in:
                            self._locate(zone, more.group(1), "larger-place-after-comma")
        for r in self.refs:
            if r.kind != "name" or not r.key:
                continue
            zone = self.zones[r.key]
            m = re.match(r",\s+(?:a|an|the)\s+[^,.;]{0,60}?\bin\s+(?:the\s+)?([^,.;]+)", self.text[r.end : r.end + 140])
            if m and re.search(r"\b(?:\w+est|first|only|biggest|one of)\b", m.group(0)[: m.start(1)]):
                m = None  # "X, the largest in Asia": a comparison, not a place
            if m and not zone.located_in:
                for kind, value in self._places(m.group(1), r.end + m.start(1)):
                    if kind == "place" and value not in zone.located_in:
                        self._locate(zone, value, "appositive-in-place")
        for r in self.refs:
            if r.kind != "name" or not r.key:
                continue
            # "The Nantong park, in Chongchuan District of Nantong, lies ...": a place set off by commas
            m = re.match(r",\s+in\s+([A-Z][^,.;:()]{1,60}(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z]?[\w'’-]+)?)?)\s*,", self.text[r.end : r.end + 140])
            if m:
                for kind, value in self._places(m.group(1), r.end + m.start(1)):
                    if kind == "place" and value not in self.zones[r.key].located_in:
                        self._locate(self.zones[r.key], value, "place-set-off-by-commas")
        for s, e in self.sentences:
            # "Inside the new area, the Yangluo Park ...": a fronted containing zone
            m = re.match(r"\s*(?:Inside|Within|In)\s+(?:the\s+|its\s+)?", self.text[s:e])
            outer = self._zone_at(s + m.end(), names_only=False) if m else None
            if outer:
                r = next((q for q in self.refs[bisect.bisect_left(self._ref_starts, s + m.end()) :]
                          if q.start < e and q.key and q.key != outer), None)
                gap = self.text[s + m.end() : r.start] if r else ""
                if r and re.fullmatch(r"[^,.;]{0,60},\s+(?:the\s+)?", gap):
                    self._set_parent(r.key, outer, "fronted-inside-zone")
            # "at its heart lies the Huayuan Science Park"
            for m in self.v["heart"].finditer(self.text, s, e):
                inner, outer = self._zone_at(m.end(), names_only=False), self._subject_before(m.start(), s)
                if inner and outer and inner != outer:
                    self._set_parent(inner, outer, "at-its-heart")
            # "X is one of the six parks under the Y"
            for m in self.v["member_of"].finditer(self.text, s, e):
                inner, outer = self._subject_before(m.start(), s), self._zone_at(m.end(), names_only=False)
                if inner and outer and inner != outer:
                    self._set_parent(inner, outer, "one-of-the-parks-under")
            # "X joined the Y as its fifth park", "X forms part of the Y", "X, part of the Y, ..."
            for m in self.v["membership"].finditer(self.text, s, e):
                inner = self._subject_before(m.start(), s)
                outer = self._zone_at(m.end(), names_only=False)
                if inner and outer and inner != outer:
                    self._set_parent(inner, outer, "membership")
            # "divides the new area into three functional zones: the A, ...; the B ... and the C"
            for m in self.v["enumeration"].finditer(self.text, s, e):
                owner = self._subject_before(m.start(), s)
                if owner is None:
                    continue
                i = bisect.bisect_left(self._ref_starts, m.end())
                while i < len(self.refs) and self.refs[i].start < e:
                    q = self.refs[i]
                    if q.kind == "name" and q.key and q.key != owner:
                        self._set_parent(q.key, owner, "enumerated-after-colon")
                    i += 1
            # "In Tianjin, the Sino-Singapore Tianjin Eco-City has ...": a fronted place
            m = re.match(r"\s*In\s+([A-Z][^,.;:()]{1,60}),\s+(?:the\s+)?", self.text[s:e])
            key = self._zone_at(s + m.end()) if m and self._place(m.group(1)) else None
            if key:
                for kind, value in self._places(m.group(1), s + m.start(1)):
                    if kind == "place" and value not in self.zones[key].located_in:
                        self._locate(self.zones[key], value, "fronted-place")
        for si, (s, e) in enumerate(self.sentences):
            # "the direct-administration zone ... includes the Tianfu Central Business District and ..."
            for m in self.v["includes"].finditer(self.text[s:e]):
                owner = self._sentence_subject(s, s + m.start()) or self._subject_before(s + m.start(), s)
                if owner is None:
                    continue
                i = bisect.bisect_left(self._ref_starts, s + m.end())
                while i < len(self.refs) and self.refs[i].start < e:
                    r = self.refs[i]
                    if r.kind == "name" and r.key and r.key != owner:
                        self._set_parent(r.key, owner, "includes")
                    i += 1
            for m in list(self.v["locative"].finditer(self.text, s, e)) + list(self.v["extent"].finditer(self.text, s, e)):
                group = 1 if m.group(1) is not None else 2
                pos = m.start(group)
                parts = self._places(m.group(group), pos)
                key = self._subject_before(m.start(), s)
                rule = "located-in" if m.re is self.v["locative"] else "extends-over"
                if key is None and not self.text[s : m.start()].strip(" \"'“‘"):
                    # "Located in Tianyuan District of Zhuzhou, the high-tech zone covers ...": the
                    # zone after the fronted phrase is the one it places; a zone inside the
                    # phrase ("Located within the Suzhou Industrial Park, the ...") contains it
                    subject = next((r for r in self.refs if r.key and r.start > pos and r.start < e
                                    and re.search(r",\s+(?:the\s+)?$", self.text[pos : r.start])), None)
                    if subject is not None:
                        key = subject.key
                        parts = self._places(self.text[pos : subject.start].rstrip(" ,").removesuffix(" the").rstrip(" ,"), pos)
                    rule = "fronted-participle-place"
                if key is None:
                    continue
                zone = self.zones[key]
                for part in parts:
                    kind, value = part
                    if kind == "zone":
                        if value != key:
                            self._set_parent(key, value, f"{rule}-zone")
                    elif value not in zone.located_in:
                        self._locate(zone, value, rule)

    def _set_parent(self, key: str, parent: str, rule: str) -> None:
        """Give a zone its parent (``rule`` the id of the relation rule that found it), unless
        the text already gave it one."""
        zone = self.zones[key]
        if zone.parent is None or zone.default_parent:
            zone.parent, zone.default_parent, zone.why = parent, False, rule

    @staticmethod
    def _locate(zone: "_Zone", place: str, rule: str) -> None:
        """Add ``place`` to the zone's places, found by the relation rule ``rule``."""
        if place not in zone.located_in:
            zone.located_in.append(place)
            zone.why_places[place] = rule

    def _owners(self) -> None:
        """'its Gene and Cell Town', "the new area's Lijia Smart Park": the owner is the parent
        of a zone the text gives no other parent."""
        # "The Pingtan Area ... will complete a Taiwan-style commercial town": the zone that
        # introduces a sub-area is its parent
        for i, r in enumerate(self.refs):
            if not r.intro or not r.key:
                continue
            s = self.sentences[self._sentence_of(r.start)][0]
            subject = next((q for q in self.refs[bisect.bisect_left(self._ref_starts, s) : i]
                            if q.key and q.key != r.key and q.subject and not q.possessive), None)
            if subject:
                self._set_parent(r.key, subject.key, "introduced-by-subject")
        for i, r in enumerate(self.refs):
            if r.kind == "pronoun" or not r.key or self.zones[r.key].parent is not None or i == 0:
                continue
            owner = self.refs[i - 1]
            gap = self.text[owner.end : r.start]
            # "its Gene and Cell Town", "its core, the Kunshan Economic and Technological Development Zone"
            if owner.key and owner.key != r.key and owner.possessive and \
                    re.fullmatch(r"(?:['’]s)?\s+(?:[a-z][\w-]*\s+){0,2}(?:[a-z][\w-]*,\s+(?:the\s+)?)?", gap) and \
                    not re.search(r"\b(?:sister|twin|neighbou?rs?|partner|rival|counterpart)\b", gap):  # "its sister zone, the ..."
                self.zones[r.key].parent, self.zones[r.key].why = owner.key, "its-x"

    def _zone_at(self, pos: int, names_only: bool = True) -> str | None:
        """The zone of the reference that starts at ``pos``: a name, or with ``names_only``
        false any reference ("the park", "it")."""
        i = bisect.bisect_left(self._ref_starts, pos)
        while i < len(self.refs) and self.refs[i].start == pos:
            if self.refs[i].key and (self.refs[i].kind == "name" or not names_only):
                return self.refs[i].key
            i += 1
        return None

    @staticmethod
    def _place_prefix(text: str) -> int:
        """Length of the words before a place's name: "northwest China's ", "the eastern
        Guangdong city of "."""
        m = re.match(r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?west|north-?east|"
                     r"south-?west|south-?east|northwest|northeast|southwest|southeast)(?:ern)?\s+)?China['’]s\s+|"
                     r"(?:the\s+)?(?:[a-z]+\s+)?[A-Z][\w'’-]*\s+(?:city|county|town|province)\s+of\s+(?=[A-Z])", text)
        return m.end() if m else 0

    def _place(self, text: str) -> str | None:
        text = text[self._place_prefix(text) :]
        m = re.match(r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,3}(?:[ \t]+(?:" + _alt(self.v["place_suffix"]) + r"))?)", text)
        if not m:
            return None
        place = m.group(1)
        if re.fullmatch(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*", place):
            return None
        return place

    def _places(self, span: str, offset: int) -> list[tuple[str, str]]:
        part_of = re.match(r"(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:parts?|end|edge|side|corner|tip|shore|bank|fringe|outskirts|north|south|east|west|centre|center|heart)\s+of\s+", span)
        if part_of:  # "the southern end of the Lingang Economic Zone"
            span, offset = span[part_of.end() :], offset + part_of.end()
        skip = self._place_prefix(span)
        span, offset = span[skip:], offset + skip
        span = re.split(r"\s+(?:and\s+)?(?:covers|covering|with|which|is|has|where|to|from|near|close|will|it)\b", span)[0]
        out: list[tuple[str, str]] = []
        pos = 0
        for part in re.split(r"(,\s*|\s+and\s+|\s+of\s+|\s+in\s+)", span):
            if re.fullmatch(r",\s*|\s+and\s+|\s+of\s+|\s+in\s+", part):
                pos += len(part)
                continue
            start = offset + pos
            pos += len(part)
            clean = part.strip().strip(_QUOTES)
            lead = len(part) - len(part.lstrip())
            clean = re.sub(r"^the\s+", "", clean)
            zone = self._zone_at(start + lead + (4 if part.strip().startswith("the ") else 0))
            if zone:
                out.append(("zone", zone))
                break  # what follows places the containing zone ("... Valley on the bank of the Yangtze")
            words = clean.split()
            if words and all(w[0].isupper() or w in self.v["place_suffix"] for w in words):
                out.append(("place", clean))
            else:
                lead_place = self._place(clean)  # "Meishan Island about 30 kilometres to the east"
                if lead_place:
                    out.append(("place", lead_place))
                break
        return out

    def _sentence_subject(self, s: int, before: int) -> str | None:
        """The zone named at the very start of the sentence ("The Tangjia Bay Science City,
        the core of the ..., includes ..."), if it is named before ``before``."""
        m = re.match(r"\s*(?:The\s+)?", self.text[s:before])
        return self._zone_at(s + m.end()) if m else None

    def _subject_before(self, pos: int, sentence_start: int) -> str | None:
        """The zone of the last reference between the sentence start and ``pos``."""
        i = bisect.bisect_left(self._ref_starts, pos) - 1
        while i >= 0 and self.refs[i].start >= sentence_start:
            if self.refs[i].key:
                return self.refs[i].key
            i -= 1
        return None

    # ------------------------------------------------------------ attachment
    def attach(self, mentions: list[Mention]) -> tuple[dict[str, list[str]], dict[str, str]]:
        """Zone key -> ids of the mentions that belong to it, and mention id -> the id of the
        attachment rule that decided (see ``_owner``)."""
        out: dict[str, list[str]] = {k: [] for k in self.zones}
        why: dict[str, str] = {}
        if not self.zones:
            return out, why
        refs = [r for r in self.refs if r.key]
        starts = [r.start for r in refs]
        for m in mentions:
            key, why[m.id] = self._owner(m, refs, starts)
            if key:
                out[key].append(m.id)
        return out, why

    def _owner(self, m: Mention, refs: list[Ref], starts: list[int]) -> tuple[str | None, str]:
        """(the zone a mention belongs to or None, the id of the rule that decided): the
        first rule of ``ATTACHMENT_RULES`` that fires decides."""
        s, e = self.sentences[self._sentence_of(m.start)]
        clause = s
        for c in re.finditer(r";|,\s+(?:while|whereas|but|and)\b|\bwhile\b", self.text[s : m.start]):
            clause = s + c.end()
        window = refs[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
        before = [r for r in window if r.end <= m.start]
        # from "invested-in" on, zones inside a closed relative clause are not subjects
        main = self._outside_relative_clauses(before, m)
        at = _At(m, s, e, clause, window, before, [r for r in before if r.start >= clause],
                 main, [r for r in main if r.start >= clause], self._named_subject(s, clause, m))
        for rule, decide in ATTACHMENT_RULES:
            got = decide(self, at)
            if got is not _PASS:
                return got, rule
        raise AssertionError("the last attachment rule always decides")

    # attachment rules, in order (see ATTACHMENT_RULES); each returns a zone key, None
    # (the mention is no zone's), or _PASS (the rule does not apply)
    def _rule_firms_whose(self, at: "_At"):
        """'rewards to firms whose annual revenue passes 1 billion yuan': the firms' figure."""
        if re.search(r"\b(?:companies|firms|enterprises|projects|investors)\s+whose\b[^,;.]*$", self.text[at.clause : at.m.start]):
            return None
        return _PASS

    def _rule_shared(self, at: "_At"):
        """'X and Y, which together cover 30 hectares': no one zone's figure."""
        return None if self._shared(at.m, at.in_clause or at.before, at.clause) else _PASS

    def _rule_fronted(self, at: "_At"):
        """'Covering 47 sq km and located next to the Y, the X ...': the main clause's subject's."""
        return self._fronted_subject(at.s, at.e, at.m, at.window) or _PASS

    def _rule_zones_in_general(self, at: "_At"):
        """'each pilot zone should cover no more than 5 sq km': no zone's."""
        return None if self._generic_subject(at.clause, at.m, at.in_clause) else _PASS

    def _rule_verbless_clause(self, at: "_At"):
        """'..., the Kunshan zone 2.4 billion US dollars and ...': the zone named right before."""
        gapped = next((r for r in reversed(at.before) if r.kind == "name" and not r.possessive
                       and re.fullmatch(r"\s*(?:with\s+)?", self.text[r.end : at.m.start])), None)
        if gapped is None:
            return _PASS
        return gapped.key

    def _rule_invested_in(self, at: "_At"):
        """Money invested in a zone is its."""
        return self._invested_in(at.m, at.window, at.clause) or _PASS

    def _rule_distance_from(self, at: "_At"):
        """A distance measured from or to a zone is its."""
        return self._distance_to(at.m, at.window) or _PASS

    def _rule_relative_clause(self, at: "_At"):
        """'its Gene and Cell Town, which will add 1.6 million square meters': the relative clause's zone."""
        return self._relative_clause(at.m, at.main_before) or _PASS

    def _rule_other_subject(self, at: "_At"):
        """A clause about a facility, a company or another subject is no zone's (a zone owning
        the subject, "Its first warehouse", does not make it the zone's)."""
        about_zone = [r for r in at.main_in_clause if not r.possessive]
        if (self._about_facility(at.clause, at.m) or self._about_other(at.s, at.clause, at.m)) and not about_zone:
            return None
        return _PASS

    def _rule_inside_name_phrase(self, at: "_At"):
        """A measure inside a zone's name phrase ('the 1,000-mu X park') is that zone's."""
        return self._modified_zone(at.m, at.window) or _PASS

    def _rule_named_subject(self, at: "_At"):
        """A sentence opened by another name ('Alibaba said it would spend ...') is no zone's,
        unless it names a zone after the mention ('... in the park')."""
        if not at.named or at.pool():
            return _PASS
        after = [r for r in at.window if at.m.end <= r.start and r.kind != "pronoun" and r.start >= at.clause]
        return after[0].key if after else None

    def _rule_clause_subject(self, at: "_At"):
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

    def _rule_paragraph_topic(self, at: "_At"):
        """The zone the paragraph is about, else the article's main zone."""
        return self._topic(at.m.start)

    def _fronted_subject(self, s: int, e: int, m: Mention, window: list[Ref]) -> str | None:
        """'Covering 47 sq km and located next to the Y, the X attracted ...': a figure in a
        fronted participial phrase is the main clause's subject's."""
        if not self.v["fronted"].match(self.text, s):
            return None
        for c in re.finditer(r",\s+(?:the\s+)?", self.text[m.end : e]):
            pos = m.end + c.end()
            ref = next((r for r in window if r.start == pos and r.key), None)
            if ref:
                return ref.key
        return None

    def _generic_subject(self, clause: int, m: Mention, refs: list[Ref]) -> bool:
        """The clause before the mention is about zones in general, and names none."""
        g = None
        for g in self.v["generic_subject"].finditer(self.text, clause, m.start):
            pass
        return g is not None and not any(r.start >= g.end() for r in refs)

    def _outside_relative_clauses(self, refs: list[Ref], m: Mention) -> list[Ref]:
        """Drop references inside a relative clause closed before the mention ('The X, which
        borders the Y, was set up in 1993': the Y is not the subject)."""
        out = []
        floor = self.sentences[self._sentence_of(m.start)][0]  # a relative clause opens in the sentence
        for r in refs:
            opened = max(self.text.rfind(", which ", floor, r.start), self.text.rfind(", whose ", floor, r.start),
                         self.text.rfind(", who ", floor, r.start))
            closed = self.text.find(",", r.end, m.start)
            if opened != -1 and closed != -1 and not re.search(r"[.;]", self.text[opened : r.start]) and opened < r.start:
                continue
            out.append(r)
        return out or refs

    def _shared(self, m: Mention, pool: list[Ref], clause: int) -> bool:
        """Two zones joined by 'and' before the mention, with 'together', 'jointly',
        'combined', 'both' ... between them and the mention."""
        names = [r for r in pool if r.kind == "name" and r.key]
        for a, b in zip(names, names[1:]):
            if a.key != b.key and re.fullmatch(r"\s+(?:and|&)\s+(?:the\s+)?", self.text[a.end : b.start]):
                return bool(self.v["shared"].search(self.text[b.end : m.start]))
        return False

    def _about_other(self, sentence: int, clause: int, m: Mention) -> bool:
        """The mention's sentence or clause opens with a subject that is not a zone
        ('The county, about 60 kilometres northwest of Hangzhou, ...')."""
        return bool(self.v["non_zone_subject"].match(self.text[sentence : m.start]) or
                    self.v["non_zone_subject"].match(self.text[clause : m.start]))

    def _relative_clause(self, m: Mention, before: list[Ref]) -> str | None:
        """'... its Gene and Cell Town, which will add 1.6 million square meters': a relative
        clause right after a zone reference is about that zone."""
        named = [r for r in before if r.kind != "pronoun"]
        if not named:
            return None
        r = named[-1]
        rel = re.match(r"[”\"]?\s*,\s*(?:which|where)\b([^,;()]*)$", self.text[r.end : m.start])
        if rel and not any(q.start > r.end for q in before):
            return r.key
        return None

    def _distance_to(self, m: Mention, window: list[Ref]) -> str | None:
        """'the airport is about 15 kilometers south of the new area', '45 km from the town':
        a distance measured to a zone is that zone's."""
        r = self._next_ref(m, window) if m.type == "DISTANCE" else None
        if r and re.fullmatch(r"\s*(?:away\s+)?(?:(?:to\s+the\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|"
                              r"north-east|north-west|south-east|south-west)(?:ern)?\s+)?(?:of|from)\s+(?:the\s+)?",
                              self.text[m.end : r.start]):
            return r.key
        return None

    @staticmethod
    def _next_ref(m: Mention, window: list[Ref]) -> Ref | None:
        """The first reference to a zone by name or description after the mention in its sentence."""
        return next((r for r in window if r.start >= m.end and r.kind != "pronoun"), None)

    def _invested_in(self, m: Mention, window: list[Ref], clause: int) -> str | None:
        """'will invest 30 billion yuan over five years in a new software park': money
        invested in a zone named after it in the clause."""
        if m.type != "MONEY" or not re.search(r"\binvest(?:s|ed|ing|ment)?\b", self.text[clause : m.start]):
            return None
        r = self._next_ref(m, window)
        if r and re.search(r"\bin\s+(?:a\s+|an\s+|the\s+|its\s+)?(?:new\s+)?$", self.text[m.end : r.start]) and \
                not re.search(r"[;.]", self.text[m.end : r.start]):
            return r.key
        return None

    def _modified_zone(self, m: Mention, window: list[Ref]) -> str | None:
        """The zone a measure is part of the name phrase of: 'a 200-mu innovation park',
        'a 2.4-billion-yuan expansion of its Gene and Cell Town'."""
        if m.type == "DATE":
            return None
        before = [r for r in window if r.end <= m.start and r.kind != "pronoun"]
        # "a residential quarter of 60 hectares", "its start-up zone of 15 square kilometres"
        if before and re.fullmatch(r"\s+of\s+(?:about\s+|some\s+|around\s+|roughly\s+|nearly\s+)?", self.text[before[-1].end : m.start]):
            return before[-1].key
        r = self._next_ref(m, window)
        if r and re.fullmatch(r"[\s-]*(?:(?!(?:in|at|from|to|on|by|for|with|near|and|or|than)\b)[A-Za-z][\w'’-]*\s+){0,3}?"
                              r"(?:of\s+(?:its|the)\s+|the\s+)?", self.text[m.end : r.start]):
            return r.key
        return None

    def _named_subject(self, sentence: int, clause: int, m: Mention) -> bool:
        """The sentence or clause opens with a proper name (or its possessive) that is not
        a zone: a company, a city, a country. A capitalised first word counts as a name
        when the text also capitalises it in mid-sentence or gives it a possessive."""
        for start in {sentence, clause}:
            w = re.match(r"\s*(?:(?:The|the)\s+)?([A-Z][\w-]*(?:['’](?!s\b)\w+)*)(['’]s\b)?(?!\s+(?:[IVX]+|\d+)\b)",
                         self.text[start : m.start])
            if not w:
                continue  # "Phase II will cost ...": a part of the zone, not a name
            word = w.group(1)
            if word in self.v["heads_by_last"]:
                continue  # "Town officials say ..."
            if self._zone_at(start + w.start(1)) or self._ref_at(start + w.start(1)):
                continue
            two_names = re.match(r"\s+[A-Z][\w-]+\b", self.text[start + w.end(1) : start + w.end(1) + 40])
            if w.group(2) or word in self._proper_words or (two_names and not self._ref_at(start + w.end(1) + 1)):
                return True  # "Luxembourg's Cargolux", "Wenzhou, known for", "Origin Quantum, founded in"
        return False

    def _ref_at(self, pos: int) -> bool:
        i = bisect.bisect_right(self._ref_starts, pos) - 1
        return i >= 0 and self.refs[i].start <= pos < self.refs[i].end and bool(self.refs[i].key)

    @cached_property
    def _proper_words(self) -> frozenset:
        """Capitalised words the text writes in mid-sentence: names, not sentence openers."""
        words = {m.group(1) for m in re.finditer(r"(?<=[a-z,;:] )([A-Z][a-z][\w’'-]*)", self.text)
                 if not self.excluded_at(m.start(1), m.end(1))}
        return frozenset(words - {"I"})

    def _about_facility(self, clause: int, m: Mention) -> bool:
        """The mention measures a facility or a company, not a zone: a facility noun
        heads the words right after it ('a 120-metre tower') or opens its clause
        ('The tower will rise 120 metres')."""
        after = re.match(r"[\s-]*((?:[\w'’-]+\s+){0,4}[\w'’-]+)", self._without_refs(m.end, m.end + 60))
        if after:
            words = after.group(1).lower().split()
            stop = next((i for i, w in enumerate(words) if w in ("of", "in", "for", "to", "and", "on", "at", "with", "by")), len(words))
            if any(w in self.v["facility"] for w in words[:stop]):
                return True
        head = self._without_refs(clause, m.start).lower()
        opening = re.findall(r"[\w'’-]+", head)[:6]
        verb = next((i for i, w in enumerate(opening) if w in self.v["subject_follow"] or w in _REPORTING_VERBS), None)
        if verb is not None:  # "The plan promises 20,000 rental apartments": the subject ends at its verb
            opening = opening[:verb]
        hits = [w for w in opening if w in self.v["facility"] or w in self.v["company"]]
        if hits and all(w in self.v["company"] for w in hits):
            # "Companies moving in receive a subsidy of 500 yuan": what the zone gives them is the zone's
            clause_words = set(re.findall(r"[\w'’-]+", self.text[clause : m.end + 40].lower()))
            if clause_words & self.v["policy"]:
                return False
        return bool(hits)

    def _without_refs(self, start: int, end: int) -> str:
        """The text from ``start`` to ``end`` with zone references blanked ("the port" of a port zone)."""
        chars = list(self.text[start:end])
        i = max(0, bisect.bisect_left(self._ref_starts, start) - 1)
        while i < len(self.refs) and self.refs[i].start < end:
            r = self.refs[i]
            if r.key and r.kind != "pronoun":
                for k in range(max(r.start, start), min(r.end, end)):
                    chars[k - start] = " "
            i += 1
        return "".join(chars)

    def _break_cycles(self) -> None:
        """A zone never lies inside itself: the parent link that closes a cycle is dropped."""
        for zone in sorted(self.zones.values(), key=lambda z: z.first):
            seen, key = {zone.key}, zone.parent
            while key is not None:
                if key in seen:
                    zone.parent = None
                    break
                seen.add(key)
                key = self.zones[key].parent

    def records(self, mentions: list[Mention]) -> list[Zone]:
        self._break_cycles()
        attached, why = self.attach(mentions)
        for m in mentions:  # the attachment rule that gave the mention its zone, or none
            m.extra["zone_rule"] = why.get(m.id, "no-zone")
        ordered = sorted(self.zones.values(), key=lambda z: z.first)
        ids = {z.key: f"z{i}" for i, z in enumerate(ordered, 1)}
        return [
            Zone(id=ids[z.key], name=z.name, aliases=list(z.aliases), parent=ids.get(z.parent) if z.parent else None,
                 located_in=list(z.located_in), mentions=attached.get(z.key, []),
                 extra={"because": {"parent": z.why if z.parent else None,
                                    "located_in": {p: z.why_places.get(p) for p in z.located_in}}})
            for z in ordered
        ]


_PASS = object()  # an attachment rule that does not apply


@dataclass
class _At:
    """Where a mention stands: its sentence and clause, the zone references around it."""
    m: Mention
    s: int
    e: int
    clause: int
    window: list
    before: list
    in_clause: list
    main_before: list  # ``before`` without the zones inside a closed relative clause
    main_in_clause: list
    named: bool  # the sentence or clause opens with a name that is not a zone's

    def pool(self) -> list:
        """The references a subject is chosen from (a name's "its" is the name's, not a zone's)."""
        pool = self.main_in_clause or self.main_before
        return [r for r in pool if r.kind != "pronoun"] if self.named else pool


# The attachment rules in the order they are tried: the first that fires decides, and its
# id is recorded beside the fact in the output ("because").
ATTACHMENT_RULES = (
    ("firms-whose", _Builder._rule_firms_whose),
    ("shared-figure", _Builder._rule_shared),
    ("fronted-participle", _Builder._rule_fronted),
    ("zones-in-general", _Builder._rule_zones_in_general),
    ("verbless-clause", _Builder._rule_verbless_clause),
    ("invested-in", _Builder._rule_invested_in),
    ("distance-from", _Builder._rule_distance_from),
    ("relative-clause", _Builder._rule_relative_clause),
    ("other-subject", _Builder._rule_other_subject),
    ("inside-name-phrase", _Builder._rule_inside_name_phrase),
    ("named-subject", _Builder._rule_named_subject),
    ("clause-subject", _Builder._rule_clause_subject),
    ("paragraph-topic", _Builder._rule_paragraph_topic),
)


# The relation rules: the id each parent and place carries in the output ("because").
RELATION_RULES = {
    "main-zone": "a sub-area with no stated parent lies in the article's main zone",
    "phase-of": "'X Park Phase III' lies in the X Park",
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


def build_zones(text: str, excluded: list[tuple[int, int]], mentions: list[Mention]) -> list[Zone]:
    """Zone records of an article (``text`` as read, ``excluded`` header and furniture ranges)."""
    b = _Builder(text, excluded, [(m.start, m.end) for m in mentions])
    b.build()
    return b.records(mentions)
