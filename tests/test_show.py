"""zones show: the terminal view, the review page, and the page in a real browser."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import document as docmod
from pipeline.batch import run
from pipeline.show import annotations, render_html

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = sorted((ROOT / "corpus" / "articles").glob("*.txt"))[0]
GOLD = ROOT / "corpus" / "gold"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    src = tmp_path_factory.mktemp("in")
    shutil.copy(ARTICLE, src / ARTICLE.name)
    run([src], folder, jobs=1)
    return folder


def test_terminal_shows_every_mention_with_its_value(out):
    record = docmod.load(out / f"{ARTICLE.stem}.json")
    proc = _cli("show", out / f"{ARTICLE.stem}.json")  # the text is found through the folder's manifest
    assert proc.returncode == 0, proc.stderr
    labels = re.findall(r"⟨([A-Z]+) · ", proc.stdout)
    assert len(labels) == len(record.mentions) > 0
    assert f"zones of {record.doc_id}" in proc.stdout and record.zones[0].name.split()[0] in proc.stdout
    article = _cli("show", ARTICLE)  # an article is extracted on the spot
    assert article.returncode == 0 and article.stdout == proc.stdout


def test_a_record_without_its_text_or_with_another_text_is_refused(out, tmp_path):
    lone = tmp_path / "lone.json"
    shutil.copy(out / f"{ARTICLE.stem}.json", lone)
    proc = _cli("show", lone)
    assert proc.returncode == 2 and "cannot find the text" in proc.stderr and "--text" in proc.stderr
    other = sorted(ARTICLE.parent.glob("*.txt"))[1]
    proc = _cli("show", lone, "--text", other)
    assert proc.returncode == 2 and "not the text of this record" in proc.stderr


def _page(out, tmp_path, *extra) -> tuple[Path, docmod.Document]:
    page = tmp_path / "page.html"
    proc = _cli("show", out / f"{ARTICLE.stem}.json", "--html", page, *extra)
    assert proc.returncode == 0, proc.stderr
    return page, docmod.load(out / f"{ARTICLE.stem}.json")


def test_page_marks_every_mention_and_lists_zones(out, tmp_path):
    page, record = _page(out, tmp_path)
    html = page.read_text()
    assert "<script src" not in html and "http" not in html.split("<body", 1)[1]  # self-contained
    for m in record.mentions:
        assert f'id="mention-{m.id}"' in html
    for z in record.zones:
        assert f'data-zone="{z.id}"' in html


def test_page_against_gold_marks_misses_and_false_positives(out, tmp_path):
    record = docmod.load(out / f"{ARTICLE.stem}.json")
    gold = docmod.load(GOLD / f"{ARTICLE.stem}.json")
    dropped = gold.mentions.pop(0)  # the output's mention there becomes a false positive
    fake = docmod.Mention(id="g99", type="AREA", text=ARTICLE.read_text()[0:5], start=0, end=5, value=1.0, unit="m^2")
    gold.mentions.append(fake)  # a gold mention the output lacks: a miss
    docmod.save(gold, tmp_path / "gold.json")
    notes = annotations(record, gold)
    assert [a.key for a in notes if a.status == "miss"] == ["gold-g99"]
    fps = [a.mention for a in notes if a.status == "fp"]
    assert [(m.start, m.end) for m in fps] == [(dropped.start, dropped.end)]
    page, _ = _page(out, tmp_path, "--against", tmp_path / "gold.json")
    html = page.read_text()
    assert html.count('id="mention-gold-g99"') == 1 and "1 false positives" in html and "1 missed" in html


def _browser():
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on this machine (Debian package 'chromium'; .ci/run installs it)")


def _chromium(browser, tmp_path, *args):
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000", *args],
                          capture_output=True, text=True, timeout=120)


def test_page_renders_in_a_browser_with_every_mention_shown(out, tmp_path):
    browser = _browser()
    gold = docmod.load(GOLD / f"{ARTICLE.stem}.json")
    gold.mentions.pop()
    docmod.save(gold, tmp_path / "gold.json")
    page, record = _page(out, tmp_path, "--against", tmp_path / "gold.json")
    expected = len(annotations(record, gold))
    dom = _chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = re.search(r"<body[^>]*>", dom.stdout).group(0)
    # the page's own script counts the marks the browser lays out (display, client rects)
    assert f'data-shown="{expected}"' in body and f'data-expected="{expected}"' in body, body
    counts = dict(re.findall(r'<span class="count" data-type="([A-Z]+)">(\d+)</span>', dom.stdout))
    assert sum(map(int, counts.values())) == expected
    shot = tmp_path / "page.png"
    _chromium(browser, tmp_path, f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_diff_page_renders_in_a_browser(tmp_path):
    browser = _browser()
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    record = docmod.load(ROOT / "outputs" / f"{ARTICLE.stem}.json")
    docmod.save(record, old / f"{ARTICLE.stem}.json")
    record.zones[0].name += " Phase II"
    docmod.save(record, new / f"{ARTICLE.stem}.json")
    proc = _cli("diff", old, new, "--html", tmp_path / "diff.html")
    assert proc.returncode == 0
    dom = _chromium(browser, tmp_path, "--dump-dom", (tmp_path / "diff.html").as_uri())
    assert '<tr class="zone-renamed">' in dom.stdout and "Phase II" in dom.stdout
    shot = tmp_path / "diff.png"
    _chromium(browser, tmp_path, f"--screenshot={shot}", (tmp_path / "diff.html").as_uri())
    assert shot.exists() and shot.stat().st_size > 5_000


def test_render_html_nests_overlapping_marks():
    text = "covers 3 to 5 sq km today"
    doc = docmod.Document(doc_id="d", mentions=[
        docmod.Mention("m1", "AREA", "3 to 5 sq km", 7, 19, [3e6, 5e6], "m^2"),
        docmod.Mention("m2", "DISTANCE", "5 sq", 12, 16, 5.0, "m")])
    html = render_html(doc, text, annotations(doc))
    assert html.count('id="mention-m1"') == 1 and html.count('id="mention-m2"') == 1
    visible = re.sub(r"<[^>]+>", "", html.split('<pre class="text">')[1].split("</pre>")[0])
    assert visible == text
