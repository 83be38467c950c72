"""zones diff: exactly the changes made, whatever the ids, and the exit code."""
import copy
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline import document as docmod
from pipeline.diff import diff_documents, diff_folders, pair_mentions
from pipeline.document import Mention, Zone

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ROOT / "outputs"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def _two_folders(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    for p in sorted(OUTPUTS.glob("*.json"))[:5]:
        shutil.copy(p, old / p.name)
        shutil.copy(p, new / p.name)
    return old, new


def _renumber(doc):
    """Sort mentions by offset and give them fresh ids, as the pipeline does, updating zones."""
    doc.mentions.sort(key=lambda m: (m.start, m.end))
    mapping = {}
    for i, m in enumerate(doc.mentions, 1):
        mapping[m.id] = f"m{i}"
        m.id = f"m{i}"
    for z in doc.zones:
        z.mentions = [mapping[x] for x in z.mentions]


def test_one_value_one_added_mention_one_rename_are_exactly_three_changes(tmp_path):
    old, new = _two_folders(tmp_path)
    path = next(p for p in sorted(new.glob("*.json"))
                if any(m.type == "MONEY" and not isinstance(m.value, list) for m in docmod.load(p).mentions))
    doc = docmod.load(path)
    assert doc.zones
    money = next(m for m in doc.mentions if m.type == "MONEY" and not isinstance(m.value, list))
    money.value = money.value * 2
    free = next(i for i in range(len(doc.mentions) - 1) if doc.mentions[i + 1].start - doc.mentions[i].end > 10)
    start = doc.mentions[free].end + 2
    doc.mentions.append(Mention(id="new", type="DISTANCE", text="xx", start=start, end=start + 2, value=5000.0, unit="m"))
    _renumber(doc)  # every later id shifts by one: the diff must not care
    doc.zones[0].name = doc.zones[0].name + " Extension"
    docmod.save(doc, path)

    result = diff_folders(old, new)
    kinds = sorted(c.kind for c in result.changes)
    assert kinds == ["mention added", "mention changed", "zone renamed"], result.changes
    assert {c.doc for c in result.changes} == {doc.doc_id}
    changed = next(c for c in result.changes if c.kind == "mention changed")
    assert changed.text.startswith(f'MONEY "{money.text}"') and "value" in changed.text
    assert result.compared == 5

    proc = _cli("diff", old, new, "--exit-code", "--markdown", "--html", tmp_path / "diff.html")
    assert proc.returncode == 1
    assert "| 5 | 1 | 1 | 0 | 1 | 0 | 0 | 1 | 0 | 0 |" in proc.stdout
    assert "zone renamed" in proc.stdout and "Extension" in proc.stdout
    page = (tmp_path / "diff.html").read_text()
    assert page.count('<tr class="') == 3 and "Extension" in page


def test_identical_folders_exit_zero(tmp_path):
    old, new = _two_folders(tmp_path)
    proc = _cli("diff", old, new, "--exit-code")
    assert proc.returncode == 0, proc.stdout
    assert diff_folders(old, new).changes == []


def test_articles_only_on_one_side_and_bad_files(tmp_path):
    old, new = _two_folders(tmp_path)
    gone = sorted(new.glob("*.json"))[0]
    gone.unlink()
    result = diff_folders(old, new)
    assert [(c.kind, c.doc) for c in result.changes] == [("article removed", gone.stem)]
    (new / "broken.json").write_text("{ not json")
    proc = _cli("diff", old, new)
    assert proc.returncode == 2 and "broken.json" in proc.stderr and "Traceback" not in proc.stderr


def _doc(mentions, zones):
    return docmod.Document(doc_id="d", mentions=mentions, zones=zones)


def _m(mid, start, end, value, type_="AREA", **kw):
    return Mention(id=mid, type=type_, text="x" * (end - start), start=start, end=end, value=value, unit="m2", **kw)


def test_span_and_attribute_changes_and_moved_facts():
    old = _doc([_m("m1", 0, 5, 10.0), _m("m2", 10, 15, 20.0), _m("m3", 20, 25, 30.0)],
               [Zone("z1", "Alpha Park", mentions=["m1", "m2"]), Zone("z2", "Beta Zone", mentions=["m3"])])
    new = _doc([_m("m1", 0, 7, 10.0, approx=True), _m("m2", 10, 15, 20.0), _m("m3", 20, 25, 30.0)],
               [Zone("z1", "Alpha Park", mentions=["m1"]), Zone("z2", "Beta Zone", aliases=["BZ"], mentions=["m2", "m3"])])
    changes = diff_documents(old, new)
    assert sorted(c.kind for c in changes) == ["fact moved", "mention changed", "zone changed"]
    changed = next(c.text for c in changes if c.kind == "mention changed")
    assert "span" in changed and "approx False → True" in changed and "value" not in changed
    moved = next(c.text for c in changes if c.kind == "fact moved")
    assert 'from "Alpha Park" to "Beta Zone"' in moved


def test_zones_are_paired_by_alias_and_by_facts_not_ids():
    old = _doc([_m("m1", 0, 5, 1.0), _m("m2", 10, 15, 2.0)],
               [Zone("z1", "Gamma Park", aliases=["GP"], mentions=["m1"]), Zone("z2", "Delta Area", mentions=["m2"])])
    new = _doc([_m("m1", 0, 5, 1.0), _m("m2", 10, 15, 2.0)],
               [Zone("z1", "Delta New Area", mentions=["m2"]), Zone("z2", "Gamma Science Park", aliases=["GP"], mentions=["m1"])])
    changes = diff_documents(old, new)
    assert sorted(c.text for c in changes if c.kind == "zone renamed") == [
        '"Delta Area" → "Delta New Area"', '"Gamma Park" → "Gamma Science Park"']
    assert [c.kind for c in changes if c.kind != "zone renamed"] == []


def test_overlapping_spans_pair_one_to_one():
    a = [_m("m1", 0, 10, 1.0), _m("m2", 12, 20, 2.0)]
    b = [_m("m1", 0, 14, 1.0)]
    pairs = pair_mentions(a, b)
    assert [(x.id, y.id) for x, y in pairs] == [("m1", "m1")]
    other = copy.deepcopy(b)
    other[0].type = "DISTANCE"
    assert pair_mentions(a, other) == []


def test_diff_says_why_a_fact_moved_and_a_parent_changed():
    old = docmod.load(OUTPUTS / "201_yichang_three_gorges_new_area_plan.json")
    new = copy.deepcopy(old)
    owner = next(z for z in new.zones if z.mentions)
    mid = owner.mentions.pop(0)
    target = next(z for z in new.zones if z is not owner)
    target.mentions.append(mid)
    next(m for m in new.mentions if m.id == mid).extra["zone_rule"] = "invested-in"
    target.parent = None
    owner.parent = target.id
    owner.extra["because"] = {"parent": "membership", "located_in": {}}
    changes = [c.text for c in diff_documents(old, new)]
    assert any("because invested-in" in c and f'to "{target.name}"' in c for c in changes), changes
    assert any("because membership" in c and f'"{owner.name}"' in c for c in changes), changes
