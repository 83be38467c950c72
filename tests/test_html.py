"""HTML pages written in the templates of news agencies, dailies, government and park
portals, magazines, blogs, wires and AMP pages (tests/data/html/): the article comes
out through trafilatura with its title, publication date (also when it lives only in
meta tags, JSON-LD or the URL) and text, without the page's furniture."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import extract
from pipeline.batch import run
from pipeline.gold import validate
from pipeline.reading import read_input
from pipeline.show import load_record_and_text

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "html"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
# Furniture trafilatura keeps inside the article container: a call-to-action box, a
# subscribe box, and visitor comments in a page laid out with <div>s only.
KEPT_BY_TRAFILATURA = {"04_park_investment_portal.html", "11_div_no_p.html", "17_tech_newsletter_cms.html",
                       "19_consultancy_insight.html"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_html_page_title_date_and_text(name):
    want = EXPECTED[name]
    text, from_html = read_input(PAGES / name)
    doc = extract(text, doc_id=Path(name).stem)
    assert from_html and (doc.title, doc.published) == (want["title"], want["published"])
    missing = [s for s in want["body_contains"] if s not in text]
    assert not missing, missing
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(n in KEPT_BY_TRAFILATURA, strict=True,
                                                                            reason="trafilatura keeps this furniture"))
                                  for n in sorted(EXPECTED)])
def test_html_page_furniture_is_left_out(name):
    text, _ = read_input(PAGES / name)
    kept = [s for s in EXPECTED[name]["body_excludes"] if s in text]
    assert not kept, kept


def test_html_pages_are_many_and_some_date_only_in_machine_readable_places():
    assert len(EXPECTED) >= 20
    machine_only = [n for n, e in EXPECTED.items() if e["published"] and e["published"][:4] not in
                    " ".join(read_input(PAGES / n)[0].split("\n\n", 2)[2:])]
    assert len(machine_only) >= 5, machine_only


def test_html_records_validate_and_show(tmp_path):
    out = tmp_path / "out"
    summary = run([PAGES], out, jobs=2)
    assert summary.extracted == len(EXPECTED) and summary.failed == 0
    for name in EXPECTED:
        record = out / f"{Path(name).stem}.json"
        assert (out / f"{Path(name).stem}.source.txt").is_file()
        assert validate(record) == []
        doc, text = load_record_and_text(record)
        assert doc.doc_id == Path(name).stem and text.startswith(EXPECTED[name]["title"])
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "show", str(out / "01_xinhua_article.json"), "--html",
                           str(tmp_path / "page.html")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
