"""Long-article benchmark: one article of --mb megabytes (the corpus articles
glued together), extracted in one call. Prints wall time, mentions, whether
every offset is right, and peak RSS of this process and of its worker
processes (none by default: one article runs on one process).

``--scaling``: instead, time the whole extraction of one article and, within it, the
zone stage (``zones.build_zones`` on the mentions found) on 1, 2, 4 and 8 MB of the
same text, and of a directory-like text that names a new park in every paragraph
(tens of thousands of distinct zones), in CPU seconds of this process (which other
load on the machine does not skew), each size with a freshly built pipeline, to show
that both grow in proportion to the text: the cost per MB at each size, and the
largest size's over the smallest's."""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--scaling", action="store_true",
                    help="time the whole extraction and the zone stage at each of --sizes MB")
    ap.add_argument("--sizes", default="1,2,4,8", help="article sizes for --scaling, in MB (default 1,2,4,8)")
    args = ap.parse_args(argv)
    if args.scaling:
        return scaling(args.json, [int(n) for n in args.sizes.split(",")])

    from pipeline import extract

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    unit = "\n\n".join(texts)
    size = int(args.mb * 1_000_000)
    text = (unit * (size // len(unit) + 1))[:size]
    extract("warm up: 5 km")
    t0 = time.perf_counter()
    doc = extract(text, doc_id="long")
    seconds = time.perf_counter() - t0
    offsets_ok = all(text[m.start : m.end] == m.text for m in doc.mentions)
    figures = {
        "characters": len(text),
        "seconds": round(seconds, 1),
        "mentions": len(doc.mentions),
        "zones": len(doc.zones),
        "offsets_ok": offsets_ok,
        "peak_rss_mb_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "peak_rss_mb_largest_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
    }
    for k, v in figures.items():
        print(f"{k:28} {v}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


def _distinct_zones(size: int) -> str:
    """A directory-like text of ``size`` characters in which every paragraph names a new
    park (thousands of distinct zones), each with a figure, "the park" and a date."""
    import itertools

    syllables = ["ba", "ke", "lo", "mi", "nu", "pa", "ri", "so", "ta", "ve", "xi", "yu", "zha", "qin", "hu", "dong",
                 "fen", "gu", "jia", "lin", "mao", "shan", "wei", "zhou"]  # 24 ** 4 names: enough for 8 MB
    out, n, total = [], 0, 0
    for parts in itertools.product(syllables, repeat=4):
        line = (f"The {''.join(parts).capitalize()} Industrial Park covers {n % 90 + 3} sq km. "
                f"In the park, firms grew {n % 40 + 1} percent in 2020.\n\n")
        out.append(line)
        n, total = n + 1, total + len(line)
        if total >= size:
            break
    return "".join(out)[:size]


def scaling(out: Path | None, sizes: list[int]) -> dict:
    from pipeline import extract, ingest
    from pipeline.nlp import build
    from pipeline.zones import build_zones

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    unit = "\n\n".join(texts)
    extract("warm up: 5 km")
    figures = {}
    for kind in ("corpus", "distinct zones"):
        per_mb = {}
        for mb in sizes:
            size = mb * 1_000_000
            text = (unit * (size // len(unit) + 1))[:size] if kind == "corpus" else _distinct_zones(size)
            nlp = build()  # a fresh pipeline: each size starts with the tokenizer's cache cold
            t0 = time.process_time()
            doc = extract(text, doc_id="long", nlp=nlp)
            whole = time.process_time() - t0
            article = ingest.read_article(text, "long")
            t0 = time.process_time()
            zones = build_zones(article.clean, article.excluded, doc.mentions)
            zone_s = time.process_time() - t0
            per_mb[mb] = (whole / mb, zone_s / mb)
            figures[f"{kind}, {mb} MB"] = {"characters": len(text), "extraction_s": round(whole, 2), "zone_stage_s": round(zone_s, 2),
                                           "mentions": len(doc.mentions), "zones": len(zones)}
            print(f"{kind}, {mb} MB: extraction {whole:.2f} s, of which zone stage {zone_s:.2f} s "
                  f"({len(doc.mentions)} mentions, {len(zones)} zones)", flush=True)
        lo, hi = min(sizes), max(sizes)
        growth = {"extraction": round(per_mb[hi][0] / per_mb[lo][0], 2), "zone_stage": round(per_mb[hi][1] / per_mb[lo][1], 2)}
        figures[f"{kind}, cost per MB at {hi} MB over {lo} MB"] = growth
        print(f"{kind}: cost per MB at {hi} MB over {lo} MB: extraction x{growth['extraction']}, "
              f"zone stage x{growth['zone_stage']}")
    if out:
        out.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
