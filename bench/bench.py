"""Performance benchmark: full extraction against the bare spaCy tokenizer.

Builds a corpus of at least --mb megabytes by repeating and shuffling the
articles in corpus/articles (or, with none there, the sentences of
tests/cases), then measures in one run:

* characters per second of ``spacy.blank("en")``'s tokenizer alone (and of
  its first, uncached pass over the distinct articles);
* characters and articles per second of full extraction (``extract_many``,
  one process) and the ratio of the two, the figure that holds on a noisy
  machine;
* cold start: wall time of a new ``zones extract -`` process on one article;
* peak RSS of a new process streaming 1x and 10x --rss-mb megabytes;
* ``zones extract --jobs 2`` against ``--jobs 1`` over the corpus written as
  files (wall time of the whole command), and the incremental re-run that
  skips every article against the first run;
* ``zones extract --scheduler local:2`` (Dask) against ``--jobs 2``, in
  articles per second, and whether their folders are identical;
* on text that never repeats (the corpus articles once, and 1 MB of ordinary
  English from ``tests/ordinary_text.py``): extraction against a fresh
  tokenizer's first pass over the same texts, the figure the tokenizer's
  cache cannot flatter.

Prints a table and writes the figures as JSON (--json PATH). --quick skips
the process measurements.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_texts() -> list[str]:
    arts = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
    if arts:
        return [p.read_text(encoding="utf-8") for p in arts]
    texts = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # group sentences into article-sized texts
    return ["\n\n".join(texts[i : i + 20]) for i in range(0, len(texts), 20)]


def build_corpus(texts: list[str], min_chars: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < min_chars:
        batch = list(texts)
        rng.shuffle(batch)
        for t in batch:
            out.append(t)
            total += len(t)
            if total >= min_chars:
                break
    return out


_RSS_CHILD = """
import resource, sys
sys.path.insert(0, {root!r})
from bench.bench import build_corpus, load_texts
from pipeline import extract_many
texts = build_corpus(load_texts(), {chars})
n = sum(1 for _ in extract_many((str(i), t) for i, t in enumerate(texts)))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, n)
"""


def peak_rss_mb(chars: int) -> tuple[int, int]:
    """(peak RSS in MB, articles) of a new process streaming ``chars`` characters."""
    out = subprocess.run([sys.executable, "-c", _RSS_CHILD.format(root=str(ROOT), chars=chars)],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def cold_start_s(text: str, runs: int = 3) -> float:
    """Median wall time of a new ``zones extract -`` process on one article."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", "-"], input=text, text=True,
                       capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cli_run_s(src: Path, out: Path, *args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(out), "--no-progress", *args],
                   capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - t0


def process_figures(texts: list[str], unique: list[str], rss_chars: int) -> dict:
    figures: dict = {"cold_start_s": round(cold_start_s(unique[0]), 2)}
    rss1, n1 = peak_rss_mb(rss_chars)
    rss10, n10 = peak_rss_mb(rss_chars * 10)
    figures.update({"rss_1x_mb": rss1, "rss_1x_articles": n1, "rss_10x_mb": rss10, "rss_10x_articles": n10,
                    "rss_10x_over_1x": round(rss10 / rss1, 3)})
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        for i, t in enumerate(texts):
            (src / f"a{i:05d}.txt").write_text(t, encoding="utf-8")
        one = cli_run_s(src, Path(tmp) / "one", "--jobs", "1")
        two = cli_run_s(src, Path(tmp) / "two", "--jobs", "2")
        again = cli_run_s(src, Path(tmp) / "two", "--jobs", "2")
        same = all((Path(tmp) / "one" / p.name).read_bytes() == p.read_bytes()
                   for p in (Path(tmp) / "two").iterdir() if p.is_file())
    figures.update({"jobs1_s": round(one, 1), "jobs2_s": round(two, 1), "jobs2_speedup": round(one / two, 2),
                    "jobs2_output_identical": same, "rerun_all_skipped_s": round(again, 2),
                    "rerun_over_first_run": round(again / two, 3)})
    return figures


def cluster_figures(texts: list[str]) -> dict:
    """Articles per second of ``zones extract --scheduler local:2`` (a Dask LocalCluster of
    2 worker processes) against ``--jobs 2`` over the same files, one after the other in
    this run: wall time of each whole command, the cluster's start-up included; and
    whether the two folders are byte-identical."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return {"scheduler_local2_vs_jobs2": "not measured: pip install -e '.[cluster]'"}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles"
        src.mkdir()
        for i, t in enumerate(texts):
            (src / f"a{i:05d}.txt").write_text(t, encoding="utf-8")
        jobs2 = cli_run_s(src, Path(tmp) / "jobs2", "--jobs", "2")
        local2 = cli_run_s(src, Path(tmp) / "local2", "--scheduler", "local:2")
        names = sorted(p.name for p in (Path(tmp) / "jobs2").iterdir())
        same = names == sorted(p.name for p in (Path(tmp) / "local2").iterdir()) and all(
            (Path(tmp) / "jobs2" / n).read_bytes() == (Path(tmp) / "local2" / n).read_bytes() for n in names)
    return {"scheduler_local2_vs_jobs2": {
        "articles": len(texts), "local2_articles_per_s": round(len(texts) / local2, 1),
        "jobs2_articles_per_s": round(len(texts) / jobs2, 1), "local2_over_jobs2": round(jobs2 / local2, 2),
        "output_identical": same}}


def never_repeats(texts: list[str], nlp) -> dict:
    """Characters per second of a fresh ``spacy.blank("en")`` tokenizer's first pass over
    ``texts`` and of full extraction over the same texts, and their ratio."""
    import spacy

    from pipeline import extract_many

    chars = sum(len(t) for t in texts)
    fresh = spacy.blank("en").tokenizer
    t0 = time.perf_counter()
    for _ in fresh.pipe(texts, batch_size=64):
        pass
    tok = chars / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in extract_many(((f"n{i}", t) for i, t in enumerate(texts)), nlp=nlp):
        pass
    full = chars / (time.perf_counter() - t0)
    return {"chars": chars, "tokenizer_first_pass_chars_per_s": round(tok), "extraction_chars_per_s": round(full),
            "ratio": round(full / tok, 3)}


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    ap.add_argument("--rss-mb", type=float, default=1.0, help="1x size for the RSS figures in MB (default 1; 10x is ten times it)")
    ap.add_argument("--quick", action="store_true", help="throughput only: no cold start, RSS or --jobs runs")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    import spacy

    from pipeline import extract_many
    from pipeline.nlp import build

    unique = load_texts()
    texts = build_corpus(unique, int(args.mb * 1_000_000))
    chars = sum(len(t) for t in texts)

    # Context: spaCy's tokenizer caches every chunk it has seen, so over a corpus
    # of repeated articles it runs far faster than over new text. The first pass
    # over the distinct articles, with a fresh tokenizer, shows the uncached cost.
    fresh = spacy.blank("en").tokenizer
    unique_chars = sum(len(t) for t in unique)
    t0 = time.perf_counter()
    for doc in fresh.pipe(unique, batch_size=64):
        pass
    unique_tok_s = time.perf_counter() - t0

    tokenizer = spacy.blank("en").tokenizer
    t0 = time.perf_counter()
    for doc in tokenizer.pipe(texts, batch_size=64):
        pass
    tok_s = time.perf_counter() - t0

    nlp = build()
    list(extract_many([("warm", texts[0])], nlp=nlp))  # rule loading and first-call costs are not throughput
    t0 = time.perf_counter()
    n_mentions = 0
    for doc in extract_many(((f"a{i}", t) for i, t in enumerate(texts)), nlp=nlp):
        n_mentions += len(doc.mentions)
    full_s = time.perf_counter() - t0

    figures = {
        "articles": len(texts),
        "characters": chars,
        "tokenizer_chars_per_s": round(chars / tok_s),
        "extraction_chars_per_s": round(chars / full_s),
        "extraction_articles_per_s": round(len(texts) / full_s, 1),
        "ratio_extraction_to_tokenizer": round(tok_s / full_s, 3),
        "tokenizer_uncached_chars_per_s": round(unique_chars / unique_tok_s),
        "ratio_extraction_to_uncached_tokenizer": round((chars / full_s) / (unique_chars / unique_tok_s), 3),
        "mentions": n_mentions,
    }
    sys.path.insert(0, str(ROOT / "tests"))
    from ordinary_text import ordinary_texts

    for name, batch in (("dense", unique), ("ordinary", [t for _, t in ordinary_texts(1_000_000)])):
        for k, v in never_repeats(batch, build()).items():  # a fresh pipeline: its tokenizer cache is cold too
            figures[f"never_repeats_{name}_{k}"] = v
    if not args.quick:
        figures.update(process_figures(texts, unique, int(args.rss_mb * 1_000_000)))
        figures.update(cluster_figures(texts))
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k.ljust(width)}  {v}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
