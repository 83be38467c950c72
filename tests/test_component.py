"""The components in a user's own spaCy pipeline: found by entry point, harmless to
what else the pipeline does, saved and loaded with their rules, and giving the
record ``zones extract`` writes."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import Document, extract, rules
from pipeline.component import SPANS_KEY

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
TEXT = ("Beijing, March 3, 2024 -- The Tianfu New Area covers 1,578 sq km, and its new park lies 62km "
        "from Chengdu. The park drew RMB2.8 billion last year.")


if not Doc.has_extension("seen_by_user"):
    Doc.set_extension("seen_by_user", default=False)


@Language.component("user_marker")
def user_marker(doc: Doc) -> Doc:
    """A user's own component: sets an entity and a flag the zone components must leave alone."""
    doc._.seen_by_user = True
    doc.ents = [Span(doc, 0, 1, label="GPE")]
    return doc


def _pipeline(**config) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("user_marker")
    nlp.add_pipe("zone_mentions", config=config)
    nlp.add_pipe("zone_records")
    return nlp


def _doc(nlp: Language, text: str, doc_id: str = "doc") -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["doc_id"] = doc_id
    return nlp(doc)


def test_factories_come_from_the_entry_points():
    from importlib.metadata import entry_points

    names = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert names["zone_mentions"] == "pipeline.component:ZoneMentions"
    assert names["zone_records"] == "pipeline.zones.component:ZoneRecords"
    code = "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('zone_mentions'); print(nlp.pipe_names)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    assert "zone_mentions" in out.stdout  # no import of the package was needed


def test_beside_a_user_component_the_doc_keeps_its_tokens_entities_and_flags():
    nlp = _pipeline()
    doc = _doc(nlp, TEXT)
    plain = spacy.blank("en")(TEXT)
    assert [t.text for t in doc] == [t.text for t in plain]  # no tokenizer change, no merges
    assert [(e.text, e.label_) for e in doc.ents] == [("Beijing", "GPE")]
    assert doc._.seen_by_user
    assert all(not t.tag_ and not t.lemma_ for t in doc)
    got = {s._.chars and TEXT[s._.chars[0]:s._.chars[1]] or s.text: (s.label_, s._.value, s._.unit)
           for s in doc.spans[SPANS_KEY]}
    assert got["1,578 sq km"] == ("AREA", 1578000000.0, "m^2")
    assert got["62km"] == ("DISTANCE", 62000.0, "m")
    assert got["RMB2.8 billion"] == ("MONEY", 2800000000.0, "CNY")
    assert got["last year"][1] == "2023"  # the dateline's year
    money = next(s for s in doc.spans[SPANS_KEY] if s.label_ == "MONEY")
    assert money.text == "RMB2.8 billion" and money._.chars is None  # the token "RMB2.8" starts the mention
    span = next(s for s in doc.spans[SPANS_KEY] if s.label_ == "DISTANCE")
    assert span._.to == "Chengdu" and span._.rule and span._.zone_rule


def test_tokenizer_fixes_only_when_asked_and_then_spans_are_exact():
    nlp = _pipeline(tokenizer_fixes=True)
    doc = _doc(nlp, TEXT)
    assert "RMB" in [t.text for t in doc] and "2.8" in [t.text for t in doc]
    assert all(s._.chars is None for s in doc.spans[SPANS_KEY])
    assert "RMB2.8" in [t.text for t in _pipeline()(TEXT)]  # another pipeline's tokenizer is left alone
    # a mention that ends inside a token of the user's tokenizer: the span covers the
    # token, span._.chars the mention, and the record is the batch's
    text = "The zone (规划面积12平方公里) opened in 2019."
    doc = _doc(_pipeline(), text)
    span = doc.spans[SPANS_KEY][0]
    assert span.text == "规划面积12平方公里" and span._.chars == [14, 20] and text[14:20] == "12平方公里"
    assert [m.text for m in Document.from_doc(doc).mentions] == [m.text for m in extract(text).mentions]


@pytest.mark.parametrize("path", ARTICLES[::9], ids=lambda p: p.stem)
def test_the_record_of_a_user_pipeline_is_the_batch_record(path):
    text = path.read_text(encoding="utf-8")
    doc = _doc(_pipeline(), text, path.stem)
    assert Document.from_doc(doc).dumps() == extract(text, doc_id=path.stem).dumps()


def test_saved_and_loaded_pipeline_gives_identical_records_with_its_rules(tmp_path):
    nlp = _pipeline(tokenizer_fixes=True)
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES[:3]]
    before = [Document.from_doc(d).dumps() for d in nlp.pipe(texts)]
    nlp.to_disk(tmp_path / "nlp")
    saved = tmp_path / "nlp" / "zone_mentions" / "rules"
    assert (saved / "units.json").is_file() and (saved / "patterns").is_dir()
    assert rules.fingerprint(saved) == rules.fingerprint()
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names == ["user_marker", "zone_mentions", "zone_records"]
    assert [Document.from_doc(d).dumps() for d in loaded.pipe(texts)] == before
    # a new process reads the rules saved with the pipeline
    plain = _pipeline()
    plain.to_disk(tmp_path / "plain")
    code = ("import json, sys, spacy, tests.test_component; from pipeline import rules, Document; "
            "nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
            "print(json.dumps([str(rules.rules_dir()), Document.from_doc(doc).dumps()]))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "plain"), texts[0]],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    where, record = json.loads(out.stdout)
    assert Path(where) == tmp_path / "plain" / "zone_mentions" / "rules" and record == before[0]


def test_rules_that_differ_from_those_in_use_are_refused(tmp_path):
    extract("The park covers 2 sq km.", doc_id="t")  # the process has read its rules
    other = tmp_path / "rules"
    shutil.copytree(rules.rules_dir(), other)
    rules.use(other)  # the same rules: accepted
    assert rules.rules_dir() != other
    units = other / "units.json"
    units.write_text(units.read_text(encoding="utf-8").replace("{", '{"_doc_x": 1, ', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="differ from the rules this process already uses"):
        rules.use(other)
    with pytest.raises(FileNotFoundError, match="not a rules folder"):
        rules.use(tmp_path)


def test_n_process_two_gives_identical_records():
    nlp = _pipeline(tokenizer_fixes=True)
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES[:6]]
    one = [Document.from_doc(d).dumps() for d in nlp.pipe(texts)]
    two = [Document.from_doc(d).dumps() for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert two == one


def test_missing_components_are_named():
    nlp = spacy.blank("en")
    nlp.add_pipe("zone_records")
    with pytest.raises(ValueError, match="add the 'zone_mentions' component"):
        nlp("The park covers 2 sq km.")
    nlp = spacy.blank("en")
    nlp.add_pipe("zone_mentions")
    with pytest.raises(ValueError, match="add the 'zone_records' component"):
        Document.from_doc(nlp("The park covers 2 sq km."))


def test_with_a_trained_english_pipeline():
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        pytest.skip("no trained English pipeline (en_core_web_sm) is installed; the models are not on PyPI")
    nlp.add_pipe("zone_mentions")
    nlp.add_pipe("zone_records")
    text = ARTICLES[0].read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    doc.user_data["doc_id"] = ARTICLES[0].stem
    doc = nlp(doc)
    assert doc.ents  # the trained ner's entities stay
    assert Document.from_doc(doc).dumps() == extract(text, doc_id=ARTICLES[0].stem).dumps()


def test_the_readers_tokenizer_is_a_blank_pipeline_with_the_fixes():
    """The reader makes its tokenizer in one step; it splits exactly as spaCy's English
    tokenizer after ``customise_tokenizer``."""
    from pipeline import nlp as nlp_mod

    reader = nlp_mod.build().tokenizer
    fixed = spacy.blank("en")
    nlp_mod.customise_tokenizer(fixed)
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    for path in sorted((ROOT / "tests" / "cases").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts:
        assert [t.text for t in reader(text)] == [t.text for t in fixed(text)], text[:80]
