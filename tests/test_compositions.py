"""Compositions are data: rules/compositions.jsonl names, for each pattern over
mentions, the combiner registered in pipeline/combine.py that reads it. The names
agree both ways, every composition fires on some case of tests/cases/, and the
second-level matcher keeps its stated semantics."""
import json
from pathlib import Path

import pytest

from pipeline import combine, compose, extract, rules

CASES = Path(__file__).parent / "cases"


def _all():
    return [c for stage in compose.compositions() for c in stage]


def test_compositions_every_combiner_is_named_and_every_name_registered():
    named = {c.combine for c in _all()}
    assert named == set(combine.registered())


def test_compositions_an_unknown_combiner_or_word_list_fails_loudly():
    with pytest.raises(KeyError, match="no combiner 'nope'"):
        combine.get("nope")
    with pytest.raises(ValueError, match="registered twice"):
        combine.combiner("range")(lambda cx, m: None)
    with pytest.raises(KeyError, match="no word list"):
        compose._element({"LEX": "no_such_list"})
    with pytest.raises(ValueError, match="does not repeat"):
        compose._element({"MENTION": {}, "OP": "+"})


def test_compositions_every_one_fires_on_a_case(monkeypatch):
    fired = set()
    for name, fn in list(combine.registered().items()):
        def spy(cx, m, fn=fn):
            out = fn(cx, m)
            if out is not None:
                fired.add(m.comp.id)
            return out
        monkeypatch.setitem(combine._COMBINERS.functions, name, spy)
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("//"):
                case = json.loads(line)
                extract(case["text"], doc_id="case", published=case.get("ref"))
    assert {c.id for c in _all()} - fired == set()


def test_compositions_each_row_has_what_the_loader_needs():
    for row in rules.load_jsonl("compositions"):
        assert {"id", "stage", "combine", "rule", "pattern"} <= set(row), row


def _view(text, spans):
    """A doc of the words of ``text`` and mentions over the token ranges ``spans``."""
    import spacy

    from pipeline.found import Found

    doc = spacy.blank("en")(text)
    found = [Found.of(s, e, "DISTANCE", 1.0, "m", f"m{n}") for n, (s, e) in enumerate(spans)]
    return compose._View(doc, found), found


def test_compositions_matcher_words_never_cross_a_mention():
    view, _ = _view("a b c d", [(1, 2)])
    comp = compose.Composition("t", 1, "range", ("x",), (compose._element({"OP": "+"}), compose._element({"MENTION": {}})), 1, 3)
    assert [(m.start, m.end) for m in compose._matches_at(view, comp, 0)] == [(0, 2)]
    comp2 = compose.Composition("t", 1, "range", ("x",), (compose._element({"MENTION": {}}), compose._element({"OP": "+"})), 0, 0)
    view2, _ = _view("a b c d", [(0, 1), (2, 3)])
    assert [(m.start, m.end) for m in compose._matches_at(view2, comp2, 0)] == [(0, 2)]


def test_compositions_matcher_tries_the_earliest_start_first_then_later_ones():
    view, _ = _view("x one two weeks", [(3, 4)])
    num = compose._element({"LOWER": {"IN": ["one", "two", "x"]}, "OP": "{1,3}"})
    comp = compose.Composition("t", 1, "range", ("x",), (num, compose._element({"MENTION": {}})), 1, 3)
    assert [m.start for m in compose._matches_at(view, comp, 0)] == [0, 1, 2]
