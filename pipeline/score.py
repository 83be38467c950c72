"""Scoring as GOLD_FORMAT.md defines it.

A predicted mention matches a gold mention when the types are equal, the spans
overlap and the values are equal (numbers within a relative tolerance of 1e-6,
both ends of a range; DATE strings exactly); each takes part in at most one
match (maximum bipartite matching). ``exact`` counts require identical spans.
Zones match by name or alias after case folding, stripping quotes and a
leading "the"; attachment, located_in and parent are scored over matched zones.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .document import MENTION_TYPES, Document, Mention

REL_TOL = 1e-6
ATTRIBUTES = ("approx", "bound", "per", "to")


def numbers_equal(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-9)


def values_equal(gold, pred) -> bool:
    if isinstance(gold, str) or isinstance(pred, str):
        return isinstance(gold, str) and isinstance(pred, str) and gold == pred
    if isinstance(gold, (list, tuple)) or isinstance(pred, (list, tuple)):
        if not (isinstance(gold, (list, tuple)) and isinstance(pred, (list, tuple))) or len(gold) != len(pred):
            return False
        return all(values_equal(g, p) for g, p in zip(gold, pred))
    if gold is None or pred is None:
        return gold is pred
    try:
        return numbers_equal(gold, pred)
    except (TypeError, ValueError):
        return False


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def match_mentions(gold: list[Mention], pred: list[Mention], exact: bool = False,
                   equal: Callable = values_equal) -> list[tuple[int, int]]:
    """Maximum one-to-one matching; returns (gold index, predicted index) pairs."""
    edges: list[list[int]] = []
    for g in gold:
        cands = [j for j, p in enumerate(pred)
                 if p.type == g.type and (p.start == g.start and p.end == g.end if exact else overlaps(g, p))
                 and equal(g.value, p.value)]
        cands.sort(key=lambda j, g=g: -(min(g.end, pred[j].end) - max(g.start, pred[j].start)))
        edges.append(cands)
    owner: dict[int, int] = {}

    def augment(i: int, seen: set) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class DocScore:
    doc_id: str
    mentions: Counts
    misses: list[Mention] = field(default_factory=list)
    false_positives: list[Mention] = field(default_factory=list)
    wrong_attributes: list[tuple[Mention, Mention, str]] = field(default_factory=list)


@dataclass
class Report:
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in MENTION_TYPES})
    exact: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in MENTION_TYPES})
    attributes: dict[str, Ratio] = field(default_factory=lambda: {a: Ratio() for a in ATTRIBUTES})
    zones: Counts = field(default_factory=Counts)
    attachment: Counts = field(default_factory=Counts)
    located_in: Counts = field(default_factory=Counts)
    parent: Ratio = field(default_factory=Ratio)
    docs: list[DocScore] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        total = Counts()
        for c in self.by_type.values():
            total.add(c)
        return total

    @property
    def overall_exact(self) -> Counts:
        total = Counts()
        for c in self.exact.values():
            total.add(c)
        return total

    def as_dict(self) -> dict:
        return {
            "mentions": {t: c.as_dict() for t, c in self.by_type.items()} | {"ALL": self.overall.as_dict()},
            "exact": {t: c.as_dict() for t, c in self.exact.items()} | {"ALL": self.overall_exact.as_dict()},
            "attributes": {a: {"right": r.right, "total": r.total, "accuracy": round(r.value, 4)} for a, r in self.attributes.items()},
            "zones": self.zones.as_dict(),
            "attachment": self.attachment.as_dict(),
            "located_in": self.located_in.as_dict(),
            "parent": {"right": self.parent.right, "total": self.parent.total, "accuracy": round(self.parent.value, 4)},
            "worst_documents": [{"doc_id": d.doc_id, **d.mentions.as_dict()} for d in self.worst()],
        }

    def worst(self, n: int = 5) -> list[DocScore]:
        return sorted(self.docs, key=lambda d: (d.mentions.f1, d.doc_id))[:n]


def _norm_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().strip("\"'“”‘’「」").strip()
    value = re.sub(r"^the\s+", "", value, flags=re.IGNORECASE)
    return " ".join(value.casefold().split())


def _attr_equal(name: str, g, p) -> bool:
    if name == "to":
        return _norm_text(g) == _norm_text(p)
    if name == "approx":
        return bool(g) == bool(p)
    return g == p


def score_mentions(gold: list[Mention], pred: list[Mention], report: Report, doc_id: str = "",
                   equal: Callable = values_equal, types: Iterable[str] = MENTION_TYPES) -> tuple[DocScore, list[tuple[int, int]]]:
    """Add one document's mention counts to ``report``; return its DocScore and matches."""
    types = tuple(types)
    gold = [m for m in gold if m.type in types]
    pred = [m for m in pred if m.type in types]
    pairs = match_mentions(gold, pred, equal=equal)
    exact_pairs = match_mentions(gold, pred, exact=True, equal=equal)
    doc = DocScore(doc_id, Counts())
    gi = {i for i, _ in pairs}
    pj = {j for _, j in pairs}
    for t in types:
        c = Counts(
            tp=sum(1 for i, _ in pairs if gold[i].type == t),
            fn=sum(1 for i, m in enumerate(gold) if m.type == t and i not in gi),
            fp=sum(1 for j, m in enumerate(pred) if m.type == t and j not in pj),
        )
        report.by_type.setdefault(t, Counts()).add(c)
        doc.mentions.add(c)
        e = Counts(tp=sum(1 for i, _ in exact_pairs if gold[i].type == t))
        e.fn = sum(1 for m in gold if m.type == t) - e.tp
        e.fp = sum(1 for m in pred if m.type == t) - e.tp
        report.exact.setdefault(t, Counts()).add(e)
    for i, j in pairs:
        for a in ATTRIBUTES:
            ok = _attr_equal(a, getattr(gold[i], a), getattr(pred[j], a))
            report.attributes[a].total += 1
            report.attributes[a].right += ok
            if not ok:
                doc.wrong_attributes.append((gold[i], pred[j], a))
    doc.misses = [m for i, m in enumerate(gold) if i not in gi]
    doc.false_positives = [m for j, m in enumerate(pred) if j not in pj]
    return doc, pairs


def _zone_keys(zone) -> set[str]:
    return {k for k in (_norm_text(zone.name), *(_norm_text(a) for a in zone.aliases)) if k}


def match_zones(gold: Document, pred: Document) -> dict[str, str]:
    """Predicted zone id -> gold zone id, one to one, by name or alias."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for exact_names in (True, False):
        for pz in pred.zones:
            if pz.id in out:
                continue
            for gz in gold.zones:
                if gz.id in used:
                    continue
                if exact_names:
                    hit = _norm_text(pz.name) == _norm_text(gz.name)
                else:
                    hit = _norm_text(pz.name) in _zone_keys(gz) or _norm_text(gz.name) in _zone_keys(pz)
                if hit:
                    out[pz.id] = gz.id
                    used.add(gz.id)
                    break
    return out


def score_document(gold: Document, pred: Document, report: Report) -> DocScore:
    doc, pairs = score_mentions(gold.mentions, pred.mentions, report, gold.doc_id)
    report.docs.append(doc)
    zmap = match_zones(gold, pred)
    report.zones.add(Counts(tp=len(zmap), fp=len(pred.zones) - len(zmap), fn=len(gold.zones) - len(zmap)))
    # attachment: gold (zone, mention) pairs against predicted pairs through the matches
    g_mentions = [m.id for m in gold.mentions]
    p_to_g = {pred.mentions[j].id: g_mentions[i] for i, j in pairs}
    gold_pairs = {(z.id, m) for z in gold.zones for m in z.mentions}
    pred_pairs = {(zmap.get(z.id, "?" + z.id), p_to_g.get(m, "?" + m)) for z in pred.zones for m in z.mentions}
    tp = len(gold_pairs & pred_pairs)
    report.attachment.add(Counts(tp=tp, fp=len(pred_pairs) - tp, fn=len(gold_pairs) - tp))
    gz_by_id = {z.id: z for z in gold.zones}
    for pz in pred.zones:
        if pz.id not in zmap:
            continue
        gz = gz_by_id[zmap[pz.id]]
        g_loc = {_norm_text(x) for x in gz.located_in}
        p_loc = {_norm_text(x) for x in pz.located_in}
        report.located_in.add(Counts(tp=len(g_loc & p_loc), fp=len(p_loc - g_loc), fn=len(g_loc - p_loc)))
        mapped_parent = zmap.get(pz.parent, "?") if pz.parent else None
        report.parent.total += 1
        report.parent.right += mapped_parent == gz.parent
    # gold zones with no predicted match count their located_in as missed
    matched_gold = set(zmap.values())
    for gz in gold.zones:
        if gz.id not in matched_gold:
            report.located_in.fn += len(gz.located_in)
    return doc


def score_corpus(pairs: Iterable[tuple[Document, Document]]) -> Report:
    report = Report()
    for gold, pred in pairs:
        score_document(gold, pred, report)
    return report
