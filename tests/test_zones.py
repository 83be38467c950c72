"""Zone records on short texts kept as data (tests/cases/zones/): which zones, their
parents and places, and which facts each one holds (by mention text).

``records.jsonl`` holds cases every rule of the engine must pass. ``capabilities.jsonl``
is the specification written for what the engine must learn (sub-areas, membership,
references, places, names, what is not a zone, facts about something else, the
clause's subject, relations that must not be made), tagged by capability; each tag's
passing share must stay at or above its floor in ``capability_floors.json`` (raise a
floor when the engine learns more, never lower one)."""
import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline import extract

HERE = Path(__file__).parent / "cases" / "zones"


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


CASES = _load("records.jsonl")
CAPABILITIES = _load("capabilities.jsonl")


def problems(case: dict) -> list:
    """How the engine's record of ``case['text']`` differs from the case (empty when it passes)."""
    doc = extract(case["text"], doc_id="case")
    text_of = {m.id: m.text for m in doc.mentions}
    by_name = {z.name: z for z in doc.zones}
    names = {z.id: z.name for z in doc.zones}
    if sorted(by_name) != sorted(z["name"] for z in case["zones"]):
        return [("zones", sorted(by_name))]
    out, attached = [], set()
    for want in case["zones"]:
        zone = by_name[want["name"]]
        if names.get(zone.parent) != want["parent"]:
            out.append((want["name"], "parent", names.get(zone.parent)))
        if "located_in" in want and zone.located_in != want["located_in"]:
            out.append((want["name"], "located_in", zone.located_in))
        if sorted(text_of[m] for m in zone.mentions) != sorted(want["facts"]):
            out.append((want["name"], "facts", sorted(text_of[m] for m in zone.mentions)))
        attached |= set(zone.mentions)
    loose = sorted(m.text for m in doc.mentions if m.id not in attached)
    if loose != sorted(case["unattached"]):
        out.append(("unattached", loose))
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_zone_case(case):
    assert not problems(case)


def test_zone_capabilities_hold_their_floors():
    floors = json.loads((HERE / "capability_floors.json").read_text(encoding="utf-8"))
    passed, total, failing = Counter(), Counter(), []
    for case in CAPABILITIES:
        total[case["capability"]] += 1
        if problems(case):
            failing.append(case["id"])
        else:
            passed[case["capability"]] += 1
    below = {tag: f"{passed[tag]}/{total[tag]} < {floor}" for tag, floor in floors.items() if passed[tag] / total[tag] + 1e-9 < floor}
    assert not below, (below, failing)


def test_zone_capability_cases_are_many_and_varied():
    assert len(CAPABILITIES) >= 150 and sum(c["negative"] for c in CAPABILITIES) >= 40
    assert len({c["id"] for c in CAPABILITIES}) == len(CAPABILITIES)


def test_zone_every_rule_is_declared_and_exercised_by_a_case():
    """Each attachment and relation rule has an id the output carries; every id the cases
    produce is declared, and every declared rule fires in at least one case."""
    from pipeline.zones import ATTACHMENT_RULES, RELATION_RULES

    declared = {name for name, _ in ATTACHMENT_RULES} | set(RELATION_RULES) | {"no-zone"}
    fired = set()
    for case in CASES + CAPABILITIES:
        doc = extract(case["text"], doc_id="case")
        fired |= {m.extra["zone_rule"] for m in doc.mentions}
        for z in doc.zones:
            because = z.extra["because"]
            assert None not in because["located_in"].values(), (case["id"], because)  # every place has its rule
            fired |= set(because["located_in"].values()) | ({because["parent"]} if because["parent"] else set())
    assert fired <= declared, fired - declared
    assert declared - {"no-zone"} <= fired, sorted(declared - fired)
