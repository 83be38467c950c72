"""The zones and facts tables: read a few records at a time, written whole or not at all."""
import shutil
from pathlib import Path

import pytest

from pipeline import tables
from pipeline.document import RecordError

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ROOT / "outputs"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_CACHE_DIR", str(tmp_path / "cache"))


def _state(folder: Path) -> Path:
    from pipeline.storage import LocalFolder

    return tables.state_path(LocalFolder(folder))


def _tables_of(folder: Path) -> dict:
    return {name: (folder / name).read_bytes() for name in ("zones.csv", "facts.csv")}


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
        _state(folder).unlink(missing_ok=True)  # a rewrite, not an update
        tables.write_tables(folder)
        for name in ("zones.csv", "facts.csv"):
            assert (folder / name).read_bytes() == (OUTPUTS / name).read_bytes(), (chunk, name)


def test_tables_hold_a_few_records_at_a_time(tmp_path, monkeypatch):
    folder = _records(tmp_path)
    monkeypatch.setattr(tables, "CHUNK", 5)
    calls = _read_names(monkeypatch)
    tables.write_tables(folder)
    sizes = [len(c) for c in calls]
    assert max(sizes) == 5 and sum(sizes) == len(list(folder.glob("*.json")))


def test_a_bad_record_late_in_the_folder_leaves_the_tables_that_were_there(tmp_path, monkeypatch):
    folder = _records(tmp_path)
    tables.write_tables(folder)
    before = _tables_of(folder)
    (folder / "zzz_notes.json").write_text('{"not": "a record"}', encoding="utf-8")  # read last
    monkeypatch.setattr(tables, "CHUNK", 3)
    with pytest.raises(RecordError, match="zzz_notes.json"):
        tables.write_tables(folder)
    assert _tables_of(folder) == before
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


def _rewritten(folder: Path, tmp_path: Path) -> dict:
    """The tables a rewrite gives for the records of ``folder``."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for path in folder.glob("*.json"):
        shutil.copy(path, fresh / path.name)
    tables.write_tables(fresh)
    return _tables_of(fresh)


def _read_names(monkeypatch) -> list:
    from pipeline.storage import LocalFolder

    calls = []
    read = LocalFolder.read_records

    def counted(self, names):
        calls.append(list(names))
        return read(self, names)

    monkeypatch.setattr(LocalFolder, "read_records", counted)
    return calls


def test_tables_are_brought_up_to_date_with_the_records_that_changed(tmp_path, monkeypatch):
    """New records and a re-extracted one: only they are read, and the tables are those a
    rewrite gives, byte for byte."""
    import json

    folder = _records(tmp_path)
    tables.write_tables(folder)
    sources = sorted(OUTPUTS.glob("*.json"))
    added = ["000_first", "zzz_last", f"{sources[2].stem}_b", f"{sources[3].stem}_c", "5_between"]
    for doc_id, path in zip(added, sources):  # new articles: one sorts first, one last, some between
        data = {**json.loads(path.read_text(encoding="utf-8")), "doc_id": doc_id}
        (folder / f"{doc_id}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = json.loads(sources[10].read_text(encoding="utf-8"))  # re-extracted: a zone fewer, a text changed
    again["zones"] = again["zones"][1:]
    again["mentions"][0]["text"] = 'a "quoted", text\nover two lines'
    (folder / sources[10].name).write_text(json.dumps(again, ensure_ascii=False), encoding="utf-8")
    calls = _read_names(monkeypatch)
    tables.write_tables(folder)
    assert sorted(n for c in calls for n in c) == sorted([f"{d}.json" for d in added] + [sources[10].name])
    monkeypatch.undo()
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


@pytest.mark.parametrize("change", ["record removed", "table edited", "state broken", "state gone", "other version"])
def test_tables_are_rewritten_when_an_update_cannot_be_trusted(tmp_path, monkeypatch, change):
    folder = _records(tmp_path)
    tables.write_tables(folder)
    first = sorted(folder.glob("*.json"))[0]
    if change == "record removed":
        first.unlink()
    elif change == "table edited":
        with open(folder / "facts.csv", "a", encoding="utf-8") as fh:
            fh.write("x,y\n")
    elif change == "state broken":
        _state(folder).write_text("{", encoding="utf-8")
    elif change == "other version":  # its rows may read otherwise
        import json

        state = json.loads(_state(folder).read_text(encoding="utf-8"))
        _state(folder).write_text(json.dumps({**state, "version": "0.0.1+0"}), encoding="utf-8")
    else:
        _state(folder).unlink()
    calls = _read_names(monkeypatch)
    tables.write_tables(folder)
    assert sum(len(c) for c in calls) == len(list(folder.glob("*.json")))  # every record read
    monkeypatch.undo()
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


def test_tables_of_unchanged_records_are_left_as_they_stand(tmp_path, monkeypatch):
    folder = _records(tmp_path)
    tables.write_tables(folder)
    before = {name: (folder / name).stat().st_mtime_ns for name in ("zones.csv", "facts.csv")}
    calls = _read_names(monkeypatch)
    tables.write_tables(folder)
    assert sum(len(c) for c in calls) == 0
    assert {name: (folder / name).stat().st_mtime_ns for name in before} == before


def _edit(path: Path, change) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("where", ["an unchanged record", "the changed record"])
def test_a_carriage_return_in_a_field_makes_a_rewrite_not_an_update(tmp_path, where):
    """pandas writes a lone carriage return unquoted, which a CSV reader takes for the
    end of a row: such tables are not copied row by row."""
    folder = _records(tmp_path)
    names = sorted(folder.glob("*.json"))
    if where == "an unchanged record":
        _edit(names[0], lambda d: d["zones"][0].update(name="Z\rn"))
    tables.write_tables(folder)
    _edit(names[5], lambda d: d["mentions"][0].update(text="a\rb" if where == "the changed record" else "changed"))
    tables.write_tables(folder)
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


def test_a_field_longer_than_the_csv_reader_takes_makes_a_rewrite(tmp_path):
    folder = _records(tmp_path)
    names = sorted(folder.glob("*.json"))
    tables.write_tables(folder)
    _edit(names[3], lambda d: d["mentions"][0].update(text="y" * 140_000))
    tables.write_tables(folder)  # the next update reads it back from the table
    _edit(names[5], lambda d: d["mentions"][0].update(text="changed"))
    tables.write_tables(folder)
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


@pytest.mark.parametrize("misnamed", ["a copy under another name", "a doc id that sorts last"])
def test_records_not_named_after_their_doc_ids_keep_their_rows_and_their_place(tmp_path, monkeypatch, misnamed):
    """The tables of a folder where a record's file is not named after its doc id are
    those of the records in doc id order (then file name), however they are read,
    and are rewritten, not updated, afterwards."""
    folder = _records(tmp_path)
    names = sorted(folder.glob("*.json"))
    if misnamed == "a copy under another name":
        shutil.copy(names[4], folder / f"{names[4].stem} (copy).json")
    else:
        _edit(names[0], lambda d: d.update(doc_id="zzz_renamed"))
    from pipeline.document import load

    docs = [load(p) for p in sorted(folder.glob("*.json"))]  # file name order, then doc ids: the whole folder at once
    zones, facts = tables.frames(docs)
    want = {"zones.csv": zones.to_csv(index=False, lineterminator="\n").encode(),
            "facts.csv": facts.to_csv(index=False, lineterminator="\n").encode()}
    for chunk in (7, 10_000):
        monkeypatch.setattr(tables, "CHUNK", chunk)
        _state(folder).unlink(missing_ok=True)
        tables.write_tables(folder)
        assert _tables_of(folder) == want, chunk
    _edit(names[20], lambda d: d["mentions"][0].update(text="changed"))
    tables.write_tables(folder)
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


def test_tables_whose_state_is_right_but_a_table_is_empty_are_rewritten(tmp_path):
    folder = _records(tmp_path)
    tables.write_tables(folder)
    import json

    (folder / "facts.csv").write_text("", encoding="utf-8")
    state = json.loads(_state(folder).read_text(encoding="utf-8"))
    state["tables"]["facts.csv"] = list(_stat(folder / "facts.csv"))
    _state(folder).write_text(json.dumps(state), encoding="utf-8")
    _edit(sorted(folder.glob("*.json"))[5], lambda d: d["mentions"][0].update(text="changed"))
    tables.write_tables(folder)
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


def _stat(path: Path) -> tuple:
    from pipeline.storage import LocalFolder

    return LocalFolder(path.parent).stat(path.name)


def test_a_value_is_written_as_itself_whatever_the_records_read_with_it(tmp_path, monkeypatch):
    """Zone ids the contract leaves untyped (1, 2 ... in one record, 0.5, 1.5 ... in the
    next) are written '1' and '0.5' whether the two records are read alone together
    (where a column of numbers would make the 1 '1.0') or with the others."""
    folder = _records(tmp_path)
    names = sorted(folder.glob("*.json"))
    _edit(names[0], lambda d: [z.update(id=n + 1) for n, z in enumerate(d["zones"])])
    _edit(names[1], lambda d: [z.update(id=n + 0.5) for n, z in enumerate(d["zones"])])
    got = {}
    for chunk in (2, 10_000):
        monkeypatch.setattr(tables, "CHUNK", chunk)
        _state(folder).unlink(missing_ok=True)
        tables.write_tables(folder)
        got[chunk] = _tables_of(folder)
    assert got[2] == got[10_000]
    assert ",1," in got[2]["zones.csv"].decode().splitlines()[1]


def test_the_output_folder_holds_nothing_that_differs_between_two_runs(tmp_path):
    """What the tables were made from is kept in the cache folder, not beside them."""
    folder = _records(tmp_path)
    files = sorted(p.name for p in folder.iterdir())
    tables.write_tables(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(files + ["zones.csv", "facts.csv"])
    assert _state(folder).is_file() and tmp_path / "cache" in _state(folder).parents


def test_with_the_cache_off_the_tables_are_rewritten_each_time(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONES_CACHE_DIR", "off")
    folder = _records(tmp_path)
    tables.write_tables(folder)
    _edit(sorted(folder.glob("*.json"))[5], lambda d: d["mentions"][0].update(text="changed"))
    calls = _read_names(monkeypatch)
    tables.write_tables(folder)
    assert sum(len(c) for c in calls) == len(list(folder.glob("*.json")))
    monkeypatch.undo()
    assert _tables_of(folder) == _rewritten(folder, tmp_path)


def test_states_of_folders_untouched_for_long_are_forgotten(tmp_path):
    import os
    import time

    folder = _records(tmp_path)
    tables.write_tables(folder)
    states = _state(folder).parent
    old, recent = states / "0ld.json", states / "recent.json"
    for path, days in ((old, tables.KEEP_DAYS + 1), (recent, tables.KEEP_DAYS - 1)):
        path.write_text("{}", encoding="utf-8")
        stamp = time.time() - days * 86400
        os.utime(path, (stamp, stamp))
    _edit(sorted(folder.glob("*.json"))[5], lambda d: d["mentions"][0].update(text="changed"))
    tables.write_tables(folder)
    assert not old.exists() and recent.exists() and _state(folder).exists()
