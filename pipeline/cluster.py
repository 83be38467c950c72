"""Batches on a Dask cluster: ``zones extract PATHS --out DIR --scheduler tcp://HOST:8786``
runs on an existing cluster, ``--scheduler local:N`` on a ``LocalCluster`` of N worker
processes started for the run. Inputs and the output folder may be fsspec URLs
(``pipeline.storage``).

The client lists the articles and plans the run as a local run does (``batch.Batch``):
repeated doc_ids and files it cannot look at are failures, an article whose size and
modification time are those of its manifest line is skipped. Each worker then reads
its articles, skips one whose text hashes to its manifest line's (a new time, the same
text), extracts the others with ``batch.extract_file`` and writes their records itself,
atomically, and sends back only the manifest line. The client appends that line (its
record is written by then), takes the results in input order so that failures are
reported as a local run reports them, and at the end compacts the manifest and writes
the tables: the folder is byte-identical to one written by ``--jobs 1``.

A worker lost mid-run loses nothing: a record is put whole or not at all, Dask gives the
lost worker's articles to another one, and an article that kills three workers is a
failure (``worker process died``). A client lost mid-run leaves records whose manifest
lines are missing: the next run extracts those again, as after a killed local run.
``--timeout`` holds per article on the workers too: an article past it is a failure and
its worker is restarted (through its nanny).
"""
from __future__ import annotations

import hashlib
import itertools
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from .batch import (DEFAULT_TIMEOUT, TEXT_SUFFIXES, Batch, OutputError, Summary, _local_stat, _locked, _portable,
                    _Progress, collect, completed, extract_file, pipeline_version, prepare, write_outputs)
from .storage import INSTALL_HINT, LocalFolder, MissingExtra, RemoteFile, RemoteFolder, collect_urls, is_url, local_path

WAIT_FOR_WORKERS = 60.0  # seconds an existing cluster is given to have a worker
IN_FLIGHT_PER_THREAD = 8  # tasks handed to the scheduler at a time, per worker thread


class ClusterError(RuntimeError):
    """The cluster cannot be reached or cannot run this pipeline."""


def require_dask() -> None:
    """MissingExtra saying what to install where Dask's distributed scheduler is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise MissingExtra(f"--scheduler needs Dask's distributed scheduler: {INSTALL_HINT}") from None


def check_scheduler(scheduler: str) -> str:
    """``local:N`` (N >= 1) or a scheduler address (``tcp://HOST:8786``); ValueError otherwise."""
    if scheduler.startswith("local:"):
        n = scheduler[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--scheduler {scheduler!r}: local:N needs a number of worker processes, e.g. local:4")
    elif "://" not in scheduler:
        raise ValueError(f"--scheduler {scheduler!r}: a scheduler address (tcp://HOST:8786) or local:N")
    return scheduler


def collect_any(paths: list) -> tuple[list, list[tuple[str, str]]]:
    """``batch.collect`` for local paths and ``storage.collect_urls`` for URLs, in the order given."""
    files: list = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        if is_url(str(p)):
            found = collect_urls(str(p), TEXT_SUFFIXES)
        else:
            found = collect([local_path(str(p)) if isinstance(p, str) else p])
        files += found[0]
        problems += found[1]
    return files, problems


def run_on_cluster(paths: list, out_dir, *, scheduler: str, jobs: int | None = None, **options) -> Summary:
    """``batch.run`` on a Dask cluster (``scheduler``); ``out_dir`` a path or a URL. The
    options are ``batch._run``'s (``jobs`` has no use here: the cluster's workers are
    the processes), and ``collected``: the (files, problems) of ``collect_any(paths)``
    where the caller has them already."""
    require_dask()
    check_scheduler(scheduler)
    if is_url(str(out_dir)):
        folder = RemoteFolder(str(out_dir))
        try:
            folder.make()
        except NotADirectoryError as exc:
            raise OutputError(f"{folder}: {exc.strerror}") from None
        except OSError as exc:
            raise OutputError(f"{folder}: cannot write the output folder: {exc.strerror or exc}") from None
        hold = nullcontext()
    else:
        out_dir = local_path(str(out_dir))
        prepare(out_dir)
        folder, hold = LocalFolder(out_dir), _locked(out_dir)
    with hold:
        return _run(paths, folder, scheduler, **options)


def _run(paths: list, folder, scheduler: str, *, force: bool = False, published: str | None = None,
         encoding: str | None = None, progress: bool = False, table_format: str = "csv",
         on_error: Callable[[str, str], None] | None = None, timeout: float | None = DEFAULT_TIMEOUT,
         collected: tuple | None = None) -> Summary:
    t0 = time.perf_counter()
    folder.clean()
    batch = Batch(folder, published, encoding, on_error)
    files, problems = collected or collect_any(paths)
    todo = batch.plan(files, problems, force=force, stat=_stat, hash_here=False,
                      file_name=lambda source: _file_name(source, folder))
    bar = _Progress(len(todo), progress)
    try:
        if todo:  # a run with nothing to extract needs no cluster
            with _client(scheduler) as client:
                _check_workers(client, batch.version)
                shipped = _for_workers(folder)
                tasks = [_task(art, shipped, encoding, published, timeout) for art in todo]
                for art, result in zip(todo, _results(client, tasks)):
                    _take(batch, art, result)
                    bar.advance()
            folder.clean()  # the temporary file of a worker lost while writing (its article was redone)
    finally:
        bar.close()
        batch.manifest.flush()  # a folder without append: the lines taken so far
    return batch.finish(table_format, t0)


def _take(batch: Batch, art, result: dict) -> None:
    if result.get("skipped"):
        batch.keep(art.doc_id)
    elif "error" in result:
        batch.fail(art.source, result["error"])
    else:
        batch.record(result["line"])


def _stat(source) -> tuple[int, int | None]:
    if isinstance(source, RemoteFile):
        return source.stat()
    return _local_stat(source)


def _file_name(source, folder) -> str:
    """The manifest's ``file``: a path relative to a local output folder, as local runs
    write it; an absolute path beside a folder on object storage; a URL as it is."""
    if isinstance(source, RemoteFile):
        return str(source)
    if isinstance(folder, LocalFolder):
        return _portable(source, folder.path)
    return os.path.abspath(source)


def _for_workers(folder):
    """The output folder as workers see it: a local one by its absolute path."""
    return LocalFolder(Path(os.path.abspath(folder.path))) if isinstance(folder, LocalFolder) else folder


def _task(art, folder, encoding: str | None, published: str | None, timeout: float | None) -> dict:
    source = art.source if isinstance(art.source, RemoteFile) else os.path.abspath(art.source)
    return {"source": source, "doc_id": art.doc_id, "encoding": encoding, "published": published,
            "folder": folder, "line": art.line, "expect": art.expect, "timeout": timeout}


# ---------------------------------------------------------------- the client's side

@contextmanager
def _client(scheduler: str):
    """A Dask client of the scheduler at ``scheduler``, or of a LocalCluster of N
    single-threaded worker processes for ``local:N``."""
    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        n = int(scheduler[len("local:"):])
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                yield client
        return
    try:
        client = Client(scheduler)  # waits Dask's distributed.comm.timeouts.connect (30 s)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


def _check_workers(client, version: str) -> None:
    """Wait for a worker, build the pipeline on every worker (so that the first article's
    time limit is not spent on it), and refuse workers that run another pipeline version."""
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
    except TimeoutError:
        raise ClusterError(f"the Dask cluster has no worker after {WAIT_FOR_WORKERS:g} s") from None
    workers = list(client.scheduler_info(n_workers=-1)["workers"])
    ready = [client.submit(_ready_worker, workers=[w], allow_other_workers=False, pure=False) for w in workers]
    wrong = {w: v for w, v in zip(workers, client.gather(ready)) if v != version}
    if wrong:
        shown = ", ".join(f"{w} runs {v}" for w, v in sorted(wrong.items()))
        raise ClusterError(f"this client runs pipeline {version}, but {shown}: install the same zones-pipeline "
                           "(and rules, ZONES_RULES) on every worker")


def _results(client, tasks: list[dict]) -> Iterator[dict]:
    """Each task's result, in task order, with a bounded number of tasks in flight (a
    million articles are not a million futures at once)."""
    window = max(64, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    queue = iter(tasks)

    def submit(task: dict):
        return task["doc_id"], client.submit(_extract_on_worker, task, pure=False)

    pending = deque(submit(task) for task in itertools.islice(queue, window))
    try:
        while pending:
            doc_id, future = pending.popleft()
            result = _outcome(doc_id, future)
            following = next(queue, None)
            if following is not None:
                pending.append(submit(following))
            if "stuck" in result:
                _restart(client, result.pop("stuck"))
            yield result
    finally:
        if pending and client.status == "running":
            client.cancel([future for _, future in pending])


def _outcome(doc_id: str, future) -> dict:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        return {"doc_id": doc_id, "error": f"worker process died (on {exc.allowed_failures + 1} workers)"}


def _restart(client, worker: str) -> None:
    """Restart a worker whose article ran past the time limit (it is still running it)."""
    try:
        client.restart_workers([worker], raise_for_error=False)
    except Exception as exc:  # noqa: BLE001 - a worker without a nanny cannot be restarted; the batch goes on
        print(f"warning: could not restart Dask worker {worker}: {exc}", file=sys.stderr)


# ---------------------------------------------------------------- the workers' side

_EXTRACTING = threading.Lock()  # one article at a time per worker process, whatever its threads


def _ready_worker() -> str:
    from .nlp import shared

    shared()
    return pipeline_version()


def _extract_on_worker(task: dict) -> dict:
    """On a worker: read one article; skip it when its text is its manifest line's, else
    extract it, write its record and return its manifest line (or its failure)."""
    doc_id, folder, source = task["doc_id"], task["folder"], task["source"]
    if pipeline_version() != task["line"]["version"]:
        return {"doc_id": doc_id, "error": f"this worker runs pipeline {pipeline_version()}, the client "
                f"{task['line']['version']}: install the same zones-pipeline on every worker"}
    if not folder.ready():
        return {"doc_id": doc_id, "error": f"{folder}: no such folder on this worker: with workers on other "
                "machines, --out must be a folder they all mount or a URL (s3://...)"}
    try:
        data = source.read_bytes() if isinstance(source, RemoteFile) else Path(source).read_bytes()
    except OSError as exc:
        return {"doc_id": doc_id, "error": f"cannot read: {exc.strerror or exc}"}
    sha = hashlib.sha256(data).hexdigest()
    if sha == task["expect"]:
        return {"doc_id": doc_id, "skipped": True}
    result = _within(task["timeout"], (str(source), doc_id, task["encoding"], task["published"]), data)
    if "error" in result:
        return result
    outputs = write_outputs(folder.write, doc_id, result)
    return {"doc_id": doc_id, "line": completed(task["line"], sha, outputs, result)}


def _within(seconds: float | None, args: tuple, data: bytes) -> dict:
    """``extract_file(*args)`` on the bytes read; past ``seconds``, a failure naming this
    worker (the client restarts it: the extraction is still running there)."""
    box: dict = {}

    def work() -> None:
        with _EXTRACTING:  # spaCy's pipeline is shared by the process's threads
            box["result"] = extract_file(*args, n_process=1, data=data)  # a worker process has no children

    if not seconds:
        work()
        return box["result"]
    thread = threading.Thread(target=work, name=f"zones-extract-{args[1]}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        from distributed import get_worker

        return {"doc_id": args[1], "error": f"timed out after {seconds:g} s (--timeout)", "stuck": get_worker().address}
    return box["result"]
