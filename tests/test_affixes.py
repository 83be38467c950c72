"""The tokenizer's suffix and infix searches (``pipeline.affixes``) against the regexes
spaCy compiles from the same pieces: the same matches on any string, the same tokens on
the corpus and on ordinary text, and a tokenizer that saves and loads as before."""
import re

import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from spacy.util import compile_infix_regex, compile_suffix_regex

from pipeline import nlp as reader
from pipeline.affixes import InfixFinditer, SuffixSearch, needs_non_letter

from conftest import ROOT

DEFAULTS = spacy.blank("en").Defaults
SUFFIXES = list(DEFAULTS.suffixes) + reader.SUFFIXES
INFIXES = list(DEFAULTS.infixes) + reader.INFIXES
# what affixes are made of: letters, digits, units, currency signs, dots, brackets, quotes, CJK
OURS_SUFFIX, FULL_SUFFIX = SuffixSearch(SUFFIXES).search, compile_suffix_regex(SUFFIXES).search
OURS_INFIX, FULL_INFIX = InfixFinditer(INFIXES).finditer, compile_infix_regex(INFIXES).finditer
ALPHABET = "aAkmsKMT x19.,;:!?…-–/+*^=<>$€¥£%°²'\")(]’”\n\t中区"


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def _span(match) -> tuple[int, int] | None:
    return match.span() if match else None


@settings(max_examples=3000, deadline=None)
@given(chunk=st.text(alphabet=ALPHABET, max_size=14))
@example(chunk="12km")
@example(chunk="wait....")
@example(chunk="1990s.\n")
@example(chunk="US$3bn.)")
@example(chunk="30اكواب\n")  # the widest suffix (five characters) before a final line break
@example(chunk="")
@example(chunk="co-operate")
@example(chunk="Zone")
@example(chunk="中国")
def test_affix_searches_find_what_the_compiled_regexes_find(chunk):
    assert _span(OURS_SUFFIX(chunk)) == _span(FULL_SUFFIX(chunk))
    assert _spans(OURS_INFIX(chunk)) == _spans(FULL_INFIX(chunk))


@pytest.mark.parametrize("piece", INFIXES)
def test_every_infix_of_the_reader_needs_a_non_letter(piece):
    assert needs_non_letter(piece)


@pytest.mark.parametrize("piece", [
    r"(?<=[a-z])(?=[A-Z])",  # a split inside camelCase
    r"[^0-9]", r"[^\d]", r"\w", r".", "x", r"(?i:[A-Z])", r"(?<![0-9])-?", r"(?:-)*",
    r"(?!-)(?=[a-z])", "(",  # no regex at all
])
def test_a_piece_that_may_match_in_a_word_is_never_skipped(piece):
    assert not needs_non_letter(piece)


@pytest.mark.parametrize("piece", [r"-", r"(?<=[0-9])(?=[a-z])", r"[,;](?:x|y)?", r"(?:a|-)(?:-|\.)", r"[^a-zA-Z]", r"(?:\.){2,}"])
def test_a_piece_that_needs_a_non_letter_is_read_as_such(piece):
    assert needs_non_letter(piece)


@pytest.mark.parametrize("pieces, chunk", [
    ([r"(?i)a{1,100}", "b"], "B"),  # a global flag reaches the other pieces in the joined regex
    ([r"(?i)b", r"a{1,100}"], "xA"),
    ([r"(?m)x"], "x\nyyyyyyy"),  # under MULTILINE "$" matches before any line break
    ([" ", r"\.\.+"], "a"),  # blank pieces are dropped, as spaCy drops them
    ([r"(a)", r"x{1,70}", r"\1"], "aa"),  # a back-reference to another piece's group
])
def test_suffix_pieces_that_do_not_stand_alone_are_searched_whole(pieces, chunk):
    assert _span(SuffixSearch(pieces).search(chunk)) == _span(compile_suffix_regex(pieces).search(chunk))


@pytest.mark.parametrize("pieces, chunk", [([], "abc"), ([" ", "\t"], "abc"), ([r"(?x)-", " #"], "abc")])
def test_infix_pieces_that_may_match_anywhere_are_searched(pieces, chunk):
    assert _spans(InfixFinditer(pieces).finditer(chunk)) == _spans(compile_infix_regex(pieces).finditer(chunk))


def test_a_parser_that_cannot_read_the_pieces_leaves_the_whole_regexes(monkeypatch):
    import pipeline.affixes as affixes

    def unreadable(*args, **kwargs):
        raise AttributeError("a parser of another Python")
    monkeypatch.setattr(affixes.sre_parse, "parse", unreadable)
    suffix, infix = SuffixSearch(SUFFIXES), InfixFinditer(INFIXES)
    assert not infix.skips_words and not needs_non_letter("-")
    for chunk in ("12km", "wait....", "Zone", "co-operate", "x\n"):
        assert _span(suffix.search(chunk)) == _span(FULL_SUFFIX(chunk))
        assert _spans(infix.finditer(chunk)) == _spans(FULL_INFIX(chunk))


def test_a_word_is_searched_when_some_infix_may_match_in_it():
    finditer = InfixFinditer(INFIXES + [r"(?<=[a-z])(?=[A-Z])"]).finditer
    assert _spans(finditer("camelCase")) == [(5, 5)]


def _texts():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    return texts + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "ordinary").glob("*.txt"))]


def test_the_reader_tokenizer_splits_as_with_the_compiled_regexes():
    ours = spacy.blank("en")
    ours.tokenizer = reader.reader_tokenizer()(ours)
    plain = spacy.blank("en")
    plain.tokenizer = reader.reader_tokenizer()(plain)
    plain.tokenizer.suffix_search, plain.tokenizer.infix_finditer = FULL_SUFFIX, FULL_INFIX
    for text in _texts():
        assert [t.text for t in ours.tokenizer(text)] == [t.text for t in plain.tokenizer(text)]


def test_the_reader_tokenizer_saves_and_loads(tmp_path):
    nlp = spacy.blank("en")
    nlp.tokenizer = reader.reader_tokenizer()(nlp)
    text = "The 62km road cost RMB2.8bn (US$390m), co-funded by the zone... 中区"
    before = [t.text for t in nlp.tokenizer(text)]
    data = nlp.tokenizer.to_bytes()
    loaded = spacy.blank("en")
    loaded.tokenizer.from_bytes(data)
    assert [t.text for t in loaded.tokenizer(text)] == before
    assert re.compile(loaded.tokenizer.suffix_search.__self__.pattern).search("62km").span() == (2, 4)
