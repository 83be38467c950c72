"""Score reports as text, Markdown or floors to check."""
from __future__ import annotations

from pathlib import Path

from .document import MENTION_TYPES
from .score import ATTRIBUTES, DocScore, Report


def _table(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        head, *body = rows
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def tables(r: Report, markdown: bool = False) -> str:
    rows = [["type", "gold", "pred", "P", "R", "F1", "exact F1"]]
    for t in list(MENTION_TYPES) + ["ALL"]:
        c = r.overall if t == "ALL" else r.by_type[t]
        e = r.overall_exact if t == "ALL" else r.exact[t]
        rows.append([t, str(c.tp + c.fn), str(c.tp + c.fp), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", f"{e.f1:.3f}"])
    out = [_table(rows, markdown), ""]
    attrs = [["attribute", "right", "of", "accuracy"]] + [
        [a, str(r.attributes[a].right), str(r.attributes[a].total), f"{r.attributes[a].value:.3f}"] for a in ATTRIBUTES]
    out += [_table(attrs, markdown), ""]
    z = [["records", "P", "R", "F1"]]
    for name, c in (("zones", r.zones), ("attachment", r.attachment), ("located_in", r.located_in)):
        z.append([name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}"])
    z.append(["parent (accuracy)", "", "", f"{r.parent.value:.3f}"])
    out += [_table(z, markdown), ""]
    worst = [["worst documents", "gold", "pred", "F1"]] + [
        [d.doc_id, str(d.mentions.tp + d.mentions.fn), str(d.mentions.tp + d.mentions.fp), f"{d.mentions.f1:.3f}"] for d in r.worst()]
    out.append(_table(worst, markdown))
    return "\n".join(out)


def doc_errors(gold, ds: DocScore, article: Path) -> str:
    text = article.read_text(encoding="utf-8") if article.exists() else ""

    def ctx(m) -> str:
        if not text:
            return ""
        a, b = max(0, m.start - 40), min(len(text), m.end + 40)
        return " …" + text[a:m.start].replace("\n", " ") + "[" + text[m.start:m.end] + "]" + text[m.end:b].replace("\n", " ") + "…"

    lines = [f"{gold.doc_id}: {ds.mentions.tp} matched, {len(ds.misses)} missed, {len(ds.false_positives)} false positives"]
    lines += [f"MISS {m.type} {m.text!r} = {m.value}{ctx(m)}" for m in ds.misses]
    lines += [f"FP   {m.type} {m.text!r} = {m.value}{ctx(m)}" for m in ds.false_positives]
    lines += [f"ATTR {a}: {g.text!r} gold {getattr(g, a)!r}, got {getattr(p, a)!r}" for g, p, a in ds.wrong_attributes]
    return "\n".join(lines)


def figures(r: Report) -> dict[str, float]:
    """The gated figures by name: mention F1 per type and ALL, zones, attachment, located_in, parent."""
    out = {t: r.by_type[t].f1 for t in MENTION_TYPES}
    out["ALL"] = r.overall.f1
    out["zones"] = r.zones.f1
    out["attachment"] = r.attachment.f1
    out["located_in"] = r.located_in.f1
    out["parent"] = r.parent.value
    return out


def below_floors(r: Report, floors: dict[str, float]) -> list[str]:
    got = figures(r)
    return [f"{k} {got[k]:.3f} < {v}" for k, v in floors.items() if k in got and got[k] + 1e-9 < v]


def check_floors(pairs: list, floors: dict) -> list[str]:
    """Every figure below its floor: the top-level floors over all (gold, output) pairs,
    and each ``"subsets": {"<doc_id glob>": {floors}}`` entry over the documents whose
    doc_id matches it (a batch of the corpus must not fall while the whole holds)."""
    from fnmatch import fnmatch

    from .score import score_corpus

    below = below_floors(score_corpus(pairs), {k: v for k, v in floors.items() if k != "subsets"})
    for pattern, sub in (floors.get("subsets") or {}).items():
        chosen = [p for p in pairs if fnmatch(p[0].doc_id, pattern)]
        if chosen:
            below += [f"{pattern}: {line}" for line in below_floors(score_corpus(chosen), sub)]
    return below
