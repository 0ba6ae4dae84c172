"""Look inside a workbook before calamine loads it: its sheets' extent and formula cells.

calamine allocates the whole rectangle from A1 to a sheet's last cell, so one value at
XFD1048576 would make it ask for hundreds of gigabytes and abort the process.  Here each sheet
zwgk will load is streamed through the XML parser (expat, matching elements by local name
whatever their prefix, as calamine does) or, for .xls, by walking its BIFF records: the declared
dimension and the real last row and column are bounded, and the formula and error cells found on
the way, so cached values are never trusted.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.extent import (CHUNK, MAX_COLS, MAX_ELEMENTS, MAX_ROWS, SHARED_FORMULA, Extent, _Stop,
                                  check_extent)
from zwgk.workbook.layout import a1

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


# --- xlsx / xlsm ------------------------------------------------------------------------------
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,8})")


def cell_position(ref: str) -> tuple[int, int] | None:
    """"D5" → (5, 4), 1-based (row, column); None when it is not a cell reference."""
    found = _CELL_REF.fullmatch(ref.strip())
    if not found:
        return None
    col = _column(found.group(1).upper())
    if found.group(1).isupper() and len(_COLUMNS) < 4096:
        _COLUMNS[found.group(1)] = col
    return int(found.group(2)), col


_COLUMNS: dict[str, int] = {}
_LETTERS, _DIGITS = re.compile(r"[A-Za-z]+"), re.compile(r"[0-9]+")


def _furthest(rows: list[str], refs: list[str]) -> tuple[int, int]:
    """(row, column) no cell reaches beyond: the greatest row number and column letters found
    in the row numbers and cell references (all runs of letters and digits, so an odd reference
    only makes the bound larger)."""
    text = " ".join(refs)
    numbers = _DIGITS.findall(text + " " + " ".join(rows))
    row = max(map(int, numbers), default=0)
    col = max(map(_column, set(_LETTERS.findall(text.upper()))), default=0)
    return row, col


def _column(letters: str) -> int:
    """"D" → 4, "XFD" → 16384 (upper-case letters)."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def _position(ref: str) -> tuple[int, int] | None:
    """cell_position, fast for the usual "D5": the column letters' number is remembered."""
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    if col is None or len(letters) == len(ref):
        return cell_position(ref)
    return int(ref[len(letters):]), col


def _scan_xlsx(path, package, sheets) -> dict[str, Extent]:
    from zwgk.workbook.parts import sheet_parts

    out = {}
    for name, part in sheet_parts(path, package).items():
        if sheets is None or name in sheets:
            if part not in package.NameToInfo:
                raise guard.refuse(path, "read.missing_sheet_part", part=part)
            out[name] = _sheet_extent(path, name, guard.read_part(path, package, part), part)
    return out


def _sheet_extent(path, sheet: str, data: bytes, part: str) -> Extent:
    """The quick look for a sheet in the plain shape (zwgk.workbook.inspect_quick), else the scan."""
    from zwgk.workbook.inspect_quick import quick_extent

    quick = quick_extent(data, MAX_ROWS, MAX_COLS, SHARED_FORMULA)
    if quick is not None:
        return Extent(rows=quick[0], cols=quick[1], formulas=quick[2])
    return _SheetScan(path, sheet).run(data, part)


class _SheetScan:
    """One worksheet part, streamed through expat: its extent, declared dimension, formulas and
    error values.  Elements are matched by local name whatever their prefix ("c", "x:c"), as
    calamine matches them, so no cell calamine would read is missed here."""

    def __init__(self, path, sheet: str):
        self.path, self.sheet = path, sheet
        self.extent = Extent()
        self.rows: list[str] = []            # r of each row, or the implied number
        self.refs: list[str] = []            # r of each cell, or the implied reference

    def run(self, data: bytes, part: str) -> Extent:
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._handler()
        self.parser.buffer_text = True
        view = memoryview(data)
        try:
            for at in range(0, len(data), CHUNK):       # fed in pieces: a long sheet stops early
                self.parser.Parse(view[at:at + CHUNK], False)
            self.parser.Parse(b"", True)
            self._reach(*_furthest(self.rows, self.refs))
        except _Stop as stop:
            raise stop.error from None
        except (expat.ExpatError, ValueError, OSError, EOFError) as exc:
            raise guard.refuse(self.path, "read.sheet_unparsable", name=self.sheet, reason=exc, part=part) from None
        except Exception as exc:  # zipfile raises BadZipFile / zlib.error on a broken part
            raise guard.refuse(self.path, "read.sheet_not_inflated", name=self.sheet, reason=type(exc).__name__, part=part) from None
        return self.extent

    def _handler(self):
        """The start-element handler, called for every element: a closure over local state,
        deciding the common elements (c, v) first."""
        refs, rows = self.refs, self.rows
        add_ref, add_row = refs.append, rows.append
        count, row, cell, error, check_at = 0, 0, "", False, 4096

        def start(name: str, attrs: dict) -> None:
            nonlocal count, row, cell, error, check_at
            count += 1
            if count > check_at:              # a long sheet is stopped early, not at its end
                check_at += 4096
                self._long(count)
            if name == "c":
                cell = attrs.get("r")
                if not cell or not cell.isalnum():
                    cell = self._implied(row)
                add_ref(cell)
                error = attrs.get("t") == "e"
            elif name == "v":
                if error:
                    self._capture(name, cell)
            elif name == "row":
                row = _int(attrs.get("r"), row + 1)
                add_row(str(row))
                if row > MAX_ROWS:
                    self._reach(row, 0)
            elif name == "f":
                self._capture(name, cell)
            elif name == "dimension":
                self._dimension(attrs.get("ref") or "")
            elif ":" in name:                 # a prefixed name (x:c): as its local name
                count -= 1
                start(name[name.index(":") + 1:], attrs)
        return start

    def _implied(self, row: int) -> str:
        """A cell without (a usable) r: the column after the row's previous cell."""
        previous = _position(self.refs[-1]) if self.refs else None
        col = previous[1] if previous and previous[0] == row else 0
        return a1(max(row, 1) - 1, col)

    def _long(self, count: int) -> None:
        if count > MAX_ELEMENTS:
            self._stop(len(self.rows), MAX_COLS + 1)
        self._reach(*_furthest(self.rows[-4096:], self.refs[-4096:]))

    def _capture(self, name: str, cell: str) -> None:
        """Collect the text of this <f> (or error <v>) until it closes."""
        text, cell = [], cell.upper()

        def end(_):
            found = "".join(text).strip()
            if name == "f":
                self.extent.formulas[cell] = found or SHARED_FORMULA
            else:                         # a formula's error value too: the importer names it
                self.extent.errors[cell] = found or "#VALUE!"
            self.parser.CharacterDataHandler = self.parser.EndElementHandler = None
        self.parser.CharacterDataHandler, self.parser.EndElementHandler = text.append, end

    def _reach(self, row: int, col: int) -> None:
        self.extent.rows, self.extent.cols = max(self.extent.rows, row), max(self.extent.cols, col)
        if row > MAX_ROWS or col > MAX_COLS:
            self._stop(row, col)

    def _dimension(self, ref: str) -> None:
        last = ref.rpartition(":")[2]
        where = cell_position(last) if last else None
        if where and (where[0] > MAX_ROWS or where[1] > MAX_COLS):
            self._stop(*where, what="声明")

    def _stop(self, row: int, col: int, what: str = "实际") -> None:
        try:
            check_extent(self.path, self.sheet, row, col, what)
        except UnreadableFileError as error:
            raise _Stop(error) from None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
