"""Read a report workbook into a `Report`, with python-calamine (.xlsx, .xlsm, .xls, .ods).

The format comes from 基本信息 (or, failing that, from the labels); every table's labels are
checked against the spec, so a workbook that is not a zwgk report is refused in words.
A number is never taken from a formula's cached value: an input cell holding a formula is read
as blank, its formula kept as text, and the checks say so.
"""
from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from pathlib import Path

from zwgk.errors import NotAReportError, UnreadableFileError
from zwgk.extensions import unnumbered
from zwgk.model import Report
from zwgk.problems import problem
from zwgk.spec import FORMATS, is_blank_mark, is_error_value
from zwgk.wording import words
from zwgk.workbook.child import can_fork, in_child
from zwgk.workbook.inspect import SHARED_FORMULA, inspect_workbook  # noqa: F401 — SHARED_FORMULA kept public here
from zwgk.workbook.layout import SheetLayout, a1, prose_rows, workbook_layout

Grid = list[list]
ISOLATE_FROM = 100_000        # cells (rows x columns) of a loaded sheet: larger ones are read in a child
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".json")   # what read/load_report take


def read_report(path) -> Report:
    """The report in the workbook at `path`; raises NotAReportError / UnreadableFileError.

    The workbook is inspected first (zwgk.workbook.inspect): a file that is not a regular file,
    a zip bomb, or a sheet reaching far beyond a report is refused before calamine loads it."""
    path = Path(path)
    extents = inspect_workbook(path, report_sheets())

    def read() -> Report:
        return read_inspected(_open(path), path.name, extents)[0]

    if is_large(extents) and can_fork():
        return in_child(read, path)                   # a large sheet: a crash is told in words
    return read()


def read_inspected(book, name: str, extents: dict, sheets: frozenset[str] = frozenset()) -> tuple[Report, dict[str, Grid]]:
    """The report in a workbook calamine opened (`book`) whose `report_sheets()` were inspected
    (`extents`), with the grids of those of `sheets` it has (inspected too); `name` names it in words."""
    formulas = {n: {**e.errors, **e.formulas} for n, e in extents.items() if n in _table_sheets()}
    source = _SheetCache(book, name)
    return report_from_sheets(source, formulas), {n: source.grid(n) for n in sheets & source.names}


def is_large(extents: dict) -> bool:
    """A sheet large enough to be read in a child process (where one can be forked)."""
    return max((e.rows * e.cols for e in extents.values()), default=0) > ISOLATE_FROM


def formula_cells(path, sheets=None) -> dict[str, dict[str, str]]:
    """{sheet name: {A1: formula text}} of the formula cells of `sheets` (None: every sheet) in an
    .xlsx/.xlsm/.ods/.xls (.xls: simple formulas decoded, others "（公式）"); a shared formula's
    followers read "（共享公式）".  Refuses, like read_report, a file that cannot be a report."""
    return {name: e.formulas for name, e in inspect_workbook(Path(path), sheets).items()}


def load_report(path) -> Report:
    """A report from a workbook (.xlsx/.xlsm/.xls/.ods) or from its JSON view (.json)."""
    if str(path).lower().endswith(".json"):
        return Report.from_json_file(path)
    return read_report(path)


def report_from_grids(grids: dict[str, Grid], formulas: dict[str, dict[str, str]] | None = None,
                      name: str | None = None) -> Report:
    """The report held in sheet grids ({sheet name: rows of values}), however they were read.

    The add-in passes the used ranges it read from Excel (xlwings); `formulas` maps sheet names
    to {A1: formula} for cells holding formulas, whose cached values are never trusted.
    """
    return report_from_sheets(_GridSource(grids, name or words("workbook")["named"]["book"]), formulas or {})


def report_from_sheets(sheets, formulas: dict[str, dict[str, str]]) -> Report:
    info = _read_info(sheets)
    fmt = info.pop("format", None) or _detect_format(sheets)
    if fmt not in FORMATS:
        raise NotAReportError.of("read.unknown_format", file=sheets.file, sheet=words("workbook")["info"]["sheet"],
                                 format=fmt)
    layout = workbook_layout(fmt)
    report = Report(format=fmt, **info)
    for table in layout.tables.values():
        extension = layout.spec.tables[table.table].extension
        grid = sheets.grid(table.name, required=not extension)
        if grid is None:                  # made before the district added its own table
            report.notices.append(problem("extension.sheet_absent", name=table.name, extension=extension,
                                          count=len(table.inputs)).message)
            continue
        _verify_labels(table, grid, sheets.file)
        _read_cells(report, table, grid, formulas.get(table.name, {}), sheets.file)
    report.prose = _read_prose(sheets, report)
    report.inferred = _read_inferred(sheets, layout)
    return report


def _read_inferred(sheets, layout) -> list[str]:
    """The cells 基本信息 lists as inferred on import (表三!J7、表三!J9), by cell id."""
    ui = words("workbook")["info"]
    grid = sheets.grid(ui["sheet"])
    row = next((r for r in range(len(grid or [])) if _clean(_at(grid, r, 0)) == _clean(ui["inferred"])), None)
    if row is None:
        return []
    ids = {(lay.name, a1(r, c)): cid for lay in layout.tables.values() for cid, (r, c, _, _) in lay.inputs.items()}
    found = re.findall(r"([^!、,，\s]+)!\$?([A-Z]+)\$?(\d+)", str(_at(grid, row, 1) or ""))
    return [ids[(sheet, col + num)] for sheet, col, num in found if (sheet, col + num) in ids]


def _open(path: Path):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for zip, xml and encryption errors
        locked = "ncrypt" in str(exc) or "assword" in str(exc)
        raise UnreadableFileError.of("read.encrypted_as" if locked else "read.not_a_workbook_as", file=path,
                                     kind=type(exc).__name__) from None


class _GridSource:
    """Sheets by name, as grids of values; a missing required sheet is a NotAReportError."""

    def __init__(self, grids: dict[str, Grid], file: str):
        self.file, self._grids, self.names = file, dict(grids), set(grids)

    def grid(self, name: str, required: bool = False) -> Grid | None:
        if name not in self.names:
            if required:
                raise NotAReportError.of("read.missing_sheet", file=self.file, name=name)
            return None
        if name not in self._grids:
            self._grids[name] = self._load(name)
        return self._grids[name]

    def _load(self, name: str) -> Grid:
        raise KeyError(name)


class _SheetCache(_GridSource):
    """Sheets of a calamine workbook, read on first use."""

    def __init__(self, book, file: str):
        super().__init__({}, file)
        self.book, self.names = book, set(book.sheet_names)

    def _load(self, name: str) -> Grid:
        try:
            return self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # python_calamine.XmlError (a bad shared string), a truncated part…
            raise UnreadableFileError.of("read.sheet_unreadable", file=self.file, sheet=name,
                                         reason=f"{type(exc).__name__}：{str(exc)[:120]}") from None


def _at(grid: Grid, r: int, c: int):
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return ""


def _clean(value) -> str:
    return re.sub(r"\s+", "", str(value or ""))


# --- 基本信息 -----------------------------------------------------------------------------------
def _read_info(sheets: _SheetCache) -> dict:
    ui = words("workbook")["info"]
    grid = sheets.grid(ui["sheet"])
    if grid is None:
        return {}
    by_label = {_clean(_at(grid, r, 0)): _at(grid, r, 1) for r in range(len(grid))}
    out = {}
    for field in ui["fields"]:
        value = by_label.get(_clean(field["label"]))
        out[field["id"]] = _info_value(field["id"], value)
    return {k: v for k, v in out.items() if v not in (None, "") or k not in ("format", "year")}


def _info_value(key: str, value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.strftime("%Y-%m-%d")
    if key == "year":
        return parse_year(value)
    if key == "format":
        return str(value or "").strip() or None
    return "" if value is None else str(value)


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")


def parse_year(value) -> int | None:
    """2024, "2024", "2024年", "二〇二四年", "2023年度（初稿）" → the year; anything else → None.

    A year may be followed by a note in words ("（初稿）", "报告"), never by other digits
    ("2023.7", "2023-2024" are no year); a number must be whole.
    """
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value if value is not None else "").strip().translate(_CN_DIGITS)
    found = re.fullmatch(r"((?:19|20|21)[0-9]{2})(?:\s*年度?)?([^0-9.．\-—~～至/]\D*)?", text)
    return int(found.group(1)) if found else None


def _detect_format(sheets: _SheetCache) -> str:
    """No usable 基本信息: the format whose 表二 labels the workbook carries."""
    for fmt in FORMATS:
        table = workbook_layout(fmt).tables["t2"]
        grid = sheets.grid(table.name)
        if grid is not None and not _label_mismatches(table, grid):
            return fmt
    raise NotAReportError.of("read.no_format", file=sheets.file, sheet_name=words("workbook")["info"]["sheet"])


# --- tables -----------------------------------------------------------------------------------
def _label_mismatches(table: SheetLayout, grid: Grid) -> list[tuple[str, str, str]]:
    """(A1, expected, found) for each label of the layout the sheet does not carry."""
    out = []
    for box in table.boxes:
        if box.role in ("note", "live-head"):
            continue
        found = _at(grid, box.r1, box.c1)
        if box.role == "head" and found in (None, ""):
            found = _head_above(grid, box)
        if found != box.text and _clean(found) != _clean(box.text):   # exact match: skip the regex
            out.append((a1(box.r1, box.c1), box.text, str(found or "")))
    return out


def _head_above(grid: Grid, box) -> object:
    """A column head an earlier zwgk drew from a higher row (表三's 总计 before it stood under
    申请人情况): the first label above the box in its column."""
    return next((v for r in range(box.r1 - 1, 0, -1) if (v := _at(grid, r, box.c1)) not in (None, "")), "")


def _verify_labels(table: SheetLayout, grid: Grid, file: str) -> None:
    bad = _label_mismatches(table, grid)
    if bad:
        cell, expected, found = bad[0]
        more = {"more": len(bad) - 1} if len(bad) > 1 else {}
        raise NotAReportError.of("read.labels_changed_more" if more else "read.labels_changed",
                                 file=file, sheet=table.name, cell=cell, expected=expected, found=found, **more)


def _read_cells(report: Report, table: SheetLayout, grid: Grid, formulas: dict[str, str],
                file: str = "") -> None:
    """The input cells of one table; `formulas` also holds error values ("#DIV/0!"), kept as text."""
    for cid, r, c, where, kind in _inputs(report.format, table.name):
        if where in formulas:
            found = formulas[where]
            report.cells[cid], report.texts[cid] = None, found if is_error_value(found) else "=" + found
            continue
        try:
            value, text = parse_cell(_at(grid, r, c), kind)
        except ValueError:
            raise UnreadableFileError.of("read.bad_number", file=file, sheet=table.name, cell=where,
                                         value=_at(grid, r, c)) from None
        report.cells[cid] = value
        if text is not None:
            report.texts[cid] = text
    for cid, (r, c) in table.units.items():
        unit = str(_at(grid, r, c) or "").strip()
        if unit:
            report.units[cid] = unit


@functools.cache
def _inputs(fmt: str, table: str) -> tuple[tuple[str, int, int, str, str], ...]:
    """(cell id, row, column, A1, kind) of each input cell of a table, worked out once."""
    cells = Report.blank(fmt).spec.cells
    layout = workbook_layout(fmt).tables
    sheet = next(t for t in layout.values() if t.name == table)
    return tuple((cid, r, c, a1(r, c), cells[cid].kind) for cid, (r, c, _, _) in sheet.inputs.items())


def parse_cell(raw, kind: str):
    """(value, kept text) of one input cell: numbers as numbers, "/" and the like as blank."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, bool):
        return None, str(raw)
    if isinstance(raw, (int, float)):
        return _number(raw, kind), None
    text = str(raw)
    stripped = text.strip().replace("\u3000", "")
    if not stripped:
        return None, None
    # A number typed as text ('6 in Excel/WPS) is not a number to a spreadsheet either: the live
    # checks show ？ for it, so it stays text here too and the checks name it.
    return None, stripped if is_blank_mark(stripped) else text


def _number(value: float, kind: str):
    if not math.isfinite(value):
        raise ValueError(value)
    if kind != "amount" and float(value).is_integer():
        return int(value)
    return float(value)


@functools.cache
def _table_sheets() -> frozenset[str]:
    """Names of the sheets that hold input cells, in either format."""
    return frozenset(t.name for fmt in FORMATS for t in workbook_layout(fmt).tables.values())


@functools.cache
def report_sheets() -> frozenset[str]:
    """Every sheet read_report loads: the tables, 基本信息 and 文字部分."""
    ui = words("workbook")
    return _table_sheets() | {ui["info"]["sheet"], ui["prose"]["sheet"]}


# --- 文字部分 -----------------------------------------------------------------------------------
def _read_prose(sheets: _SheetCache, report: Report) -> dict[str, str]:
    ui = words("workbook")["prose"]
    grid = sheets.grid(ui["sheet"])
    if grid is None:
        return {}
    by_label = {unnumbered(_clean(label)): part for part, label in prose_rows(report.spec)}
    out: dict[str, str] = {}
    current = None
    for r in range(1, len(grid)):
        label, text = unnumbered(_clean(_at(grid, r, 0))), _at(grid, r, 1)
        text = "" if text is None else str(text)
        if label in by_label:
            current = by_label[label]
            out[current] = text
        elif label == _clean(ui["continued"]) and current:
            out[current] += text
    return {k: v for k, v in out.items() if v}
