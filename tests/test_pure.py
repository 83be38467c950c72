"""The pure layer on its own, without spaCy: number reading, unit and currency reading
and date reading against case files (tests/cases/pure/*.jsonl), so that a failure says
"read wrongly" apart from "not matched". A case with "xfail" records a known fault: it
must fail until the fault is fixed, and then the mark goes."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pipeline import dates, numbers, units
from pipeline.score import values_equal

HERE = Path(__file__).parent / "cases" / "pure"


def _cases(name: str):
    for n, line in enumerate((HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
            yield pytest.param(case, id=f"{name}:{n}", marks=marks)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\d[\d,.]*|[A-Za-z]+|[^\w\s]", text)


@pytest.mark.parametrize("case", list(_cases("numbers")))
def test_pure_numbers(case):
    parsed = numbers.parse_run(_tokens(case["text"]), money=case.get("money", False), between=case.get("between", False))
    assert parsed is not None and values_equal(case["value"], list(parsed.value) if isinstance(parsed.value, tuple) else parsed.value)


@pytest.mark.parametrize("case", list(_cases("units")))
def test_pure_units(case):
    got = units.to_canonical(case["amount"], case["text"])
    if case["type"] is None:
        assert got is None
    else:
        assert got is not None and got[0] == case["type"] and values_equal(case["value"], got[1])


@pytest.mark.parametrize("case", list(_cases("currencies")))
def test_pure_currencies(case):
    assert units.currency_code(case["text"], case["side"]) == case["code"]


@pytest.mark.parametrize("case", list(_cases("dates")))
def test_pure_dates(case):
    ref = dt.date.fromisoformat(case["ref"]) if case["ref"] else None
    ws = dates.words(case["text"])
    if isinstance(case["reading"], list):  # a range: each end read by its own production
        got = dates.read_range(*case["reading"], ws, ref)
    else:
        got = dates.read(case["reading"], ws, ref)
    assert (got.value if got else None) == case["value"]
