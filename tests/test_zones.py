"""Zone records on short texts kept as data (tests/cases/zones/records.jsonl): which zones,
their parents and places, and which facts each one holds (by mention text)."""
import json
from pathlib import Path

import pytest

from pipeline import extract

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases" / "zones" / "records.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_zone_case(case):
    doc = extract(case["text"], doc_id="case")
    text_of = {m.id: m.text for m in doc.mentions}
    by_name = {z.name: z for z in doc.zones}
    names = {z.id: z.name for z in doc.zones}
    assert sorted(by_name) == sorted(z["name"] for z in case["zones"]), [z.name for z in doc.zones]
    attached = set()
    for want in case["zones"]:
        zone = by_name[want["name"]]
        assert names.get(zone.parent) == want["parent"], (want["name"], names.get(zone.parent))
        if "located_in" in want:
            assert zone.located_in == want["located_in"], (want["name"], zone.located_in)
        assert sorted(text_of[m] for m in zone.mentions) == sorted(want["facts"]), want["name"]
        attached |= set(zone.mentions)
    loose = sorted(m.text for m in doc.mentions if m.id not in attached)
    assert loose == sorted(case["unattached"])
