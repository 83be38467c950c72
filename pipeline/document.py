"""The document record: the one JSON shape of gold files and extraction output.

See GOLD_FORMAT.md. Everything that reads or writes these files goes through
this module: ``Document.from_json`` / ``load`` validate and raise
``RecordError`` naming the file and the problem; ``dumps`` writes the stable,
pretty form (same input, byte-identical output).
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MENTION_TYPES = ("AREA", "DISTANCE", "MONEY", "DATE")
MENTION_FIELDS = ("id", "type", "text", "start", "end", "value", "unit", "approx", "bound", "per", "to")
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

    @classmethod
    def from_json(cls, data: dict, where: str = "") -> "Mention":
        if not isinstance(data, dict):
            raise RecordError(f"{where}: a mention must be an object")
        mid = data.get("id", "?")
        missing = [k for k in ("id", "type", "text", "start", "end", "value") if k not in data]
        if missing:
            raise RecordError(f"{where}: mention {mid}: missing {', '.join(missing)}")
        for key in ("start", "end"):
            if not isinstance(data[key], int) or isinstance(data[key], bool):
                raise RecordError(f"{where}: mention {mid}: {key} must be an integer, not {data[key]!r}")
        value = data["value"]
        ok = isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
        if not ok:
            raise RecordError(f"{where}: mention {mid}: value {value!r} is not a number, a [low, high] pair or a date string")
        if not isinstance(data["type"], str) or not isinstance(data["text"], str):
            raise RecordError(f"{where}: mention {mid}: type and text must be strings")
        extra = {k: v for k, v in data.items() if k not in MENTION_FIELDS}
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

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": list(self.aliases), "parent": self.parent,
                "located_in": list(self.located_in), "mentions": list(self.mentions)}

    @classmethod
    def from_json(cls, data: dict, where: str = "") -> "Zone":
        if not isinstance(data, dict) or "id" not in data or "name" not in data:
            raise RecordError(f"{where}: a zone needs an id and a name")
        if not isinstance(data["name"], str) or not all(isinstance(x, list) for x in (data.get("aliases") or [], data.get("located_in") or [], data.get("mentions") or [])):
            raise RecordError(f"{where}: zone {data['id']}: name must be a string and aliases, located_in, mentions lists")
        return cls(id=data["id"], name=data["name"], aliases=list(data.get("aliases") or []),
                   parent=data.get("parent"), located_in=list(data.get("located_in") or []),
                   mentions=list(data.get("mentions") or []))


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

    @classmethod
    def from_json(cls, data: Any, where: str = "") -> "Document":
        if not isinstance(data, dict):
            raise RecordError(f"{where}: a document must be a JSON object")
        if "doc_id" not in data:
            raise RecordError(f"{where}: missing doc_id")
        for key in ("mentions", "zones"):
            if not isinstance(data.get(key, []), list):
                raise RecordError(f"{where}: {key} must be a list")
        return cls(
            doc_id=data["doc_id"], title=data.get("title"), published=data.get("published"), source=data.get("source"),
            mentions=[Mention.from_json(m, where) for m in data.get("mentions", [])],
            zones=[Zone.from_json(z, where) for z in data.get("zones", [])],
        )


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


def load(path: str | Path) -> Document:
    """Read one document file; RecordError names the file, line and problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path}: line {exc.lineno}, column {exc.colno}: malformed JSON: {exc.msg}") from None
    return Document.from_json(data, str(path))


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that no reader ever sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save(doc: Document, path: str | Path) -> None:
    write_atomic(path, doc.dumps())
