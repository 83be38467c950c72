"""Sentence-level examples kept as data: tests/cases/<kind>.jsonl.

Each line is a sentence and every mention expected from it (an empty list for
a negative). A case passes when the pipeline finds exactly those mentions: same
type, same span, same value, and the same approx / bound / per / to (absent
means false / null). A bug report becomes one new line.
"""
import json
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.score import values_equal

CASES = Path(__file__).parent / "cases"


def _load():
    for path in sorted(CASES.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("//"):
                yield pytest.param(json.loads(line), id=f"{path.stem}:{n}")


ALL = list(_load())


def _key(m: dict) -> tuple:
    return (m["type"], m["text"], bool(m.get("approx", False)), m.get("bound"), m.get("per"), m.get("to"), m.get("unit"))


@pytest.mark.parametrize("case", ALL)
def test_case(case):
    doc = extract(case["text"], doc_id="case", published=case.get("ref"))
    got = [m.to_json() for m in doc.mentions]
    for m in got:
        assert case["text"][m["start"]:m["end"]] == m["text"]
    want = case["expected"]
    unmatched = list(got)
    missing = []
    for w in want:
        hit = next((g for g in unmatched if _key(g)[:6] == _key(w)[:6] and values_equal(w["value"], g["value"])
                    and (w.get("unit") is None or w["unit"] == g["unit"])), None)
        if hit is None:
            missing.append(w)
        else:
            unmatched.remove(hit)
    assert not missing and not unmatched, {"missing": missing, "unexpected": unmatched}


def test_case_files_are_big_enough():
    negatives = sum(1 for p in ALL if not p.values[0]["expected"])
    assert len(ALL) >= 300 and negatives >= 60, (len(ALL), negatives)


def test_every_pattern_fires_in_a_case():
    """A pattern no case fires is either untested or dead (shadowed by another): each one
    in rules/patterns/ wins at least one mention in the case files."""
    from pipeline import rules

    fired = set()
    for param in ALL:
        case = param.values[0]
        doc = extract(case["text"], doc_id="case", published=case.get("ref"))
        fired |= {m.extra["rule"] for m in doc.mentions}
    never = sorted({p["id"] for p in rules.load_patterns()} - fired)
    assert not never, never
