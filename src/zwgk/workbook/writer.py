"""Write a report workbook (xlsxwriter): official layout, input checks and live ✓/✗ formulas.

    write_report(Report.blank("2021", unit="八里堡街道办事处", year=2024), "report.xlsx")
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import xlsxwriter

from zwgk.atomic import FIXED_TIME, atomic_path
from zwgk.kinds import kind, year_kind
from zwgk.layout import SheetLayout, WorkbookLayout, a1, prose_rows, workbook_layout
from zwgk.model import Report
from zwgk.rules import DECIMALS
from zwgk.spec import FORMATS, Rule
from zwgk.wording import words
from zwgk.workbook.layout import SheetLayout, WorkbookLayout, a1, prose_rows, prose_title, workbook_layout
from zwgk.workbook.styles import make_formats, wrapped_height

INFO_WIDTHS = (16, 60)                      # 基本信息: label, value (A4 portrait)
PROSE_WIDTHS = (14, 74)                     # 文字部分: label, text (A4 portrait, about 180 mm)
PROSE_LINES = 26                            # wrapped lines a prose row holds (409 pt at most)


def write_report(report: Report, path, *, notes: dict[str, str] | None = None,
                 cache_live: bool = True, extra=None) -> Path:
    """Write `report` as a workbook at `path`, atomically.

    `notes` maps cell ids to a comment; those cells get the "inferred" fill (used by the importer).
    Every formula carries the result it computes as its cached value, so an application that
    does not recalculate on open shows the right text; `cache_live=False` leaves them empty, so
    a spreadsheet engine must compute them (tests use it to prove LibreOffice does).
    `extra(book, formats)` may add sheets of its own after the report's (the rollup does).
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False})
        formats = _write_book(book, report, notes or {}, cache_live)
        if extra is not None:
            extra(book, formats)
        book.close()
    return path


def _write_book(book, report: Report, notes: dict[str, str], cache_live: bool) -> None:
    layout = workbook_layout(report.spec)
    fmt = make_formats(book)
    book.set_properties({"title": report.title, "author": "zwgk", "created": FIXED_TIME,
                         "comments": report.spec.notice})
    book.set_custom_property("zwgk_format", report.format)
    info = book.add_worksheet(words("workbook")["info"]["sheet"])
    for table_layout in layout.tables.values():
        sheet = book.add_worksheet(table_layout.name)
        _write_table(sheet, table_layout, report, fmt, notes, cache_live)
    _write_info(info, report, layout, fmt, cache_live)
    _write_prose(book.add_worksheet(words("workbook")["prose"]["sheet"]), report, fmt)
    info.activate()
    return fmt


# --- tables ---------------------------------------------------------------------------------
def _write_table(sheet, lay: SheetLayout, report: Report, fmt, notes, cache_live) -> None:
    for col, width in lay.widths.items():
        sheet.set_column(col, col, width)
    for box in lay.boxes:
        _merge(sheet, box.r1, box.c1, box.r2, box.c2, box.text, fmt[box.role])
    _set_label_heights(sheet, lay)
    for cid, (r1, c1, r2, c2) in lay.inputs.items():
        _write_input(sheet, (r1, c1, r2, c2), report, cid, fmt, notes.get(cid))
    for cid, (r, c) in lay.units.items():
        sheet.write_string(r, c, report.units.get(cid, words("workbook")["units"][0]), fmt["field"])
        sheet.data_validation(r, c, r, c, {"validate": "list", "source": words("workbook")["units"]})
    _validate_inputs(sheet, lay, report)
    _write_live(sheet, lay, report, fmt, cache_live)
    _page_setup(sheet, lay)


def _write_input(sheet, box, report: Report, cid: str, fmt, note: str | None) -> None:
    kind = report.spec.cells[cid].kind
    style = fmt[f"{kind}-inferred" if note else kind]
    r1, c1, r2, c2 = box
    value, text = report.cells[cid], report.texts.get(cid)
    if (r1, c1) != (r2, c2):
        sheet.merge_range(r1, c1, r2, c2, "", style)
    if value is not None:
        sheet.write_number(r1, c1, value, style)
    elif text:
        sheet.write_string(r1, c1, text, style)
    else:
        sheet.write_blank(r1, c1, None, style)
    if note:
        sheet.write_comment(r1, c1, note, {"author": "zwgk", "x_scale": 2, "y_scale": 1.5})


def _merge(sheet, r1, c1, r2, c2, text, style) -> None:
    if (r1, c1) == (r2, c2):
        sheet.write_string(r1, c1, text, style)
    else:
        sheet.merge_range(r1, c1, r2, c2, text, style)


def _set_label_heights(sheet, lay: SheetLayout) -> None:
    """Tall enough rows for wrapped one-row labels (a CJK character is about 2 width units)."""
    heights: dict[int, float] = {}
    for box in lay.boxes:
        if box.r1 != box.r2 or box.role in ("title", "note"):
            continue
        width = sum(lay.widths.get(c, 8.43) for c in range(box.c1, box.c2 + 1))
        lines = max(1, math.ceil(len(box.text) * 2.1 / max(width, 1)))
        heights[box.r1] = max(heights.get(box.r1, 15), 14 * lines + 2)
    for row, height in heights.items():
        if height > 15:
            sheet.set_row(row, height)
    sheet.set_row(0, 24)


def _validate_inputs(sheet, lay: SheetLayout, report: Report) -> None:
    """Each kind's data validation (zwgk.kinds): Excel refuses, while typing, what the checks would."""
    error_title = words("workbook")["validation"]["error_title"]
    by_kind: dict[str, list[str]] = {}
    for cid, (r1, c1, r2, c2) in lay.inputs.items():
        ref = a1(r1, c1) if (r1, c1) == (r2, c2) else f"{a1(r1, c1)}:{a1(r2, c2)}"
        by_kind.setdefault(report.spec.cells[cid].kind, []).append(ref)
    for kind_id, refs in by_kind.items():
        k = kind(kind_id)
        first = refs[0].split(":")[0]
        sheet.data_validation(first, {
            **k.excel(), "multi_range": " ".join(refs), "ignore_blank": True,
            "input_title": k.input["title"], "input_message": k.input["message"],
            "error_title": error_title, "error_message": k.input["error"], "error_type": "stop",
        })


# --- live checks ------------------------------------------------------------------------------
def live_formula(rule: Rule, address) -> str:
    """=IF(COUNT(cells)<n,"？",IF(ROUND(SUM(+)-SUM(−),6)=0,"✓","✗")): Σ left − Σ right, each term
    with its sign, rounded as `Rule.evaluate` rounds (zwgk.rules.DECIMALS); `address(id)` gives A1."""
    ui = words("workbook")["live"]
    cells = [address(c) for c in rule.cells]
    signed = [(t.sign, address(t.cell)) for t in rule.left] + [(-t.sign, address(t.cell)) for t in rule.right]
    plus = ",".join(a for sign, a in signed if sign > 0) or "0"
    minus = ",".join(a for sign, a in signed if sign < 0) or "0"
    return (f'=IF(COUNT({",".join(cells)})<{len(cells)},"{ui["incomplete"]}",'
            f'IF(ROUND(SUM({plus})-SUM({minus}),{DECIMALS})=0,"{ui["ok"]}","{ui["bad"]}"))')


def live_result(rule: Rule, report: Report) -> str:
    """What the live formula shows for this report, computed in Python (its cached value)."""
    ui = words("workbook")["live"]
    outcome = rule.evaluate(report.cells, first_blank=True)
    if not outcome.complete:
        return ui["incomplete"]
    return ui["ok"] if outcome.ok else ui["bad"]


def _write_live(sheet, lay: SheetLayout, report: Report, fmt, cache_live: bool) -> None:
    if not lay.live:
        return
    address = lambda cid: a1(*lay.inputs[cid][:2])  # noqa: E731
    for live in lay.live:
        value = live_result(live.rule, report) if cache_live else ""
        sheet.write_formula(live.row, live.col, live_formula(live.rule, address), fmt["live"], value)
    ui = words("workbook")["live"]
    r1, c1, r2, c2 = _live_bounds(lay)
    for text, style in ((ui["bad"], "live-bad"), (ui["incomplete"], "live-incomplete")):
        sheet.conditional_format(r1, c1, r2, c2, {"type": "cell", "criteria": "==",
                                                  "value": f'"{text}"', "format": fmt[style]})


def _live_bounds(lay: SheetLayout) -> tuple[int, int, int, int]:
    rows = [lv.row for lv in lay.live]
    cols = [lv.col for lv in lay.live]
    return min(rows), min(cols), max(rows), max(cols)


def _page_setup(sheet, lay: SheetLayout) -> None:
    sheet.set_paper(9)                                   # A4
    if lay.landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if lay.header_rows:
        sheet.repeat_rows(*lay.header_rows)
    if lay.freeze:
        sheet.freeze_panes(*lay.freeze)
    sheet.print_area(0, 0, *lay.print_bounds)
    sheet.protect("", {"format_columns": True, "format_rows": True})


# --- 基本信息 and 文字部分 -------------------------------------------------------------------------
def _write_info(sheet, report: Report, layout: WorkbookLayout, fmt, cache_live: bool) -> None:
    ui = words("workbook")["info"]
    sheet.set_column(0, 0, INFO_WIDTHS[0])
    sheet.set_column(1, 1, INFO_WIDTHS[1])
    sheet.merge_range(0, 0, 0, 1, ui["title"], fmt["title"])
    sheet.set_row(0, 26)
    values = {"unit": report.unit, "district": report.district, "year": report.year,
              "format": report.format, "contact": report.contact, "date": report.date}
    for i, field in enumerate(ui["fields"], start=1):
        sheet.write_string(i, 0, field["label"], fmt["label"])
        value = values[field["id"]]
        if isinstance(value, int):
            sheet.write_number(i, 1, value, fmt["field"])
        else:
            sheet.write_string(i, 1, str(value or ""), fmt["field"])
        sheet.data_validation(i, 1, i, 1, _field_validation(field))
    n = len(ui["fields"]) + 1
    basis = f"{report.spec.notice}《{report.spec.notice_title}》"
    sheet.write_string(n, 0, ui["basis"], fmt["label"])
    sheet.write_string(n, 1, basis, fmt["row"])
    sheet.set_row(n, wrapped_height(basis, INFO_WIDTHS[1]))
    sheet.write_string(n + 1, 0, ui["status"], fmt["label"])
    sheet.write_formula(n + 1, 1, status_formula(layout), fmt["status"],
                        status_result(report, layout) if cache_live else "")
    last = n + 1
    if report.inferred:
        last = n + 2
        cells = "、".join("!".join(layout.where(c)) for c in report.inferred)
        sheet.write_string(last, 0, ui["inferred"], fmt["label"])
        sheet.write_string(last, 1, cells, fmt["field"])
        sheet.set_row(last, wrapped_height(cells, INFO_WIDTHS[1]))
    _portrait_page(sheet, last, 1)


def _field_validation(field: dict) -> dict:
    texts = words("workbook")["validation"]
    base = {"input_title": field["label"][:32], "input_message": field["prompt"][:255]}
    if field["id"] == "year":
        year = year_kind()
        return {**base, **year.excel(), "error_title": year.input["title"], "error_message": year.input["error"]}
    if field["id"] == "format":
        t = texts["format"]
        return {**base, "validate": "list", "source": list(FORMATS),
                "error_title": t["title"], "error_message": t["error"]}
    return {**base, "validate": "any"}


def status_formula(layout: WorkbookLayout) -> str:
    """One sentence on 基本信息: all live checks pass, N fail, or some cannot run yet."""
    ui, live = words("workbook")["info"], words("workbook")["live"]
    ranges = []
    for lay in layout.tables.values():
        if lay.live:
            r1, c1, r2, c2 = _live_bounds(lay)
            ranges.append(f"'{lay.name}'!{a1(r1, c1, True)}:{a1(r2, c2, True)}")
    bad = "+".join(f'COUNTIF({r},"{live["bad"]}")' for r in ranges)
    unknown = "+".join(f'COUNTIF({r},"{live["incomplete"]}")' for r in ranges)
    return (f'=IF({bad}>0,({bad})&"{ui["status_bad"]}",'
            f'IF({unknown}>0,"{ui["status_incomplete"]}","{ui["status_ok"]}"))')


def status_result(report: Report, layout: WorkbookLayout) -> str:
    """What the status formula shows for this report, computed in Python (its cached value)."""
    ui, live = words("workbook")["info"], words("workbook")["live"]
    results = [live_result(lv.rule, report) for lay in layout.tables.values() for lv in lay.live]
    bad = results.count(live["bad"])
    if bad:
        return f"{bad}{ui['status_bad']}"
    return ui["status_incomplete"] if live["incomplete"] in results else ui["status_ok"]


def _write_prose(sheet, report: Report, fmt) -> None:
    ui = words("workbook")["prose"]
    sheet.set_column(0, 0, PROSE_WIDTHS[0])
    sheet.set_column(1, 1, PROSE_WIDTHS[1])
    sheet.merge_range(0, 0, 0, 1, prose_title(report.spec), fmt["title"])
    sheet.set_row(0, 26)
    row = 1
    for part, label in prose_rows(report.spec):
        for i, chunk in enumerate(prose_chunks(report.prose.get(part, ""))):
            sheet.write_string(row, 0, label if i == 0 else ui["continued"], fmt["label"])
            sheet.write_string(row, 1, chunk, fmt["prose"])
            sheet.set_row(row, wrapped_height(chunk, PROSE_WIDTHS[1], least=45))
            row += 1
    sheet.repeat_rows(0)
    _portrait_page(sheet, row - 1, 1)


def prose_chunks(text: str) -> list[str]:
    """The text in pieces, each short enough to print within one row (a row is at most 409 pt
    high), cut after a line where possible; joined again they give the text exactly."""
    per_row = int((PROSE_WIDTHS[1] - 1) / 2.1) * PROSE_LINES
    pieces = [line[i:i + per_row] for line in re.findall(r"[^\n]*\n|[^\n]+$", text)
              for i in range(0, len(line), per_row)]
    chunks = [""]
    for piece in pieces:
        if chunks[-1] and wrapped_height(chunks[-1] + piece, PROSE_WIDTHS[1]) >= 409:
            chunks.append("")
        chunks[-1] += piece
    return chunks


def _portrait_page(sheet, last_row: int, last_col: int) -> None:
    """A4 portrait, as wide as the page, the sheet's own cells only."""
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    sheet.print_area(0, 0, last_row, last_col)
    sheet.protect("", {"format_columns": True, "format_rows": True})
