"""Every input gets an answer, nothing is lost: bad files in a batch, encodings, HTML,
numbers at the edges, and properties that hold for any text."""
import json
import math
import os
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import extract
from pipeline.reading import InputError, decode, html_to_text

ARTICLE = "Date: 2021-10-25\n\nThe Alpha Demonstration Zone covers about 3.5 square kilometers and cost RMB 2 billion.\n"
CHINESE = "中关村科技园区占地四百八十八平方公里。开发区投资28亿元。"


def _bad_corpus(d):
    """Twenty-two inputs of every kind: good ones in odd encodings and forms, bad ones."""
    good = {
        "utf8.txt": ARTICLE.encode("utf-8"),
        "utf8_bom.txt": b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        "utf16_le.txt": ARTICLE.encode("utf-16"),
        "utf16_be.txt": b"\xfe\xff" + ARTICLE.encode("utf-16-be"),
        "gb18030.txt": (ARTICLE + CHINESE).encode("gb18030"),
        "gbk.txt": ("The zone spans 12 sq km. " + CHINESE).encode("gbk"),
        "big5.txt": ("The park covers 5 hectares. 中關村科技園區的投資").encode("big5"),
        "crlf.txt": ARTICLE.replace("\n", "\r\n").encode(),
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n   ",
        "page.html": b"<html><head><title>Zone news</title><style>p{}</style><script>var x = '5 km';</script></head>"
                     b"<body><p>The park is 62km away from Beijing Downtown &amp; covers 2 sq km.</p></body></html>",
        "page_no_suffix.txt": b"<!DOCTYPE html><html><body><div>Investment: RMB 300 million.</div></body></html>",
        "long_word.txt": b"a" * 300_000,
        "digits.txt": b"1,2,3 km 10^9999 yuan 1e308 yuan 0.0.1 km " + b"9" * 400 + b" yuan",
        "nbsp.txt": "The zone covers\u00a03.5\u00a0square kilometers.".encode(),
        "only_numbers.txt": b"1 2 3 4 5 6 7 8 9 10 " * 200,
    }
    bad = {
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "nul_bytes.txt": b"The zone\x00\x00\x00 covers 5 km2\x00",
        "latin1.txt": "Caf\xe9 zone covers 5 km\xb2 \xe0 la carte".encode("latin-1"),
        "bad_utf16.txt": b"\xff\xfe" + b"A\x00" * 5 + b"\x00\xd8",
        "broken_link.txt": None,
        "control_chars.txt": bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16]) * 200,
    }
    for name, data in {**good, **bad}.items():
        path = d / name
        if data is None:
            os.symlink(d / "does-not-exist", path)
        else:
            path.write_bytes(data)
    return good, bad


def test_robustness_batch_of_bad_inputs(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    good, bad = _bad_corpus(src)
    assert len(good) + len(bad) >= 20
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(out), "--no-progress"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    for name in good:
        record = json.loads((out / (name.rsplit(".", 1)[0] + ".json")).read_text())
        assert record["doc_id"] == name.rsplit(".", 1)[0]
    for name in bad:
        line = next((ln for ln in proc.stderr.splitlines() if name in ln), "")
        assert line.startswith("error:") and len(line) > len(name) + 10, (name, proc.stderr)
        assert not (out / (name.rsplit(".", 1)[0] + ".json")).exists()
    assert "binary file" in proc.stderr and "undecodable byte" in proc.stderr
    # the HTML page: script dropped, offsets refer to the extracted text kept beside the record
    page = json.loads((out / "page.json").read_text())
    text = (out / "page.source.txt").read_text()
    assert page["title"] == "Zone news"
    assert [m["text"] for m in page["mentions"]] == ["62km", "2 sq km"]
    assert all(text[m["start"]:m["end"]] == m["text"] for m in page["mentions"])
    assert json.loads((out / "empty.json").read_text())["mentions"] == []


def test_reading_decodes_chinese_pages():
    assert CHINESE in decode((ARTICLE + CHINESE).encode("gb18030"))
    assert "中關村" in decode("中關村科技園區的投資".encode("big5"))
    with pytest.raises(InputError, match="offset"):
        decode("Caf\xe9 \xe0".encode("latin-1"))
    assert decode("Café".encode("latin-1"), encoding="latin-1") == "Café"


def test_reading_html_drops_scripts_and_styles():
    text = html_to_text("<html><head><title>T</title><script>5 km</script></head><body><p>A&nbsp;B</p><p>C</p></body></html>")
    assert text == "T\n\nA\u00a0B\n\nC\n"


@pytest.mark.parametrize("text", ["1,2,3 km", "10^9999 yuan", "1e308 yuan", "0.0.1 km", "9" * 400 + " yuan",
                                  "RMB " + "9" * 330 + " billion", "1" * 5000 + " km", "-" * 5000, ", " * 3000])
def test_robustness_numbers_at_the_edges(text):
    doc = extract(text)
    for m in doc.mentions:
        values = m.value if isinstance(m.value, list) else [m.value]
        assert all(isinstance(v, str) or math.isfinite(v) for v in values)


def _check(text):
    doc = extract(text)
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
        values = m.value if isinstance(m.value, list) else [m.value]
        assert all(isinstance(v, str) or math.isfinite(v) for v in values)
    assert extract(text).dumps() == doc.dumps()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_property_any_text(text):
    _check(text)


TOKENS = ["5", "1,000", "3.4", "0.45", "twenty", "-", "to", "and", "km", "sq km", "square metres", "mu", "yuan", "RMB",
          "$", "US$", "million", "bn", "per", "capita", "about", "over", "up to", "March", "2021", "2021-10-25", "last year",
          "the end of", "Q1", "14th", "Five-Year", "Plan", "period", "from", "away", "Beijing", "(", ")", ",", ".", "\n", "“", "”", "\u00a0"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=40), st.sampled_from([None, "2021-10-25", "2000-02-29"]))
def test_property_extraction_like_text(tokens, published):
    text = " ".join(tokens)
    doc = extract(text, published=published)
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
    assert extract(text, published=published).dumps() == doc.dumps()


@pytest.mark.parametrize("unit", ["1", "1,", " ", "-", "1-", "1 ", "a1", "(1)"])
def test_robustness_linear_time_on_adversarial_runs(unit):
    """Work grows linearly with adversarial runs: four times the input costs far less than sixteen times."""
    def cost(n):
        text = unit * n
        t0 = time.perf_counter()
        extract(text)
        return time.perf_counter() - t0

    cost(200)  # warm up
    small, large = cost(2_000), cost(8_000)
    assert large < 12 * small + 0.5, (small, large)


@pytest.mark.parametrize("bad", [
    '{"doc_id": "a1", "mentions": [{"id": "m1", "type": "AREA", "text": "x", "start": "3", "end": 4, "value": 1}]}',
    '{"doc_id": "a1", "mentions": [{"id": "m1", "type": "AREA", "text": "x", "start": 3, "end": 4, "value": {"a": 1}}]}',
    '{"doc_id": "a1", "mentions": [], "zones": [{"id": "z1", "name": 5}]}',
    '{"doc_id": "a1", "mentions": "none"}',
    '{"doc_id": "a1", "mentions": [',
    '[1, 2, 3]',
])
def test_robustness_score_reports_bad_files_without_traceback(tmp_path, bad):
    gold, out = tmp_path / "gold", tmp_path / "out"
    gold.mkdir()
    out.mkdir()
    (gold / "a1.json").write_text('{"doc_id": "a1", "mentions": [], "zones": []}')
    (out / "a1.json").write_text(bad)
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "score", str(gold), str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "a1.json" in proc.stderr


# ---------------------------------------------------------------- no input stalls a batch

SHAPES = {  # name: (text of about n characters, n for the 1x size)
    "brackets": (lambda n: "(" * (n // 2) + "3 km" + ")" * (n // 2), 10_000),
    "quotes": (lambda n: '"' * n, 10_000),
    "asterisks": (lambda n: "*" * n, 10_000),
    "hyphens": (lambda n: "-" * n, 100_000),
    "digits": (lambda n: "7" * n, 40_000),
    "commas": (lambda n: "1," * (n // 2), 100_000),
    "dots": (lambda n: "." * n, 100_000),
    "mixed punctuation": (lambda n: "(\"*-.,3" * (n // 7), 100_000),
    "one long line": (lambda n: _one_line(n), 500_000),
}


def _one_line(n: int) -> str:
    from ordinary_text import ordinary_texts

    words = " ".join(" ".join(t.split()) for _, t in ordinary_texts(200_000, lee=False))
    return (words * (n // len(words) + 1))[:n]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_robustness_pathological_shapes_grow_linearly(shape):
    """1x, 2x and 4x the size (the long line: 0.5, 1 and 2 MB): four times the input
    costs about four times the time, far from the sixteen of quadratic growth."""
    make, n = SHAPES[shape]
    texts = [make(n * k) for k in (1, 2, 4)]

    def cost(text):
        t0 = time.perf_counter()
        doc = extract(text)
        elapsed = time.perf_counter() - t0
        assert all(text[m.start:m.end] == m.text for m in doc.mentions)
        return elapsed

    extract(texts[0][:1000])  # warm up
    t1, t2, t4 = (min(cost(t), cost(t)) if shape != "one long line" else cost(t) for t in texts)
    assert t2 < 3.0 * t1 + 0.05 and t4 < 6.0 * t1 + 0.1, (shape, t1, t2, t4)


def test_robustness_tokenizer_guard_keeps_text_offsets_and_ordinary_tokens(nlp):
    tokenizer = nlp.tokenizer
    for text in ["(" * 300 + "3 km" + ")" * 300, "x " + "ab-" * 200 + " 5 km", "a" * 1000 + "\n  5 km", "“" * 500 + " 3 sq km."]:
        doc = tokenizer(text)
        assert doc.text == text
        assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    ordinary = "The zone covers 3.5 sq km (about 860 acres), see https://example.org/a/b?c=1 for more."
    assert [t.text for t in tokenizer(ordinary)] == [t.text for t in tokenizer.tokenizer(ordinary)]


def test_robustness_a_bracket_run_is_quick_in_the_batch_runner(tmp_path):
    from pipeline.batch import run

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "brackets.txt").write_text("(" * 50_000 + "3 km" + ")" * 50_000)
    (tmp_path / "in" / "plain.txt").write_text("The park covers 3 sq km.")
    t0 = time.perf_counter()
    summary = run([tmp_path / "in"], tmp_path / "out", jobs=1)
    assert summary.extracted == 2 and time.perf_counter() - t0 < 60


# ---------------------------------------------------------------- ordinary text

def test_robustness_a_megabyte_of_ordinary_text():
    """The whole pipeline over at least 1 MB of ordinary English (tests/ordinary_text.py):
    no exception, every span is its text, values are finite."""
    from ordinary_text import ordinary_texts

    texts = ordinary_texts(1_000_000)
    assert sum(len(t) for _, t in texts) >= 1_000_000
    failures = []
    for doc_id, text in texts:
        try:
            doc = extract(text, doc_id=doc_id)
        except Exception as exc:  # noqa: BLE001 - every exception is a finding
            failures.append(f"{doc_id}: {type(exc).__name__}: {exc}")
            continue
        for m in doc.mentions:
            values = m.value if isinstance(m.value, list) else [m.value]
            if text[m.start:m.end] != m.text or not all(isinstance(v, str) or math.isfinite(v) for v in values):
                failures.append(f"{doc_id}: {m.id} {m.text!r}")
    assert not failures, failures[:20]


def _lexicon_words() -> list[str]:
    from pipeline import rules
    from pipeline.nlp import lexicons

    words = [w for surfaces in lexicons().values() for w in surfaces]
    zones = rules.load("zones")
    words += [w for key in ("heads", "weak_heads", "descriptors", "generic_references", "place_suffixes", "locative_verbs",
                            "extent_verbs", "alias_cues", "membership_cues", "pronouns") for w in zones[key]]
    words += ["3", "12.5", "1,000", "2021", "1998", "twenty", "million", "billion", "Zhangjiang", "Beijing", "the", "of",
              "and", "(", ")", ",", ".", "\n", "“", "”", "-", "to", "from", "between", "about", "over", "per"]
    return sorted(set(words))


LEXICON_WORDS = _lexicon_words()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LEXICON_WORDS), min_size=1, max_size=60), st.sampled_from([None, "2021-10-25"]))
def test_property_sentences_built_from_the_lexicons(words, published):
    """Sentence-shaped inputs from the engine's own vocabulary in random order."""
    text = " ".join(words)
    doc = extract(text, published=published)
    for m in doc.mentions:
        assert text[m.start:m.end] == m.text
    for z in doc.zones:
        assert set(z.mentions) <= {m.id for m in doc.mentions}
