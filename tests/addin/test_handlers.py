"""The add-in's logic on real workbooks, through the model (Excel itself is not available here).

What xlwings hands the handlers (used ranges: values and formulas, from a first row/column) is
produced here from real written workbooks read with calamine and openpyxl.
"""
import json
import subprocess
import sys

import openpyxl
from python_calamine import CalamineWorkbook

from zwgk import addin
from zwgk.addin_build.ribbon import ribbon_handlers
from zwgk.checks import check
from zwgk.model import Report
from zwgk.synthetic import consistent_report
from zwgk.workbook.marker import clear_marks, mark
from zwgk.wording import words
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report


def used_ranges(path):
    """Per sheet, what `sheet.used_range` gives xlwings: values and formulas from the first used cell."""
    values = CalamineWorkbook.from_path(str(path))
    formulas = openpyxl.load_workbook(path)
    grids, found = {}, {}
    for name in values.sheet_names:
        grid = values.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ws = formulas[name]
        top, left = ws.min_row, ws.min_column
        vals = [[None if v == "" else v for v in row[left - 1:]] for row in grid[top - 1:]]
        forms = [[c.value if isinstance(c.value, str) and c.value.startswith("=") else "" for c in row]
                 for row in ws.iter_rows(min_row=top, min_col=left)]
        grids[name], found[name] = addin.grid_from_used_range(vals, forms, top, left)
    return grids, found


def test_every_button_has_a_handler_and_every_handler_a_button():
    assert set(ribbon_handlers().values()) == set(addin.HANDLERS)
    for control_id, name in ribbon_handlers().items():
        assert addin.handler_name(control_id) == name


def test_grid_from_used_range_keeps_positions():
    grid, formulas = addin.grid_from_used_range([[1.0, None], [None, 2.0]], [["", "=A1*2"], ["", ""]], 3, 2)
    assert grid[2][1] == 1.0 and grid[3][2] == 2.0 and grid[0] == []
    assert formulas == {"C3": "A1*2"}
    assert addin.grid_from_used_range(5.0, "", 1, 1)[0] == [[5.0]]


def test_plan_check_on_a_broken_workbook(tmp_path):
    report = consistent_report("2021", 3, unit="荣光街道办事处", year=2024)
    report.cells["t3.new.natural"] += 2
    report.cells["t4.review.upheld"] = None
    path = write_report(report, tmp_path / "r.xlsx")
    grids, formulas = used_ranges(path)
    plan = addin.plan_check(grids, formulas, path.name)
    assert plan.report.to_dict() == read_report(path).to_dict()
    assert plan.findings == check(read_report(path))
    marked = {(m.sheet, m.cell, m.level) for m in plan.marks}
    assert ("表三", "J5", "error") in marked          # 一、本年新收 row total
    assert any(m.level == "warning" for m in plan.marks)
    assert len(plan.rows) == len(plan.findings) and "错误" in plan.summary


def test_formula_typed_in_an_input_is_a_domain_error(tmp_path):
    path = write_report(consistent_report("2019", 1, year=2020), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["表三"]["D5"] = "=1+1"
    wb.save(path)
    plan = addin.plan_check(*used_ranges(path), path.name)
    assert any(f.check == "domain" and "t3.new.natural" in f.cells for f in plan.findings)


def test_records_written_by_the_cli_marker_are_read_by_the_addin(tmp_path):
    report = consistent_report("2021", 4)
    report.cells["t3.new.natural"] += 1
    path = write_report(report, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["表三"]["J5"].comment = openpyxl.comments.Comment("我的批注", "张三")
    wb.save(path)
    mark(path, check(read_report(path)))
    store = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(words("checks")["marks"]["store"]).to_python()
    records, result = addin.restore_records(store)
    assert result == words("checks")["marks"]["sheet"]
    by_cell = {(r["sheet"], r["cell"]): r for r in records}
    assert by_cell[("表三", "J5")]["comment"] == "我的批注"
    assert by_cell[("表三", "J5")]["color"] is None      # our input cells have no fill of their own


def test_records_written_by_the_addin_are_cleared_by_the_cli(tmp_path):
    """The add-in's store rows ("rgb:RRGGBB"/"none" fills) restore through `zwgk check --clear`."""
    path = write_report(Report.blank("2021"), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    cell = wb["表三"]["D5"]
    cell.fill = openpyxl.styles.PatternFill("solid", fgColor="FF" + words("checks")["marks"]["fill"]["error"])
    cell.comment = openpyxl.comments.Comment(words("checks")["marks"]["comment_head"] + "\n问题", "zwgk")
    store = wb.create_sheet(words("checks")["marks"]["store"])
    from zwgk.workbook.marker import STORE_HEAD
    store.append(STORE_HEAD)
    store.append(["表三", "D5", addin.remembered_fill((255, 255, 0)), 1,
                  json.dumps("原批注", ensure_ascii=False), None, None, None])
    wb.save(path)
    clear_marks(path)
    wb = openpyxl.load_workbook(path)
    assert words("checks")["marks"]["store"] not in wb.sheetnames
    assert wb["表三"]["D5"].fill.fgColor.rgb == "FFFFFF00" and wb["表三"]["D5"].comment.text == "原批注"


def test_fill_colors_from_both_record_forms():
    assert addin._fill_color("none") is None
    assert addin._fill_color("rgb:FFC7CE") == (255, 199, 206)
    xml = '<fill><patternFill patternType="solid"><fgColor rgb="FF00B050"/></patternFill></fill>'
    assert addin._fill_color(xml) == (0, 176, 80)
    assert addin._fill_color('<fill><patternFill/></fill>') is None


def test_beside_never_overwrites(tmp_path):
    book = tmp_path / "年报.xlsx"
    book.write_bytes(b"x")
    (tmp_path / "年报.docx").write_bytes(b"x")
    assert addin.beside(str(book), ".docx").name == "年报（2）.docx"
    assert addin.beside(str(book), ".html").name == "年报.html"


def test_a_click_on_check_does_not_load_pandas_or_xlwings_ui(tmp_path):
    path = write_report(Report.blank("2021"), tmp_path / "r.xlsx")
    code = ("import sys; from zwgk import addin; from zwgk.workbook.reader import read_report;"
            "from zwgk.checks import check; check(read_report(sys.argv[1]));"
            "addin.handler_name('btnCheck');"
            "print(sorted(m for m in ('pandas', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_rollup_handler_api_on_the_sample_folder(tmp_path):
    """汇总各单位 calls rollup(folder, …, progress=False, workers=1) then write_rollup."""
    import shutil

    from zwgk.rollup import rollup, write_rollup

    from ..conftest import ROOT

    folder = tmp_path / "二道区"
    shutil.copytree(ROOT / "samples" / "district", folder)
    target = addin.beside(str(folder / "汇总.xlsx"), ".xlsx", stem="汇总")
    result = rollup(folder, expect=folder / "units.txt", output=target, progress=False, workers=1)
    write_rollup(result, target)
    assert read_report(target).district == "二道区"


def test_an_unforeseen_error_is_one_sentence():
    text = addin.unexpected_error(OSError(13, "Permission denied"), "年报.xlsx")
    assert "年报.xlsx" in text and "Permission denied" in text and "\n" not in text


def test_live_formula_keeps_signs():
    """A rule with a subtracted term (as the cross-year chain has) gives a formula that subtracts it."""
    from zwgk.spec import Rule, Term
    from zwgk.workbook.writer import live_formula

    rule = Rule("x", "warning", "t2", "w", (Term("a"),), (Term("b"), Term("c", -1)), "m")
    formula = live_formula(rule, {"a": "B1", "b": "B2", "c": "B3"}.get)
    assert "SUM(B1,B3)-SUM(B2)" in formula


def test_a_reply_under_zwgks_comment_survives_the_addins_clear(tmp_path):
    """The add-in's 清除标记 keeps what the clerk typed under zwgk's comment, as --clear does: the
    lines zwgk wrote are known from the 校验结果 sheet as Excel hands it over (values only)."""
    from zwgk.workbook.marker import comment_after_clear, our_lines

    report = consistent_report("2021", 3)
    report.cells["t3.new.natural"] += 1
    path = write_report(report, tmp_path / "r.xlsx")
    mark(path, check(report))
    wb = openpyxl.load_workbook(path)
    result = next(n for n in wb.sheetnames if n.startswith(words("checks")["marks"]["sheet"]))
    marked = next(c for row in wb["表三"].iter_rows() for c in row
                  if c.comment is not None and words("checks")["marks"]["comment_head"] in c.comment.text)
    ours = our_lines(used_ranges(path)[0][result])
    assert comment_after_clear(marked.comment.text, None, ours) is None           # zwgk's only: gone
    replied = marked.comment.text + "\n已核实，原表如此"
    assert comment_after_clear(replied, None, ours) == "已核实，原表如此"
    assert comment_after_clear(replied, "原批注", ours) == "已核实，原表如此"
    assert comment_after_clear(marked.comment.text + "\n原批注", "原批注", ours) == "原批注"
