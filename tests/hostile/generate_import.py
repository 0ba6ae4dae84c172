"""Hostile and messy inputs for the importers (hand-made workbooks, Word, PDF), built at test time.

Word: the tables of a rendered report framed in a layout table, wrapped in content controls,
given a nested table inside a number cell, or a broken gridSpan.  PDF: a page tree pointing at
itself.  Workbooks: a hand-made sheet (no zwgk 基本信息) with a cell far outside the report.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from zwgk.render import render
from zwgk.synthetic import consistent_report

from .generate import rezip

DOCUMENT = "word/document.xml"
TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)         # the rendered report has no nested tables


def report(unit: str = "甲街道办事处", seed: int = 3):
    return consistent_report("2021", seed, unit=unit, year=2024)


def word_report(dst: Path, unit: str = "甲街道办事处") -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    return render(report(unit), dst)


def _edit_document(src: Path, dst: Path, fn) -> Path:
    return rezip(src, dst, lambda name, data: fn(data.decode()).encode() if name == DOCUMENT else data)


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def framed_tables(doc: str) -> str:
    """Each table in the one cell of an outer table."""
    return TABLE.sub(lambda m: f"<w:tbl><w:tr><w:tc><w:p/>{m.group(0)}<w:p/></w:tc></w:tr></w:tbl>", doc)


def layout_table(doc: str) -> str:
    """The whole body inside one cell of a layout table, beside an empty margin cell."""
    start, end = doc.index("<w:body>") + len("<w:body>"), doc.rindex("<w:sectPr")
    return (doc[:start] + "<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc>" + doc[start:end] + "<w:p/></w:tc></w:tr></w:tbl>"
            + doc[end:])


def content_controls(doc: str) -> str:
    return TABLE.sub(lambda m: f"<w:sdt><w:sdtContent>{m.group(0)}</w:sdtContent></w:sdt>", doc)


def nested_in_number_cell(doc: str) -> str:
    """A 2-cell table (7, 8) inside the fourth cell of the 一、本年新收 row: its numbers must never
    become cells of that row."""
    for row in re.findall(r"<w:tr>.*?</w:tr>", doc, re.S):
        if "本年新收" in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", row)):
            cell = re.findall(r"<w:tc>.*?</w:tc>", row, re.S)[3]
            inner = "<w:tbl><w:tr>" + _cell("7") + _cell("8") + "</w:tr></w:tbl><w:p/>"
            return doc.replace(row, row.replace(cell, cell.replace("</w:tc>", inner + "</w:tc>"), 1), 1)
    raise AssertionError("no 本年新收 row")


def bad_grid_span(doc: str) -> str:
    return doc.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="abc"/>', 1)


WORD = {"framed_tables": framed_tables, "layout_table": layout_table, "content_controls": content_controls,
        "nested_in_number_cell": nested_in_number_cell, "bad_grid_span": bad_grid_span}


def word_variant(src: Path, dst: Path, name: str) -> Path:
    return _edit_document(src, dst, WORD[name])


# --- PDF ------------------------------------------------------------------------------------------
def pdf_page_tree_loop(dst: Path) -> Path:
    """A PDF whose page tree lists itself as a kid: PDFium opens it but cannot load the page."""
    text = b"BT /F1 12 Tf 72 700 Td (2024 report) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    dst.write_bytes(out)
    return dst


# --- hand-made workbooks --------------------------------------------------------------------------
def handmade_far_cell(src: Path, dst: Path) -> Path:
    """A hand-made workbook (no 基本信息 sheet) with one value at XFD1048576 on its first sheet."""
    with zipfile.ZipFile(src) as zf:
        first = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))[0]
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    return rezip(src, dst, lambda name, data: data.replace(b"</sheetData>", far) if name == first else data)


# --- a hand-made workbook as WPS and other writers save it ----------------------------------------
NUMBER_CELL = re.compile(r'<c r="([A-Z]+\d+)"( s="\d+")?><v>([^<]*)</v></c>')


def sheet_edit(src: Path, dst: Path, fn) -> Path:
    with zipfile.ZipFile(src) as zf:
        first = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))[0]
        strings = [re.sub(r"<[^>]+>", "", s) for s in
                   re.findall(r"<si>(.*?)</si>", zf.read("xl/sharedStrings.xml").decode(), re.S)]
    return rezip(src, dst, lambda name, data: fn(data.decode(), strings).encode() if name == first else data)


def inline_strings(xml: str, strings: list[str]) -> str:
    """Every shared string written in its cell (t="inlineStr"), as WPS and many exporters do."""
    return re.sub(r'<c r="([A-Z]+\d+)"( s="\d+")? t="s"><v>(\d+)</v></c>',
                  lambda m: f'<c r="{m[1]}"{m[2] or ""} t="inlineStr"><is><t>{strings[int(m[3])]}</t></is></c>', xml)


def numbers_as_strings(xml: str, _) -> str:
    return NUMBER_CELL.sub(lambda m: f'<c r="{m[1]}"{m[2] or ""} t="str"><v>{m[3]}</v></c>', xml)


def shared_formulas(xml: str, _) -> str:
    """Every number a shared formula with its cached value: one master, the others its children."""
    count = [0]

    def cell(m):
        count[0] += 1
        f = f'<f t="shared" ref="A1:O59" si="0">0+{m[3]}</f>' if count[0] == 1 else '<f t="shared" si="0"/>'
        return f'<c r="{m[1]}"{m[2] or ""}>{f}<v>{m[3]}</v></c>'
    return NUMBER_CELL.sub(cell, xml)


def string_results(xml: str, _) -> str:
    """Formulas whose cached results are strings (t="str"), as WPS saves them."""
    return NUMBER_CELL.sub(lambda m: f'<c r="{m[1]}"{m[2] or ""} t="str"><f>0+{m[3]}</f><v>{m[3]}</v></c>', xml)


def error_values(xml: str, _) -> str:
    """B8 a formula showing #DIV/0!, C8 a pasted #N/A (no formula)."""
    cells = {"B8": '<f>1/0</f><v>#DIV/0!</v>', "C8": "<v>#N/A</v>"}
    return NUMBER_CELL.sub(lambda m: f'<c r="{m[1]}"{m[2] or ""} t="e">{cells[m[1]]}</c>'
                           if m[1] in cells else m[0], xml)


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def transposed(xml: str, strings: list[str]) -> str:
    """The sheet turned on its side: rows become columns (merges too)."""
    def swap(ref: str) -> str:
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
        return f"{_letters(int(row))}{_column(col)}"

    xml = inline_strings(xml, strings)
    rows: dict[int, list] = {}
    for col, row, rest in re.findall(r'<c r="([A-Z]+)(\d+)"(.*?(?:/>|</c>))', xml, re.S):
        rows.setdefault(_column(col), []).append((int(row), f'<c r="{_letters(int(row))}{_column(col)}"{rest}'))
    data = "".join(f'<row r="{r}">' + "".join(c for _, c in sorted(cells)) + "</row>" for r, cells in sorted(rows.items()))
    xml = re.sub(r"<sheetData>.*</sheetData>", lambda _: f"<sheetData>{data}</sheetData>", xml, flags=re.S)
    xml = re.sub(r'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"/>', lambda m: f'<mergeCell ref="{swap(m[1])}:{swap(m[2])}"/>', xml)
    return re.sub(r'<dimension ref="[^"]*"/>', "", xml)


WPS = {"inline_strings": inline_strings, "numbers_as_strings": numbers_as_strings,
       "shared_formulas": shared_formulas, "string_results": string_results,
       "error_values": error_values, "transposed": transposed}


def wps_variant(src: Path, dst: Path, name: str) -> Path:
    return sheet_edit(src, dst, WPS[name])


def bad_string_index(xml: str, _) -> str:
    """A cell pointing past the end of the shared-strings table: calamine refuses the sheet."""
    return re.sub(r't="s"><v>\d+</v>', 't="s"><v>99999</v>', xml, count=1)


def split_across_sheets(src: Path, dst: Path, cut: int) -> Path:
    """The first sheet's rows from `cut` down moved to a second sheet 续表 (merges too), as a clerk
    continues a long table on another sheet, without its heading and column heads."""
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    book = openpyxl.load_workbook(src)
    sheet, rest = book.worksheets[0], book.create_sheet("续表")
    merges = [m for m in sheet.merged_cells.ranges if m.min_row >= cut]
    for m in merges:
        sheet.unmerge_cells(str(m))
    for row in sheet.iter_rows(min_row=cut):
        for cell in row:
            if not isinstance(cell, MergedCell) and cell.value is not None:
                rest.cell(cell.row - cut + 1, cell.column).value, cell.value = cell.value, None
    for m in merges:
        rest.merge_cells(start_row=m.min_row - cut + 1, end_row=m.max_row - cut + 1,
                         start_column=m.min_col, end_column=m.max_col)
    book.save(dst)
    return dst
