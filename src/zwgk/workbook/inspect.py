"""Look inside a workbook before calamine loads it: its sheets' extent and formula cells.

calamine allocates the whole rectangle from A1 to a sheet's last cell, so one value at
XFD1048576 would make it ask for hundreds of gigabytes and abort the process.  Here each sheet
zwgk will load is scanned with the XML parser (ElementTree: parsed whole when small, pulled row
by row when large; .ods through expat) or, for .xls, by walking its BIFF records: the declared
dimension and the real last row and column are bounded, and the formula and error cells found on
the way, so cached values are never trusted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.layout import a1

MAX_ROWS = 10_000             # a report sheet has a few hundred rows and about 30 columns
MAX_COLS = 256
MAX_AREA = 4_000_000          # any sheet calamine loads whole (.xls, .ods): rows x columns
MAX_ELEMENTS = 3_000_000      # XML elements in one scanned sheet
WHOLE_PART = 4 * guard.MB     # sheet parts up to this size are parsed whole, larger ones streamed
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
    file that is not a regular file, is too big, or holds a sheet larger than a report can be.

    The kind is the one calamine will read the file as: by its extension, else by its content."""
    head = guard.read_head(path, 8)
    kind = _KINDS.get(Path(path).suffix.lower()) or ("zip" if head[:4] == ZIP_MAGIC else
                                                     "xls" if head == CFB_MAGIC else None)
    if kind == "xlsb":
        raise UnreadableFileError("不支持 .xlsb（二进制工作簿）格式，请在 Excel/WPS 中另存为 .xlsx 后再试", file=str(path))
    if kind == "xls":
        from zwgk.workbook.inspect_xls import scan_xls
        return scan_xls(path, sheets)
    if kind is not None and head[:4] == ZIP_MAGIC:
        with guard.open_package(path) as package:
            if kind == "ods" or (kind == "zip" and "xl/workbook.xml" not in package.namelist()):
                from zwgk.workbook.inspect_ods import scan_ods
                return scan_ods(path, package, sheets)
            return _scan_xlsx(path, package, sheets)
    guard.check_regular(path)
    raise UnreadableFileError("无法打开：文件已损坏或不是 Excel/WPS/ODS 工作簿", file=str(path))


_KINDS = {".xlsx": "zip", ".xlsm": "zip", ".xlam": "zip", ".xls": "xls", ".xla": "xls", ".ods": "ods",
          ".xlsb": "xlsb"}


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
    if found.group(1).isupper() and len(_COLUMNS) < 4096:
        _COLUMNS[found.group(1)] = col
    return int(found.group(2)), col


_COLUMNS: dict[str, int] = {}


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
            with _opened(path, package, part) as stream:
                out[name] = _SheetScan(path, name).run(stream, part, package.getinfo(part).file_size)
    return out


def _opened(path, package, part):
    try:
        return package.open(part)
    except KeyError:
        raise guard.refuse(path, "文件不完整：缺少工作表部件", part) from None


class _SheetScan:
    """One worksheet part, streamed through the XML parser row by row (each row cleared once
    read): its extent, declared dimension, formulas and error values.  Tags are matched in
    the namespace of the part's root element, whatever prefix the writer chose."""

    def __init__(self, path, sheet: str):
        self.path, self.sheet = path, sheet
        self.extent = Extent()
        self.row = self.count = 0

    def run(self, stream, part: str, size: int) -> Extent:
        try:
            if size <= WHOLE_PART:              # a report's sheet: parsed at once, much faster
                self._walk(ElementTree.fromstring(stream.read(WHOLE_PART + 1)))
            else:
                self._stream(stream)
        except _Stop as stop:
            raise stop.error from None
        except (ElementTree.ParseError, ValueError, OSError, EOFError) as exc:
            raise guard.refuse(self.path, f"文件已损坏：工作表“{self.sheet}”的内容无法解析（{exc}）", part) from None
        except Exception as exc:  # zipfile raises BadZipFile / zlib.error on a broken part
            raise guard.refuse(self.path, f"文件已损坏：工作表“{self.sheet}”无法解压（{type(exc).__name__}）", part) from None
        return self.extent

    def _walk(self, root) -> None:
        """The parsed part: the fast way when every cell, row and dimension element is in the
        root's namespace and has its r attribute (as every writer does), else element by element."""
        ns = root.tag[:root.tag.find("}") + 1]
        tags = {el.tag for el in root.iter()}
        if any(_local(t) in _READ and t != ns + _local(t) for t in tags):
            return self._walk_each(root)
        rows = [row.get("r") for row in root.iter(ns + "row")]
        cells = list(root.iter(ns + "c"))
        refs = [cell.get("r") for cell in cells]
        if None in rows or None in refs:
            return self._walk_each(root)
        for el in root.iter(ns + "dimension"):
            self._dimension(el.get("ref") or "")
        last = [_position(ref) or (0, 0) for ref in refs]
        self._reach(max(max(map(_int_or_0, rows), default=0), max((r for r, _ in last), default=0)),
                    max((c for _, c in last), default=0))
        formula = ns + "f"
        for cell, ref in zip(cells, refs):
            if len(cell) and (len(cell) > 1 or cell[0].tag == formula or cell.get("t") == "e"):
                self._contents(cell, ref.upper())

    def _walk_each(self, root) -> None:
        """Every row and dimension, at any depth and in any namespace: calamine matches local
        names only, so an element it would read is never missed here."""
        for el in root.iter():
            name = _local(el.tag)
            if name == "row":
                self._row(el)
            elif name == "dimension":
                self._dimension(el.get("ref") or "")

    def _stream(self, stream) -> None:
        """A large part: pulled row by row, each row dropped once read."""
        parser = ElementTree.XMLPullParser(events=("end",))
        while chunk := stream.read(256 * 1024):
            parser.feed(chunk)
            self._events(parser)
        parser.close()
        self._events(parser)

    def _events(self, parser) -> None:
        for _, el in parser.read_events():
            self.count += 1
            if self.count > MAX_ELEMENTS:
                self._stop(self.extent.rows, MAX_COLS + 1)
            name = _local(el.tag)
            if name == "row":
                self._row(el)
                el.clear()
            elif name == "dimension":
                self._dimension(el.get("ref") or "")

    def _row(self, row) -> None:
        self.row = _int(row.get("r"), self.row + 1)
        col = 0
        rows, cols = self.row, 0
        for cell in row:
            if _local(cell.tag) != "c":
                continue
            ref = cell.get("r")
            where = _position(ref) if ref else None
            r, col = where or (self.row, col + 1)
            rows, cols = max(rows, r), max(cols, col)
            if len(cell):
                self._contents(cell, a1(r - 1, col - 1))
        self._reach(rows, cols)

    def _contents(self, cell, where: str) -> None:
        parts = {_local(child.tag): child for child in cell}
        if "f" in parts:
            self.extent.formulas[where] = (parts["f"].text or "").strip() or SHARED_FORMULA
        elif cell.get("t") == "e":
            value = parts.get("v")
            self.extent.errors[where] = ((value.text if value is not None else "") or "#VALUE!").strip()

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


def _local(tag) -> str:
    """A tag's local name, whatever its namespace ("{ns}row" → "row"); "" for comments."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_READ = {"row", "c", "f", "v", "dimension", "sheetData"}     # what calamine and this scan read


def _int_or_0(text: str) -> int:
    return _int(text, 0)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
