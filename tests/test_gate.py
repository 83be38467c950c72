"""The accuracy gate: the bundled corpus, scored against its gold files.

- every gold file is valid;
- extraction of corpus/articles scores at or above corpus/floors.json (raise
  the floors when accuracy rises);
- outputs/ is exactly what the code produces, so every change in results
  shows up in review (regenerate with `zones extract corpus/articles --out outputs`).
"""
import json
from pathlib import Path

import pytest

from pipeline import document, extract_many
from pipeline.gold import validate
from pipeline.report import check_floors

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
GOLD = ROOT / "corpus" / "gold"


@pytest.fixture(scope="module")
def extracted():
    if not ARTICLES:
        pytest.skip("no corpus articles")
    items = [(p.stem, p.read_text(encoding="utf-8")) for p in ARTICLES]
    return {d.doc_id: d for d in extract_many(items)}


def test_gold_files_are_valid():
    problems = [line for path in sorted(GOLD.glob("*.json")) for line in validate(path)]
    assert not problems, "\n".join(problems)


def test_every_article_has_gold():
    assert {p.stem for p in ARTICLES} == {p.stem for p in GOLD.glob("*.json")}


def test_accuracy_floors(extracted):
    pairs = [(document.load(g), extracted[g.stem]) for g in sorted(GOLD.glob("*.json"))]
    floors = json.loads((ROOT / "corpus" / "floors.json").read_text())
    below = check_floors(pairs, floors)
    assert not below, below


def test_outputs_snapshot_is_current(extracted):
    stale = []
    for doc_id, doc in extracted.items():
        path = ROOT / "outputs" / f"{doc_id}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != doc.dumps():
            stale.append(doc_id)
    extra = {p.stem for p in (ROOT / "outputs").glob("*.json")} - set(extracted)
    from pipeline.tables import frames

    zdf, fdf = frames(list(extracted.values()))
    for name, df in (("zones", zdf), ("facts", fdf)):
        path = ROOT / "outputs" / f"{name}.csv"
        if not path.exists() or path.read_text(encoding="utf-8") != df.to_csv(index=False, lineterminator="\n"):
            stale.append(f"{name}.csv")
    assert not stale and not extra, (
        f"outputs/ differs from the code's results for {stale + sorted(extra)}: "
        "run `zones extract corpus/articles --out outputs` and review the diff"
    )
