"""The package as users install it: rule files inside the wheel and the sdist, the
rules folder override, and the version the manifest records. (`.ci/install-smoke`
installs both into a fresh environment and runs them from another folder.)"""
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from pipeline import rules
from pipeline.batch import pipeline_version

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted(str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*") if p.is_file())


def _build(kind: str, tmp_path: Path) -> Path:
    proc = subprocess.run([sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return next(tmp_path.glob("*.whl" if kind == "wheel" else "*.tar.gz"))


def test_packaging_wheel_carries_every_rule_file(tmp_path):
    names = set(zipfile.ZipFile(_build("wheel", tmp_path)).namelist())
    missing = [f for f in RULE_FILES if f"pipeline/rules_data/{f}" not in names]
    assert RULE_FILES and not missing, missing


def test_packaging_sdist_carries_every_rule_file(tmp_path):
    with tarfile.open(_build("sdist", tmp_path)) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    missing = [f for f in RULE_FILES if f"rules/{f}" not in names]
    assert not missing, missing


def test_packaging_rules_folder_override(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_RULES", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="ZONES_RULES"):
        rules.rules_dir()
    monkeypatch.setenv("ZONES_RULES", str(ROOT / "rules"))
    assert rules.rules_dir() == ROOT / "rules"


def test_packaging_version_names_the_pipeline_version():
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and pipeline_version() in proc.stdout and proc.stdout.startswith("zones ")


def test_packaging_zones_command_skips_the_last_collections_and_keeps_the_exit_code(monkeypatch):
    """The ``zones`` command runs the function that freezes the collector on the way out
    (the interpreter's last collections would walk every object spaCy made), and its
    exit code is the app's."""
    import gc
    import importlib
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["zones"]
    module, name = target.split(":")
    mod = importlib.import_module(module)

    def app():
        raise SystemExit(3)

    monkeypatch.setattr(mod, "app", app)
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exit_:
            getattr(mod, name)()
        assert exit_.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
