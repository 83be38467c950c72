"""Label Studio tasks from records, and gold records from Label Studio exports.

Annotation teams write and review gold in Label Studio. ``export_tasks`` turns
gold files and pipeline outputs into tasks in Label Studio's JSON import format
(a list of ``{"data", "annotations", "predictions"}``) for the labelling config
``labelstudio/config.xml``: the article text the record's offsets refer to as
``data.text``; each mention as a ``labels`` region (AREA, DISTANCE, MONEY,
DATE) whose value, unit, per, to and zone are per-region ``textarea`` results
and approx and bound per-region ``choices``, all sharing the region's id; the
header fields as ``textarea`` results; the zones as one ``zones`` textarea
entry per zone (``z1 | name | aliases: A; B | parent: z0 | located_in: X; Y``).
A gold file becomes an annotation, an output a prediction (``model_version``:
the pipeline version), so annotators correct instead of typing.

``read_export`` and ``documents_from_export`` read a Label Studio JSON export
back into ``Document`` records; every problem names the task and region, and
one bad task does not stop the others.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import MENTION_TYPES, Document, Mention, RecordError, read_json, write_atomic

TEXT = "text"  # the Text object tag, and the task data key holding the article
LABELS = "mention"  # the Labels control: one label per mention, its type
REGION_TEXTAREAS = ("value", "unit", "per", "to", "zone")
REGION_CHOICES = {"approx": ("approx",), "bound": ("min", "max")}
HEADER = ("title", "published", "source")
ZONES = "zones"
ZONE_KEYS = ("aliases", "parent", "located_in")

_PACKAGE_CONFIG = Path(__file__).resolve().parent / "labelstudio_data" / "config.xml"
_REPO_CONFIG = Path(__file__).resolve().parent.parent / "labelstudio" / "config.xml"
_DECODER = json.JSONDecoder()
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() cuts, besides \n and \r


class LabelStudioError(ValueError):
    """A Label Studio export, task or region that cannot become a gold record."""


def config_path() -> Path:
    """The labelling config: the copy inside the package (a wheel), else the checkout's."""
    for path in (_PACKAGE_CONFIG, _REPO_CONFIG):
        if path.is_file():
            return path
    raise FileNotFoundError(f"no labelling config: neither {_PACKAGE_CONFIG} nor {_REPO_CONFIG} exists")


# ---------------------------------------------------------------- records -> tasks

@dataclass
class Export:
    """What ``export_tasks`` made: the tasks, and the files it could not use."""
    tasks: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # one line per input path: what it was read as

    @property
    def regions(self) -> int:
        return sum(1 for t in self.tasks for part in ("annotations", "predictions") for a in t.get(part, [])
                   for r in a["result"] if r["from_name"] == LABELS)


@dataclass
class _Record:
    path: Path
    doc: Document
    kind: str  # "gold" or "prediction"
    version: str | None = None


def export_tasks(paths: list[Path], kind: str = "auto", articles: Path | None = None,
                 model_version: str | None = None) -> Export:
    """Label Studio tasks, one per doc_id, from gold files and outputs (files or folders).
    ``kind`` says what the records are ("gold", "predictions") or lets each file's folder
    and fields tell ("auto"); ``articles`` is a folder to look for the texts of records
    whose own (beside them, ``../articles``, the output folder's manifest) is missing."""
    result = Export()
    by_doc: dict[str, list[_Record]] = {}
    for path in paths:
        records = _read_records(path, kind, model_version, result)
        for rec in records:
            by_doc.setdefault(rec.doc.doc_id, []).append(rec)
        if records:
            kinds = " and ".join(sorted({"gold" if r.kind == "gold" else "predictions" for r in records}))
            result.sources.append(f"{path}: {len(records)} record{'s' * (len(records) != 1)} as {kinds}")
    for doc_id in sorted(by_doc):
        task = _task(doc_id, by_doc[doc_id], articles, result)
        if task is not None:
            result.tasks.append(task)
    return result


def _read_records(path: Path, kind: str, model_version: str | None, result: Export) -> list[_Record]:
    if path.is_dir():
        files = sorted(path.glob("*.json"))
    elif path.is_file():
        files = [path]
    else:
        result.errors.append(f"{path}: no such file or folder")
        return []
    out = []
    for f in files:
        try:
            data = read_json(f)
            doc = Document.from_json(data, str(f))
        except RecordError as exc:
            result.errors.append(str(exc))
            continue
        rec_kind = _kind_of(f, data) if kind == "auto" else kind.removesuffix("s")
        version = _model_version(f, doc.doc_id, model_version) if rec_kind == "prediction" else None
        out.append(_Record(f, doc, rec_kind, version))
    return out


def _kind_of(path: Path, data: dict) -> str:
    """"prediction" for a pipeline output (its folder holds the batch's manifest or
    tables, or its mentions name their rule), else "gold"."""
    folder = path.parent
    if any((folder / name).is_file() for name in (".manifest.jsonl", "zones.csv", "facts.csv",
                                                    "zones.parquet", "facts.parquet")):
        return "prediction"
    if any(isinstance(m, dict) and "rule" in m for m in data.get("mentions", [])):
        return "prediction"
    return "gold"


def _model_version(path: Path, doc_id: str, given: str | None) -> str:
    """The pipeline version that wrote an output: as given, else as its folder's manifest
    records it, else this installation's."""
    if given:
        return given
    from .batch import Manifest, pipeline_version

    entry = Manifest(path.parent).entries.get(doc_id) or {}
    return entry.get("version") or pipeline_version()


def _task(doc_id: str, records: list[_Record], articles: Path | None, result: Export) -> dict | None:
    """One task: the article text, gold records as annotations, outputs as predictions."""
    text, where = _article_text(doc_id, records, articles)
    if text is None:
        result.errors.append(f"{records[0].path}: cannot find the text of {doc_id!r} ({where}); "
                             "name a folder of articles with --articles")
        return None
    task: dict[str, Any] = {"data": {TEXT: text, "doc_id": doc_id}, "annotations": [], "predictions": []}
    for rec in records:
        bad = next((m for m in rec.doc.mentions if text[m.start:m.end] != m.text or m.start < 0), None)
        if bad is not None:
            result.errors.append(f"{rec.path}: mention {bad.id} says {bad.text!r} at {bad.start}:{bad.end}, the text "
                                 f"of {doc_id} ({where}) has {text[bad.start:bad.end]!r}: not the text of this record")
            continue
        known = {m.id for m in rec.doc.mentions}
        for z in rec.doc.zones:
            for mid in z.mentions:
                if mid not in known:
                    result.warnings.append(f"{rec.path}: zone {z.id}: mention {mid!r} does not exist; left out")
        items = results_of(rec.doc)
        if rec.kind == "gold":
            task["annotations"].append({"result": items})
        else:
            task["predictions"].append({"model_version": rec.version, "result": items})
    if not task["annotations"] and not task["predictions"]:
        return None
    return task


def _article_text(doc_id: str, records: list[_Record], articles: Path | None) -> tuple[str | None, str]:
    """(text, the file it came from), or (None, why not): the text the records' own folders
    lead to (as ``zones validate`` finds and reads it), else ``articles/<doc_id>.*``."""
    from .batch import text_path
    from .reading import InputError, read_input

    candidates, reasons = [], []
    for rec in records:
        try:
            candidates.append(text_path(rec.path, doc_id))
        except RecordError as exc:
            reasons.append(str(exc).split(f"cannot find the text of {doc_id!r}: ", 1)[-1])
    if articles is not None:
        candidates += [articles / f"{doc_id}{suffix}" for suffix in (".source.txt", ".txt", ".text", ".html", ".htm")]
    for cand in candidates:
        if cand.is_file():
            try:
                return read_input(cand)[0], str(cand)
            except (OSError, InputError) as exc:
                reasons.append(f"{cand}: {exc}")
    if articles is not None:
        reasons.append(f"not in {articles}")
    return None, "; ".join(reasons)


def results_of(doc: Document) -> list[dict]:
    """The Label Studio result list of one record: its regions, header fields and zones."""
    zones_of: dict[str, list[str]] = {}
    for z in doc.zones:
        for mid in z.mentions:
            zones_of.setdefault(mid, []).append(z.id)
    items = []
    for m in doc.mentions:
        items += _region(m, ", ".join(zones_of.get(m.id, [])))
    for name in HEADER:
        value = getattr(doc, name)
        if value is not None:
            items.append({"id": f"header-{name}", "from_name": name, "to_name": TEXT, "type": "textarea",
                          "value": {"text": [str(value)]}})
    if doc.zones:
        items.append({"id": ZONES, "from_name": ZONES, "to_name": TEXT, "type": "textarea",
                      "value": {"text": [zone_line(z) for z in doc.zones]}})
    return items


def _region(m: Mention, zone: str) -> list[dict]:
    """One mention as results sharing its id: the label, then its fields and attributes."""
    span = {"start": m.start, "end": m.end}
    labels = {"id": m.id, "from_name": LABELS, "to_name": TEXT, "type": "labels",
              "value": {**span, "text": m.text, "labels": [m.type]}}
    if m.extra:  # rule ids and other fields beyond the contract: shown to annotators, not imported
        labels["meta"] = {"text": ["; ".join(f"{k}: {v}" for k, v in m.extra.items())]}
    out = [labels]
    fields = {"value": value_text(m.value), "unit": m.unit, "per": m.per, "to": m.to, "zone": zone or None}
    for name in REGION_TEXTAREAS:
        if fields[name] is not None:
            out.append({"id": m.id, "from_name": name, "to_name": TEXT, "type": "textarea",
                        "value": {**span, "text": [str(fields[name])]}})
    for name, chosen in (("approx", ["approx"] if m.approx else []), ("bound", [m.bound] if m.bound else [])):
        if chosen:
            out.append({"id": m.id, "from_name": name, "to_name": TEXT, "type": "choices",
                        "value": {**span, "text": m.text, "choices": chosen}})
    return out


def value_text(value: Any) -> str:
    """A mention's value as an annotator reads and types it: ``3500000``, ``933333.3333333333``,
    ``[3000000, 5000000]`` for a range, the TIMEX string of a date."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def zone_line(zone) -> str:
    """``z2 | innovation and R&D area | aliases: A; B | parent: z1 | located_in: X; Y``:
    empty fields left out; a name or item holding ``|``, ``;``, a quote, a line break or
    edge spaces written as a JSON string."""
    parts = [zone.id, _quoted(zone.name)]
    if zone.aliases:
        parts.append("aliases: " + "; ".join(_quoted(a) for a in zone.aliases))
    if zone.parent is not None:
        parts.append(f"parent: {zone.parent}")
    if zone.located_in:
        parts.append("located_in: " + "; ".join(_quoted(p) for p in zone.located_in))
    return " | ".join(parts)


def _quoted(item: str) -> str:
    plain = item and item == item.strip() and item.splitlines() == [item] and not any(c in item for c in '|;"')
    if plain:
        return item
    quoted = json.dumps(item, ensure_ascii=False)  # escapes \n and \r; the other line breaks too:
    return "".join(f"\\u{ord(c):04x}" if c in _LINE_BREAKS else c for c in quoted)


def tasks_json(tasks: list[dict]) -> str:
    return json.dumps(tasks, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- export -> records

@dataclass
class Imported:
    """What ``documents_from_export`` read: records with their texts, and what it could not."""
    documents: list[tuple[Document, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tasks: int = 0
    skipped: int = 0


def read_export(path: Path) -> list:
    """The task list of a Label Studio JSON export; LabelStudioError names the file and problem."""
    try:
        data = read_json(path)
    except RecordError as exc:
        raise LabelStudioError(str(exc)) from None
    if isinstance(data, dict) and "data" in data:
        data = [data]  # one task on its own
    if not isinstance(data, list):
        raise LabelStudioError(f"{path}: not a Label Studio JSON export: expected a list of tasks, "
                               f"found a JSON {type(data).__name__}")
    return data


def documents_from_export(tasks: list, where: str) -> Imported:
    """One record per task from its annotation (tasks nobody annotated are skipped and
    noted); a task that fails is reported with its problem and the others go on."""
    out = Imported(tasks=len(tasks))
    seen: dict[str, str] = {}
    for n, task in enumerate(tasks, 1):
        name = _task_name(task, n)
        try:
            chosen = _annotation(task, f"{where}: {name}", out.notes)
            if chosen is None:
                out.skipped += 1
                out.notes.append(f"{where}: {name}: no annotation; skipped")
                continue
            doc, text = document_from_result(chosen, task["data"], f"{where}: {name}")
        except LabelStudioError as exc:
            out.errors.append(str(exc))
            continue
        if doc.doc_id in seen:
            out.errors.append(f"{where}: {name}: doc_id {doc.doc_id!r} already read from {seen[doc.doc_id]}")
            continue
        seen[doc.doc_id] = name
        out.documents.append((doc, text))
    return out


def _task_name(task: Any, n: int) -> str:
    if not isinstance(task, dict):
        return f"task #{n}"
    label = f"task {task['id']}" if isinstance(task.get("id"), (int, str)) else f"task #{n}"
    doc_id = task.get("data", {}).get("doc_id") if isinstance(task.get("data"), dict) else None
    return f"{label} ({doc_id})" if isinstance(doc_id, str) else label


def _annotation(task: Any, where: str, notes: list[str]) -> list | None:
    """The result list to import: the task's one annotation that was not cancelled; among
    several, the one marked ground truth, else the latest (noted)."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise LabelStudioError(f"{where}: not a Label Studio task: no 'data' object")
    annotations = task.get("annotations", [])
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        raise LabelStudioError(f"{where}: 'annotations' must be a list of objects")
    live = [a for a in annotations if not a.get("was_cancelled")]
    if not live:
        return None
    pick = live[-1]
    if len(live) > 1:
        marked = [a for a in live if a.get("ground_truth")]
        latest = max(live, key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""))
        pick = marked[0] if len(marked) == 1 else latest
        why = "the one marked ground truth" if len(marked) == 1 else "the latest"
        notes.append(f"{where}: {len(live)} annotations; took {why} (id {pick.get('id', '?')})")
    if not isinstance(pick.get("result"), list):
        raise LabelStudioError(f"{where}: annotation {pick.get('id', '?')}: no 'result' list")
    return pick["result"]


def document_from_result(result: list, data: dict, where: str) -> tuple[Document, str]:
    """The record of one annotation (or prediction) result list over the task's data."""
    text, doc_id = data.get(TEXT), data.get("doc_id")
    if not isinstance(text, str):
        raise LabelStudioError(f"{where}: data has no article text ('{TEXT}')")
    if not isinstance(doc_id, str) or not re.fullmatch(r"[^/\\\x00]+", doc_id) or doc_id.startswith("."):
        raise LabelStudioError(f"{where}: data has no usable doc_id (the gold file's name): {doc_id!r}")
    regions, header, zone_items = _group(result, where)
    zones, renumber = _zones(zone_items, where)
    mentions, owners = [], {}
    for rid, items in regions.items():
        mention, zone_ids = _mention(rid, items, text, where)
        for zid in zone_ids:
            if zid not in renumber:
                raise LabelStudioError(f"{where}: region {rid} ({mention['text']!r}): zone {zid!r} is not in the zones list")
        mentions.append((mention, [renumber[z] for z in zone_ids]))
    mentions.sort(key=lambda pair: (pair[0]["start"], pair[0]["end"]))
    for n, (mention, zone_ids) in enumerate(mentions, 1):
        mention["id"] = f"m{n}"
        for zid in zone_ids:
            owners.setdefault(zid, []).append(mention["id"])
    for z in zones:
        z["mentions"] = owners.get(z["id"], [])
    record = {"doc_id": doc_id, **header, "mentions": [m for m, _ in mentions], "zones": zones}
    try:
        return Document.from_json(record, where), text
    except RecordError as exc:
        raise LabelStudioError(str(exc)) from None


def _group(result: list, where: str) -> tuple[dict[str, list[dict]], dict, list[str]]:
    """Results by region id (in order of first appearance), the header fields, the zone lines."""
    regions: dict[str, list[dict]] = {}
    header: dict[str, str | None] = {name: None for name in HEADER}
    zone_items: list[str] = []
    for n, item in enumerate(result, 1):
        if not isinstance(item, dict) or (item.get("type") != "relation" and not isinstance(item.get("value"), dict)):
            raise LabelStudioError(f"{where}: result #{n} is not a result object with a 'value'")
        name = item.get("from_name")
        if item.get("type") == "relation":
            continue  # relations drawn between regions are not part of the record
        if name not in (LABELS, *REGION_TEXTAREAS, *REGION_CHOICES, *HEADER, ZONES):
            raise LabelStudioError(f"{where}: result #{n}: {name!r} is not a control of the labelling config "
                                   "labelstudio/config.xml (was the project set up with it?)")
        if name in HEADER:
            header[name] = _single(item, f"{where}: {name}")
        elif name == ZONES:
            zone_items += [line for entry in _texts(item, f"{where}: zones") for line in entry.splitlines()]
        else:
            rid = item.get("id")
            if not isinstance(rid, str) or not rid:
                raise LabelStudioError(f"{where}: result #{n} ({name}) has no region id")
            regions.setdefault(rid, []).append(item)
    return regions, header, zone_items


def _texts(item: dict, where: str) -> list[str]:
    texts = item["value"].get("text")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise LabelStudioError(f"{where}: textarea text must be a list of strings, not {texts!r}")
    return texts


def _single(item: dict, where: str) -> str | None:
    """The one entry of a single-entry textarea, stripped; None when empty."""
    texts = [t.strip() for t in _texts(item, where) if t.strip()]
    if len(texts) > 1:
        raise LabelStudioError(f"{where}: {len(texts)} entries ({texts!r}); keep one")
    return texts[0] if texts else None


def _zones(lines: list[str], where: str) -> tuple[list[dict], dict[str, str]]:
    """Zone objects from the zones lines, renumbered z1, z2 ... in list order, and the
    map from the ids as written to the new ones (parents follow)."""
    zones, renumber = [], {}
    for line in (ln for ln in lines if ln.strip()):
        zone = parse_zone_line(line, f"{where}: zones line {line.strip()!r}")
        if zone["id"] in renumber:
            raise LabelStudioError(f"{where}: zones: {zone['id']!r} is listed twice")
        renumber[zone["id"]] = f"z{len(zones) + 1}"
        zones.append(zone)
    for zone in zones:
        if zone["parent"] is not None:
            if zone["parent"] not in renumber:
                raise LabelStudioError(f"{where}: zone {zone['id']}: parent {zone['parent']!r} is not in the zones list")
            zone["parent"] = renumber[zone["parent"]]
        zone["id"] = renumber[zone["id"]]
    return zones, renumber


def parse_zone_line(line: str, where: str) -> dict:
    """``z2 | name | aliases: A; B | parent: z1 | located_in: X; Y`` -> a zone object
    (without mentions). Fields other than id and name may be left out."""
    parts = [p.strip() for p in _split(line, "|")]
    if len(parts) < 2 or not parts[0] or not _item(parts[1]):
        raise LabelStudioError(f"{where}: a zone is 'id | name', then optional 'aliases: ...', "
                               "'parent: ...', 'located_in: ...' fields")
    zone = {"id": parts[0], "name": _item(parts[1]), "aliases": [], "parent": None, "located_in": []}
    for part in parts[2:]:
        key, colon, rest = part.partition(":")
        key = key.strip().lower().replace(" ", "_")
        if not colon or key not in ZONE_KEYS:
            raise LabelStudioError(f"{where}: unknown field {part!r} (want {', '.join(k + ': ...' for k in ZONE_KEYS)})")
        if key == "parent":
            zone["parent"] = rest.strip() or None
        else:
            zone[key] = [_item(x) for x in _split(rest, ";") if x.strip()]
    return zone


def _split(text: str, sep: str) -> list[str]:
    """``text`` cut at ``sep``, except inside JSON string literals ("a|b")."""
    pieces, start, i = [], 0, 0
    while i < len(text):
        if text[i] == '"':
            try:
                i = _DECODER.raw_decode(text, i)[1]
                continue
            except ValueError:
                pass
        elif text[i] == sep:
            pieces.append(text[start:i])
            start = i + 1
        i += 1
    return pieces + [text[start:]]


def _item(raw: str) -> str:
    """One name or place: a JSON string literal decoded, anything else stripped."""
    s = raw.strip()
    if s.startswith('"'):
        try:
            value, end = _DECODER.raw_decode(s)
            if end == len(s) and isinstance(value, str):
                return value
        except ValueError:
            pass
    return s


def _mention(rid: str, items: list[dict], text: str, where: str) -> tuple[dict, list[str]]:
    """A mention object from the results of one region, and the zone ids it names."""
    by_name = {item["from_name"]: item for item in items}
    label = by_name.get(LABELS)
    at = f"{where}: region {rid}" + "".join(f" ({item['value']['text']!r})" for item in items[:1]
                                             if isinstance(item["value"].get("text"), str))
    if label is None or not label["value"].get("labels"):
        raise LabelStudioError(f"{at}: no label (one of {', '.join(MENTION_TYPES)})")
    labels = label["value"]["labels"]
    if len(labels) != 1 or labels[0] not in MENTION_TYPES:
        raise LabelStudioError(f"{at}: label {labels!r} is not one of {', '.join(MENTION_TYPES)}")
    mtype = labels[0]
    start, end = _offsets(label["value"], text, at)
    fields = {name: _single(by_name[name], f"{at}: {name}") if name in by_name else None for name in REGION_TEXTAREAS}
    if fields["value"] is None:
        raise LabelStudioError(f"{at}: no value")
    chosen = {name: _choices(by_name.get(name), allowed, f"{at}: {name}") for name, allowed in REGION_CHOICES.items()}
    from .gold import CANONICAL

    mention = {"id": rid, "type": mtype, "text": text[start:end], "start": start, "end": end,
               "value": parse_value(fields["value"], mtype, f"{at}: value"),
               "unit": fields["unit"] if fields["unit"] is not None else CANONICAL.get(mtype),
               "approx": bool(chosen["approx"]), "bound": chosen["bound"][0] if chosen["bound"] else None,
               "per": fields["per"], "to": fields["to"]}
    zone_ids = [z.strip() for z in (fields["zone"] or "").split(",") if z.strip()]
    return mention, zone_ids


def _offsets(value: dict, text: str, at: str) -> tuple[int, int]:
    """start and end as Python character offsets into ``text``. Label Studio counts code
    points; offsets counted in UTF-16 units (older versions, characters beyond U+FFFF)
    are converted when that is what makes the region's text match."""
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end:
        raise LabelStudioError(f"{at}: start/end {start!r}..{end!r} are not a span of the text")
    said = value.get("text")
    if not isinstance(said, str) or text[start:end] == said:
        if end > len(text):
            raise LabelStudioError(f"{at}: offsets {start}..{end} run past the end of the text ({len(text)} characters)")
        return start, end
    units = text.encode("utf-16-le")
    s16, e16 = (units[:2 * start].decode("utf-16-le", "ignore"), units[:2 * end].decode("utf-16-le", "ignore"))
    if text[len(s16):len(e16)] == said:
        return len(s16), len(e16)
    raise LabelStudioError(f"{at}: the text at {start}..{end} is {text[start:end]!r}, not the region's text")


def _choices(item: dict | None, allowed: tuple[str, ...], at: str) -> list[str]:
    if item is None:
        return []
    chosen = item["value"].get("choices")
    if not isinstance(chosen, list) or not all(c in allowed for c in chosen) or len(chosen) > 1:
        raise LabelStudioError(f"{at}: choices {chosen!r}: want one of {', '.join(allowed)} or none")
    return chosen


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_value(raw: str, mtype: str, at: str) -> Any:
    """A value as typed: a TIMEX string for DATE; otherwise a number (``3500000``,
    ``3,500,000``, ``3.5e6``) or a range (``[3000000, 5000000]``, ``3000000 to 5000000``)."""
    from .gold import _TIMEX

    if mtype == "DATE":
        if not _TIMEX.match(raw):
            raise LabelStudioError(f"{at}: {raw!r} is not a date value (2021-10-24, 2020-11, 2018, 2018-Q1, "
                                   "2021-H1, XXXX-03-02, 2021/2025)")
        return raw
    if raw.startswith("[") and raw.endswith("]"):
        numbers = [e.strip() for e in raw[1:-1].split(",")]
    else:  # thousands separators allowed outside the JSON form
        numbers = [e.strip().replace(",", "") for e in re.split(r"\s+to\s+", raw)]
    values = [float(e) for e in numbers if _NUMBER.fullmatch(e)]
    if not 1 <= len(numbers) <= 2 or len(values) != len(numbers) or not all(math.isfinite(v) for v in values):
        raise LabelStudioError(f"{at}: {raw!r} is not a number or a range ([low, high] or 'low to high')")
    return values[0] if len(values) == 1 else values


def write_gold(doc: Document, text: str, out_dir: Path) -> bool:
    """Write ``out_dir/<doc_id>.json`` atomically, and the article text beside it as
    ``<doc_id>.txt`` when the text the gold would be checked against (see
    ``batch.text_path``) is missing or different. True when a text was written."""
    from .batch import text_path
    from .reading import InputError, read_input

    path = out_dir / f"{doc.doc_id}.json"
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        found = text_path(path, doc.doc_id)
        same = read_input(found)[0] == text
    except (RecordError, InputError, OSError):
        found, same = None, False
    if not same:
        beside = found if found is not None and found.parent == out_dir else out_dir / f"{doc.doc_id}.txt"
        write_atomic(beside, text)
    write_atomic(path, doc.dumps())
    return not same
