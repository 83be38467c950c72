"""The scorer against cases computed by hand (GOLD_FORMAT.md, 'Scoring')."""
import json

import pytest

from pipeline.document import Document, Mention, Zone
from pipeline.gold import validate
from pipeline.score import Report, match_mentions, score_corpus, score_document, values_equal


def m(mid, mtype, start, end, value, unit=None, text="x", **kw):
    return Mention(id=mid, type=mtype, text=text, start=start, end=end, value=value, unit=unit, **kw)


def doc(mentions, zones=()):
    return Document(doc_id="d", mentions=list(mentions), zones=list(zones))


GOLD = [
    m("m1", "AREA", 10, 20, 3.5e6, "m^2"),
    m("m2", "MONEY", 30, 45, 28e9, "CNY"),
    m("m3", "DATE", 50, 57, "2021-10-24"),
    m("m4", "DISTANCE", 60, 70, [3000.0, 5000.0], "m"),
]


def test_score_identical_prediction_is_perfect():
    r = score_corpus([(doc(GOLD), doc(GOLD))])
    assert (r.overall.tp, r.overall.fp, r.overall.fn) == (4, 0, 0)
    assert r.overall.f1 == 1.0 and r.overall_exact.f1 == 1.0


def test_score_removing_one_mention_costs_recall():
    r = score_corpus([(doc(GOLD), doc(GOLD[:3]))])
    assert (r.overall.tp, r.overall.fp, r.overall.fn) == (3, 0, 1)
    assert r.overall.recall == pytest.approx(0.75)
    assert r.overall.f1 == pytest.approx(2 * 1.0 * 0.75 / 1.75)


def test_score_value_off_by_one_unit_is_no_match():
    gold = [m("m1", "AREA", 10, 20, 3984, "m^2")]
    pred = [m("m1", "AREA", 10, 20, 3985, "m^2")]  # one square metre off: 2.5e-4 relative
    r = score_corpus([(doc(gold), doc(pred))])
    assert r.by_type["AREA"].tp == 0 and r.by_type["AREA"].fp == 1 and r.by_type["AREA"].fn == 1
    # while 3.5 million square metres and one more is within the 1e-6 relative tolerance
    assert values_equal(3.5e6, 3.5e6 + 1)


def test_score_value_tolerance_is_relative_1e6():
    assert values_equal(3.5e6, 3.5e6 * (1 + 5e-7))
    assert not values_equal(3.5e6, 3.5e6 * (1 + 5e-6))
    assert values_equal([3000, 5000], [3000.0, 5000.0])
    assert not values_equal([3000, 5000], [3000, 5001])
    assert not values_equal([3000, 5000], 4000)


def test_score_date_strings_compare_exactly():
    pred = [m("m3", "DATE", 50, 57, "2021-10")]
    r = score_corpus([(doc([GOLD[2]]), doc(pred))])
    assert r.by_type["DATE"].tp == 0


def test_score_overlap_counts_but_exact_does_not():
    pred = [m("m1", "AREA", 5, 15, 3.5e6, "m^2")]  # overlaps 10..20
    r = score_corpus([(doc([GOLD[0]]), doc(pred))])
    assert r.by_type["AREA"].tp == 1
    assert r.exact["AREA"].tp == 0 and r.exact["AREA"].fp == 1 and r.exact["AREA"].fn == 1


def test_score_spans_that_stop_overlapping_do_not_match():
    pred = [m("m1", "AREA", 20, 25, 3.5e6, "m^2")]  # touches 10..20 at its end: half-open, no overlap
    r = score_corpus([(doc([GOLD[0]]), doc(pred))])
    assert r.by_type["AREA"].tp == 0


def test_score_types_must_agree():
    pred = [m("m1", "DISTANCE", 10, 20, 3.5e6, "m")]
    r = score_corpus([(doc([GOLD[0]]), doc(pred))])
    assert r.overall.tp == 0


def test_score_matching_is_one_to_one_and_maximal():
    # two gold mentions with equal values; one prediction overlaps both, another only the first:
    # a greedy choice of the first pair would leave one gold unmatched; the maximum matching finds 2.
    gold = [m("a", "MONEY", 0, 10, 5.0, "CNY"), m("b", "MONEY", 12, 20, 5.0, "CNY")]
    pred = [m("p", "MONEY", 8, 14, 5.0, "CNY"), m("q", "MONEY", 0, 5, 5.0, "CNY")]
    assert sorted(match_mentions(gold, pred)) == [(0, 1), (1, 0)]
    r = score_corpus([(doc(gold), doc(pred))])
    assert (r.overall.tp, r.overall.fp, r.overall.fn) == (2, 0, 0)
    # a duplicate prediction is a false positive, not a second match
    r = score_corpus([(doc(gold[:1]), doc([pred[1], pred[1]]))])
    assert (r.overall.tp, r.overall.fp) == (1, 1)


def test_score_attributes_over_matched_pairs():
    gold = [m("m1", "AREA", 10, 20, 3.5e6, "m^2", approx=True), m("m2", "DISTANCE", 30, 40, 62000, "m", to="Beijing Downtown")]
    pred = [m("m1", "AREA", 10, 20, 3.5e6, "m^2", approx=False), m("m2", "DISTANCE", 30, 40, 62000, "m", to="the Beijing downtown")]
    r = score_corpus([(doc(gold), doc(pred))])
    assert (r.attributes["approx"].right, r.attributes["approx"].total) == (1, 2)
    assert (r.attributes["to"].right, r.attributes["to"].total) == (2, 2)  # case and a leading "the" do not count


def test_score_zones_match_by_name_or_alias_and_attach_through_mentions():
    gold = doc(GOLD, [Zone("z1", "Beijing China-Japan Innovation & Cooperation Demonstration Zone", ["demonstration zone"], None, ["Yanqing District"], ["m1", "m2"]),
                      Zone("z2", "life services area", [], "z1", [], ["m3"])])
    pred_mentions = [m("p1", "AREA", 10, 20, 3.5e6, "m^2"), m("p2", "MONEY", 30, 45, 28e9, "CNY"), m("p3", "DATE", 50, 57, "2021-10-24")]
    pred = doc(pred_mentions, [Zone("a", "the Demonstration Zone", [], None, ["Yanqing District", "Beijing"], ["p1", "p3"]),
                               Zone("b", "Life Services Area", [], "a", [], ["p2"])])
    r = Report()
    score_document(gold, pred, r)
    assert (r.zones.tp, r.zones.fp, r.zones.fn) == (2, 0, 0)
    # gold pairs: (z1,m1) (z1,m2) (z2,m3); predicted through the matches: (z1,m1) (z1,m3) (z2,m2)
    assert (r.attachment.tp, r.attachment.fp, r.attachment.fn) == (1, 2, 2)
    assert (r.located_in.tp, r.located_in.fp, r.located_in.fn) == (1, 1, 0)
    assert (r.parent.right, r.parent.total) == (2, 2)


def test_score_attachment_needs_matched_mentions():
    gold = doc(GOLD[:1], [Zone("z1", "Alpha Park", [], None, [], ["m1"])])
    pred = doc([m("p1", "AREA", 10, 20, 9.9e6, "m^2")], [Zone("a", "Alpha Park", [], None, [], ["p1"])])
    r = Report()
    score_document(gold, pred, r)
    assert (r.attachment.tp, r.attachment.fp, r.attachment.fn) == (0, 1, 1)


def _gold_file(tmp_path, text, data):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "a1.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "gold" / "a1.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_validate_reports_each_problem_with_file_and_id(tmp_path):
    text = "The zone covers 3 km2 and cost 5 yuan."
    data = {"doc_id": "a1", "mentions": [
        {"id": "m1", "type": "AREA", "text": "3 km2", "start": 16, "end": 21, "value": 3e6, "unit": "km^2"},
        {"id": "m1", "type": "MONEY", "text": "5 yuan", "start": 30, "end": 35, "value": 5, "unit": "CNY"},
        {"id": "m3", "type": "SPEED", "text": "x", "start": 0, "end": 1, "value": 1, "unit": None},
    ], "zones": [{"id": "z1", "name": "Alpha Park", "parent": "z9", "mentions": ["m7"]}]}
    problems = validate(_gold_file(tmp_path, text, data))
    joined = "\n".join(problems)
    assert all("a1.json" in p for p in problems)
    assert "mention m1: duplicate id" in joined
    assert "non-canonical unit 'km^2'" in joined
    assert "does not match the article" in joined  # "5 yuan" sits at 31..37
    assert "unknown type 'SPEED'" in joined
    assert "parent 'z9'" in joined and "mention 'm7' does not exist" in joined


def test_validate_accepts_a_correct_file(tmp_path):
    text = "The zone covers 3 km2."
    data = {"doc_id": "a1", "title": None, "published": None, "source": None, "mentions": [
        {"id": "m1", "type": "AREA", "text": "3 km2", "start": 16, "end": 21, "value": 3000000, "unit": "m^2",
         "approx": False, "bound": None, "per": None, "to": None}],
        "zones": [{"id": "z1", "name": "Alpha Park", "aliases": [], "parent": None, "located_in": [], "mentions": ["m1"]}]}
    assert validate(_gold_file(tmp_path, text, data)) == []


def test_validate_reports_malformed_json_with_line(tmp_path):
    path = _gold_file(tmp_path, "x", {})
    path.write_text('{"doc_id": "a1",\n "mentions": [\n}', encoding="utf-8")
    problems = validate(path)
    assert len(problems) == 1 and "line 3" in problems[0] and "a1.json" in problems[0]


# ---------------------------------------------------------------- the command: nothing measured is an error

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _score(*args):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "score", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def _record(folder: Path, doc_id: str, mentions=(), text: str | None = None) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{doc_id}.json").write_text(json.dumps({"doc_id": doc_id, "mentions": list(mentions), "zones": []}))
    if text is not None:
        (folder / f"{doc_id}.txt").write_text(text)


AREA = {"id": "m1", "type": "AREA", "text": "3 sq km", "start": 10, "end": 17, "value": 3e6, "unit": "m^2"}
TEXT = "It covers 3 sq km."


@pytest.mark.parametrize("case", ["no gold folder", "empty gold folder", "no output folder", "empty output folder",
                                  "no gold document has an output", "output folder is a file"])
def test_score_refuses_to_measure_nothing(tmp_path, case):
    gold, out = tmp_path / "gold", tmp_path / "out"
    _record(gold, "a1", [AREA], TEXT)
    _record(out, "a1", [AREA])
    named = {"no gold folder": gold, "empty gold folder": gold, "no output folder": out, "empty output folder": out,
             "no gold document has an output": out, "output folder is a file": out}[case]
    if case == "no gold folder":
        gold = tmp_path / "nowhere"
        named = gold
    elif case == "empty gold folder":
        for p in gold.iterdir():
            p.unlink()
    elif case == "no output folder":
        out = named = tmp_path / "nowhere"
    elif case == "empty output folder":
        (out / "a1.json").unlink()
    elif case == "no gold document has an output":
        (out / "a1.json").rename(out / "other.json")
    else:
        out = named = tmp_path / "file.json"
        out.write_text("{}")
    proc = _score(gold, out, "--min-f1", "0.99")
    assert proc.returncode == 2, proc.stdout
    assert str(named) in proc.stderr and "Traceback" not in proc.stderr
    assert "1.000" not in proc.stdout


def test_score_a_gold_subset_scores_documents_on_both_sides_and_lists_the_rest(tmp_path):
    gold, out = tmp_path / "gold", tmp_path / "out"
    _record(gold, "a1", [AREA], TEXT)
    _record(gold, "a2", [AREA], TEXT)
    _record(out, "a1", [AREA])
    _record(out, "b9", [])
    proc = _score(gold, out, "--json")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert figures["mentions"]["ALL"]["tp"] == 1 and figures["mentions"]["ALL"]["fn"] == 0
    assert "1 documents have no record" in proc.stderr and "a2" in proc.stderr
    assert "1 documents have no gold file" in proc.stderr and "b9" in proc.stderr


@pytest.mark.parametrize("bad, reason", [
    ({**AREA, "start": 100, "end": 107}, "past the end"),
    ({**AREA, "value": "3 sq km"}, "not a number"),
])
def test_score_validates_the_gold_it_reads(tmp_path, bad, reason):
    gold, out = tmp_path / "gold", tmp_path / "out"
    _record(gold, "a1", [bad], TEXT)
    _record(out, "a1", [AREA])
    proc = _score(gold, out)
    assert proc.returncode == 2 and reason in proc.stderr and "a1.json" in proc.stderr, proc.stderr


def test_validate_reports_every_problem_of_a_file(tmp_path):
    path = tmp_path / "a1.json"
    path.write_text(json.dumps({"doc_id": "a1", "mentions": [
        {**AREA, "start": "10"}, {**AREA, "id": "m2", "value": {"x": 1}}, {**AREA, "id": "m3", "type": 5}],
        "zones": [{"id": "z1", "name": 7}]}))
    problems = validate(path, require_text=False)
    assert len(problems) == 4, problems
    assert any("m1" in p for p in problems) and any("m2" in p for p in problems) and any("m3" in p for p in problems)
    assert any("z1" in p for p in problems)


@pytest.mark.parametrize("field, value", [
    ("start", True), ("end", "17"), ("value", False), ("value", [1, True]), ("value", [1.0]),
    ("value", None), ("value", {"x": 1}), ("type", None), ("text", 3),
])
def test_a_field_of_the_wrong_json_type_is_named_however_near_valid(field, value):
    # the one-look check of the common case must leave these to the full check
    problems = Mention.problems({**AREA, field: value}, "a1.json")
    assert len(problems) == 1 and f" {field}" in problems[0] and "a1.json" in problems[0], problems
    assert Mention.problems(AREA, "a1.json") == [] and Mention.problems({**AREA, "value": [1, 2.5]}) == []
    assert "missing id" in Mention.problems({k: v for k, v in AREA.items() if k != "id"})[0]
