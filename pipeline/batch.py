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
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .document import RecordError, write_atomic

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
    """The article files of ``paths`` (see ``collect``), without the problems."""
    return collect(paths)[0]


def collect(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files, folders (searched recursively for .txt/.text/.html/.htm) and glob patterns,
    in the order given, each folder's files in name order; and (path, reason) for what
    cannot be read: folders that cannot be listed, FIFOs, sockets and devices (never
    opened, so that naming a FIFO cannot hang a run). A broken link is listed as a file,
    so that it is reported rather than skipped."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        if p.is_dir():
            found: list[Path] = []

            def unreadable(exc: OSError) -> None:
                problems.append((str(exc.filename or p), f"cannot list this folder: {exc.strerror or exc}"))

            for root, dirs, names in os.walk(p, onerror=unreadable):
                dirs.sort()
                for name in names:
                    q = Path(root) / name
                    if q.suffix.lower() not in TEXT_SUFFIXES:
                        continue
                    kind = _special(q)
                    if kind:
                        problems.append((str(q), f"not a regular file ({kind})"))
                    else:
                        found.append(q)
            files.extend(sorted(found))
        elif not p.exists() and not p.is_symlink() and any(ch in str(p) for ch in "*?["):
            pattern = str(p)
            root = Path(p.anchor) if p.is_absolute() else Path()
            rel = pattern[len(p.anchor):] if p.is_absolute() else pattern
            files.extend(sorted(q for q in root.glob(rel) if q.is_file()))
        else:
            files.append(p)
    return files, problems


def _special(path: Path) -> str | None:
    """'FIFO', 'socket' or 'device' for such a file system entry, else None."""
    try:
        return _kind(path.lstat().st_mode)
    except OSError:
        return None


def _kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return None


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
    tables_error: str | None = None  # why zones/facts tables could not be written

    def as_dict(self) -> dict:
        return {"articles": self.articles, "extracted": self.extracted, "skipped": self.skipped,
                "failed": self.failed, "mentions": self.mentions, "zones": self.zones,
                "seconds": round(self.seconds, 3), "failures": list(self.failures), "tables_error": self.tables_error}

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

    def source_of(self, doc_id: str) -> Path | None:
        """The article file the record of ``doc_id`` was extracted from, if it is still
        there with the same bytes. Paths are stored relative to the output folder (older
        manifests: relative to the run's working directory)."""
        entry = self.entries.get(doc_id)
        if not entry or not isinstance(entry.get("file"), str):
            return None
        for cand in (self.path.parent / entry["file"], Path(entry["file"])):
            if cand.is_file():
                if entry.get("sha256") and hashlib.sha256(cand.read_bytes()).hexdigest() != entry["sha256"]:
                    raise RecordError(f"{cand}: the article has changed since its record was written; extract it again")
                return cand
        return None

    def compact(self) -> None:
        """Rewrite the manifest with one line per article, sorted by doc_id."""
        lines = [json.dumps(self.entries[k], ensure_ascii=False, sort_keys=True) for k in sorted(self.entries)]
        write_atomic(self.path, "".join(line + "\n" for line in lines))


def text_path(record_path: Path, doc_id: str) -> Path:
    """The text a record's offsets refer to: ``<doc_id>.source.txt`` beside it (pages),
    a sibling ``<doc_id>.txt``/``.text``, ``../articles/<doc_id>.txt`` (a gold folder
    beside its articles), or the file the output folder's manifest names."""
    folder = record_path.parent
    for cand in (folder / f"{doc_id}.source.txt", folder / f"{doc_id}.txt", folder / f"{doc_id}.text",
                 folder.parent / "articles" / f"{doc_id}.txt"):
        if cand.is_file():
            return cand
    found = _manifest_of(folder).source_of(doc_id)
    if found is None:
        raise RecordError(f"{record_path}: cannot find the text of {doc_id!r}: not beside the record, in ../articles, "
                          "or named by the folder's manifest")
    return found


def _manifest_of(folder: Path) -> Manifest:
    """The manifest of an output folder, read once for as long as it is unchanged."""
    path = folder / MANIFEST
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    except OSError:
        key = (str(path), 0, 0)
    return _read_manifest(key, folder)


@lru_cache(maxsize=8)
def _read_manifest(key: tuple, folder: Path) -> Manifest:
    return Manifest(folder)


def _portable(path: Path, out_dir: Path) -> str:
    """``path`` as the manifest stores it: relative to the output folder, so that it
    resolves from any working directory (absolute where no relative path exists)."""
    try:
        return os.path.relpath(os.path.abspath(path), os.path.abspath(out_dir))
    except ValueError:  # another drive
        return os.path.abspath(path)


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


def _init_worker() -> None:
    from .nlp import shared

    shared()


DEFAULT_TIMEOUT = 600.0  # seconds per article; a 10 MB article takes about 40 s


def _results(tasks: list[tuple], jobs: int, timeout: float | None) -> Iterator[dict]:
    """Results in task order. Without a time limit and with one job, articles are
    extracted in this process; otherwise on ``jobs`` worker processes, and an article
    that runs past ``timeout`` seconds is a failure whose worker is replaced."""
    if not tasks:
        return
    if not timeout and (jobs <= 1 or len(tasks) <= 1):
        for task in tasks:
            yield extract_file(*task)
        return
    _init_worker()  # built once here; forked workers inherit it
    with _Workers(min(jobs, len(tasks)), timeout, one_job=jobs <= 1) as workers:
        yield from workers.map(tasks)


def _worker_loop(conn, one_job: bool, inherited: list) -> None:
    """A worker process: extract each task received on ``conn`` and send the result
    back, until told to stop or the main process is gone."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    os.setsid()  # a group of its own: replacing the worker ends the processes it started too
    # Close what the fork copied from the main process: the folder's lock (a killed main
    # process must not leave it held) and the main process's ends of the pipes (so that
    # its death reads as the end of the pipe here).
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    for other in inherited:
        other.close()
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            # a worker can split one long article over two processes of its own only when it is the only worker
            conn.send(extract_file(*task, n_process=None if one_job else 1))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        return  # the main process has gone: nothing to report to


class _Workers:
    """Worker processes fed one article at a time over pipes, each with a deadline."""

    def __init__(self, n: int, timeout: float | None, one_job: bool):
        import multiprocessing as mp

        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else methods[0])
        self.timeout, self.one_job = timeout, one_job
        self.procs: list = [None] * n

    def __enter__(self) -> "_Workers":
        for i in range(len(self.procs)):
            self.procs[i] = self._start()
        return self

    def __exit__(self, *exc) -> None:
        for proc, conn in filter(None, self.procs):
            try:
                conn.send(None)
            except OSError:
                pass
        for proc, conn in filter(None, self.procs):
            proc.join(timeout=2)
            if proc.is_alive():
                self._kill(proc)
            conn.close()

    def _start(self):
        parent, child = self.ctx.Pipe()
        inherited = [parent] + [conn for _, conn in filter(None, self.procs)]
        proc = self.ctx.Process(target=_worker_loop, args=(child, self.one_job, inherited), daemon=not self.one_job)
        proc.start()
        child.close()
        return proc, parent

    @staticmethod
    def _kill(proc) -> None:
        """End a worker and any process it started (spaCy's, for a long article)."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (OSError, AttributeError):
            proc.kill()
        proc.join()

    def _replace(self, i: int) -> None:
        proc, conn = self.procs[i]
        self._kill(proc)
        conn.close()
        self.procs[i] = self._start()

    def _send(self, i: int, task: tuple) -> None:
        """Give worker ``i`` a task, replacing it first if it died while idle."""
        try:
            self.procs[i][1].send(task)
        except OSError:
            self._replace(i)
            self.procs[i][1].send(task)

    def map(self, tasks: list[tuple]) -> Iterator[dict]:
        from multiprocessing.connection import wait

        done: dict[int, dict] = {}
        busy: dict[int, tuple[int, float]] = {}  # worker -> (task index, deadline)
        queue = iter(range(len(tasks)))
        following = 0
        while following < len(tasks):
            for i in range(len(self.procs)):
                if i not in busy:
                    n = next(queue, None)
                    if n is None:
                        break
                    self._send(i, tasks[n])
                    busy[i] = (n, time.monotonic() + self.timeout if self.timeout else float("inf"))
            soonest = min(deadline for _, deadline in busy.values())
            wait_for = None if soonest == float("inf") else max(0.0, soonest - time.monotonic())
            ready = wait([self.procs[i][1] for i in busy], timeout=wait_for)
            for i in list(busy):
                n, deadline = busy[i]
                proc, conn = self.procs[i]
                if conn in ready:
                    try:
                        done[n] = conn.recv()
                    except (EOFError, OSError):
                        proc.join(1)
                        done[n] = {"doc_id": tasks[n][1], "error": f"worker process died (exit code {proc.exitcode})"}
                        self._replace(i)
                    del busy[i]
                elif time.monotonic() >= deadline:
                    done[n] = {"doc_id": tasks[n][1], "error": f"timed out after {self.timeout:g} s (--timeout)"}
                    self._replace(i)
                    del busy[i]
            while following in done:
                yield done.pop(following)
                following += 1


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
        _LOCK_FDS.add(fh.fileno())
        try:
            yield
        finally:
            _LOCK_FDS.discard(fh.fileno())
            fcntl.flock(fh, fcntl.LOCK_UN)


_LOCK_FDS: set[int] = set()  # file descriptors of the locks this process holds (closed in forked workers)


def run(paths: list[Path], out_dir: Path, **options) -> Summary:
    """Extract every article of ``paths`` into ``out_dir``; see the module's doc and
    ``_run`` for the options. Raises ``FolderBusy`` while another run holds the folder,
    ``OutputError`` when the folder cannot be made or written, ``ImportError`` when
    parquet tables are asked for without pyarrow (before anything is extracted)."""
    if options.get("table_format") == "parquet":
        import importlib

        importlib.import_module("pyarrow")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is a file, not a folder (--out names the folder the records go to)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / ".lock").touch()
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the output folder: {exc.strerror or exc}") from None
    with _locked(out_dir):
        return _run(paths, out_dir, **options)


class OutputError(OSError):
    """The output folder cannot be made or written."""


def _run(paths: list[Path], out_dir: Path, *, jobs: int | None = None, force: bool = False,
         published: str | None = None, encoding: str | None = None, progress: bool = False,
         table_format: str = "csv", on_error: Callable[[str, str], None] | None = None,
         timeout: float | None = DEFAULT_TIMEOUT) -> Summary:
    t0 = time.perf_counter()
    _clean_temporaries(out_dir)
    files, problems = collect(paths)
    version = pipeline_version()
    settings = {"published": published, "encoding": encoding}
    manifest = Manifest(out_dir)
    summary = Summary(articles=len(files) + len(problems))
    seen: dict[str, str] = {}
    todo: list[tuple[Path, str, os.stat_result | None, str | None]] = []

    def fail(path: Path | str, reason: str) -> None:
        summary.failed += 1
        summary.failures.append({"file": str(path), "error": reason})
        if on_error:
            on_error(str(path), reason)

    for path, reason in problems:
        fail(path, reason)
    for path in files:
        doc_id = path.stem
        if doc_id in seen:
            fail(path, f"doc_id {doc_id!r} is also the name of {seen[doc_id]}: one of them must be renamed")
            continue
        seen[doc_id] = str(path)
        try:
            info = path.stat()
        except OSError as exc:
            fail(path, f"cannot read: {exc.strerror or exc}")
            continue
        if not stat.S_ISREG(info.st_mode):  # a FIFO named here is never opened
            fail(path, f"not a regular file ({_kind(info.st_mode) or 'folder'})")
            continue
        digest_cache: list[str] = []

        def digest(path=path, cache=digest_cache) -> str:
            if not cache:
                cache.append(hashlib.sha256(path.read_bytes()).hexdigest())
            return cache[0]

        try:
            if not force and manifest.fresh(doc_id, info, digest, version, settings, out_dir):
                summary.skipped += 1
                kept = _counts(manifest.entries[doc_id], out_dir)
                summary.mentions += kept[0]
                summary.zones += kept[1]
                continue
            todo.append((path, doc_id, info, digest()))
        except OSError as exc:
            fail(path, f"cannot read: {exc.strerror or exc}")

    bar = _Progress(len(todo), progress)
    jobs = jobs or os.cpu_count() or 1
    tasks = [(str(path), doc_id, encoding, published) for path, doc_id, _, _ in todo]
    try:
        for (path, doc_id, info, sha), result in zip(todo, _results(tasks, jobs, timeout)):
            if "error" in result:
                fail(path, result["error"])
            else:
                outputs = [f"{doc_id}.json"]
                if result["source"] is not None:  # offsets refer to the page's text: keep it beside the record
                    write_atomic(out_dir / f"{doc_id}.source.txt", result["source"])
                    outputs.append(f"{doc_id}.source.txt")
                write_atomic(out_dir / f"{doc_id}.json", result["record"])
                manifest.append({"doc_id": doc_id, "file": _portable(path, out_dir), "size": info.st_size,
                                 "mtime_ns": info.st_mtime_ns, "sha256": sha, "version": version, "settings": settings,
                                 "outputs": outputs, "mentions": result["mentions"], "zones": result["zones"]})
                summary.extracted += 1
                summary.mentions += result["mentions"]
                summary.zones += result["zones"]
            bar.advance()
    finally:
        bar.close()
    if summary.extracted:
        manifest.compact()
    if summary.extracted or not _tables_present(out_dir, table_format):
        from .tables import write_tables

        try:
            write_tables(out_dir, table_format)
        except RecordError as exc:  # a foreign file in OUT stops the tables, not the records
            summary.tables_error = f"tables not written: {exc}"
    summary.seconds = time.perf_counter() - t0
    return summary


def _counts(entry: dict, out_dir: Path) -> tuple[int, int]:
    """(mentions, zones) of a kept record: from its manifest line, or from the record
    itself for manifests written before the counts were kept."""
    if isinstance(entry.get("mentions"), int) and isinstance(entry.get("zones"), int):
        return entry["mentions"], entry["zones"]
    try:
        from .document import load

        doc = load(out_dir / f"{entry['doc_id']}.json")
        return len(doc.mentions), len(doc.zones)
    except RecordError:
        return 0, 0


def _tables_present(out_dir: Path, table_format: str) -> bool:
    suffix = "parquet" if table_format == "parquet" else "csv"
    return all((out_dir / f"{name}.{suffix}").is_file() for name in ("zones", "facts"))
