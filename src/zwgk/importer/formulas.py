"""Which cells of a unit's workbook hold formulas or error values, as the workbook inspection
(`zwgk.workbook.inspect`) found them while bounding the file: {sheet: {(row, col): formula}}, 0-based.

calamine gives a formula cell's cached value (or nothing when the file saved none) but not the
formula, and reads an error value (#DIV/0!) as an empty cell; the inspection reads both from the
file itself (.xlsx/.xlsm and .ods by their XML, .xls by its BIFF records).  A sheet reaching far
beyond a report (a stray cell at XFD1048576) is never given to calamine: in an .xlsx it is left
unread, with its reason; an .xls or .ods, which calamine loads whole, is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from zwgk.errors import UnreadableFileError

Cells = dict[tuple[int, int], str]
MAX_SKIPPED = 64             # sheets left out for their size before the whole file is refused


@dataclass
class Inspected:
    """What the inspection found: each loadable sheet's formulas and error values, and the
    sheets left out (their refusals, in words)."""

    formulas: dict[str, Cells] = field(default_factory=dict)
    errors: dict[str, Cells] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)


def inspect_sheets(path: Path, done: dict | None = None, names=None) -> Inspected:
    """Every sheet inspected; in an .xlsx/.xlsm, a sheet too large to be a report's is left out
    (calamine loads its sheets one by one there), anywhere else the whole file is refused.
    `done`: {sheet: Extent} of sheets the caller inspected already, not inspected again;
    `names`: every sheet's name, when the caller knows them."""
    from zwgk.workbook.inspect import inspect_workbook

    out, skipped, done = Inspected(), set(), done or {}
    while True:
        try:
            extents = {**done, **inspect_workbook(path, _without(path, skipped | set(done), names), by_content=True)}
            break
        except UnreadableFileError as err:
            if not err.sheet or err.sheet in skipped or len(skipped) >= MAX_SKIPPED or not _lazy(path):
                raise
            skipped.add(err.sheet)
            out.left_out[err.sheet] = err.message
    for name, extent in extents.items():
        out.formulas[name] = {_position(ref): "=" + _shown(text) for ref, text in extent.formulas.items()}
        out.errors[name] = {_position(ref): value for ref, value in extent.errors.items()}
    return out


def _lazy(path: Path) -> bool:
    """calamine reads this workbook's sheets one at a time (a zip package that is not .ods)."""
    from zwgk import guard

    if guard.read_head(path, 4) != b"PK\x03\x04":
        return False
    with guard.open_package(path) as package:
        return "xl/workbook.xml" in package.NameToInfo


def _without(path: Path, skipped: set[str], names=None):
    if not skipped:
        return None
    if names is not None:
        return frozenset(names) - skipped
    from zwgk import guard
    from zwgk.workbook.parts import sheet_parts

    with guard.open_package(path) as package:
        return frozenset(sheet_parts(path, package)) - skipped


def _position(ref: str) -> tuple[int, int]:
    """"B5" -> (4, 1), 0-based (the workbook inspection's cell_position is 1-based)."""
    from zwgk.workbook.sheetscan import cell_position

    row, col = cell_position(ref)
    return row - 1, col - 1


def _shown(formula: str) -> str:
    """An .ods formula as a clerk reads it: of:=SUM([.B2:.B5]) -> SUM(B2:B5)."""
    text = re.sub(r"^of:=?", "", formula)
    return re.sub(r"\[\$?[^.\]]*\.([^\]:]+)(?::\.([^\]]+))?\]",
                  lambda m: m.group(1) + (":" + m.group(2) if m.group(2) else ""), text)
