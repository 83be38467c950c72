"""Vocabulary lives in rules/, not in the code: every key of a rule file is read by the
code, and no module of the package holds a word list longer than five items (a
Python collection of string literals, or a regular-expression alternation of plain
words). Lists that are identifiers, not words of the text (field names, ``__all__``,
HTML tags), are named in IDENTIFIERS with the reason."""
import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / "pipeline"

# every module of the package
CLEAN = sorted(str(p.relative_to(PIPELINE)) for p in PIPELINE.rglob("*.py"))
# (module, line text fragment): why the list is not vocabulary
IDENTIFIERS = {
    ("reading.py", "BLOCK = "): "HTML tag names",
    ("reading.py", "SKIP = "): "HTML tag names",
    ("qualify.py", "_PUNCT_STOP"): "punctuation that ends a place, not words",
    ("date_relative.py", 'order = ("year", "quarter"'): "the units from largest to smallest, as the code ranks them",
    ("document.py", ""): "the record's field names",
    ("diff.py", ""): "kinds of change and record attributes",
    ("cli.py", 'head = ["suite"'): "table column names",
    ("report.py", ""): "table column names",
    ("show.py", ""): "record attributes shown on the page",
    ("tables.py", ""): "table column names",
}
# keys a module reads through a computed name, e.g. header.py's data[f"{kind}_fields"]
COMPUTED_KEYS = re.compile(r"^(?:published|updated|source|other|title)_fields$|^bylines$")


def _word_lists(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    names = set()  # __slots__ and __all__ hold identifiers
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in ("__slots__", "__all__") for t in node.targets):
            names.add(id(node.value))
    for node in ast.walk(tree):
        if id(node) in names:
            continue
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            strings = [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(strings) > 5 and len(strings) == len(node.elts):
                out.append((node.lineno, lines[node.lineno - 1]))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if re.search(r"(?:\b[A-Za-z][a-z' -]*\|){5,}[A-Za-z][a-z' -]*\b", node.value):
                out.append((node.lineno, lines[node.lineno - 1]))
    return out


def test_vocabulary_no_word_lists_in_clean_modules():
    found = []
    for name in CLEAN:
        for lineno, line in _word_lists(PIPELINE / name):
            if not any(module == name and fragment in line for module, fragment in IDENTIFIERS):
                found.append(f"{name}:{lineno}: {line.strip()[:100]}")
    assert not found, "word lists belong in rules/:\n" + "\n".join(found)


def test_vocabulary_the_word_list_check_finds_lists():
    """The check above is not vacuous: it finds a collection and an alternation."""
    probe = ROOT / "tests" / "_probe_word_lists.py"
    probe.write_text('A = ("one", "two", "three", "four", "five", "six")\nB = r"\\b(?:north|south|east|west|up|down)\\b"\n')
    try:
        assert [n for n, _ in _word_lists(probe)] == [1, 2]
    finally:
        probe.unlink()


def test_vocabulary_every_rule_key_is_read():
    """Read by the code, or named by a pattern or a composition ({"LEX": name})."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in PIPELINE.rglob("*.py"))
    code += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "rules").rglob("*.jsonl"))
    unread = []
    for path in sorted((ROOT / "rules").glob("*.json")):
        for key in json.loads(path.read_text(encoding="utf-8")):
            if key.startswith("_") or COMPUTED_KEYS.match(key):
                continue
            if not re.search(rf"[\"']{re.escape(key)}[\"']", code):
                unread.append(f"{path.name}: {key}")
    assert not unread, unread
