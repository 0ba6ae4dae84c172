"""Year on year in the summary workbook: 上年 and 增减 columns in 各单位明细 (the largest
changes highlighted) and the 同比 sheet of the totals, with the units of one year only.

Across a change of format (2020 → 2021) a figure is compared through the correspondence of
templates/years.yaml (`zwgk.rollup.across`); one with no counterpart is 不可比, with its reason.
"""
from __future__ import annotations

from zwgk.rollup.across import not_comparable
from zwgk.rollup.names import district_core
from zwgk.rollup.previous import change, unit_key
from zwgk.rollup.sums import figure_value
from zwgk.rollup.wording import figures, join_names
from zwgk.wording import words

HIGHLIGHT = {"up": {"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"},
             "down": {"bold": True, "font_color": "#1F4E79", "bg_color": "#DDEBF7"}}


def yoy_figures(result) -> list:
    """The key figures that get 上年 and 增减 columns (rollup.yaml `previous.figures`)."""
    wanted = words("rollup")["previous"]["figures"]
    return [f for f in figures(result.format) if f.id in wanted]


def why_not(result, figure) -> str:
    """Why `figure` cannot be set beside last year's (its format has no counterpart), or ""."""
    prev = result.previous
    if prev is None:
        return ""
    return not_comparable(str(result.format), str(prev.format)).get(figure.id, "")


def before_of(result, key) -> dict | None:
    """Last year's figures of a detail line, whose: ("district", name) or ("unit", name, its
    district in a city); None when it was not counted last year, {} for a line that has none
    (a summary's own line)."""
    prev = result.previous
    if key is None:
        return {}
    kind, name, *level = key
    if kind == "district":
        found = prev.districts.get(district_core(name))
    else:
        found = prev.units.get(unit_key(result.district, level[0] if level else "", name))
    return None if found is None else found[1]


def yoy_heads(result) -> list[str]:
    p = words("rollup")["previous"]
    return [p[k].format(head=f.head) for f in yoy_figures(result) for k in ("head_before", "head_change")]


def write_yoy_cells(sheet, row, col, result, now_values: dict, before: dict, fmt) -> None:
    """上年 and 增减 of one line, from column `col`; 不可比 (its reason in a note) where the
    format changed and the figure has no counterpart; blank stays blank."""
    p = words("rollup")["previous"]
    for i, f in enumerate(yoy_figures(result)):
        style = fmt["amount" if f.kind == "amount" else "count"]
        if why := why_not(result, f):
            sheet.write_string(row, col + 2 * i, p["not_comparable"], style)
            sheet.write_comment(row, col + 2 * i, why)
            sheet.write_string(row, col + 2 * i + 1, p["not_comparable"], style)
            continue
        if before is None:
            sheet.write_string(row, col + 2 * i, p["absent"], fmt["row"])
            sheet.write_blank(row, col + 2 * i + 1, None, style)
            continue
        for j, value in enumerate((before.get(f.id), change(now_values.get(f.id), before.get(f.id)))):
            _number(sheet, row, col + 2 * i + j, value, style)


def highlight(book, sheet, result, col: int, first_row: int, last_row: int) -> None:
    """The largest increases (and decreases) of each 增减 column: a conditional format on the
    `highlight` largest positive (most negative) changes, so ties and few units stay honest."""
    if last_row < first_row:
        return
    from xlsxwriter.utility import xl_rowcol_to_cell

    n = words("rollup")["previous"]["highlight"]
    up, down = (book.add_format(HIGHLIGHT[k]) for k in ("up", "down"))
    for i, f in enumerate(yoy_figures(result)):
        if why_not(result, f):
            continue
        c = col + 2 * i + 1
        top = xl_rowcol_to_cell(first_row, c)
        span = f"{xl_rowcol_to_cell(first_row, c, True, True)}:{xl_rowcol_to_cell(last_row, c, True, True)}"
        k = f"MIN({n},COUNTIF({span},\">0\"))"
        sheet.conditional_format(first_row, c, last_row, c, {
            "type": "formula", "format": up,
            "criteria": f'=AND(ISNUMBER({top}),{top}>0,{top}>=LARGE({span},{k}))'})
        k = f"MIN({n},COUNTIF({span},\"<0\"))"
        sheet.conditional_format(first_row, c, last_row, c, {
            "type": "formula", "format": down,
            "criteria": f'=AND(ISNUMBER({top}),{top}<0,{top}<=SMALL({span},{k}))'})


def write_yoy_sheet(book, fmt, result) -> None:
    """同比: each key figure of the total this year and last, the change and its rate; then the
    units that reported in one year only, and where last year came from."""
    s, prev = words("rollup")["previous"]["sheet"], result.previous
    sheet = book.add_worksheet(s["name"])
    heads = [s["head_figure"], s["head_year"].format(year=result.year or ""),
             s["head_year"].format(year=prev.year or ""), s["head_change"], s["head_rate"]]
    title = s["title"].format(district=result.district or "", year=result.year or "", previous=prev.year or "")
    sheet.merge_range(0, 0, 0, len(heads) - 1, title, fmt["title"])
    sheet.set_row(0, 26)
    for c, head in enumerate(heads):
        sheet.write_string(1, c, head, fmt["head"])
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 4, 14)
    from zwgk.workbook.styles import STYLES

    rate = book.add_format({**STYLES["count"], "num_format": "0.0%"})
    row = 2
    for f in figures(result.format):
        _total_line(sheet, row, f, result, fmt, rate)
        row += 1
    if result.districts:
        row = _district_table(sheet, row + 1, result, fmt)
    wrap = book.add_format({**STYLES["note"], "text_wrap": True, "valign": "top"})
    for line in notes(result):
        row += 1
        sheet.merge_range(row, 0, row, len(heads) - 1, line, wrap)
        sheet.set_row(row, 15 * (1 + len(line) // 42))         # a long line wraps within the table
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def _total_line(sheet, row, f, result, fmt, rate) -> None:
    """One key figure of the 同比 table: this year, last year, the change and its rate."""
    now = figure_value(result.summary, f)
    style = fmt["amount" if f.kind == "amount" else "count"]
    sheet.write_string(row, 0, f.head, fmt["row"])
    _number(sheet, row, 1, now, style)
    if why := why_not(result, f):
        sheet.merge_range(row, 2, row, 4, words("rollup")["previous"]["not_comparable_why"].format(reason=why), fmt["row"])
        return
    before = result.previous.total.get(f.id)
    diff = change(now, before)
    for c, value, st in ((2, before, style), (3, diff, style),
                         (4, diff / before if diff is not None and before else None, rate)):
        _number(sheet, row, c, value, st)


def _district_table(sheet, row: int, result, fmt) -> int:
    """In a city: each district's key figures this year and last, and the change."""
    s, p = words("rollup")["previous"]["sheet"], words("rollup")["previous"]
    figs = yoy_figures(result)
    heads = [s["head_district"]] + [f"{f.head} {s['head_year'].format(year=y)}"
                                   for f in figs for y in (result.year, result.previous.year)]
    for i, f in enumerate(figs):
        heads.insert(3 + 3 * i, p["head_change"].format(head=f.head))
    for c, head in enumerate(heads):
        sheet.write_string(row, c, head, fmt["head"])
    sheet.set_row(row, 45)
    for part in result.districts:
        row += 1
        sheet.write_string(row, 0, part.name, fmt["row"])
        now = {f.id: figure_value(part.total, f) for f in figs}
        before = before_of(result, ("district", part.name))
        for i, f in enumerate(figs):
            style = fmt["amount" if f.kind == "amount" else "count"]
            _number(sheet, row, 1 + 3 * i, now[f.id], style)
            if why_not(result, f) or before is None:
                word = p["not_comparable"] if why_not(result, f) else p["absent"]
                sheet.write_string(row, 2 + 3 * i, word, fmt["row"])
                sheet.write_blank(row, 3 + 3 * i, None, style)
                continue
            _number(sheet, row, 2 + 3 * i, before.get(f.id), style)
            _number(sheet, row, 3 + 3 * i, change(now[f.id], before.get(f.id)), style)
    return row + 1


def notes(result) -> list[str]:
    """Sentences below the 同比 table: a change of format, units of one year only, the source."""
    s, prev = words("rollup")["previous"]["sheet"], result.previous
    out = []
    if str(prev.format) != str(result.format):
        out.append(s["format_change"].format(previous=prev.year, year=result.year, before=prev.format,
                                             now=result.format))
    if all(v is None for v in prev.total.values()):
        out.append(s["nothing_before"].format(previous=prev.year or ""))
    only_now, only_before = one_year_only(result)
    for key, year, names in (("only_now", result.year, only_now), ("only_before", prev.year, only_before)):
        out.append(s[key].format(year=year or "", n=len(names)) + (join_names(names) or s["none"]))
    out.append(s["source"].format(source=prev.source))
    return out


def one_year_only(result) -> tuple[list[str], list[str]]:
    """Units counted this year and not last year, and the reverse (names compared by the rules);
    in a city each with its district (教育局（二道区）)."""
    now = {unit_key(result.district, e.level, e.unit): e.unit
           for e in result.entries if e.counted and not e.is_summary}
    before = result.previous.units
    return ([_named(k, n) for k, n in now.items() if k not in before],
            [_named(k, n) for k, (n, _) in before.items() if k not in now])


def _named(key, unit: str) -> str:
    district = key[0]
    return words("rollup")["previous"]["sheet"]["unit_in_district"].format(unit=unit, district=district) if district else unit


def _number(sheet, row, col, value, style) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, value, style)
