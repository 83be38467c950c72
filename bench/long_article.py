"""Long-article benchmark: one article of --mb megabytes (the corpus articles
glued together), extracted in one call. Prints wall time, mentions, whether
every offset is right, and peak RSS of this process and of its worker
processes (a long article is processed on two processes)."""
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
    args = ap.parse_args(argv)

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


if __name__ == "__main__":
    main()
