"""The normaliser's words: the qualifier phrases of ``rules/qualifiers.json``, its
word lists in ``rules/lexicons.json``, and small helpers over token words."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from . import rules

_THREE_DIGITS = re.compile(r"\d{3}")
_SPACED_GROUPS = re.compile(r"\d{1,3}(?: \d{3})*")
_SPACED_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+")


@lru_cache(maxsize=None)
def qualifiers():
    q = rules.load("qualifiers")

    def phrases(key):
        return tuple(sorted((tuple(_split(p)) for p in q[key]), key=len, reverse=True))

    per = {}
    for norm, forms in q["per"].items():
        for form in forms:
            per[tuple(_split(form))] = norm
    per = tuple(sorted(per.items(), key=lambda kv: -len(kv[0])))  # longest phrase first
    bounds = sorted([(p, "min") for p in phrases("min_before")] + [(p, "max") for p in phrases("max_before")], key=lambda pk: -len(pk[0]))
    return {
        "approx": _by_last_word([(p, True) for p in phrases("approx_before")]),
        "bounds": _by_last_word(bounds),
        "min_after": _by_first_word(phrases("min_after")),
        "max_after": _by_first_word(phrases("max_after")),
        "veto": frozenset(q["bound_veto_before"]),
        "negations": frozenset(q["negations"]),
        "comp_min": frozenset(q["comparatives_min"]),
        "comp_max": frozenset(q["comparatives_max"]),
        "change": frozenset(q["change_verbs"]),
        "date_max": phrases("date_max_before"),
        "per": _by_first_word(per, lambda pn: pn[0]),
        "per_count": frozenset(q["per_count_nouns"]),
        "per_markers": frozenset(q["per_markers"]),
        "to_markers": _by_first_word(phrases("distance_to_markers")),
        "to_stop": frozenset(q["distance_to_stop"]),
        "gloss_keep": phrases("gloss_keep_after"),
        "duration_cues": frozenset(rules.load("dates")["duration_cues"]),
        "of_needs": phrases("distance_to_of_needs"),
    }


def _by_first_word(items, phrase_of=lambda p: p) -> dict[str, tuple]:
    """Phrases (or items holding one) grouped by their first word, in their order, so
    that the words after a mention are tried only against phrases that can start there."""
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(phrase_of(item)[0], []).append(item)
    return {w: tuple(group) for w, group in out.items()}


def _by_last_word(phrases: list[tuple[tuple, object]]) -> dict[str, tuple]:
    """Phrases (with what they mean) grouped by their last word, longest first, so
    that the words before a mention are tried only against phrases that can end there."""
    out: dict[str, list] = {}
    for phrase, meaning in phrases:
        out.setdefault(phrase[-1], []).append((phrase, meaning))
    return {w: tuple(sorted(ps, key=lambda pm: -len(pm[0]))) for w, ps in out.items()}


def _split(text: str) -> list[str]:
    return re.findall(r"\w+(?:\.\w+)*\.?|[^\w\s]", text.lower())


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset:
    """One of the normaliser's word lists in ``rules/lexicons.json``."""
    return frozenset(rules.load("lexicons")[name])


@lru_cache(maxsize=None)
def date_words() -> tuple[frozenset, frozenset]:
    """The month and weekday names of ``rules/dates.json``, every form."""
    d = rules.load("dates")
    months = {w for ws in d["months"].values() for w in ws}
    weekdays = {w for ws in d["weekdays"].values() for w in ws}
    return frozenset(months), frozenset(weekdays)


def ends_with(words: list[str], phrase: tuple) -> bool:
    n = len(phrase)
    return n <= len(words) and tuple(words[-n:]) == phrase


def starts_with(words: list[str], phrase: tuple) -> bool:
    return tuple(words[: len(phrase)]) == phrase


def lower_words(tokens) -> list[str]:
    """Lower-cased words of tokens; a merged lexicon token ("square meter") gives its words."""
    return [w for t in tokens for w in t.lower_.split()]


def number_words(doc: Doc, idx: list[int]) -> list[str]:
    """Token texts of a number run, with space-separated digit groups joined ('10 000')."""
    out: list[str] = []
    for k, i in enumerate(idx):
        t = doc[i]
        if (out and k and idx[k - 1] == i - 1 and doc[i - 1].whitespace_ == " " and _THREE_DIGITS.fullmatch(t.text)
                and _SPACED_GROUPS.fullmatch(out[-1])):
            out[-1] = out[-1] + " " + t.text
            continue
        out.append(t.text)
    return [w.replace(" ", ",") if _SPACED_NUMBER.fullmatch(w) else w for w in out]


def scale(value, factor: float):
    if isinstance(value, tuple):
        return [value[0] * factor, value[1] * factor]
    return value * factor


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset:
    """A word list by name, as a composition pattern names it (``{"LEX": name}``): a
    list of ``rules/lexicons.json``, a lexicon of the first-level patterns
    (``nlp.lexicons()``: 'month', 'relative_unit' ...), or a list another rule file
    holds: 'number_word' (``rules/numbers.json``), 'change_verb'
    (``rules/qualifiers.json``), 'money_subunit' (``rules/currencies.json``)."""
    from . import numbers
    from .nlp import canonical, lexicons

    if name in rules.load("lexicons"):
        return lexicon(name)
    if name == "number_word":
        return frozenset(numbers.lexicon().words)
    if name == "change_verb":
        return qualifiers()["change"]
    if name == "money_subunit":
        return frozenset(rules.load("currencies")["subunits"])
    if name in lexicons():
        return frozenset(canonical(s) for s in lexicons()[name])
    raise KeyError(f"no word list {name!r}")
