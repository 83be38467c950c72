"""Batch runs: incremental skips, --force, --jobs giving the same bytes, standard
input, failures in the summary, and a run killed midway finishing on the next run."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline import batch, extract
from pipeline.batch import MANIFEST, run

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))


def _copy(dest: Path, n: int, repeat: int = 1) -> Path:
    dest.mkdir()
    for r in range(repeat):
        for src in ARTICLES[:n]:
            shutil.copy(src, dest / (f"r{r}_{src.name}" if repeat > 1 else src.name))
    return dest


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, **kw)


def test_second_run_skips_and_an_edited_article_is_redone(tmp_path):
    src = _copy(tmp_path / "in", 6)
    out = tmp_path / "out"
    first = run([src], out, jobs=1)
    assert (first.extracted, first.skipped, first.failed) == (6, 0, 0)
    assert first.mentions > 0 and first.zones > 0
    before = _files(out)
    assert {"zones.csv", "facts.csv", MANIFEST} <= set(before)

    again = run([src], out, jobs=1)
    assert (again.extracted, again.skipped) == (0, 6)
    assert _files(out) == before

    edited = sorted(src.iterdir())[2]
    edited.write_text(edited.read_text() + "\nThe zone also plans a 12 sq km extension.\n")
    third = run([src], out, jobs=1)
    assert (third.extracted, third.skipped) == (1, 5)
    changed = {name for name, data in _files(out).items() if before.get(name) != data}
    assert changed == {f"{edited.stem}.json", "facts.csv", "zones.csv", MANIFEST}

    # same text, new modification time: still up to date
    os.utime(edited, ns=(time.time_ns(), time.time_ns()))
    assert run([src], out, jobs=1).skipped == 6
    assert run([src], out, jobs=1, force=True).extracted == 6


def test_a_new_pipeline_version_or_setting_redoes_everything(tmp_path, monkeypatch):
    src = _copy(tmp_path / "in", 3)
    out = tmp_path / "out"
    run([src], out, jobs=1)
    monkeypatch.setattr(batch, "pipeline_version", lambda: "0.0.0+other")
    assert run([src], out, jobs=1).extracted == 3
    assert run([src], out, jobs=1).skipped == 3
    assert run([src], out, jobs=1, published="2020-01-01").extracted == 3


def test_a_missing_record_is_redone(tmp_path):
    src = _copy(tmp_path / "in", 3)
    out = tmp_path / "out"
    run([src], out, jobs=1)
    gone = sorted(out.glob("*.json"))[0]
    gone.unlink()
    again = run([src], out, jobs=1)
    assert (again.extracted, again.skipped) == (1, 2) and gone.exists()


def test_jobs_two_writes_the_same_bytes_as_jobs_one(tmp_path):
    src = _copy(tmp_path / "in", 8)
    one, two = tmp_path / "one", tmp_path / "two"
    run([src], one, jobs=1)
    run([src], two, jobs=2)
    assert _files(one) == _files(two)


def test_globs_folders_and_files_are_accepted(tmp_path):
    src = _copy(tmp_path / "in", 4)
    names = sorted(p.name for p in src.iterdir())
    got = batch.article_paths([src / names[0], Path(str(src / "*.txt")), src])
    assert [p.name for p in got] == [names[0]] + names + names
    summary = run([Path(str(src / "10[12]*.txt"))], tmp_path / "out", jobs=1)
    assert summary.extracted == 2


def test_same_doc_id_twice_is_a_failure_not_an_overwrite(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x.txt").write_text("The park covers 3 sq km.\n")
    (b / "x.txt").write_text("The park covers 9 sq km.\n")
    summary = run([a, b], tmp_path / "out", jobs=1)
    assert (summary.extracted, summary.failed) == (1, 1)
    assert "doc_id 'x'" in summary.failures[0]["error"] and str(b / "x.txt") == summary.failures[0]["file"]
    record = json.loads((tmp_path / "out" / "x.json").read_text())
    assert record["mentions"][0]["value"] == 3_000_000


def test_cli_summary_lists_failures_and_exit_code(tmp_path):
    src = _copy(tmp_path / "in", 2)
    (src / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 100)
    summary_file = tmp_path / "summary.json"
    proc = _cli("extract", src, "--out", tmp_path / "out", "--jobs", "2", "--no-progress", "--summary", summary_file)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "3 articles: 2 extracted, 0 skipped, 1 failed" in proc.stderr
    summary = json.loads(summary_file.read_text())
    assert summary["failed"] == 1 and summary["extracted"] == 2 and summary["mentions"] > 0
    assert summary["failures"] == [{"file": str(src / "broken.txt"), "error": "binary file, not text"}]
    proc = _cli("extract", src, "--out", tmp_path / "out", "--no-progress")
    assert "0 extracted, 2 skipped, 1 failed" in proc.stderr  # a failed article is tried again


def test_cli_plain_progress_lines_off_a_terminal(tmp_path):
    src = _copy(tmp_path / "in", 2)
    proc = _cli("extract", src, "--out", tmp_path / "out")
    assert proc.returncode == 0
    assert "extract: 2/2 articles" in proc.stderr and "\x1b[" not in proc.stderr


def test_cli_standard_input_to_standard_output(tmp_path):
    text = ARTICLES[0].read_text(encoding="utf-8")
    proc = _cli("extract", "-", "--doc-id", "piped", input=text)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == json.loads(extract(text, doc_id="piped").dumps())
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", "-"], input=b"\x00\x00binary",
                          capture_output=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 1 and b"<stdin>: binary file" in proc.stderr


def test_a_killed_run_resumes_to_the_same_outputs(tmp_path):
    src = _copy(tmp_path / "in", len(ARTICLES), repeat=3)
    total = len(ARTICLES) * 3
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    run([src], whole, jobs=2)

    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(killed),
                             "--jobs", "1", "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(killed.glob("*.json"))) < 10:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list(killed.glob("*.json")))
    assert 10 <= done_before < total, "the run must be killed midway"
    for record in killed.glob("*.json"):
        json.loads(record.read_text())  # every record on disk is whole

    again = run([src], killed, jobs=1)
    assert again.skipped >= done_before - 1 and again.extracted + again.skipped == total
    assert _files(killed) == _files(whole)
    assert not list(killed.glob(".*.tmp"))


def test_a_folder_in_use_by_another_run_is_refused(tmp_path):
    import fcntl

    src = _copy(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = _cli("extract", src, "--out", out, "--no-progress")
    assert proc.returncode == 2 and "another zones extract run" in proc.stderr
    assert not list(out.glob("*.json"))
    assert _cli("extract", src, "--out", out, "--no-progress").returncode == 0  # released


def test_a_foreign_json_file_stops_the_tables_not_the_records(tmp_path):
    src = _copy(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.json").write_text('{"comment": "not a record"}')
    proc = _cli("extract", src, "--out", out, "--no-progress")
    assert proc.returncode == 2 and "tables not written" in proc.stderr and "notes.json" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(list(out.glob("1*.json"))) == 2


def test_cli_progress_bar_on_a_terminal(tmp_path):
    import pty

    src = _copy(tmp_path / "in", 3)
    master, slave = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(tmp_path / "out")],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, cwd=ROOT, timeout=600,
                          env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "articles/s" in shown and "3/3" in shown, shown[-500:]
    assert "3 articles: 3 extracted" in shown


# ---------------------------------------------------------------- no input stalls a batch; errors, not tracebacks

def _slow_or_dying(real):
    def extract_file(path, doc_id, *args, **kw):
        if doc_id.endswith("slow"):
            time.sleep(60)
        if doc_id.endswith("dies"):
            os._exit(3)
        return real(path, doc_id, *args, **kw)
    return extract_file


import pytest  # noqa: E402


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_past_the_time_limit_fails_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    src = _copy(tmp_path / "in", 4)
    shutil.copy(ARTICLES[5], src / "b_slow.txt")
    shutil.copy(ARTICLES[6], src / "c_dies.txt")
    monkeypatch.setattr(batch, "extract_file", _slow_or_dying(batch.extract_file))  # forked workers inherit it
    t0 = time.perf_counter()
    summary = run([src], tmp_path / "out", jobs=jobs, timeout=3)
    assert time.perf_counter() - t0 < 45
    assert (summary.extracted, summary.failed) == (4, 2)
    errors = {Path(f["file"]).stem: f["error"] for f in summary.failures}
    assert "timed out after 3 s" in errors["b_slow"] and "worker process died" in errors["c_dies"]
    assert {p.stem for p in (tmp_path / "out").glob("*.json")} == {p.stem for p in ARTICLES[:4]}


def test_cli_help_shows_timeout_and_readable_metavars():
    proc = _cli("extract", "--help")
    assert "--timeout" in proc.stdout and "SECONDS" in proc.stdout
    assert "<list" not in proc.stdout and "{paths}" not in proc.stdout and "PATH..." in proc.stdout


def test_fifos_and_unlistable_folders_are_reported_not_skipped(tmp_path, monkeypatch):
    src = _copy(tmp_path / "in", 2)
    os.mkfifo(src / "pipe.txt")
    (src / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = run([src], tmp_path / "out", jobs=1)
    errors = {Path(f["file"]).name: f["error"] for f in summary.failures}
    assert summary.extracted == 2 and summary.failed == 2
    assert errors["pipe.txt"] == "not a regular file (FIFO)"
    assert errors["locked"].startswith("cannot list this folder: Permission denied")


def test_a_fifo_named_on_the_command_line_does_not_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    proc = _cli("extract", tmp_path / "pipe.txt", "--out", tmp_path / "out")
    assert proc.returncode == 1 and "pipe.txt: not a regular file (FIFO)" in proc.stderr and "Traceback" not in proc.stderr


def test_out_pointing_at_a_file_is_one_error_line(tmp_path):
    src = _copy(tmp_path / "in", 1)
    (tmp_path / "afile").write_text("x")
    proc = _cli("extract", src, "--out", tmp_path / "afile")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [f"error: {tmp_path / 'afile'}: is a file, not a folder (--out names the folder the records go to)"]


def test_an_unwritable_output_folder_is_one_error_line(tmp_path):
    src = _copy(tmp_path / "in", 1)
    if os.geteuid() != 0:
        locked = tmp_path / "ro"
        locked.mkdir()
        locked.chmod(0o500)
        out = locked / "out"
    else:  # root writes anywhere permissions are checked; sysfs refuses new folders even to root
        out = Path("/sys/zones-test-out")
        try:
            out.mkdir()
            out.rmdir()
            pytest.skip("no folder refuses writes on this machine")
        except OSError:
            pass
    proc = _cli("extract", src, "--out", out)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "cannot write the output folder" in proc.stderr


def test_workers_of_a_killed_run_exit_quietly(tmp_path):
    src = _copy(tmp_path / "in", len(ARTICLES), repeat=2)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(src), "--out", str(out), "--jobs", "2",
                             "--no-progress"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=120)  # returns once the workers, which share the pipe, are gone too
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    again = run([src], out, jobs=2)  # and the folder's lock went with them
    assert again.failed == 0


def test_the_summary_is_written_when_the_tables_fail(tmp_path):
    src = _copy(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "stray.json").write_text('{"not": "a record"}')
    proc = _cli("extract", src, "--out", out, "--summary", tmp_path / "summary.json")
    assert proc.returncode == 2 and "tables not written" in proc.stderr and "stray.json" in proc.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["extracted"] == 2 and "stray.json" in summary["tables_error"]


def test_parquet_without_pyarrow_stops_before_extracting(tmp_path):
    src = _copy(tmp_path / "in", 1)
    # pyarrow made unimportable in the child, whether or not this machine has it
    code = ("import sys; sys.modules['pyarrow'] = None; from pipeline.cli import app; "
            f"sys.argv = ['zones', 'extract', {str(src)!r}, '--out', {str(tmp_path / 'out')!r}, '--format', 'parquet']; app()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 2 and "pyarrow" in proc.stderr and "Traceback" not in proc.stderr
    assert not list((tmp_path / "out").glob("*.json"))


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_follow_the_umask(tmp_path, umask, mode):
    src = _copy(tmp_path / "in", 1)
    out = tmp_path / "out"
    code = f"import os, sys; os.umask({umask}); from pipeline.cli import app; sys.argv = ['zones', 'extract', {str(src)!r}, '--out', {str(out)!r}]; app()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    for name in (f"{ARTICLES[0].stem}.json", "zones.csv", "facts.csv", MANIFEST):
        assert (out / name).stat().st_mode & 0o777 == mode, name


def test_a_run_that_skips_everything_reports_what_it_kept(tmp_path):
    src = _copy(tmp_path / "in", 3)
    first = run([src], tmp_path / "out", jobs=1)
    again = run([src], tmp_path / "out", jobs=1)
    assert again.skipped == 3 and (again.mentions, again.zones) == (first.mentions, first.zones) and first.mentions > 0


def test_standard_input_warns_that_out_is_ignored(tmp_path):
    proc = _cli("extract", "-", "--out", tmp_path / "out", input="The park covers 3 sq km.")
    assert proc.returncode == 0 and "--out" in proc.stderr and "ignored" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_records_written_by_extract_validate_and_show_from_anywhere(tmp_path):
    src = _copy(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert _cli("extract", src, "--out", out).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for args in (("validate", out), ("show", out / f"{ARTICLES[0].stem}.json")):
        proc = subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True,
                              timeout=600, cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0, proc.stderr
    entry = json.loads((out / MANIFEST).read_text().splitlines()[0])
    assert not Path(entry["file"]).is_absolute() and (out / entry["file"]).resolve() == (src / f"{entry['doc_id']}.txt").resolve()
    # an article edited after extraction is not taken for the record's text
    (src / f"{ARTICLES[0].stem}.txt").write_text("changed")
    proc = _cli("show", out / f"{ARTICLES[0].stem}.json")
    assert proc.returncode == 2 and "has changed" in proc.stderr


def test_a_worker_that_died_while_idle_is_replaced(monkeypatch):
    monkeypatch.setattr(batch, "extract_file", lambda path, doc_id, *a, **kw: {"doc_id": doc_id, "ok": True})
    with batch._Workers(2, timeout=30, one_job=False) as workers:
        workers.procs[0][0].kill()  # an out-of-memory kill between two articles
        workers.procs[0][0].join()
        got = list(workers.map([("p", f"d{i}", None, None) for i in range(6)]))
    assert [g["doc_id"] for g in got] == [f"d{i}" for i in range(6)] and all(g.get("ok") for g in got)


def test_a_worker_holds_the_next_article_and_its_replacement_takes_it_over(monkeypatch):
    """A worker holds the article after the one it works on; when it dies on one, its
    replacement does the held one, and the results come in the articles' order."""
    def extract_file(path, doc_id, *a, **kw):
        if doc_id == "dies":
            os._exit(3)
        return {"doc_id": doc_id, "ok": True, "pid": os.getpid()}

    monkeypatch.setattr(batch, "extract_file", extract_file)
    assert batch._Workers.DEPTH == 2
    with batch._Workers(1, timeout=5, one_job=True) as workers:
        got = list(workers.map([("p", d, None, None) for d in ("a", "dies", "b", "c")]))
    assert [g["doc_id"] for g in got] == ["a", "dies", "b", "c"]
    assert "worker process died" in got[1]["error"] and got[2].get("ok") and got[3].get("ok")
    assert got[0]["pid"] != got[2]["pid"] == got[3]["pid"]


def test_a_replaced_worker_takes_its_own_processes_with_it(tmp_path, monkeypatch):
    marker = tmp_path / "child.pid"

    def extract_file(path, doc_id, *a, **kw):
        if doc_id == "slow":  # a worker that started a process of its own, as spaCy does for a long article
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
            marker.write_text(str(child.pid))
            time.sleep(300)
        return {"doc_id": doc_id, "ok": True}

    monkeypatch.setattr(batch, "extract_file", extract_file)
    with batch._Workers(1, timeout=2, one_job=True) as workers:
        got = list(workers.map([("p", "slow", None, None), ("p", "next", None, None)]))
    assert "timed out" in got[0]["error"] and got[1].get("ok")
    pid = int(marker.read_text())
    time.sleep(0.5)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower() or \
        Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] == "Z"


def test_the_pipeline_version_covers_the_zone_engine_code(tmp_path, monkeypatch):
    """A change to any module of the package, the zone engine's included, is a new
    pipeline version (records written before it are stale)."""
    import shutil

    from pipeline import batch as batch_mod

    copy = tmp_path / "pipeline"
    shutil.copytree(Path(batch_mod.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(batch_mod, "__file__", str(copy / "batch.py"))
    batch_mod.pipeline_version.cache_clear()
    try:
        before = batch_mod.pipeline_version()
        attach = copy / "zones" / "attach.py"
        attach.write_text(attach.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        batch_mod.pipeline_version.cache_clear()
        assert batch_mod.pipeline_version() != before
    finally:
        batch_mod.pipeline_version.cache_clear()


def test_the_writer_takes_results_in_order_several_at_once_under_load():
    import threading

    calls, first_taken = [], threading.Event()
    release = threading.Event()

    def take(items):
        calls.append(list(items))
        first_taken.set()
        release.wait(10)  # the disk is slow: results pile up meanwhile

    with batch._Writer(take) as writer:
        writer.put(0)
        assert first_taken.wait(10)
        for n in range(1, 40):
            writer.put(n)
        release.set()
    assert [n for call in calls for n in call] == list(range(40))
    assert calls[0] == [0] and max(len(c) for c in calls) == batch._Writer.GROUP and len(calls) < 40


def test_the_writer_waits_a_moment_for_results_that_come_close_together(monkeypatch):
    calls = []
    monkeypatch.setattr(batch._Writer, "WAIT", 2.0)  # a wide window: the test does not hang on timing
    with batch._Writer(lambda items: calls.append(list(items))) as writer:
        for n in range(5):
            writer.put(n)
            time.sleep(0.01)  # results a worker hands in one after the other
    assert calls == [[0, 1, 2, 3, 4]]  # one call, so one sync, for the five


def test_a_write_error_stops_the_writer_and_is_raised_in_the_main_thread():
    import pytest

    taken = []

    def take(items):
        for n in items:
            if n == 3:
                raise OSError(28, "No space left on device")
            taken.append(n)

    with pytest.raises(OSError, match="No space"):
        with batch._Writer(take) as writer:
            for n in range(10):
                writer.put(n)
                time.sleep(0.01)
    assert taken == [0, 1, 2]


def _slow_first_write(monkeypatch, write_outputs, n: int):
    """``write_outputs`` whose first call waits (a slow disk) until the run has handed
    the writer all its ``n`` results, so that the writer takes the other ones together."""
    import threading

    handed, everything, first = [], threading.Event(), [True]
    real_put = batch._Writer.put

    def put(self, item):
        handed.append(item)
        real_put(self, item)
        if len(handed) == n:
            everything.set()  # the last one is in the writer's queue

    monkeypatch.setattr(batch._Writer, "put", put)

    def slow(write, doc_id, result):
        if first:
            first.pop()
            assert everything.wait(120)
        return write_outputs(write, doc_id, result)

    return slow


def test_records_written_before_a_write_error_are_in_the_manifest_and_kept(tmp_path, monkeypatch):
    import pytest

    src = _copy(tmp_path / "in", 5)
    out = tmp_path / "out"
    real = batch.write_outputs
    fail_on = ARTICLES[2].stem

    def write_outputs(write, doc_id, result):
        if doc_id == fail_on:
            raise OSError(28, "No space left on device")
        return real(write, doc_id, result)

    monkeypatch.setattr(batch, "write_outputs", _slow_first_write(monkeypatch, write_outputs, 5))
    with pytest.raises(OSError, match="No space"):
        run([src], out, jobs=1, timeout=None)
    lines = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]
    assert sorted(e["doc_id"] for e in lines) == [a.stem for a in ARTICLES[:2]]
    monkeypatch.setattr(batch, "write_outputs", real)
    again = run([src], out, jobs=1, timeout=None)
    assert (again.skipped, again.extracted) == (2, 3)


def test_one_sync_of_the_manifest_serves_the_records_taken_together(tmp_path, monkeypatch):
    from pipeline.storage import LocalFolder

    src = _copy(tmp_path / "in", 6)
    syncs, appended = [], []
    real_append, real_sync, real_write = LocalFolder.append, LocalFolder.sync, batch.write_outputs

    def append(self, name, text, sync=True):
        appended.append((name, sync))
        real_append(self, name, text, sync)

    def sync(self, name):
        syncs.append(name)
        real_sync(self, name)

    monkeypatch.setattr(LocalFolder, "append", append)
    monkeypatch.setattr(LocalFolder, "sync", sync)
    monkeypatch.setattr(batch, "write_outputs", _slow_first_write(monkeypatch, real_write, 6))
    monkeypatch.setattr(batch._Writer, "WAIT", 0)  # the first record alone, however fast the next comes
    summary = run([src], tmp_path / "out", jobs=1, timeout=None)
    assert summary.extracted == 6
    assert appended == [(MANIFEST, False)] * 6  # each line as soon as its record is written
    assert syncs == [MANIFEST, MANIFEST]  # the first record's group, then the other five's


def test_the_records_taken_together_are_made_durable_with_one_sync(tmp_path, monkeypatch):
    from pipeline import document

    if document._syncfs() is None:
        pytest.skip("no syncfs here: each record is synced as it is written")
    src = _copy(tmp_path / "in", 6)
    file_systems, fsyncs = [], []
    real_fs_sync, real_fsync = document._sync_file_system, os.fsync
    monkeypatch.setattr(document, "_sync_file_system", lambda fn, folder: (file_systems.append(folder), real_fs_sync(fn, folder)))
    monkeypatch.setattr(os, "fsync", lambda fd: (fsyncs.append(Path(os.readlink(f"/proc/self/fd/{fd}")).name), real_fsync(fd)))
    monkeypatch.setattr(batch, "write_outputs", _slow_first_write(monkeypatch, batch.write_outputs, 6))
    monkeypatch.setattr(batch._Writer, "WAIT", 0)  # the first record alone, however fast the next comes
    summary = run([src], tmp_path / "out", jobs=1, timeout=None)
    assert summary.extracted == 6
    assert file_systems == [tmp_path / "out"] * 2  # the first record's group, then the other five's
    assert fsyncs.count(MANIFEST) == 2  # and the manifest's lines once per group
    records = {f".{a.stem}.json." for a in ARTICLES[:6]}
    assert not [name for name in fsyncs if name[: name.find(".json.") + 6] in records]  # no record is synced on its own


def test_a_group_places_what_was_written_before_an_error_and_leaves_no_temporary_file(tmp_path):
    from pipeline.document import AtomicGroup

    (tmp_path / "b.json").write_text("old")
    group = AtomicGroup(tmp_path)
    with pytest.raises(OSError, match="disk full"), group:
        group.write("a.json", "A")
        group.write("b.json", b"B")
        raise OSError(28, "disk full")
    assert group.placed == 2
    assert (tmp_path / "a.json").read_text() == "A" and (tmp_path / "b.json").read_bytes() == b"B"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


def test_a_group_that_cannot_place_a_file_removes_the_rest_and_says_how_many_are_placed(tmp_path, monkeypatch):
    from pipeline.document import AtomicGroup

    real = os.replace

    def replace(a, b):
        if str(b).endswith("b.json"):
            raise PermissionError(13, "Permission denied", str(b))
        real(a, b)

    monkeypatch.setattr(os, "replace", replace)
    group = AtomicGroup(tmp_path)
    with pytest.raises(PermissionError), group:
        for name in ("a.json", "b.json", "c.json"):
            group.write(name, name)
    assert (group.placed, len(group.staged)) == (1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_without_syncfs_each_file_of_a_group_is_synced_as_it_is_written(tmp_path, monkeypatch):
    from pipeline import document

    fsyncs = []
    real = os.fsync
    monkeypatch.setattr(document, "_syncfs", lambda: None)
    monkeypatch.setattr(os, "fsync", lambda fd: (fsyncs.append(fd), real(fd)))
    with document.AtomicGroup(tmp_path) as group:
        group.write("a.json", "A")
        group.write("b.json", "B")
        assert len(fsyncs) == 2 and not (tmp_path / "a.json").exists()  # in place only when the block ends
    assert (tmp_path / "a.json").read_text() + (tmp_path / "b.json").read_text() == "AB"
