"""What a look inside a sheet finds (`Extent`), the limits a report's sheet stays within, and the
refusal of a sheet beyond them: shared by the scans of .xlsx (zwgk.workbook.inspect), .ods and .xls.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.errors import UnreadableFileError
from zwgk.workbook.layout import a1

MAX_ROWS = 10_000             # a report sheet has a few hundred rows and about 30 columns
MAX_COLS = 256
MAX_AREA = 4_000_000          # any sheet calamine loads whole (.xls, .ods): rows x columns
MAX_ELEMENTS = 3_000_000      # XML elements in one scanned sheet
CHUNK = 1024 * 1024           # bytes of a sheet given to the parser at a time
SHARED_FORMULA = "（共享公式）"
BIFF_FORMULA = "（公式）"


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


def check_extent(path, sheet: str, rows: int, cols: int, what: str = "实际") -> None:
    """Refuse a sheet reaching beyond MAX_ROWS x MAX_COLS."""
    if rows > MAX_ROWS or cols > MAX_COLS:
        raise UnreadableFileError.of("read.sheet_too_wide", file=path, sheet=sheet, what=what,
                                     corner=a1(max(rows, 1) - 1, max(cols, 1) - 1), rows=MAX_ROWS, columns=MAX_COLS)


def check_area(path, sheet: str, rows: int, cols: int) -> None:
    if rows * cols > MAX_AREA:
        raise UnreadableFileError.of("read.sheet_too_big", file=path, sheet=sheet, rows=rows, columns=cols)
