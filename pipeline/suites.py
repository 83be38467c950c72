"""Sentence-level suites: JSONL lines of text + expected mentions.

The shape of ``shared/peer-suites``: ``text``, ``expected`` (mentions with
type, text, start, end, value, unit), ``scope`` (the types the case judges:
predictions of other types are ignored) and ``ref`` / ``notes: ref=...`` (the
reference date, passed as the publication date). A year-less expected date
(``XXXX-MM-DD``) is compared on the parts it gives: a predicted year in those
positions is not held against the prediction.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .document import MENTION_TYPES, Mention, RecordError
from .extraction import extract
from .score import Counts, Report, score_mentions, values_equal

_REF = re.compile(r"ref=(\d{4}-\d{2}-\d{2})")


@dataclass
class Case:
    id: str
    text: str
    expected: list[Mention]
    scope: tuple[str, ...]
    ref: str | None
    notes: str = ""


@dataclass
class SuiteResult:
    name: str
    report: Report
    cases: int = 0
    failures: list[tuple[Case, list[Mention], list[Mention]]] = field(default_factory=list)  # case, misses, false positives


def load_cases(path: str | Path) -> list[Case]:
    cases = []
    path = Path(path)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(f"{path}:{lineno}: malformed JSON: {exc.msg}") from None
        if "text" not in row:
            raise RecordError(f"{path}:{lineno}: a case needs 'text'")
        expected = []
        for k, e in enumerate(row.get("expected", [])):
            start = e.get("start")
            if start is None:
                start = row["text"].find(e["text"])
                if start < 0:
                    raise RecordError(f"{path}:{lineno}: expected text {e['text']!r} is not in the sentence")
            end = e.get("end", start + len(e["text"]))
            expected.append(Mention(
                id=f"e{k + 1}", type=e["type"], text=e["text"], start=start, end=end, value=e["value"],
                unit=e.get("unit"), approx=bool(e.get("approx", False)), bound=e.get("bound"),
                per=e.get("per"), to=e.get("to"),
            ))
        ref = row.get("ref")
        if not ref:
            m = _REF.search(row.get("notes", "") or "")
            ref = m.group(1) if m else None
        cases.append(Case(
            id=row.get("id", f"{path.name}#{lineno}"), text=row["text"], expected=expected,
            scope=tuple(row.get("scope") or MENTION_TYPES), ref=ref, notes=row.get("notes", "") or "",
        ))
    return cases


def suite_values_equal(gold, pred) -> bool:
    """``values_equal``, but an 'X' in an expected date string accepts any digit."""
    if isinstance(gold, str) and isinstance(pred, str) and "X" in gold and len(gold) == len(pred):
        return all(g == p or (g == "X" and p.isdigit()) for g, p in zip(gold, pred))
    return values_equal(gold, pred)


def run_suite(path: str | Path) -> SuiteResult:
    result = SuiteResult(Path(path).name, Report())
    for case in load_cases(path):
        doc = extract(case.text, doc_id="case", published=case.ref)
        got = [m for m in doc.mentions if m.type in case.scope]
        ds, _ = score_mentions(case.expected, got, result.report, case.id, equal=suite_values_equal, types=case.scope)
        result.cases += 1
        if ds.misses or ds.false_positives:
            result.failures.append((case, ds.misses, ds.false_positives))
    return result


def totals(result: SuiteResult) -> Counts:
    return result.report.overall
