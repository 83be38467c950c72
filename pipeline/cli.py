"""The ``zones`` command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import document as docmod
from .batch import DEFAULT_TIMEOUT
from .document import RecordError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn press releases about development zones into structured zone records.")


def _print_version(value: bool) -> None:
    if value:
        from . import __version__
        from .batch import pipeline_version

        typer.echo(f"zones {__version__} (pipeline {pipeline_version()})")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and the pipeline version (package version + hash of its code and rules) and exit."),
) -> None:
    """Turn press releases about development zones into structured zone records."""

@app.command()
def extract(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Article files, folders of them, glob patterns, fsspec URLs (s3://bucket/prefix, with --scheduler), or - for one article on standard input."),
    out: Optional[str] = typer.Option(None, "--out", "-o", metavar="DIR", help="Folder for <doc_id>.json files, tables and the manifest (default: outputs); with --scheduler also an fsspec URL."),
    published: Optional[str] = typer.Option(None, metavar="YYYY-MM-DD", help="Publication date (YYYY-MM-DD) for articles whose header has none."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="N", min=1, help="Worker processes (default: the machine's cores)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Run on a Dask cluster: its scheduler (tcp://HOST:8786), or local:N for a local cluster of N worker processes (needs the package's cluster extra: dask, distributed, fsspec, s3fs)."),
    force: bool = typer.Option(False, "--force", help="Extract every article, even those whose record is up to date."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal; plain lines otherwise)."),
    fmt: str = typer.Option("csv", "--format", metavar="csv|parquet", help="Tables beside the JSON files: csv, or parquet (needs pyarrow)."),
    encoding: Optional[str] = typer.Option(None, metavar="ENC", help="Read every file in this encoding (default: detect UTF-8/16/32, GB18030, Big5)."),
    doc_id: str = typer.Option("stdin", "--doc-id", metavar="ID", help="doc_id of the article read from standard input."),
    summary_file: Optional[Path] = typer.Option(None, "--summary", metavar="FILE", help="Also write the run's summary (with its failures) as JSON here."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", metavar="SECONDS", min=0,
                                  help="Time limit per article: one that runs longer is reported as failed, its worker replaced, and the batch goes on (0: no limit)."),
) -> None:
    """Extract articles into OUT/<doc_id>.json (the GOLD_FORMAT record), OUT/zones.csv
    and OUT/facts.csv. Articles whose text and pipeline version are unchanged since
    their last output are skipped (see OUT/.manifest.jsonl); exit 1 if any failed."""
    published = _check_extract_options(fmt, published, scheduler, jobs)
    if paths == ["-"]:
        if out is not None:
            typer.echo(f"warning: --out {out} is ignored: the record of standard input goes to standard output", err=True)
        _extract_stdin(doc_id, published, encoding)
        return
    out = out or "outputs"
    inputs, collected = _extract_inputs(paths, out, scheduler)
    show = sys.stderr.isatty() if progress is None else progress
    summary = _run_batch(inputs, out, scheduler=scheduler, collected=collected, jobs=jobs, force=force,
                         published=published, encoding=encoding, progress=show, table_format=fmt,
                         timeout=timeout or None, on_error=lambda f, reason: typer.echo(f"error: {f}: {reason}", err=True))
    _report_summary(summary, summary_file)


def _check_extract_options(fmt: str, published: Optional[str], scheduler: Optional[str], jobs: Optional[int]) -> Optional[str]:
    """``published`` as an ISO date; exit 2 with one line for an option that cannot be used."""
    if fmt not in ("csv", "parquet"):
        typer.echo(f"error: unknown --format {fmt!r} (csv or parquet)", err=True)
        raise typer.Exit(2)
    if scheduler is not None:
        from .cluster import check_scheduler

        try:
            check_scheduler(scheduler)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
        if jobs is not None:
            typer.echo("error: --jobs and --scheduler: with --scheduler the cluster's workers are the processes "
                       "(local:N for N of them)", err=True)
            raise typer.Exit(2)
    if published is not None:
        try:
            return _iso_date(published)
        except ValueError:
            typer.echo(f"error: --published {published!r} is not a date (YYYY-MM-DD)", err=True)
            raise typer.Exit(2)
    return None


def _extract_inputs(paths: list[str], out: str, scheduler: Optional[str]):
    """(the inputs, what they hold) of a batch: local paths, and URLs where a cluster
    reads them; exit 2 when nothing is there or a URL needs what is not installed."""
    from .storage import is_url, local_path

    urls = [p for p in paths + [out] if is_url(p)]
    if urls and scheduler is None:
        typer.echo(f"error: {urls[0]}: URLs are read and written by cluster runs: add --scheduler local:N "
                   "(N processes on this machine) or --scheduler tcp://HOST:8786", err=True)
        raise typer.Exit(2)
    inputs = [p if is_url(p) else local_path(p) for p in paths]
    try:
        if scheduler is None:
            from .batch import collect

            found, problems = collect(inputs)
        else:
            from .cluster import collect_any, require_dask

            require_dask()
            found, problems = collect_any(inputs)
    except ImportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    if not found and not problems:
        typer.echo("error: no article files found in " + " ".join(map(str, paths)), err=True)
        raise typer.Exit(2)
    return inputs, (found, problems)


def _run_batch(inputs: list, out: str, **options):
    """``batch.run``; exit 2 with one line when the run cannot go on."""
    from .batch import FolderBusy, OutputError, run
    from .cluster import ClusterError
    from .storage import MissingExtra, is_url, local_path

    where = out if is_url(out) else local_path(out)
    try:
        return run(inputs, where, **options)
    except MissingExtra as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    except ImportError as exc:
        typer.echo(f"error: --format parquet needs pyarrow (pip install pyarrow): {exc}", err=True)
        raise typer.Exit(2)
    except (FolderBusy, OutputError, ClusterError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    except OSError as exc:  # a disk that fills up, a folder removed under the run
        typer.echo(f"error: {exc.filename or out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2)


def _report_summary(summary, summary_file: Optional[Path]) -> None:
    """The summary line and failures on standard error, the JSON summary, the exit code."""
    typer.echo(summary.line(), err=True)
    for failure in summary.failures:
        typer.echo(f"  failed: {failure['file']}: {failure['error']}", err=True)
    if summary.tables_error:
        typer.echo(f"error: {summary.tables_error}", err=True)
    if summary_file:
        try:
            docmod.write_atomic(summary_file, json.dumps(summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            typer.echo(f"error: {summary_file}: cannot write the summary: {exc.strerror or exc}", err=True)
            raise typer.Exit(2)
    if summary.tables_error:
        raise typer.Exit(2)
    if summary.failed:
        raise typer.Exit(1)


def _iso_date(value: str) -> str:
    import datetime as dt

    return dt.date.fromisoformat(value).isoformat()


def _extract_stdin(doc_id: str, published: Optional[str], encoding: Optional[str]) -> None:
    """One article from standard input, its record as JSON on standard output."""
    from .extraction import extract as extract_one
    from .reading import InputError, decode, is_html, page_to_article

    try:
        text = decode(sys.stdin.buffer.read(), encoding)
    except InputError as exc:
        typer.echo(f"error: <stdin>: {exc}", err=True)
        raise typer.Exit(1)
    if is_html(text):
        text = page_to_article(text)
    doc = extract_one(text, doc_id=doc_id)
    if doc.published is None and published:
        doc = extract_one(text, doc_id=doc_id, published=published)
    sys.stdout.write(doc.dumps())


@app.command("eval-suite")
def eval_suite(
    files: List[Path] = typer.Argument(..., metavar="FILE.jsonl...", help="Suite files (JSONL: text, expected, scope, ref)."),
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
def validate(paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Gold or output files, or folders of them.")) -> None:
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
def label(paths: List[Path] = typer.Argument(..., metavar="GOLD_FILE...", help="Hand-written gold files (mentions by text, in text order).")) -> None:
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


class ScoreInputError(ValueError):
    """Scoring would measure nothing, or the gold is invalid."""


def _load_pairs(gold_dir: Path, out_dir: Path):
    """(gold, output) pairs for the documents present on both sides, and the doc_ids
    present on one side only. Raises ScoreInputError where nothing would be measured
    (a missing or empty folder, no gold document with an output) and on invalid gold."""
    from .gold import validate as check

    for folder, what in ((gold_dir, "gold folder"), (out_dir, "output folder")):
        if not folder.exists():
            raise ScoreInputError(f"{folder}: {what} does not exist")
        if not folder.is_dir():
            raise ScoreInputError(f"{folder}: {what} is not a folder")
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise ScoreInputError(f"{gold_dir}: no gold files (*.json) in this folder: nothing to score")
    out_files = {p.name: p for p in out_dir.glob("*.json")}
    if not out_files:
        raise ScoreInputError(f"{out_dir}: no records (*.json) in this folder: nothing to score")
    problems = [line for g in gold_files for line in check(g, require_text=False)]
    if problems:
        raise ScoreInputError("invalid gold:\n  " + "\n  ".join(problems))
    pairs, only_gold = [], []
    for g in gold_files:
        gold = docmod.load(g)
        o = out_files.pop(f"{gold.doc_id}.json", None)
        if o is None:
            only_gold.append(gold.doc_id)
        else:
            pairs.append((gold, docmod.load(o)))
    if not pairs:
        raise ScoreInputError(f"{out_dir}: none of the {len(gold_files)} gold documents of {gold_dir} has a record here: "
                              "nothing to score")
    return pairs, only_gold, sorted(p.stem for p in out_files.values())


@app.command()
def score(
    gold_dir: Path = typer.Argument(..., metavar="GOLD_DIR", help="Folder of gold files."),
    output_dir: Path = typer.Argument(..., metavar="OUTPUT_DIR", help="Folder of extraction outputs."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the tables as Markdown."),
    doc: Optional[str] = typer.Option(None, "--doc", metavar="ID", help="List the misses and false positives of one article."),
    min_f1: Optional[float] = typer.Option(None, "--min-f1", metavar="F1", help="Exit 1 when overall mention F1 is below this."),
    thresholds: Optional[Path] = typer.Option(None, metavar="FILE", help="JSON floors: {\"AREA\": 0.9, \"ALL\": 0.9, \"zones\": 0.85, ..., \"subsets\": {\"<doc_id glob>\": {...}}}."),
) -> None:
    """Score outputs against gold files (GOLD_FORMAT.md scoring)."""
    from . import report as rep
    from .score import score_corpus

    try:
        pairs, only_gold, only_out = _load_pairs(gold_dir, output_dir)
    except (RecordError, ScoreInputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    for ids, where in ((only_gold, f"have no record in {output_dir}"), (only_out, f"have no gold file in {gold_dir}")):
        if ids:
            shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
            typer.echo(f"not scored: {len(ids)} documents {where}: {shown}", err=True)
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
    below = rep.check_floors(pairs, floors)
    for line in below:
        typer.echo(f"below floor: {line}", err=True)
    if below:
        raise typer.Exit(1)


@app.command()
def diff(
    old: Path = typer.Argument(..., metavar="OLD", help="Folder of records: an earlier run, or the gold."),
    new: Path = typer.Argument(..., metavar="NEW", help="Folder of records to compare with it."),
    markdown: bool = typer.Option(False, "--markdown", help="Print Markdown (a pull-request comment)."),
    html_file: Optional[Path] = typer.Option(None, "--html", metavar="FILE", help="Also write a review page to this file."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when anything differs."),
) -> None:
    """Per article: mentions added, removed and changed; zones new, gone, renamed and
    changed; facts moved between zones. Then a summary table."""
    from . import diff as diffmod

    try:
        result = diffmod.diff_folders(old, new)
    except RecordError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(diffmod.as_markdown(result) if markdown else diffmod.as_text(result))
    if html_file:
        docmod.write_atomic(html_file, diffmod.as_html(result, str(old), str(new)))
    if exit_code and result.changes:
        raise typer.Exit(1)


@app.command()
def show(
    file: Path = typer.Argument(..., metavar="FILE", help="An article (.txt/.html), or an output record (.json) with its text beside it."),
    html_file: Optional[Path] = typer.Option(None, "--html", metavar="PAGE", help="Write a self-contained review page here instead."),
    against: Optional[Path] = typer.Option(None, "--against", metavar="GOLD", help="Gold record (or folder of them): mark misses and false positives."),
    text: Optional[Path] = typer.Option(None, "--text", metavar="ARTICLE", help="The article's text, when it is not beside the record."),
    encoding: Optional[str] = typer.Option(None, metavar="ENC", help="Encoding of the article file (default: detect)."),
) -> None:
    """Show an article with its mentions highlighted by type and their values beside
    them, then its zone records."""
    from . import show as showmod
    from .reading import InputError

    try:
        doc, body = showmod.load_record_and_text(file, text, encoding)
        gold = showmod.gold_record(against, doc.doc_id) if against else None
        if gold is not None:
            showmod.check_offsets(gold, body, str(against))
    except (OSError, InputError, RecordError, showmod.ShowError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    notes = showmod.annotations(doc, gold)
    if html_file:
        docmod.write_atomic(html_file, showmod.render_html(doc, body, notes, str(against) if against else None))
        typer.echo(f"{html_file}: {len(notes)} mentions, {len(doc.zones)} zones", err=True)
        return
    from rich.console import Console

    showmod.render_terminal(doc, body, notes, Console(highlight=False, soft_wrap=True))


@app.command("export-labelstudio")
def export_labelstudio(
    paths: List[Path] = typer.Argument(..., metavar="OUT_OR_GOLD...", help="Gold files, pipeline outputs, or folders of them."),
    out: Path = typer.Option(..., "--out", "-o", metavar="TASKS.json", help="The Label Studio tasks file to write."),
    kind: str = typer.Option("auto", "--as", metavar="auto|gold|predictions",
                             help="Read every record as gold (annotations) or as predictions; auto: outputs (a folder with the batch's manifest or tables, mentions with a rule) are predictions, the rest gold."),
    articles: Optional[Path] = typer.Option(None, "--articles", metavar="DIR", help="Folder of article texts, for records whose text is not beside them, in ../articles or named by their manifest."),
    model_version: Optional[str] = typer.Option(None, "--model-version", metavar="VERSION", help="model_version of the predictions (default: the pipeline version in the output folder's manifest, else this installation's)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Also write the labelling config (labelstudio/config.xml) here."),
) -> None:
    """Write Label Studio tasks (its JSON import format) for the labelling config
    labelstudio/config.xml: one task per article with its text; gold records as
    annotations, outputs as predictions. Exit 1 if any record could not be used."""
    from . import labelstudio as ls

    if kind not in ("auto", "gold", "predictions"):
        typer.echo(f"error: unknown --as {kind!r} (auto, gold or predictions)", err=True)
        raise typer.Exit(2)
    result = ls.export_tasks(paths, kind=kind, articles=articles, model_version=model_version)
    for line in result.sources:
        typer.echo(line, err=True)
    for line in result.warnings:
        typer.echo(f"warning: {line}", err=True)
    for line in result.errors:
        typer.echo(f"error: {line}", err=True)
    if not result.tasks:
        typer.echo("error: no tasks: no usable record in " + " ".join(map(str, paths)), err=True)
        raise typer.Exit(2)
    try:
        docmod.write_atomic(out, ls.tasks_json(result.tasks))
        if config:
            docmod.write_atomic(config, ls.config_path().read_text(encoding="utf-8"))
    except OSError as exc:
        typer.echo(f"error: {exc.filename or out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2)
    annotated = sum(1 for t in result.tasks if t["annotations"])
    predicted = sum(1 for t in result.tasks if t["predictions"])
    typer.echo(f"{out}: {len(result.tasks)} tasks ({annotated} with annotations, {predicted} with predictions), "
               f"{result.regions} regions", err=True)
    if result.errors:
        raise typer.Exit(1)


@app.command("import-labelstudio")
def import_labelstudio(
    export: Path = typer.Argument(..., metavar="EXPORT.json", help="A Label Studio JSON export (a list of tasks with annotations)."),
    out: Path = typer.Option(..., "--out", "-o", metavar="GOLD_DIR", help="Folder for the <doc_id>.json gold files."),
) -> None:
    """Turn a Label Studio JSON export back into gold files (GOLD_FORMAT) in GOLD_DIR,
    one per annotated task; the article text is written beside a gold file when it
    cannot be found otherwise. Exit 1 if any task failed (the others are written)."""
    from . import labelstudio as ls

    try:
        tasks = ls.read_export(export)
    except ls.LabelStudioError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    result = ls.documents_from_export(tasks, str(export))
    for line in result.notes:
        typer.echo(f"note: {line}", err=True)
    for line in result.errors:
        typer.echo(f"error: {line}", err=True)
    try:
        texts = sum(ls.write_gold(doc, text, out) for doc, text in result.documents)
    except OSError as exc:
        typer.echo(f"error: {exc.filename or out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{export}: {result.tasks} tasks: {len(result.documents)} gold files written to {out}"
               f"{f' ({texts} with their text beside)' if texts else ''}, {result.skipped} not annotated, "
               f"{len(result.errors)} failed", err=True)
    if result.errors:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    import gc

    try:
        app()
    finally:
        # the interpreter's last collections would walk every object spaCy and the
        # rules made (a tenth of a second); the process ends, so they are skipped
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
