"""The ``zones`` command line."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from . import document as docmod
from .document import RecordError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn press releases about development zones into structured zone records.")

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm"}


def _article_paths(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            # a broken link is listed too, so that it is reported rather than skipped
            out.extend(sorted(q for q in p.rglob("*") if (q.is_file() or q.is_symlink()) and q.suffix.lower() in TEXT_SUFFIXES))
        elif any(ch in str(p) for ch in "*?["):
            out.extend(sorted(q for q in Path().glob(str(p)) if q.is_file()))
        else:
            out.append(p)
    return out


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Article files (.txt) or folders of them."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder for <doc_id>.json files."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for articles whose header has none."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    fmt: str = typer.Option("csv", "--format", help="Tables beside the JSON files: csv, or parquet (needs pyarrow)."),
    encoding: Optional[str] = typer.Option(None, help="Read every file in this encoding (default: detect UTF-8/16/32, GB18030, Big5)."),
) -> None:
    """Extract every article into OUT/<doc_id>.json (the GOLD_FORMAT record), plus
    OUT/zones.csv and OUT/facts.csv."""
    from .extract import extract as extract_one
    from .nlp import shared
    from .reading import InputError, read_input

    files = _article_paths(paths)
    if not files:
        typer.echo("no article files found", err=True)
        raise typer.Exit(2)
    nlp = shared()
    show = sys.stderr.isatty() if progress is None else progress
    failures: list[tuple[str, str]] = []
    n_mentions = 0
    t0 = time.perf_counter()
    bar = None
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                       TimeRemainingColumn(), transient=True)
        bar.start()
        task = bar.add_task("extract", total=len(files), rate="")
    try:
        for k, path in enumerate(files, 1):
            try:
                text, from_html = read_input(path, encoding)
                doc = extract_one(text, doc_id=path.stem, published=None, nlp=nlp)
                if doc.published is None and published:
                    doc = extract_one(text, doc_id=path.stem, published=published, nlp=nlp)
                if from_html:  # offsets refer to the page's text: keep it beside the record
                    docmod.write_atomic(out / f"{path.stem}.source.txt", text)
                docmod.save(doc, out / f"{path.stem}.json")
                n_mentions += len(doc.mentions)
            except (OSError, InputError) as exc:
                failures.append((str(path), str(exc)))
                typer.echo(f"error: {path}: {exc}", err=True)
            except Exception as exc:  # one bad article must not stop the batch
                failures.append((str(path), f"{type(exc).__name__}: {exc}"))
                typer.echo(f"error: {path}: {type(exc).__name__}: {exc}", err=True)
            if bar is not None:
                rate = k / max(time.perf_counter() - t0, 1e-9)
                bar.update(task, advance=1, rate=f"{rate:.1f} articles/s")
    finally:
        if bar is not None:
            bar.stop()
    from .tables import write_tables

    if fmt not in ("csv", "parquet"):
        typer.echo(f"error: unknown --format {fmt!r} (csv or parquet)", err=True)
        raise typer.Exit(2)
    try:
        write_tables(out, fmt)
    except ImportError as exc:
        typer.echo(f"error: --format parquet needs pyarrow: {exc}", err=True)
        raise typer.Exit(2)
    done = len(files) - len(failures)
    typer.echo(f"{done} extracted, {len(failures)} failed, {n_mentions} mentions, {time.perf_counter() - t0:.1f} s", err=True)
    if failures:
        raise typer.Exit(1)


@app.command("eval-suite")
def eval_suite(
    files: List[Path] = typer.Argument(..., help="Suite files (JSONL: text, expected, scope, ref)."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List each failing case."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the table as Markdown."),
) -> None:
    """Score sentence-level suites: P/R/F1 per type and per file."""
    from .suites import run_suite

    rows = []
    for f in files:
        try:
            res = run_suite(f)
        except (OSError, RecordError) as exc:
            typer.echo(f"error: {f}: {exc}", err=True)
            raise typer.Exit(2)
        rows.append(res)
        if show_errors:
            for case, misses, fps in res.failures:
                typer.echo(f"--- {case.id}  (ref={case.ref})\n    {case.text[:300]}")
                for m in misses:
                    typer.echo(f"    MISS {m.type} {m.text!r} = {m.value}")
                for m in fps:
                    typer.echo(f"    FP   {m.type} {m.text!r} = {m.value}  [{m.extra.get('rule')}]")
    if as_json:
        typer.echo(json.dumps({r.name: {"cases": r.cases, **r.report.as_dict()["mentions"]} for r in rows}, indent=2))
        return
    sep = " | " if markdown else "  "
    head = ["suite", "cases", "type", "gold", "pred", "P", "R", "F1"]
    lines = [head]
    for r in rows:
        types = [t for t, c in r.report.by_type.items() if c.tp + c.fn + c.fp]
        for t in types + ["ALL"]:
            c = r.report.overall if t == "ALL" else r.report.by_type[t]
            lines.append([r.name, str(r.cases), t, str(c.tp + c.fn), str(c.tp + c.fp),
                          f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}"])
    if markdown:
        typer.echo("| " + " | ".join(head) + " |")
        typer.echo("|" + "---|" * len(head))
        for row in lines[1:]:
            typer.echo("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
        for row in lines:
            typer.echo(sep.join(cell.ljust(w) for cell, w in zip(row, widths)))


def _json_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


@app.command()
def validate(paths: List[Path] = typer.Argument(..., help="Gold or output files, or folders of them.")) -> None:
    """Check files against the record contract; one line per problem (file, id, reason)."""
    from .gold import validate as check

    files = _json_files(paths)
    problems = [line for f in files for line in check(f)]
    for line in problems:
        typer.echo(line)
    typer.echo(f"{len(files)} files, {len(problems)} problems", err=True)
    if problems:
        raise typer.Exit(1)


@app.command()
def label(paths: List[Path] = typer.Argument(..., help="Hand-written gold files (mentions by text, in text order).")) -> None:
    """Fill in mention offsets and ids of gold files from their texts, in place."""
    from .gold import write_labelled

    failed = 0
    for f in _json_files(paths):
        try:
            write_labelled(f)
        except (RecordError, KeyError, ValueError) as exc:
            typer.echo(f"error: {f}: {exc}", err=True)
            failed += 1
    if failed:
        raise typer.Exit(1)


def _load_pairs(gold_dir: Path, out_dir: Path):
    pairs = []
    for g in sorted(gold_dir.glob("*.json")):
        gold = docmod.load(g)
        o = out_dir / f"{gold.doc_id}.json"
        pred = docmod.load(o) if o.exists() else docmod.Document(doc_id=gold.doc_id)
        pairs.append((gold, pred))
    return pairs


@app.command()
def score(
    gold_dir: Path = typer.Argument(..., help="Folder of gold files."),
    output_dir: Path = typer.Argument(..., help="Folder of extraction outputs."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the tables as Markdown."),
    doc: Optional[str] = typer.Option(None, "--doc", help="List the misses and false positives of one article."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 when overall mention F1 is below this."),
    thresholds: Optional[Path] = typer.Option(None, help="JSON floors: {\"AREA\": 0.9, \"ALL\": 0.9, \"zones\": 0.85, ...}."),
) -> None:
    """Score outputs against gold files (GOLD_FORMAT.md scoring)."""
    from . import report as rep
    from .score import score_corpus

    try:
        pairs = _load_pairs(gold_dir, output_dir)
    except RecordError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    if doc:
        pairs = [p for p in pairs if p[0].doc_id == doc]
        if not pairs:
            typer.echo(f"error: no gold file for {doc}", err=True)
            raise typer.Exit(2)
    result = score_corpus(pairs)
    if doc:
        typer.echo(rep.doc_errors(pairs[0][0], result.docs[0], (gold_dir.parent / "articles" / f"{doc}.txt")))
    elif as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    else:
        typer.echo(rep.tables(result, markdown=markdown))
    floors = {}
    if thresholds:
        floors = json.loads(thresholds.read_text())
    if min_f1 is not None:
        floors["ALL"] = min_f1
    below = rep.below_floors(result, floors)
    for line in below:
        typer.echo(f"below floor: {line}", err=True)
    if below:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
