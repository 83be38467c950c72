"""Stage 2, coreference: each generic reference and pronoun resolved to one zone, by
recency and salience; which references are subject-like; what the article and each
paragraph are about."""
from __future__ import annotations

import bisect
import re

from .state import Article, Ref

_OF_BETWEEN = re.compile(r"\s*(?:,\s*(?:the|a|an)\s+[\w\s-]{0,40}?\s+)?(?:of|in|within)\s+(?:the\s+)?")
_NEXT_WORD = re.compile(r"\s*[,)”\"]*\s*(\w+)")
_COMMA_WHICH = re.compile(r"\s*,\s*which")

# What opens a second clause whose subject follows: "..., while the new area as a whole spans ..."
_CLAUSE_OPENING = re.compile(r"(?:,\s*(?:while|whereas|but)|;)\s+(?:the\s+|its\s+)?$")


def named_later(st: Article) -> None:
    """'The base, to be called the Optics Valley Chip City, ...': a zone described first
    and named later is one zone, under its name."""
    for a, b in zip(st.refs, st.refs[1:]):
        if not a.key or not b.key or a.key == b.key or b.kind != "name" or a.kind == "pronoun":
            continue
        if st.v["named_later"].fullmatch(st.text, a.end, b.start):
            st.merge(a.key, b.key)


def mark_roles(st: Article) -> None:
    """Mark each reference subject-like (it opens its sentence, is followed by a verb or
    ", which"), the object of a preposition ("in the park"), or possessive ("its", "the
    zone's"). In "the Lingang Special Area of the China (Shanghai) Pilot Free Trade Zone
    has ..." the zone after "of the" modifies the one before, which is the subject."""
    modified: dict[int, Ref] = {}  # id of a name reference -> the name it modifies ('X of the Y': Y -> X)
    named = [r for r in st.refs if r.kind == "name"]
    for a, b in zip(named, named[1:]):
        if _OF_BETWEEN.fullmatch(st.text[a.end : b.start]):
            modified[id(b)] = a
            b.container = True
    for r in st.refs:
        after = st.text[r.end : r.end + 40]
        m = _NEXT_WORD.match(after)
        word = m.group(1).lower() if m else ""
        r.subject = r.kind != "locative" and (r.kind == "pronoun" or word in st.v["subject_follow"] or bool(_COMMA_WHICH.match(after))
                     or opens_sentence(st, r, st.sentence_of(r.start)) or r.heading)
        r.object = bool(st.v["object_before"].search(st.text[max(0, r.start - 16) : r.start]))
        r.possessive = st.text[r.start : r.end].lower() == "its" or st.text[r.end : r.end + 2] in ("'s", "’s")
        before_verb = r.subject
        if r.object:
            r.subject = False
        head = modified.get(id(r))
        if head is not None and before_verb:
            head.subject, r.subject = True, False


def resolve(st: Article) -> None:
    """Give generic references and pronouns a zone.

    A generic reference ("the new area") stands for a zone named before it whose name or
    alias ends with its head words (a sub-area only while fresh; the one last seen as a
    subject first, then the one named last), else for the zone its paragraph is about.
    A pronoun stands for the last subject-like zone of the sentence before (or earlier
    in its own sentence) that is not a sub-area, else for the zone its paragraph is
    about.
    """
    last_named: dict[str, int] = {}
    last_subject: dict[str, int] = {}
    by_head: dict[str, _Candidates] = {}
    heads_of: dict[str, list[_Candidates]] = {}  # zone key -> the candidate sets it is in
    subjects: dict[int, list[str]] = {}  # sentence -> subject-like top-level zones in order
    for r in st.refs:
        si = st.sentence_of(r.start)
        if r.kind == "generic":
            if r.head not in by_head:
                keys = [k for k, z in st.zones.items()
                        if z.name.lower().endswith(r.head) or any(a.lower().endswith(r.head) for a in z.aliases)]
                by_head[r.head] = _Candidates(st, keys, last_named, last_subject)
                for k in keys:
                    heads_of.setdefault(k, []).append(by_head[r.head])
            best = by_head[r.head].best(si)
            r.key = best if best is not None else topic(st, r.start)
        elif r.kind == "locative":
            # "there": the zone referred to last, in this sentence or the two before
            prev = next((q for q in reversed(st.refs[max(0, bisect.bisect_left(st.ref_starts, r.start) - 12) : bisect.bisect_left(st.ref_starts, r.start)])
                         if q.key and q.kind != "locative" and st.sentence_of(q.start) >= si - 2), None)
            r.key, r.rule = (prev.key, "last-zone") if prev else ("", "")
        elif r.kind == "pronoun":
            if not subjects.get(si) and (company_opens(st, si) or (si > 0 and not subjects.get(si - 1) and company_opens(st, si - 1))):
                r.key, r.rule = "", "company-subject"  # "Hoshino Seiki ... It had 21 billion yuan of cash": the company
                continue
            prev = (subjects.get(si) or subjects.get(si - 1) or [None])[-1]
            r.key = prev or topic(st, r.start) or ""
        if r.key:
            last_named[r.key] = r.start
            if r.subject and not r.possessive:
                last_subject[r.key] = r.start
            for cands in heads_of.get(r.key, ()):
                cands.seen(r.key)
            if r.subject and (not st.zones[r.key].sub_area or st.zones[r.key].focus
                              or opens_sentence(st, r, si) and r.kind == "name" and not r.possessive):
                # a sub-area counts when it is the sentence's own subject ("The airport area, around
                # ..., will focus on ... It takes in ...")
                subjects.setdefault(si, []).append(r.key)


class _Candidates:
    """The zones a generic head ("zone", "new area") may stand for, with the one to choose
    kept up to date as the references are read in text order: among the zones named so
    far, the one last seen as a subject, else the one named last; a sub-area only while
    it is fresh (named in this sentence or the one before), unless no other candidate
    exists at all."""

    def __init__(self, st: Article, keys: list[str], last_named: dict[str, int], last_subject: dict[str, int]):
        self.st, self.last_named, self.last_subject = st, last_named, last_subject
        self.has_top = any(not st.zones[k].sub_area or st.zones[k].focus for k in keys)
        self.top: str | None = None  # the best seen zone that is no (plain) sub-area
        self.sub: str | None = None  # the best seen sub-area
        self.recent: dict[str, None] = {}  # seen sub-areas, the one named last at the end
        for k in sorted((k for k in keys if k in last_named), key=last_named.__getitem__):
            self.seen(k)

    def _rank(self, k: str) -> tuple[int, int]:
        return self.last_subject.get(k, -1), self.last_named.get(k, -1)

    def seen(self, k: str) -> None:
        zone = self.st.zones[k]
        if not zone.sub_area or zone.focus:
            if self.top is None or self._rank(k) > self._rank(self.top):
                self.top = k
        else:
            if self.sub is None or self._rank(k) > self._rank(self.sub):
                self.sub = k
            self.recent.pop(k, None)
            self.recent[k] = None

    def best(self, si: int) -> str | None:
        fresh = []
        for k in reversed(self.recent):  # named last first: stop at the first stale one
            if self.st.sentence_of(self.last_named[k]) < si - 1:
                break
            fresh.append(k)
        if not (self.has_top or fresh):
            return self.sub
        pool = fresh + ([self.top] if self.top is not None else [])
        return max(pool, key=self._rank) if pool else None


def company_opens(st: Article, si: int) -> bool:
    """Sentence ``si`` opens (perhaps after a phrase and a comma) with a company or
    another organisation that is not a zone: 'Chinese battery maker Sunvolt plans ...',
    'Liuzhou-based carmaker Longjiang Motors said ...', 'BYD, the electric car maker,
    is building ...', 'The company said ...'."""
    if si not in st.company_sentences:
        s, e = st.sentences[si]
        k = bisect.bisect_right(st.excluded, (e, e)) - 1
        while k >= 0 and st.excluded[k][1] > s:  # "NAGOYA -- Hoshino Seiki will ...": the dateline is no part of it
            if st.excluded[k][0] <= s + 2:
                s = max(s, st.excluded[k][1])
                break
            k -= 1
        s += len(st.text[s:e]) - len(st.text[s:e].lstrip())
        m = st.v["company_subject"].match(st.text, s, e)
        st.company_sentences[si] = bool(m) and not any(s <= r.start < s + m.end() - s and r.kind == "name" and r.key
                                                      for r in st.refs[bisect.bisect_left(st.ref_starts, s):bisect.bisect_left(st.ref_starts, e)])
    return st.company_sentences[si]


def opens_sentence(st: Article, r: Ref, si: int) -> bool:
    """The reference opens its sentence, perhaps after an opening phrase set off by a
    comma or a short time phrase: the sentence's grammatical subject."""
    start = st.sentences[si][0]
    k = bisect.bisect_right(st.excluded, (r.start, r.start)) - 1
    if k >= 0 and start <= st.excluded[k][1] <= r.start:
        start = st.excluded[k][1]  # "HAIKOU -- The Yangpu ...": the dateline is not part of the sentence
    lead = st.text[start : r.start]
    return not lead.strip() or lead.strip() in ("The", "the") or bool(st.v["opening"].fullmatch(lead)) or \
        bool(_CLAUSE_OPENING.search(lead))


def topic(st: Article, pos: int) -> str | None:
    """The zone a paragraph is about: its first subject-like top-level zone before ``pos``, else the main zone."""
    para = st.paragraph_of(pos)
    start = st.paragraph_breaks[para - 1] if para else 0
    i = bisect.bisect_left(st.ref_starts, start)
    while i < len(st.refs) and st.refs[i].start < pos:
        r = st.refs[i]
        if (r.key and r.subject and r.kind != "pronoun"
                and (not st.zones[r.key].sub_area or st.zones[r.key].focus)):
            return r.key
        i += 1
    return st.main


def salience(st: Article) -> None:
    """The zone most referred to (by name, alias, "the park", "it") is what the text is
    about; a sub-area referred to as often as the zone it lies in is what the text is
    mostly about (its ``focus``)."""
    counts: dict[str, int] = {}
    for r in st.refs:
        if r.key:
            counts[r.key] = counts.get(r.key, 0) + 1
    if not counts:
        return
    top = max(counts, key=lambda k: (counts[k], -st.zones[k].first))
    for key, n in counts.items():
        if st.zones[key].sub_area and n >= max(3, counts.get(st.main, 0) // 2) and not (
                st.main is not None and st.zones[st.main].focus):
            st.zones[key].focus = True
    if top != st.main and counts[top] > 1.5 * counts.get(st.main, 0) and st.zones[top].sub_area:
        st.main = top
