"""Ordinary English text, not about development zones, for crash, offset and speed
checks on text the rules were not written for. Nothing is downloaded:

* ``tests/data/ordinary/``: 60 pieces written for this project (news, encyclopaedia
  entries, recipes, timetables, speeches, stories: 186 kB);
* the Python documentation that ships with the interpreter (``pydoc_data``, about
  460 kB of English prose about programming);
* the docstrings of the standard library's modules, classes and functions, read
  from their source with ``ast`` (nothing is imported), as much as is needed;
* the Lee corpus of 300 ABC news items from ``../shared/ordinary-text`` where it is
  there (third-party text: read in place, never copied into the project).
"""
from __future__ import annotations

import ast
import sysconfig
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_LEE = HERE.parent.parent / "shared" / "ordinary-text" / "lee_background.cor"


def _written() -> Iterator[tuple[str, str]]:
    for path in sorted((HERE / "data" / "ordinary").glob("*.txt")):
        yield f"ordinary-{path.stem}", path.read_text(encoding="utf-8")


def _pydoc() -> Iterator[tuple[str, str]]:
    try:
        from pydoc_data.topics import topics
    except ImportError:  # an interpreter built without its documentation
        return
    for key in sorted(topics):
        yield f"pydoc-{key}", topics[key]


def _docstrings() -> Iterator[tuple[str, str]]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue
        docs = [ast.get_docstring(node) for node in ast.walk(tree)
                if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
        text = "\n\n".join(d for d in docs if d)
        if len(text) > 200:
            yield f"stdlib-{path.stem}", text


def _lee() -> Iterator[tuple[str, str]]:
    if SHARED_LEE.is_file():
        for n, line in enumerate(SHARED_LEE.read_text(encoding="utf-8", errors="replace").splitlines()):
            if line.strip():
                yield f"lee-{n:03d}", line


def ordinary_texts(min_chars: int = 1_000_000, lee: bool = True) -> list[tuple[str, str]]:
    """(doc_id, text) pairs: every source in the order above until ``min_chars``
    characters are reached (the team's pieces, the Lee corpus and the documentation
    always; docstrings as needed)."""
    out = list(_written()) + (list(_lee()) if lee else []) + list(_pydoc())
    total = sum(len(t) for _, t in out)
    for item in _docstrings():
        if total >= min_chars:
            break
        out.append(item)
        total += len(item[1])
    return out
