"""Hostile inputs, built at test time from a valid report workbook by patching its zip parts.

Each builder takes the valid workbook and a target path and writes one hostile file there.
The families: cells far outside a report (calamine would allocate the whole rectangle), sheets
with millions of rows, zip bombs, broken and missing parts, bad values, formulas written the
ways other writers write them, non-regular files, and the same for .xls, .ods, .docx and HTML.
"""
from __future__ import annotations

import os
import re
import struct
import zipfile
from pathlib import Path

from zwgk.synthetic import consistent_report
from zwgk.workbook.parts import sheet_parts
from zwgk.workbook.writer import write_report


def valid_workbook(path: Path, unit: str = "甲街道办事处", seed: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_report(consistent_report("2021", seed, unit=unit, year=2024), path)


def rezip(src: Path, dst: Path, edit=None, extra: dict[str, bytes] | None = None, drop=()) -> Path:
    """A copy of the package with `edit(name, data) -> data` applied to each part."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            zout.writestr(info, edit(info.filename, data) if edit else data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def patch_sheet(src: Path, dst: Path, fn, sheet: str = "表三") -> Path:
    with zipfile.ZipFile(src) as zf:
        part = sheet_parts(src, zf)[sheet]
    return rezip(src, dst, lambda name, data: fn(data) if name == part else data)


def add_row(xml: bytes, row: str) -> bytes:
    return xml.replace(b"</sheetData>", row.encode() + b"</sheetData>")


def set_cell(xml: bytes, ref: str, cell: str) -> bytes:
    """Replace the <c r="ref" …>…</c> (or <c r="ref" …/>) element by `cell`."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', re.S)
    assert pattern.search(xml), ref
    return pattern.sub(cell.encode(), xml, count=1)


# --- workbooks whose reading must be refused in words (exit 2) ------------------------------------
def far_cell(ref: str):
    return lambda src, dst: patch_sheet(src, dst, lambda x: add_row(
        x, f'<row r="{re.sub("[A-Z]", "", ref)}"><c r="{ref}"><v>1</v></c></row>'))


def many_rows(n: int, numbered: bool):
    def build(src, dst):
        rows = "".join(f'<row r="{i}"/>' for i in range(40, 40 + n)) if numbered else "<row/>" * n
        return patch_sheet(src, dst, lambda x: add_row(x, rows))
    return build


def declared_dimension(src, dst):
    return patch_sheet(src, dst, lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', x))


def wide_row(src, dst):
    """A row of 20,000 cells without r attributes: their columns are implicit."""
    return patch_sheet(src, dst, lambda x: add_row(x, '<row r="45">' + "<c><v>1</v></c>" * 20000 + "</row>"))


def foreign_namespace_cell(src, dst):
    """A cell in another namespace: calamine matches local names, so it must be seen here too."""
    return patch_sheet(src, dst, lambda x: add_row(
        x, '<row r="46"><q:c xmlns:q="urn:other" r="XFD46"><q:v>1</q:v></q:c></row>'))


def entity_reference(src, dst):
    """r="&#88;FD1048576" is XFD1048576 to any XML parser (and to calamine): a pattern misses it."""
    return patch_sheet(src, dst, lambda x: x.replace(b'<c r="D5"', b'<c r="&#88;FD1048576"', 1))


def billion_laughs(src, dst):
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    def fn(xml: bytes) -> bytes:
        body = xml[xml.index(b"<worksheet"):].replace(b'<c r="D5"', b'<c r="D5" x="&a9;"', 1)
        return f'<?xml version="1.0"?><!DOCTYPE w [{entities}]>'.encode() + body
    return patch_sheet(src, dst, fn)


def truncated_sheet(src, dst):
    return patch_sheet(src, dst, lambda x: x[: len(x) // 2])


def missing_sheet(src, dst):
    with zipfile.ZipFile(src) as zf:
        part = sheet_parts(src, zf)["表三"]
    return rezip(src, dst, drop=(part,))


def bad_shared_string(src, dst):
    return patch_sheet(src, dst, lambda x: set_cell(x, "D5", '<c r="D5" t="s"><v>99999</v></c>'))


def number(text: str):
    return lambda src, dst: patch_sheet(src, dst, lambda x: set_cell(x, "D5", f'<c r="D5"><v>{text}</v></c>'))


def zip_bomb(src, dst):
    return rezip(src, dst, extra={"xl/media/bomb.bin": b"\0" * (80 * 1024 * 1024)})


def bomb_shared_strings(src, dst):
    big = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + \
        b"<si><t>" + b"A" * (60 * 1024 * 1024) + b"</t></si></sst>"
    return rezip(src, dst, lambda name, data: big if name == "xl/sharedStrings.xml" else data)


def lying_header(src, dst):
    """sharedStrings.xml inflating to 200 MB while its headers declare 1,000 bytes."""
    big = b"<sst><si><t>" + b"A" * (200 * 1024 * 1024) + b"</t></si></sst>"
    rezip(src, dst, lambda name, data: big if name == "xl/sharedStrings.xml" else data)
    data = bytearray(dst.read_bytes())
    name = b"xl/sharedStrings.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at:at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, 1000)
            at = data.find(signature, at + 4)
    dst.write_bytes(bytes(data))
    return dst


def many_entries(src, dst):
    return rezip(src, dst, extra={f"customXml/item{i}.xml": b"<a/>" for i in range(6000)})


def truncated_zip(src, dst):
    data = Path(src).read_bytes()
    dst.write_bytes(data[: len(data) * 2 // 3])
    return dst


def random_bytes(src, dst):
    dst.write_bytes(os.urandom(20000))
    return dst


def empty_file(src, dst):
    dst.write_bytes(b"")
    return dst


def folder(src, dst):
    dst.mkdir()
    return dst


def named_pipe(src, dst):
    os.mkfifo(dst)
    return dst


def device_link(src, dst):
    dst.symlink_to("/dev/zero")
    return dst


def symlink_loop(src, dst):
    other = dst.with_name("loop-" + dst.name)
    dst.symlink_to(other.name)
    other.symlink_to(dst.name)
    return dst


def sparse_huge(src, dst):
    """A 10 GB file that takes no disk: its size alone must refuse it."""
    with open(dst, "wb") as out:
        out.write(Path(src).read_bytes())
        out.truncate(10 * 1024 ** 3)
    return dst


REFUSED = {
    "sparse_10GB": sparse_huge,
    "cell_at_XFD1048576": far_cell("XFD1048576"),
    "cell_at_XFD5000": far_cell("XFD5000"),
    "cell_at_A1048576": far_cell("A1048576"),
    "rows_200k_unnumbered": many_rows(200_000, False),
    "rows_20k_numbered": many_rows(20_000, True),
    "declared_dimension": declared_dimension,
    "wide_row_implicit_columns": wide_row,
    "foreign_namespace_cell": foreign_namespace_cell,
    "entity_reference": entity_reference,
    "billion_laughs": billion_laughs,
    "truncated_sheet": truncated_sheet,
    "missing_sheet": missing_sheet,
    "bad_shared_string": bad_shared_string,
    "value_1e999": number("1e999"),
    "value_NaN": number("NaN"),
    "value_minus_inf": number("-inf"),
    "zip_bomb_part": zip_bomb,
    "zip_bomb_shared_strings": bomb_shared_strings,
    "zip_header_lies": lying_header,
    "many_entries": many_entries,
    "truncated_zip": truncated_zip,
    "random_bytes": random_bytes,
    "empty_file": empty_file,
    "folder_named_xlsx": folder,
    "named_pipe": named_pipe,
    "link_to_dev_zero": device_link,
    "symlink_loop": symlink_loop,
}

# the long versions, behind the hostile_sweep marker
SWEEP = {
    "rows_10M_unnumbered": many_rows(10_000_000, False),
    "rows_2M_numbered": many_rows(2_000_000, True),
    "zip_bomb_600MB": lambda src, dst: rezip(src, dst, extra={"xl/media/b.bin": b"\0" * (600 * 1024 * 1024)}),
}


# --- formulas written the ways other writers write them: found, never read as their value ------
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FORMULA_CELLS = {
    "attribute_order": '<c s="7" r="D5"><f>1+1</f><v>6</v></c>',
    "whitespace": '<c r="D5">\n  <f>1+1</f>\n  <v>6</v>\n</c>',
    "single_quotes": "<c r='D5'><f>1+1</f><v>6</v></c>",
    "value_before_formula": '<c r="D5"><v>6</v><f>1+1</f></c>',
    "shared_formula": '<c r="D5"><f t="shared" si="0"/><v>6</v></c>',
    "entity_in_formula": '<c r="D5"><f>"a&#10;b"&amp;1</f><v>6</v></c>',
    "array_formula": '<c r="D5"><f t="array" ref="D5">SUM(1,5)</f><v>6</v></c>',
}


def formula_cell(cell: str):
    return lambda src, dst: patch_sheet(src, dst, lambda x: set_cell(x, "D5", cell))


def prefixed_namespace(src, dst):
    """The whole sheet written with the x: prefix, as the .NET Open XML SDK does."""
    def fn(xml: bytes) -> bytes:
        xml = set_cell(xml, "D5", '<c r="D5"><f>1+1</f><v>6</v></c>')
        xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([\s>/])", rb"<\1x:\2\3", xml)
        return xml.replace(f'xmlns="{MAIN}"'.encode(), f'xmlns:x="{MAIN}"'.encode())
    return patch_sheet(src, dst, fn)


FORMULAS = {**{name: formula_cell(cell) for name, cell in FORMULA_CELLS.items()},
            "x_prefix": prefixed_namespace}


# --- .xls and .ods (converted by LibreOffice from a valid workbook) -------------------------------
def xls_huge_dimension(src: Path, dst: Path) -> Path:
    """Every DIMENSIONS record of an .xls made to declare 65536 rows x 256 columns."""
    import olefile

    dst.write_bytes(src.read_bytes())
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        at = 0
        while at + 4 <= len(stream):
            kind, size = struct.unpack_from("<HH", stream, at)
            if kind == 0x0200:
                struct.pack_into("<IIHH", stream, at + 4, 0, 65536, 0, 256)
            at += 4 + size
        ole.write_stream("Workbook", bytes(stream))
    return dst


def ods_repeated_rows(src: Path, dst: Path) -> Path:
    row = ('<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
           'table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row>')

    def edit(name, data):
        return data.replace(b"</table:table>", row.encode() + b"</table:table>", 1) if name == "content.xml" else data
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():        # mimetype first and stored, as ODF wants
            zout.writestr(info, edit(info.filename, zin.read(info)), compress_type=info.compress_type)
    return dst


# --- published reports for import ---------------------------------------------------------------
def html_span_bomb(dst: Path) -> Path:
    cells = '<td colspan=100 rowspan=100>x</td>' * 200
    dst.write_text("<html><table>" + f"<tr>{cells}</tr>" * 150 + "</table></html>", encoding="utf-8")
    return dst


def html_nested_tables(dst: Path) -> Path:
    dst.write_text("<html>" + "<table><tr><td>" * 5000 + "x" + "</td></tr></table>" * 5000 + "</html>",
                   encoding="utf-8")
    return dst


def docx_bomb(dst: Path, size: int = 40 * 1024 * 1024) -> Path:
    body = b"<w:p><w:r><w:t>" + b"A" * size + b"</w:t></w:r></w:p>"
    doc = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + body + b"</w:body></w:document>")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", doc)
    return dst


def text_too_big(dst: Path) -> Path:
    dst.write_bytes(("政府信息公开" * 1000 + "\n").encode() * 4000)      # about 70 MB
    return dst


def ods_dressed_as_xlsx(src: Path, dst: Path) -> Path:
    """An .ods bomb that also carries an xl/workbook.xml: calamine reads it as .ods (its
    extension), so it must be inspected as one."""
    bomb = ods_repeated_rows(src, dst.with_name("bomb-" + dst.name))
    return rezip(bomb, dst, extra={"xl/workbook.xml": b"<workbook/>"})


def owner_file(src, dst):
    """What Excel leaves beside an open workbook (~$name.xlsx): 165 bytes, not a zip."""
    dst.write_bytes(b"\x0bAdministrator" + b" " * 40 + b"\x00" * 111)
    return dst
