"""An .xls (BIFF8 in a compound file) before calamine loads it: its records walked.

calamine reads every sheet of an .xls when it opens it, so every sheet's declared dimension
and real extent are bounded (MAX_AREA, and MAX_ROWS x MAX_COLS for report sheets), and the
FORMULA records found, since calamine gives only their cached values."""
from __future__ import annotations

import struct

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.extent import BIFF_FORMULA, SHARED_FORMULA, Extent, check_area, check_extent
from zwgk.workbook.xls_formula import SHARED, formula_text
from zwgk.workbook.layout import a1

BOF, EOF, BOUNDSHEET, FILEPASS, DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x002F, 0x0200
FORMULA, MULRK, MULBLANK, BOOLERR = 0x0006, 0x00BD, 0x00BE, 0x0205
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A"}
CELLS = {FORMULA, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0201, 0x00D6}   # row, col first


def scan_xls(path, sheets) -> dict[str, Extent]:
    stream = _workbook_stream(path)
    try:
        return _scan(path, stream, sheets)
    except (struct.error, IndexError, UnicodeDecodeError):
        raise guard.refuse(path, "read.xls_incomplete", part="Workbook") from None


def _workbook_stream(path) -> bytes:
    import olefile

    guard.check_regular(path)
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise guard.refuse(path, "read.encrypted")
            name = next((n for n in ("Workbook", "Book", "WORKBOOK", "BOOK") if ole.exists(n)), None)
            if name is None:
                raise guard.refuse(path, "read.xls_no_workbook")
            if ole.get_size(name) > guard.MAX_PART:
                raise guard.refuse(path, "read.xls_stream_too_big", part=name)
            return ole.openstream(name).read()
    except UnreadableFileError:
        raise
    except Exception as exc:  # olefile raises OSError / its own errors on a broken container
        raise guard.refuse(path, "read.xls_broken", reason=type(exc).__name__) from None


def _records(stream: bytes, at: int = 0):
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4:at + 4 + size]
        at += 4 + size


def _scan(path, stream: bytes, sheets) -> dict[str, Extent]:
    found = []
    for kind, data in _records(stream):
        if kind == FILEPASS:
            raise guard.refuse(path, "read.encrypted")
        if kind == BOUNDSHEET:
            found.append((struct.unpack_from("<I", data)[0], _sheet_name(data[6:])))
        elif kind == EOF:
            break
    out = {}
    for offset, name in found:
        extent = _scan_sheet(path, stream, offset, name, sheets is None or name in sheets)
        if sheets is None or name in sheets:
            out[name] = extent
    return out


def _sheet_name(data: bytes) -> str:
    count, high = data[0], data[1] & 1
    raw = data[2:2 + count * (2 if high else 1)]
    return raw.decode("utf-16-le") if high else raw.decode("latin-1")


def _scan_sheet(path, stream: bytes, offset: int, name: str, report: bool) -> Extent:
    extent = Extent()
    for kind, data in _records(stream, offset):
        if kind == EOF:
            break
        if kind == DIMENSIONS and len(data) >= 12:
            rows, cols = struct.unpack_from("<I", data, 4)[0], struct.unpack_from("<H", data, 10)[0]
            _bound(path, name, rows, cols, report, "声明")
            continue
        if kind in CELLS or kind in (MULRK, MULBLANK):
            row, col = struct.unpack_from("<HH", data)
            last = struct.unpack_from("<H", data, len(data) - 2)[0] if kind in (MULRK, MULBLANK) else col
            extent.rows, extent.cols = max(extent.rows, row + 1), max(extent.cols, last + 1)
            _bound(path, name, extent.rows, extent.cols, report)
            if kind == FORMULA:
                text = formula_text(data)
                extent.formulas[a1(row, col)] = SHARED_FORMULA if text is SHARED else text or BIFF_FORMULA
            elif kind == BOOLERR and len(data) >= 8 and data[7]:
                extent.errors[a1(row, col)] = ERRORS.get(data[6], "#VALUE!")
    return extent


def _bound(path, name: str, rows: int, cols: int, report: bool, what: str = "实际") -> None:
    check_area(path, name, rows, cols)
    if report:
        check_extent(path, name, rows, cols, what)
