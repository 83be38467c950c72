"""The spaCy Language: blank English, tokenizer fixes, rule matcher, normaliser.

Nothing is downloaded: the pipeline is ``spacy.blank("en")`` with

* tokenizer fixes so that numbers glued to units and currencies split
  ("62km", "RMB2.8", "HK$5bn", "mid-2021") and CJK characters stand alone;
* ``mention_matcher``: the patterns of ``rules/patterns/*.jsonl``, compiled once
  (``pipeline/matcher.py``) and matched with spaCy ``Matcher`` semantics.
  Pattern items may name a lexicon (``{"LEX": "area_unit"}``), a predicate
  (``{"PRED": "YEAR"}``) or a macro (``{"MACRO": "NUMRUN"}``), and a ROLE for
  each token; every candidate keeps the roles of its tokens;
* ``mention_normaliser``: values, units and qualifiers for the candidates,
  overlaps resolved, the result in ``doc.spans["mentions"]``.

Both components are registered factories, so a worker process rebuilds the
same pipeline from names (``build()``).
"""
from __future__ import annotations

from collections import namedtuple
from types import MappingProxyType
from functools import lru_cache

import spacy
import numpy as np
from spacy.attrs import (IS_ALPHA, IS_DIGIT, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LEMMA, LIKE_NUM, LOWER, NORM, SHAPE,
                         SPACY, TAG)
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.tokenizer import Tokenizer
from spacy.util import compile_prefix_regex, filter_spans

from . import component as _component  # noqa: F401  the span extensions and the zone_mentions factory
from . import numbers, rules, units
from .affixes import InfixFinditer, SuffixSearch

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CUR_SYMBOLS = "$¥￥€£₩₹₽₺₪₫₱₦₴₮₡₾₭฿"
HYPHENABLE = frozenset({"area_unit", "length_unit"})
# the lexical attributes the reader's code, patterns and matcher read (a new word gets only these
# computed: its ORTH and LENGTH come with it); not the stop, URL, e-mail, bracket or quote flags
READ_ATTRS = frozenset({IS_ALPHA, IS_DIGIT, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, LOWER, NORM, SHAPE})



# ---------------------------------------------------------------- tokenizer

# what the reader splits that spaCy's English tokenizer keeps whole, as few branches as
# possible (each costs a test at every position of every chunk the tokenizer splits);
# the branches of one group exclude each other, so grouping keeps every split
# (tests/test_word_start.py holds them to the one-branch-per-case forms)
INFIXES = [
    rf"(?<=[0-9])(?:"
    # digit -> letter or currency sign, but not ordinals ("3rd")
    rf"(?=[A-Za-z{CUR_SYMBOLS}])(?!(?:st|nd|rd|th)\b)"
    # slashes and hyphens between a digit and a letter ("23/Sep", "3-km-long")
    r"|[/\-–](?=[A-Za-z])"
    # dashes and tildes between digits ("2.8-3.2", "5~10")
    r"|[-–—~](?=[0-9])"
    r"|(?=[²³]))",
    rf"(?<=[A-Za-z{CUR_SYMBOLS}])(?:"
    # letter or currency sign -> digit ("RMB2.8", "US$3", "Q1", "km2")
    r"(?=[0-9])"
    # slashes and hyphens between a letter and a digit ("Oct/2", "mid-2021")
    r"|(?<=[A-Za-z])[/\-–](?=[0-9]))",
    # CJK characters stand alone
    rf"(?<=[{CJK}])(?=.)|(?<=.)(?=[{CJK}])",
]
# a hyphen closing a number ("8- to 16-meter") stands alone
# ... and so does a full stop after a scale letter glued to it ("GDP is $2.174T.")
SUFFIXES = [r"(?<=[0-9])[-–]", r"(?<=[0-9][A-Z])\."]


def _without_unit_abbreviations(exceptions: dict) -> dict:
    """spaCy keeps "m." whole as an abbreviation; closing "covers 300 sq m." it is a
    unit and a full stop."""
    unit_words = {s for kind in ("AREA", "DISTANCE") for s in units.unit_surfaces(kind)}
    return {k: v for k, v in exceptions.items() if not (k.endswith(".") and k[:-1] in unit_words)}


def _infix_finditer(defaults):
    """The language's infixes and the reader's, compiled (``affixes``: skipped in a word of
    ASCII letters where none can match there)."""
    return InfixFinditer(list(defaults.infixes) + INFIXES).finditer


def _suffix_search(defaults):
    """The language's suffixes and the reader's, compiled (``affixes``: searched only where
    a match can start)."""
    return SuffixSearch(list(defaults.suffixes) + SUFFIXES).search


def customise_tokenizer(nlp: Language) -> None:
    """Split what the reader needs split (see ``component``'s docstring for the list),
    in a user's pipeline: its tokenizer keeps its own prefixes and exceptions."""
    nlp.tokenizer.infix_finditer = _infix_finditer(nlp.Defaults)
    nlp.tokenizer.suffix_search = _suffix_search(nlp.Defaults)
    nlp.tokenizer.rules = _without_unit_abbreviations(nlp.tokenizer.rules)


@spacy.registry.tokenizers("zones.reader_tokenizer.v1")
def reader_tokenizer():
    """The reader's tokenizer: spaCy's English one with the fixes, made in one step
    (each of a tokenizer's setters reloads its 5,000 special cases, so
    ``customise_tokenizer`` on a fresh blank pipeline costs three times as much)."""
    def create(nlp: Language) -> Tokenizer:
        d = nlp.Defaults
        return Tokenizer(nlp.vocab, rules=_without_unit_abbreviations(d.tokenizer_exceptions),
                         prefix_search=compile_prefix_regex(d.prefixes).search,
                         suffix_search=_suffix_search(d), infix_finditer=_infix_finditer(d),
                         token_match=d.token_match, url_match=d.url_match)
    return create


class GuardedTokenizer:
    """spaCy's tokenizer, linear on any input.

    spaCy strips prefixes and suffixes from a whitespace-free chunk one at a time,
    searching the rest of the chunk each time, so a chunk of thousands of brackets
    or quotes costs time quadratic in its length. Chunks longer than ``max_run``
    characters are cut into pieces of at most that length (at a punctuation
    boundary where there is one), each piece is tokenized alone and the docs are
    joined: the text and every offset stay the same. Text without such chunks goes
    straight through, token for token as spaCy makes it.
    """

    def __init__(self, tokenizer, max_run: int = 100):
        import re

        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long = re.compile(rf"(?<!\S)\S{{{max_run + 1},}}")  # tried only where a chunk starts

    def __getattr__(self, name):  # rules, vocab, to_disk ... are the wrapped tokenizer's
        if name == "tokenizer" or name.startswith("__"):  # not set yet (unpickling, copying)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        if self._long.search(text) is None:
            return self.tokenizer(text)
        docs, pos = [], 0
        for m in self._long.finditer(text):
            if m.start() > pos:
                docs.append(self.tokenizer(text[pos:m.start()]))
            pieces = self._pieces(m.group())
            pos = m.end()
            if text.startswith(" ", pos):  # the space after a chunk belongs to its last token, as spaCy has it
                pieces[-1] += " "
                pos += 1
            docs += [self.tokenizer(piece) for piece in pieces]
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def _pieces(self, run: str) -> list[str]:
        """``run`` cut into pieces of at most ``max_run`` characters, preferably where a
        letter or digit meets something else."""
        out, start, n, limit = [], 0, len(run), self.max_run
        while n - start > limit:
            cut = start + limit
            for j in range(cut, start + limit // 2, -1):
                if not (run[j - 1].isalnum() and run[j].isalnum()):
                    cut = j
                    break
            out.append(run[start:cut])
            start = cut
        out.append(run[start:])
        return out


# ---------------------------------------------------------------- lexicons

@lru_cache(maxsize=None)
def lexicons() -> dict[str, tuple[str, ...]]:
    """Name -> surfaces, for ``{"LEX": name}`` pattern items."""
    cur = rules.load("currencies")["currencies"]
    d = rules.load("dates")
    lx = rules.load("lexicons")
    before = {s for c, f in cur.items() for s in list(f["before"]) + [c]}
    after = {s for c, f in cur.items() for s in list(f["after"]) + [c]}
    ordinals = [w for w, n in d["ordinals"].items() if n > 0]
    numeric_ordinals = [f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}" for n in range(1, 32)]
    months = tuple(w for ws in d["months"].values() for w in ws)
    weekdays = tuple(w for ws in d["weekdays"].values() for w in ws)
    month_ref = tuple(lx["month_ref"])
    relative_month = tuple(lx["relative_month"])
    return {
        "currency_before": tuple(sorted(before | {s for s in after if len(s) > 2 and s.replace(" ", "").isalpha()})),
        "currency_word": tuple(sorted(s for s in after if not any(ch in CUR_SYMBOLS for ch in s))),
        "currency_after": tuple(sorted(after)),
        "area_unit": tuple(units.unit_surfaces("AREA")),
        "length_unit": tuple(units.unit_surfaces("DISTANCE")),
        "month": months,
        "weekday": weekdays,
        "weekday_plural": tuple(w + "s" for w in weekdays if len(w) > 3),
        "after_next_head": weekdays + months + tuple(lx["extra_after_next_head"]),
        "date_modifier": tuple(d["modifiers"]),
        "year_cue": tuple(d["year_cues"]),
        "month_cue": tuple(lx["month_cue"]),
        "year_ref": tuple(lx["year_ref"]),
        "anchored_ref": tuple(d["anchored_refs"]),
        "weekday_cue": tuple(d["weekday_cues"]),
        "relative_year": tuple(lx["relative_year"]),
        # "the past year" is the last twelve months, not a calendar year: "past" only with weekdays
        "relative_dir": tuple(lx["relative_dir"]),
        "weekday_dir": tuple(lx["weekday_dir"]),
        "relative_day": tuple(d["relative_days"]),
        "relative_unit_one": tuple(lx["relative_unit_one"]),
        "relative_unit": tuple(d["relative_units"]),
        "offset_after": tuple(d["offset_after"]),
        "part_ordinal": tuple(d["quarters"]) + tuple(d["halves"]),
        "plan_ordinal": tuple(ordinals) + tuple(numeric_ordinals),
        "range_dash": tuple(lx["range_dash"]),
        "range_word": tuple(lx["range_word"]),
        "year_joiner": tuple(lx["year_joiner"]),
        "day_unit_word": tuple(lx["day_unit_word"]),
        "nth": tuple(w for w, n in d["ordinals"].items() if n <= 5) + tuple(lx["extra_nth"]),
        "weekday_or_day": weekdays + tuple(lx["extra_weekday_or_day"]),
        "month_ref": month_ref,
        "relative_month": relative_month,
        "any_month_ref": tuple(dict.fromkeys(month_ref + relative_month)),
        "the_year": tuple(lx["the_year"]),
        "quarter_code": tuple(lx["quarter_code"]),
        "range_from": tuple(lx["range_from"]),
        "range_connector": tuple(d["range_connectors"]),
        "holiday": tuple(k for table in ("fixed_holidays", "weekday_holidays", "easter_holidays", "orthodox_holidays",
                                         "calendar_holidays") for k in d[table] if not k.startswith("_")),
    }


@lru_cache(maxsize=None)
def predicates() -> dict[str, list[dict]]:
    """Name -> Matcher token specs (alternatives), for ``{"PRED": name}`` pattern items.

    Every predicate is a C-level attribute test: number tokens carry the TAG
    that ``lexicon_tagger`` gives them (NUM, ORD, CONN), years and days are
    digit SHAPEs whose values the normaliser checks.
    """
    lex = numbers.lexicon()
    return {
        "NUM": [{"TAG": "NUM"}],
        "NUMX": [{"TAG": {"IN": ["NUM", "CONN"]}}],
        "MONEY_SCALE": [{"LOWER": {"IN": sorted(lex.money_scales)}}],
        "YEAR": [{"SHAPE": "dddd"}],
        "MONTHNUM": [{"SHAPE": {"IN": ["d", "dd"]}}],
        "DAY": [{"SHAPE": {"IN": ["d", "dd"]}}],
        "DAYORD": [{"LEMMA": "DAYORD"}],
        "DAY_OR_YEAR": [{"SHAPE": {"IN": ["d", "dd", "dddd"]}}],
        "YY_OR_YYYY": [{"SHAPE": {"IN": ["dd", "dddd"]}}],
        "NUMDATE": [{"SHAPE": {"IN": list(rules.load("lexicons")["numeric_date_shapes"])}}],
    }


# ---------------------------------------------------------------- patterns

class CompiledPattern:
    __slots__ = ("rule", "label", "roles", "tags")

    def __init__(self, rule: str, label: str, roles: tuple[str, ...], tags: frozenset = frozenset()):
        self.rule, self.label, self.roles, self.tags = rule, label, roles, tags


def _tokens_of(surface: str, tokenizer) -> list[str]:
    return [t.lower_ for t in tokenizer(surface) if not t.is_space]


def canonical(surface: str) -> str:
    """The NORM a lexicon surface's token carries after ``lexicon_tagger``."""
    return " ".join(surface.lower().split())


def _expand_item(item: dict, macros: dict) -> list[list[tuple[dict, str]]]:
    """One pattern item -> its alternatives, each a list of (Matcher token spec, role)."""
    item = dict(item)
    role = item.pop("ROLE", "")
    if "MACRO" in item:
        seqs: list[list] = [[]]
        for sub in macros[item["MACRO"]]:
            seqs = [a + b for a in seqs for b in _expand_item(_thaw(sub), macros)]
        return seqs
    op = item.pop("OP", None)
    if "LEX" in item:
        bases = [{"NORM": {"IN": sorted({canonical(s) for s in lexicons()[item.pop("LEX")]})}}]
    elif "PRED" in item:
        bases = [dict(b) for b in predicates()[item.pop("PRED")]]
    else:
        bases = [{}]
    out = []
    for base in bases:
        spec = {**base, **item}
        if op:
            spec["OP"] = op
        out.append([(spec, role)])
    return out


@lru_cache(maxsize=None)
def compiled_patterns() -> tuple[tuple[str, list[dict], CompiledPattern], ...]:
    """Every rule pattern as plain Matcher patterns with a role per token spec."""
    macros = rules.load("patterns/macros")
    out = []
    for row in rules.load_patterns():
        seqs: list[list] = [[]]
        for item in row["pattern"]:
            seqs = [a + b for a in seqs for b in _expand_item(_thaw(item), macros)]
        for n, seq in enumerate(seqs):
            specs = [s for s, _ in seq]
            roles = tuple(r for _, r in seq)
            out.append((f"{row['id']}#{n}", specs, CompiledPattern(row["id"], row["label"], roles, frozenset(row.get("tags", ())))))
    return tuple(out)


def _thaw(value):
    """Plain dicts and lists from frozen rule data (spaCy wants mutable types)."""
    if isinstance(value, (dict, MappingProxyType)):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


# ---------------------------------------------------------------- components

class Candidate:
    """A matched span before normalisation: token range, label, rule, role per token."""

    __slots__ = ("start", "end", "label", "rule", "roles", "tags")

    def __init__(self, start: int, end: int, label: str, rule: str, roles: list[str], tags: frozenset = frozenset()):
        self.start, self.end, self.label, self.rule, self.roles, self.tags = start, end, label, rule, roles, tags

    def tokens(self, role: str) -> list[int]:
        return [self.start + i for i, r in enumerate(self.roles) if r == role]


def _surface_docs(nlp: Language) -> dict[str, list[list[str]]]:
    """Canonical surface -> the token sequences that write it, for every lexicon
    surface (cached on disk with the tokenizer's config: ``cache``)."""
    import json

    from .cache import cached

    config = json.dumps(nlp.config["nlp"]["tokenizer"], sort_keys=True, default=str)
    return cached("surfaces", lambda: _surface_forms(nlp), extra=config)


def _surface_forms(nlp: Language) -> dict[str, list[list[str]]]:
    seen = {}
    for name, surfaces in lexicons().items():
        for surface in surfaces:
            key = canonical(surface)
            forms = seen.setdefault(key, set())
            toks = tuple(_tokens_of(surface, nlp.tokenizer))
            if toks:
                forms.add(toks)
            if " " not in key:
                forms.add((key,))  # "Dec." may stay one token in running text
            if name in HYPHENABLE and len(toks) > 1 and all(t.isalpha() for t in toks):
                hyphenated = [toks[0]]
                for t in toks[1:]:
                    hyphenated += ["-", t]
                forms.add(tuple(hyphenated))  # "a two-square-kilometer site"
    return {key: sorted(map(list, forms)) for key, forms in seen.items()}


class _Table:
    """A dict of string ids -> values (class bits, or a surface's canonical id), looked
    up for a whole column of ids at once (binary search over the sorted ids; no Python
    call per token); 0 for an id not in it."""

    def __init__(self, table: dict[int, int], dtype=np.uint8):
        self.keys = np.array(sorted(table) or [0], dtype=np.uint64)
        self.values = np.array([table.get(k, 0) for k in self.keys.tolist()], dtype=dtype)

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.keys, ids)
        at[at == len(self.keys)] = 0
        return np.where(self.keys[at] == ids, self.values[at], self.values.dtype.type(0))


_Surface = namedtuple("_Surface", "start end label")  # a lexicon surface found: token range, canonical form's id


@Language.factory("lexicon_tagger")
class LexiconTagger:
    """Find every lexicon surface (units, currencies, months, date words ...) with a
    PhraseMatcher, merge multi-token ones into one token, and set each one's NORM to
    the surface's canonical form, so that a pattern item names a lexicon with one
    ``NORM IN`` spec."""

    def __init__(self, nlp: Language, name: str):
        strings = nlp.vocab.strings
        lex = numbers.lexicon()
        d = rules.load("dates")
        # token classes by lower-case form and by shape, as bits: 1 ordinal, 2 number word, 4 connector, 8 day shape
        by_lower: dict[int, int] = {}
        for bit, words in ((1, [w for w, n in d["ordinals"].items() if n > 0]), (2, lex.words), (4, lex.connectors | {"a", "an"})):
            for w in words:
                key = strings.add(w)
                by_lower[key] = by_lower.get(key, 0) | bit
        by_shape = {strings.add("dxx"): 1, strings.add("ddxx"): 1, strings.add("d"): 8, strings.add("dd"): 8}
        self.lower_table, self.shape_table = _Table(by_lower), _Table(by_shape)
        # 'of' joins a number run between a fraction and an article: "a quarter of a million"
        self.of_id = strings.add("of")
        self.fraction_ids = frozenset(strings.add(w) for w in lex.fractions)
        self.article_ids = frozenset(strings.add(w) for w in ("a", "an"))
        self.tag_ids = {t: strings.add(t) for t in ("NUM", "ORD", "CONN", "_")}
        self.day_id = strings.add("DAYORD")
        self.pronoun_after = frozenset(rules.load("lexicons")["pronoun_us_after"])
        self._add_surfaces(nlp)

    def _add_surfaces(self, nlp: Language) -> None:
        """One-word surfaces ('km', 'May', 'yuan') go in a table by lower-case form, looked
        up for all tokens at once; the others ('sq km', 'US $', and a one-word form that
        two lexicons write differently) in the PhraseMatcher."""
        strings = nlp.vocab.strings
        surfaces = _surface_docs(nlp)
        one_word: dict[int, set[int]] = {}
        for key, forms in surfaces.items():
            for f in forms:
                if len(f) == 1:
                    one_word.setdefault(strings.add(f[0].lower()), set()).add(strings.add(key))
        single = {lower: next(iter(keys)) for lower, keys in one_word.items() if len(keys) == 1}
        self.single_table = _Table(single, dtype=np.uint64)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.norms: dict[int, str] = {}
        for key, forms in surfaces.items():
            forms = [f for f in forms if len(f) > 1 or strings[f[0].lower()] not in single]
            if forms:
                self.matcher.add(key, [Doc(nlp.vocab, words=list(f), spaces=[False] * len(f)) for f in forms])
            self.norms[strings[key]] = key

    def _number_classes(self, doc: Doc) -> np.ndarray:
        """TAG every number token NUM, ordinal ORD, and connector CONN, and mark a token
        that can be a day of the month ('5', '15', '5th', 'fifth') with the LEMMA
        DAYORD (every other token gets '_': the Matcher wants lemmas set), in one
        vectorised pass; the tokens' LOWER ids, for the caller. No trained component
        sets lemmas in this pipeline."""
        arr = doc.to_array([LIKE_NUM, LOWER, SHAPE])
        bits = self.lower_table(arr[:, 1]) | self.shape_table(arr[:, 2])
        like, ordinal = arr[:, 0].astype(bool), (bits & 1).astype(bool)
        number = (like & ~ordinal) | (bits & 2).astype(bool)
        conn = (bits & 4).astype(bool)
        lower = arr[:, 1]
        for i in np.flatnonzero(lower[1:-1] == self.of_id) + 1:
            if lower[i - 1] in self.fraction_ids and lower[i + 1] in self.article_ids:
                conn[i] = True
        tags = np.where(ordinal, self.tag_ids["ORD"], np.where(number, self.tag_ids["NUM"],
                        np.where(conn, self.tag_ids["CONN"], self.tag_ids["_"])))
        day = np.where(ordinal | (bits & 8).astype(bool), self.day_id, self.tag_ids["_"])
        doc.from_array([TAG, LEMMA], np.stack([tags.astype("uint64"), day.astype("uint64")], axis=1))
        return lower

    def _pronoun(self, doc: Doc, s: int, e: int) -> bool:
        """'will cost us $3,000': a lower-case 'us' after a verb of giving or costing is
        the pronoun, not the first word of the currency 'us $'."""
        return e - s > 1 and s > 0 and doc[s].text == "us" and doc[s - 1].lower_ in self.pronoun_after

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        single = self.single_table(self._number_classes(doc))
        spans = self._phrases(doc)
        if not spans and not single.any():
            return doc
        norms = doc.to_array([NORM]).reshape(-1)
        keep = np.ones(len(doc), dtype=bool)  # the tokens left after the merges
        covered = np.zeros(len(doc), dtype=bool)
        for s, e, _ in spans:
            covered[s:e] = True
            keep[s + 1 : e] = False
        norms = np.where((single != 0) & ~covered, single, norms)
        for s, _, label in spans:
            norms[s] = label
        with doc.retokenize() as retok:
            for s, e, _ in spans:
                if e - s > 1:
                    retok.merge(doc[s:e])
        doc.from_array([NORM], norms[keep].reshape(-1, 1))
        return doc

    def _phrases(self, doc: Doc) -> list:
        """The PhraseMatcher's surfaces, overlaps resolved as ``filter_spans`` does (the
        longest, then the first); a one-word surface of the table gives way to them."""
        matches = self.matcher(doc)
        if not matches:
            return []
        spaces = doc.to_array([SPACY]).reshape(-1).tolist()
        # a surface written without spaces ("m2", "ft2") does not match "12 m 2 dm"
        found = [_Surface(s, e, m) for m, s, e in matches
                 if not (e - s > 1 and " " not in self.norms[m] and any(spaces[s : e - 1])) and not self._pronoun(doc, s, e)]
        return filter_spans(found)  # spaCy's choice among overlapping surfaces, on plain (start, end) records


@Language.factory("mention_matcher", default_config={"engine": "compiled"})
class MentionMatcher:
    """Run the rule patterns; put candidates in ``doc.user_data["candidates"]``.

    ``engine="compiled"`` (the default) matches with ``matcher.CompiledMatcher``;
    ``engine="spacy"`` with spaCy's own ``Matcher``, the reference semantics the
    compiled one reproduces (tests/test_matcher_parity.py holds them equal)."""

    def __init__(self, nlp: Language, name: str, engine: str = "compiled"):
        patterns = compiled_patterns()
        self.meta = [meta for _, _, meta in patterns]
        if engine == "compiled":
            from .matcher import CompiledMatcher

            self._match = CompiledMatcher(nlp.vocab, [(key, specs) for key, specs, _ in patterns])
        elif engine == "spacy":
            matcher = Matcher(nlp.vocab, validate=False)
            index = {}
            for n, (key, specs, _) in enumerate(patterns):
                matcher.add(key, [specs], greedy="LONGEST")
                index[nlp.vocab.strings[key]] = n
            self._match = lambda doc: [(index[k], s, e, a) for k, s, e, a in matcher(doc, with_alignments=True)]
        else:
            raise ValueError(f"mention_matcher: unknown engine {engine!r} (compiled or spacy)")

    def __call__(self, doc: Doc) -> Doc:
        cands = []
        if not len(doc):
            doc.user_data["candidates"] = cands
            return doc
        seen = set()
        for n, start, end, align in self._match(doc):
            meta = self.meta[n]
            roles = [meta.roles[a] for a in align]
            sig = (start, end, meta.label, tuple(roles))
            if sig in seen:
                continue
            seen.add(sig)
            cands.append(Candidate(start, end, meta.label, meta.rule, roles, meta.tags))
        cands.sort(key=lambda c: (c.start, -c.end, c.rule))
        doc.user_data["candidates"] = cands
        return doc


@Language.factory("mention_normaliser")
def make_normaliser(nlp: Language, name: str):
    from .normalise import MentionNormaliser

    return MentionNormaliser(nlp)


def build(matcher_engine: str = "compiled") -> Language:
    """The reader: blank English + the tokenizer fixes, lexicon tagger, matcher and
    normaliser, over pieces of an article's clean text (``extraction``). The
    ``zone_mentions`` component runs it on a private doc. ``matcher_engine="spacy"``
    matches the rule patterns with spaCy's own Matcher (the reference the compiled
    matcher is tested against)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "zones.reader_tokenizer.v1"}}})
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    # a word the vocabulary has not seen gets the attributes the reader reads, not all 23 of English
    nlp.vocab.lex_attr_getters = {a: f for a, f in nlp.vocab.lex_attr_getters.items() if a in READ_ATTRS}
    nlp.add_pipe("lexicon_tagger")
    nlp.add_pipe("mention_matcher", config={"engine": matcher_engine})
    nlp.add_pipe("mention_normaliser")
    return nlp


@lru_cache(maxsize=None)
def shared() -> Language:
    """One pipeline per process."""
    return build()


def pipeline(tokenizer_fixes: bool = True) -> Language:
    """The zones pipeline as any user builds it: blank English, ``zone_mentions`` and
    ``zone_records`` (``Document.from_doc`` reads a doc it made)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("zone_mentions", config={"tokenizer_fixes": tokenizer_fixes})
    nlp.add_pipe("zone_records")
    return nlp


from .zones import component as _zone_component  # noqa: E402,F401  registers the "zone_records" factory
