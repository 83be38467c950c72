"""The zones and facts tables: read a few records at a time, written whole or not at all."""
import shutil
from pathlib import Path

import pytest

from pipeline import tables
from pipeline.document import RecordError

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ROOT / "outputs"


def _records(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for path in sorted(OUTPUTS.glob("*.json")):
        shutil.copy(path, folder / path.name)
    return folder


def test_tables_read_in_chunks_are_the_bundled_ones_byte_for_byte(tmp_path, monkeypatch):
    """However many records are read at a time, the tables are those of the whole folder
    at once: the bundled outputs' own tables."""
    folder = _records(tmp_path)
    for chunk in (1, 7, 10_000):
        monkeypatch.setattr(tables, "CHUNK", chunk)
        tables.write_tables(folder)
        for name in ("zones.csv", "facts.csv"):
            assert (folder / name).read_bytes() == (OUTPUTS / name).read_bytes(), (chunk, name)


def test_tables_hold_a_few_records_at_a_time(tmp_path, monkeypatch):
    from pipeline.storage import LocalFolder

    folder = _records(tmp_path)
    monkeypatch.setattr(tables, "CHUNK", 5)
    sizes = []
    read = LocalFolder.read_records

    def counted(self, names):
        sizes.append(len(names))
        return read(self, names)

    monkeypatch.setattr(LocalFolder, "read_records", counted)
    tables.write_tables(folder)
    assert max(sizes) == 5 and sum(sizes) == len(list(folder.glob("*.json")))


def test_a_bad_record_late_in_the_folder_leaves_the_tables_that_were_there(tmp_path, monkeypatch):
    folder = _records(tmp_path)
    tables.write_tables(folder)
    before = {name: (folder / name).read_bytes() for name in ("zones.csv", "facts.csv")}
    (folder / "zzz_notes.json").write_text('{"not": "a record"}', encoding="utf-8")  # read last
    monkeypatch.setattr(tables, "CHUNK", 3)
    with pytest.raises(RecordError, match="zzz_notes.json"):
        tables.write_tables(folder)
    assert {name: (folder / name).read_bytes() for name in before} == before
    assert not list(folder.glob(".*.tmp"))


def test_a_folder_without_records_gets_tables_of_headers(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    tables.write_tables(folder)
    assert (folder / "zones.csv").read_text(encoding="utf-8") == ",".join(tables.ZONE_COLUMNS) + "\n"
    assert (folder / "facts.csv").read_text(encoding="utf-8") == ",".join(tables.FACT_COLUMNS) + "\n"


@pytest.mark.parametrize("chunk", [3, 10_000])
def test_parquet_tables_hold_the_rows_of_every_record(tmp_path, monkeypatch, chunk):
    pytest.importorskip("pyarrow")
    import pandas as pd

    from pipeline.document import load

    folder = _records(tmp_path)
    monkeypatch.setattr(tables, "CHUNK", chunk)
    tables.write_tables(folder, "parquet")
    zones, facts = tables.frames([load(p) for p in folder.glob("*.json")])
    for name, want in (("zones", zones), ("facts", facts)):
        got = pd.read_parquet(folder / f"{name}.parquet")
        assert list(got.columns) == list(want.columns) and len(got) == len(want)
        assert got.astype(str).values.tolist() == want.astype(str).values.tolist()
    empty = tmp_path / "empty"
    empty.mkdir()
    tables.write_tables(empty, "parquet")
    assert list(pd.read_parquet(empty / "facts.parquet").columns) == tables.FACT_COLUMNS


def test_rows_follow_the_doc_ids_whatever_the_file_names_sort_as(tmp_path, monkeypatch):
    """'a-b.json' sorts before 'a.json', but doc 'a' comes before doc 'a-b'."""
    import json

    record = json.loads(next(iter(sorted(OUTPUTS.glob("*.json")))).read_text(encoding="utf-8"))
    folder = tmp_path / "out"
    folder.mkdir()
    for doc_id in ("a-b", "a"):
        (folder / f"{doc_id}.json").write_text(json.dumps({**record, "doc_id": doc_id}), encoding="utf-8")
    monkeypatch.setattr(tables, "CHUNK", 1)
    tables.write_tables(folder)
    docs = [line.split(",", 1)[0] for line in (folder / "zones.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert docs == sorted(docs) and set(docs) == {"a", "a-b"}


def test_tables_in_object_storage_are_put_whole_or_not_at_all(tmp_path, monkeypatch):
    pytest.importorskip("fsspec")
    import os

    from pipeline.storage import RemoteFolder

    folder = RemoteFolder(f"memory://zones-tables-{os.getpid()}/out")
    folder.make()
    for path in sorted(OUTPUTS.glob("*.json"))[:6]:
        folder.write(path.name, path.read_text(encoding="utf-8"))
    monkeypatch.setattr(tables, "CHUNK", 2)
    tables.write_tables(folder)
    before = folder.read_text("facts.csv")
    assert before.count("\n") > 6
    folder.write("zzz_notes.json", '{"not": "a record"}')
    with pytest.raises(RecordError, match="zzz_notes.json"):
        tables.write_tables(folder)
    assert folder.read_text("facts.csv") == before
