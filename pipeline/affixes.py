"""The tokenizer's suffix and infix searches, with the results of the regexes spaCy
compiles from the same pieces (``compile_suffix_regex(pieces).search``,
``compile_infix_regex(pieces).finditer``) and less work.

spaCy's tokenizer strips a suffix from each chunk with ``search``. Every alternative of
that regex ends at ``$``, yet the engine tries each position of the chunk in turn. An
alternative no longer than ``n`` characters can only match in the chunk's last ``n + 1``
(``$`` also matches before a final line break), so ``SuffixSearch`` starts its search
there; where an alternative of unbounded width (``\\.\\.+``) matches, the whole search
decides. Pieces are split so only when each stands alone: no global flag (``(?m)``
lets ``$`` match before any line break; ``(?i)``, ``(?x)`` reach the other pieces in the
joined regex) and no group (a back-reference would be renumbered).

The infix regex is run over every chunk left after the affixes are stripped, and most
are plain words. When every infix needs, outside any negative look-around, a character
that is no ASCII letter (a digit, a punctuation mark, a symbol, a CJK character; read
from the parsed pieces by ``needs_non_letter``), no infix can match inside a word of
ASCII letters and ``InfixFinditer`` skips the search there.

Both are bound methods of objects whose ``pattern`` is the full regex's, so spaCy
serialises the tokenizer as before (it stores ``search.__self__.pattern``).
"""
from __future__ import annotations

import re
import string

try:  # Python 3.11 on
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse

from spacy.util import compile_infix_regex, compile_suffix_regex

WIDE = 64  # an alternative that can match more characters is searched over the whole chunk
LETTERS = frozenset(string.ascii_letters)
_NO_MATCHES = ()


class SuffixSearch:
    """``search`` gives what the suffix regex of ``pieces`` gives."""

    def __init__(self, pieces: list[str]):
        self.regex = compile_suffix_regex(pieces)  # raises where spaCy's would
        self.pattern = self.regex.pattern
        live = [p for p in pieces if p.strip()]  # what compile_suffix_regex keeps
        widths = _widths(live)
        self._split = widths is not None  # else the whole regex decides every search
        widths = widths or []
        narrow = [p for p, w in zip(live, widths) if w <= WIDE]
        wide = [p for p, w in zip(live, widths) if w > WIDE]
        self.reach = max((w for w in widths if w <= WIDE), default=0) + 1
        self._narrow = compile_suffix_regex(narrow).search if narrow else None
        self._wide = compile_suffix_regex(wide).search if wide else None

    def search(self, chunk: str):
        """The suffix match of ``chunk``, as the full regex's ``search`` finds it: the leftmost
        position where an alternative matches, the first alternative there. No narrow
        alternative can match before ``len(chunk) - reach``; when no wide one matches
        anywhere, the narrow ones alone (in the same order) decide."""
        if not self._split or (self._wide is not None and self._wide(chunk)):
            return self.regex.search(chunk)
        if self._narrow is None:
            return None
        start = len(chunk) - self.reach
        return self._narrow(chunk, start) if start > 0 else self._narrow(chunk)


class InfixFinditer:
    """``finditer`` gives what the infix regex of ``pieces`` gives."""

    def __init__(self, pieces: list[str]):
        self.regex = compile_infix_regex(pieces)
        self.pattern = self.regex.pattern
        live = [p for p in pieces if p.strip()]  # what compile_infix_regex keeps
        self.skips_words = bool(live) and all(needs_non_letter(p) for p in live)

    def finditer(self, chunk: str):
        if self.skips_words and chunk.isascii() and chunk.isalpha():
            return iter(_NO_MATCHES)
        return self.regex.finditer(chunk)


def needs_non_letter(piece: str) -> bool:
    """Whether every match of the regex ``piece`` needs a character that is no ASCII
    letter (to consume it, or to see it in a positive look-around), so that it cannot
    match in a string of ASCII letters. False where that cannot be read for sure."""
    try:
        parsed = sre_parse.parse(piece)
        # a global flag reaches the other pieces too
        return not parsed.state.flags & ~re.UNICODE and _needs(parsed)
    except Exception:  # noqa: BLE001 - Python's parser is unpublished; what it will not tell, no search is skipped for
        return False


def _widths(pieces: list[str]) -> list[int] | None:
    """The most characters each piece can match, or None where the pieces may not be
    split: no piece, one that does not stand alone (a global flag, a group: see the
    module's doc), or one the parser will not read."""
    try:
        parsed = [sre_parse.parse(p) for p in pieces]
        if not parsed or any(t.state.flags & ~re.UNICODE or t.state.groups > 1 for t in parsed):
            return None
        return [t.getwidth()[1] for t in parsed]
    except Exception:  # noqa: BLE001 - as in needs_non_letter: the whole regex decides
        return None


def _needs(items) -> bool:
    """Some item of the sequence ``items`` (each of which must match) needs a non-letter."""
    return any(_item_needs(op, av) for op, av in items)


def _item_needs(op, av) -> bool:
    c = sre_parse
    if op is c.LITERAL:
        return chr(av) not in LETTERS
    if op is c.IN:
        return not any(_in_set(ch, av) for ch in LETTERS)
    if op is c.ASSERT:  # a positive look-around: what it looks at must be there
        return _needs(av[1])
    if op is c.BRANCH:
        return all(_needs(alt) for alt in av[1])
    if op is c.SUBPATTERN:
        return not av[1] & re.IGNORECASE and _needs(av[3])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return av[0] >= 1 and _needs(av[2])
    return False  # any character, a negative look-around, an anchor, a back-reference ...


def _in_set(ch: str, items) -> bool:
    """Whether the character class ``items`` (a parsed ``[...]``) may accept ``ch``; a
    category (``\\w``, ``\\d`` ...) counts as accepting it."""
    c = sre_parse
    negate = bool(items) and items[0][0] is c.NEGATE
    hit = False
    for op, av in items[negate:]:
        if op is c.LITERAL:
            hit = hit or ord(ch) == av
        elif op is c.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        else:
            return True
    return hit != negate
