"""Batch extraction: many articles into one output folder, incrementally.

An output folder holds ``<doc_id>.json`` per article, the tables, and a
manifest (``.manifest.jsonl``): one line per article with the source file,
its size, modification time and SHA-256, and the pipeline version that wrote
the record. A run skips an article whose text and pipeline version are those
of the manifest (``force`` redoes it), so a folder of thousands can be run
again tomorrow at the cost of reading what is new.

Every file is written atomically and the manifest line of an article is
appended (and synced) only after its record is on disk, so a run that is
killed leaves complete files and a manifest that names only them: the next
run does the rest. With ``jobs > 1`` articles are extracted on worker
processes and written by the main process in input order, so the folder is
byte-identical whatever the number of jobs.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .document import write_atomic

MANIFEST = ".manifest.jsonl"
TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm"}


@lru_cache(maxsize=None)
def pipeline_version() -> str:
    """The package version plus a hash of the package's code and of the rule files:
    a record written by another version is stale."""
    from .rules import fingerprint

    h = hashlib.sha256(fingerprint().encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


def article_paths(paths: list[Path]) -> list[Path]:
    """Files, folders (searched recursively for .txt/.text/.html/.htm) and glob patterns,
    in the order given, each folder's files in name order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            # a broken link is listed too, so that it is reported rather than skipped
            out.extend(sorted(q for q in p.rglob("*") if (q.is_file() or q.is_symlink()) and q.suffix.lower() in TEXT_SUFFIXES))
        elif not p.exists() and any(ch in str(p) for ch in "*?["):
            pattern = str(p)
            root = Path(p.anchor) if p.is_absolute() else Path()
            rel = pattern[len(p.anchor):] if p.is_absolute() else pattern
            out.extend(sorted(q for q in root.glob(rel) if q.is_file()))
        else:
            out.append(p)
    return out


@dataclass
class Summary:
    articles: int = 0
    extracted: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: int = 0
    zones: int = 0
    seconds: float = 0.0
    failures: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"articles": self.articles, "extracted": self.extracted, "skipped": self.skipped,
                "failed": self.failed, "mentions": self.mentions, "zones": self.zones,
                "seconds": round(self.seconds, 3), "failures": list(self.failures)}

    def line(self) -> str:
        return (f"{self.articles} articles: {self.extracted} extracted, {self.skipped} skipped, "
                f"{self.failed} failed; {self.mentions} mentions, {self.zones} zones; {self.seconds:.1f} s")


class Manifest:
    """The output folder's record of what was extracted from what, by which version."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST
        self.entries: dict[str, dict] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a killed run: that article is redone
            if isinstance(entry, dict) and isinstance(entry.get("doc_id"), str):
                self.entries[entry["doc_id"]] = entry

    def fresh(self, doc_id: str, stat: os.stat_result, digest: Callable[[], str], version: str, settings: dict,
              out_dir: Path) -> bool:
        """Whether the record of ``doc_id`` is up to date for this file, version and settings."""
        entry = self.entries.get(doc_id)
        if not entry or entry.get("version") != version or entry.get("settings") != settings:
            return False
        if not all((out_dir / name).is_file() for name in entry.get("outputs", [])):
            return False
        if entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns:
            return True
        return entry.get("sha256") == digest()

    def append(self, entry: dict) -> None:
        self.entries[entry["doc_id"]] = entry
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def compact(self) -> None:
        """Rewrite the manifest with one line per article, sorted by doc_id."""
        lines = [json.dumps(self.entries[k], ensure_ascii=False, sort_keys=True) for k in sorted(self.entries)]
        write_atomic(self.path, "".join(line + "\n" for line in lines))


# ---------------------------------------------------------------- extraction work

def extract_file(path: str, doc_id: str, encoding: str | None, published: str | None,
                 n_process: int | None = None) -> dict:
    """Read and extract one article file. Returns the record's JSON text (and the page's
    text for HTML inputs) or the error, never raises for a bad file."""
    from .extraction import extract
    from .reading import InputError, read_input

    try:
        text, from_html = read_input(Path(path), encoding)
        doc = extract(text, doc_id=doc_id, n_process=n_process)
        if doc.published is None and published:
            doc = extract(text, doc_id=doc_id, published=published, n_process=n_process)
        return {"doc_id": doc_id, "record": doc.dumps(), "source": text if from_html else None,
                "mentions": len(doc.mentions), "zones": len(doc.zones)}
    except (OSError, InputError) as exc:
        return {"doc_id": doc_id, "error": str(exc)}
    except Exception as exc:  # one bad article must not stop the batch
        return {"doc_id": doc_id, "error": f"{type(exc).__name__}: {exc}"}


def _work(task: tuple) -> dict:
    return extract_file(*task, n_process=1)  # a worker process cannot start processes of its own


def _init_worker() -> None:
    from .nlp import shared

    shared()


def _results(tasks: list[tuple], jobs: int) -> Iterator[dict]:
    """Results in task order, from this process or from ``jobs`` workers."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield extract_file(*task)
        return
    import multiprocessing as mp

    _init_worker()  # built once here; forked workers inherit it
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else methods[0])
    with ctx.Pool(min(jobs, len(tasks)), initializer=_init_worker) as pool:
        yield from pool.imap(_work, tasks, chunksize=4)


# ---------------------------------------------------------------- the run

class _Progress:
    """A bar on a terminal, a plain line every few seconds elsewhere."""

    def __init__(self, total: int, bar: bool, stream=None):
        self.total, self.done, self.t0 = total, 0, time.perf_counter()
        self.stream = stream or sys.stderr
        self.last = self.t0
        self.bar = None
        if bar and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                                TimeRemainingColumn(), transient=True, console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("extract", total=total, rate="")

    def advance(self) -> None:
        self.done += 1
        now = time.perf_counter()
        rate = self.done / max(now - self.t0, 1e-9)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f} articles/s", refresh=True)
        elif now - self.last >= 2.0 or self.done == self.total:
            self.last = now
            print(f"extract: {self.done}/{self.total} articles, {rate:.1f} articles/s", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _clean_temporaries(out_dir: Path) -> None:
    """Remove the temporary files of a run that was killed while writing."""
    for tmp in out_dir.glob(".*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


class FolderBusy(RuntimeError):
    """Another run is writing to the same output folder."""


@contextmanager
def _locked(out_dir: Path):
    """Hold ``OUT/.lock`` for the run, so that two runs (an overlapping cron job) never
    write one folder at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks on this platform
        yield
        return
    with open(out_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise FolderBusy(f"{out_dir}: another zones extract run is writing to this folder") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run(paths: list[Path], out_dir: Path, **options) -> Summary:
    """Extract every article of ``paths`` into ``out_dir``; see the module's doc and
    ``_run`` for the options. Raises ``FolderBusy`` while another run holds the folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        return _run(paths, out_dir, **options)


def _run(paths: list[Path], out_dir: Path, *, jobs: int | None = None, force: bool = False,
         published: str | None = None, encoding: str | None = None, progress: bool = False,
         table_format: str = "csv", on_error: Callable[[str, str], None] | None = None) -> Summary:
    t0 = time.perf_counter()
    _clean_temporaries(out_dir)
    files = article_paths(paths)
    version = pipeline_version()
    settings = {"published": published, "encoding": encoding}
    manifest = Manifest(out_dir)
    summary = Summary(articles=len(files))
    seen: dict[str, str] = {}
    todo: list[tuple[Path, str, os.stat_result | None, str | None]] = []

    def fail(path: Path | str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append({"file": str(path), "error": reason})
        if on_error:
            on_error(str(path), reason)

    for path in files:
        doc_id = path.stem
        if doc_id in seen:
            fail(path, f"doc_id {doc_id!r} is also the name of {seen[doc_id]}: one of them must be renamed")
            continue
        seen[doc_id] = str(path)
        try:
            stat = path.stat()
        except OSError as exc:
            fail(path, f"cannot read: {exc.strerror or exc}")
            continue
        digest_cache: list[str] = []

        def digest(path=path, cache=digest_cache) -> str:
            if not cache:
                cache.append(hashlib.sha256(path.read_bytes()).hexdigest())
            return cache[0]

        try:
            if not force and manifest.fresh(doc_id, stat, digest, version, settings, out_dir):
                summary.skipped += 1
                continue
            todo.append((path, doc_id, stat, digest()))
        except OSError as exc:
            fail(path, f"cannot read: {exc.strerror or exc}")

    bar = _Progress(len(todo), progress)
    jobs = jobs or os.cpu_count() or 1
    tasks = [(str(path), doc_id, encoding, published) for path, doc_id, _, _ in todo]
    try:
        for (path, doc_id, stat, sha), result in zip(todo, _results(tasks, jobs)):
            if "error" in result:
                fail(path, result["error"])
            else:
                outputs = [f"{doc_id}.json"]
                if result["source"] is not None:  # offsets refer to the page's text: keep it beside the record
                    write_atomic(out_dir / f"{doc_id}.source.txt", result["source"])
                    outputs.append(f"{doc_id}.source.txt")
                write_atomic(out_dir / f"{doc_id}.json", result["record"])
                manifest.append({"doc_id": doc_id, "file": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                                 "sha256": sha, "version": version, "settings": settings, "outputs": outputs})
                summary.extracted += 1
                summary.mentions += result["mentions"]
                summary.zones += result["zones"]
            bar.advance()
    finally:
        bar.close()
    if summary.extracted or not _tables_present(out_dir, table_format):
        from .tables import write_tables

        write_tables(out_dir, table_format)
    if summary.extracted:
        manifest.compact()
    summary.seconds = time.perf_counter() - t0
    return summary


def _tables_present(out_dir: Path, table_format: str) -> bool:
    suffix = "parquet" if table_format == "parquet" else "csv"
    return all((out_dir / f"{name}.{suffix}").is_file() for name in ("zones", "facts"))
