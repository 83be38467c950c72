"""A disk cache for what building the pipeline computes from the rule files: the unit
conversion factors (pint is then not even imported) and the token forms of every
lexicon surface. An entry is keyed by the package version, a hash of the package's
code and of the rule files, and the versions of spaCy and pint, so any change
anywhere makes a new entry; it is plain JSON, written atomically.

The folder is ``$ZONES_CACHE_DIR``, else ``$XDG_CACHE_HOME/zones``, else
``~/.cache/zones``; ``ZONES_CACHE_DIR=off`` turns the cache off. A folder that
cannot be written, or an entry that cannot be read, only costs the computation.
``tables.state_path`` keeps there, under ``tables/``, what each output folder's
tables were made from.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("ZONES_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zones"


@lru_cache(maxsize=None)
def key() -> str:
    """What the cached values depend on: the pipeline version (this package's version,
    code and rule files: ``batch.pipeline_version``) and the spaCy and pint versions."""
    from importlib.metadata import PackageNotFoundError, version

    from .batch import pipeline_version

    h = hashlib.sha256(pipeline_version().encode())
    for package in ("spacy", "pint"):
        try:
            h.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            h.update(package.encode())
    return h.hexdigest()[:16]


def cached(name: str, compute: Callable[[], object], extra: str = "") -> object:
    """The JSON value ``compute()`` gives, read from the cache when an entry for this
    ``key()`` (and ``extra``) is there, else computed and written."""
    where = folder()
    if where is None:
        return compute()
    tag = hashlib.sha256(extra.encode()).hexdigest()[:8] if extra else ""
    path = where / f"{name}-{key()}{'-' + tag if tag else ''}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    tmp = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return value
