"""An .ods before calamine loads it: content.xml streamed through expat.

calamine reads every sheet of an .ods when it opens it, so every sheet is bounded (MAX_AREA)
and the report sheets more tightly; repeated rows and cells count only when they hold a value
(LibreOffice writes the empty tail of a sheet as one row repeated a million times)."""
from __future__ import annotations

from xml.parsers import expat

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.extent import Extent, _Stop, check_area, check_extent
from zwgk.workbook.layout import a1

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MAX_FORMULAS_PER_RUN = 1000    # positions recorded for one repeated formula cell


def scan_ods(path, package, sheets) -> dict[str, Extent]:
    scan = _OdsScan(path, sheets)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    try:
        with package.open("content.xml") as stream:
            while chunk := stream.read(256 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop as stop:
        raise stop.error from None
    except KeyError:
        raise guard.refuse(path, "read.missing_part", part="content.xml") from None
    except Exception as exc:  # expat, zip and zlib errors of a broken content.xml
        raise guard.refuse(path, "read.unparsable_part", reason=type(exc).__name__, part="content.xml") from None
    return scan.out


class _OdsScan:
    def __init__(self, path, sheets):
        self.path, self.sheets, self.out = path, sheets, {}
        self.name, self.extent = None, Extent()
        self.row = self.col = self.row_repeat = 0

    def start(self, tag: str, attrs: dict) -> None:
        ns, _, name = tag.rpartition(" ")
        if ns != TABLE:
            return
        if name == "table":
            self.name, self.extent, self.row = attrs.get(f"{TABLE} name", ""), Extent(), 0
        elif name == "table-row":
            self.row_repeat, self.col = _repeat(attrs, "number-rows-repeated"), 0
        elif name in ("table-cell", "covered-table-cell"):
            self._cell(attrs)

    def _cell(self, attrs: dict) -> None:
        repeat = _repeat(attrs, "number-columns-repeated")
        formula = attrs.get(f"{TABLE} formula")
        if formula is not None or f"{OFFICE} value-type" in attrs:
            self._reach(self.row + self.row_repeat, self.col + repeat)
            if formula is not None:
                text = formula.split(":", 1)[1] if formula[:3] in ("of:", "oo") else formula
                for dc in range(min(repeat, MAX_FORMULAS_PER_RUN)):
                    self.extent.formulas[a1(self.row, self.col + dc)] = text.lstrip("=")
        self.col += repeat

    def _reach(self, rows: int, cols: int) -> None:
        e = self.extent
        e.rows, e.cols = max(e.rows, rows), max(e.cols, cols)
        try:
            check_area(self.path, self.name, e.rows, e.cols)
            if self.sheets is None or self.name in self.sheets:
                check_extent(self.path, self.name, e.rows, e.cols)
        except UnreadableFileError as error:
            raise _Stop(error) from None

    def end(self, tag: str) -> None:
        ns, _, name = tag.rpartition(" ")
        if ns != TABLE:
            return
        if name == "table-row":
            self.row += self.row_repeat
        elif name == "table" and (self.sheets is None or self.name in self.sheets):
            self.out[self.name] = self.extent


def _repeat(attrs: dict, name: str) -> int:
    try:
        return max(1, int(attrs.get(f"{TABLE} {name}") or 1))
    except ValueError:
        return 1
