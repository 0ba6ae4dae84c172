"""A unit's own workbook (.xlsx/.xlsm/.xls/.ods) in the official layout, read by the text engine.

A zwgk workbook goes through the exact reader (`zwgk.workbook.reader`).  Any other workbook is
read with calamine and each sheet's grid becomes tab-separated rows, one line per sheet row (a
merged cell written once, at its top-left position, as Word's and the web pages' tables are),
so the tables are found by their labels through `import_text`: the same spec, variants and rules.
Each line remembers its sheet and row, so the notes can name the cell a number came from.

Sheets are taken in the order of the parts they hold, so tables may stand on any sheets in any
order; a sheet whose only sign of its table is its name (表三, 表3) gets the part's heading.
What is not the official table is left out before (importer/sheetgrid.py).  A formula's cached value is read like a typed number
and reported; a formula without one (or with an error value) is a blank with its reason.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from zwgk.errors import NotAReportError
from zwgk.importer.cells import ERROR_VALUE, NUM, classify
from zwgk.importer.notes import INFO, Note
from zwgk.wording import words
from zwgk.importer.sheetgrid import part_of_row, table_rows
from zwgk.importer.text import fold, squeeze
from zwgk.problems import Problem, problem

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
MAX_ROWS, MAX_CELLS = 3000, 200_000      # a report's tables fit well inside; beyond, not read
MAX_PLAIN_ROWS = 60                      # a sheet without any part heading longer than this is not the report's


@dataclass
class Sheet:
    """One sheet as text cells (A1 at [0][0]) and its formula cells {(row, col): formula}."""

    name: str
    rows: list[list[str]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    no_value: dict[tuple[int, int], str] = field(default_factory=dict)   # formula cells left blank
    words: dict[tuple[int, int], str] = field(default_factory=dict)      # words in number cells


@dataclass(frozen=True)
class Line:
    """Where one line of the workbook's text comes from (sheet None: a heading zwgk added)."""

    sheet: str | None
    row: int = 0
    cols: tuple[int, ...] = ()         # the sheet column of each of the line's cells


def read_sheets(path: Path, book=None, done: dict | None = None, inspected=None) -> tuple[list[Sheet], list[Problem]]:
    """Every sheet's cells as text, with its formulas (cached values kept; none: empty), and what
    was left unread, in words: sheets too large to be a report's (a stray cell far away), and
    hidden sheets (an old year kept out of sight) unless no visible sheet holds anything.

    The workbook is inspected before calamine sees it (zwgk.workbook.inspect): sizes, extents,
    formulas and error values come from there (`done`: sheets the caller inspected already)."""
    from zwgk.importer.formulas import inspect_sheets

    inspected = inspected or inspect_sheets(path, done, book.sheet_names if book is not None else None)
    book = book or open_workbook(path)
    visible, hidden = [], []
    unread = [problem("import.sheet_left_out", worksheet=name, why=why) for name, why in inspected.left_out.items()]
    for meta in book.sheets_metadata:
        if meta.name in inspected.left_out:
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.end and (min(sheet.end[0], MAX_ROWS) + 1) * (sheet.end[1] + 1) > MAX_CELLS:
                unread.append(problem("import.sheet_too_large", worksheet=meta.name, rows=MAX_ROWS, limit=MAX_CELLS))
                continue
            grid = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS)
        except Exception as exc:   # a chart sheet is no table; a worksheet calamine cannot read is damaged
            if str(meta.typ).endswith("WorkSheet"):
                unread.append(problem("import.sheet_damaged", worksheet=meta.name, error=exc))
            continue
        rows = [[cell_text(v) for v in row] for row in grid]
        _put_errors(rows, inspected.errors.get(meta.name, {}))
        is_hidden = not str(meta.visible).endswith(".Visible")
        (hidden if is_hidden else visible).append(_with_formulas(Sheet(meta.name, rows), inspected.formulas.get(meta.name, {})))
    if any(any(map(any, s.rows)) for s in visible):
        unread += [problem("import.sheet_hidden", worksheet=s.name) for s in hidden if any(map(any, s.rows))]
        return visible, unread
    return visible + hidden, unread


def _put_errors(rows: list[list[str]], errors: dict[tuple[int, int], str]) -> None:
    """An error value (#DIV/0!), which calamine reads as empty, shown as the sheet shows it."""
    for (r, c), value in errors.items():
        if r < len(rows) and c < len(rows[r]) and not rows[r][c]:
            rows[r][c] = value


def _with_formulas(sheet: Sheet, formulas: dict[tuple[int, int], str]) -> Sheet:
    """Keep the formula cells; one without a saved value, or whose value is an error (#DIV/0!),
    reads as an empty cell and is remembered (a formula's text result, a label, stays)."""
    sheet.formulas = {rc: f for rc, f in formulas.items() if rc[0] < len(sheet.rows)}
    for (r, c), formula in sheet.formulas.items():
        row = sheet.rows[r]
        value = row[c] if c < len(row) else ""
        if not value or ERROR_VALUE.match(value):
            sheet.no_value[(r, c)] = value
            if c < len(row):
                row[c] = ""
    return sheet


def cell_text(value) -> str:
    """A cell as the text engine reads it: whole numbers without .0, no tabs, bars or breaks."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return f"{value:.10f}".rstrip("0").rstrip(".")
    if isinstance(value, (_dt.datetime, _dt.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value)
    return _BREAKS.sub(" ", text).strip() if _BREAKS.search(text) else text.strip()


_BREAKS = re.compile(r"[\t\r\n|]+")


# --- the workbook as text -------------------------------------------------------------------
def workbook_text(sheets: list[Sheet], fmt: str = "2021") -> tuple[str, list[Line], list[Problem]]:
    """The text of the sheets, in the order of their parts (a sheet holding none first: a cover
    or a note, where the title is), each line's origin, and what was left out, in words: a long
    sheet holding no part (a list of applications, an address book) is not the report; a 表三
    whose columns cannot be matched with the official ones is not read."""
    headings = [_heading_from_name(s, fmt) for s in sheets]
    ordered = sorted((_first_part(s, h, fmt), i, s, h) for i, (s, h) in enumerate(zip(sheets, headings)))
    lines: list[str] = []
    origins: list[Line] = []
    left_out = []
    for part, _, sheet, heading in ordered:
        if part < 0 and sum(map(any, sheet.rows)) > MAX_PLAIN_ROWS:
            left_out.append(problem("import.sheet_without_part", worksheet=sheet.name))
            continue
        if heading:
            lines.append(heading)
            origins.append(Line(None))
        if heading is None and any(p >= 0 for p, *_ in ordered) and _headless_rows(sheet):
            left_out.append(problem("import.sheet_headless", worksheet=sheet.name))
        unread: list[str] = []
        for r, (cells, cols) in enumerate(table_rows(sheet.rows, _part_of(heading, fmt), sheet.words, unread)):
            lines.append("\t".join(cells))
            origins.append(Line(sheet.name, r, cols))
        lines.append("")
        origins.append(Line(None))
        left_out += [problem("import.columns_unclear", worksheet=sheet.name, table_name=_table_name(part, fmt))
                     for part in unread]
    return "\n".join(lines), origins, left_out


def _headless_rows(sheet: Sheet) -> int:
    """Rows of numbers above the sheet's first part heading (a table continued from another sheet
    or page, without its heading and column heads): their columns are not known, so they are
    emptied, never read with another table's columns.  How many were emptied."""

    emptied = 0
    for row in sheet.rows:
        if part_of_row(row):
            break
        if sum(bool(v) and any(t.kind == NUM for t in classify(v) or ()) for v in row) >= 2:
            row[:] = [""] * len(row)
            emptied += 1
    return emptied


def _table_name(part: str, fmt: str) -> str:
    from zwgk.spec import load_spec

    return load_spec(fmt).sheet_of(part)


def _part_of(heading: str | None, fmt: str) -> str | None:
    from zwgk.spec import load_spec

    return next((p["id"] for p in load_spec(fmt).parts if p["label"] == heading), None)


def _first_part(sheet: Sheet, heading: str | None, fmt: str) -> int:
    """Index of the first part whose heading the sheet holds (or names); -1 for none."""
    from zwgk.importer.parts import find_parts
    from zwgk.spec import load_spec

    text = fold("\n".join([heading or ""] + ["\t".join(r) for r in sheet.rows]))
    found = find_parts(text, fmt).found
    order = [p["id"] for p in load_spec(fmt).parts]
    return min((order.index(pid) for pid in found), default=-1)


_DIGITS = str.maketrans("1234567890", "一二三四五六七八九〇")


def _heading_from_name(sheet: Sheet, fmt: str) -> str | None:
    """The part heading a sheet's name stands for (表三, 表3, 收到和处理政府信息公开申请情况),
    when the sheet itself holds no part heading at all (a sheet copied and not renamed keeps
    the heading it shows)."""
    from zwgk.importer.labels import core, heading_pattern
    from zwgk.importer.parts import find_parts
    from zwgk.spec import load_spec

    spec = load_spec(fmt)
    name = squeeze(sheet.name).translate(_DIGITS)
    for part in spec.parts:
        table = spec.tables.get(part["id"])
        by_name = table is not None and name.startswith(spec.sheet_of(part["id"]))
        if by_name or (len(name) >= 4 and name in core(part["label"])) or heading_pattern(part["label"]).match(name):
            body = fold("\n".join("\t".join(r) for r in sheet.rows))
            return None if find_parts(body, fmt).found else part["label"]
    return None


# --- import ---------------------------------------------------------------------------------
def import_workbook(path: Path, format: str = "auto", *, book=None, done: dict | None = None):
    """A zwgk workbook as it is; any other workbook through the text engine, notes naming cells.
    `book`: the workbook opened already by a caller whose exact reader refused it, with the
    sheets it inspected (`done`), so that the file is opened and each sheet inspected once."""
    from zwgk.importer.core import import_source
    from zwgk.importer.formulas import inspect_sheets
    from zwgk.importer.origins import apply_origins
    from zwgk.importer.sources import Source

    if book is None:
        inspected = inspect_sheets(path)      # a regular file, no zip bomb, no sheet too large, before calamine
        book = open_workbook(path)
        exact = _zwgk_report(path, book.sheet_names)
        if exact is not None:
            return exact
        sheets, unread = read_sheets(path, book, inspected=inspected)
    else:
        sheets, unread = read_sheets(path, book, done)
    text, lines, left_out = workbook_text(sheets)
    unread += left_out
    if not text.strip():
        first = unread[0] if unread else problem("import.workbook_empty")
        raise NotAReportError.of(first.code, file=path, **first.params)
    result = import_source(Source(text, "workbook", str(path)), format)
    result.report.unit = result.report.unit or unit_in_cells(sheets)
    apply_origins(result, text, lines, {s.name: s for s in sheets})
    result.notes.extend(Note.of_problem(INFO, found) for found in unread)
    return result


def unit_in_cells(sheets: list[Sheet]) -> str:
    """The unit a hand-made sheet names in a 填报单位 cell: “填报单位：王城路街道办事处” in one cell,
    or the label in one cell and the name in the next one to its right ('' when none)."""
    labels = tuple(words("importer")["workbook"]["unit_labels"])
    for sheet in sheets:
        for row in sheet.rows[:60]:
            for c, value in enumerate(row):
                text = squeeze(value)
                if not text.startswith(labels):
                    continue
                rest = re.sub(r"^[^:：]*[:：]", "", text) if re.search("[:：]", text) else ""
                if not rest:
                    rest = squeeze(next((v for v in row[c + 1:] if v), ""))
                rest = re.split(r"(?:填报|联系|日期|电话|盖章|[（(])", rest)[0]
                if 2 <= len(rest) <= 30:
                    return rest
    return ""


def open_workbook(path: Path):
    """calamine's workbook; one saved under another type's name (WPS writes .xlsx content as .xls)
    is opened by its content."""
    import io

    from python_calamine import CalamineWorkbook

    from zwgk.errors import UnreadableFileError
    from zwgk.workbook.reader import _open

    try:
        return _open(path)
    except UnreadableFileError as err:
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        except Exception:
            raise err from None


def _zwgk_report(path: Path, sheet_names):
    """The ImportResult of a zwgk workbook (it has 基本信息 and its labels check), else None."""
    from zwgk.errors import UnreadableFileError
    from zwgk.importer.result import ImportResult, run_checks
    from zwgk.wording import words
    from zwgk.workbook.reader import read_report

    if words("workbook")["info"]["sheet"] not in sheet_names:
        return None
    try:
        report = read_report(path)
    except (NotAReportError, UnreadableFileError):      # not zwgk's, or saved under another type's name
        return None
    result = ImportResult(report, source=str(path), placed=sum(v is not None for v in report.cells.values()))
    run_checks(result)
    return result
