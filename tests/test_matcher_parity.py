"""The compiled matcher (pipeline/matcher.py) against spaCy's own Matcher, the
reference semantics: identical candidates (start, end, label, rule, roles, tags, in
the same order) on every case file text, every corpus article, ordinary text, and
random token sequences over the lexicon words; and identical raw output (keys,
spans, alignments, order) for random small patterns with every operator."""
import json
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from conftest import shared_path
from pipeline import nlp as nlp_mod
from pipeline.matcher import CompiledMatcher
from pipeline.nlp import MentionMatcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engines(nlp):
    """The tagger and both matchers of one pipeline: compiled (the pipeline's own) and spaCy's."""
    return nlp, nlp.get_pipe("mention_matcher"), MentionMatcher(nlp, "reference", engine="spacy")


def _candidates(matcher, doc) -> list[tuple]:
    matcher(doc)
    return [(c.start, c.end, c.label, c.rule, tuple(c.roles), tuple(sorted(c.tags))) for c in doc.user_data.pop("candidates")]


def _differences(engines, texts) -> list[str]:
    nlp, compiled, reference = engines
    tagger = nlp.get_pipe("lexicon_tagger")
    out = []
    for name, text in texts:
        doc = tagger(nlp.make_doc(text))
        want, got = _candidates(reference, doc), _candidates(compiled, doc)
        if got != want:
            out.append(f"{name}: spaCy only {sorted(set(want) - set(got))[:3]}, compiled only "
                       f"{sorted(set(got) - set(want))[:3]}" + (" (order differs)" if set(got) == set(want) else ""))
    return out


def _case_texts():
    for path in sorted((ROOT / "tests" / "cases").rglob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("//"):
                text = json.loads(line).get("text")
                if isinstance(text, str):
                    yield f"{path.relative_to(ROOT)}:{n}", text


def test_matcher_parity_case_files(engines):
    texts = list(_case_texts())
    assert len(texts) > 500
    assert _differences(engines, texts) == []


def test_matcher_parity_corpus(engines):
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    assert len(texts) >= 90
    assert _differences(engines, texts) == []


def test_matcher_parity_ordinary_text(engines):
    path = shared_path("ordinary-text", "lee_background.cor")
    texts = [(f"lee:{n}", line) for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)]
    assert _differences(engines, texts) == []


def test_matcher_parity_ordinary_text_of_the_team(engines):
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests" / "data" / "ordinary").glob("*.txt"))]
    assert texts
    assert _differences(engines, texts) == []


def _pattern_words() -> list[str]:
    """Every surface a pattern names (lexicon surfaces, literal words) and number shapes."""
    words = {s for surfaces in nlp_mod.lexicons().values() for s in surfaces}
    for _, specs, _ in nlp_mod.compiled_patterns():
        for spec in specs:
            for value in spec.values():
                values = value.get("IN", ()) if isinstance(value, dict) else [value]
                words |= {v for v in values if isinstance(v, str) and v.upper() != v}
    words |= {"5", "15", "31", "2018", "20180105", "3.5", "1,000", "5th", "21st", "twenty", "one", "a", "the", "of",
              "and", "to", "-", ",", ".", "/", "zone", "park", "2.8", "12/05/2020", "Q3", "H1"}
    return sorted(words)


SEPARATORS = [" ", " ", " ", "", ", ", "-", " - ", "/", ". "]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_pattern_words()), st.sampled_from(SEPARATORS)), min_size=1, max_size=30))
def test_matcher_parity_random_token_sequences(engines, words):
    text = "".join(w + sep for w, sep in words)
    assert _differences(engines, [("random", text)]) == []


# ------------------------------------------------------------ the engine alone

VOCAB = spacy.blank("en").vocab
LETTERS = ["a", "b", "c", "d"]
OPS = [None, "?", "*", "+", "!", "{0,2}", "{1,3}", "{2}", "{,2}", "{1,}"]


@st.composite
def _spec(draw):
    kind = draw(st.sampled_from(["word", "word", "in", "not_in", "any"]))
    if kind == "word":
        spec = {"LOWER": draw(st.sampled_from(LETTERS))}
    elif kind in ("in", "not_in"):
        values = draw(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=3, unique=True))
        spec = {"ORTH" if kind == "not_in" else "LOWER": {kind.upper(): values}}
    else:
        spec = {}
    op = draw(st.sampled_from(OPS))
    return {**spec, "OP": op} if op else spec


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.lists(_spec(), min_size=1, max_size=4), min_size=1, max_size=4),
       st.lists(st.sampled_from(LETTERS + ["A"]), max_size=12))
def test_compiled_matcher_equals_spacy_matcher(patterns, words):
    """Raw output: keys in the order spaCy lists them, LONGEST filtering, alignments."""
    keyed = [(f"p{n}", specs) for n, specs in enumerate(patterns)]
    reference = Matcher(VOCAB)
    for key, specs in keyed:
        reference.add(key, [specs], greedy="LONGEST")
    doc = Doc(VOCAB, words=words)
    want = [(VOCAB.strings[k], s, e, list(a)) for k, s, e, a in reference(doc, with_alignments=True)]
    compiled = CompiledMatcher(VOCAB, keyed)
    assert [(compiled.keys[k], s, e, a) for k, s, e, a in compiled(doc)] == want


def test_compiled_matcher_key_order_is_first_match_order():
    """spaCy lists keys by their first match in the document, which decides which of
    two rules giving the same candidate is kept: here 'late' matches first."""
    keyed = [("early", [{"LOWER": "b"}, {"LOWER": "c"}]), ("late", [{"LOWER": "a", "OP": "?"}, {"LOWER": "b"}])]
    doc = Doc(VOCAB, words=["b", "c", "b"])
    compiled = CompiledMatcher(VOCAB, keyed)
    got = [(compiled.keys[k], s, e) for k, s, e, _ in compiled(doc)]
    reference = Matcher(VOCAB)
    for key, specs in keyed:
        reference.add(key, [specs], greedy="LONGEST")
    assert got == [(VOCAB.strings[k], s, e) for k, s, e, _ in reference(doc, with_alignments=True)]
    assert got == [("late", 0, 1), ("late", 2, 3), ("early", 0, 2)]


@pytest.mark.parametrize("spec", [{"LOWER": {"REGEX": "a+"}}, {"LENGTH": {">=": 3}}, {"_": {"x": 1}}, {"LOWER": 1.5}])
def test_compiled_matcher_refuses_what_it_cannot_compile(spec):
    with pytest.raises(ValueError):
        CompiledMatcher(VOCAB, [("p", [spec])])
