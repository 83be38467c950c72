"""Performance benchmark: full extraction against the bare spaCy tokenizer.

The headline figures (CPU time) are on text that never repeats, which the tokenizer's cache
cannot flatter, each against a fresh ``spacy.blank("en")`` tokenizer's first pass
over the same texts in the same process, and each the median of --rounds such
processes (3 by default; a process's caches never see its texts twice), with the
range:

* dense zone news: the articles of corpus/articles, each once (or, with none
  there, the sentences of tests/cases grouped into articles);
* ordinary English: at least 1 MB from ``tests/ordinary_text.py``, all of it
  on the machine (the project's own pieces, the Lee news corpus from
  ``../shared`` where it is there, the interpreter's own documentation and the
  standard library's docstrings); nothing is downloaded.

For both it reports each stage's share of the extraction time (tokenizer, each
pipeline component, zones, ingest, and the record: everything else), and, where
quantulum3 is installed (``pip install -e ".[bench]"``), times its
``parser.parse`` on the same dense text in each of those processes, right after our
extraction, and gives our speed as a multiple of its (and that of our mentions
alone, without the zone stage and the header reading): the median of the rounds'
multiples, with the range.

Secondary figures, as before: the tokenizer and extraction over a corpus of
--mb megabytes made by repeating and shuffling the articles (the tokenizer's
cache is warm there); cold start (wall time of a new ``zones extract -``
process on one article: the first run on an empty build cache, then the median
of three more); peak RSS of a new process streaming 1x and 10x
--rss-mb megabytes; ``zones extract --jobs 2`` against ``--jobs 1`` (one worker,
which goes on while the main process writes) and against ``--jobs 1 --timeout 0``
(one process alone) over the repeated corpus written as files (wall time of the
whole command, and the span from the first record written to the last, which
leaves out the serial start and end that any number of workers pays), and the
same extraction on 1 and 2 workers with the results dropped (nothing written); how
many records per second a run writes, durably, when results come in faster than
it takes them (the median of three runs); the
time and peak RSS of writing the tables of those records and of ten times as
many, and of bringing the latter up to date after as many again came in; the
incremental re-run that skips every article against the first run; and
``zones extract --scheduler local:2`` (Dask) against ``--jobs 2`` in articles per
second, with whether their folders are identical.

Prints a table and writes the figures as JSON (--json PATH). --quick skips
the process measurements and quantulum3.
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
import warnings
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Throughput is timed in CPU seconds of this process, so that other load on the
# machine does not skew it (the process figures, which time other processes, are
# wall time): every figure of a speed here is work done per CPU second.
cpu = time.process_time


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


_TABLES_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from pipeline.tables import write_tables
t0 = time.perf_counter()
write_tables({folder!r})
seconds = time.perf_counter() - t0
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(round(seconds, 2), hwm // 1024)
"""


def tables_figures(records: Path, copies: int = 10) -> dict:
    """Seconds and peak RSS of a new process rewriting the tables of the folder ``records``
    and of a folder holding ``copies`` times its records (each copy under new doc ids);
    then of bringing the latter's up to date after as many records again came in."""
    from pipeline.storage import LocalFolder
    from pipeline.tables import state_path

    def copy(into: Path, suffixes) -> None:
        for path in records.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            for k in suffixes:
                data["doc_id"] = f"{path.stem}_{k}"
                (into / f"{data['doc_id']}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def timed(folder: Path) -> tuple[float, int]:
        out = subprocess.run([sys.executable, "-c", _TABLES_CHILD.format(root=str(ROOT), folder=str(folder))],
                             capture_output=True, text=True, check=True).stdout.split()
        return float(out[0]), int(out[1])

    figures = {"tables_records": len(list(records.glob("*.json")))}
    where = state_path(LocalFolder(records))
    if where:
        where.unlink(missing_ok=True)  # a rewrite
    figures["tables_1x_s"], figures["tables_1x_peak_rss_mb"] = timed(records)
    with tempfile.TemporaryDirectory() as tmp:
        many = Path(tmp)
        copy(many, range(copies))
        figures[f"tables_{copies}x_s"], figures[f"tables_{copies}x_peak_rss_mb"] = timed(many)
        copy(many, ["new"])
        figures[f"tables_{copies}x_plus_1x_update_s"], figures[f"tables_{copies}x_plus_1x_update_peak_rss_mb"] = timed(many)
    return figures


def zones_command() -> list[str]:
    """The command users run: the installed ``zones`` beside this interpreter, else
    ``python -m pipeline.cli`` (the same entry point)."""
    script = Path(sys.executable).with_name("zones")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "pipeline.cli"]


def cold_start_s(text: str, runs: int = 3) -> tuple[float, float]:
    """Wall time of a new ``zones extract -`` process on one article: the first run
    on a machine (an empty build cache), then the median of ``runs`` more. The
    package's bytecode is as an install leaves it: written by a run before these
    (with a build cache of its own), also where the environment says not to write it."""
    import os

    command = zones_command()
    times = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as throwaway:
        subprocess.run([*command, "extract", "-"], input=text, text=True, capture_output=True, check=True, cwd=ROOT,
                       env={**env, "ZONES_CACHE_DIR": throwaway})
    with tempfile.TemporaryDirectory() as cache_dir:
        env["ZONES_CACHE_DIR"] = cache_dir
        for _ in range(runs + 1):
            t0 = time.perf_counter()
            subprocess.run([*command, "extract", "-"], input=text, text=True,
                           capture_output=True, check=True, cwd=ROOT, env=env)
            times.append(time.perf_counter() - t0)
    return times[0], statistics.median(times[1:])


def cli_run_s(src: Path, out: Path, *args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([*zones_command(), "extract", str(src), "--out", str(out), "--no-progress", *args],
                   capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - t0


_RESULTS_DROPPED = """
import sys
from pathlib import Path
from pipeline import batch
tasks = [(str(p), p.stem, None, None) for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
for _ in batch._results(tasks, int(sys.argv[2]), batch.DEFAULT_TIMEOUT):
    pass
"""


def results_dropped_s(src: Path, jobs: int) -> float:
    """Wall time of a new process that extracts the articles of ``src`` on ``jobs`` worker
    processes as ``zones extract --jobs`` does, and drops the results: no record,
    manifest line or table is written. Against the whole command, what writing costs."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", _RESULTS_DROPPED, str(src), str(jobs)],
                   capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - t0


def records_span_s(out: Path) -> float:
    """Seconds from the first record written in ``out`` to the last (their modification
    times): the run without its serial start (imports, the pipeline's build, planning)
    and end (the tables read every record back)."""
    times = [p.stat().st_mtime_ns for p in out.glob("*.json")]
    return (max(times) - min(times)) / 1e9


def same_outputs(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same files, byte for byte."""
    def files(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    return files(a) == files(b)


def write_articles(texts: list[str], src: Path) -> Path:
    """``texts`` as article files in the new folder ``src``, for the commands to read."""
    src.mkdir()
    for i, t in enumerate(texts):
        (src / f"a{i:05d}.txt").write_text(t, encoding="utf-8")
    return src


def writer_records_per_s(src: Path, out: Path, n: int = 800) -> float:
    """Records per second that a batch run writes (each durably, with its manifest line)
    when results come in as fast as it takes them: ``n`` articles of ``src`` are extracted
    first, then handed to ``batch.run`` in place of its workers' results; timed from the
    start of the run to the start of its end (the tables). How many workers' output one
    run can write."""
    from pipeline import batch

    paths = sorted(src.glob("*.txt"))[:n]
    ready = {str(p): batch.extract_file(str(p), p.stem, None, None) for p in paths}
    real_results, real_finish, ended = batch._results, batch.Batch.finish, []

    def finish(self, *args):
        ended.append(time.perf_counter())
        return real_finish(self, *args)

    batch._results = lambda tasks, jobs, timeout: (ready[task[0]] for task in tasks)
    batch.Batch.finish = finish
    try:
        t0 = time.perf_counter()
        batch.run(paths, out, jobs=2)
    finally:
        batch._results, batch.Batch.finish = real_results, real_finish
    return len(paths) / (ended[0] - t0)


def process_figures(texts: list[str], unique: list[str], rss_chars: int) -> dict:
    first, cold = cold_start_s(unique[0])
    figures: dict = {"cold_start_s": round(cold, 2), "cold_start_first_run_s": round(first, 2)}
    rss1, n1 = peak_rss_mb(rss_chars)
    rss10, n10 = peak_rss_mb(rss_chars * 10)
    figures.update({"rss_1x_mb": rss1, "rss_1x_articles": n1, "rss_10x_mb": rss10, "rss_10x_articles": n10,
                    "rss_10x_over_1x": round(rss10 / rss1, 3)})
    with tempfile.TemporaryDirectory() as tmp:
        src = write_articles(texts, Path(tmp) / "articles")
        one = cli_run_s(src, Path(tmp) / "one", "--jobs", "1")
        # one process alone (no time limit: extraction in the main process, which --jobs 1
        # otherwise overlaps with writing)
        alone = cli_run_s(src, Path(tmp) / "alone", "--jobs", "1", "--timeout", "0")
        two = cli_run_s(src, Path(tmp) / "two", "--jobs", "2")
        again = cli_run_s(src, Path(tmp) / "two", "--jobs", "2")
        dropped1, dropped2 = results_dropped_s(src, 1), results_dropped_s(src, 2)
        span1, span2 = records_span_s(Path(tmp) / "one"), records_span_s(Path(tmp) / "two")
        figures.update(tables_figures(Path(tmp) / "one"))
        same = same_outputs(Path(tmp) / "one", Path(tmp) / "two")
        figures["writer_records_per_s"] = round(statistics.median(
            writer_records_per_s(src, Path(tmp) / f"writer{i}") for i in range(3)))
    # the serial start and end are the same for any number of workers: the whole runs'
    # ratio is bounded by them (Amdahl); between the first record and the last, the workers run
    figures.update({"jobs1_records_span_s": round(span1, 1), "jobs2_records_span_s": round(span2, 1),
                    "jobs2_speedup_first_to_last_record": round(span1 / span2, 2),
                    "jobs2_serial_start_and_end_s": round(two - span2, 1)})
    figures.update({"jobs1_s": round(one, 1), "jobs2_s": round(two, 1), "jobs2_speedup": round(one / two, 2),
                    "jobs1_in_process_s": round(alone, 1), "jobs2_over_in_process": round(alone / two, 2),
                    "jobs2_output_identical": same, "rerun_all_skipped_s": round(again, 2),
                    "rerun_over_first_run": round(again / two, 3)})
    # the same extraction with the results dropped: how far writing keeps --jobs 2 from the workers' own scaling
    figures.update({"jobs1_results_dropped_s": round(dropped1, 1), "jobs2_results_dropped_s": round(dropped2, 1),
                    "jobs2_speedup_results_dropped": round(dropped1 / dropped2, 2)})
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
        src = write_articles(texts, Path(tmp) / "articles")
        jobs2 = cli_run_s(src, Path(tmp) / "jobs2", "--jobs", "2")
        local2 = cli_run_s(src, Path(tmp) / "local2", "--scheduler", "local:2")
        same = same_outputs(Path(tmp) / "jobs2", Path(tmp) / "local2")
    return {"scheduler_local2_vs_jobs2": {
        "articles": len(texts), "local2_articles_per_s": round(len(texts) / local2, 1),
        "jobs2_articles_per_s": round(len(texts) / jobs2, 1), "local2_over_jobs2": round(jobs2 / local2, 2),
        "output_identical": same}}


# one sentence, in none of the measured texts, read once before timing
# one short article that reaches every first-call cost (the header's and the zone engine's
# vocabularies, the feast tables, calendar arithmetic), which are not throughput
WARM_UP = ("Park opens its second phase\n\nBy Staff Reporter | 2020-05-06\n\n"
           "SHANGHAI, May 5 (Xinhua) -- The Lingang Special Area, 5 km from the port, covers 3.2 sq km; it opened "
           "on 5 May 2020 with CNY 2 billion before the Spring Festival, and a second site two weeks later.\n")
STAGES = ("tokenizer", "lexicon_tagger", "mention_matcher", "mention_normaliser", "zones", "ingest", "record")


@contextmanager
def stage_clock(nlp):
    """Seconds spent per stage while extracting with ``nlp``: the tokenizer and each
    pipeline component (timed around their calls), the zone stage (``build_zones``)
    and ingest (``read_article``: header and furniture). Whatever else extraction
    spends (mentions and record building, spaCy's own loop) is the record's."""
    from pipeline import extraction, ingest

    seconds: dict[str, float] = defaultdict(float)
    patched = []

    def clock(owner, attr: str, stage: str) -> None:
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            t0 = cpu()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[stage] += cpu() - t0

        setattr(owner, attr, timed)
        patched.append((owner, attr, original))

    clock(type(nlp.tokenizer), "__call__", "tokenizer")
    for name, proc in nlp.pipeline:
        clock(type(proc), "__call__", name)
    clock(extraction, "build_zones", "zones")
    clock(ingest, "read_article", "ingest")
    try:
        yield seconds
    finally:
        for owner, attr, original in reversed(patched):
            setattr(owner, attr, original)


def first_pass_chars_per_s(texts: list[str]) -> float:
    """A fresh ``spacy.blank("en")`` tokenizer's first pass over ``texts``."""
    import spacy

    fresh = spacy.blank("en").tokenizer
    t0 = cpu()
    for _ in fresh.pipe(texts, batch_size=64):
        pass
    return sum(len(t) for t in texts) / (cpu() - t0)


def never_repeats(texts: list[str]) -> dict:
    """A fresh tokenizer's first pass over ``texts``, then full extraction over the same
    texts with a freshly built pipeline (its tokenizer cache and rule automaton are cold
    too; one short sentence is read first), its ratio to the tokenizer and each stage's
    share of its time."""
    from pipeline import extract_many
    from pipeline.nlp import build

    chars = sum(len(t) for t in texts)
    tok = first_pass_chars_per_s(texts)
    nlp = build()
    list(extract_many([("warm", WARM_UP)], nlp=nlp))  # first-call costs (rule files, tables) are not throughput
    with stage_clock(nlp) as seconds:
        t0 = cpu()
        for _ in extract_many(((f"n{i}", t) for i, t in enumerate(texts)), nlp=nlp):
            pass
        total = cpu() - t0
    seconds = dict(seconds)
    seconds["record"] = max(0.0, total - sum(seconds.values()))
    out = {"chars": chars, "tokenizer_first_pass_chars_per_s": round(tok), "extraction_chars_per_s": round(chars / total),
           "ratio": round(chars / total / tok, 3), "seconds": round(total, 2)}
    for stage in STAGES:
        out[f"share_{stage}"] = round(seconds.get(stage, 0.0) / total, 3)
        out[f"seconds_{stage}"] = round(seconds.get(stage, 0.0), 3)
    return out


def never_repeats_rounds(name: str, rounds: int, peers: bool = False) -> tuple[dict, list[dict]]:
    """``never_repeats`` over the batch ``name`` ("dense" or "ordinary") in ``rounds`` new
    processes one after the other, so that no cache of an earlier round (the tokenizer's,
    the date readings', the compiled patterns') has seen the texts: the figures of the
    round whose ratio is the median, with the range of the ratios
    (``ratio_low``, ``ratio_high``) and of the extraction's speed; and every round's
    figures. With ``peers``, each process also times quantulum3 on the same texts
    (``quantulum_figures``), right after its own extraction."""
    runs = []
    for _ in range(rounds):
        command = [sys.executable, __file__, "--never-repeats", name] + (["--with-peers"] if peers else [])
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    runs.sort(key=lambda f: f["ratio"])
    out = {k: v for k, v in runs[len(runs) // 2].items() if "quantulum3" not in k}
    speeds = sorted(f["extraction_chars_per_s"] for f in runs)
    out.update({"rounds": rounds, "ratio_low": runs[0]["ratio"], "ratio_high": runs[-1]["ratio"],
                "extraction_chars_per_s_low": speeds[0], "extraction_chars_per_s_high": speeds[-1]})
    return out, runs


def one_round(name: str, peers: bool) -> dict:
    """One process's figures for ``never_repeats_rounds``."""
    texts = batch_texts(name)
    f = never_repeats(texts)
    if peers:
        mentions_s = f["seconds"] - f["seconds_zones"] - f["seconds_ingest"]
        f.update(quantulum_figures(texts, f["extraction_chars_per_s"], f["chars"] / mentions_s, digits=3))
    return f


def peer_medians(runs: list[dict]) -> dict:
    """quantulum3's speed and our multiples of it, each the median over the rounds (each
    multiple taken within its own process), with the range."""
    if "ours_over_quantulum3" not in runs[0]:
        return {k: v for k, v in runs[0].items() if k == "quantulum3"}
    out = {}
    for key, digits in (("quantulum3_chars_per_s", 0), ("ours_over_quantulum3", 1), ("ours_mentions_only_over_quantulum3", 1)):
        values = sorted(f[key] for f in runs)
        figure = (lambda v: round(v)) if digits == 0 else (lambda v: round(v, digits))
        out[key], out[f"{key}_low"], out[f"{key}_high"] = figure(statistics.median(values)), figure(values[0]), figure(values[-1])
    return out


def batch_texts(name: str) -> list[str]:
    """The texts of the batch ``name``: "dense" (the corpus articles, each once) or
    "ordinary" (1 MB of ordinary English)."""
    if name == "dense":
        return load_texts()
    sys.path.insert(0, str(ROOT / "tests"))
    from ordinary_text import ordinary_texts

    return [t for _, t in ordinary_texts(1_000_000)]


def quantulum_figures(texts: list[str], ours_chars_per_s: float, mentions_chars_per_s: float | None = None,
                      digits: int = 1) -> dict:
    """quantulum3's ``parser.parse`` over ``texts`` (after one call that loads its
    tables), and our extraction speed on the same texts as a multiple of its; also,
    where given, the speed of our mentions alone (the extraction without the zone
    stage and the header reading: what quantulum3 does, finding and reading
    quantities) as a multiple of its."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns that its optional classifier is not installed
            from quantulum3 import parser
    except ImportError:
        return {"quantulum3": 'not installed (pip install -e ".[bench]")'}
    chars = sum(len(t) for t in texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse("The zone covers 5 km.")
        t0 = cpu()
        for t in texts:
            parser.parse(t)
        theirs = chars / (cpu() - t0)
    out = {"quantulum3_chars_per_s": round(theirs), "ours_over_quantulum3": round(ours_chars_per_s / theirs, digits)}
    if mentions_chars_per_s:
        out["ours_mentions_only_over_quantulum3"] = round(mentions_chars_per_s / theirs, digits)
    return out


def repeated_corpus(texts: list[str]) -> dict:
    """Secondary: the tokenizer and extraction over the repeated corpus, where the
    tokenizer's cache is warm after the first copy of each article."""
    import spacy

    from pipeline import extract_many
    from pipeline.nlp import build

    chars = sum(len(t) for t in texts)
    tokenizer = spacy.blank("en").tokenizer
    t0 = cpu()
    for _ in tokenizer.pipe(texts, batch_size=64):
        pass
    tok_s = cpu() - t0
    nlp = build()
    list(extract_many([("warm", texts[0])], nlp=nlp))  # rule loading and first-call costs are not throughput
    t0 = cpu()
    n_mentions = 0
    for doc in extract_many(((f"a{i}", t) for i, t in enumerate(texts)), nlp=nlp):
        n_mentions += len(doc.mentions)
    full_s = cpu() - t0
    return {
        "articles": len(texts),
        "characters": chars,
        "tokenizer_chars_per_s": round(chars / tok_s),
        "extraction_chars_per_s": round(chars / full_s),
        "extraction_articles_per_s": round(len(texts) / full_s, 1),
        "ratio_extraction_to_tokenizer": round(tok_s / full_s, 3),
        "mentions": n_mentions,
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the repeated corpus in MB (default 5)")
    ap.add_argument("--rss-mb", type=float, default=1.0, help="1x size for the RSS figures in MB (default 1; 10x is ten times it)")
    ap.add_argument("--quick", action="store_true", help="throughput only: no quantulum3, cold start, RSS or --jobs runs")
    ap.add_argument("--rounds", type=int, default=3,
                    help="new processes each text-that-never-repeats figure is measured in; the median is given (default 3)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--never-repeats", choices=("dense", "ordinary"), help=argparse.SUPPRESS)  # one round, as JSON
    ap.add_argument("--with-peers", action="store_true", help=argparse.SUPPRESS)  # and quantulum3 in it
    args = ap.parse_args(argv)
    if args.never_repeats:
        print(json.dumps(one_round(args.never_repeats, args.with_peers)))
        return {}
    unique = load_texts()
    figures: dict = {}
    for name in ("dense", "ordinary"):
        median_round, runs = never_repeats_rounds(name, args.rounds, peers=name == "dense" and not args.quick)
        figures.update({f"never_repeats_{name}_{k}": v for k, v in median_round.items()})
        if name == "dense" and not args.quick:
            figures.update(peer_medians(runs))
    texts = build_corpus(unique, int(args.mb * 1_000_000))
    figures.update({f"repeated_{k}": v for k, v in repeated_corpus(texts).items()})
    if not args.quick:
        figures.update(process_figures(texts, unique, int(args.rss_mb * 1_000_000)))
        figures.update(cluster_figures(texts))
    report(figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


def report(figures: dict) -> None:
    """The headline lines, then every figure."""
    for name in ("dense", "ordinary"):
        f = {k[len(f"never_repeats_{name}_"):]: v for k, v in figures.items() if k.startswith(f"never_repeats_{name}_")}
        print(f"never repeats, {name} ({f['chars']:,} chars): extraction {f['extraction_chars_per_s']:,} chars/s, "
              f"fresh tokenizer's first pass {f['tokenizer_first_pass_chars_per_s']:,} chars/s: ratio {f['ratio']} "
              f"(median of {f['rounds']} processes; {f['ratio_low']}-{f['ratio_high']})")
        print("  stage shares: " + ", ".join(f"{s} {f[f'share_{s}']:.1%}" for s in STAGES))
    if "ours_over_quantulum3" in figures:
        print(f"quantulum3 on the dense text: {figures['quantulum3_chars_per_s']:,} chars/s; "
              f"ours x{figures['ours_over_quantulum3']} (x{figures['ours_over_quantulum3_low']}-"
              f"x{figures['ours_over_quantulum3_high']}, each within one process; mentions alone, no zone "
              f"records or header: x{figures['ours_mentions_only_over_quantulum3']})")
    print(f"secondary, repeated corpus ({figures['repeated_characters']:,} chars, tokenizer cache warm): ratio "
          f"{figures['repeated_ratio_extraction_to_tokenizer']}")
    print()
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k.ljust(width)}  {v}")


if __name__ == "__main__":
    main()
