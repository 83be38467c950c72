"""Tables beside the JSON outputs, through pandas.

``zones.csv``: one row per zone (doc, id, name, aliases, parent, located_in,
facts). ``facts.csv``: one row per mention (doc, zone or empty, type, value,
unit, text, approx, bound, per, to, start, end). Lists are joined with " | ";
a range value is written "low..high". Rows are sorted by document (the doc id a
record's file is named after), then id order, so the files are stable.

The records are read a few hundred at a time and their rows written out before the
next are read: the tables' memory stays the same however many records the folder
holds, and their time grows in proportion to it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .document import Document

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
    return pd.DataFrame(zones, columns=ZONE_COLUMNS), pd.DataFrame(facts, columns=FACT_COLUMNS)


CHUNK = 256  # records read at a time


def write_tables(out_dir, fmt: str = "csv") -> list[str]:
    """Write zones and facts tables for every <doc_id>.json in ``out_dir`` (a path, or a
    folder of ``pipeline.storage``); returns where they went. A record that cannot be
    read stops them (``RecordError``) and leaves the tables that were there."""
    from .storage import LocalFolder

    folder = LocalFolder(out_dir) if isinstance(out_dir, (str, Path)) else out_dir
    names = folder.record_names()
    chunks = [names[i : i + CHUNK] for i in range(0, len(names), CHUNK)] or [[]]
    frames_of = (frames(folder.read_records(chunk)) for chunk in chunks)
    suffix = "parquet" if fmt == "parquet" else "csv"
    with folder.writing(f"zones.{suffix}", binary=fmt == "parquet") as zf, \
            folder.writing(f"facts.{suffix}", binary=fmt == "parquet") as ff:
        (_parquet if fmt == "parquet" else _csv)(frames_of, zf, ff)
    return [folder.where(f"{name}.{suffix}") for name in ("zones", "facts")]


def _csv(frames_of, zf, ff) -> None:
    for n, (zdf, fdf) in enumerate(frames_of):
        for df, fh in ((zdf, zf), (fdf, ff)):
            if n == 0 or len(df):
                df.to_csv(fh, index=False, header=n == 0, lineterminator="\n")


def _parquet(frames_of, zf, ff, row_group: int = 65536) -> None:
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
