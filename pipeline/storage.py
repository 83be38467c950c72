"""Where a batch reads its articles and writes its records: folders on this machine,
or fsspec URLs (``s3://bucket/prefix``, ``gs://bucket/prefix``, ``memory://…``).

A local folder is written as the local runner always wrote it: every file through a
temporary file renamed into place, the manifest appended and synced line by line. On
an fsspec file system (object storage) a file is written with one put, which an
object store makes atomic, and the manifest, which cannot be appended to there,
gains its lines as small part files (``.manifest.parts/``) that the end of the run
merges into ``.manifest.jsonl``. ``file://`` URLs are local paths.

fsspec (and s3fs for ``s3://``) are imported only when a URL is used: the ``cluster``
extra installs them.
"""
from __future__ import annotations

import datetime as dt
import os
import posixpath
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from .document import AtomicGroup, Document, RecordError, atomic_writer, load, parse_json, write_atomic

INSTALL_HINT = "pip install 'zones-pipeline[cluster]' (dask[distributed], fsspec, s3fs)"


class MissingExtra(ImportError):
    """A package of the ``cluster`` extra (or an fsspec protocol's package) is not installed;
    the message says what to install."""


def is_url(location: str) -> bool:
    """A location fsspec reads (``s3://…``); ``file://`` URLs are local paths."""
    return "://" in location and not location.startswith("file://")


def local_path(location: str) -> Path:
    """A local location as a path (``file:///data/x`` is ``/data/x``)."""
    if location.startswith("file://"):
        return Path(unquote(urlparse(location).path))
    return Path(location)


def filesystem(url: str):
    """(fsspec file system, path inside it) of a URL; MissingExtra says what to install."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise MissingExtra(f"{url}: reading and writing URLs needs fsspec: {INSTALL_HINT}") from None
    try:
        return url_to_fs(url)
    except ImportError as exc:  # fsspec names the package of the protocol (s3fs, gcsfs, ...)
        raise MissingExtra(f"{url}: {exc}") from None


class LocalFolder:
    """An output folder on this machine's file system (or one every worker mounts)."""

    appendable = True  # the manifest grows by appending lines

    def __init__(self, path: Path):
        self.path = Path(path)

    def __str__(self) -> str:
        return str(self.path)

    def where(self, name: str) -> str:
        return str(self.path / name)

    def ready(self) -> bool:
        """Whether the folder is there (a worker on another machine may not see it)."""
        return self.path.is_dir()

    def exists(self, name: str) -> bool:
        return (self.path / name).is_file()

    def present(self):
        """A test of whether a file is in the folder, for many names."""
        return self.exists

    def read_text(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def write(self, name: str, data: str | bytes) -> None:
        write_atomic(self.path / name, data)

    def group(self) -> AtomicGroup:
        """Files to write together, with one sync for all when the block ends:
        ``with folder.group() as g: g.write(name, data)`` (see ``document.AtomicGroup``)."""
        return AtomicGroup(self.path)

    def append(self, name: str, text: str, sync: bool = True) -> None:
        """Append ``text`` to the file, synced to disk unless ``sync`` is false (it is in
        the system's cache then, safe from a killed process; ``sync(name)`` makes sure)."""
        with (self.path / name).open("a", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())

    def sync(self, name: str) -> None:
        """Make sure what was appended to the file is on disk."""
        with (self.path / name).open("a", encoding="utf-8") as fh:
            os.fsync(fh.fileno())

    def writing(self, name: str, binary: bool = False):
        """A file to write ``name`` through: in place when the block ends, never half
        written, and left as it was when the block raises."""
        return atomic_writer(self.path / name, binary)

    def record_names(self) -> list[str]:
        """The ``*.json`` records of the folder, in the order of their doc ids."""
        return sorted((p.name for p in self.path.glob("*.json")), key=_doc_id_of)

    def read_records(self, names: list[str]) -> list[Document]:
        return [load(self.path / name) for name in names]

    def record_listing(self) -> dict[str, tuple[int, int, int]]:
        """Each ``*.json`` record's (modification time, change time (ns), size): what
        changes when the file does (the change time also when the modification time
        is set back)."""
        out = {}
        with os.scandir(self.path) as entries:
            for e in entries:
                if e.name.endswith(".json") and e.is_file():
                    st = e.stat()
                    out[e.name] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size)
        return out

    def stat(self, name: str) -> tuple[int, int, int] | None:
        """A file's (modification time, change time (ns), size), or None when it is not there."""
        try:
            st = (self.path / name).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def clean(self) -> None:
        """Remove the temporary files of a run that was killed while writing."""
        for tmp in self.path.glob(".*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass


class RemoteFolder:
    """An output folder on an fsspec file system: each file written with one put."""

    appendable = False  # object stores have no append: see Manifest

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.fs, root = filesystem(self.url)
        self.root = root.rstrip("/")

    def __str__(self) -> str:
        return self.url

    def where(self, name: str) -> str:
        return f"{self.url}/{name}"

    def _path(self, name: str) -> str:
        return f"{self.root}/{name}"

    def ready(self) -> bool:
        return True

    def exists(self, name: str) -> bool:
        return self.fs.isfile(self._path(name))

    def names(self, under: str = "") -> list[str]:
        """Names of the files in the folder (or in its subfolder ``under``), sorted."""
        folder = self._path(under) if under else self.root
        self.fs.invalidate_cache(folder)  # workers wrote here since this client last listed it
        try:
            entries = self.fs.ls(folder, detail=True)
        except FileNotFoundError:
            return []
        return sorted(posixpath.basename(e["name"].rstrip("/")) for e in entries if e.get("type") == "file")

    def present(self):
        return set(self.names()).__contains__

    def read_text(self, name: str) -> str:
        return self.fs.cat_file(self._path(name)).decode("utf-8")

    def write(self, name: str, data: str | bytes) -> None:
        self.fs.pipe_file(self._path(name), data.encode("utf-8") if isinstance(data, str) else data)

    def remove(self, names: list[str]) -> None:
        if names:
            self.fs.rm([self._path(name) for name in names])

    @contextmanager
    def writing(self, name: str, binary: bool = False):
        """A file to write ``name`` through: a local temporary file, put in one piece when
        the block ends; nothing is put when the block raises."""
        mode = {"mode": "w+b"} if binary else {"mode": "w+", "encoding": "utf-8", "newline": "\n"}
        with tempfile.NamedTemporaryFile(**mode) as fh:
            yield fh
            fh.flush()
            self.fs.put_file(fh.name, self._path(name))

    def record_names(self) -> list[str]:
        """The ``*.json`` records of the folder, in the order of their doc ids."""
        return sorted((n for n in self.names() if n.endswith(".json")), key=_doc_id_of)

    def read_records(self, names: list[str]) -> list[Document]:
        """The records ``names`` (fetched concurrently)."""
        paths = [self._path(n) for n in names]
        try:
            texts = self.fs.cat(paths) if paths else {}
        except OSError as exc:
            raise RecordError(f"{self.url}: cannot read: {exc}") from None
        out = []
        for path in paths:
            where = self.where(posixpath.basename(path))
            try:
                text = texts[path].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RecordError(f"{where}: cannot read: {exc}") from None
            out.append(Document.from_json(parse_json(text, where), where))
        return out

    def make(self) -> None:
        """Make the folder; NotADirectoryError where a file has its name, OSError where it cannot be made."""
        if self.fs.isfile(self.root):
            raise NotADirectoryError(20, "is a file, not a folder (--out names the folder the records go to)", self.url)
        self.fs.makedirs(self.root, exist_ok=True)

    def clean(self) -> None:
        """Nothing to clean: a put never leaves half a file behind."""


def _doc_id_of(name: str) -> str:
    """The doc id a record's file is named after (``<doc_id>.json``)."""
    return name[: -len(".json")]


class RemoteFile:
    """An article on an fsspec file system: its URL and, once known, its listing entry."""

    def __init__(self, fs, path: str, info: dict | None = None):
        self.fs, self.path, self.info = fs, path, info

    def __str__(self) -> str:
        return self.fs.unstrip_protocol(self.path)

    @property
    def stem(self) -> str:
        return Path(posixpath.basename(self.path)).stem

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)

    def stat(self) -> tuple[int, int | None]:
        """(size, modification time in ns or None); OSError when it is not there."""
        try:
            info = self.info if self.info is not None else self.fs.info(self.path)
        except FileNotFoundError:
            raise FileNotFoundError(2, "No such file or directory", str(self)) from None
        if info.get("type") != "file":
            raise IsADirectoryError(21, "Is a directory", str(self))
        return int(info["size"]), _mtime_ns(info)

    def read_bytes(self) -> bytes:
        return self.fs.cat_file(self.path)

    def __getstate__(self) -> dict:
        return {"fs": self.fs, "path": self.path, "info": None}  # a worker reads the bytes, not the listing


def _mtime_ns(info: dict) -> int | None:
    """The modification time of a listing entry, as the file systems name it."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.timezone.utc)
            return int(value.timestamp()) * 10**9 + value.microsecond * 1000
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value * 10**9)
    return None


def collect_urls(url: str, suffixes: set[str]) -> tuple[list[RemoteFile], list[tuple[str, str]]]:
    """The articles of one URL, as ``batch.collect`` finds them in a local path: a folder
    searched recursively for ``suffixes`` (files in path order), a glob pattern, or one file
    (looked at when the batch reads it, so that a missing one is reported as a local one is)."""
    fs, path = filesystem(url)
    try:
        if any(ch in path for ch in "*?["):
            found = fs.glob(path, detail=True)
        elif fs.isdir(path):
            found = {p: i for p, i in fs.find(path, detail=True).items()
                     if posixpath.splitext(p)[1].lower() in suffixes}
        else:
            return [RemoteFile(fs, path)], []
    except OSError as exc:
        return [], [(url, f"cannot list this folder: {exc.strerror or exc}")]
    files = [RemoteFile(fs, p, i) for p, i in found.items() if i.get("type") == "file"]
    return sorted(files, key=lambda f: f.path.split("/")), []
