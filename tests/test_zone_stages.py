"""Each stage of the zone engine on its own: the inventory of names, the references,
coreference, relations and attachment, and the spaCy component that exposes them."""
import pytest

from pipeline import extract, nlp as nlp_mod
from pipeline import zones
from pipeline.zones import attach, coref, names, references, relations
from pipeline.zones.state import Article


def article(text: str) -> Article:
    return Article(text, [])


def keyed(st: Article) -> list[tuple[str, str, str]]:
    return [(st.text[r.start : r.end], r.kind, st.zones[r.key].name if r.key else "") for r in st.refs]


def test_names_reject_urban_parks_and_metropolitan_regions():
    st = article("Visitors flock to the Riverside Wetland Park in Fuzhou. The Guangdong-Hong Kong-Macao Greater Bay Area grows. "
                 "The Qianhai Cooperation Zone covers 15 sq km.")
    names.find(st)
    assert [z.name for z in st.zones.values()] == ["Qianhai Cooperation Zone"]


def test_references_find_what_names_did_not_and_leave_pronouns_unresolved():
    st = article("The Xixian New Area (XNA) opened in 2014. The zone covers 882 sq km. It lies in Shaanxi. XNA firms grew.")
    names.find(st)
    before = len(st.refs)
    references.references(st)
    refs = keyed(st)
    assert refs.count(("XNA", "name", "Xixian New Area")) == 2  # the alias where it is given, and again later
    assert ("The zone", "generic", "") in refs and ("It", "pronoun", "") in refs
    assert len(st.refs) == before + 3
    assert [r.start for r in st.refs] == sorted(r.start for r in st.refs) == st.ref_starts


def test_coref_resolves_generic_references_to_the_last_subject_and_pronouns_to_the_subject():
    text = ("The Nansha Free Trade Zone covers 803 sq km. The Qianhai Cooperation Zone covers 15 sq km. "
            "The zone was set up in 2010. It is in Shenzhen.")
    st = article(text)
    names.find(st)
    references.references(st)
    generic = next(r for r in st.refs if r.kind == "generic")
    assert generic.key == ""  # unresolved until coreference
    coref.mark_roles(st)
    coref.resolve(st)
    by_text = {st.text[r.start : r.end]: st.zones[r.key].name for r in st.refs if r.key}
    assert by_text["The zone"] == "Qianhai Cooperation Zone" and generic.kind == "generic"
    assert by_text["It"] == "Qianhai Cooperation Zone"
    first = st.refs[0]
    assert first.subject and not first.object and not first.possessive


def test_coref_never_resolves_to_a_zone_named_later():
    st = article("The Nansha New Area grew fast. The zone drew 5 billion yuan. Later, the Qianhai Cooperation Zone was set up.")
    names.find(st)
    references.references(st)
    coref.mark_roles(st)
    coref.resolve(st)
    generic = next(r for r in st.refs if r.kind == "generic")
    assert generic.key != "qianhai cooperation zone"


def test_coref_marks_objects_and_possessives():
    st = article("Firms in the Suzhou Industrial Park grew. The Suzhou Industrial Park's exports rose.")
    names.find(st)
    references.references(st)
    coref.mark_roles(st)
    a, b = st.refs
    assert a.object and not a.subject
    assert b.possessive


def test_relations_never_make_a_zone_its_own_ancestor():
    st = zones.analyse("The Alpha Hi-tech Park is part of the Beta Economic Zone. The Beta Economic Zone is part of "
                       "the Alpha Hi-tech Park.", [])
    for z in st.zones.values():
        seen, key = {z.key}, z.parent
        while key:
            assert key not in seen
            seen.add(key)
            key = st.zones[key].parent


@pytest.mark.parametrize("stage", ["find", "references", "mark_roles", "resolve", "named_later", "salience",
                                   "structure", "owners", "owned_appositives", "location_fields", "names_within_names", "default_parents", "break_cycles", "attach"])
def test_each_stage_runs_once(monkeypatch, stage):
    module = {"find": names, "references": references, "attach": attach,
              "structure": relations, "owners": relations, "owned_appositives": relations, "location_fields": relations, "names_within_names": relations, "default_parents": relations, "break_cycles": relations}.get(stage, coref)
    calls = []
    original = getattr(module, stage)
    monkeypatch.setattr(module, stage, lambda *a, **k: calls.append(1) or original(*a, **k))
    extract("The Lingang Special Area covers 119.5 sq km. It is in Shanghai. The area grew.", doc_id="t")
    assert len(calls) == 1


def test_component_writes_zone_refs_and_the_same_records_as_the_batch():
    text = ("The Liangjiang New Area covers 1,200 sq km. Its Yuelai Park (the park) drew 3 billion yuan. "
            "It opened in 2010.")
    doc = nlp_mod.pipeline()(text)
    refs = [(s.text, s.label_, s.kb_id_) for s in doc.spans["zone_refs"]]
    assert ("Liangjiang New Area", "name", "Liangjiang New Area") in refs
    assert ("Its", "pronoun", "Liangjiang New Area") in refs
    batch = extract(text, doc_id="t")
    assert doc._.zone_records == [z.to_json() for z in batch.zones]


def test_names_find_zones_aliases_and_enumerated_sub_areas():
    st = article("The Lingang Special Area (hereinafter “the special area”) was set up in 2019. "
                 "The plan splits it into a 40-sq-km ecological conservation area and a manufacturing area.")
    names.find(st)
    lingang = st.zones["lingang special area"]
    assert lingang.aliases == ["special area"]
    subs = {z.name: z for z in st.zones.values() if z.sub_area}
    assert set(subs) == {"ecological conservation area", "manufacturing area"}
    assert all(z.parent == lingang.key and z.why == "main-zone" for z in subs.values())


def test_relations_give_parents_and_places_with_their_rule():
    st = zones.analyse("The Pingtan Area of the China (Fujian) Pilot Free Trade Zone is located in Fuzhou, Fujian Province.", [])
    pingtan = st.zones["pingtan area"]
    ftz = st.zones["china (fujian) pilot free trade zone"]
    assert pingtan.parent == ftz.key and pingtan.why == "area-of-zone"
    assert pingtan.located_in and all(pingtan.why_places.get(p) for p in pingtan.located_in)


def test_attachment_records_the_rule_of_every_decision():
    doc = extract("The Tianfu New Area covers 1,578 sq km. Alibaba said it would invest 2 billion yuan in Chengdu.",
                  doc_id="t", published="2024-01-01")
    rules = {m.text: m.extra["zone_rule"] for m in doc.mentions}
    assert rules["1,578 sq km"] == "clause-subject"
    assert rules["2 billion yuan"] == "company-subject"
    assert not any(m.id in z.mentions for z in doc.zones for m in doc.mentions if m.text == "2 billion yuan")
    assert {name for name, _ in attach.ATTACHMENT_RULES} >= set(rules.values())


def test_component_gives_the_batch_records_on_every_corpus_article():
    from pathlib import Path

    from pipeline import Document

    nlp = nlp_mod.pipeline()
    articles = sorted((Path(__file__).resolve().parent.parent / "corpus" / "articles").glob("*.txt"))
    assert len(articles) >= 70
    for path in articles:
        text = path.read_text(encoding="utf-8")
        doc = nlp.make_doc(text)
        doc.user_data["doc_id"] = path.stem
        assert Document.from_doc(nlp(doc)).dumps() == extract(text, doc_id=path.stem).dumps(), path.name
