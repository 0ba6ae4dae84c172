"""Reading a source file into text: plain text in any encoding, Word .docx, HTML pages, PDF
(`pdf`), old Word and WPS documents (converted by LibreOffice, `convert`).

Tables become tab-separated rows, one line per table row, so that .docx and .html reports go
through the same reader as copied text.  A merged cell is written once, at its first grid
position; the positions it covers are empty cells.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zwgk import guard
from zwgk.errors import UnreadableFileError, ZwgkError
from zwgk.importer.decode import MAX_BYTES, decode
from zwgk.importer.html import html_text

MAX_DOCUMENT = 32 * guard.MB      # word/document.xml of a report is well under 1 MB



@dataclass(frozen=True)
class Source:
    """A report's text and what it was read from, decided once, when the file is read.

    `kind`: text | markdown | word | html | pdf | workbook.  Text files keep the line breaks of the
    page they were copied from; every other kind comes in whole paragraphs.  A PDF's table rows
    were laid out by position (importer/pdf*.py put each character in its column): a tab row
    holds its label and then exactly one cell per column, blanks included."""

    text: str
    kind: str = "text"
    name: str = ""

    @property
    def positioned(self) -> bool:
        """Table rows laid out by position: a blank cell keeps its column."""
        return self.kind == "pdf"

    @property
    def wrapped(self) -> bool:
        """Paragraphs broken at the printed page's line ends (text copied from a PDF)."""
        return self.kind in ("text", "markdown")

    @classmethod
    def named(cls, text: str, name: str = "") -> "Source":
        """Text whose kind only its name tells (a report pasted or passed as a string)."""
        suffix = Path(name).suffix.lower()
        kind = next((k for k, suffixes in KIND_SUFFIXES.items() if suffix in suffixes), "text")
        return cls(text, kind, name)


# what a file name says of a text passed without its file (import_text(text, source=name))
KIND_SUFFIXES = {
    "markdown": {".md", ".markdown"},
    "word": {".docx", ".doc", ".wps", ".rtf", ".mht", ".mhtml"},
    "html": {".html", ".htm", ".shtml", ".xhtml"},
    "pdf": {".pdf"},
    "workbook": {".xlsx", ".xlsm", ".xls", ".ods", ".et"},
}


def read_source(path: Path) -> str:
    """The text of a report file, whatever its kind; a clear error when it cannot be one."""
    return open_source(path).text


def open_source(path: Path) -> Source:
    """A report file read into text, its kind told by its content (then its name)."""
    name = str(path)
    if path.is_dir():
        raise UnreadableFileError.of("import.folder", file=name)
    data = guard.read_bounded(path, MAX_BYTES)      # a regular file only, read no further than the limit
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04":
        if suffix in (".docx", ".docm", "") or b"word/document.xml" in data[:4000]:
            return Source(docx_text(path), "word", name)
        raise UnreadableFileError.of("import.archive", file=name)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or data[:5] == b"{\\rtf":
        from zwgk.importer.convert import WORD, converted, office_kind

        if office_kind(path, data[:8]) == WORD:          # .doc, .wps, .rtf: via LibreOffice
            with converted(path, WORD) as docx:
                return Source(docx_text(docx), "word", name)
        raise UnreadableFileError.of("import.old_office", file=name)
    if data[:5] == b"%PDF-" or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        from zwgk.importer.pdf import pdf_text

        return Source(pdf_text(path, data), "pdf", name)
    from zwgk.importer.mht import mht_html

    page = mht_html(data, name)                      # a single-file web page, often named .doc
    if page is not None:
        return Source(html_text(page, name), "html", name)
    text = decode(data, name)
    head = text[:4000].lower()
    if suffix in KIND_SUFFIXES["html"] or "<html" in head or "<table" in head or "<!doctype html" in head:
        return Source(html_text(text, name), "html", name)
    return Source.named(text, name)


def workbook_by_content(path: Path, named: bool) -> bool:
    """Is the file a workbook (.xlsx/.xlsm/.ods package), whatever its name?  A PDF or a Word
    document named .xlsx is read as what it is; a file named as a workbook that is neither
    stays one, so the workbook reader says what is wrong with it."""
    head = guard.read_head(path, 8)
    if head[:5] == b"%PDF-":
        return False
    if head[:4] != b"PK\x03\x04":
        return named
    try:
        with guard.open_package(path) as package:
            names = package.NameToInfo
    except ZwgkError:
        return named
    if "word/document.xml" in names and "xl/workbook.xml" not in names:
        return False
    return named or "xl/workbook.xml" in names


def docx_text(path: Path) -> str:
    """Paragraphs and tables of a .docx in document order; table rows tab-separated.

    The package's word/document.xml is read directly (python-docx's object model is ten times
    slower and repeats merged cells); Word's own gridSpan/vMerge mark the merges."""
    from xml.etree import ElementTree

    with guard.open_package(path) as package:       # measured part by part: no zip bomb
        data = guard.read_part(path, package, "word/document.xml", MAX_DOCUMENT)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UnreadableFileError.of("import.word_damaged", file=str(path), error=exc) from None
    body = root.find(_W + "body")
    try:
        return "\n".join(_blocks(body if body is not None else []))
    except RecursionError:
        raise UnreadableFileError.of("import.word_too_deep", file=str(path)) from None


def _blocks(parent) -> list[str]:
    """The lines of the paragraphs and tables in `parent` (the body, a cell), in document order;
    content controls and other wrappers (w:sdt, w:customXml) are looked into."""
    lines: list[str] = []
    for child in parent:
        if child.tag == _W + "p":
            lines.append(_para_text(child))
        elif child.tag == _W + "tbl":
            lines.extend(_docx_table(child))
        elif child.tag not in _NOT_CONTENT:
            lines.extend(_blocks(child))
    return lines


def _para_text(p) -> str:
    out = []
    for node in p.iter():
        if node.tag == _W + "t":
            out.append(node.text or "")
        elif node.tag == _W + "tab":
            out.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            out.append("\n")
    return "".join(out)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOT_CONTENT = {_W + name for name in ("sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "pPr", "rPr", "del")}


def _docx_table(table) -> list[str]:
    """Rows of a Word table from its XML: a cell spanning columns (gridSpan) is written once and
    followed by empty cells; a cell continuing a vertical merge (vMerge) is empty.  Only the
    table's own rows and cells count: a row framing tables (a layout table around the report) is
    read as the paragraphs and tables it holds; a table nested in a cell of a wider row adds its
    words to that cell, so they can never become cells of the row."""
    out = []
    for tr in _own(table, "tr"):
        cells = _own(tr, "tc")
        if _frames(cells):
            out.extend(line for tc in cells for line in _blocks(tc))
            continue
        row = []
        for tc in cells:
            span, cont = _merge(tc.find(_W + "tcPr"))
            text = "" if cont else " ".join(_para_text(p).strip() for p in tc.iter(_W + "p")).strip()
            row.append(" ".join(text.split()))
            row.extend([""] * (span - 1))
        out.append("\t".join(row))
    return out


def _frames(cells) -> bool:
    """A row of a layout table: its cells hold tables and no words of their own."""
    inner = [tc.find(".//" + _W + "tbl") is not None for tc in cells]
    return any(inner) and all(has or not "".join(_para_text(p) for p in _own(tc, "p")).strip()
                              for tc, has in zip(cells, inner))


def _own(parent, tag: str) -> list:
    """parent's own w:tr (of a table) or w:tc (of a row), also inside w:sdt/w:customXml wrappers,
    never those of a table nested further in."""
    found = []
    for child in parent:
        if child.tag == _W + tag:
            found.append(child)
        elif child.tag not in _NOT_CONTENT and child.tag != _W + "tbl":
            found.extend(_own(child, tag))
    return found


def _merge(pr) -> tuple[int, bool]:
    """(columns spanned, continues a vertical merge) of a cell's w:tcPr."""
    if pr is None:
        return 1, False
    grid, vmerge = pr.find(_W + "gridSpan"), pr.find(_W + "vMerge")
    value = grid.get(_W + "val", "1") if grid is not None else "1"
    span = max(1, min(int(value), 100)) if value.isdigit() else 1
    return span, vmerge is not None and vmerge.get(_W + "val", "continue") != "restart"
