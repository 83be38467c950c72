"""What the zone engine knows about one article as it reads it: the text, its
sentences and paragraphs, the zones found so far with their names and aliases, and
every reference to them in text order. The stages (``names``, ``references``,
``coref``, ``relations``, ``attach``) read and extend it; the queries here are the
ones several stages share."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..document import Mention
from ..ingest import overlaps_any
from ..wordsets import FOLDS_TO_ASCII
from .vocab import QUOTES, norm, vocab

_SPACE_OR_HYPHEN = re.compile(r"[\s-]")
# a capitalised word after a lower-case word or a comma ("said Foo", "in Hefei, Foo"); the
# space comes first so that the engine looks only at spaces
_MID_SENTENCE_CAPITAL = re.compile(r" (?<=[a-z,;:] )([A-Z][a-z][\w’'-]*)")


@dataclass
class Ref:
    """One place in the text that names a zone, or stands for one ("it", "the park")."""

    start: int
    end: int
    key: str  # the zone's key; "" until resolved
    kind: str = "name"  # name | generic | pronoun | locative ("there")
    head: str = ""  # for generic references: the head words ("new area")
    subject: bool = False
    object: bool = False  # the object of a preposition ("in the park")
    possessive: bool = False  # "its", "the zone's"
    intro: bool = False  # where an article introduces the zone ("has opened a new logistics park")
    container: bool = False  # the Y of "the X of the Y": it contains the reference before it
    rule: str = ""  # why a pronoun or "there" got (or did not get) its zone: "last-zone", "company-subject"
    heading: bool = False  # a heading line that names the zone the lines under it are about


@dataclass
class ZoneInfo:
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


# the stop is read as the break's first character (not looked behind for: the regex engine
# then tries the pattern only at a stop or a line break); the break starts after it
_SENTENCE_BREAK = re.compile(r"[.!?;。\n](?:(?<=[.!?;。])([\"”’)]?\s+)(?=[\"“‘(]?[A-Z0-9])|(?<=\n)\s*\n|(?<=\n)(?=\S))")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: after a full stop, question or exclamation mark or
    semicolon and before a capital or digit, and at line breaks."""
    out, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        out.append((start, m.start(1) if m.start(1) != -1 else m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if e > s]


def sentences_with(text: str, sentences: list[tuple[int, int]], *patterns: re.Pattern):
    """The sentences (in text order) in which one of ``patterns`` may match. Each is
    searched for in the whole text from a sentence's start, and only again past the
    match it found: a match inside a sentence is one in the text, so a sentence that
    ends before the next match in the text holds none. That holds for patterns that do
    not test for the end of the text, a word's end or what may not follow ('$', '\\Z',
    '\\b', '(?!...)') where a sentence ends, which a sentence's end would satisfy and the
    text's next words might not (the cues of ``names.enumerated`` end in spaces or a
    colon)."""
    after = [-1] * len(patterns)  # where each pattern next matches in the text
    for s, e in sentences:
        for k, rx in enumerate(patterns):
            if after[k] < s:
                m = rx.search(text, s)
                after[k] = m.start() if m else len(text) + 1
        if min(after) < e:
            yield s, e


def stretches_with(text: str, gate: re.Pattern, stops: re.Pattern) -> list[tuple[int, int]]:
    """The stretches of ``text`` between two stops (matches of ``stops``, one character
    each; or the text's ends) that hold a match of ``gate``, in text order. A pattern
    that reads no stop, not even in a lookaround, finds in them (``finditer(text, a,
    b)``) every match of its in the text that holds a match of ``gate``."""
    return stretches_around(text, [m.start() for m in gate.finditer(text)], stops)


def stretches_around(text: str, positions: list[int], stops: re.Pattern) -> list[tuple[int, int]]:
    """The stretches of ``text`` between two stops (as ``stretches_with``) that hold one of
    ``positions`` (in text order, none of them a stop's)."""
    if not positions:
        return []
    at = [m.start() for m in stops.finditer(text)]
    out: list[tuple[int, int]] = []
    for p in positions:
        if out and p < out[-1][1]:
            continue  # in the stretch found last
        k = bisect.bisect_left(at, p)
        out.append((at[k - 1] + 1 if k else 0, at[k] if k < len(at) else len(text)))
    return out


class _PlaceReading:
    """The place queries of an ``Article``: what place a span of its text names ('northwest
    China's Dalian', 'Chongchuan District of Nantong'), or which zone. They need only the
    vocabulary (``self.v``) and the zone references (``self.zone_at``)."""

    def place_prefix(self, text: str) -> int:
        """Length of the words before a place's name: "northwest China's ", "the eastern
        Guangdong city of "."""
        m = self.v["place_prefix"].match(text)
        return m.end() if m else 0

    def place(self, text: str) -> str | None:
        """The place name at the start of ``text`` after its prefix ('Dalian' of 'Dalian,
        Liaoning province'), or None; a month or weekday name is a date, not a place."""
        text = text[self.place_prefix(text) :]
        m = self.v["place_name"].match(text)
        if not m:
            return None
        place = m.group(1)
        if self.v["calendar_word"].match(place):  # "March", "Monday": a date, not a place
            return None
        return place

    def places(self, span: str, offset: int) -> list[tuple[str, str]]:
        """The places a span names, in order, as ("place", name), or ("zone", key) for a
        zone referred to at its place in the text (``offset``: where ``span`` starts): 'A, B
        and C', 'Chongchuan District of Nantong'; the part of a zone ('the southern end of
        the X') is the zone, a relative position ('on the shore of Bohai Bay') no place."""
        part_of = self.v["part_of"].match(span)
        if part_of:  # "the southern end of the Lingang Economic Zone"
            span, offset = span[part_of.end() :], offset + part_of.end()
        elif self.v["relative_position"].match(span):
            return []  # "on the shore of Bohai Bay": a relative position, not a place the zone is in
        skip = self.place_prefix(span)
        span, offset = span[skip:], offset + skip
        span = self.v["place_end"].split(span)[0]
        out: list[tuple[str, str]] = []
        pos = 0
        parts = re.split(r"(,\s*|\s+and\s+|\s+of\s+|\s+in\s+)", span)
        for i, part in enumerate(parts):
            if re.fullmatch(r",\s*|\s+and\s+|\s+of\s+|\s+in\s+", part):
                pos += len(part)
                continue
            if re.fullmatch(r"(?:the|an?|\w+)\s+[a-z][\w\s-]*", part.strip()) and i + 1 < len(parts) and parts[i + 1].strip() == "in":
                pos += len(part)  # "across the river in Haizhu district", "an area in Kashgar city and a section in Shufu county"
                continue
            start = offset + pos
            pos += len(part)
            clean = part.strip().strip(QUOTES)
            lead = len(part) - len(part.lstrip())
            clean = re.sub(r"^the\s+", "", clean)
            zone = self.zone_at(start + lead + (4 if part.strip().startswith("the ") else 0))
            if zone:
                out.append(("zone", zone))
                break  # what follows places the containing zone ("... Valley on the bank of the Yangtze")
            words = clean.split()
            if words and self.v["calendar_word"].match(clean):
                break  # "on Saturday": a date
            if words and all(w[0].isupper() or w in self.v["place_suffix"] for w in words):
                out.append(("place", clean))
            else:
                lead_place = self.place(clean)  # "Meishan Island about 30 kilometres to the east"
                if lead_place:
                    out.append(("place", lead_place))
                break
        return out


class _Gates:
    """Where an ``Article``'s patterns can match, found once for the patterns that share a
    necessary word (``self.text``, ``self.v``)."""

    @cached_property
    def lowered(self) -> str | None:
        """The text lower-cased, where that keeps every offset (not so where a character's
        lower case is longer, 'İ'); None there."""
        low = self.text.lower()
        return low if len(low) == len(self.text) else None

    @cached_property
    def head_starts(self) -> list[int] | None:
        """Where a sub-area head or a noun a count announces ('sites') starts a word, in
        the lower-cased text; None where lower-casing moves offsets."""
        return None if self.lowered is None else [m.start() for m in self.v["head_gate"].finditer(self.lowered)]

    @cached_property
    def sub_head_stretches(self) -> list[tuple[int, int]]:
        """The stretches of the text between stops (full stops, semicolons, colons, question
        and exclamation marks, brackets, double quotes) that hold a head (``head_starts``):
        the patterns that end in a sub-area head after a space and read no stop ('sub',
        'appositive_name', 'owned_appositive') match only there. The whole text where
        lower-casing moves offsets or a letter in it matches an ASCII one only
        case-insensitively ('ſ' an 's')."""
        if self.head_starts is None or FOLDS_TO_ASCII.search(self.text):
            return [(0, len(self.text))]
        return stretches_around(self.lowered, self.head_starts, self.v["sub_head_stops"])

    def head_sentences(self) -> list[tuple[int, int]] | None:
        """The sentences in which a head starts a word (``head_starts``), in text order (a
        head never starts in a sentence break, which holds punctuation and spaces)."""
        if self.head_starts is None:
            return None
        return [self.sentences[i] for i in sorted({self.sentence_of(p) for p in self.head_starts})]


class Article(_PlaceReading, _Gates):
    """One article as the zone stages read it (see the module's docstring)."""

    def __init__(self, text: str, excluded: list[tuple[int, int]], mention_spans: list[tuple[int, int]] = ()):
        self.mention_spans = sorted(mention_spans)
        self.mention_starts = [a for a, _ in self.mention_spans]
        self.text = text
        self.excluded = sorted(excluded)
        self.v = vocab()
        self.zones: dict[str, ZoneInfo] = {}
        self.alias_of: dict[str, str] = {}  # norm(alias or name) -> zone key (filled through _known)
        self._order: dict[str, int] = {}  # norm(alias or name) -> when it was recorded
        self._starts: dict[str, str] = {}  # a run of words that starts a name or alias -> the first such form
        self._ends: dict[str, str] = {}  # a run of words that ends a name or alias -> the first such form
        self.refs: list[Ref] = []
        self.name_words: dict[str, list[str]] = {}  # zone key -> words of its name, for fits
        self.sentences = split_sentences(text) or [(0, len(text))]
        self.sentence_starts = [a for a, _ in self.sentences]
        self.paragraph_breaks = [m.start() for m in re.finditer("\n\n", text)]
        self.ref_starts: list[int] = []
        self._by_ends: dict[tuple[str, str], list[str]] = {}  # (first word, last word) of a name -> zone keys
        self.main: str | None = None  # the zone the article is mainly about
        self._speaks_of: dict[str, bool] = {}
        self._quotes: list[tuple[int, int]] | None = None
        self.company_sentences: dict[int, bool] = {}  # sentence -> it opens with a company (see coref.company_opens)
        self.named_parts: set[int] = set()  # where a part of a zone is given its name ("the new section, to be known as X")

    def excluded_at(self, start: int, end: int) -> bool:
        return overlaps_any(self.excluded, start, end)

    def speaks_of(self, head: str) -> bool:
        """The text speaks of zones of this weak head ("characteristic towns" for "Town")."""
        if head not in self._speaks_of:
            rx = self.v["weak_context"].get(head)
            self._speaks_of[head] = bool(rx and rx.search(self.text))
        return self._speaks_of[head]

    def head(self, name: str) -> str:
        """The head noun phrase ``name`` ends with ('Free Trade Zone'), or ''."""
        last = _SPACE_OR_HYPHEN.split(name)[-1]
        for h in self.v["heads_by_last"].get(last, ()):
            if name.endswith(h) and (len(name) == len(h) or name[-len(h) - 1] in " -\t"):
                return h
        return ""

    def add_zone(self, name: str, pos: int, sub_area: bool = False) -> str:
        key = norm(name)
        if key in self.alias_of:
            return self.alias_of[key]
        self.zones[key] = ZoneInfo(key, name, pos, head=self.head(name), sub_area=sub_area)
        self._known(key, key)
        words = name.lower().split()
        self._by_ends.setdefault((words[0], words[-1]), []).append(key)
        return key

    def add_alias(self, zone_key: str, alias: str) -> None:
        alias = re.sub(r"^the\s+", "", alias.strip().strip(QUOTES).strip(), flags=re.IGNORECASE)
        a = norm(alias)
        if not a or a in self.alias_of:
            return
        self.zones[zone_key].aliases.append(alias)
        self._known(a, zone_key)

    def _known(self, form: str, zone_key: str) -> None:
        """Record a name or alias (normalised), and index the word runs it starts and ends
        with, so that a shorter form finds it without a scan of every name."""
        self._order[form] = len(self.alias_of)
        self.alias_of[form] = zone_key
        words = form.split()
        for i in range(1, len(words)):
            self._starts.setdefault(" ".join(words[:i]), form)
            self._ends.setdefault(" ".join(words[i:]), form)

    def merge(self, src: str, dst: str) -> None:
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

    def shortened(self, name: str) -> str | None:
        """The zone whose name or alias begins with ``name`` word for word ("Optics Valley"
        of "Optics Valley of China"), or ends with it ("Binhai New Area" of "Tianjin
        Binhai New Area"), if any."""
        n = norm(name)
        forms = [f for f in (self._starts.get(n), self._ends.get(n) if len(n.split()) >= 2 else None) if f]
        return self.alias_of[min(forms, key=self._order.__getitem__)] if forms else None

    def contraction_of(self, name: str) -> str | None:
        """The one zone whose name holds the words of ``name`` in order, first word and
        last word alike, and more besides ('Changde High-tech Zone' of 'Changde National
        High-tech Industrial Development Zone'): a short form, when ``name`` has three
        words or more and no other zone's name holds them so."""
        words = [w.lower() for w in name.split()]
        if len(words) < 3:
            return None
        fits = []
        for key in self._by_ends.get((words[0], words[-1]), ()):
            zone = self.zones.get(key)
            if zone is None:
                continue
            full = [w.lower() for w in zone.name.split()]  # its first and last words are name's: the index's key
            if len(full) <= len(words):
                continue
            rest = iter(full)
            if all(w in rest for w in words):
                fits.append(key)
        return fits[0] if len(fits) == 1 else None

    def acronym_of(self, name: str) -> str | None:
        """The zone that 'Hebei FTZ' or 'the Weihai ETDZ' stands for: its name holds the
        other words ('China (Hebei) Pilot Free Trade Zone') and ends with words whose
        initials are the acronym (stop words skipped)."""
        words = name.split()
        if len(words) < 2 or not re.fullmatch(r"[A-Z]{2,6}", words[-1]):
            return None
        acronym, rest = words[-1], {w.lower() for w in words[:-1]}
        for key, zone in self.zones.items():
            if zone.sub_area:
                continue
            name_words = re.findall(r"[\w'’-]+", zone.name)
            lower = {w.lower() for w in name_words}
            initials = "".join(w[0] for w in name_words if w.lower() not in ("and", "of", "the", "for"))
            if rest <= lower and initials.upper().endswith(acronym):
                return key
        return None

    def part_of(self, name: str) -> str | None:
        """The zone whose name holds ``name`` as a run of whole words ("Great Stone" of
        "China-Belarus Great Stone Industrial Park"), when ``name`` has no head of its own."""
        if self.head(name):
            return None
        n = f" {norm(name)} "
        for zone_key, zone in self.zones.items():
            if n in f" {norm(zone.name)} " and len(name.split()) >= 2:
                return zone_key
        return None

    def fits(self, phrase: str) -> list[str]:
        """Zones whose name ends with the phrase's last word and holds its other words in order."""
        spell = self.v["spelling"]
        *mods, head = (spell.get(w, w) for w in phrase.lower().split())
        fits = []
        for key, zone in self.zones.items():
            words = self.name_words.get(key)
            if words is None:
                words = self.name_words[key] = [spell.get(w, w) for w in norm(zone.name).split()]
            if words[-1] != head or len(words) <= len(mods):
                continue
            it = iter(words[:-1])
            if all(any(w == x for x in it) for w in mods):
                fits.append(key)
        return fits

    def sentence_of(self, pos: int) -> int:
        i = bisect.bisect_right(self.sentence_starts, pos) - 1
        return min(max(i, 0), len(self.sentences) - 1)

    def paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_breaks, pos)

    def set_parent(self, key: str, parent: str, rule: str) -> None:
        """Give a zone its parent (``rule`` the id of the relation rule that found it), unless
        the text already gave it one."""
        zone = self.zones[key]
        if zone.parent is None or zone.default_parent:
            zone.parent, zone.default_parent, zone.why = parent, False, rule

    @staticmethod
    def locate(zone: "ZoneInfo", place: str, rule: str) -> None:
        """Add ``place`` to the zone's places, found by the relation rule ``rule``."""
        if place not in zone.located_in:
            zone.located_in.append(place)
            zone.why_places[place] = rule

    def zone_at(self, pos: int, names_only: bool = True) -> str | None:
        """The zone of the reference that starts at ``pos``: a name, or with ``names_only``
        false any reference ("the park", "it")."""
        i = bisect.bisect_left(self.ref_starts, pos)
        while i < len(self.refs) and self.refs[i].start == pos:
            if self.refs[i].key and (self.refs[i].kind == "name" or not names_only and self.refs[i].kind != "locative"):
                return self.refs[i].key
            i += 1
        return None

    def ref_at(self, pos: int) -> bool:
        i = bisect.bisect_right(self.ref_starts, pos) - 1
        return i >= 0 and self.refs[i].start <= pos < self.refs[i].end and bool(self.refs[i].key)

    def sentence_subject(self, s: int, before: int) -> str | None:
        """The zone named at the very start of the sentence ("The Tangjia Bay Science City,
        the core of the ..., includes ..."), if it is named before ``before``."""
        m = re.match(r"\s*(?:The\s+)?", self.text[s:before])
        return self.zone_at(s + m.end()) if m else None

    def subject_before(self, pos: int, sentence_start: int) -> str | None:
        """The zone of the last reference between the sentence start and ``pos``, passing over
        the container of a subject ("The Pingtan Area of the China (Fujian) FTZ is located in
        ...": the Pingtan Area)."""
        i = bisect.bisect_left(self.ref_starts, pos) - 1
        while i >= 0 and self.refs[i].start >= sentence_start:
            r = self.refs[i]
            if r.key and r.kind != "locative" and not (r.container and i and self.refs[i - 1].subject):
                return r.key
            i -= 1
        return None

    @staticmethod
    def next_ref(m: Mention, window: list[Ref]) -> Ref | None:
        """The first reference to a zone by name or description after the mention in its sentence."""
        return next((r for r in window if r.start >= m.end and r.kind != "pronoun"), None)

    @cached_property
    def proper_words(self) -> frozenset:
        """Capitalised words the text writes in mid-sentence: names, not sentence openers."""
        words = {m.group(1) for m in _MID_SENTENCE_CAPITAL.finditer(self.text)
                 if not self.excluded_at(m.start(1), m.end(1))}
        return frozenset(words - self.v["not_names"])

    @cached_property
    def zone_words(self) -> frozenset:
        """The words of every zone's names and places ('Longsheng', 'Hengqin'): not some other subject."""
        words = set()
        for z in self.zones.values():
            for form in (z.name, *z.aliases, *z.located_in):
                words.update(re.findall(r"[\w'’-]+", form))
        return frozenset(words)

    def without_refs(self, start: int, end: int) -> str:
        """The text from ``start`` to ``end`` with zone references blanked ("the port" of a port zone)."""
        out, pos = [], start  # pos: how far the text is copied or blanked
        i = max(0, bisect.bisect_left(self.ref_starts, start) - 1)
        while i < len(self.refs) and self.refs[i].start < end:
            r = self.refs[i]
            a, b = max(r.start, pos), min(r.end, end)
            if r.key and r.kind != "pronoun" and a < b:
                out += (self.text[pos:a], " " * (b - a))
                pos = b
            i += 1
        out.append(self.text[pos:end])
        return "".join(out)

    def lede(self) -> tuple[int, int]:
        """The first paragraph of running text (sentences, not a title or header line)."""
        pos = 0
        for para in re.split(r"(\n\s*\n)", self.text):
            start, pos = pos, pos + len(para)
            body = para.strip()
            if len(body) >= 40 and re.search(r"[.!?][\"”’)]?$", body) and not self.excluded_at(start + len(para) - 1, start + len(para)):
                return start, pos
        return 0, 0

    def quotes_open(self, si: int) -> tuple[int, int]:
        """Curly quotations opened and not closed, and straight quotes, from the start of
        sentence ``si``'s paragraph (a line) to the start of the sentence; worked out for every
        sentence in one pass."""
        if self._quotes is None:
            self._quotes, curly, straight, prev = [], 0, 0, 0
            for s, _ in self.sentences:
                newline = self.text.rfind("\n", prev, s)  # only the text since the last sentence start
                if newline != -1:
                    curly, straight, prev = 0, 0, newline + 1
                chunk = self.text[prev:s]
                curly += chunk.count("“") - chunk.count("”")
                straight += chunk.count('"')
                prev = s
                self._quotes.append((curly, straight))
        return self._quotes[si]

    def index_refs(self) -> None:
        """Sort the references by position (after a stage added some)."""
        self.refs.sort(key=lambda r: r.start)
        self.ref_starts = [r.start for r in self.refs]
