"""Gold files: labelling by text and validation against the record contract.

``label`` fills in what a person should not count by hand: each mention's
``start``/``end`` (found by its text, in text order, outside the header and
page furniture) and the ``m1``, ``m2`` ... ids. ``validate`` reports every way
a gold file breaks GOLD_FORMAT.md, each problem with file, id and reason.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

from . import ingest
from .batch import text_path
from .document import BOUNDS, MENTION_TYPES, Document, RecordError, read_json, write_atomic
from .reading import InputError, read_input

_TIMEX = re.compile(
    r"^(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-Q[1-4]|-H[12])?"
    r"(?:/(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-Q[1-4]|-H[12])?)?$"
)
_ISO4217 = re.compile(r"^[A-Z]{3}$")
CANONICAL = {"AREA": "m^2", "DISTANCE": "m"}


def article_for(gold_path: Path) -> Path:
    """The article of a gold or output file: corpus/gold/<id>.json -> corpus/articles/<id>.txt,
    a text beside it, or the one its output folder's manifest names."""
    stem = gold_path.name.removesuffix(".json").removesuffix(".gold")
    return text_path(gold_path, stem)


def label(gold_path: Path) -> Document:
    """Fill offsets and ids of a hand-written gold file (mentions in text order)."""
    raw = json.loads(gold_path.read_text(encoding="utf-8"))
    text = article_for(gold_path).read_text(encoding="utf-8")
    art = ingest.read_article(text, raw["doc_id"])
    pos = 0
    old_to_new = {}
    for n, m in enumerate(raw.get("mentions", []), 1):
        needle = m["text"]
        at = text.find(needle, pos)
        while at != -1 and art.is_excluded(at, at + len(needle)):
            at = text.find(needle, at + 1)
        if at == -1:
            raise RecordError(f"{gold_path}: mention {n} {needle!r} not found after offset {pos}")
        old_to_new[m.get("id", f"m{n}")] = f"m{n}"
        m["id"], m["start"], m["end"] = f"m{n}", at, at + len(needle)
        m.setdefault("unit", CANONICAL.get(m["type"]))
        for key, default in (("approx", False), ("bound", None), ("per", None), ("to", None)):
            m.setdefault(key, default)
        pos = at + 1
    for z in raw.get("zones", []):
        z["mentions"] = [old_to_new.get(x, x) for x in z.get("mentions", [])]
    doc = Document.from_json(raw, str(gold_path))
    for m, r in zip(doc.mentions, raw.get("mentions", [])):
        m.value = r["value"]  # keep the numbers as written (ints stay ints)
    return doc


def validate(path: Path, require_text: bool = True) -> list[str]:
    """Every problem of one gold or output file, as 'file: id: reason' lines. Offsets
    are checked against the article's text; without a text to be found that is a
    problem too, unless ``require_text`` is false."""
    where = str(path)
    try:
        data = read_json(path)
    except RecordError as exc:
        return [str(exc)]
    problems = Document.problems(data, where)
    if problems:
        return problems
    doc = Document.from_json(data, where)
    text = None
    try:
        text, _ = read_input(article_for(path))
    except (RecordError, InputError, OSError) as exc:
        if require_text:
            problems.append(str(exc))
    stem = path.name.removesuffix(".json").removesuffix(".gold")
    if doc.doc_id != stem:
        problems.append(f"{where}: doc_id {doc.doc_id!r} is not the file's stem {stem!r}")
    if doc.published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(doc.published)):
        problems.append(f"{where}: published {doc.published!r} is not YYYY-MM-DD")
    return problems + _mention_problems(doc, text, where) + _zone_problems(doc, where)


def _mention_problems(doc: Document, text: str | None, where: str) -> list[str]:
    """Duplicate mention ids, then each mention's problems in order: its type, its offsets
    (``_offset_problem``), its value and unit (``_value_problems``), bound and 'to'."""
    problems = []
    ids = [m.id for m in doc.mentions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{where}: mention {dup}: duplicate id")
    last = -1
    for m in doc.mentions:
        p = f"{where}: mention {m.id}"
        if m.type not in MENTION_TYPES:
            problems.append(f"{p}: unknown type {m.type!r}")
            continue
        problem = _offset_problem(m, text, last)
        if problem:
            problems.append(f"{p}: {problem}")
        else:
            last = m.start
        problems += [f"{p}: {problem}" for problem in _value_problems(m)]
        if m.bound not in BOUNDS:
            problems.append(f"{p}: bound {m.bound!r} is not null, 'min' or 'max'")
        if m.to is not None and m.type != "DISTANCE":
            problems.append(f"{p}: 'to' is for DISTANCE only")
    return problems


def _offset_problem(m, text: str | None, last: int) -> str | None:
    """What is wrong with a mention's offsets, the first thing found, or None: not a
    non-empty range, past the end of the article or not its text there (when ``text`` is
    known), or before the mention read before (``last``, its start)."""
    if not (isinstance(m.start, int) and isinstance(m.end, int)) or m.start < 0 or m.end <= m.start:
        return f"bad offsets {m.start!r}..{m.end!r}"
    if text is not None and m.end > len(text):
        return f"offsets {m.start}..{m.end} run past the end of the article ({len(text)} characters)"
    if text is not None and text[m.start : m.end] != m.text:
        return f"text {m.text!r} does not match the article at {m.start}..{m.end} ({text[m.start:m.end]!r})"
    if m.start < last:
        return "not in text order"
    return None


def _value_problems(m) -> list[str]:
    """What is wrong with a mention's value and unit: a DATE holds a TIMEX string and no
    unit; the others a finite number or a [low, high] range in the canonical unit (an ISO
    4217 code for MONEY)."""
    out = []
    if m.type == "DATE":
        if not isinstance(m.value, str) or not _TIMEX.match(m.value):
            out.append(f"DATE value {m.value!r} is not a TIMEX string")
        if m.unit is not None:
            out.append(f"DATE unit must be null, not {m.unit!r}")
        return out
    vals = m.value if isinstance(m.value, list) else [m.value]
    if not vals or len(vals) > 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in vals):
        out.append(f"value {m.value!r} is not a number or a [low, high] range")
    elif len(vals) == 2 and vals[0] > vals[1]:
        out.append(f"range {m.value!r} runs backwards")
    want = CANONICAL.get(m.type)
    if want and m.unit != want:
        out.append(f"non-canonical unit {m.unit!r} for {m.type} (want {want!r})")
    if m.type == "MONEY" and not (isinstance(m.unit, str) and _ISO4217.match(m.unit)):
        out.append(f"MONEY unit {m.unit!r} is not an ISO 4217 code")
    return out


def _zone_problems(doc: Document, where: str) -> list[str]:
    """Duplicate zone ids, then each zone's: a parent that is no zone of the file or the
    zone itself, a mention that does not exist or is already another zone's, an empty name."""
    problems = []
    zids = [z.id for z in doc.zones]
    for dup in sorted({i for i in zids if zids.count(i) > 1}):
        problems.append(f"{where}: zone {dup}: duplicate id")
    known = {m.id for m in doc.mentions}
    owner: dict[str, str] = {}
    for z in doc.zones:
        p = f"{where}: zone {z.id}"
        if z.parent is not None and z.parent not in zids:
            problems.append(f"{p}: parent {z.parent!r} is not a zone of this file")
        if z.parent == z.id:
            problems.append(f"{p}: is its own parent")
        for mid in z.mentions:
            if mid not in known:
                problems.append(f"{p}: mention {mid!r} does not exist")
            elif mid in owner:
                problems.append(f"{p}: mention {mid} already attached to {owner[mid]}")
            else:
                owner[mid] = z.id
        if not z.name.strip():
            problems.append(f"{p}: empty name")
    return problems


def write_labelled(gold_path: Path) -> None:
    doc = label(gold_path)
    write_atomic(gold_path, doc.dumps())
