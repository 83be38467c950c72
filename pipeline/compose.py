"""Compositions: second-level patterns over typed mentions.

``rules/compositions.jsonl`` holds the patterns that build mentions out of the
mentions the first-level patterns read and the words around them, as Duckling's
rules build on other rules' outputs: a range ("from 3km to 5km", "between March
and May"), a date and its year ("26 June of 2020"), a feast and its year, a change
("grew from 40 to 75 sq km" is two values), a year in words, an offset before a
date, a compound measure ("5 feet 2 inches"), a minor money unit ("3 dollars 50
cents"). Each names its combiner, a function registered in ``combine``, which reads
the matched parts into the mentions that replace them, or refuses (None).

A pattern is a list of elements:

* a mention element, ``{"MENTION": {...}}``, matches one mention: ``TYPE`` (a type,
  or ``{"IN": [...]}``), ``TAG`` (a tag of its reading), ``SINGLE_YEAR``, ``RANGE``
  (whether its value is a pair), ``FIRST`` (a word test its first token passes);
* a word element matches one token outside every mention: ``LOWER`` (a word or
  ``{"IN": [...]}``), ``LEX`` (a word list named in ``words.word_set``), ``PRED``
  (``DIGITS``: a number in digits), ``ANY_OF`` (a list of word tests); ``{}`` is any word.

``OP`` repeats a word element (``?``, ``*``, ``+``, ``{m,n}``) and ``ROLE`` names the
part for the combiner. Words before a pattern's first mention are bounded.

The stages run in order. Within one, the mentions are visited left to right; at
each, the stage's patterns whose first mention it is are tried in file order, each
from its earliest start, and the first match its combiner accepts replaces the
mentions it took ('a second one two weeks before June 1': not 'one two weeks',
then 'two weeks'). A composition
of two mentions is tried again from its result ("April to June in 2017": the
range, then its year); any other moves on.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from . import numbers, rules
from .found import Found
from .words import word_set

_OPS = {"?": (0, 1), "*": (0, None), "+": (1, None), None: (1, 1)}


@dataclass(frozen=True)
class Element:
    mention: bool
    test: object  # Token -> bool, or (Found, Doc) -> bool
    lo: int
    hi: int | None
    role: str


@dataclass(frozen=True)
class Composition:
    id: str
    stage: int
    combine: str
    rule: tuple[str, ...]
    elements: tuple[Element, ...]
    anchor: int  # index of the first mention element
    lead: int  # at most this many words before it


@dataclass
class Match:
    """What a composition matched: the token range, the mentions by role (and their
    indices in the list), and the tokens of each word role."""

    comp: Composition
    start: int
    end: int
    mentions: dict
    words: dict
    first: int  # index of the first mention taken
    last: int

    def rule(self, n: int = 0) -> str:
        """The ``n``-th result's rule name, the roles' rules put in."""
        return re.sub(r"\{(\w+)\}", lambda g: self.mentions[g.group(1)].rule, self.comp.rule[n])


class Context:
    """What a combiner reads: the doc, its text and the reference date."""

    __slots__ = ("doc", "text", "ref")

    def __init__(self, doc: Doc, text: str, ref):
        self.doc, self.text, self.ref = doc, text, ref

    def text_of(self, start: int, end: int) -> str:
        """The text of tokens ``start:end``."""
        last = self.doc[end - 1]
        return self.text[self.doc[start].idx : last.idx + len(last)]


# ---------------------------------------------------------------- loading

def _word_test(spec: dict):
    tests = []
    for key, value in spec.items():
        if key == "LOWER":
            words = frozenset(value["IN"]) if isinstance(value, Mapping) else frozenset([value])
            tests.append(lambda t, w=words: t.lower_ in w)
        elif key == "LEX":
            words = word_set(value)
            tests.append(lambda t, w=words: t.lower_ in w)
        elif key == "PRED":
            if value != "DIGITS":
                raise ValueError(f"unknown predicate {value!r}")
            tests.append(lambda t: numbers.parse_digits(t.text) is not None)
        elif key == "ANY_OF":
            alts = [_word_test(dict(a)) for a in value]
            tests.append(lambda t, alts=alts: any(a(t) for a in alts))
        else:
            raise ValueError(f"unknown word test {key!r}")
    return _all(tests)


def _all(tests: list):
    """One test that passes where each of ``tests`` does, tried in order (a single
    test is itself)."""
    if len(tests) == 1:
        return tests[0]

    def test(*args):
        for t in tests:
            if not t(*args):
                return False
        return True
    return test


def _mention_test(spec: dict):
    tests = []
    for key, value in spec.items():
        if key == "TYPE":
            types = frozenset(value["IN"]) if isinstance(value, Mapping) else frozenset([value])
            tests.append(lambda f, doc, types=types: f.type in types)
        elif key == "TAG":
            tests.append(lambda f, doc, tag=value: tag in f.tags)
        elif key == "SINGLE_YEAR":
            tests.append(lambda f, doc, want=value: f.single_year == want)
        elif key == "RANGE":
            tests.append(lambda f, doc, want=value: isinstance(f.value, list) == want)
        elif key == "FIRST":
            first = _word_test(dict(value))
            tests.append(lambda f, doc, first=first: first(doc[f.start]))
        else:
            raise ValueError(f"unknown mention test {key!r}")
    return _all(tests)


def _element(item: dict) -> Element:
    item = dict(item)
    role = item.pop("ROLE", "")
    op = item.pop("OP", None)
    m = re.fullmatch(r"\{(\d+),(\d+)\}", op or "")
    lo, hi = (int(m.group(1)), int(m.group(2))) if m else _OPS[op]
    if "MENTION" in item:
        if (lo, hi) != (1, 1):
            raise ValueError("a mention element does not repeat")
        return Element(True, _mention_test(dict(item["MENTION"])), 1, 1, role)
    return Element(False, _word_test(item), lo, hi, role)


@lru_cache(maxsize=None)
def compositions() -> tuple[tuple[Composition, ...], ...]:
    """The compositions, stage by stage, each stage's in file order."""
    from .combine import get

    by_stage: dict[int, list] = {}
    for row in rules.load_jsonl("compositions"):
        where = f"compositions {row['id']!r}"
        try:
            elements = tuple(_element(i) for i in row["pattern"])
            get(row["combine"])
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from None
        anchor = next((i for i, e in enumerate(elements) if e.mention), None)
        if anchor is None or any(e.hi is None for e in elements[:anchor]):
            raise ValueError(f"{where}: needs a mention, and bounded words before it")
        rule = (row["rule"],) if isinstance(row["rule"], str) else tuple(row["rule"])
        by_stage.setdefault(row["stage"], []).append(
            Composition(row["id"], row["stage"], row["combine"], rule, elements, anchor,
                        sum(e.hi for e in elements[:anchor])))
    return tuple(tuple(by_stage[s]) for s in sorted(by_stage))


# ---------------------------------------------------------------- matching

class _View:
    """The doc as a sequence of words outside mentions and mentions."""

    def __init__(self, doc: Doc, found: list[Found]):
        self.doc = doc
        self.at = {f.start: n for n, f in enumerate(found)}
        self.covered = {i for f in found for i in range(f.start, f.end)}
        self.found = found

    def match(self, elements, k: int, pos: int, got: list):
        """Match ``elements[k:]`` from token ``pos``, longest repetitions first; the
        end, with (element index, token or mention index) pairs in ``got``."""
        if k == len(elements):
            return pos
        e = elements[k]
        if e.mention:
            n = self.at.get(pos)
            if n is None or not e.test(self.found[n], self.doc):
                return None
            got.append((k, n))
            end = self.match(elements, k + 1, self.found[n].end, got)
            if end is None:
                got.pop()
            return end
        run = pos
        limit = len(self.doc) if e.hi is None else min(len(self.doc), pos + e.hi)
        while run < limit and run not in self.covered and e.test(self.doc[run]):
            run += 1
        for stop in range(run, pos + e.lo - 1, -1):
            mark = len(got)
            got.extend((k, i) for i in range(pos, stop))
            end = self.match(elements, k + 1, stop, got)
            if end is not None:
                return end
            del got[mark:]
        return None


def _may_match(view: _View, comp: Composition, f: Found) -> bool:
    """A quick look before matching: the mention passes the anchor's test, and a word
    the pattern requires right before or right after it is there."""
    doc, els, k = view.doc, comp.elements, comp.anchor
    if not els[k].test(f, doc):
        return False
    if k and els[k - 1].lo and (f.start == 0 or f.start - 1 in view.covered or not els[k - 1].test(doc[f.start - 1])):
        return False
    if k + 1 < len(els) and not els[k + 1].mention and els[k + 1].lo:
        return f.end < len(doc) and f.end not in view.covered and els[k + 1].test(doc[f.end])
    return True


def _matches_at(view: _View, comp: Composition, n: int):
    """The matches of ``comp`` whose first mention is the ``n``-th, the earliest start first."""
    f = view.found[n]
    if not _may_match(view, comp, f):
        return
    for start in range(max(0, f.start - comp.lead), f.start + 1):
        got: list = []
        end = view.match(comp.elements, 0, start, got)
        if end is None:
            continue
        mentions, words, taken = {}, {}, []
        for k, i in got:
            e = comp.elements[k]
            if e.mention:
                mentions[e.role] = view.found[i]
                taken.append(i)
            else:
                words.setdefault(e.role, []).append(i)
        if taken[0] == n:
            yield Match(comp, start, end, mentions, words, taken[0], taken[-1])


def apply(doc: Doc, text: str, found: list[Found], ref) -> list[Found]:
    """Every stage of compositions over the mentions ``found`` (in text order)."""
    from .combine import get

    cx = Context(doc, text, ref)
    for stage in compositions():
        found = list(found)
        view, n = _View(doc, found), 0
        while n < len(found):
            m, out = next(((m, out) for comp in stage for m in _matches_at(view, comp, n)
                           if (out := get(comp.combine)(cx, m)) is not None), (None, None))
            if out is None:
                n += 1
                continue
            found[m.first : m.last + 1] = out
            view = _View(doc, found)
            n += 0 if m.last > m.first else len(out)
    return found
