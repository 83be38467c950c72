"""The build cache: entries keyed by code, rules and library versions, written
atomically, read back, recomputed when unreadable, and off on request; the unit
factors it holds are pint's."""
import json
import subprocess
import sys

from pipeline import cache, units


def test_cache_writes_then_reads_an_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_CACHE_DIR", str(tmp_path))
    calls = []
    assert cache.cached("probe", lambda: calls.append(1) or {"a": [1, 2]}) == {"a": [1, 2]}
    assert cache.cached("probe", lambda: calls.append(1) or {"a": [9]}) == {"a": [1, 2]}
    assert calls == [1]
    files = [p.name for p in tmp_path.iterdir()]
    assert files == [f"probe-{cache.key()}.json"], files  # no temporary file left behind


def test_cache_extra_key_and_a_broken_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_CACHE_DIR", str(tmp_path))
    assert cache.cached("probe", lambda: 1, extra="x") == 1
    assert cache.cached("probe", lambda: 2, extra="y") == 2
    for p in tmp_path.iterdir():
        p.write_text("{not json", encoding="utf-8")
    assert cache.cached("probe", lambda: 3, extra="x") == 3
    assert cache.cached("probe", lambda: 4, extra="x") == 3


def test_cache_off_and_an_unwritable_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_CACHE_DIR", "off")
    assert cache.folder() is None
    assert cache.cached("probe", lambda: 5) == 5
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ZONES_CACHE_DIR", str(blocker / "sub"))
    assert cache.cached("probe", lambda: 6) == 6


def test_cache_unit_factors_are_pints(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_CACHE_DIR", str(tmp_path))
    computed = cache.cached("unit-factors", units.factors)
    assert computed == json.loads(json.dumps(units.factors()))
    assert abs(computed["AREA"]["shi_mu"] - 10000 / 15) < 1e-9
    assert computed["DISTANCE"]["shi_li"] == 500


def test_cache_a_warm_process_reads_units_without_importing_pint(tmp_path):
    env_code = ("import os, sys; os.environ['ZONES_CACHE_DIR'] = sys.argv[1]\n"
                "from pipeline import units; print(units.to_canonical(2, 'sq km')); print('pint' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", env_code, str(tmp_path)], capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", env_code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert first.stdout.split("\n")[0] == second.stdout.split("\n")[0] == "('AREA', 2000000.0)"
    assert first.stdout.split("\n")[1] == "True" and second.stdout.split("\n")[1] == "False"
