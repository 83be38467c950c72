"""The two seed press releases: every gold mention, nothing else."""

from conftest import shared_path
from pipeline import document, extract, score


def _seed_pairs():
    seeds = shared_path("seeds")
    for gold_path in sorted(seeds.glob("*.gold.json")):
        gold = document.load(gold_path)
        text = (seeds / f"{gold.doc_id}.txt").read_text(encoding="utf-8")
        yield gold, extract(text, doc_id=gold.doc_id)


def test_seeds_mentions_f1_is_one():
    report = score.Report()
    for gold, pred in _seed_pairs():
        ds = score.score_document(gold, pred, report)
        assert not ds.misses, [(m.text, m.value) for m in ds.misses]
        assert not ds.false_positives, [(m.text, m.value) for m in ds.false_positives]
    assert report.overall.f1 == 1.0
    assert report.overall_exact.f1 == 1.0


def test_seeds_attributes_all_right():
    report = score.Report()
    for gold, pred in _seed_pairs():
        ds = score.score_document(gold, pred, report)
        assert not ds.wrong_attributes, [(g.text, a, getattr(g, a), getattr(p, a)) for g, p, a in ds.wrong_attributes]


def test_seeds_header_fields():
    for gold, pred in _seed_pairs():
        assert (pred.title, pred.published, pred.source) == (gold.title, gold.published, gold.source)


def test_seeds_zone_records():
    report = score.Report()
    for gold, pred in _seed_pairs():
        score.score_document(gold, pred, report)
    assert report.zones.f1 == 1.0, report.zones.as_dict()
    assert report.attachment.f1 == 1.0, report.attachment.as_dict()
    assert report.located_in.f1 == 1.0, report.located_in.as_dict()
    assert report.parent.value == 1.0
