"""`write_rollup(result, path)`: the summary workbook.

The summary is itself a report (基本信息, 表二, 表三, 表四 with live checks, 文字部分 with 六、其他需要
报告的事项 left empty for the officer to write), written by `write_report`; its `extra` hook adds
各单位明细 (key figures per unit, a totals row, a native chart of 本年新收 per unit) and 报送情况
(every file met and its state, and the rollup's note: what was counted, left out, left blank).
Same result, same bytes: rows are sorted and the writer fixes the document timestamps.
"""
from __future__ import annotations

from pathlib import Path

from zwgk.rollup.sums import figure_value
from zwgk.workbook.styles import wrapped_height
from zwgk.rollup.wording import figures, join_names
from zwgk.wording import words
from zwgk.rollup.yoy import before_of, highlight, write_yoy_cells, write_yoy_sheet, yoy_heads

DETAIL_WIDTHS = (16, 18, 6, 6, 10, 5)      # 各单位明细: unit, file, format, year, state, counted
FIGURE_WIDTH = 7.5                         # each key figure (its head wraps)
STATUS_WIDTHS = (5, 26, 20, 11, 64)         # 报送情况: no., file, unit, state, reason
STATE_STYLE = {"passed": "ok", "warnings": "warn", "errors": "bad", "missing": "bad",
               "wrong_district": "warn", "not_template": "warn", "summary_checked": "ok",
               "summary_stale": "warn"}
EXTRA_STYLES = {
    "ok": {"font_color": "#375623"},
    "warn": {"font_color": "#7F6000", "bg_color": "#FFF2CC"},
    "bad": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
    "district": {"bold": True, "bg_color": "#DDEBF7"},
}


def write_rollup(result, path) -> Path:
    """Write the summary workbook of `result` at `path`, atomically.

    A file already there that is not an earlier summary (a unit's own report, say) is kept
    as a backup in `zwgk备份` beside it before it is replaced.
    """
    from zwgk.workbook.writer import write_report

    path = Path(path)
    if path.exists() and not is_earlier_summary(path):
        from zwgk.atomic import backup

        backup(path)
    return write_report(result.summary, path, notes=cell_comments(result),      # 六 is the officer's
                        extra=lambda book, fmt: _extra(book, fmt, result))


def is_summary(report) -> bool:
    """A summary zwgk wrote (its unit is “…各单位汇总”; an earlier zwgk signed its 六 instead)."""
    s = words("rollup")["summary"]
    return report.unit.endswith(s["unit_no_district"]) or report.prose.get(s["note_part"], "").startswith(s["marker"])


def is_earlier_summary(path: Path) -> bool:
    from zwgk.errors import ZwgkError
    from zwgk.workbook.reader import read_report

    try:
        report = read_report(path)
    except ZwgkError:
        return False
    return is_summary(report)


def cell_comments(result) -> dict[str, str]:
    """A comment on each summed cell some units left blank (or gave in 元): who, in words."""
    s = words("rollup")["summary"]
    out = {cid: s["blank_comment"].format(units=join_names(units)) for cid, units in result.blank_in.items()}
    for cid, units in result.converted.items():
        text = s["convert_comment"].format(units=join_names(units))
        out[cid] = f"{out[cid]}\n{text}" if cid in out else text
    return out


def _extra(book, fmt, result) -> None:
    from zwgk.workbook.styles import STYLES

    styles = dict(fmt)
    for name, props in EXTRA_STYLES.items():
        styles[f"row-{name}"] = book.add_format({**STYLES["row"], **props})
    book.set_custom_property("zwgk_rollup", "1")
    detail = book.add_worksheet(words("rollup")["sheets"]["detail"]["name"])
    status = book.add_worksheet(words("rollup")["sheets"]["status"]["name"])
    _write_detail(book, detail, styles, result)
    _write_status(status, styles, result)
    if result.previous:
        write_yoy_sheet(book, styles, result)
    status.activate()


def _title(key: str, result) -> str:
    return words("rollup")["sheets"][key]["title"].format(district=result.district or "", year=result.year or "")


# --- 各单位明细 ------------------------------------------------------------------------------------
def detail_rows(result) -> list:
    """Entries with a report, counted first, each group sorted by unit then file."""
    with_report = [e for e in result.entries if e.report is not None and e.state != "skipped"]
    return [e for e in with_report if e.counted] + [e for e in with_report if not e.counted]


def detail_lines(result) -> list[tuple[list, str | None, list, tuple | None]]:
    """Lines of 各单位明细: (texts, state style, figure values, whose: ("unit"|"district", name));
    in a rollup of levels each district's total line with its own units beneath."""
    figs = figures(result.format)
    if result.districts:
        return [line for part in result.districts for line in district_lines(part, figs)]
    return [(_texts(e), STATE_STYLE.get(e.state), [figure_value(e.report, f) for f in figs], _whose(e))
            for e in detail_rows(result)]


def district_lines(part, figs) -> list[tuple[list, str | None, list, tuple | None]]:
    lv, d = words("rollup")["levels"], words("rollup")["sheets"]["detail"]
    rows = detail_rows(part)
    units = [e for e in rows if not (e.counted and e.is_summary)]
    by_summary = [e for e in rows if e.counted and e.is_summary]
    how = lv["district_by_summary"] if by_summary else lv["district_by_units"].format(
        n=sum(e.counted for e in units))
    head = [lv["district_row"].format(district=part.name), by_summary[0].file if by_summary else "",
            part.total.format, part.total.year, how, d["counted_yes"]]
    out = [(head, "district", [figure_value(part.total, f) for f in figs], ("district", part.name))]
    for e in units:
        texts = _texts(e)
        texts[0] = lv["indent"] + texts[0]
        out.append((texts, STATE_STYLE.get(e.state), [figure_value(e.report, f) for f in figs], _whose(e)))
    return out


def _whose(e) -> tuple | None:
    """Whose figures a line shows, to find last year's: a unit's (not a summary's), in its district."""
    return None if e.is_summary else ("unit", e.unit, e.level)


def _texts(e) -> list:
    d = words("rollup")["sheets"]["detail"]
    return [e.unit, e.file, e.format or "", e.year, e.label, d["counted_yes"] if e.counted else d["counted_no"]]


def _write_detail(book, sheet, fmt, result) -> None:
    d = words("rollup")["sheets"]["detail"]
    figs = figures(result.format)
    heads = [d["head_unit"], d["head_file"], d["head_format"], d["head_year"], d["head_state"],
             d["head_counted"]] + [f.head for f in figs] + (yoy_heads(result) if result.previous else [])
    first_fig, first_yoy = 6, 6 + len(figs)
    sheet.merge_range(0, 0, 0, len(heads) - 1, _title("detail", result), fmt["title"])
    sheet.set_row(0, 26)
    widths = DETAIL_WIDTHS + (FIGURE_WIDTH,) * (len(heads) - len(DETAIL_WIDTHS))
    for c, (head, width) in enumerate(zip(heads, widths)):
        sheet.write_string(1, c, head, fmt["head"])
        sheet.set_column(c, c, width)
    sheet.set_row(1, max(wrapped_height(h, w) for h, w in zip(heads, widths)))
    lines = detail_lines(result)
    for r, (texts, style, values, whose) in enumerate(lines, start=2):
        sheet.set_row(r, max(wrapped_height(str(t or ""), w) for t, w in zip(texts, widths) if not isinstance(t, int)))
        row_style = fmt["row-district"] if style == "district" else fmt["row"]
        for c, text in enumerate(texts):
            cell_style = fmt[f"row-{style}"] if c == 4 and style else row_style
            if isinstance(text, int):
                sheet.write_number(r, c, text, row_style)
            else:
                sheet.write_string(r, c, text or "", cell_style)
        _write_figures(sheet, r, first_fig, values, figs, fmt)
        if result.previous:
            now = {f.id: v for f, v in zip(figs, values)}
            write_yoy_cells(sheet, r, first_yoy, result, now, before_of(result, whose), fmt)
    total_row = 2 + len(lines)
    n = len(result.counted)
    sheet.merge_range(total_row, 0, total_row, first_fig - 1, d["total"].format(n=n), fmt["head"])
    sheet.set_row(total_row, wrapped_height(d["total"].format(n=n), sum(widths[:first_fig])))
    _write_figures(sheet, total_row, first_fig, [figure_value(result.summary, f) for f in figs], figs, fmt)
    if result.previous:
        write_yoy_cells(sheet, total_row, first_yoy, result, result.figures(), result.previous.total, fmt)
        highlight(book, sheet, result, first_yoy, 2, total_row - 1)
    sheet.write_string(total_row + 1, 0, d["note"], fmt["note"])
    sheet.freeze_panes(2, 1)
    sheet.autofilter(1, 0, total_row - 1, len(heads) - 1)
    if n and not result.districts:
        _chart(book, sheet, result, figs, first_fig, n, total_row + 3)
    _landscape_page(sheet, total_row + 1, len(heads) - 1, header=1)


def _landscape_page(sheet, last_row: int, last_col: int, header: int) -> None:
    """A4 landscape, as wide as the page (never shrunk to fit its height), the header repeated."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(header)
    sheet.print_area(0, 0, last_row, last_col)


def _write_figures(sheet, row, col, values, figs, fmt) -> None:
    for i, (value, fig) in enumerate(zip(values, figs)):
        style = fmt[fig.kind if fig.kind == "amount" else "count"]
        if value is None:
            sheet.write_blank(row, col + i, None, style)
        else:
            sheet.write_number(row, col + i, value, style)


def _chart(book, sheet, result, figs, first_fig, n, anchor_row) -> None:
    """A bar chart of the chart figure (本年新收) of each counted unit, below the table."""
    c = words("rollup")["sheets"]["chart"]
    which = next((i for i, f in enumerate(figs) if f.id == words("rollup")["chart_figure"]), None)
    if which is None:
        return
    name = sheet.get_name()
    chart = book.add_chart({"type": "bar"})
    chart.add_series({
        "name": c["title"],
        "categories": [name, 2, 0, 1 + n, 0],
        "values": [name, 2, first_fig + which, 1 + n, first_fig + which],
        "data_labels": {"value": True},
        "fill": {"color": "#4472C4"},
    })
    chart.set_title({"name": c["title"], "name_font": {"size": 12}})
    chart.set_x_axis({"name": c["y_axis"], "major_gridlines": {"visible": True}})
    chart.set_y_axis({"name": c["x_axis"], "reverse": True})
    chart.set_legend({"none": True})
    chart.set_size({"width": 820, "height": min(4000, max(320, 60 + 22 * n))})
    sheet.insert_chart(anchor_row, c["anchor_col"], chart)


# --- 报送情况 ---------------------------------------------------------------------------------------
def _write_status(sheet, fmt, result) -> None:
    s = words("rollup")["sheets"]["status"]
    heads = [s["head_no"], s["head_file"], s["head_unit"], s["head_state"], s["head_reason"]]
    sheet.merge_range(0, 0, 0, len(heads) - 1, _title("status", result), fmt["title"])
    sheet.set_row(0, 26)
    counts = s["summary"].format(**result.counts())
    sheet.merge_range(1, 0, 1, len(heads) - 1, counts, fmt["row"])
    sheet.set_row(1, wrapped_height(counts, sum(STATUS_WIDTHS)))
    for c, (head, width) in enumerate(zip(heads, STATUS_WIDTHS)):
        sheet.write_string(2, c, head, fmt["head"])
        sheet.set_column(c, c, width)
    for r, e in enumerate(result.entries, start=3):
        style = fmt[f"row-{STATE_STYLE[e.state]}"] if e.state in STATE_STYLE else fmt["row"]
        texts = (str(r - 2), e.file, e.unit, e.label, e.reason)
        sheet.write_number(r, 0, r - 2, fmt["row"])
        sheet.write_string(r, 1, e.file, fmt["row"])
        sheet.write_string(r, 2, e.unit, fmt["row"])
        sheet.write_string(r, 3, e.label, style)
        sheet.write_string(r, 4, e.reason, fmt["row"])
        sheet.set_row(r, max(wrapped_height(t, w) for t, w in zip(texts, STATUS_WIDTHS)))
    last = 2 + len(result.entries)
    note = result.note
    sheet.merge_range(last + 1, 0, last + 1, len(heads) - 1, s["note_head"], fmt["head"])
    sheet.merge_range(last + 2, 0, last + 2, len(heads) - 1, note, fmt["row"])
    sheet.set_row(last + 2, wrapped_height(note, sum(STATUS_WIDTHS)))
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, last, len(heads) - 1)
    _landscape_page(sheet, last + 2, len(heads) - 1, header=2)
