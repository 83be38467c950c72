"""What changed between two folders of records (two runs, or a run and the gold).

Mentions are paired by type and span: the same span first, then the largest
overlap. A pair whose value, unit, span or attributes differ is a change; the
rest are additions and removals. Zones are paired by name or alias as the
scorer pairs them (``score.match_zones``), then by the facts they hold; a pair with another name is a
rename, and a paired mention whose zone is not the pair of its old zone has
moved. Ids are never compared: they are renumbered whenever a mention is added.
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document, Mention, RecordError, Zone, load
from .score import match_zones, values_equal

KINDS = ("article added", "article removed", "header changed", "mention added", "mention removed",
         "mention changed", "zone new", "zone gone", "zone renamed", "zone changed", "fact moved")
ATTRIBUTES = ("value", "unit", "span", "approx", "bound", "per", "to")


@dataclass
class Change:
    doc: str
    kind: str
    text: str  # one line, for people


@dataclass
class DiffResult:
    compared: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(c.kind for c in self.changes)

    def by_doc(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for c in self.changes:
            out.setdefault(c.doc, []).append(c)
        return out


def read_folder(folder: Path) -> dict[str, Document]:
    """Every record of a folder (``*.json``), by doc_id; RecordError on a bad file."""
    if not folder.is_dir():
        raise RecordError(f"{folder}: not a folder")
    docs: dict[str, Document] = {}
    for path in sorted(folder.glob("*.json")):
        doc = load(path)
        if doc.doc_id in docs:
            raise RecordError(f"{path}: doc_id {doc.doc_id!r} appears twice in {folder}")
        docs[doc.doc_id] = doc
    return docs


def diff_folders(old: Path, new: Path) -> DiffResult:
    return diff_records(read_folder(old), read_folder(new))


def diff_records(old: dict[str, Document], new: dict[str, Document]) -> DiffResult:
    result = DiffResult()
    for doc_id in sorted(set(old) | set(new)):
        if doc_id not in new:
            result.changes.append(Change(doc_id, "article removed", f"article {doc_id} is only in the old folder"))
        elif doc_id not in old:
            result.changes.append(Change(doc_id, "article added", f"article {doc_id} is only in the new folder"))
        else:
            result.compared += 1
            result.changes += diff_documents(old[doc_id], new[doc_id])
    return result


# ---------------------------------------------------------------- one article

def fmt_value(m: Mention) -> str:
    v = m.value
    if isinstance(v, list):
        text = f"{v[0]:g}–{v[1]:g}"
    elif isinstance(v, float):
        text = f"{v:.12g}"
    else:
        text = str(v)
    return f"{text} {m.unit}" if m.unit else text


def _mention_label(m: Mention) -> str:
    return f'{m.type} "{m.text}" [{m.start}:{m.end}]'


def pair_mentions(old: list[Mention], new: list[Mention]) -> list[tuple[Mention, Mention]]:
    """One-to-one pairs: the same type and span first, then the largest overlap of the same type."""
    pairs: list[tuple[Mention, Mention]] = []
    by_span = {(m.type, m.start, m.end): m for m in new}
    used_new: set[int] = set()
    rest_old = []
    for m in old:
        n = by_span.get((m.type, m.start, m.end))
        if n is not None and id(n) not in used_new:
            pairs.append((m, n))
            used_new.add(id(n))
        else:
            rest_old.append(m)
    candidates = []
    rest_new = [n for n in new if id(n) not in used_new]
    for m in rest_old:
        for n in rest_new:
            overlap = min(m.end, n.end) - max(m.start, n.start)
            if m.type == n.type and overlap > 0:
                candidates.append((-overlap, m.start, n.start, m, n))
    used_old: set[int] = set()
    for _, _, _, m, n in sorted(candidates, key=lambda c: c[:3]):
        if id(m) not in used_old and id(n) not in used_new:
            pairs.append((m, n))
            used_old.add(id(m))
            used_new.add(id(n))
    return sorted(pairs, key=lambda p: (p[1].start, p[1].end))


def _mention_differences(a: Mention, b: Mention) -> list[str]:
    out = []
    if not values_equal(a.value, b.value):
        out.append(f"value {fmt_value(a)} → {fmt_value(b)}")
    elif a.unit != b.unit:
        out.append(f"unit {a.unit} → {b.unit}")
    if (a.start, a.end) != (b.start, b.end):
        out.append(f'span "{a.text}" [{a.start}:{a.end}] → "{b.text}" [{b.start}:{b.end}]')
    for attr in ("approx", "bound", "per", "to"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x != y:
            out.append(f"{attr} {x!r} → {y!r}")
    return out


def pair_zones(old: Document, new: Document, mention_pairs: list[tuple[Mention, Mention]]) -> dict[str, str]:
    """old zone id -> new zone id: by name or alias as the scorer pairs them, then by most shared facts."""
    match = {o: n for n, o in match_zones(old, new).items()}
    taken = set(match.values())
    new_of = {m.id: n.id for m, n in mention_pairs}
    owner_new = {mid: z.id for z in new.zones for mid in z.mentions}
    for a in old.zones:
        if a.id in match:
            continue
        votes = Counter(owner_new.get(new_of.get(mid, "")) for mid in a.mentions)
        votes.pop(None, None)
        for zid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if zid not in taken:
                match[a.id] = zid
                taken.add(zid)
                break
    return match


def diff_documents(old: Document, new: Document) -> list[Change]:
    """The changes from ``old`` to ``new``, two records of one article, in this order:
    header fields, mentions removed, added and changed, zones gone, new, renamed and
    changed, and facts that moved to another zone."""
    pairs = pair_mentions(old.mentions, new.mentions)
    match = pair_zones(old, new, pairs)
    return (_header_changes(old, new) + _mention_changes(old, new, pairs) + _zone_changes(old, new, match)
            + _moved_facts(old, new, pairs, match))


def _header_changes(old: Document, new: Document) -> list[Change]:
    """The title, publication date and source, where they differ."""
    out = []
    for attr in ("title", "published", "source"):
        if getattr(old, attr) != getattr(new, attr):
            out.append(Change(new.doc_id, "header changed", f"{attr} {getattr(old, attr)!r} → {getattr(new, attr)!r}"))
    return out


def _zone_note(owner: str | None, zones: dict[str, Zone]) -> str:
    """' (zone "X")' for a mention that zone ``owner`` holds, else ''."""
    return f' (zone "{zones[owner].name}")' if owner in zones else ""


def _mention_changes(old: Document, new: Document, pairs: list[tuple[Mention, Mention]]) -> list[Change]:
    """Mentions with no pair, removed (old) or added (new), each with its value and zone;
    then paired mentions whose value, unit, span or attributes differ."""
    doc_id = new.doc_id
    out = []
    paired_old = {id(m) for m, _ in pairs}
    paired_new = {id(n) for _, n in pairs}
    owner_old = {mid: z.id for z in old.zones for mid in z.mentions}
    owner_new = {mid: z.id for z in new.zones for mid in z.mentions}
    old_zone = {z.id: z for z in old.zones}
    new_zone = {z.id: z for z in new.zones}
    for m in old.mentions:
        if id(m) not in paired_old:
            out.append(Change(doc_id, "mention removed", f"{_mention_label(m)} = {fmt_value(m)}{_zone_note(owner_old.get(m.id), old_zone)}"))
    for n in new.mentions:
        if id(n) not in paired_new:
            out.append(Change(doc_id, "mention added", f"{_mention_label(n)} = {fmt_value(n)}{_zone_note(owner_new.get(n.id), new_zone)}"))
    for m, n in pairs:
        diffs = _mention_differences(m, n)
        if diffs:
            out.append(Change(doc_id, "mention changed", f"{_mention_label(n)}: {'; '.join(diffs)}"))
    return out


def _zone_changes(old: Document, new: Document, match: dict[str, str]) -> list[Change]:
    """Zones with no pair, gone (old) or new; then, for each pair (``match``: old zone id ->
    new zone id), a rename and the aliases, places and parent that differ."""
    doc_id = new.doc_id
    out = []
    matched_new = set(match.values())
    for z in old.zones:
        if z.id not in match:
            out.append(Change(doc_id, "zone gone", f'"{z.name}"'))
    for z in new.zones:
        if z.id not in matched_new:
            out.append(Change(doc_id, "zone new", f'"{z.name}"'))
    old_zone = {z.id: z for z in old.zones}
    new_zone = {z.id: z for z in new.zones}
    for a in old.zones:
        if a.id not in match:
            continue
        b = new_zone[match[a.id]]
        if a.name != b.name:
            out.append(Change(doc_id, "zone renamed", f'"{a.name}" → "{b.name}"'))
        details = _zone_differences(a, b, match, old_zone, new_zone)
        if details:
            out.append(Change(doc_id, "zone changed", f'"{b.name}": {"; ".join(details)}'))
    return out


def _zone_differences(a: Zone, b: Zone, match: dict[str, str], old_zone: dict[str, Zone], new_zone: dict[str, Zone]) -> list[str]:
    """How zone ``b`` differs from its pair ``a``: aliases, places, and a parent that is not
    the pair of the old one (named, with the rule that gave the new one); ``old_zone`` and
    ``new_zone`` are each record's zones by id."""
    details = []
    if sorted(a.aliases) != sorted(b.aliases):
        details.append(f"aliases {a.aliases} → {b.aliases}")
    if sorted(a.located_in) != sorted(b.located_in):
        details.append(f"located_in {a.located_in} → {b.located_in}")
    old_parent = match.get(a.parent) if a.parent else None
    if old_parent != (b.parent or None):
        before = old_zone[a.parent].name if a.parent in old_zone else None
        after = new_zone[b.parent].name if b.parent in new_zone else None
        rule = (b.extra.get("because") or {}).get("parent")
        details.append(f"parent {before!r} → {after!r}" + (f" because {rule}" if rule and after else ""))
    return details


def _moved_facts(old: Document, new: Document, pairs: list[tuple[Mention, Mention]], match: dict[str, str]) -> list[Change]:
    """Paired mentions whose new zone is not the pair of their old zone (or that gained or
    lost a zone), with the attachment rule that placed them."""
    out = []
    old_zone = {z.id: z for z in old.zones}
    new_zone = {z.id: z for z in new.zones}
    owner_old = {mid: z.id for z in old.zones for mid in z.mentions}
    owner_new = {mid: z.id for z in new.zones for mid in z.mentions}
    for m, n in pairs:
        before, after = owner_old.get(m.id), owner_new.get(n.id)
        if (match.get(before) if before else None) != after:
            src = f'"{old_zone[before].name}"' if before else "no zone"
            dst = f'"{new_zone[after].name}"' if after else "no zone"
            because = f" because {n.extra['zone_rule']}" if n.extra.get("zone_rule") else ""
            out.append(Change(new.doc_id, "fact moved", f"{_mention_label(n)} from {src} to {dst}{because}"))
    return out


# ---------------------------------------------------------------- reports

SUMMARY_COLUMNS = ("articles", "changed", "mentions +", "mentions −", "mentions ~", "zones +", "zones −",
                   "zones renamed", "zones ~", "facts moved")


def summary_row(result: DiffResult) -> list[str]:
    c = result.counts
    changed = len({ch.doc for ch in result.changes})
    return [str(result.compared), str(changed), str(c["mention added"]), str(c["mention removed"]),
            str(c["mention changed"]), str(c["zone new"]), str(c["zone gone"]), str(c["zone renamed"]),
            str(c["zone changed"]), str(c["fact moved"])]


_SIGN = {"mention added": "+", "zone new": "+", "article added": "+", "mention removed": "-", "zone gone": "-",
         "article removed": "-"}


def as_text(result: DiffResult) -> str:
    lines = []
    for doc, changes in result.by_doc().items():
        lines.append(f"== {doc} ({len(changes)} change{'s' if len(changes) != 1 else ''})")
        for c in changes:
            lines.append(f"  {_SIGN.get(c.kind, '~')} {c.kind}: {c.text}")
    row = summary_row(result)
    widths = [max(len(h), len(v)) for h, v in zip(SUMMARY_COLUMNS, row)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(SUMMARY_COLUMNS, widths)))
    lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths)))
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def as_markdown(result: DiffResult) -> str:
    lines = ["| " + " | ".join(SUMMARY_COLUMNS) + " |", "|" + "---:|" * len(SUMMARY_COLUMNS),
             "| " + " | ".join(summary_row(result)) + " |", ""]
    if not result.changes:
        lines.append("No differences.")
    for doc, changes in result.by_doc().items():
        lines.append(f"<details><summary><code>{_md(doc)}</code>: {len(changes)} change{'s' if len(changes) != 1 else ''}</summary>")
        lines.append("")
        lines.append("| change | detail |")
        lines.append("|---|---|")
        for c in changes:
            lines.append(f"| {c.kind} | {_md(c.text)} |")
        lines.append("")
        lines.append("</details>")
    return "\n".join(lines) + "\n"


def as_html(result: DiffResult, old: str, new: str) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in SUMMARY_COLUMNS)
    row = "".join(f"<td>{e(v)}</td>" for v in summary_row(result))
    sections = []
    for doc, changes in result.by_doc().items():
        items = "".join(f'<tr class="{e(c.kind.replace(" ", "-"))}"><td>{e(c.kind)}</td><td>{e(c.text)}</td></tr>' for c in changes)
        sections.append(f'<section id="{e(doc)}"><h2>{e(doc)} <small>{len(changes)} changes</small></h2>'
                        f"<table class=\"changes\">{items}</table></section>")
    body = "".join(sections) or "<p>No differences.</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>zones diff: {e(old)} → {e(new)}</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; }}
th, td {{ border: 1px solid #ccc; padding: .2em .6em; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
tr.mention-added td:first-child, tr.zone-new td:first-child, tr.article-added td:first-child {{ background: #d9f7d9; }}
tr.mention-removed td:first-child, tr.zone-gone td:first-child, tr.article-removed td:first-child {{ background: #fadcdc; }}
tr.mention-changed td:first-child, tr.zone-renamed td:first-child, tr.zone-changed td:first-child,
tr.fact-moved td:first-child, tr.header-changed td:first-child {{ background: #fff2c6; }}
small {{ color: #777; font-weight: normal; }}
</style></head><body>
<h1>zones diff</h1><p><code>{e(old)}</code> → <code>{e(new)}</code></p>
<table class="summary"><tr>{head}</tr><tr>{row}</tr></table>
{body}
</body></html>
"""
