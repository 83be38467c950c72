"""Label Studio: records -> tasks -> export -> gold files.

The round trip over every gold file of the corpus, prediction-only exports,
malformed exports (each problem named with file, task and region; the other
tasks still written), and the labelling config checked against what the
export writes."""
import copy
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from pipeline import labelstudio as ls
from pipeline.batch import Manifest, pipeline_version
from pipeline.document import Zone, load
from pipeline.gold import validate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
ARTICLES = ROOT / "corpus" / "articles"
OUTPUTS = ROOT / "outputs"
CONFIG = ROOT / "labelstudio" / "config.xml"
GOLD_FILES = sorted(GOLD.glob("*.json"))


def _zones(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def gold_tasks():
    result = ls.export_tasks([GOLD])
    assert not result.errors and not result.warnings
    return result.tasks


@pytest.fixture(scope="module")
def round_trip(gold_tasks, tmp_path_factory):
    """corpus/gold -> tasks -> the tasks read back as an export -> a gold folder."""
    out = tmp_path_factory.mktemp("gold")
    exported = json.loads(ls.tasks_json(gold_tasks))  # as Label Studio would hand it back
    imported = ls.documents_from_export(exported, "export.json")
    assert not imported.errors and imported.skipped == 0
    for doc, text in imported.documents:
        ls.write_gold(doc, text, out)
    return out


def test_labelstudio_export_has_one_task_per_gold_file(gold_tasks):
    assert len(GOLD_FILES) >= 90 and [t["data"]["doc_id"] for t in gold_tasks] == [p.stem for p in GOLD_FILES]
    for task in gold_tasks:
        assert len(task["annotations"]) == 1 and task["predictions"] == []
        assert task["data"]["text"] == (ARTICLES / f"{task['data']['doc_id']}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.stem)
def test_labelstudio_round_trip_gives_the_same_gold(gold_file, round_trip):
    written = round_trip / gold_file.name
    assert written.read_text(encoding="utf-8") == load(gold_file).dumps()
    assert validate(written) == []


def test_labelstudio_regions_carry_every_field(gold_tasks):
    """Each mention is one labels region; value, unit, per, to, zone, approx and bound
    are results sharing its id; spans are the article's text."""
    doc = load(GOLD / "102_china_japan_demonstration_zone.json")
    task = next(t for t in gold_tasks if t["data"]["doc_id"] == doc.doc_id)
    result = task["annotations"][0]["result"]
    for m in doc.mentions:
        items = {r["from_name"]: r for r in result if r.get("id") == m.id}
        assert items["mention"]["value"] == {"start": m.start, "end": m.end, "text": m.text, "labels": [m.type]}
        assert task["data"]["text"][m.start:m.end] == m.text
        assert items["value"]["value"]["text"] == [ls.value_text(m.value)]
        assert ("approx" in items) == m.approx and ("bound" in items) == (m.bound is not None)
    zones = next(r for r in result if r["from_name"] == "zones")["value"]["text"]
    assert len(zones) == len(doc.zones) and zones[1].startswith("z2 | innovation and R&D area | parent: z1")


def test_labelstudio_gold_and_output_share_one_task(tmp_path):
    result = ls.export_tasks([GOLD / "109_yunqi_town.json", OUTPUTS / "109_yunqi_town.json"], articles=ARTICLES,
                             model_version="v-test")
    assert not result.errors and len(result.tasks) == 1
    task = result.tasks[0]
    assert len(task["annotations"]) == 1 and [p["model_version"] for p in task["predictions"]] == ["v-test"]
    labels = [r for r in task["predictions"][0]["result"] if r["from_name"] == "mention"]
    assert labels and all("rule: " in r["meta"]["text"][0] for r in labels)  # the rule is shown, not imported


def test_labelstudio_prediction_only_export(tmp_path):
    """Outputs become predictions with the pipeline version; they read back as the
    records' contract fields; importing such an export writes no gold."""
    tasks_file = tmp_path / "tasks.json"
    proc = _zones("export-labelstudio", OUTPUTS, "--articles", ARTICLES, "--out", tasks_file)
    assert proc.returncode == 0, proc.stderr
    n = len(list(OUTPUTS.glob("*.json")))
    assert f"{n} tasks (0 with annotations, {n} with predictions)" in proc.stderr
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    for task in tasks:
        assert task["annotations"] == [] and len(task["predictions"]) == 1
        prediction = task["predictions"][0]
        recorded = Manifest(OUTPUTS).entries.get(task["data"]["doc_id"], {}).get("version")
        assert prediction["model_version"] == (recorded or pipeline_version())
        doc, _ = ls.document_from_result(prediction["result"], task["data"], "prediction")
        output = load(OUTPUTS / f"{task['data']['doc_id']}.json")
        for m in output.mentions:
            m.extra = {}
        for z in output.zones:
            z.extra = {}
        assert doc.dumps() == output.dumps()
    gold_dir = tmp_path / "gold"
    proc = _zones("import-labelstudio", tasks_file, "--out", gold_dir)
    assert proc.returncode == 0 and "0 gold files written" in proc.stderr and f"{n} not annotated" in proc.stderr
    assert not list(gold_dir.glob("*.json"))


def test_labelstudio_kind_of_a_record(tmp_path):
    """An output copied away from its folder is still a prediction (its rules); --as forces."""
    for name, folder in (("out", OUTPUTS), ("gold", GOLD)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "109_yunqi_town.json").write_bytes((folder / "109_yunqi_town.json").read_bytes())
    auto = ls.export_tasks([tmp_path / "out", tmp_path / "gold"], articles=ARTICLES)
    assert auto.sources == [f"{tmp_path / 'out'}: 1 record as predictions", f"{tmp_path / 'gold'}: 1 record as gold"]
    forced = ls.export_tasks([tmp_path / "out"], kind="gold", articles=ARTICLES)
    assert len(forced.tasks[0]["annotations"]) == 1 and not forced.tasks[0]["predictions"]


def test_labelstudio_cli_round_trip_on_the_corpus(tmp_path):
    tasks_file, gold_dir, config = tmp_path / "tasks.json", tmp_path / "gold", tmp_path / "config.xml"
    proc = _zones("export-labelstudio", "corpus/gold", "outputs", "--out", tasks_file, "--config", config)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(GOLD_FILES)} tasks ({len(GOLD_FILES)} with annotations, {len(GOLD_FILES)} with predictions)" in proc.stderr
    assert config.read_bytes() == CONFIG.read_bytes()
    proc = _zones("import-labelstudio", tasks_file, "--out", gold_dir)
    assert proc.returncode == 0, proc.stderr
    assert _zones("validate", gold_dir).returncode == 0
    assert all((gold_dir / g.name).read_text(encoding="utf-8") == load(g).dumps() for g in GOLD_FILES)


def test_labelstudio_import_writes_the_text_only_where_it_is_not_found(tmp_path, gold_tasks):
    """A gold folder beside articles/ gets no copies; elsewhere the text goes beside the
    gold, and a text that differs from ../articles is written beside it too."""
    task = copy.deepcopy(gold_tasks[0])
    doc, text = ls.document_from_result(task["annotations"][0]["result"], task["data"], "t")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / f"{doc.doc_id}.txt").write_text(text, encoding="utf-8")
    assert ls.write_gold(doc, text, tmp_path / "gold") is False
    assert sorted(p.name for p in (tmp_path / "gold").iterdir()) == [f"{doc.doc_id}.json"]
    (tmp_path / "articles" / f"{doc.doc_id}.txt").write_text(text + "\nAn edited footer.\n", encoding="utf-8")
    assert ls.write_gold(doc, text, tmp_path / "gold") is True
    assert (tmp_path / "gold" / f"{doc.doc_id}.txt").read_text(encoding="utf-8") == text
    assert validate(tmp_path / "gold" / f"{doc.doc_id}.json") == []


# ---------------------------------------------------------------- malformed exports

def _one(tasks, doc_id="102_china_japan_demonstration_zone"):
    return copy.deepcopy(next(t for t in tasks if t["data"]["doc_id"] == doc_id))


def _result(task):
    return task["annotations"][0]["result"]


def _drop_label(task):
    _result(task)[:] = [r for r in _result(task) if not (r.get("id") == "m3" and r["from_name"] == "mention")]


def _set(rid, name, text):
    def change(task):
        next(r for r in _result(task) if r.get("id") == rid and r["from_name"] == name)["value"]["text"] = text
    return change


def _replace_label(labels):
    def change(task):
        next(r for r in _result(task) if r.get("id") == "m3" and r["from_name"] == "mention")["value"]["labels"] = labels
    return change


def _shift(task):
    label = next(r for r in _result(task) if r.get("id") == "m3" and r["from_name"] == "mention")
    label["value"]["start"] += 1


def _other_config(task):
    for item in _result(task):
        if item["from_name"] == "mention":
            item["from_name"] = "label"  # Label Studio's own NER template


def _no_data(task):
    del task["data"]


def _no_result(task):
    del task["annotations"][0]["result"]


MALFORMED = [
    (_drop_label, "region m3: no label (one of AREA, DISTANCE, MONEY, DATE)"),
    (_replace_label(["AREA", "DATE"]), "region m3 ('14th Five-Year Plan period'): label ['AREA', 'DATE'] is not one of"),
    (_replace_label(["ZONE"]), "label ['ZONE'] is not one of"),
    (_set("m3", "value", ["the next five years"]), "region m3 ('14th Five-Year Plan period'): value: 'the next five years' is not a date value"),
    (_set("m1", "zone", ["z9"]), "region m1 ('yesterday'): zone 'z9' is not in the zones list"),
    (_set("zones", "zones", ["z1 | demonstration zone | size: large"]), "unknown field 'size: large'"),
    (_set("zones", "zones", ["z1"]), "a zone is 'id | name'"),
    (_set("header-title", "title", ["One title", "Another"]), "title: 2 entries"),
    (_shift, "region m3 ('14th Five-Year Plan period'): the text at 527..552 is"),
    (_other_config, "'label' is not a control of the labelling config labelstudio/config.xml"),
    (_no_data, "not a Label Studio task: no 'data' object"),
    (_no_result, "annotation ?: no 'result' list"),
]


@pytest.mark.parametrize("change, message", MALFORMED, ids=lambda v: getattr(v, "__name__", None) or str(v)[:30])
def test_labelstudio_malformed_task_is_named_and_the_others_go_on(change, message, gold_tasks, tmp_path):
    bad, good = _one(gold_tasks), _one(gold_tasks, "109_yunqi_town")
    bad["id"] = 7
    change(bad)
    export = tmp_path / "export.json"
    export.write_text(json.dumps([bad, good]), encoding="utf-8")
    proc = _zones("import-labelstudio", export, "--out", tmp_path / "gold")
    assert proc.returncode == 1
    error = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and error[0].startswith(f"error: {export}: task 7") and message in error[0], proc.stderr
    assert sorted(p.name for p in (tmp_path / "gold").glob("*.json")) == ["109_yunqi_town.json"]


def test_labelstudio_numbers_as_annotators_type_them(gold_tasks):
    task = _one(gold_tasks, "110_tianfu_new_area")
    area = next(r for r in _result(task) if r["from_name"] == "mention" and r["value"]["labels"] == ["AREA"])
    value = next(r for r in _result(task) if r["id"] == area["id"] and r["from_name"] == "value")
    for typed, want in (("1,578,000,000", 1578000000), ("1.578e9", 1578000000), ("3 to 5", [3, 5]), ("[3, 5]", [3, 5])):
        value["value"]["text"] = [typed]
        doc, _ = ls.document_from_result(_result(task), task["data"], "t")
        assert next(m for m in doc.mentions if m.start == area["value"]["start"]).to_json()["value"] == want
    for typed in ("about 3", "3 km", "[3, 4, 5]", "", "nan", "1e999"):
        value["value"]["text"] = [typed]
        with pytest.raises(ls.LabelStudioError, match=r"region \w+ \(.*\): (value|no value)"):
            ls.document_from_result(_result(task), task["data"], "t")


@pytest.mark.parametrize("content, message", [
    ("{not json", "line 1, column 2: malformed JSON"),
    ('{"tasks": []}', "not a Label Studio JSON export: expected a list of tasks, found a JSON dict"),
])
def test_labelstudio_unreadable_export(content, message, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(content, encoding="utf-8")
    proc = _zones("import-labelstudio", export, "--out", tmp_path / "gold")
    assert proc.returncode == 2 and f"error: {export}: " in proc.stderr and message in proc.stderr
    assert not (tmp_path / "gold").exists()


def test_labelstudio_choice_of_annotation(gold_tasks):
    task = _one(gold_tasks)
    first = task["annotations"][0]
    edited = copy.deepcopy(first)
    _set("header-title", "title", ["Edited title"])({"annotations": [edited]})
    notes: list = []
    task["annotations"] = [dict(first, id=1, updated_at="2026-01-02T00:00:00Z"),
                           dict(edited, id=2, updated_at="2026-01-03T00:00:00Z"),
                           dict(first, id=3, updated_at="2026-01-04T00:00:00Z", was_cancelled=True)]
    assert ls._annotation(task, "t", notes) is task["annotations"][1]["result"]
    assert notes == ["t: 2 annotations; took the latest (id 2)"]
    task["annotations"][0]["ground_truth"] = True
    assert ls._annotation(task, "t", notes) is task["annotations"][0]["result"]


def test_labelstudio_offsets_in_utf16_units_are_converted():
    text = "Park 🏭 news: the park covers 3.5 square kilometers."
    start = text.index("3.5")
    result = [{"id": "a", "from_name": "mention", "to_name": "text", "type": "labels",
               "value": {"start": start + 1, "end": start + 22, "text": "3.5 square kilometers", "labels": ["AREA"]}},
              {"id": "a", "from_name": "value", "to_name": "text", "type": "textarea", "value": {"text": ["3500000"]}}]
    doc, _ = ls.document_from_result(result, {"text": text, "doc_id": "d"}, "t")
    assert (doc.mentions[0].start, doc.mentions[0].end) == (start, start + 21)
    result[0]["value"].update(start=start, end=start + 21)
    assert ls.document_from_result(result, {"text": text, "doc_id": "d"}, "t")[0].mentions[0].start == start


_name = st.text(min_size=1)


@given(name=_name, aliases=st.lists(_name, max_size=3), places=st.lists(_name, max_size=3))
def test_labelstudio_zone_line_round_trip(name, aliases, places):
    zone = Zone(id="z2", name=name, aliases=aliases, parent="z1", located_in=places)
    line = ls.zone_line(zone)
    assert line.splitlines() == [line]  # one entry of the zones field
    assert ls.parse_zone_line(line, "t") == {"id": "z2", "name": name, "aliases": aliases, "parent": "z1",
                                             "located_in": places}


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.tuples(st.floats(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False))))
def test_labelstudio_value_text_round_trip(value):
    want = list(value) if isinstance(value, tuple) else value
    assert ls.parse_value(ls.value_text(want), "AREA", "t") == want


# ---------------------------------------------------------------- the labelling config

def _config():
    root = ET.parse(CONFIG).getroot()
    controls = {el.get("name"): el for el in root.iter() if el.get("toName")}
    return root, controls


def test_labelstudio_config_names_everything_the_export_writes():
    """Every from_name, to_name, label and choice in the tasks is declared by the config
    with the matching tag (per-region where the result is a region's), and every control
    of the config is one the import reads."""
    root, controls = _config()
    texts = {el.get("name"): el.get("value") for el in root.iter("Text")}
    tags = {"labels": "Labels", "textarea": "TextArea", "choices": "Choices"}
    result = ls.export_tasks([GOLD, OUTPUTS])
    seen = set()
    for task in result.tasks:
        assert all(value.startswith("$") and value[1:] in task["data"] for value in texts.values())
        for item in (r for part in ("annotations", "predictions") for a in task[part] for r in a["result"]):
            control = controls[item["from_name"]]
            seen.add(item["from_name"])
            assert control.tag == tags[item["type"]] and item["to_name"] == control.get("toName") and item["to_name"] in texts
            region = "start" in item["value"]  # a region's result: the Labels that make it, or a per-region control
            assert (control.tag == "Labels" or control.get("perRegion") == "true") == region
            allowed = {c.get("value") for c in control if c.tag in ("Label", "Choice")}
            for key in ("labels", "choices"):
                assert set(item["value"].get(key, [])) <= allowed
    assert seen == set(controls)
    read = {ls.LABELS, *ls.REGION_TEXTAREAS, *ls.REGION_CHOICES, *ls.HEADER, ls.ZONES}
    assert read == set(controls)
    assert {c.get("value") for c in controls[ls.LABELS]} == {"AREA", "DISTANCE", "MONEY", "DATE"}
    for name, allowed in ls.REGION_CHOICES.items():
        assert tuple(c.get("value") for c in controls[name]) == allowed


def test_labelstudio_tasks_pass_label_studio_validation():
    """Where label-studio-sdk is installed (the `labelstudio` extra): the config and every
    annotation and prediction pass Label Studio's own validator."""
    interface = pytest.importorskip("label_studio_sdk.label_interface", reason="label-studio-sdk is not installed")
    li = interface.LabelInterface(CONFIG.read_text(encoding="utf-8"))
    li.validate()
    for task in ls.export_tasks([GOLD, OUTPUTS]).tasks:
        for obj in task["annotations"] + task["predictions"]:
            assert li.validate_prediction(obj, return_errors=True) == [], task["data"]["doc_id"]


def test_labelstudio_wheel_carries_the_config(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = zipfile.ZipFile(next(tmp_path.glob("*.whl")))
    assert wheel.read("pipeline/labelstudio_data/config.xml") == CONFIG.read_bytes()

