"""Article files -> text: encodings, binary files, HTML pages.

``read_input(path)`` returns the article text and whether it came from HTML.
It decodes UTF-8 (with or without BOM), UTF-16/32 with a BOM, and GB18030/GBK
or Big5 pages (the decoding that reads as the more common Chinese wins), or
the encoding the caller names. Bytes that decode as none of these, and binary
files, raise ``InputError`` naming the problem and the byte offset: nothing
is dropped silently. HTML (a .html/.htm file, or text that starts like a
page) becomes its article through trafilatura (``page_to_article``), with a
header block written from the page's metadata; mention offsets then refer to
that text, which batch runs keep beside the record.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Very common characters in simplified and in traditional Chinese text.
_SIMPLIFIED = set("的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年区发会经业开")
_TRADITIONAL = set("的一是不了在人有我他這中大來上國個到說們為子和你地出道也時年區發會經業開")
_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)


class InputError(ValueError):
    """A file that cannot be read as an article."""


def _control_ratio(data: bytes) -> float:
    sample = data[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def decode(data: bytes, encoding: str | None = None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not {encoding}: undecodable byte 0x{data[exc.start]:02x} at offset {exc.start}") from None
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{enc} byte-order mark, but undecodable bytes at offset {exc.start}") from None
    if b"\x00" in data[:8192] or _control_ratio(data) > 0.05:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    readings = []
    for enc, common in (("gb18030", _SIMPLIFIED), ("big5", _TRADITIONAL)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        readings.append((sum(1 for ch in text if ch in common), enc, text))
    if not readings:
        raise InputError(f"not UTF-8, GB18030 or Big5 text: undecodable byte 0x{data[first_bad]:02x} at offset {first_bad}")
    return max(readings, key=lambda r: r[0])[2]


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer", "h1", "h2",
             "h3", "h4", "h5", "h6", "title", "blockquote", "pre", "dd", "dt", "nav", "aside", "main", "figure", "figcaption"}
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def html_to_text(page: str) -> str:
    """The visible text of an HTML page: title first, then the body's blocks as paragraphs."""
    parser = _TextExtractor()
    parser.feed(page)
    parser.close()
    body = "".join(parser.parts)
    body = re.sub(r"[ \t\r\f\v]+", " ", body)
    body = re.sub(r" *\n *", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    title = " ".join("".join(parser.title).split())
    return f"{title}\n\n{body}\n" if title else f"{body}\n" if body else ""


def page_to_article(page: str) -> str:
    """The article of an HTML page as text: trafilatura's main text (menus, related
    lists, comments, scripts and footers left out) under a header block written from
    the page's metadata (``Title`` line, ``Date:`` from trafilatura or, where the date
    lives only in meta tags, JSON-LD or the URL, from htmldate; ``Source:`` the site's
    name), which the header reader then reads like any article's. Falls back to the
    page's visible text when trafilatura finds no article."""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(page, include_comments=False, with_metadata=True, favor_precision=True)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot parse still has visible text
        doc = None
    body = (doc.text if doc is not None else "") or ""
    if not body.strip():
        return html_to_text(page)
    date = doc.date
    if not date:
        try:
            from htmldate import find_date

            date = find_date(page, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
        except Exception:  # noqa: BLE001
            date = None
    from .header import vocab

    furniture = vocab().furniture
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip() and not furniture.fullmatch(line.strip()))
    head = [" ".join(doc.title.split())] if doc.title else []
    fields = [f"Date: {date}"] if date else []
    if doc.sitename and doc.sitename != doc.title:
        fields.append(f"Source: {' '.join(doc.sitename.split())}")
    blocks = [b for b in ("\n".join(head), "\n".join(fields), body) if b]
    return "\n\n".join(blocks) + "\n"


def is_html(text: str, path: Path | None = None) -> bool:
    return bool(path and path.suffix.lower() in (".html", ".htm")) or bool(_HTML_START.match(text[:200]))


def read_input(path: Path, encoding: str | None = None, data: bytes | None = None) -> tuple[str, bool]:
    """(article text, came from HTML) for one file (or its bytes ``data``, already read);
    InputError or OSError when it cannot be read."""
    data = Path(path).read_bytes() if data is None else data
    text = decode(data, encoding)
    if is_html(text, Path(path)):
        return page_to_article(text), True
    return text, False


__all__ = ["InputError", "decode", "html_to_text", "page_to_article", "read_input", "html"]
