"""Long-article benchmark: one article of --mb megabytes (the corpus articles
glued together), extracted in one call. Prints wall time, mentions, whether
every offset is right, and peak RSS of this process and of its worker
processes (none by default: one article runs on one process).

``--zone-scaling``: instead, time the zone stage alone (``zones.build_zones`` on the
mentions already found; CPU seconds of this process, which other load on the machine
does not skew) on 1, 2 and 4 MB of the same text, and of a directory-like text
that names a new park in every paragraph (tens of thousands of distinct zones), to show
that it grows in proportion to the text."""
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
    ap.add_argument("--zone-scaling", action="store_true", help="time the zone stage alone at 1, 2 and 4 MB")
    args = ap.parse_args(argv)
    if args.zone_scaling:
        return zone_scaling(args.json)

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

    syllables = ["ba", "ke", "lo", "mi", "nu", "pa", "ri", "so", "ta", "ve", "xi", "yu", "zha", "qin", "hu", "dong"]
    out, n, total = [], 0, 0
    for parts in itertools.product(syllables, repeat=4):
        line = (f"The {''.join(parts).capitalize()} Industrial Park covers {n % 90 + 3} sq km. "
                f"In the park, firms grew {n % 40 + 1} percent in 2020.\n\n")
        out.append(line)
        n, total = n + 1, total + len(line)
        if total >= size:
            break
    return "".join(out)[:size]


def zone_scaling(out: Path | None) -> dict:
    from pipeline import extract, ingest
    from pipeline.zones import build_zones

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt"))]
    unit = "\n\n".join(texts)
    figures = {}
    for kind in ("corpus", "distinct zones"):
        for mb in (1, 2, 4):
            size = mb * 1_000_000
            text = (unit * (size // len(unit) + 1))[:size] if kind == "corpus" else _distinct_zones(size)
            doc = extract(text, doc_id="long")
            article = ingest.read_article(text, "long")
            t0 = time.process_time()
            zones = build_zones(article.clean, article.excluded, doc.mentions)
            seconds = time.process_time() - t0
            figures[f"{kind}, {mb} MB"] = {"seconds": round(seconds, 2), "mentions": len(doc.mentions), "zones": len(zones)}
            print(f"{kind}, {mb} MB: zone stage {seconds:.2f} s ({len(doc.mentions)} mentions, {len(zones)} zones)")
    if out:
        out.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
