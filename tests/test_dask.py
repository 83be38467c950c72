"""Batches on a Dask cluster (``--scheduler``): the folder a local ``--jobs 1`` run writes,
byte for byte; skipping on the client and on the workers; a worker and then the client
killed mid-run, and a rerun that finishes the folder; an S3 round trip against a local
S3 server (moto); the time limit on workers; the manifest on object storage; and the
errors that say what to install or what cannot be combined."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the cluster extra is not installed (pip install -e '.[test]')")

from pipeline import batch  # noqa: E402
from pipeline.batch import MANIFEST, run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
PAGE = ROOT / "tests" / "data" / "html" / "01_xinhua_article.html"


def _copy(dest: Path, sources: list[Path]) -> Path:
    dest.mkdir()
    for src in sources:
        shutil.copy(src, dest / src.name)
    return dest


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _figures(summary) -> dict:
    return {k: v for k, v in summary.as_dict().items() if k != "seconds"}


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, **kw)


@pytest.fixture(scope="module")
def scheduler():
    """An existing cluster, as a user's would be: a scheduler and 2 worker processes."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_cluster_writes_the_folder_a_local_run_writes(tmp_path, scheduler):
    src = _copy(tmp_path / "in", ARTICLES)
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    expected = run([src], local, jobs=1)
    got = run([src], cluster, scheduler=scheduler)
    assert _figures(got) == _figures(expected) and got.extracted == len(ARTICLES)
    assert _files(cluster) == _files(local)  # records, tables and manifest, byte for byte
    before = _files(cluster)

    again = run([src], cluster, scheduler=scheduler)  # sizes and times unchanged: skipped by the client
    assert (again.extracted, again.skipped, again.mentions) == (0, len(ARTICLES), expected.mentions)
    touched = src / ARTICLES[3].name
    os.utime(touched, ns=(time.time_ns(), time.time_ns()))
    again = run([src], cluster, scheduler=scheduler)  # a new time, the same text: the worker hashes it and skips it
    assert (again.extracted, again.skipped, again.failed) == (0, len(ARTICLES), 0)
    assert _files(cluster) == before

    touched.write_text(touched.read_text(encoding="utf-8") + "\nThe zone also plans a 12 sq km extension.\n",
                       encoding="utf-8")
    assert run([src], local, jobs=1).extracted == 1
    again = run([src], cluster, scheduler=scheduler)
    assert (again.extracted, again.skipped) == (1, len(ARTICLES) - 1)
    assert _files(cluster) == _files(local)


def _wait(condition, proc, seconds: float = 300) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None and not condition():
        time.sleep(0.01)


def test_a_worker_killed_mid_run_loses_no_record_and_a_rerun_finishes(tmp_path, scheduler):
    import psutil

    src = _copy(tmp_path / "in", ARTICLES[:60])
    local, out = tmp_path / "local", tmp_path / "cluster"
    run([src], local, jobs=1)
    with open(tmp_path / "stderr.txt", "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(out),
                                 "--scheduler", "local:2", "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
    try:
        records = lambda: len(list(out.glob("*.json")))  # noqa: E731
        _wait(lambda: records() >= 5, proc)
        workers = [p for p in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2 and proc.poll() is None, "the run must be killed midway"
        workers[0].kill()  # a worker lost mid-run: Dask gives its article to the other one
        killed_at = records()
        _wait(lambda: records() >= killed_at + 5, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # then the client itself, and its cluster
        proc.wait()
    log = (tmp_path / "stderr.txt").read_text()
    written = list(out.glob("*.json"))
    assert 5 <= len(written) < 60, f"the run must be killed midway\n{log}"
    for record in written:
        json.loads(record.read_text(encoding="utf-8"))  # every record there is whole
    lines = (out / MANIFEST).read_text().splitlines() if (out / MANIFEST).exists() else []
    for line in lines:  # a line is appended only once its record is written
        assert (out / f"{json.loads(line)['doc_id']}.json").is_file(), line

    again = run([src], out, scheduler=scheduler)
    assert (again.failed, again.extracted + again.skipped) == (0, 60), again.failures
    assert again.skipped >= len(lines)
    assert _files(out) == _files(local)  # no temporary file left either


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_articles_read_from_a_bucket_and_records_written_to_one(tmp_path, scheduler):
    s3fs = pytest.importorskip("s3fs")
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        options = {"endpoint_url": f"http://127.0.0.1:{port}", "key": "testing", "secret": "testing",
                   "client_kwargs": {"region_name": "eu-west-1"}}
        fs = s3fs.S3FileSystem(skip_instance_cache=True, **options)
        fs.mkdir("articles")
        fs.mkdir("records")
        sources = ARTICLES[:4] + [PAGE]
        for path in sources:
            fs.put_file(str(path), f"articles/batch/{path.name}")
        # the client's file system options travel with the tasks to workers started before them
        env = {**os.environ, "FSSPEC_S3": json.dumps(options), "AWS_EC2_METADATA_DISABLED": "true"}
        proc = _cli("extract", "s3://articles/batch", "--out", "s3://records/zones", "--scheduler", scheduler,
                    "--no-progress", env=env)
        assert proc.returncode == 0, proc.stderr
        assert "5 articles: 5 extracted, 0 skipped, 0 failed" in proc.stderr

        local = tmp_path / "local"
        run([_copy(tmp_path / "in", sources)], local, jobs=1)
        fs.invalidate_cache()
        in_bucket = sorted(p.rsplit("/", 1)[1] for p in fs.find("records/zones"))
        assert in_bucket == sorted(set(_files(local)) - {".lock"})  # no manifest part left behind
        assert "01_xinhua_article.source.txt" in in_bucket
        for name, data in _files(local).items():
            if name not in (MANIFEST, ".lock"):
                assert fs.cat_file(f"records/zones/{name}") == data, name
        lines = [json.loads(line) for line in fs.cat_file(f"records/zones/{MANIFEST}").decode().splitlines()]
        local_lines = [json.loads(line) for line in (local / MANIFEST).read_text().splitlines()]
        assert [line["file"] for line in lines] == [f"s3://articles/batch/{p.name}" for p in sorted(sources, key=lambda p: p.stem)]
        drop = lambda line: {k: v for k, v in line.items() if k not in ("file", "mtime_ns")}  # noqa: E731
        assert list(map(drop, lines)) == list(map(drop, local_lines))

        proc = _cli("extract", "s3://articles/batch", "--out", "s3://records/zones", "--scheduler", scheduler,
                    "--no-progress", env=env)
        assert proc.returncode == 0 and "5 articles: 0 extracted, 5 skipped" in proc.stderr, proc.stderr
    finally:
        server.stop()


# ---------------------------------------------------------------- the time limit on workers

def _slow_on_worker():
    """Run on the workers: the article whose doc_id ends in 'slow' never finishes."""
    from pipeline import cluster

    real = cluster.__dict__.setdefault("_real_extract_file", cluster.extract_file)

    def extract_file(path, doc_id, *args, **kw):
        if doc_id.endswith("slow"):
            time.sleep(120)
        return real(path, doc_id, *args, **kw)

    cluster.extract_file = extract_file


def _restore_on_worker():
    from pipeline import cluster

    cluster.extract_file = cluster.__dict__.pop("_real_extract_file", cluster.extract_file)


def test_an_article_past_the_time_limit_fails_and_its_worker_is_restarted(tmp_path, scheduler):
    from distributed import Client

    src = _copy(tmp_path / "in", ARTICLES[:4])
    shutil.copy(ARTICLES[5], src / "b_slow.txt")
    with Client(scheduler) as client:
        client.run(_slow_on_worker)
        try:
            t0 = time.perf_counter()
            summary = run([src], tmp_path / "out", scheduler=scheduler, timeout=3)
            assert time.perf_counter() - t0 < 120
        finally:
            client.run(_restore_on_worker)  # the worker that was restarted has nothing to restore
            client.wait_for_workers(2, timeout=120)
    assert (summary.extracted, summary.failed) == (4, 1)
    assert summary.failures == [{"file": str(src / "b_slow.txt"), "error": "timed out after 3 s (--timeout)"}]
    assert {p.stem for p in (tmp_path / "out").glob("*.json")} == {p.stem for p in ARTICLES[:4]}


# ---------------------------------------------------------------- the manifest on object storage

def test_the_manifest_of_a_folder_without_append_is_written_in_parts_and_merged(monkeypatch):
    pytest.importorskip("fsspec")
    from pipeline.storage import RemoteFolder

    monkeypatch.setattr(batch, "FLUSH_SECONDS", 0.0)
    folder = RemoteFolder(f"memory://zones-test-{os.getpid()}/out")
    folder.make()
    manifest = batch.Manifest(folder)
    for i in range(3):
        manifest.append({"doc_id": f"d{i}", "version": "v"})
    assert len(folder.names(batch.PARTS)) == 3 and not folder.exists(MANIFEST)
    again = batch.Manifest(folder)  # a run killed here: the next one reads the parts
    assert sorted(again.entries) == ["d0", "d1", "d2"]
    again.append({"doc_id": "d1", "version": "w"})
    again.compact()
    assert folder.names(batch.PARTS) == []
    assert [json.loads(line)["version"] for line in folder.read_text(MANIFEST).splitlines()] == ["v", "w", "v"]


def test_a_missing_article_url_fails_as_a_missing_file_does_and_needs_no_cluster(tmp_path):
    pytest.importorskip("fsspec")
    url = f"memory://zones-missing-{os.getpid()}/a.txt"
    summary = run([url], tmp_path / "out", scheduler="tcp://127.0.0.1:9")  # nothing to extract: never contacted
    assert (summary.articles, summary.failed) == (1, 1)
    assert summary.failures[0]["file"].endswith(url.split("://")[1])
    assert summary.failures[0]["error"] == "cannot read: No such file or directory"


# ---------------------------------------------------------------- errors

def test_scheduler_without_the_cluster_extra_says_what_to_install(tmp_path):
    src = _copy(tmp_path / "in", ARTICLES[:1])
    code = ("import sys; sys.modules['distributed'] = None; from pipeline.cli import app; "
            f"sys.argv = ['zones', 'extract', {str(src)!r}, '--out', {str(tmp_path / 'out')!r}, '--scheduler', 'local:2']; app()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pip install 'zones-pipeline[cluster]'" in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, message", [
    (["s3://bucket/articles", "--out", "OUT"], "add --scheduler local:N"),
    (["IN", "--out", "s3://bucket/records"], "add --scheduler local:N"),
    (["IN", "--out", "OUT", "--scheduler", "local:2", "--jobs", "2"], "--jobs and --scheduler"),
    (["IN", "--out", "OUT", "--scheduler", "local:zero"], "local:N needs a number"),
    (["IN", "--out", "OUT", "--scheduler", "somehost"], "a scheduler address (tcp://HOST:8786) or local:N"),
])
def test_options_that_cannot_be_used_are_one_error_line(tmp_path, args, message):
    src = _copy(tmp_path / "in", ARTICLES[:1])
    args = [str(src) if a == "IN" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    proc = _cli("extract", *args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr, proc.stderr
    assert not list(tmp_path.glob("out/*.json"))


def test_a_scheduler_that_is_not_there_is_one_error_line(tmp_path):
    src = _copy(tmp_path / "in", ARTICLES[:1])
    proc = _cli("extract", src, "--out", tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{_free_port()}",
                "--no-progress", env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "cannot reach the Dask scheduler" in proc.stderr, proc.stderr


def test_cli_help_shows_the_scheduler():
    proc = _cli("extract", "--help")
    assert "--scheduler" in proc.stdout and "local:N" in proc.stdout

