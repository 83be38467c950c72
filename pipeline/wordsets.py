"""Regular expressions for sets of words, written for Python's regex engine: ``alt`` as a
trie that matches the longest word at a position, ``word_start`` as a pattern the engine
tries only where one of the words can start."""
from __future__ import annotations

import re
from functools import lru_cache


def alt(words) -> str:
    """A regex that matches any of ``words``, the longest where several fit, written as a
    trie ('in(?:side)?' for 'in' and 'inside') so that matching costs the length of the
    word, not the number of words (an article may name thousands of zones). Built once
    per set of words: the rule lists recur in every article."""
    return _alt(frozenset(words))


@lru_cache(maxsize=1024)
def _alt(words: frozenset) -> str:
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(tree) or "(?!)"


# what re.IGNORECASE matches for an ASCII letter besides its two cases (tests/test_word_start.py asks re)
CASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}  # İ ı, the Kelvin sign, long s
# a text without these reads an ASCII word case-insensitively where its lower-cased form holds the word
FOLDS_TO_ASCII = re.compile("[" + "".join(CASE_EXTRAS.values()) + "]")


def word_start(words, then: str = "", *, more: tuple = (), ignorecase: bool = False, digits: bool = False) -> str:
    r"""``\b(?:alt(words))`` (or ``\b(?:alt(words)|\d+)`` with ``digits``), written to
    open a pattern that the regex engine need try only where a word's first character
    is: it tries one that opens with ``\b`` or a lookaround at every position of the
    text. One class (case-sensitive; with ``ignorecase`` holding every character that
    re.IGNORECASE matches for a first letter) reads the first character, ``\b`` is
    tested behind it, and a lookbehind on that character chooses the rest of the word,
    in the order ``alt`` tries them. ``then`` follows the words, and ``more`` holds further
    (words, then) pairs: ``word_start(a, x, more=((b, y),))`` is ``\b(?:alt(a))x|\b(?:alt(b))y``.
    The words start with a letter or digit (ASCII under ``ignorecase``)."""
    first: set[str] = set()
    rests = []
    for n, (group, tail) in enumerate(((words, then), *more)):
        by_first: dict[str, set[str]] = {}
        for w in group:
            if not re.fullmatch(r"\w", w[0]) or (ignorecase and not w[0].isascii()):
                raise ValueError(f"word_start: {w!r} does not start with a letter or digit")
            by_first.setdefault(w[0], set()).add(w[1:])
        first |= set(by_first)
        rests += [f"(?<={re.escape(c)}){_rest(r)}{tail}" for c, r in sorted(by_first.items())]
        if digits and n == 0:  # '\b(?:alt(words)|\d+)then'
            rests.append(rf"(?<=\d)\d*{tail}")
    if ignorecase:
        first |= {x for c in set(first) for x in (c.lower(), c.upper(), *CASE_EXTRAS.get(c.lower(), ""))}
    cls = "".join(map(re.escape, sorted(first))) + (r"\d" if digits else "")
    return rf"(?-i:[{cls}])(?<!\w.)(?:{'|'.join(rests)})"


def _rest(rests: set[str]) -> str:
    """The trie ``alt`` writes below a first character for the rests of its words."""
    longer = frozenset(r for r in rests if r)
    if not longer:
        return ""
    return f"(?:{_alt(longer)})?" if "" in rests else _alt(longer)
