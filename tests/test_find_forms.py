"""``vocab.find_forms``: string search with compiled lookarounds finds what the
compiled trie finds (leftmost, longest at each start, not overlapping)."""
import bisect
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.zones.vocab import alt, find_forms

ALPHABET = "aAbBſİ -'’\n"
LOOKAROUNDS = [("", ""), (r"(?<![\w-])", r"(?![\w-])"), (r"(?<![\w’'-])", r"(?![\w-])(?!\s+[A-Z])"),
               (r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s))", r"(?:['’]s\b|,|\s+(?:ab|ba)\b)"), (r"\b", r"\s+(?:b|bb)\b")]


def _by_regex(text, forms, before, after, flags):
    """The trie's matches, ``after`` a lookahead; under IGNORECASE, of the lower-cased
    forms in the lower-cased text where lower-casing keeps every length."""
    if flags & re.IGNORECASE and all(len(x.lower()) == len(x) for x in [text, *forms]):
        text, forms = text.lower(), [f.lower() for f in forms]
    ahead = f"(?={after})" if after else ""
    return [m.span() for m in re.finditer(before + "(?:" + alt(set(forms)) + ")" + ahead, text, flags)]


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40),
       forms=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=5), min_size=1, max_size=6),
       around=st.sampled_from(LOOKAROUNDS), flags=st.sampled_from([0, re.IGNORECASE, re.MULTILINE]))
def test_string_search_finds_what_the_trie_finds(text, forms, around, flags):
    before, after = around
    assert find_forms(text, forms, before, after, flags) == _by_regex(text, forms, before, after, flags)


def test_many_forms_go_through_the_trie_with_the_same_result():
    forms = [f"Zone {i}" for i in range(200)]
    text = "Zone 12 and Zone 150, Zone 1x, the Zone 199."
    assert find_forms(text, forms, r"(?<![\w-])", r"(?![\w-])") == _by_regex(text, forms, r"(?<![\w-])", r"(?![\w-])", 0)
    assert [text[s:e] for s, e in find_forms(text, forms, r"(?<![\w-])", r"(?![\w-])")] == ["Zone 12", "Zone 150", "Zone 199"]


def test_a_text_that_lower_case_lengthens_is_searched_by_the_trie():
    text = "İstanbul Free Zone and the istanbul free zone"
    assert find_forms(text, ["istanbul free zone"], flags=re.IGNORECASE) == \
        _by_regex(text, ["istanbul free zone"], "", "", re.IGNORECASE) == [(0, 18), (27, 45)]


def test_what_must_follow_is_not_part_of_the_form():
    """'Lanzhou city': the form found is 'Lanzhou', by string search and by the trie alike."""
    text = "Firms in Lanzhou city and Xi'an county invest."
    for forms in (["Lanzhou", "Xi'an"], [f"Name{i}" for i in range(60)] + ["Lanzhou", "Xi'an"]):
        found = find_forms(text, forms, before=r"\b", after=r"\s+(?:city|county)\b")
        assert [text[s:e] for s, e in found] == ["Lanzhou", "Xi'an"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab .", min_size=1, max_size=30), data=st.data())
def test_without_refs_blanks_every_named_reference(text, data):
    """Article.without_refs copies the text and blanks each zone reference that is not a
    pronoun, overlapping ones too, as blanking it character by character does."""
    from pipeline.zones.state import Article, Ref

    n = len(text)
    spans = sorted(data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted), max_size=5)))
    art = Article(text, [])
    art.refs = [Ref(a, b, data.draw(st.sampled_from(["", "z"])), kind=data.draw(st.sampled_from(["name", "pronoun"])))
                for a, b in spans]
    art.ref_starts = [r.start for r in art.refs]
    start, end = sorted(data.draw(st.tuples(st.integers(0, n), st.integers(0, n))))
    chars = list(text[start:end])  # char by char, from the last reference that starts before the window
    first = max(0, bisect.bisect_left(art.ref_starts, start) - 1)
    for r in art.refs[first:]:
        if r.key and r.kind != "pronoun" and r.start < end:
            for k in range(max(r.start, start), min(r.end, end)):
                chars[k - start] = " "
    assert art.without_refs(start, end) == "".join(chars)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab. \n:", max_size=60), pattern=st.sampled_from([r"\bab\s+", r"a+:\s*", r"b\.\s", r"(?<=a)b"]))
def test_sentences_with_keeps_every_sentence_a_pattern_matches_in(text, pattern):
    """state.sentences_with skips a sentence only when the pattern finds nothing in it."""
    from pipeline.zones.state import sentences_with, split_sentences

    rx = re.compile(pattern)
    sentences = split_sentences(text)
    kept = set(sentences_with(text, sentences, rx))
    for s, e in sentences:
        if rx.search(text, s, e):
            assert (s, e) in kept
