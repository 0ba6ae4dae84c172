"""The Excel add-in's Python side: each ribbon button runs `on_action('<button id>')` (xlwings).

Thin by design.  Every button reads what it needs from Excel in bulk (one used-range read per
sheet, values and formulas), hands plain data to the same functions the CLI uses (reader, checks,
marker plan, importer, rollup, renderer), and writes back in bulk.  The handlers' logic is in the
pure functions here (`plan_check`, `grid_from_used_range`, `restore_records`, …), tested on real
workbooks; only the `_xl_*` functions touch Excel, and they are not testable without it.

Heavy modules are imported inside the handler that needs them: zwgk's click path never loads
pandas (xlwings does, whenever it is installed: that is why pandas is only the `frame` extra).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from zwgk.errors import ZwgkError
from zwgk.problems import told



def title() -> str:
    """The message boxes' title: the ribbon tab's label (addin/ribbon.yaml)."""
    from zwgk.addin_build.ribbon import load_messages

    return load_messages()["title"]


# --- entry point -----------------------------------------------------------------------------
def on_action(control_id: str) -> None:
    """Called by VBA `RibbonMyAddin.OnAction`: run the handler that addin/ribbon.yaml names."""
    import xlwings as xw

    book = xw.Book.caller()
    try:
        handler = HANDLERS[handler_name(control_id)]
        handler(book)
    except ZwgkError as exc:
        book.app.alert(told(exc.problem), title=title(), mode="critical")
    except Exception as exc:  # noqa: BLE001 - a clerk sees one sentence, never a traceback
        book.app.alert(unexpected_error(exc, book.name), title=title(), mode="critical")


def unexpected_error(exc: Exception, name: str) -> str:
    """One Chinese sentence for an error zwgk did not foresee (an Excel/COM or system error)."""
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return (f"处理工作簿“{name}”时出错：{detail}。请保存工作簿后重试；如仍出错，"
            "请用 zwgk check 命令校验该文件，并把本提示告知 zwgk 维护人员。")


def handler_name(control_id: str) -> str:
    from zwgk.addin_build.ribbon import ribbon_handlers

    handlers = ribbon_handlers()
    if control_id not in handlers:
        raise ZwgkError.of("addin.unknown_button", button=control_id)
    return handlers[control_id]


# --- reading a workbook from Excel: pure parts --------------------------------------------------
def grid_from_used_range(values, formulas, first_row: int, first_col: int):
    """(grid from A1, {A1: formula}) from one used-range read starting at (first_row, first_col), 1-based."""
    from zwgk.workbook.layout import a1

    values = _as_2d(values)
    formulas = _as_2d(formulas) if formulas is not None else []
    grid: list[list] = [[] for _ in range(first_row - 1)]
    grid += [[None] * (first_col - 1) + list(row) for row in values]
    found = {}
    for i, row in enumerate(formulas):
        for j, text in enumerate(row):
            if isinstance(text, str) and text.startswith("="):
                found[a1(first_row - 1 + i, first_col - 1 + j)] = text[1:]
    return grid, found


def _as_2d(value) -> list[list]:
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if value and not isinstance(value[0], (list, tuple)):
        return [list(value)]
    return [list(row) for row in value]


# --- 校验 / 清除标记: pure parts ----------------------------------------------------------------
@dataclass
class CheckPlan:
    report: object
    findings: list
    marks: list            # zwgk.workbook.marker.CellMark
    rows: list             # zwgk.workbook.marker.result_rows
    summary: str


def plan_check(grids: dict, formulas: dict, name: str) -> CheckPlan:
    """What 校验 does to a workbook given as grids: the report, its findings and the marks."""
    from zwgk.checks import check
    from zwgk.workbook.marker import cell_marks, default_summary, result_rows
    from zwgk.workbook.reader import report_from_grids

    report = report_from_grids(grids, formulas, name=name)
    findings = check(report)
    return CheckPlan(report, findings, cell_marks(findings), result_rows(findings),
                     default_summary(findings, name))


def remembered_fill(color) -> str:
    """How the add-in records a cell's own fill in the marks store: "rgb:RRGGBB" or "none"."""
    if color is None:
        return "none"
    return "rgb:%02X%02X%02X" % tuple(color)


def restore_records(rows: list[list]) -> tuple[list[dict], str | None]:
    """The marks store's rows as records with the cell's own `color` and `comment`, and the result
    sheet's name.  Reads both the add-in's records and those `zwgk check --mark` (openpyxl)
    wrote, so a workbook marked by either is cleared by either."""
    from zwgk.workbook.marker import store_records

    records, result = store_records(rows)
    for record in records:
        record["color"] = _fill_color(str(record["fill"] or "none"))
        record["comment"] = _json_text(record["text"]) if record["has_comment"] else None
    return records, result


def _fill_color(fill: str):
    """(r, g, b) or None from "rgb:RRGGBB", "none" or openpyxl's <fill> XML."""
    if fill.startswith("rgb:"):
        hexa = fill[4:]
    else:
        solid = 'patternType="solid"' in fill
        m = re.search(r'fgColor[^>]*rgb="([0-9A-Fa-f]{6,8})"', fill)
        if not (solid and m):
            return None
        hexa = m.group(1)[-6:]
    return tuple(int(hexa[i:i + 2], 16) for i in (0, 2, 4))


def _json_text(value):
    import json

    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return value


# --- file names --------------------------------------------------------------------------------
def beside(book_path: str, suffix: str, stem: str | None = None) -> Path:
    """A new file next to the workbook (or in Documents for an unsaved one), never overwriting."""
    path = Path(book_path)
    folder = path.parent if path.is_absolute() and path.parent.exists() else Path.home() / "Documents"
    base = stem or path.stem
    candidate, n = folder / f"{base}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}（{n}）{suffix}"
    return candidate


# --- the handlers (each a few calls to Excel around the tested functions) ----------------------
def new_report(book) -> None:
    """新建报表: a blank workbook of last year's format beside the current one, opened."""
    from zwgk.model import Report
    from zwgk.spec import format_for_year
    from zwgk.workbook.writer import write_report

    year = _dt.date.today().year - 1
    path = beside(book.fullname, ".xlsx", stem=f"政府信息公开工作年度报告{year}")
    write_report(Report.blank(format_for_year(year), year=year), path)
    book.app.books.open(str(path))


def check_workbook(book) -> None:
    """校验: check the open workbook, mark the cells and list the findings on 校验结果."""
    grids, formulas = _xl_read(book)
    plan = plan_check(grids, formulas, book.name)
    _xl_clear(book)
    if plan.findings:
        _xl_mark(book, plan)
    book.app.alert(plan.summary, title=title(), mode="critical" if any(f.is_error for f in plan.findings) else "info")


def clear_marks(book) -> None:
    """清除标记: take zwgk's marks out, restoring the clerk's fills and comments."""
    done = _xl_clear(book)
    book.app.alert("已清除校验标记。" if done else "没有需要清除的校验标记。", title=title(), mode="info")


def import_text(book) -> None:
    """导入文本报告: pick a published report (text, Word, web page, PDF, old Word/WPS) or a unit's
    own workbook, import it into a new workbook beside it (never over the source)."""
    from zwgk.commands.imports import SUFFIXES, output_name
    from zwgk.importer import import_file
    from zwgk.workbook.writer import write_report

    patterns = ";".join(f"*{s}" for s in sorted(SUFFIXES))
    source = book.app.api.GetOpenFilename(f"年度报告或报表 ({patterns}),{patterns}")
    if not source:
        return
    result = import_file(source)
    target = beside(source, ".xlsx", stem=Path(output_name(Path(source))).stem)
    write_report(result.report, target, notes=result.workbook_notes)
    book.app.books.open(str(target))
    blank = sum(v is None for v in result.report.cells.values())
    book.app.alert(f"已导入 {result.placed} 个数，推算 {len(result.inferred)} 个，{blank} 个空白。\n{target}",
                   title=title(), mode="info")


def rollup_folder(book) -> None:
    """汇总各单位: pick a folder of unit reports, write the summary workbook into it, open it."""
    from zwgk.rollup import rollup, write_rollup

    dialog = book.app.api.FileDialog(4)          # msoFileDialogFolderPicker
    if dialog.Show() != -1:
        return
    folder = Path(dialog.SelectedItems(1))
    target = beside(str(folder / "汇总.xlsx"), ".xlsx", stem="汇总")
    expect = folder / "units.txt"
    result = rollup(folder, expect=expect if expect.exists() else None, output=target,
                    progress=False, workers=1, hint_for="addin")
    write_rollup(result, target)
    book.app.books.open(str(target))


def export_report(book) -> None:
    """导出报告: the open workbook as a Word document and an HTML page beside it."""
    from zwgk.render import render
    from zwgk.workbook.reader import report_from_grids

    grids, formulas = _xl_read(book)
    report = report_from_grids(grids, formulas, name=book.name)
    written = [render(report, beside(book.fullname, suffix)) for suffix in (".docx", ".html")]
    book.app.alert("已导出：\n" + "\n".join(map(str, written)), title=title(), mode="info")


def show_help(book) -> None:
    """帮助: what each button does, from the ribbon spec."""
    from zwgk.addin_build.ribbon import load_spec

    lines = [f"{b['label']}：{b['supertip']}" for g in load_spec()["groups"] for b in g["buttons"]]
    book.app.alert("\n".join(lines) + "\n\n详见 zwgk 的 README（办事员指南）。", title=title(), mode="info")


HANDLERS = {f.__name__: f for f in (new_report, check_workbook, clear_marks, import_text,
                                    rollup_folder, export_report, show_help)}


# --- Excel I/O (xlwings; runs only inside Excel) ----------------------------------------------------
def _xl_read(book):
    grids, formulas = {}, {}
    for sheet in book.sheets:
        used = sheet.used_range
        grid, found = grid_from_used_range(used.options(ndim=2).value, used.formula, used.row, used.column)
        grids[sheet.name], formulas[sheet.name] = grid, found
    return grids, formulas


def _xl_mark(book, plan: CheckPlan) -> None:
    from zwgk.workbook.marker import RESULT, STORE_HEAD
    from zwgk.wording import words

    w, store = words("checks")["marks"], [STORE_HEAD]
    result = book.sheets.add(w["sheet"], after=book.sheets[-1])
    store.append([RESULT, result.name] + [None] * (len(STORE_HEAD) - 2))
    for m in plan.marks:
        cell = book.sheets[m.sheet].range(m.cell)
        own = cell.note.text if cell.note else None
        store.append([m.sheet, m.cell, remembered_fill(cell.color), int(own is not None),
                      _json_dump(own), None, None, None])
        with _unprotected(book.sheets[m.sheet]):
            cell.color = "#" + m.color
            if cell.note:
                cell.note.delete()
            cell.add_note(m.comment(own))
    result.range("A1").value = [[plan.summary], list(w["columns"])] + [row for row, _ in plan.rows]
    for i, (_, link) in enumerate(plan.rows, start=3):
        if link:
            result.api.Hyperlinks.Add(Anchor=result.range(f"E{i}").api, Address="", SubAddress=link)
    hidden = book.sheets.add(w["store"], after=book.sheets[-1])
    hidden.range("A1").value = store
    hidden.api.Visible = 2                        # xlSheetVeryHidden


def _xl_clear(book) -> bool:
    from zwgk.workbook.marker import comment_after_clear, our_lines
    from zwgk.wording import words

    w = words("checks")["marks"]
    names = [s.name for s in book.sheets]
    if w["store"] not in names:
        return False
    store = book.sheets[w["store"]]
    records, result = restore_records(_as_2d(store.used_range.value))
    ours = our_lines(_as_2d(book.sheets[result].used_range.value)) if result in names else None
    for r in records:
        if r["sheet"] not in names:
            continue
        cell = book.sheets[r["sheet"]].range(r["cell"])
        with _unprotected(book.sheets[r["sheet"]]):
            cell.color = r["color"]
            if cell.note and w["comment_head"] in cell.note.text:
                kept = comment_after_clear(cell.note.text, r["comment"], ours)   # a reply stays
                cell.note.delete()
                if kept:
                    cell.add_note(kept)
    store.api.Visible = -1
    store.delete()
    if result in names:
        book.sheets[result].delete()
    return True


class _unprotected:
    """Lift a sheet's password-less protection for a write, then put it back as zwgk sets it."""

    def __init__(self, sheet):
        self.sheet, self.was = sheet, bool(sheet.api.ProtectContents)

    def __enter__(self):
        if self.was:
            self.sheet.api.Unprotect()

    def __exit__(self, *exc):
        if self.was:
            self.sheet.api.Protect(AllowFormattingColumns=True, AllowFormattingRows=True)


def _json_dump(text):
    import json

    return None if text is None else json.dumps(text, ensure_ascii=False)
