"""Throughput benchmark: full extraction against the bare spaCy tokenizer.

Builds a corpus of at least --mb megabytes by repeating and shuffling the
articles in corpus/articles (or, with none there, the sentences of
tests/cases), then measures in one run, single process:

* characters per second of ``spacy.blank("en")``'s tokenizer alone;
* characters and articles per second of full extraction (``extract_many``);
* their ratio, the figure that holds on a noisy machine.

Prints a table and writes the figures as JSON (--json PATH).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
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


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
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
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k.ljust(width)}  {v}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
