"""One article with its mentions highlighted: in the terminal, or as a review page.

``find_text`` locates the text a record was extracted from; ``annotations``
lays the record's mentions (and, against a gold record, its misses) over the
text; ``render_terminal`` and ``render_html`` draw them. The page is
self-contained (inline CSS and script, no network): mentions coloured by type
with their values on hover, the zone records in a side panel, a checkbox per
type, and misses and false positives marked when a gold record is given.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from .batch import text_path
from .diff import fmt_value
from .document import Document, Mention, RecordError, load
from .score import match_mentions

TYPE_COLOURS = {"AREA": "#c9e7ff", "DISTANCE": "#d5f5d0", "MONEY": "#ffe3b3", "DATE": "#ecd9ff"}
TERMINAL_STYLES = {"AREA": "bold blue", "DISTANCE": "bold green", "MONEY": "bold yellow", "DATE": "bold magenta"}


class ShowError(ValueError):
    """The article or record cannot be shown (missing text, text that does not match)."""


def find_text(record_path: Path, doc: Document) -> Path:
    """The text a record was extracted from (see ``batch.text_path``)."""
    try:
        return text_path(record_path, doc.doc_id)
    except RecordError as exc:
        raise ShowError(f"{exc}; name it with --text") from None


def check_offsets(doc: Document, text: str, where: str) -> None:
    for m in doc.mentions:
        if text[m.start:m.end] != m.text:
            raise ShowError(f"{where}: mention {m.id} says {m.text!r} at {m.start}:{m.end}, "
                            f"the text has {text[m.start:m.end]!r}: not the text of this record")


@dataclass
class Annotation:
    key: str  # unique in the page: the mention id, or "gold-<id>" for a miss
    mention: Mention
    status: str  # "" (no gold given), "tp", "fp" or "miss"
    zone: str | None


def annotations(doc: Document, gold: Document | None = None) -> list[Annotation]:
    owner = {mid: z.name for z in doc.zones for mid in z.mentions}
    if gold is None:
        return [Annotation(m.id, m, "", owner.get(m.id)) for m in doc.mentions]
    pairs = match_mentions(gold.mentions, doc.mentions)
    found_gold = {i for i, _ in pairs}
    found_pred = {j for _, j in pairs}
    out = [Annotation(m.id, m, "tp" if j in found_pred else "fp", owner.get(m.id)) for j, m in enumerate(doc.mentions)]
    gold_owner = {mid: z.name for z in gold.zones for mid in z.mentions}
    out += [Annotation(f"gold-{m.id}", m, "miss", gold_owner.get(m.id))
            for i, m in enumerate(gold.mentions) if i not in found_gold]
    return sorted(out, key=lambda a: (a.mention.start, -a.mention.end, a.key))


def _label(a: Annotation) -> str:
    m = a.mention
    bits = [m.type, fmt_value(m)]
    if m.approx:
        bits.append("approx")
    if m.bound:
        bits.append(f"bound={m.bound}")
    if m.per:
        bits.append(f"per {m.per}")
    if m.to:
        bits.append(f"to {m.to}")
    if a.zone:
        bits.append(f"zone: {a.zone}")
    if m.extra.get("zone_rule") and a.status != "miss":
        bits.append(f"because {m.extra['zone_rule']}")
    if a.status == "miss":
        bits.insert(0, "MISSED (gold)")
    elif a.status == "fp":
        bits.insert(0, "FALSE POSITIVE")
    return " · ".join(bits)


# ---------------------------------------------------------------- terminal

def render_terminal(doc: Document, text: str, notes: list[Annotation], console) -> None:
    from rich.table import Table
    from rich.text import Text

    out = Text()
    pos = 0
    for a in notes:
        m = a.mention
        start = max(m.start, pos)
        out.append(text[pos:start])
        style = TERMINAL_STYLES.get(m.type, "bold")
        if a.status == "miss":
            style = "bold red underline"
        elif a.status == "fp":
            style += " reverse"
        out.append(text[start:m.end], style=style)
        out.append(f"⟨{_label(a)}⟩", style="dim")
        pos = max(pos, m.end)
    out.append(text[pos:])
    console.print(out)
    if doc.zones:
        names = {z.id: z.name for z in doc.zones}
        table = Table(title=f"zones of {doc.doc_id}")
        for col in ("id", "name", "aliases", "parent", "located_in", "facts"):
            table.add_column(col)
        for z in doc.zones:
            table.add_row(z.id, z.name, ", ".join(z.aliases), names.get(z.parent, z.parent or ""),
                          ", ".join(z.located_in), str(len(z.mentions)))
        console.print(table)


# ---------------------------------------------------------------- HTML

def _segments(text: str, notes: list[Annotation]):
    """(start, end, annotations covering [start, end)) over the whole text, in order."""
    cuts = sorted({0, len(text), *(a.mention.start for a in notes), *(a.mention.end for a in notes)})
    by_start: dict[int, list[Annotation]] = {}
    for a in notes:
        by_start.setdefault(a.mention.start, []).append(a)
    active: list[Annotation] = []
    for lo, hi in zip(cuts, cuts[1:]):
        active = [a for a in active if a.mention.end > lo] + by_start.get(lo, [])
        yield lo, hi, [a for a in active if a.mention.start < a.mention.end]


def _text_html(text: str, notes: list[Annotation]) -> str:
    e = html.escape
    parts = []
    opened: set[str] = set()
    for lo, hi, covering in _segments(text, notes):
        piece = e(text[lo:hi])
        for a in reversed(covering):  # the outermost annotation wraps the others
            m = a.mention
            first = a.key not in opened
            opened.add(a.key)
            attrs = (f'class="m {e(m.type)} {a.status}" data-key="{e(a.key)}" data-type="{e(m.type)}" '
                     f'data-label="{e(_label(a))}" title="{e(_label(a))}"')
            if first:
                attrs += f' id="mention-{e(a.key)}"'
            piece = f"<mark {attrs}>{piece}</mark>"
        parts.append(piece)
    return "".join(parts)


def _zones_html(doc: Document) -> str:
    e = html.escape
    if not doc.zones:
        return "<p class=\"none\">No zone records.</p>"
    names = {z.id: z.name for z in doc.zones}
    by_id = {m.id: m for m in doc.mentions}
    items = []
    for z in doc.zones:
        facts = "".join(
            f'<li><a href="#mention-{e(mid)}" class="{e(by_id[mid].type)}">{e(by_id[mid].text)}</a> '
            f'<span class="val">{e(fmt_value(by_id[mid]))}</span></li>'
            for mid in z.mentions if mid in by_id)
        rows = [f"<h3>{e(z.name)} <small>{e(z.id)}</small></h3>"]
        if z.aliases:
            rows.append(f"<p><b>aliases</b> {e(', '.join(z.aliases))}</p>")
        if z.parent:
            rows.append(f"<p><b>parent</b> {e(names.get(z.parent, z.parent))}</p>")
        if z.located_in:
            rows.append(f"<p><b>located in</b> {e(', '.join(z.located_in))}</p>")
        rows.append(f"<ul class=\"facts\">{facts}</ul>" if facts else "<p class=\"none\">no facts</p>")
        items.append(f"<section class=\"zone\" data-zone=\"{e(z.id)}\">{''.join(rows)}</section>")
    return "".join(items)


_SCRIPT = """
(function () {
  function refresh() {
    var shown = {}, total = 0;
    document.querySelectorAll('mark.m').forEach(function (el) {
      if (el.getClientRects().length && getComputedStyle(el).display !== 'none') shown[el.dataset.key] = el.dataset.type;
    });
    var counts = {};
    Object.keys(shown).forEach(function (k) { counts[shown[k]] = (counts[shown[k]] || 0) + 1; total += 1; });
    document.querySelectorAll('.legend .count').forEach(function (el) { el.textContent = counts[el.dataset.type] || 0; });
    document.body.dataset.shown = total;
  }
  document.querySelectorAll('.legend input').forEach(function (box) {
    box.addEventListener('change', function () {
      document.body.classList.toggle('hide-' + box.value, !box.checked);
      refresh();
    });
  });
  refresh();
})();
"""


def render_html(doc: Document, text: str, notes: list[Annotation], against: str | None = None) -> str:
    e = html.escape
    types = [t for t in TYPE_COLOURS if any(a.mention.type == t for a in notes)]
    legend = "".join(f'<label class="{t}"><input type="checkbox" value="{t}" checked> {t} '
                     f'<span class="count" data-type="{t}">0</span></label>' for t in types)
    status = ""
    if against is not None:
        n_fp = sum(a.status == "fp" for a in notes)
        n_miss = sum(a.status == "miss" for a in notes)
        n_tp = sum(a.status == "tp" for a in notes)
        status = (f'<p class="against">against <code>{e(against)}</code>: {n_tp} found, '
                  f'<span class="fp">{n_fp} false positives</span>, <span class="miss">{n_miss} missed</span></p>')
    colours = "\n".join(f"mark.{t} {{ background: {c}; }} .legend label.{t}, .facts a.{t} {{ background: {c}; }} "
                        f"body.hide-{t} mark.{t} {{ display: none; }}" for t, c in TYPE_COLOURS.items())
    meta = " · ".join(e(x) for x in (doc.published, doc.source) if x)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(doc.title or doc.doc_id)}</title>
<style>
body {{ font: 15px/1.55 system-ui, sans-serif; margin: 0; color: #222; }}
header {{ padding: .8em 1.5em; border-bottom: 1px solid #ddd; background: #fafafa; }}
header h1 {{ font-size: 1.2em; margin: 0 0 .2em; }}
.legend label {{ margin-right: .8em; padding: .1em .4em; border-radius: 3px; }}
.layout {{ display: flex; gap: 1.5em; padding: 1em 1.5em; align-items: flex-start; }}
.text {{ flex: 3; white-space: pre-wrap; font-family: Georgia, serif; font-size: 16px; margin: 0; }}
aside {{ flex: 2; position: sticky; top: 0; max-height: 100vh; overflow: auto; }}
mark.m {{ border-radius: 2px; position: relative; cursor: help; }}
mark.m:hover::after {{ content: attr(data-label); position: absolute; left: 0; top: 1.6em; z-index: 9;
  background: #222; color: #fff; font: 12px/1.3 system-ui, sans-serif; padding: .3em .5em; border-radius: 3px;
  white-space: nowrap; }}
mark.fp {{ outline: 2px solid #d33; }}
mark.miss {{ background: transparent !important; outline: 2px dashed #d33; text-decoration: underline wavy #d33; }}
.against .fp {{ color: #b00; }} .against .miss {{ color: #b00; }}
.zone {{ border: 1px solid #ddd; border-radius: 4px; padding: .2em .8em; margin-bottom: .8em; }}
.zone h3 {{ font-size: 1em; margin: .4em 0; }} .zone p {{ margin: .2em 0; }}
.facts {{ padding-left: 1.2em; margin: .3em 0; }} .facts a {{ color: inherit; text-decoration: none; padding: 0 .2em; }}
.val {{ color: #555; font-size: .9em; }} small, .none {{ color: #888; }}
{colours}
</style></head>
<body data-expected="{len(notes)}">
<header><h1>{e(doc.title or doc.doc_id)}</h1><div>{e(doc.doc_id)}{' · ' + meta if meta else ''}</div>
<div class="legend">{legend}</div>{status}</header>
<div class="layout"><pre class="text">{_text_html(text, notes)}</pre>
<aside><h2>Zones</h2>{_zones_html(doc)}</aside></div>
<script>{_SCRIPT}</script>
</body></html>
"""


def load_record_and_text(path: Path, text_path: Path | None = None, encoding: str | None = None) -> tuple[Document, str]:
    """(record, text) for ``path``: an output record (its text found beside it or named),
    or an article, extracted on the spot."""
    from .reading import read_input

    if path.suffix.lower() == ".json":
        doc = load(path)
        source = text_path or find_text(path, doc)
        text, _ = read_input(source, encoding)
        check_offsets(doc, text, str(path))
        return doc, text
    from .extraction import extract

    text, _ = read_input(text_path or path, encoding)
    return extract(text, doc_id=path.stem), text


def gold_record(against: Path, doc_id: str) -> Document:
    path = against / f"{doc_id}.json" if against.is_dir() else against
    if not path.is_file():
        raise ShowError(f"{against}: no gold record for {doc_id!r}")
    gold = load(path)
    if gold.doc_id != doc_id:
        raise RecordError(f"{path}: gold record is for {gold.doc_id!r}, not {doc_id!r}")
    return gold
