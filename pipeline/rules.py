"""Load the rule files in ``rules/`` once per process and hand them out frozen.

Rule files are plain JSON or JSONL a reviewer can read without reading Python.
Every loader here is cached: the files are parsed once, whatever the number of
articles, and what comes back must not be mutated (tuples and mappingproxies).
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

_PACKAGE_RULES = Path(__file__).resolve().parent / "rules_data"
_REPO_RULES = Path(__file__).resolve().parent.parent / "rules"


_chosen: Path | None = None  # set by ``use``


def rules_dir() -> Path:
    """The folder the rule files are read from: the one chosen with ``use`` (a spaCy
    component's ``rules`` setting), else ``$ZONES_RULES`` when set (a folder laid out
    like ``rules/``, for trying rule changes without reinstalling), else the copy
    installed inside the package (a wheel), else the checkout's ``rules/`` (a source
    tree or an editable install)."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get("ZONES_RULES")
    if env:
        path = Path(env)
        if not (path / "units.json").is_file():
            raise FileNotFoundError(f"ZONES_RULES={env}: not a rules folder (no units.json in it)")
        return path
    if (_PACKAGE_RULES / "units.json").is_file():
        return _PACKAGE_RULES
    if (_REPO_RULES / "units.json").is_file():
        return _REPO_RULES
    raise FileNotFoundError(f"no rule files: neither {_PACKAGE_RULES} nor {_REPO_RULES} holds units.json")


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items() if not k.startswith("_doc")})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Return the frozen content of ``rules/<name>.json``."""
    path = rules_dir() / f"{name}.json"
    with path.open(encoding="utf-8") as fh:
        return _freeze(json.load(fh))


def _rows(path: Path) -> list:
    """The JSON object of every line of ``path``; blank lines and lines starting with
    ``//`` are skipped."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            out.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{lineno}: not JSON: {exc}") from None
    return out


@lru_cache(maxsize=None)
def load_patterns() -> tuple:
    """Return every pattern of ``rules/patterns/*.jsonl`` as frozen dicts, file by file
    in name order. Each line is ``{"id", "label", "pattern"}``."""
    out = []
    for path in sorted((rules_dir() / "patterns").glob("*.jsonl")):
        for lineno, row in _rows(path):
            for key in ("id", "label", "pattern"):
                if key not in row:
                    raise ValueError(f"{path}:{lineno}: pattern without {key!r}")
            out.append(_freeze(row))
    return tuple(out)


@lru_cache(maxsize=None)
def load_jsonl(name: str) -> tuple:
    """Return the rows of ``rules/<name>.jsonl`` as frozen dicts, in file order."""
    return tuple(_freeze(row) for _, row in _rows(rules_dir() / f"{name}.jsonl"))


def use(path: Path) -> None:
    """Read the rule files from ``path`` in this process. Rules are read once per
    process and compiled into the pipeline, so once any rule file has been read only
    a folder with the same rules (the same fingerprint) is accepted."""
    global _chosen
    path = Path(path)
    if not (path / "units.json").is_file():
        raise FileNotFoundError(f"{path}: not a rules folder (no units.json in it)")
    if load.cache_info().currsize or load_patterns.cache_info().currsize or load_jsonl.cache_info().currsize:
        if fingerprint(path) != fingerprint():
            raise ValueError(f"{path}: these rules differ from the rules this process already uses "
                             f"({rules_dir()}); load a pipeline with other rules in a new process")
        return
    _chosen = path


def fingerprint(root: Path | None = None) -> str:
    """A short hash of every rule file (of ``root``, default the folder in use):
    part of the pipeline version."""
    import hashlib

    h = hashlib.sha256()
    root = root or rules_dir()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".json", ".jsonl", ".txt"}:
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]
