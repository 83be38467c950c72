"""Zone records from an article's text and its mentions.

1. Names: proper names ending in a zone head noun ("... Demonstration Zone"),
   quoted names that hold one, and the lower-case sub-areas an article
   enumerates as subjects ("the life services area, which ...").
2. Aliases: parenthesised or quoted short names, "hereinafter referred to as"
   names, and head-swapped forms of an alias ("demonstration zone" ->
   "demonstration area"); every reference to the same zone is one record, the
   fullest form its name.
3. Locations: the places a clause says the zone is located in / at.
4. Parents: sub-areas lie inside the article's main zone; "X of Y" puts X in Y.
5. Attachment: a mention belongs to the zone its sentence is about: the zone
   reference before it in the sentence ("it" / "its" stand for the zone the
   text is about), else the first after it, else the zone the text is about.

All vocabulary comes from ``rules/zones.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import rules
from .document import Mention, Zone

_QUOTES = "\"“”「」『』"


@dataclass
class Ref:
    """One place in the text that names a zone (or stands for one: "it")."""

    start: int
    end: int
    key: str  # the zone's key; "" for a pronoun until resolved
    subject: bool = False
    pronoun: bool = False


@dataclass
class _Zone:
    key: str
    name: str
    first: int
    aliases: list[str] = field(default_factory=list)
    sub_area: bool = False
    parent: str | None = None
    located_in: list[str] = field(default_factory=list)


@lru_cache(maxsize=None)
def _vocab():
    z = rules.load("zones")

    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    word = r"(?:[A-Z][\w'’-]*|[A-Z0-9]{2,}|\d+[A-Za-z]*)"
    conn = alt(z["name_connectors"])
    heads = alt(z["heads"]) + "|" + alt(z["weak_heads"])
    name_re = re.compile(rf"\b{word}(?:(?:[ \t]+|-)(?:{word}|(?:{conn})(?=[ \t]+[A-Z]))|[ \t]*&[ \t]*{word})*?[ \t]+(?:{heads})\b")
    sub_re = re.compile(
        rf"\b[Tt]he\s+((?:[a-z][\w&/-]*|R&D|[A-Z]{{2,4}})(?:\s+(?:[a-z][\w&/-]*|R&D|[A-Z]{{2,4}})){{0,4}}\s+(?:{alt(z['sub_area_heads'])}))\b(?=\s*(\S+))"
    )
    return {
        "name": name_re,
        "sub": sub_re,
        "heads": frozenset(z["heads"]),
        "weak": frozenset(z["weak_heads"]),
        "descriptors": frozenset(z["descriptors"]),
        "not_zone": frozenset(z["not_zone_words"]),
        "metro": frozenset(m.lower() for m in z["metro_regions"]),
        "sub_heads": frozenset(z["sub_area_heads"]),
        "sub_stop": frozenset(z["sub_area_stop_words"]),
        "sub_follow": frozenset(z["sub_area_follow"]),
        "place_suffix": re.compile(rf"^(?:[A-Z][\w'’-]*\s+)+(?:{alt(z['place_suffixes'])})$|^(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*\s+(?:{alt(z['place_suffixes'])})$"),
        "locative": re.compile(rf"\b(?:{alt(z['locative_verbs'])})\s+(?:{alt(z['locative_prepositions'])})\s+([^.;:!?\n]+)"),
        "alias_cues": tuple(sorted((c.lower() for c in z["alias_cues"]), key=len, reverse=True)),
        "generic": tuple(sorted(z["generic_references"], key=len, reverse=True)),
        "pronouns": frozenset(z["pronouns"]),
        "subject_follow": frozenset(z["subject_follow"]),
    }


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
    def __init__(self, text: str, excluded: list[tuple[int, int]]):
        self.text = text
        self.excluded = excluded
        self.v = _vocab()
        self.zones: dict[str, _Zone] = {}
        self.alias_of: dict[str, str] = {}  # norm(alias or name) -> zone key
        self.refs: list[Ref] = []

    def excluded_at(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.excluded)

    # ------------------------------------------------------------ names
    def proper_names(self) -> list[tuple[int, int, str]]:
        found = []
        for m in self.v["name"].finditer(self.text):
            s, e, name = m.start(), m.end(), m.group(0)
            words = re.split(r"[\s-]+", name)
            while words and (words[0] in ("The", "A", "An", "In", "On", "At", "By", "As", "For", "From", "With", "To", "Of") or words[0].isdigit()):
                cut = self.text.index(words[0], s) + len(words[0])
                s = cut + len(self.text[cut:]) - len(self.text[cut:].lstrip(" -"))
                words = words[1:]
            name = self.text[s:e]
            if len(words) < 2 or any(w in self.v["not_zone"] for w in words):
                continue
            head = self._head(name)
            if head in self.v["weak"] and not any(w in self.v["descriptors"] for w in words[:-1]):
                continue
            if norm(name) in self.v["metro"]:
                continue
            found.append((s, e, name))
        # a quoted name that holds a head noun is one name, whatever follows the head
        for m in re.finditer(r"[“\"]([A-Z][^”\"\n]{3,120})[”\"]", self.text):
            inner = m.group(1)
            if self.v["name"].search(inner) and not any(w in self.v["not_zone"] for w in inner.split()):
                found.append((m.start(1), m.end(1), inner))
        found = [f for f in found if not self.excluded_at(f[0], f[1])]
        # keep the longest of overlapping candidates
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
        for h in sorted(self.v["heads"] | self.v["weak"], key=len, reverse=True):
            if name.endswith(h):
                return h
        return ""

    def add_zone(self, name: str, pos: int, sub_area: bool = False) -> str:
        key = norm(name)
        if key in self.alias_of:
            return self.alias_of[key]
        self.zones[key] = _Zone(key, name, pos, sub_area=sub_area)
        self.alias_of[key] = key
        return key

    def add_alias(self, zone_key: str, alias: str) -> None:
        a = norm(alias)
        if not a or a in self.alias_of:
            return
        zone = self.zones[zone_key]
        zone.aliases.append(alias.strip().strip(_QUOTES).strip())
        self.alias_of[a] = zone_key

    def aliases_after(self, key: str, end: int) -> None:
        """'X (“Innovation Home”)', 'X (hereinafter referred to as “demonstration zone”)', 'X (ZGC)'."""
        m = re.match(r"[”\"]?\s*[(（]\s*([^()（）\n]{1,80}?)\s*[)）]", self.text[end:])
        if not m:
            return
        inner = m.group(1).strip()
        low = inner.lower()
        for cue in self.v["alias_cues"]:
            if low.startswith(cue):
                inner = inner[len(cue) :].strip(" :,")
                break
        quoted = re.findall(r"[“\"]([^”\"]+)[”\"]", inner)
        candidates = quoted or ([inner] if re.fullmatch(r"[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,4}", inner) else [])
        for alias in candidates:
            if re.search(r"\d{4}", alias):
                continue
            self.add_alias(key, alias)
            self.refs.append(Ref(end + m.start(1), end + m.end(), key))

    def sub_areas(self) -> list[tuple[int, int, str]]:
        out = []
        for m in self.v["sub"].finditer(self.text):
            phrase, nxt = m.group(1), m.group(2)
            words = phrase.split()
            if any(w.lower() in self.v["sub_stop"] or w.lower() in ("of", "for", "with", "in", "on") for w in words[:-1]):
                continue
            rest = self.text[m.end(1) :]
            follow = re.match(r"\s*(,\s*which|\w+)", rest)
            if not follow or re.sub(r",\s*", ", ", follow.group(1).lower()) not in self.v["sub_follow"]:
                continue
            if self.excluded_at(m.start(1), m.end(1)):
                continue
            out.append((m.start(1), m.end(1), phrase))
        return out

    # ------------------------------------------------------------ build
    def build(self) -> None:
        for s, e, name in self.proper_names():
            key = self.add_zone(name, s)
            self.refs.append(Ref(s, e, key))
            self.aliases_after(key, e)
        self.main = self._main_zone()
        # head-swapped forms of an alias ("demonstration zone" -> "demonstration area")
        for zone in list(self.zones.values()):
            for alias in list(zone.aliases) + [zone.name]:
                words = alias.split()
                if len(words) == 2 and words[-1].lower() in self.v["sub_heads"]:
                    for head in ("zone", "area", "park"):
                        variant = f"{words[0]} {head}"
                        pattern = rf"\b[Tt]he\s+({re.escape(words[0])}\s+{head})\b"
                        for m in re.finditer(pattern, self.text, flags=re.IGNORECASE):
                            if norm(variant) not in self.alias_of:
                                self.add_alias(zone.key, m.group(1))
        for s, e, phrase in self.sub_areas():
            if norm(phrase) in self.alias_of:
                continue
            key = self.add_zone(phrase, s, sub_area=True)
            if self.main and key != self.main:
                self.zones[key].parent = self.main
        self._references()
        self._locations()

    def _main_zone(self) -> str | None:
        counts: dict[str, int] = {}
        for r in self.refs:
            counts[r.key] = counts.get(r.key, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda k: (counts[k], -self.zones[k].first))

    def _references(self) -> None:
        """Every occurrence of a name or alias (definite or bare), and pronouns."""
        refs = {(r.start, r.end): r for r in self.refs}
        for key_norm, zone_key in sorted(self.alias_of.items(), key=lambda kv: -len(kv[0])):
            zone = self.zones[zone_key]
            forms = {zone.name} | set(zone.aliases) | ({key_norm} if key_norm != norm(zone.name) else set())
            for form in forms:
                for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", self.text, flags=re.IGNORECASE):
                    s, e = m.start(), m.end()
                    if self.excluded_at(s, e) or any(a < e and s < b for (a, b) in refs):
                        continue
                    before = self.text[max(0, s - 3) : s].lower()
                    if zone.sub_area or form.islower():
                        if not before.endswith(("the ", "he ")) and not before.endswith(("“", '"')):
                            continue  # "a demonstration zone for ..." is not this zone
                    refs[(s, e)] = Ref(s, e, zone_key)
        if self.main:
            for m in re.finditer(r"(?<![\w-])(?:" + "|".join(re.escape(g) for g in self.v["generic"]) + r")(?![\w-])", self.text, flags=re.IGNORECASE):
                s, e = m.start(), m.end()
                if self.excluded_at(s, e) or any(a < e and s < b for (a, b) in refs):
                    continue
                refs[(s, e)] = Ref(s, e, "")  # resolved to the current topic
        for m in re.finditer(r"\b(?:" + "|".join(self.v["pronouns"]) + r")\b", self.text, flags=re.IGNORECASE):
            s, e = m.start(), m.end()
            if not self.excluded_at(s, e):
                refs.setdefault((s, e), Ref(s, e, "", pronoun=True))
        self.refs = sorted(refs.values(), key=lambda r: r.start)
        for r in self.refs:
            r.subject = self._is_subject(r)

    def _is_subject(self, r: Ref) -> bool:
        after = self.text[r.end : r.end + 40]
        m = re.match(r"\s*[,)”\"]*\s*(\w+)", after)
        word = m.group(1).lower() if m else ""
        if after.lstrip().startswith(",") and re.match(r"\s*,\s*which", after):
            return True
        return word in self.v["subject_follow"]

    def _locations(self) -> None:
        for s, e in _sentences(self.text):
            sentence = self.text[s:e]
            for m in self.v["locative"].finditer(sentence):
                at = s + m.start()
                zone = self._zone_before(at, s)
                if zone is None:
                    continue
                places = self._places(m.group(1))
                for p in places:
                    if p not in self.zones[zone].located_in and norm(p) not in self.alias_of:
                        self.zones[zone].located_in.append(p)

    def _places(self, span: str) -> list[str]:
        span = re.split(r"\s+(?:and\s+)?(?:covers|covering|with|which|is|has|where|to|from|near|close)\b", span)[0]
        out = []
        for part in re.split(r",\s*|\s+and\s+|\s+of\s+", span):
            part = part.strip().strip(_QUOTES)
            part = re.sub(r"^the\s+", "", part)
            if self.v["place_suffix"].match(part) or re.fullmatch(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}", part):
                out.append(part)
            else:
                break
        return out

    def _zone_before(self, pos: int, sentence_start: int) -> str | None:
        topic = None
        best = None
        for r in self.refs:
            if r.start >= pos:
                break
            key = self._resolve(r, topic)
            if r.subject and key:
                topic = key
            if r.start >= sentence_start and key:
                best = key
        return best

    # ------------------------------------------------------------ attachment
    def _resolve(self, r: Ref, topic: str | None) -> str | None:
        return r.key or topic

    def attach(self, mentions: list[Mention]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {k: [] for k in self.zones}
        if not self.zones:
            return out
        sentences = _sentences(self.text)
        topic: str | None = None
        resolved: list[tuple[Ref, str | None]] = []
        for r in self.refs:
            key = self._resolve(r, topic)
            resolved.append((r, key))
            if key and (r.subject or not topic) and not r.pronoun:
                topic = key
        si = 0
        for m in mentions:
            while si < len(sentences) - 1 and sentences[si][1] <= m.start:
                si += 1
            s, e = sentences[si]
            before = [(r, k) for r, k in resolved if s <= r.start < m.start and k]
            after = [(r, k) for r, k in resolved if m.end <= r.start < e and k and not r.pronoun]
            key = None
            if before:
                subjects = [k for r, k in before if r.subject or r.pronoun]
                key = subjects[-1] if subjects else before[-1][1]
            elif after:
                key = after[0][1]
            else:
                prior = [k for r, k in resolved if r.end <= m.start and k and (r.subject or r.pronoun)]
                key = prior[-1] if prior else None
            if key:
                out[key].append(m.id)
        return out

    def records(self, mentions: list[Mention]) -> list[Zone]:
        attached = self.attach(mentions)
        ordered = sorted(self.zones.values(), key=lambda z: z.first)
        ids = {z.key: f"z{i}" for i, z in enumerate(ordered, 1)}
        return [
            Zone(id=ids[z.key], name=z.name, aliases=list(z.aliases), parent=ids.get(z.parent) if z.parent else None,
                 located_in=list(z.located_in), mentions=attached.get(z.key, []))
            for z in ordered
        ]


def build_zones(text: str, excluded: list[tuple[int, int]], mentions: list[Mention]) -> list[Zone]:
    """Zone records of an article (``text`` as read, ``excluded`` header and furniture ranges)."""
    b = _Builder(text, excluded)
    b.build()
    return b.records(mentions)
