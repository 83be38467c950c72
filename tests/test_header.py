"""The header reader on article heads kept as data (tests/cases/headers/heads.jsonl):
each case gives the head of an article as it comes (field lines, bylines, datelines,
furniture, or no header at all) and the title, publication date, source and the
place where the body starts."""
import json
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.header import dates_in, read_header

CASES = Path(__file__).parent / "cases" / "headers" / "heads.jsonl"


def _load():
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            yield pytest.param(case, id=f"{n}:{case['layout']}")


ALL = list(_load())


@pytest.mark.parametrize("case", ALL)
def test_header_case(case):
    head = read_header(case["text"])
    got = {"title": head.title, "published": head.published, "source": head.source,
           "body": case["text"][head.body_start:head.body_start + len(case["body"])]}
    want = {k: case[k] for k in ("title", "published", "source", "body")}
    assert got == want, case.get("notes", "")


def test_header_suite_is_big_and_varied():
    cases = [p.values[0] for p in ALL]
    headerless = [c for c in cases if c["text"].startswith(c["body"])]
    assert len(cases) >= 100 and len({c["layout"] for c in cases}) >= 25
    assert len(headerless) >= 10 and sum(c["published"] is None for c in cases) >= 10


def test_header_an_article_without_a_header_keeps_the_mentions_of_its_first_paragraph():
    text = ("The Qianhai zone covers 15 sq km and drew 30 billion yuan of investment in 2022, 40 km from the airport.\n\n"
            "Its second phase, of 3 sq km, opens next year.\n")
    doc = extract(text, published="2023-01-10")
    assert doc.title is None
    assert [m.text for m in doc.mentions] == ["15 sq km", "30 billion yuan", "2022", "40 km", "3 sq km", "next year"]


@pytest.mark.parametrize("text, iso", [
    ("2022-09-20", "2022-09-20"), ("2022/9/20", "2022-09-20"), ("20 Sep 2022", "2022-09-20"), ("Sept. 20, 2022", "2022-09-20"),
    ("Dec 2, 2020", "2020-12-02"), ("03/14/2023", "2023-03-14"), ("14/03/2023", "2023-03-14"), ("2020-10-09 07:12", "2020-10-09"),
    ("09:48, July 22, 2018", "2018-07-22"), ("20-Sep-2022", "2022-09-20"), ("2023年5月16日", "2023-05-16"),
    ("02.10.2025 14:25", "2025-10-02"), ("31.01.2024", "2024-01-31"),
])
def test_header_date_forms(text, iso):
    assert [d[2] for d in dates_in(text)] == [iso]


@pytest.mark.parametrize("text", ["9999-99-99", "2023-02-30", "03/04/2023"])
def test_header_dates_that_cannot_be_read_give_a_warning_not_a_date(text):
    (found,) = dates_in(text)
    assert found[2] is None and found[3]
    head = read_header(f"Zone plan approved\n\nDate: {text}\n\nThe zone covers 3 sq km.\n")
    assert head.published is None and head.warnings and head.title == "Zone plan approved"


def test_header_iso_timestamps_and_one_warning_per_bad_date():
    assert [d[2] for d in dates_in("2023-10-05T08:00:00+08:00")] == ["2023-10-05"]
    head = read_header("Zone plan approved\n\nDate: 99/99/2023 | Source: Xinhua\n\nThe zone covers 3 sq km.\n")
    assert head.published is None and len(head.warnings) == 1


def test_header_excludes_furniture_and_related_lists_after_the_body():
    text = ("Zone plan approved\n\nDate: 2023-05-16\n\nThe zone covers 3 sq km and opened on May 2.\n\n"
            "Related news:\nPark adds 5 sq km (2023-04-01)\nZone signs 12 deals\n\nCopyright © 2015-2023 Example Daily\n")
    head = read_header(text)
    excluded = [text[s:e] for s, e in head.excluded]
    assert "Park adds 5 sq km (2023-04-01)" in excluded and "Copyright © 2015-2023 Example Daily" in excluded
    doc = extract(text)
    assert [m.text for m in doc.mentions] == ["3 sq km", "May 2"]
