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
