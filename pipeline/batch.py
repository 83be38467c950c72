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
byte-identical whatever the number of jobs. The main process writes on a thread
of its own, so that waiting for the disk does not hold up the workers; under load
the records of a few results are written together, made durable with one sync, and
their manifest lines appended after them with one more (see
``document.AtomicGroup``).

``Batch`` holds what every runner shares (the manifest, the settings, the plan
of what to skip, the summary, the end of the run) and ``write_outputs`` /
``completed`` write a record and make its manifest line: the cluster runner
(``pipeline.cluster``, ``--scheduler``) is built of the same pieces, its
workers writing the records, over folders of ``pipeline.storage``.
"""
from __future__ import annotations

import hashlib
import json
import os
import queue
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .document import Document, RecordError, parse_json
from .storage import LocalFolder

MANIFEST = ".manifest.jsonl"
PARTS = ".manifest.parts"  # manifest lines not yet merged, in folders without append (object storage)
FLUSH_SECONDS = 2.0  # how often such a folder gets a part file
TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm"}


@lru_cache(maxsize=None)
def pipeline_version() -> str:
    """The package version plus a hash of the package's code and of the rule files:
    a record written by another version is stale."""
    from .rules import fingerprint

    h = hashlib.sha256(fingerprint().encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):  # the zone engine's modules too
        h.update(str(path.relative_to(package)).encode())
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
    """The output folder's record of what was extracted from what, by which version.

    In a local folder a line is appended (and synced) per article. A folder on object
    storage (``pipeline.storage.RemoteFolder``) cannot be appended to: there the lines
    are written a few seconds' worth at a time as part files in ``.manifest.parts/``,
    read back after the main file, and merged into it by ``compact``."""

    def __init__(self, out_dir):
        self.folder = LocalFolder(out_dir) if isinstance(out_dir, (str, Path)) else out_dir
        self.path = self.folder.path / MANIFEST if self.folder.appendable else None
        self.entries: dict[str, dict] = {}
        self.parts: list[str] = [] if self.folder.appendable else self.folder.names(PARTS)
        self.pending: list[str] = []  # lines not yet written (folders without append)
        self.unsynced = False  # lines appended but not yet synced (local folders)
        self.flushed = time.monotonic()
        for name in [MANIFEST] + [f"{PARTS}/{part}" for part in self.parts]:
            try:
                lines = self.folder.read_text(name).splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
            for line in lines:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a killed run: that article is redone
                if isinstance(entry, dict) and isinstance(entry.get("doc_id"), str):
                    self.entries[entry["doc_id"]] = entry

    def current(self, doc_id: str, version: str, settings: dict, present: Callable[[str], bool]) -> dict | None:
        """The line of ``doc_id`` if this version wrote it with these settings and its
        outputs are all in the folder (``present``); whether the article's text is still
        the same is for the caller to tell (size and time, else its hash)."""
        entry = self.entries.get(doc_id)
        if not entry or entry.get("version") != version or entry.get("settings") != settings:
            return None
        if not all(present(name) for name in entry.get("outputs", [])):
            return None
        return entry

    def append(self, entry: dict, sync: bool = True) -> None:
        """Add the line of ``entry``; in a local folder it is appended at once, and synced
        unless ``sync`` is false (then ``sync()`` syncs the lines appended so far)."""
        self.entries[entry["doc_id"]] = entry
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        if self.folder.appendable:
            self.folder.append(MANIFEST, line, sync=sync)
            self.unsynced = not sync
            return
        self.pending.append(line)
        if time.monotonic() - self.flushed >= FLUSH_SECONDS:
            self.flush()

    def sync(self) -> None:
        """Sync the lines appended without syncing (local folders)."""
        if self.unsynced:
            self.folder.sync(MANIFEST)
            self.unsynced = False

    def flush(self) -> None:
        """Write the lines not yet written as one part file (folders without append)."""
        if self.pending:
            part = f"{time.time_ns():020d}.jsonl"
            self.folder.write(f"{PARTS}/{part}", "".join(self.pending))
            self.parts.append(part)
            self.pending = []
        self.flushed = time.monotonic()

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
        """Rewrite the manifest with one line per article, sorted by doc_id (and remove
        the part files it now holds)."""
        lines = [json.dumps(self.entries[k], ensure_ascii=False, sort_keys=True) for k in sorted(self.entries)]
        self.folder.write(MANIFEST, "".join(line + "\n" for line in lines))
        self.pending = []
        if self.parts:
            self.folder.remove([f"{PARTS}/{part}" for part in self.parts])
            self.parts = []


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
                 n_process: int | None = None, data: bytes | None = None) -> dict:
    """Read and extract one article file (or its bytes ``data``, read already). Returns
    the record's JSON text (and the page's text for HTML inputs) or the error, never
    raises for a bad file."""
    from .extraction import extract
    from .reading import InputError, read_input

    try:
        text, from_html = read_input(Path(path), encoding, data)
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
    """Worker processes fed articles over pipes, each article with a deadline."""

    DEPTH = 2  # tasks a worker holds: the one it works on and the next

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
        with _WRITING:  # not forked while the writer thread holds a lock (a stream's, say) the worker would inherit held
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

    def _send(self, i: int, task: tuple, idle: bool) -> None:
        """Give worker ``i`` a task. One that died while idle is replaced first; one that
        died at work is found out when its result does not come (``map``)."""
        try:
            self.procs[i][1].send(task)
        except OSError:
            if not idle:
                return
            self._replace(i)
            self.procs[i][1].send(task)

    def map(self, tasks: list[tuple]) -> Iterator[dict]:
        """Results in task order. Each worker holds up to ``DEPTH`` tasks, so that it
        starts the next while this process takes the last result; an article's deadline
        runs from when its worker starts it."""
        from multiprocessing.connection import wait

        done: dict[int, dict] = {}
        held: dict[int, list[int]] = {i: [] for i in range(len(self.procs))}  # worker -> its tasks, in order
        deadline: dict[int, float] = {}  # worker -> when its first task's time is up
        queue = iter(range(len(tasks)))
        following = 0

        def start(i: int) -> None:  # the worker's first task starts now
            deadline[i] = time.monotonic() + self.timeout if self.timeout else float("inf")

        def top_up(i: int) -> None:
            while len(held[i]) < self.DEPTH and (n := next(queue, None)) is not None:
                self._send(i, tasks[n], idle=not held[i])
                held[i].append(n)
                if len(held[i]) == 1:
                    start(i)

        while following < len(tasks):
            for i in held:
                top_up(i)
            busy = [i for i in held if held[i]]
            soonest = min(deadline[i] for i in busy)
            wait_for = None if soonest == float("inf") else max(0.0, soonest - time.monotonic())
            ready = wait([self.procs[i][1] for i in busy], timeout=wait_for)
            for i in busy:
                proc, conn = self.procs[i]
                error = None
                if conn in ready:
                    try:
                        done[held[i].pop(0)] = conn.recv()
                        if held[i]:
                            start(i)
                        continue
                    except (EOFError, OSError):
                        proc.join(1)
                        error = f"worker process died (exit code {proc.exitcode})"
                elif time.monotonic() >= deadline[i]:
                    error = f"timed out after {self.timeout:g} s (--timeout)"
                if error:
                    n = held[i].pop(0)
                    done[n] = {"doc_id": tasks[n][1], "error": error}
                    self._replace(i)
                    for k, m in enumerate(held[i]):  # its other tasks never started: the new worker takes them
                        self._send(i, tasks[m], idle=k == 0)
                    if held[i]:
                        start(i)
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


def run(paths: list, out_dir, **options) -> Summary:
    """Extract every article of ``paths`` into ``out_dir``; see the module's doc and
    ``_run`` for the options (with ``scheduler``, ``pipeline.cluster.run_on_cluster``).
    Raises ``FolderBusy`` while another run holds the folder, ``OutputError`` when the
    folder cannot be made or written, ``ImportError`` when parquet tables are asked for
    without pyarrow (before anything is extracted)."""
    if options.get("table_format") == "parquet":
        import importlib

        importlib.import_module("pyarrow")
    scheduler = options.pop("scheduler", None)
    if scheduler:
        from .cluster import run_on_cluster

        return run_on_cluster(paths, out_dir, scheduler=scheduler, **options)
    options.pop("collected", None)
    prepare(out_dir)
    with _locked(out_dir):
        return _run(paths, out_dir, **options)


def prepare(out_dir: Path) -> None:
    """Make the output folder and its lock file; OutputError says why not."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is a file, not a folder (--out names the folder the records go to)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / ".lock").touch()
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write the output folder: {exc.strerror or exc}") from None


class OutputError(OSError):
    """The output folder cannot be made or written."""


def _run(paths: list[Path], out_dir: Path, *, jobs: int | None = None, force: bool = False,
         published: str | None = None, encoding: str | None = None, progress: bool = False,
         table_format: str = "csv", on_error: Callable[[str, str], None] | None = None,
         timeout: float | None = DEFAULT_TIMEOUT) -> Summary:
    t0 = time.perf_counter()
    folder = LocalFolder(out_dir)
    folder.clean()
    batch = Batch(folder, published, encoding, on_error)
    todo = batch.plan(*collect(paths), force=force, stat=_local_stat,
                      file_name=lambda path: _portable(path, out_dir), hash_here=True)
    bar = _Progress(len(todo), progress)
    tasks = [(str(art.source), art.doc_id, encoding, published) for art in todo]

    def take(results: list[tuple[Article, dict]]) -> None:
        written: list[dict] = []  # the manifest lines of the records written, in order
        group = folder.group()
        try:
            with group:  # one sync for the records of the results taken together
                for art, result in results:
                    if "error" in result:
                        batch.fail(art.source, result["error"])
                    else:
                        outputs = write_outputs(group.write, art.doc_id, result)
                        written.append(completed(art.line, art.sha, outputs, result))
                    bar.advance()
        finally:
            if group.placed == len(group.staged):  # lines only for records on disk
                for line in written:
                    batch.record(line, sync=False)
                batch.manifest.sync()  # and one for their lines

    try:
        with _Writer(take) as writer:
            for art, result in zip(todo, _results(tasks, jobs or os.cpu_count() or 1, timeout)):
                writer.put((art, result))
    finally:
        bar.close()
    return batch.finish(table_format, t0)


_WRITING = threading.Lock()  # held by the writer thread while it writes; a worker is forked only between writes


class _Writer:
    """Hands the results of a run to ``take`` on a thread of its own, in the order given,
    each call with the results that have come in since the last or within ``WAIT`` of its
    first (up to ``GROUP``: one sync of the records and one of the manifest serve them
    all; each sync also makes the file system's next writes dearer), while the main loop goes on
    feeding the workers. The first error stops the writing and is raised in the main
    thread, by the next ``put`` or on leaving the ``with``, which waits for the results
    already given to be taken."""

    DEPTH = 64  # results waiting to be taken before ``put`` waits
    GROUP = 16  # results taken at most in one call
    WAIT = 0.05  # seconds a call waits after its first result for more to take with it

    def __init__(self, take: Callable[[list], None]):
        self.take, self.error = take, None
        self.queue: queue.Queue = queue.Queue(self.DEPTH)
        self.thread = threading.Thread(target=self._loop, name="record-writer", daemon=True)

    def __enter__(self) -> "_Writer":
        self.thread.start()
        return self

    def _loop(self) -> None:
        end = False
        while not end:
            items = [self.queue.get()]
            until = time.monotonic() + self.WAIT
            while items[-1] is not None and len(items) < self.GROUP:
                try:
                    items.append(self.queue.get(timeout=max(0.0, until - time.monotonic())))
                except queue.Empty:
                    break
            end = items[-1] is None
            if end:
                items.pop()
            if items and self.error is None:
                try:
                    with _WRITING:
                        self.take(items)
                except BaseException as exc:  # raised in the main thread
                    self.error = exc

    def put(self, item) -> None:
        self._raise()
        self.queue.put(item)

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def __exit__(self, *exc) -> None:
        self.queue.put(None)
        self.thread.join()
        if exc[0] is None:
            self._raise()


# ---------------------------------------------------------------- what every runner shares

@dataclass
class Article:
    """An article to extract: its source (a path, or a ``storage.RemoteFile``), its
    manifest line as far as it is known before extraction, its SHA-256 where it was
    read already, and the SHA-256 of its manifest line where it has one (a runner that
    reads the article later skips it when the two are equal)."""
    source: object
    doc_id: str
    line: dict
    sha: str | None = None
    expect: str | None = None


class Unreadable(Exception):
    """A named input that is no regular file; the message is the failure's reason."""


def _local_stat(path: Path) -> tuple[int, int]:
    """(size, modification time in ns) of a regular file; OSError or Unreadable."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO named here is never opened
        raise Unreadable(f"not a regular file ({_kind(info.st_mode) or 'folder'})")
    return info.st_size, info.st_mtime_ns


class Batch:
    """One run's folder, manifest, settings and summary, and the rules by which its
    articles are skipped, recorded and reported: the same for the local runner and the
    cluster runner (``pipeline.cluster``)."""

    def __init__(self, folder, published: str | None, encoding: str | None,
                 on_error: Callable[[str, str], None] | None = None):
        self.folder, self.on_error = folder, on_error
        self.version = pipeline_version()
        self.settings = {"published": published, "encoding": encoding}
        self.manifest = Manifest(folder)
        self.summary = Summary()

    def fail(self, path, reason: str) -> None:
        self.summary.failed += 1
        self.summary.failures.append({"file": str(path), "error": reason})
        if self.on_error:
            self.on_error(str(path), reason)

    def keep(self, doc_id: str) -> None:
        """Count an article whose record is up to date as skipped."""
        self.summary.skipped += 1
        mentions, zones = _counts(self.manifest.entries[doc_id], self.folder)
        self.summary.mentions += mentions
        self.summary.zones += zones

    def record(self, entry: dict, sync: bool = True) -> None:
        """Append the manifest line of an article whose record is written (``sync``: see
        ``Manifest.append``)."""
        self.manifest.append(entry, sync=sync)
        self.summary.extracted += 1
        self.summary.mentions += entry["mentions"]
        self.summary.zones += entry["zones"]

    def plan(self, files: list, problems: list[tuple[str, str]], *, force: bool, stat: Callable,
             file_name: Callable, hash_here: bool) -> list[Article]:
        """The articles to extract, in input order. Problems, repeated doc_ids and files that
        cannot be looked at are failures; an article unchanged since its record (same size
        and time, or, read here when ``hash_here``, the same bytes) is skipped."""
        self.summary.articles = len(files) + len(problems)
        for path, reason in problems:
            self.fail(path, reason)
        seen: dict[str, str] = {}
        todo: list[Article] = []
        present = self.folder.present()
        for source in files:
            doc_id = source.stem
            if doc_id in seen:
                self.fail(source, f"doc_id {doc_id!r} is also the name of {seen[doc_id]}: one of them must be renamed")
                continue
            seen[doc_id] = str(source)
            try:
                article = self._article(source, doc_id, stat(source), force, present, file_name, hash_here)
            except OSError as exc:
                self.fail(source, f"cannot read: {exc.strerror or exc}")
            except Unreadable as exc:
                self.fail(source, str(exc))
            else:
                if article is not None:
                    todo.append(article)
        return todo

    def _article(self, source, doc_id: str, size_time: tuple, force: bool, present: Callable,
                 file_name: Callable, hash_here: bool) -> Article | None:
        size, mtime_ns = size_time
        entry = None if force else self.manifest.current(doc_id, self.version, self.settings, present)
        if entry and mtime_ns is not None and entry.get("size") == size and entry.get("mtime_ns") == mtime_ns:
            self.keep(doc_id)
            return None
        sha = hashlib.sha256(source.read_bytes()).hexdigest() if hash_here else None
        if entry and sha is not None and entry.get("sha256") == sha:
            self.keep(doc_id)  # a new modification time, the same text
            return None
        line = {"doc_id": doc_id, "file": file_name(source), "size": size, "mtime_ns": mtime_ns,
                "version": self.version, "settings": self.settings}
        return Article(source, doc_id, line, sha, entry.get("sha256") if entry else None)

    def finish(self, table_format: str, t0: float) -> Summary:
        """Compact the manifest and write the tables (where anything changed)."""
        if self.summary.extracted or self.manifest.parts or self.manifest.pending:
            self.manifest.compact()
        if self.summary.extracted or not _tables_present(self.folder, table_format):
            from .tables import write_tables

            try:
                write_tables(self.folder, table_format)
            except RecordError as exc:  # a foreign file in OUT stops the tables, not the records
                self.summary.tables_error = f"tables not written: {exc}"
        self.summary.seconds = time.perf_counter() - t0
        return self.summary


def write_outputs(write: Callable[[str, str], None], doc_id: str, result: dict) -> list[str]:
    """Write an extracted article's record with ``write(name, text)`` (for a page, first the
    text its offsets refer to, kept beside it); the names written."""
    outputs = [f"{doc_id}.json"]
    if result["source"] is not None:
        write(f"{doc_id}.source.txt", result["source"])
        outputs.append(f"{doc_id}.source.txt")
    write(f"{doc_id}.json", result["record"])
    return outputs


def completed(line: dict, sha: str, outputs: list[str], result: dict) -> dict:
    """The manifest line of an extracted article: ``line`` (see ``Batch.plan``) and what
    reading and extracting it told."""
    return {**line, "sha256": sha, "outputs": outputs, "mentions": result["mentions"], "zones": result["zones"]}


def _counts(entry: dict, folder) -> tuple[int, int]:
    """(mentions, zones) of a kept record: from its manifest line, or from the record
    itself for manifests written before the counts were kept."""
    if isinstance(entry.get("mentions"), int) and isinstance(entry.get("zones"), int):
        return entry["mentions"], entry["zones"]
    name = f"{entry['doc_id']}.json"
    try:
        doc = Document.from_json(parse_json(folder.read_text(name), folder.where(name)), folder.where(name))
        return len(doc.mentions), len(doc.zones)
    except (RecordError, OSError, UnicodeDecodeError):
        return 0, 0


def _tables_present(folder, table_format: str) -> bool:
    suffix = "parquet" if table_format == "parquet" else "csv"
    return all(folder.exists(f"{name}.{suffix}") for name in ("zones", "facts"))
