"""`write_history(history, path)`: the 历年对比 workbook (xlsxwriter, A4 landscape, frozen heads).

Sheets: 历年数据 (key figures per year and 增减), 申请趋势 (a native line chart), 跨年度校验
(the cross-year checks of each pair of years), 全部单元格 (every cell, matched across formats).
A blank stays blank: its reason is written in small grey text, never a 0.
"""
from __future__ import annotations

from pathlib import Path

import xlsxwriter

from zwgk.atomic import FIXED_TIME, atomic_path
from zwgk.history.figures import Value, cell_rows, cell_value, change, figure_value
from zwgk.history.model import Column, History
from zwgk.wording import words
from zwgk.workbook.styles import STYLES

EXTRA = {
    "gap": {**STYLES["count"], "bg_color": "#D9D9D9", "locked": True},
    "reason": {**STYLES["note"], "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "change": {**STYLES["count"], "num_format": "+0;-0;0", "locked": True, "font_color": "#1F4E79"},
    "change-amount": {**STYLES["count"], "num_format": "+0.00##;-0.00##;0", "locked": True,
                      "font_color": "#1F4E79"},
    "count": {**STYLES["count"], "locked": True, "num_format": "0"},
    "count-amount": {**STYLES["count"], "locked": True, "num_format": "0.00##"},
    "error": {**STYLES["row"], "font_color": "#9C0006", "bg_color": "#FFC7CE"},
    "warning": {**STYLES["row"], "font_color": "#7F6000", "bg_color": "#FFEB9C"},
    "passed": {**STYLES["row"], "font_color": "#375623"},
}
LEVEL_STYLE = {"错误": "error", "警告": "warning", "": "passed"}


def write_history(history: History, path) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False})
        book.set_properties({"title": _title(history), "author": "zwgk", "created": FIXED_TIME})
        fmt = {name: book.add_format(props) for name, props in {**STYLES, **EXTRA}.items()}
        fmt["book"] = book                      # formats made on demand (an amount's own unit)
        _figures_sheet(book, history, fmt)
        _chart_sheet(book, history, fmt)
        _checks_sheet(book, history, fmt)
        _cells_sheet(book, history, fmt)
        book.close()
    return path


def _title(history: History) -> str:
    return words("years")["history"]["title"].format(unit=history.unit, first=history.first, last=history.last)


def _page(sheet, heads: int, landscape: bool = True) -> None:
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, heads - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&C&P / &N")


def _write_value(sheet, row, col, value: Value, column: Column, fmt) -> None:
    """A number, a blank's reason, or a gap; a number the importer inferred (not printed in the
    source) in the inferred style with a note naming its cells."""
    if column.is_gap:
        sheet.write_blank(row, col, None, fmt["gap"])
    elif value.number is None:
        sheet.write_string(row, col, value.reason, fmt["reason"])
    else:
        style = _style(fmt, value.number, "count", value.unit, inferred=bool(value.inferred))
        sheet.write_number(row, col, value.number, style)
        if value.inferred:
            sheet.write_comment(row, col, _inferred_note(column.report, value.inferred), {"x_scale": 2})


def _inferred_note(report, cells) -> str:
    from zwgk.checks.wording import cell_where

    where = "、".join(cell_where(report.spec, c) for c in cells)
    return words("years")["history"]["inferred_note"].format(cells=where)


def _style(fmt, number, kind: str, unit: str = "", inferred: bool = False):
    """`count` or `change` for whole numbers, their `-amount` for decimals; an own unit appended;
    the inferred fill of zwgk's workbooks on a number the importer inferred."""
    key = kind if float(number).is_integer() else f"{kind}-amount"
    name = key + (f"-{unit}" if unit else "") + ("-inferred" if inferred else "")
    if name not in fmt:
        props = {**EXTRA[key], **(STYLES["inferred"] if inferred else {})}
        if unit:
            props["num_format"] = f'{EXTRA[key]["num_format"]}"{unit}"'
        fmt[name] = fmt["book"].add_format(props)
    return fmt[name]


def _year_heads(sheet, history: History, fmt, first_col: int, with_change: bool) -> list[int]:
    """Rows 1-2: each year (and 增减) with its format and file or gap reason; the year columns."""
    w = words("years")["history"]
    cols, col = [], first_col
    for i, column in enumerate(history.columns):
        sheet.write_string(1, col, w["year"].format(year=column.year), fmt["head"])
        under = w["gap_reason"].format(year=column.year) if column.is_gap else \
            f"{w['format'].format(format=column.report.format)}\n{column.source}"
        sheet.write_string(2, col, under, fmt["reason"] if column.is_gap else fmt["corner"])
        sheet.set_column(col, col, min(30, max(13, len(column.source) + 2)))
        cols.append(col)
        col += 1
        if with_change and i:                  # 增减 against the year before, after the year
            sheet.merge_range(1, col, 2, col, w["change"], fmt["head"])
            sheet.set_column(col, col, 10)
            col += 1
    sheet.set_row(2, 42)
    return cols


# --- 历年数据 -------------------------------------------------------------------------------------
def _figures_sheet(book, history: History, fmt) -> None:
    w = words("years")["history"]
    sheet = book.add_worksheet(w["sheet"])
    sheet.set_column(0, 0, 26)
    cols = _year_heads(sheet, history, fmt, 1, with_change=True)
    end = cols[-1] + (len(cols) > 1)
    sheet.merge_range(0, 0, 0, end, _title(history), fmt["title"])
    sheet.set_row(0, 28)
    sheet.merge_range(1, 0, 2, 0, w["head"], fmt["head"])
    row = 3
    for figure in w["figures"]:
        if figure.get("group"):
            sheet.merge_range(row, 0, row, end, figure["group"], fmt["caption"])
            row += 1
        sheet.write_string(row, 0, figure["label"], fmt["row"])
        values = [Value(None) if c.is_gap else figure_value(c.report, figure["cells"]) for c in history.columns]
        for i, (column, value, col) in enumerate(zip(history.columns, values, cols)):
            _write_value(sheet, row, col, value, column, fmt)
            if i:
                diff = change(values[i - 1], value)
                if diff is None:
                    sheet.write_blank(row, col + 1, None, fmt["change"])
                else:                          # from an inferred number: marked as well
                    guessed = bool(values[i - 1].inferred or value.inferred)
                    sheet.write_number(row, col + 1, diff, _style(fmt, diff, "change", inferred=guessed))
        row += 1
    sheet.merge_range(row + 1, 0, row + 1, end, w["printed"], fmt["note"])
    if any(c.report.inferred for c in history.reports):
        row += 1
        sheet.merge_range(row + 1, 0, row + 1, end, w["inferred_legend"], fmt["note"])
    sheet.freeze_panes(3, 1)
    _page(sheet, 3)
    sheet.print_area(0, 0, row + 1, end)
    sheet.activate()


# --- 申请趋势 -------------------------------------------------------------------------------------
def _chart_sheet(book, history: History, fmt) -> None:
    w = words("years")["history"]
    sheet = book.add_worksheet(w["chart_sheet"])
    figures = {f["label"]: f["cells"] for f in w["figures"]}
    labels = w["chart_series"]
    sheet.merge_range(0, 0, 0, len(labels), w["chart_title"], fmt["title"])
    sheet.write_string(1, 0, w["chart_head"], fmt["head"])
    sheet.set_column(0, len(labels), 14)
    for j, label in enumerate(labels, 1):
        sheet.write_string(1, j, label, fmt["head"])
    for i, column in enumerate(history.columns, 2):
        sheet.write_string(i, 0, str(column.year), fmt["row"])
        for j, label in enumerate(labels, 1):
            value = Value(None) if column.is_gap else figure_value(column.report, figures[label])
            if value.number is None:       # a gap or a blank: an empty cell, shown as a gap in the line
                sheet.write_blank(i, j, None, fmt["gap" if column.is_gap else "count"])
            else:
                _write_value(sheet, i, j, value, column, fmt)
    last = 1 + len(history.columns)
    chart = book.add_chart({"type": "line"})
    name = sheet.get_name()
    for j, label in enumerate(labels, 1):
        chart.add_series({"name": [name, 1, j], "categories": [name, 2, 0, last, 0],
                          "values": [name, 2, j, last, j], "marker": {"type": "circle"},
                          "data_labels": {"value": True, "position": "above" if j == 1 else "below"}})
    chart.set_title({"name": w["chart_title"], "name_font": {"size": 12}})
    chart.set_y_axis({"name": w["chart_y"], "min": 0, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 760, "height": 380})
    sheet.insert_chart(last + 2, 0, chart)
    sheet.freeze_panes(2, 1)
    _page(sheet, 2)


# --- 跨年度校验 -----------------------------------------------------------------------------------
def _checks_sheet(book, history: History, fmt) -> None:
    w = words("years")["history"]
    sheet = book.add_worksheet(w["checks_sheet"])
    heads, widths = w["checks_columns"], w["checks_widths"]
    sheet.merge_range(0, 0, 0, len(heads) - 1, w["checks_title"], fmt["title"])
    sheet.set_row(0, 28)
    for j, (head, width) in enumerate(zip(heads, widths)):
        sheet.write_string(1, j, head, fmt["head"])
        sheet.set_column(j, j, width)
    for i, line in enumerate(history.pairs, 2):
        style = fmt[LEVEL_STYLE.get(line.level, "passed")]
        for j, text in enumerate((line.pair, line.level, line.check, line.cells, line.message)):
            sheet.write_string(i, j, text, style)
    sheet.freeze_panes(2, 0)
    _page(sheet, 2)


# --- 全部单元格 -----------------------------------------------------------------------------------
def _cells_sheet(book, history: History, fmt) -> None:
    from zwgk.checks.wording import cell_where
    from zwgk.spec import load_spec

    w = words("years")["history"]
    sheet = book.add_worksheet(w["cells_sheet"])
    heads = w["cells_head"]
    cols = _year_heads(sheet, history, fmt, len(heads), with_change=False)
    sheet.merge_range(0, 0, 0, cols[-1], _title(history), fmt["title"])
    rows = cell_rows(history.columns)
    labels = [cell_where(load_spec(f), cid) for cid, f in rows]
    widest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in label) for label in labels)
    for j, (head, width) in enumerate(zip(heads, (26, 6, min(widest + 2, 70)))):
        sheet.merge_range(1, j, 2, j, head, fmt["head"])
        sheet.set_column(j, j, width)
    for i, ((cid, cell_fmt), label) in enumerate(zip(rows, labels), 3):
        spec = load_spec(cell_fmt)
        sheet.write_string(i, 0, cid, fmt["row"])
        sheet.write_string(i, 1, spec.sheet_of(spec.cells[cid].table), fmt["row"])
        sheet.write_string(i, 2, label, fmt["row"])
        for column, col in zip(history.columns, cols):
            value = Value(None) if column.is_gap else cell_value(column.report, cid, cell_fmt)
            _write_value(sheet, i, col, value, column, fmt)
    sheet.freeze_panes(3, len(heads))
    _page(sheet, 3)
