"""Look inside a workbook before calamine loads it: its sheets' extent and formula cells.

calamine allocates the whole rectangle from A1 to a sheet's last cell, so one value at
XFD1048576 would make it ask for hundreds of gigabytes and abort the process.  Here each sheet
zwgk will load is read by an XML parser (zwgk.workbook.sheetscan: lxml or expat, matching
elements by local name in any namespace, as calamine does) or, for .xls, by walking its BIFF records: the declared
dimension and the real last row and column are bounded, and the formula and error cells found on
the way, so cached values are never trusted.
"""
from __future__ import annotations

from pathlib import Path

from zwgk import guard
from zwgk.workbook.extent import SHARED_FORMULA, Extent  # noqa: F401 — SHARED_FORMULA kept public here
from zwgk.workbook.sheetscan import sheet_extent

ZIP_MAGIC, CFB_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def inspect_workbook(path, sheets=None, by_content: bool = False) -> dict[str, Extent]:
    """{sheet: Extent} for `sheets` (None: all) of an .xlsx/.xlsm/.ods/.xls; refuses in words a
    file that is not a regular file, is too big, or holds a sheet larger than a report can be.

    The kind is the one calamine will read the file as: by its extension, else by its content
    (`by_content`: by its content first, for a file opened by its content, as the importer does)."""
    head = guard.read_head(path, 8)
    by_magic = "zip" if head[:4] == ZIP_MAGIC else "xls" if head == CFB_MAGIC else None
    kind = (by_magic if by_content else None) or _KINDS.get(Path(path).suffix.lower()) or by_magic
    if kind == "xlsb":
        raise guard.refuse(path, "read.xlsb")
    if kind == "xls" or head == CFB_MAGIC:       # also an encrypted .xlsx: a compound file
        from zwgk.workbook.inspect_xls import scan_xls
        return scan_xls(path, sheets)
    if kind is not None and head[:4] == ZIP_MAGIC:
        with guard.open_package(path) as package:
            names = package.NameToInfo
            if kind == "ods" or ("xl/workbook.xml" not in names and "content.xml" in names):
                from zwgk.workbook.inspect_ods import scan_ods
                return scan_ods(path, package, sheets)
            return _scan_xlsx(path, package, sheets)
    guard.check_regular(path)
    raise guard.refuse(path, "read.not_a_workbook")


_KINDS = {".xlsx": "zip", ".xlsm": "zip", ".xlam": "zip", ".xls": "xls", ".xla": "xls", ".ods": "ods",
          ".xlsb": "xlsb"}


def _scan_xlsx(path, package, sheets) -> dict[str, Extent]:
    from zwgk.workbook.parts import sheet_parts

    out = {}
    for name, part in sheet_parts(path, package).items():
        if sheets is None or name in sheets:
            if part not in package.NameToInfo:
                raise guard.refuse(path, "read.missing_sheet_part", part=part)
            out[name] = sheet_extent(path, name, guard.read_part(path, package, part), part)
    return out
