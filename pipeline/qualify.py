"""What the words around a mention say of it: hedges ("about"), bounds ("more
than", "up to"), rates ("per capita", "a year") and the place a distance is
measured to ("30 km from Chengdu")."""
from __future__ import annotations

from spacy.tokens import Doc

from . import numbers
from .found import Found
from .words import ends_with, lexicon, lower_words, qualifiers, starts_with

_PUNCT_STOP = {",", ".", ";", ":", "(", ")", "!", "?", '"', "'", "“", "”", "\n", "[", "]", "—", "–"}


def hedge_and_bound(doc: Doc, f: Found, prev: Found | None) -> None:
    q = qualifiers()
    before = lower_words(doc[max(0, f.start - 6) : f.start])
    after = lower_words(doc[f.end : f.end + 4])
    words = before[:-1] if before[-1:] in (["a"], ["an"]) else before  # "within a 300-metre walk"
    if len(words) >= 2 and words[-1] == "than" and f.bound is None:
        comp = words[-2]
        kind = "min" if comp in q["comp_min"] else "max" if comp in q["comp_max"] else None
        if kind:
            lead = words[:-2]
            window = lead[-4:]
            if "," not in window and any(w in q["negations"] for w in window):
                kind = "max" if kind == "min" else "min"  # "no taller than", "no building will be more than"
            f.bound, words = kind, lead
    for _ in range(2):  # "about more than", "more than about"
        hit = False
        for p, _ in q["approx"].get(words[-1], ()) if words else ():
            if ends_with(words, p):
                f.approx, words, hit = True, words[: -len(p)], True
                break
        for p, kind in q["bounds"].get(words[-1], ()) if words else ():  # longest first: "no more than" is a max
            if f.bound is None and ends_with(words, p):
                rest = words[: -len(p)]
                if kind == "min" and rest and rest[-1] in q["veto"]:
                    continue
                if kind == "min" and any(w in q["negations"] for w in rest[-4:]) and not any(w in (",", ";") for w in rest[-4:]):
                    kind = "max"  # "no building will be more than 50 meters from ..."
                f.bound, words, hit = kind, rest, True
                break
        if not hit:
            break
    if f.bound is None and before[-1:] == ["at"] and any(w in lexicon("cap_words") for w in before[-6:]):
        f.bound = "max"  # "cap office rents at 25 yuan"
    if f.bound is None:
        for kind in ("min_after", "max_after"):
            if after and any(starts_with(after, p) for p in q[kind].get(after[0], ())):
                f.bound = kind.split("_")[0]
    # a parenthetical restatement takes the hedge and bound of what it restates, also
    # past its own hedge ("more than 30 billion yuan (about 4.3 billion U.S. dollars)")
    j = f.start - 1
    while prev is not None and j > prev.end and f.start - j <= 3 and doc[j].is_alpha:
        j -= 1
    if prev is not None and j >= 1 and doc[j].text == "(" and prev.end == j:
        f.approx = f.approx or prev.approx
        f.bound = f.bound or prev.bound


def date_bound(doc: Doc, f: Found) -> None:
    before = [t.lower_ for t in doc[max(0, f.start - 4) : f.start]]
    if any(ends_with(before, p) for p in qualifiers()["date_max"]):
        f.bound = "max"


def rate(doc: Doc, f: Found, prev: Found | None) -> None:
    """The rate a mention is given at ("per capita", "a year", "per 1,000 people"), after it
    or earlier in its sentence."""
    per = None
    for j in range(f.end, min(len(doc), f.end + 5)):
        tok = doc[j]
        if tok.text in (",", ";", ".", "(", ")") or (j > f.end and tok.like_num):
            break
        per = _per_at(doc, j)
        if per is not None:
            break
    if per is None:
        # "per capita ... will reach 20 square meters": a rate phrase earlier in the sentence
        i = f.start - 1
        while i >= 0 and f.start - i < 40:
            tok = doc[i]
            if tok.text in (".", ";", "!", "?", ",") or "\n" in tok.text:
                break
            lower = tok.lower_
            if lower in ("each", "every") and i + 1 < f.start:
                got = _per_at(doc, i)
                if got in ("square kilometer", "square meter", "mu", "hectare"):
                    per = got  # "each square kilometre of land will generate ... 5 billion yuan"
                    break
            if lower == "per":
                between = doc[i + 1 : f.start]
                got = _per_at(doc, i)
                numeric = [t for t in between if t.like_num and any(ch.isdigit() for ch in t.text)]
                if got is not None and (len(numeric) <= 1 and got.split()[0].isdigit() or not numeric):
                    if prev is None or prev.end <= i:
                        per = got
                break
            i -= 1
    f.per = per


def _per_at(doc: Doc, i: int) -> str | None:
    """The rate denominator written at token i ('per capita', 'per 1,000 people', '/year')."""
    q = qualifiers()
    if i >= len(doc) or doc[i].lower_ not in q["per_markers"]:
        return None
    marker = doc[i].lower_
    words = lower_words(doc[i + 1 : i + 5])
    if not words:
        return None
    if marker in ("per", "/"):
        value = numbers.parse_digits(words[0]) if words else None
        if value is not None and len(words) > 1 and words[1] in q["per_count"] | {"people"}:
            return f"{int(value) if value.is_integer() else value:g} people"
    for phrase, norm in q["per"].get(words[0], ()):
        if starts_with(words, phrase):
            if marker == "a" and norm not in ("year", "month", "day", "hour"):
                return None
            return norm
    if marker == "per" and doc[i + 1].is_alpha:
        word = doc[i + 1].lower_
        if i + 3 < len(doc) and doc[i + 2].text == "-" and not doc[i + 1].whitespace_ and doc[i + 3].is_alpha:
            word += "-" + doc[i + 3].lower_  # "per kilowatt-hour"
        return word
    return None


def to_place(doc: Doc, text: str, f: Found) -> str | None:
    q = qualifiers()
    end = f.end + 1 if f.end < len(doc) and doc[f.end].text == "," else f.end
    words = [t.lower_ for t in doc[end : end + 6]]
    for marker in q["to_markers"].get(words[0], ()) if words else ():
        if not starts_with(words, marker):
            continue
        if marker == ("away",):
            continue
        if marker == ("of",):
            before = [t.lower_ for t in doc[max(0, f.start - 4) : f.start]]
            if not any(ends_with(before, p) for p in q["of_needs"]):
                return None
        i = end + len(marker)
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        place = []
        while i < len(doc) and len(place) < 7:
            t = doc[i]
            inside_name = (t.lower_ in ("and", "of", "for") and place and place[-1].is_title
                           and i + 1 < len(doc) and doc[i + 1].is_title)  # "University of Science and Technology"
            if (t.text in _PUNCT_STOP or t.is_space or t.lower_ in q["to_stop"] or t.like_num and t.lower_ != "one") and not inside_name:
                break
            place.append(t)
            i += 1
        while place and place[-1].lower_ in ("of", "'s", "-", "the"):
            place.pop()
        if marker == ("from",) and i < len(doc) and doc[i].lower_ == "to":
            return None  # "stretches 30 km from A to B": an extent, not a distance to a place
        if not place or (len(place) == 1 and place[0].lower_ in lexicon("directions")) or " ".join(p.lower_ for p in place) in ("one another", "each other"):
            return None  # "30 kilometres to the east" names no place
        return text[place[0].idx : place[-1].idx + len(place[-1])]
    return None
