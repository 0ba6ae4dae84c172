"""Which cells of a workbook hold formulas: {sheet name: {(row, col): formula text}}, 0-based.

calamine gives a formula cell's cached value (or nothing when the file saved none) but not the
formula, so the formulas are read from the file itself: .xlsx/.xlsm through
`zwgk.workbook.reader.formula_cells`, .ods from content.xml (table:formula), .xls from the BIFF
FORMULA records of its Workbook stream (the formula's text is not decoded there).
"""
from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

Formulas = dict[str, dict[tuple[int, int], str]]

XLS_FORMULA = ""      # a .xls formula: its tokens are not decoded, so its text is not known


def workbook_formulas(path: Path) -> Formulas:
    """Formula cells of every sheet; empty when the file cannot say (never an exception)."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
        if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":      # OLE2: .xls, whatever its name
            return _xls_formulas(path)
        with zipfile.ZipFile(path) as package:
            is_ods = "content.xml" in package.namelist()
        return _ods_formulas(path) if is_ods else _xlsx_formulas(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, struct.error):
        return {}


def _xlsx_formulas(path: Path) -> Formulas:
    from zwgk.workbook.reader import formula_cells

    return {sheet: {_position(ref): "=" + text for ref, text in cells.items()}
            for sheet, cells in formula_cells(path).items()}


def _position(ref: str) -> tuple[int, int]:
    """"B5" -> (4, 1)."""
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - 1, col - 1


# --- .ods -----------------------------------------------------------------------------------
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_formulas(path: Path) -> Formulas:
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("content.xml"))
    out: Formulas = {}
    for table in root.iter(_T + "table"):
        found: dict[tuple[int, int], str] = {}
        r = 0
        for row in table.iter(_T + "table-row"):
            repeat_rows = int(row.get(_T + "number-rows-repeated", "1"))
            c = 0
            for cell in row:
                repeat = int(cell.get(_T + "number-columns-repeated", "1"))
                formula = cell.get(_T + "formula")
                if formula:
                    found[(r, c)] = _ods_formula_text(formula)
                c += min(repeat, 16384)
            r += min(repeat_rows, 1048576)
        out[table.get(_T + "name", "")] = found
    return out


def _ods_formula_text(formula: str) -> str:
    """of:=SUM([.B2:.B5]) -> =SUM(B2:B5)."""
    text = re.sub(r"^of:", "", formula)
    return re.sub(r"\[\$?[^.\]]*\.([^\]:]+)(?::\.([^\]]+))?\]",
                  lambda m: m.group(1) + (":" + m.group(2) if m.group(2) else ""), text)


# --- .xls (BIFF8) ---------------------------------------------------------------------------
_BOUNDSHEET, _BOF, _EOF, _FORMULA = 0x0085, 0x0809, 0x000A, 0x0006


def _xls_formulas(path: Path) -> Formulas:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        stream = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.openstream(stream).read()
    out: Formulas = {}
    for name, offset in _xls_sheets(data):
        out[name] = _xls_sheet_formulas(data, offset)
    return out


def _records(data: bytes, pos: int):
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        yield kind, data[pos + 4:pos + 4 + size]
        pos += 4 + size


def _xls_sheets(data: bytes) -> list[tuple[str, int]]:
    sheets = []
    for kind, body in _records(data, 0):
        if kind == _BOUNDSHEET and len(body) >= 8:
            offset, count, wide = struct.unpack_from("<I", body)[0], body[6], body[7] & 1
            raw = body[8:8 + count * (2 if wide else 1)]
            sheets.append((raw.decode("utf-16-le" if wide else "latin-1"), offset))
        elif kind == _EOF:
            break
    return sheets


def _xls_sheet_formulas(data: bytes, offset: int) -> dict[tuple[int, int], str]:
    found = {}
    for kind, body in _records(data, offset):
        if kind == _FORMULA and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            found[(row, col)] = XLS_FORMULA
        elif kind == _EOF:
            break
    return found
