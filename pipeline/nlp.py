"""The spaCy Language: blank English, tokenizer fixes, rule matcher, normaliser.

Nothing is downloaded: the pipeline is ``spacy.blank("en")`` with

* tokenizer fixes so that numbers glued to units and currencies split
  ("62km", "RMB2.8", "HK$5bn", "mid-2021") and CJK characters stand alone;
* ``mention_matcher``: a spaCy ``Matcher`` built from ``rules/patterns/*.jsonl``.
  Pattern items may name a lexicon (``{"LEX": "area_unit"}``), a predicate
  (``{"PRED": "YEAR"}``) or a macro (``{"MACRO": "NUMRUN"}``), and a ROLE for
  each token; every candidate keeps the roles of its tokens;
* ``mention_normaliser``: values, units and qualifiers for the candidates,
  overlaps resolved, the result in ``doc.spans["mentions"]``.

Both components are registered factories, so a worker process rebuilds the
same pipeline from names (``build()``).
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_suffix_regex

from . import numbers, rules, units

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CUR_SYMBOLS = "$¥￥€£₩₹₽₺₪₫₱₦₴₮₡₾₭฿"
HYPHENABLE = frozenset({"area_unit", "length_unit"})

for _name in ("value", "unit", "approx", "bound", "per", "to", "rule", "roles"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


# ---------------------------------------------------------------- tokenizer

def _customise_tokenizer(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + [
        # digit -> letter or currency sign, but not ordinals ("3rd")
        rf"(?<=[0-9])(?=[A-Za-z{CUR_SYMBOLS}])(?!(?:st|nd|rd|th)\b)",
        # letter or currency sign -> digit ("RMB2.8", "US$3", "Q1", "km2")
        rf"(?<=[A-Za-z{CUR_SYMBOLS}])(?=[0-9])",
        # slashes between a letter and a digit ("Oct/2", "23/Sep/2020")
        r"(?<=[A-Za-z])/(?=[0-9])",
        r"(?<=[0-9])/(?=[A-Za-z])",
        # hyphens between a digit and a letter ("3-km-long", "mid-2021")
        r"(?<=[0-9])[-–](?=[A-Za-z])",
        r"(?<=[A-Za-z])[-–](?=[0-9])",
        # dashes and tildes between digits ("2.8-3.2", "5~10")
        r"(?<=[0-9])[-–—~](?=[0-9])",
        # CJK characters stand alone
        rf"(?<=[{CJK}])(?=.)",
        rf"(?<=.)(?=[{CJK}])",
        r"(?<=[0-9])(?=[²³])",
    ]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    # a hyphen closing a number ("8- to 16-meter") stands alone
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[0-9])[-–]"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


# ---------------------------------------------------------------- lexicons

@lru_cache(maxsize=None)
def lexicons() -> dict[str, tuple[str, ...]]:
    """Name -> surfaces, for ``{"LEX": name}`` pattern items."""
    cur = rules.load("currencies")["currencies"]
    d = rules.load("dates")
    before = {s for c, f in cur.items() for s in list(f["before"]) + [c]}
    after = {s for c, f in cur.items() for s in list(f["after"]) + [c]}
    ordinals = [w for w, n in d["ordinals"].items() if n > 0]
    numeric_ordinals = [f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}" for n in range(1, 32)]
    return {
        "currency_before": tuple(sorted(before | {s for s in after if len(s) > 2 and s.isalpha()})),
        "currency_word": tuple(sorted(s for s in after if not any(ch in CUR_SYMBOLS for ch in s))),
        "currency_after": tuple(sorted(after)),
        "area_unit": tuple(units.unit_surfaces("AREA")),
        "length_unit": tuple(units.unit_surfaces("DISTANCE")),
        "month": tuple(w for ws in d["months"].values() for w in ws),
        "weekday": tuple(w for ws in d["weekdays"].values() for w in ws),
        "date_modifier": tuple(d["modifiers"]),
        "year_cue": tuple(d["year_cues"]),
        "month_cue": ("in", "since", "by", "until", "till", "from", "during", "before", "after", "through", "of", "between", "and", "to", "throughout", "for"),
        "year_ref": ("last year", "this year", "next year", "that year", "the same year", "the previous year", "the following year", "the year"),
        "relative_dir": ("last", "this", "next", "past", "previous", "coming", "current", "the current", "the coming", "the following", "the past", "the previous"),
        "relative_day": tuple(d["relative_days"]),
        "relative_unit_one": ("month", "year", "quarter"),
        "relative_unit": tuple(d["relative_units"]),
        "offset_after": tuple(d["offset_after"]),
        "part_ordinal": tuple(d["quarters"]) + tuple(d["halves"]),
        "plan_ordinal": tuple(ordinals) + tuple(numeric_ordinals),
        "range_dash": ("-", "–", "—", "~"),
        "range_word": ("to", "through", "until", "till", "thru", "-", "–", "—"),
        "year_joiner": (",", "of", "in"),
        "day_unit_word": ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "first", "second", "third",
                          "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
        "nth": tuple(w for w, n in d["ordinals"].items() if n <= 5) + ("1st", "2nd", "3rd", "4th", "5th"),
        "weekday_or_day": tuple(w for ws in d["weekdays"].values() for w in ws) + ("day",),
        "month_ref": ("this month", "the month", "next month", "last month", "the current month"),
        "range_from": ("from", "between"),
        "range_connector": tuple(d["range_connectors"]),
        "holiday": tuple(d["fixed_holidays"]) + tuple(k for k in d["weekday_holidays"]) + tuple(d["easter_holidays"]),
    }


@lru_cache(maxsize=None)
def predicates() -> dict[str, dict]:
    """Name -> Matcher token spec, for ``{"PRED": name}`` pattern items."""
    lex = numbers.lexicon()
    words = sorted(lex.words, key=len, reverse=True)
    num = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|\d{1,3}/\d{1,3}|[０-９]+(?:[.．][０-９]+)?|" + "|".join(map(re.escape, words))
    connectors = "|".join(map(re.escape, sorted(lex.connectors | {"a", "an"})))
    d = rules.load("dates")
    ordinals = "|".join(w for w, n in d["ordinals"].items() if 0 < n <= 31)
    lo, hi = d["year_range"]
    return {
        "NUM": {"LOWER": {"REGEX": rf"^(?:{num})$"}},
        "NUMX": {"LOWER": {"REGEX": rf"^(?:{num}|{connectors})$"}},
        "MONEY_SCALE": {"LOWER": {"IN": sorted(lex.money_scales)}},
        "YEAR": {"TEXT": {"REGEX": r"^(?:1[89]\d\d|20\d\d|2100)$"}},
        "MONTHNUM": {"TEXT": {"REGEX": r"^(?:0?[1-9]|1[0-2])$"}},
        "DAY": {"TEXT": {"REGEX": r"^(?:0?[1-9]|[12]\d|3[01])$"}},
        "DAYORD": {"LOWER": {"REGEX": rf"^(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?|{ordinals})$"}},
        "NUMDATE": {"TEXT": {"REGEX": r"^(?:\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?|\d{4}/\d{1,2}(?:/\d{1,2})?|\d{1,2}\.\d{1,2}\.\d{4})$"}},
    }


# ---------------------------------------------------------------- patterns

class CompiledPattern:
    __slots__ = ("rule", "label", "roles")

    def __init__(self, rule: str, label: str, roles: tuple[str, ...]):
        self.rule, self.label, self.roles = rule, label, roles


def _tokens_of(surface: str, tokenizer) -> list[str]:
    return [t.lower_ for t in tokenizer(surface) if not t.is_space]


def _expand_item(item: dict, tokenizer, macros: dict) -> list[list[tuple[dict, str]]]:
    """One pattern item -> its alternatives, each a list of (token spec, role)."""
    item = dict(item)
    role = item.pop("ROLE", "")
    if "MACRO" in item:
        seq = [[]]
        for sub in macros[item["MACRO"]]:
            seq = [a + b for a in seq for b in _expand_item(sub, tokenizer, macros)]
        return seq
    op = item.pop("OP", None)
    if "LEX" in item:
        single, multi = set(), []
        for surface in lexicons()[item["LEX"]]:
            toks = _tokens_of(surface, tokenizer)
            if " " not in surface.strip():
                single.add(surface.strip().lower())  # "Dec." may stay one token in running text
            if len(toks) == 1:
                single.add(toks[0])
            elif toks:
                multi.append(toks)
        if op in ("+", "*") and multi:
            raise ValueError(f"lexicon {item['LEX']} has multi-token surfaces: cannot repeat it")
        alts = []
        if single:
            spec = {"LOWER": {"IN": sorted(single)}}
            if op:
                spec["OP"] = op if op != "?" else "?"
            alts.append([(spec, role)])
        for toks in sorted(multi):
            alts.append([({"LOWER": t}, role) for t in toks])
            if item["LEX"] in HYPHENABLE and all(t.isalpha() for t in toks):
                # the adjectival form: "a two-square-kilometer site"
                hyphenated = [({"LOWER": toks[0]}, role)]
                for t in toks[1:]:
                    hyphenated += [({"ORTH": "-"}, role), ({"LOWER": t}, role)]
                alts.append(hyphenated)
        if op == "?" and multi:
            # an optional multi-token lexicon: the single-token spec must not stay optional too
            if single:
                alts[0][0][0].pop("OP", None)
            alts.append([])
        return alts
    if "PRED" in item:
        spec = dict(predicates()[item.pop("PRED")])
        spec.update(item)
    else:
        spec = item
    if op:
        spec["OP"] = op
    return [[(spec, role)]]


@lru_cache(maxsize=None)
def compiled_patterns(tokenizer_key: int = 0) -> tuple[tuple[str, list[dict], CompiledPattern], ...]:
    """Every rule pattern expanded into plain Matcher patterns with token roles."""
    tokenizer = _tokenizer_for_rules()
    macros = rules.load("patterns/macros")
    out = []
    for row in rules.load_patterns():
        seqs = [[]]
        for item in row["pattern"]:
            alts = _expand_item(item, tokenizer, macros)
            seqs = [a + b for a in seqs for b in alts]
        for n, seq in enumerate(seqs):
            specs = [_thaw(s) for s, _ in seq]
            roles = tuple(r for _, r in seq)
            key = f"{row['id']}#{n}"
            out.append((key, specs, CompiledPattern(row["id"], row["label"], roles)))
    return tuple(out)


def _thaw(value):
    if isinstance(value, (dict,)) or type(value).__name__ == "mappingproxy":
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


@lru_cache(maxsize=None)
def _tokenizer_for_rules():
    nlp = spacy.blank("en")
    _customise_tokenizer(nlp)
    return nlp.tokenizer


# ---------------------------------------------------------------- components

class Candidate:
    """A matched span before normalisation: token range, label, rule, role per token."""

    __slots__ = ("start", "end", "label", "rule", "roles")

    def __init__(self, start: int, end: int, label: str, rule: str, roles: list[str]):
        self.start, self.end, self.label, self.rule, self.roles = start, end, label, rule, roles

    def tokens(self, role: str) -> list[int]:
        return [self.start + i for i, r in enumerate(self.roles) if r == role]


@Language.factory("mention_matcher")
class MentionMatcher:
    """Run the rule patterns; put candidates in ``doc.user_data["candidates"]``."""

    def __init__(self, nlp: Language, name: str):
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.meta: dict[int, CompiledPattern] = {}
        for key, specs, meta in compiled_patterns():
            self.matcher.add(key, [specs], greedy="LONGEST")
            self.meta[nlp.vocab.strings[key]] = meta

    def __call__(self, doc: Doc) -> Doc:
        cands = []
        seen = set()
        for match_id, start, end, align in self.matcher(doc, with_alignments=True):
            meta = self.meta[match_id]
            roles = [meta.roles[a] for a in align]
            sig = (start, end, meta.label, tuple(roles))
            if sig in seen:
                continue
            seen.add(sig)
            cands.append(Candidate(start, end, meta.label, meta.rule, roles))
        cands.sort(key=lambda c: (c.start, -c.end, c.rule))
        doc.user_data["candidates"] = cands
        return doc


@Language.factory("mention_normaliser", default_config={"ref": None})
def make_normaliser(nlp: Language, name: str, ref: str | None):
    from .normalise import MentionNormaliser

    return MentionNormaliser(nlp)


def build() -> Language:
    """The default pipeline: blank English + our tokenizer fixes and components."""
    nlp = spacy.blank("en")
    _customise_tokenizer(nlp)
    nlp.add_pipe("mention_matcher")
    nlp.add_pipe("mention_normaliser")
    return nlp


@lru_cache(maxsize=None)
def shared() -> Language:
    """One pipeline per process."""
    return build()
