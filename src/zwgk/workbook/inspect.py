"""Look inside a workbook before calamine loads it: its sheets' extent and formula cells.

calamine allocates the whole rectangle from A1 to a sheet's last cell, so one value at
XFD1048576 would make it ask for hundreds of gigabytes and abort the process.  Here each sheet
zwgk will load is scanned with a streaming, namespace-aware XML parser (expat) or, for .xls,
by walking its BIFF records: the declared dimension and the real last row and column are
bounded, and the formula cells found on the way, so cached values are never trusted.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from xml.parsers import expat

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.layout import a1

MAX_ROWS = 10_000             # a report sheet has a few hundred rows and about 30 columns
MAX_COLS = 256
MAX_AREA = 4_000_000          # any sheet calamine loads whole (.xls, .ods): rows x columns
MAX_ELEMENTS = 3_000_000      # XML elements in one scanned sheet
SHARED_FORMULA = "（共享公式）"
BIFF_FORMULA = "（公式）"

ZIP_MAGIC, CFB_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Extent:
    """What a scan found in one sheet: its last row and column (1-based) and its formulas."""

    rows: int = 0
    cols: int = 0
    formulas: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)    # error values (#DIV/0!…), which calamine reads as ""


class _Stop(Exception):
    """Raised inside a parser callback to stop the scan with a refusal."""

    def __init__(self, error: UnreadableFileError):
        self.error = error


def inspect_workbook(path, sheets=None) -> dict[str, Extent]:
    """{sheet: Extent} for `sheets` (None: all) of an .xlsx/.xlsm/.ods/.xls; refuses in words a
    file that is not a regular file, is too big, or holds a sheet larger than a report can be."""
    head = guard.read_head(path, 8)
    if head[:4] == ZIP_MAGIC:
        with guard.open_package(path) as package:
            if "content.xml" in package.namelist() and "xl/workbook.xml" not in package.namelist():
                from zwgk.workbook.inspect_ods import scan_ods
                return scan_ods(path, package, sheets)
            return _scan_xlsx(path, package, sheets)
    if head == CFB_MAGIC:
        from zwgk.workbook.inspect_xls import scan_xls
        return scan_xls(path, sheets)
    guard.check_regular(path)
    raise UnreadableFileError("无法打开：文件已损坏或不是 Excel/WPS/ODS 工作簿", file=str(path))


def check_extent(path, sheet: str, rows: int, cols: int, what: str = "实际") -> None:
    """Refuse a sheet reaching beyond MAX_ROWS x MAX_COLS."""
    if rows > MAX_ROWS or cols > MAX_COLS:
        raise UnreadableFileError(
            f"工作表范围过大（{what}到 {a1(max(rows, 1) - 1, max(cols, 1) - 1)}，"
            f"报表最多 {MAX_ROWS} 行、{MAX_COLS} 列），不像一份报表，不予读取；请删去表外的内容后再试",
            file=str(path), sheet=sheet)


def check_area(path, sheet: str, rows: int, cols: int) -> None:
    if rows * cols > MAX_AREA:
        raise UnreadableFileError(
            f"工作表过大（{rows} 行 × {cols} 列），读取会耗尽内存，不予读取", file=str(path), sheet=sheet)


# --- xlsx / xlsm ------------------------------------------------------------------------------
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,8})")


def cell_position(ref: str) -> tuple[int, int] | None:
    """"D5" → (5, 4), 1-based (row, column); None when it is not a cell reference."""
    found = _CELL_REF.fullmatch(ref.strip())
    if not found:
        return None
    col = 0
    for ch in found.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(found.group(2)), col


def _scan_xlsx(path, package, sheets) -> dict[str, Extent]:
    from zwgk.workbook.parts import sheet_parts

    out = {}
    for name, part in sheet_parts(path, package).items():
        if sheets is None or name in sheets:
            with _opened(path, package, part) as stream:
                out[name] = _SheetScan(path, name).run(stream, part)
    return out


def _opened(path, package, part):
    try:
        return package.open(part)
    except KeyError:
        raise guard.refuse(path, "文件不完整：缺少工作表部件", part) from None


class _SheetScan:
    """One worksheet part, streamed through expat: extent, declared dimension, formulas."""

    def __init__(self, path, sheet: str):
        self.path, self.sheet = path, sheet
        self.extent = Extent()
        self.row = self.col = self.count = 0
        self.cell: str | None = None
        self.error_cell = False                 # the cell is of type "e" (an error value)
        self.text: list[str] | None = None      # text of the <f> or error <v> being read

    def run(self, stream, part: str) -> Extent:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.chars
        try:
            while chunk := stream.read(256 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Stop as stop:
            raise stop.error from None
        except (expat.ExpatError, ValueError, OSError, EOFError) as exc:
            raise guard.refuse(self.path, f"文件已损坏：工作表“{self.sheet}”的内容无法解析（{exc}）", part) from None
        except Exception as exc:  # zipfile raises BadZipFile / zlib.error on a broken part
            raise guard.refuse(self.path, f"文件已损坏：工作表“{self.sheet}”无法解压（{type(exc).__name__}）", part) from None
        return self.extent

    def start(self, tag: str, attrs: dict) -> None:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            self._stop(self.extent.rows, MAX_COLS + 1)
        name = tag.rpartition(" ")[2]
        if name == "c":
            self._cell(attrs)
        elif name == "row":
            self.row, self.col = _int_attr(attrs, "r", self.row + 1), 0
            self._reach(self.row, 0)
        elif name == "f" or (name == "v" and self.error_cell):
            self.text = []
        elif name == "dimension":
            self._dimension(attrs)

    def _cell(self, attrs: dict) -> None:
        where = cell_position(_attr(attrs, "r") or "")
        row, col = where or (self.row, self.col + 1)
        self.row, self.col = row, col
        self._reach(row, col)
        self.cell = a1(row - 1, col - 1)
        self.error_cell = attrs.get("t") == "e"

    def _reach(self, row: int, col: int) -> None:
        self.extent.rows, self.extent.cols = max(self.extent.rows, row), max(self.extent.cols, col)
        if row > MAX_ROWS or col > MAX_COLS:
            self._stop(row, col)

    def _dimension(self, attrs: dict) -> None:
        last = (_attr(attrs, "ref") or "").rpartition(":")[2]
        where = cell_position(last) if last else None
        if where and (where[0] > MAX_ROWS or where[1] > MAX_COLS):
            self._stop(*where, what="声明")

    def _stop(self, row: int, col: int, what: str = "实际") -> None:
        try:
            check_extent(self.path, self.sheet, row, col, what)
        except UnreadableFileError as error:
            raise _Stop(error) from None

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, tag: str) -> None:
        if self.text is None or not self.cell:
            return
        name, text = tag.rpartition(" ")[2], "".join(self.text).strip()
        if name == "f":
            self.extent.formulas[self.cell] = text or SHARED_FORMULA
        elif name == "v":
            self.extent.errors[self.cell] = text or "#VALUE!"
        else:
            return
        self.text = None


def _attr(attrs: dict, name: str) -> str | None:
    """An unprefixed attribute (expat leaves those without a namespace)."""
    return attrs.get(name)


def _int_attr(attrs: dict, name: str, default: int) -> int:
    try:
        return int(attrs.get(name) or default)
    except ValueError:
        return default


def u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0]
