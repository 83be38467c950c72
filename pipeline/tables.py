"""Tables beside the JSON outputs, through pandas.

``zones.csv``: one row per zone (doc, id, name, aliases, parent, located_in,
facts). ``facts.csv``: one row per mention (doc, zone or empty, type, value,
unit, text, approx, bound, per, to, start, end). Lists are joined with " | ";
a range value is written "low..high". Rows are sorted by document (the doc id a
record's file is named after), then id order, so the files are stable.

The records are read a few hundred at a time and their rows written out before the
next are read: the tables' memory stays the same however many records the folder
holds, and their time grows in proportion to it.

CSV tables in a local folder are brought up to date rather than rewritten when few
records changed since they were written (a folder that gains a day's articles at a
time): a file in the cache folder (``cache.folder()``, under ``tables/``, named by the
output folder's path; none when the cache is off) keeps what they were made from,
each record's modification and change times and size, their own, and the versions of
the pipeline and of pandas that wrote them, so the output folder holds nothing that
differs between two runs of the same articles. The rows of the records that changed
are read from those records, the others are copied from the tables as they stand; the
result is the tables a rewrite gives, byte for byte. Anything else rewrites them: no
such file, another pipeline version, a table changed since, a record gone or not
named after its doc id, a field the CSV reader cannot give back as written (a carriage
return, which pandas writes unquoted; more than its field limit), most records changed.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pandas as pd

from .document import Document, write_atomic

ZONE_COLUMNS = ["doc", "id", "name", "aliases", "parent", "located_in", "facts"]
FACT_COLUMNS = ["doc", "zone", "id", "type", "value", "unit", "text", "approx", "bound", "per", "to", "start", "end"]


def _value(v) -> str:
    if isinstance(v, list):
        return f"{v[0]:g}..{v[1]:g}"
    if isinstance(v, float):
        return f"{v:.12g}"
    return str(v)


def frames(docs: list[Document]) -> tuple[pd.DataFrame, pd.DataFrame]:
    zones, facts = [], []
    for doc in sorted(docs, key=lambda d: d.doc_id):
        owner = {mid: z.id for z in doc.zones for mid in z.mentions}
        for z in doc.zones:
            zones.append([doc.doc_id, z.id, z.name, " | ".join(z.aliases), z.parent or "", " | ".join(z.located_in), len(z.mentions)])
        for m in doc.mentions:
            facts.append([doc.doc_id, owner.get(m.id, ""), m.id, m.type, _value(m.value), m.unit or "", m.text,
                          m.approx, m.bound or "", m.per or "", m.to or "", m.start, m.end])
    # object columns: a value is written as itself, whatever the other rows read with it hold
    return pd.DataFrame(zones, columns=ZONE_COLUMNS, dtype=object), pd.DataFrame(facts, columns=FACT_COLUMNS, dtype=object)


CHUNK = 256  # records read at a time
UPDATE_MAX = 20_000  # more changed records than this (or than half of them): a rewrite
TABLES = ("zones", "facts")


class _Misnamed(Exception):
    """A record not named after its doc id: the order of file names is not the order of docs."""


def write_tables(out_dir, fmt: str = "csv") -> list[str]:
    """Write zones and facts tables for every <doc_id>.json in ``out_dir`` (a path, or a
    folder of ``pipeline.storage``); returns where they went. A record that cannot be
    read stops them (``RecordError``) and leaves the tables that were there."""
    from .storage import LocalFolder

    folder = LocalFolder(out_dir) if isinstance(out_dir, (str, Path)) else out_dir
    suffix = "parquet" if fmt == "parquet" else "csv"
    where = state_path(folder) if fmt == "csv" else None
    listing = folder.record_listing() if where else None  # before any record is read
    plain = listing is not None and _update_csv(folder, listing, where)
    if not plain:
        plain = _rewrite(folder, fmt)
    if listing is not None:
        state = {"version": _version(), "plain": plain, "records": listing,
                 "tables": {f"{t}.csv": folder.stat(f"{t}.csv") for t in TABLES}}
        try:
            write_atomic(where, json.dumps(state))
            _forget_old(where.parent)
        except OSError:
            pass  # the next call rewrites them
    return [folder.where(f"{name}.{suffix}") for name in TABLES]


def state_path(folder) -> Path | None:
    """Where what the CSV tables of a local ``folder`` were made from is kept: None for
    a folder in object storage, or when the cache is off."""
    from . import cache
    from .storage import LocalFolder

    base = cache.folder()
    if base is None or not isinstance(folder, LocalFolder):
        return None
    return base / "tables" / f"{hashlib.sha256(str(folder.path.resolve()).encode()).hexdigest()[:24]}.json"


def _rewrite(folder, fmt: str) -> bool:
    """Write the tables from every record; whether they can be brought up to date
    later (every record named after its doc id, no carriage return in a CSV field)."""
    names = folder.record_names()  # the order of the doc ids, where records are named after them
    try:
        return _write_all(folder, fmt, names, check=True)
    except _Misnamed:
        ids = {name: d.doc_id for part, docs in _chunks(folder, names) for name, d in zip(part, docs)}
        _write_all(folder, fmt, sorted(names, key=lambda name: (ids[name], name)), check=False)
        return False


def _chunks(folder, names: list[str]):
    """(names, their records), ``CHUNK`` at a time."""
    for i in range(0, len(names), CHUNK):
        part = names[i : i + CHUNK]
        yield part, folder.read_records(part)


def _named_after(part: list[str], docs: list[Document]) -> bool:
    """Whether each record's file is named after its doc id."""
    return all(f"{d.doc_id}.json" == name for d, name in zip(docs, part))


def _write_all(folder, fmt: str, names: list[str], check: bool) -> bool:
    def frames_of():
        for part, docs in _chunks(folder, names) if names else [([], [])]:  # no record: the header alone
            if check and not _named_after(part, docs):
                raise _Misnamed
            yield frames(docs)

    suffix = "parquet" if fmt == "parquet" else "csv"
    with folder.writing(f"zones.{suffix}", binary=fmt == "parquet") as zf, \
            folder.writing(f"facts.{suffix}", binary=fmt == "parquet") as ff:
        return (_parquet if fmt == "parquet" else _csv)(frames_of(), zf, ff)


KEEP_DAYS = 90  # what the tables of a folder untouched for longer were made from is forgotten


def _forget_old(states: Path) -> None:
    """Remove the states not written for ``KEEP_DAYS`` (folders gone, or their tables
    rewritten next time): the cache does not grow with every folder ever written."""
    import time

    limit = time.time() - KEEP_DAYS * 86400
    for path in states.glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _update_csv(folder, listing: dict, where: Path) -> bool:
    """Bring the CSV tables up to date with the records that changed since the state at
    ``where`` was written; False (nothing done) where they are to be rewritten instead."""
    try:
        state = json.loads(where.read_text(encoding="utf-8"))
        before = {name: tuple(v) for name, v in state["records"].items()}
        tables = {name: tuple(v) if v else None for name, v in state["tables"].items()}
        trusted = state["version"] == _version() and state["plain"] is True
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    if not trusted or tables != {f"{t}.csv": folder.stat(f"{t}.csv") for t in TABLES} \
            or not before.keys() <= listing.keys():
        return False  # other code, a field the update cannot copy, a table changed since, or a record gone
    changed = sorted(name for name, st in listing.items() if before.get(name) != st)
    if len(changed) > min(UPDATE_MAX, len(listing) // 2):
        return False
    if not changed:
        return True  # up to date as they stand
    try:
        new = _new_rows(folder, changed)
        if new is None:
            return False
        stale = {name[: -len(".json")] for name in changed}
        with open(folder.where("zones.csv"), encoding="utf-8", newline="") as zold, \
                open(folder.where("facts.csv"), encoding="utf-8", newline="") as fold, \
                folder.writing("zones.csv") as zout, folder.writing("facts.csv") as fout:
            for old, rows, out in ((zold, new[0], zout), (fold, new[1], fout)):
                _merge(csv.reader(old), rows, stale, csv.writer(out, lineterminator="\n"))
    except csv.Error:  # a field longer than the csv module reads, a table cut short
        return False
    return True


def _new_rows(folder, changed: list[str]) -> tuple[dict, dict] | None:
    """Per table, doc -> its rows as a rewrite writes them, of the records ``changed``;
    None where one is not named after its doc id or a field holds a carriage return
    (written unquoted, it would end the row when read back)."""
    new: tuple[dict, dict] = ({}, {})
    for part, docs in _chunks(folder, changed):
        if not _named_after(part, docs):
            return None
        for rows, df in zip(new, frames(docs)):
            text = df.to_csv(index=False, header=False, lineterminator="\n")
            if "\r" in text:
                return None
            for row in csv.reader(io.StringIO(text, newline="")):
                rows.setdefault(row[0], []).append(row)
    return new


def _version() -> str:
    """The pipeline's version and pandas', which write the rows."""
    from .batch import pipeline_version

    return f"{pipeline_version()} pandas {pd.__version__}"


def _merge(old, new: dict[str, list], stale: set[str], writer) -> None:
    """The rows of ``old`` (a table, its header first, rows in doc order) without those
    of the ``stale`` docs, and the ``new`` rows of each doc in its place."""
    header = next(old, None)
    if header is None:
        raise csv.Error("a table without its header")
    writer.writerow(header)
    pending, i = sorted(new), 0
    for row in old:
        while i < len(pending) and pending[i] < row[0]:
            writer.writerows(new[pending[i]])
            i += 1
        if row[0] not in stale:
            writer.writerow(row)
    for doc in pending[i:]:
        writer.writerows(new[doc])


def _csv(frames_of, zf, ff) -> bool:
    """Write the CSV tables; whether no field holds a carriage return."""
    plain = True
    for n, (zdf, fdf) in enumerate(frames_of):
        for df, fh in ((zdf, zf), (fdf, ff)):
            if n == 0 or len(df):
                text = df.to_csv(index=False, header=n == 0, lineterminator="\n")
                plain = plain and "\r" not in text
                fh.write(text)
    return plain


def _parquet(frames_of, zf, ff, row_group: int = 65536) -> bool:
    """Row groups of about ``row_group`` rows (the records' rows gathered until then)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    text, count, flag = pa.string(), pa.int64(), pa.bool_()
    types = {"facts": count, "start": count, "end": count, "approx": flag}
    schemas = [pa.schema([(c, types.get(c, text)) for c in columns]) for columns in (ZONE_COLUMNS, FACT_COLUMNS)]
    writers = [pq.ParquetWriter(fh, schema) for fh, schema in zip((zf, ff), schemas)]
    pending: list[list] = [[], []]
    try:
        for dfs in frames_of:
            for n, df in enumerate(dfs):
                if len(df):
                    pending[n].append(pa.Table.from_pandas(df, schema=schemas[n], preserve_index=False))
                if sum(t.num_rows for t in pending[n]) >= row_group:
                    writers[n].write_table(pa.concat_tables(pending[n]))
                    pending[n] = []
        for writer, tables in zip(writers, pending):
            if tables:
                writer.write_table(pa.concat_tables(tables))
    finally:
        for writer in writers:
            writer.close()
    return False  # not updated in place
