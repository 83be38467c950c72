"""The document record: the one JSON shape of gold files and extraction output.

See GOLD_FORMAT.md. Everything that reads or writes these files goes through
this module: ``Document.from_json`` / ``load`` validate and raise
``RecordError`` naming the file and the problem; ``dumps`` writes the stable,
pretty form (same input, byte-identical output).
"""
from __future__ import annotations

import ctypes
import itertools
import json
import math
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MENTION_TYPES = ("AREA", "DISTANCE", "MONEY", "DATE")
MENTION_FIELDS = ("id", "type", "text", "start", "end", "value", "unit", "approx", "bound", "per", "to")
# What a mention says beyond where it is: the contract's reading of it, then the engine's
# reasons (kept in ``Mention.extra``). A spaCy span of a mention carries exactly these as
# extension attributes (``span._.value`` ...), so the two stay one definition.
READING_FIELDS = MENTION_FIELDS[5:]
_CONTRACT_KEYS = frozenset(MENTION_FIELDS)
REASON_FIELDS = ("rule", "zone_rule")
BOUNDS = (None, "min", "max")


class RecordError(ValueError):
    """A gold or output file that breaks the record contract."""


@dataclass
class Mention:
    id: str
    type: str
    text: str
    start: int
    end: int
    value: Any
    unit: str | None = None
    approx: bool = False
    bound: str | None = None
    per: str | None = None
    to: str | None = None
    extra: dict = field(default_factory=dict)  # fields beyond the contract (rule, ...)

    def to_json(self) -> dict:
        out = {k: getattr(self, k) for k in MENTION_FIELDS}
        out["value"] = _plain_value(self.value)
        out.update(self.extra)
        return out

    @staticmethod
    def problems(data: Any, where: str = "") -> list[str]:
        """Every way ``data`` fails to be a mention's JSON object, as 'where: reason' lines."""
        if type(data) is dict and _plainly_valid(data):
            return []
        if not isinstance(data, dict):
            return [f"{where}: a mention must be an object"]
        mid = data.get("id", "?")
        p = f"{where}: mention {mid}"
        out = []
        missing = [k for k in ("id", "type", "text", "start", "end", "value") if k not in data]
        if missing:
            out.append(f"{p}: missing {', '.join(missing)}")
        for key in ("start", "end"):
            if key in data and (not isinstance(data[key], int) or isinstance(data[key], bool)):
                out.append(f"{p}: {key} must be an integer, not {data[key]!r}")
        if "value" in data:
            value = data["value"]
            ok = isinstance(value, str) or _is_number(value) or (
                isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value))
            if not ok:
                out.append(f"{p}: value {value!r} is not a number, a [low, high] pair or a date string")
        for key in ("type", "text"):
            if key in data and not isinstance(data[key], str):
                out.append(f"{p}: {key} must be a string, not {data[key]!r}")
        return out

    @classmethod
    def from_json(cls, data: dict, where: str = "", checked: bool = False) -> "Mention":
        if not checked:
            _raise_first(cls.problems(data, where))
        extra = {k: v for k, v in data.items() if k not in _CONTRACT_KEYS}
        return cls(
            id=data["id"], type=data["type"], text=data["text"], start=data["start"], end=data["end"],
            value=_read_value(data["value"]), unit=data.get("unit"), approx=bool(data.get("approx", False)),
            bound=data.get("bound"), per=data.get("per"), to=data.get("to"), extra=extra,
        )


@dataclass
class Zone:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    located_in: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # fields beyond the contract ("because": mention id -> rule id)

    def to_json(self) -> dict:
        out = {"id": self.id, "name": self.name, "aliases": list(self.aliases), "parent": self.parent,
               "located_in": list(self.located_in), "mentions": list(self.mentions)}
        out.update(self.extra)
        return out

    @staticmethod
    def problems(data: Any, where: str = "") -> list[str]:
        """Every way ``data`` fails to be a zone's JSON object, as 'where: reason' lines."""
        if not isinstance(data, dict) or "id" not in data or "name" not in data:
            return [f"{where}: a zone needs an id and a name"]
        out = []
        if not isinstance(data["name"], str):
            out.append(f"{where}: zone {data['id']}: name must be a string, not {data['name']!r}")
        for key in ("aliases", "located_in", "mentions"):
            if not isinstance(data.get(key) or [], list):
                out.append(f"{where}: zone {data['id']}: {key} must be a list")
        return out

    @classmethod
    def from_json(cls, data: dict, where: str = "", checked: bool = False) -> "Zone":
        if not checked:
            _raise_first(cls.problems(data, where))
        known = ("id", "name", "aliases", "parent", "located_in", "mentions")
        return cls(id=data["id"], name=data["name"], aliases=list(data.get("aliases") or []),
                   parent=data.get("parent"), located_in=list(data.get("located_in") or []),
                   mentions=list(data.get("mentions") or []), extra={k: v for k, v in data.items() if k not in known})


@dataclass
class Document:
    doc_id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id, "title": self.title, "published": self.published, "source": self.source,
            "mentions": [m.to_json() for m in self.mentions], "zones": [z.to_json() for z in self.zones],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"

    @staticmethod
    def problems(data: Any, where: str = "") -> list[str]:
        """Every structural problem of a document's JSON (each mention and zone checked)."""
        if not isinstance(data, dict):
            return [f"{where}: a document must be a JSON object"]
        out = [] if "doc_id" in data else [f"{where}: missing doc_id"]
        for key, kind in (("mentions", Mention), ("zones", Zone)):
            items = data.get(key, [])
            if not isinstance(items, list):
                out.append(f"{where}: {key} must be a list")
                continue
            for item in items:
                out += kind.problems(item, where)
        return out

    @classmethod
    def from_json(cls, data: Any, where: str = "") -> "Document":
        _raise_first(cls.problems(data, where))
        return cls(
            doc_id=data["doc_id"], title=data.get("title"), published=data.get("published"), source=data.get("source"),
            mentions=[Mention.from_json(m, where, checked=True) for m in data.get("mentions", [])],
            zones=[Zone.from_json(z, where, checked=True) for z in data.get("zones", [])],
        )

    @classmethod
    def from_doc(cls, doc) -> "Document":
        """The record of a spaCy ``Doc`` that went through the ``zone_mentions`` and
        ``zone_records`` components (any English pipeline): the same record ``zones
        extract`` writes for the doc's text."""
        from .component import document_of  # spaCy is imported only by those who have a Doc

        return document_of(doc)


_EXACT_VALUE = frozenset((str, int, float))
_EXACT_NUMBER = frozenset((int, float))


def _plainly_valid(data: dict) -> bool:
    """The common case of ``Mention.problems`` in one look: every field as JSON reads it
    (``type(...) is int`` leaves out booleans). Anything else gets the full check, which
    names the problem or finds none."""
    value = data.get("value")
    pair = type(value) is list and len(value) == 2 and type(value[0]) in _EXACT_NUMBER and type(value[1]) in _EXACT_NUMBER
    return (type(data.get("start")) is int and type(data.get("end")) is int and type(data.get("type")) is str
            and type(data.get("text")) is str and "id" in data and (type(value) in _EXACT_VALUE or pair))


def _raise_first(problems: list[str]) -> None:
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise RecordError(problems[0] + more)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _read_value(value: Any) -> Any:
    if isinstance(value, list):
        return [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def _plain_value(value: Any) -> Any:
    """Floats that are whole numbers are written as ints; ranges as two-item lists."""
    if isinstance(value, (list, tuple)):
        return [_plain_value(v) for v in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, float):
        return float(f"{value:.12g}")
    return value


def read_json(path: str | Path) -> Any:
    """The parsed JSON of one document file; RecordError names the file, line and problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"{path}: cannot read: {exc}") from None
    return parse_json(text, str(path))


def parse_json(text: str, where: str) -> Any:
    """The parsed JSON of a document's text; RecordError names ``where``, the line and problem."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{where}: line {exc.lineno}, column {exc.colno}: malformed JSON: {exc.msg}") from None


def load(path: str | Path) -> Document:
    """Read one document file; RecordError names the file, line and problem."""
    return Document.from_json(read_json(path), str(path))


_TEMP_NUMBERS = itertools.count()


def _temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in the folder of ``path`` (named after it, the process and a
    counter; made with the permissions any file the user writes gets), open for writing."""
    while True:
        tmp = str(path.parent / f".{path.name}.{os.getpid()}-{next(_TEMP_NUMBERS)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:  # left by a killed process of the same number
            continue


def _open(fd: int, binary: bool):
    return os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


@contextmanager
def atomic_writer(path: str | Path, binary: bool = False):
    """A file to write ``path`` through (text in UTF-8 with ``\\n`` line ends, or bytes):
    when the block ends it is synced to disk and takes the path's place, so that no
    reader ever sees half a file; when the block raises, it is removed and the path
    keeps what it had."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path)
    try:
        with _open(fd, binary) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` so that no reader ever sees half a file."""
    with atomic_writer(path, binary=isinstance(text, bytes)) as fh:
        fh.write(text)


class AtomicGroup:
    """Files written together, each as ``write_atomic`` writes one, with one sync for all:
    each goes to a temporary file beside its path (taken from ``base``); when the block
    ends, they are made durable together (``syncfs`` of their file system where the
    system has it, Linux; else a sync of each file as it is written) and then take their
    paths, in the order written. One ``syncfs`` costs about what one file's sync does,
    plus writing out what other processes left unwritten on that file system. When the
    block raises, the files written before the error still take their paths and the
    error goes on. ``placed`` is the number of files in place."""

    def __init__(self, base: str | Path = "."):
        self.base = Path(base)
        self.staged: list[tuple[str, Path]] = []
        self.placed = 0
        self.syncfs = _syncfs()
        self._folders: set[Path] = set()  # made (or found) already: one mkdir per folder, not per file

    def write(self, path: str | Path, data: str | bytes) -> None:
        path = self.base / path
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        fd, tmp = _temp_beside(path)
        try:
            with _open(fd, isinstance(data, bytes)) as fh:
                fh.write(data)
                if self.syncfs is None:
                    fh.flush()
                    os.fsync(fh.fileno())
        except BaseException:
            _discard(tmp)
            raise
        self.staged.append((tmp, path))

    def __enter__(self) -> "AtomicGroup":
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.syncfs is not None:
                for folder in self._folders:
                    _sync_file_system(self.syncfs, folder)
            for tmp, path in self.staged:
                os.replace(tmp, path)
                self.placed += 1
        finally:
            for tmp, _ in self.staged[self.placed :]:
                _discard(tmp)


@lru_cache(maxsize=None)
def _syncfs():
    """The C library's ``syncfs`` (Linux: waits until every file of one file system is on
    disk, as ``fsync`` of each would), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
    return fn


def _sync_file_system(syncfs, folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"cannot sync the files written to {folder}: {os.strerror(err)}")
    finally:
        os.close(fd)


def save(doc: Document, path: str | Path) -> None:
    write_atomic(path, doc.dumps())
