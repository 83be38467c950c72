"""``vocab.find_forms``: string search with compiled lookarounds finds what the
compiled trie finds (leftmost, longest at each start, not overlapping)."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.zones.vocab import alt, find_forms

ALPHABET = "aAbB -'’\n"
LOOKAROUNDS = [("", ""), (r"(?<![\w-])", r"(?![\w-])"), (r"(?<![\w’'-])", r"(?![\w-])(?!\s+[A-Z])"),
               (r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s))", r"(?:['’]s\b|,|\s+(?:ab|ba)\b)"), (r"\b", r"\s+(?:b|bb)\b")]


def _by_regex(text, forms, before, after, flags):
    return [m.span() for m in re.finditer(before + "(?:" + alt(set(forms)) + ")" + after, text, flags)]


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
        _by_regex(text, ["istanbul free zone"], "", "", re.IGNORECASE)
