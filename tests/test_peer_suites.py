"""Peer suites from ../shared/peer-suites (third-party data, read in place, never copied).

Each file's F1 must stay at or above the floor measured when it was last raised;
the test is skipped where ../shared is not there.
"""
import pytest

from conftest import shared_path
from pipeline.suites import run_suite

FLOORS = {
    "recognizers-en-dimension.jsonl": 0.90,
    "recognizers-en-currency.jsonl": 0.93,
    "duckling-en-distance.jsonl": 0.91,
    "duckling-en-money.jsonl": 0.96,
    "quantulum3.jsonl": 0.90,
    "recognizers-en-date.jsonl": 0.85,
    "duckling-en-time.jsonl": 0.87,
    "recognizers-zh-units.jsonl": 0.60,
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_peer_suite_floor(name):
    result = run_suite(shared_path("peer-suites", name))
    assert result.report.overall.f1 >= FLOORS[name], f"{name}: F1 {result.report.overall.f1:.3f} < {FLOORS[name]}"
