"""Tables beside the JSON outputs, through pandas.

``zones.csv``: one row per zone (doc, id, name, aliases, parent, located_in,
facts). ``facts.csv``: one row per mention (doc, zone or empty, type, value,
unit, text, approx, bound, per, to, start, end). Lists are joined with " | ";
a range value is written "low..high". Rows are sorted by document, then id
order, so the files are stable.
"""
from __future__ import annotations

import io
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


def write_tables(out_dir, fmt: str = "csv") -> list[str]:
    """Write zones and facts tables for every <doc_id>.json in ``out_dir`` (a path, or a
    folder of ``pipeline.storage``); returns where they went."""
    from .storage import LocalFolder

    folder = LocalFolder(out_dir) if isinstance(out_dir, (str, Path)) else out_dir
    zdf, fdf = frames(folder.records())
    written = []
    for name, df in (("zones", zdf), ("facts", fdf)):
        if fmt == "parquet":
            buf = io.BytesIO()
            df.to_parquet(buf, index=False)
            folder.write(f"{name}.parquet", buf.getvalue())
        else:
            buf = io.StringIO()
            df.to_csv(buf, index=False, lineterminator="\n")
            folder.write(f"{name}.csv", buf.getvalue())
        written.append(folder.where(f"{name}.{'parquet' if fmt == 'parquet' else 'csv'}"))
    return written
