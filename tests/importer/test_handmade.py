"""A unit's own workbook in the official layout (samples/handmade, and layouts drawn here):
every stated cell right, none wrong; formulas reported; notes name sheet and cell."""
from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importer.helpers import ROOT, score
from zwgk.cli import main
from zwgk.errors import NotAReportError
from zwgk.importer import import_file
from zwgk.importer.notes import BLANK, INFO
from zwgk.synthetic import consistent_report
from zwgk.workbook.layout import a1
from zwgk.workbook.reader import read_report

HANDMADE = ROOT / "samples" / "handmade"
TRUTH = json.loads((HANDMADE / "truth.json").read_text(encoding="utf-8"))


def _drawing():
    """samples/handmade/make_samples.py: the official tables drawn as units draw them."""
    spec = importlib.util.spec_from_file_location("make_handmade", HANDMADE / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


draw = _drawing()


def test_samples_cover_the_layouts_and_kinds():
    suffixes = {name.rsplit(".", 1)[1] for name in TRUTH}
    assert suffixes == {"xlsx", "xls", "ods"}
    assert len(TRUTH) >= 25
    assert {t["format"] for t in TRUTH.values()} == {"2019", "2021"}
    for name in TRUTH:
        assert (HANDMADE / name).exists(), name


@pytest.mark.parametrize("name", sorted(TRUTH), ids=str)
def test_sample_imports_every_cell_right(name):
    want = TRUTH[name]
    result = import_file(HANDMADE / name)
    got = score(result, want["cells"])
    assert not got["wrong"] and not got["missing"] and not got["spurious"], got
    assert len(got["right"]) == sum(v is not None for v in want["cells"].values())
    report = result.report
    assert (report.format, report.unit, report.year) == (want["format"], want["unit"], want["year"])
    located = [c for c, v in want["cells"].items() if v is not None]
    assert all(c in result.origins for c in located), "every value read is traced to its sheet cell"


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_cached_formulas_are_read_and_reported(suffix):
    name = f"公式合计-合成五.{suffix}"
    result = import_file(HANDMADE / name)
    formulas = set(TRUTH[name]["formulas"])
    assert len(formulas) >= 30
    listed = [n for n in result.notes if n.kind == INFO and set(n.cells) == formulas]
    assert len(listed) == 1 and "公式" in listed[0].message
    assert all("公式" in result.review[c] for c in formulas)
    if suffix != "xls":                  # .xls: the formula's tokens are not decoded
        assert "=SUM(" in result.review["t3.new.total"]


def test_formula_without_cached_value_is_blank_with_reason():
    name = "公式未计算-合成五.xlsx"
    with zipfile.ZipFile(HANDMADE / name) as z:     # really no cached values in the file
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" in xml and not re.search(r"</f><v>[^<]", xml), "openpyxl keeps formulas, drops their values"
    result = import_file(HANDMADE / name)
    uncached = set(TRUTH[name]["uncached"])
    assert uncached and all(result.report.cells[c] is None for c in uncached)
    assert not uncached & set(result.inferred), "never computed in its place"
    note = next(n for n in result.notes if n.kind == BLANK and set(n.cells) == uncached)
    sheet, r, c = result.origins["t3.new.total"]
    assert f"{sheet}!{a1(r, c)}" in note.message and "没有保存计算结果" in note.message
    assert "=SUM(" in note.message and "t3.new.total" not in result.report.texts
    assert not [f for f in result.findings if f.level == "error"], "a blank, not a formula typed in"


def test_numbers_typed_as_text_are_read():
    import openpyxl

    name = "文本数字-合成十三.xlsx"
    sheet = openpyxl.load_workbook(HANDMADE / name).active
    texts = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "s" and str(c.value).isdigit()]
    assert len(texts) >= 150
    result = import_file(HANDMADE / name)
    assert not score(result, TRUTH[name]["cells"])["wrong"]
    assert result.placed == 200


def test_origins_name_the_cell_the_value_was_typed_in():
    import openpyxl

    name = "单列标签-合成七.xlsx"
    result = import_file(HANDMADE / name)
    book = openpyxl.load_workbook(HANDMADE / name)
    for cid, (sheet, r, c) in result.origins.items():
        value = book[sheet].cell(r + 1, c + 1).value
        want = result.report.cells[cid]
        if want is not None and cid not in result.inferred:
            assert float(value) == float(want), (cid, sheet, a1(r, c))
    assert result.to_dict()["origins"]["t3.new.natural"].startswith("Sheet1!")


def test_words_in_number_cells_stay_blank_and_move_nothing(tmp_path):
    """见附件 typed in 表三's 商业企业 column: blank with its words, the numbers after it in place."""
    report = consistent_report("2021", seed=23, unit="文字街道办事处", year=2024)
    t3 = draw.official(report, "t3")
    for cid, words in (("t3.new.business", "见附件"), ("t3.granted.natural", "约5")):
        r, c = t3.inputs[cid]
        t3.cells[(r, c)] = (words, None, None)
    path = tmp_path / "文字.xlsx"
    draw.write(path, [("年报", draw.stacked(report, [draw.official(report, "t2"), t3, draw.official(report, "t4")]))])
    result = import_file(path)
    truth = {**report.cells, "t3.new.business": None, "t3.granted.natural": None}
    got = score(result, truth)
    assert not got["wrong"] and not got["spurious"] and not got["missing"], got
    assert result.report.texts["t3.new.business"] == "见附件"
    note = next(n for n in result.notes if "t3.new.business" in n.cells and n.kind == BLANK)
    sheet, r, c = result.origins["t3.new.business"]
    assert f"{sheet}!{a1(r, c)}（见附件）" in note.message


def test_notes_name_sheet_and_cell(tmp_path):
    """表三 drawn twice with different numbers (last year's copy below): its rows stay blank, and
    each note names the sheet and the cells of the row it speaks of."""
    report = consistent_report("2021", seed=3, unit="测试街道办事处", year=2024)
    other = consistent_report("2021", seed=4)
    path = tmp_path / "两个表三.xlsx"
    blocks = [draw.official(report, "t2"), draw.official(report, "t3"), draw.official(other, "t3", title=False)]
    draw.write(path, [("年报", draw.stacked(report, blocks + [draw.official(report, "t4")]))])
    result = import_file(path)
    assert not score(result, report.cells)["wrong"]
    notes = [n for n in result.notes if n.table == "t3" and n.cells]
    assert notes and all(re.search(r"（工作表“年报”[A-Z]+\d+(:[A-Z]+\d+)?）$", n.message) for n in notes), notes


def test_a_zwgk_workbook_goes_through_the_exact_reader(tmp_path):
    from zwgk.workbook.writer import write_report

    report = consistent_report("2021", seed=9, unit="模板街道", year=2024)
    path = tmp_path / "模板.xlsx"
    write_report(report, path)
    result = import_file(path)
    assert result.report.cells == read_report(path).cells == report.cells
    assert not result.origins


def test_a_workbook_without_tables_is_refused_in_words(tmp_path):
    import xlsxwriter

    path = tmp_path / "通讯录.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("联系人").write_row(0, 0, ["姓名", "电话", "单位"])
    book.close()
    with pytest.raises(NotAReportError) as err:
        import_file(path)
    assert "通讯录.xlsx" in str(err.value) and "Traceback" not in str(err.value)
    empty = tmp_path / "空.xlsx"
    xlsxwriter.Workbook(str(empty)).close()
    with pytest.raises(NotAReportError, match="没有任何内容"):
        import_file(empty)


def test_cli_imports_a_workbook_beside_it(tmp_path, capsys):
    source = tmp_path / "王城路手工表.xlsx"
    source.write_bytes((HANDMADE / "一表全部-王城路.xlsx").read_bytes())
    before = source.read_bytes()
    assert main(["import", str(source)]) == 0
    out = tmp_path / "王城路手工表-导入.xlsx"
    assert source.read_bytes() == before, "the clerk's file is never overwritten"
    assert read_report(out).cells == TRUTH["一表全部-王城路.xlsx"]["cells"]
    assert "读入 200 个单元格" in capsys.readouterr().out


def test_cli_folder_imports_workbooks_but_not_backups_or_outputs(tmp_path, capsys):
    folder = tmp_path / "收件"
    folder.mkdir()
    for name in ("一表全部-王城路.xls", "分表乱序-八里堡.ods"):
        (folder / name).write_bytes((HANDMADE / name).read_bytes())
    (folder / "一表全部-王城路.bak.xlsx").write_bytes((HANDMADE / "一表全部-王城路.xlsx").read_bytes())
    assert main(["import", str(folder), "-o", str(folder)]) == 0
    made = sorted(p.name for p in folder.glob("*-导入.xlsx"))
    assert made == ["一表全部-王城路-导入.xlsx", "分表乱序-八里堡-导入.xlsx"]
    capsys.readouterr()
    assert main(["import", str(folder), "-o", str(folder)]) == 0      # a rerun takes no output for input
    assert "完成：2 个导入" in capsys.readouterr().out
    assert not list(folder.glob("*-导入-导入*"))


# --- layouts drawn at random: a number never lands in a wrong cell ---------------------------
SHEET_NAMES = ["表二", "表3", "主动公开政府信息情况", "Sheet1", "依申请", "四、行政复议诉讼", "统计"]


def _layout(data) -> tuple[dict, list]:
    """A report and the sheets of a workbook drawing it, from the random choices in `data`."""
    fmt = data.draw(st.sampled_from(["2021", "2021", "2019"]))
    report = consistent_report(fmt, seed=data.draw(st.integers(0, 10_000)), unit="合成街道办事处", year=2024)
    rnd = random.Random(data.draw(st.integers(0, 10_000)))
    for cid in rnd.sample(sorted(report.cells), data.draw(st.integers(0, 12))):
        report.cells[cid] = None                           # drawn as / — 无 - or left empty
    text = data.draw(st.booleans())
    blocks = {t: draw.official(report, t, text_numbers=text) for t in ("t2", "t3", "t4")}
    for _ in range(data.draw(st.integers(0, 3))):         # words typed where a number goes
        table = blocks[rnd.choice(["t2", "t3", "t4"])]
        cid = rnd.choice(sorted(table.inputs))
        _, merge, formula = table.cells[table.inputs[cid]]
        table.cells[table.inputs[cid]] = (rnd.choice(["见附件", "约5", "不详", "3件（含1件）"]), merge, None)
        report.cells[cid] = None
    if data.draw(st.booleans()):
        blocks["t3"] = draw.one_label_column(report, blocks["t3"])
    if data.draw(st.booleans()):
        draw.with_column(blocks["t3"], "备注", ["无", "", "另 1 件", "/"])
    if data.draw(st.booleans()):
        draw.with_column(blocks["t2"], "备注", ["无", "", "3"])
    for table in ("t2", "t3"):               # a column of numbers beyond the table's last one
        if data.draw(st.booleans()):
            draw.with_column(blocks[table], data.draw(st.sampled_from(["校验", "上年数", ""])), ["0", "7", "1"])
    if data.draw(st.booleans()):
        draw.with_column(blocks["t3"], "序号", [str(i) for i in range(1, 40)], where="left")
    if data.draw(st.booleans()):
        _spacer(blocks["t3"], data.draw(st.integers(1, 6)))
    for table in ("t3", "t4"):
        if data.draw(st.booleans()):
            draw.unmerged_filled(blocks[table])
    heads = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    if data.draw(st.booleans()):                          # 表三's columns in another order
        draw.swap_columns(blocks["t3"], *rnd.sample(heads, 2))
    if data.draw(st.booleans()):                          # one of them left out
        for cid in draw.drop_column(blocks["t3"], rnd.choice(heads[1:-1])):
            report.cells[cid] = None
    for table in ("t2", "t4"):                            # heads out of order: not read at all
        if data.draw(st.booleans()):
            spec = report.spec.tables[table]
            first = spec.sections[0].columns if spec.sections else spec.columns
            draw.swap_columns(blocks[table], *rnd.sample([c.label for c in first], 2))
            report.cells.update({c: None for c in report.cells if c.startswith(table + ".")})
    if not text and data.draw(st.booleans()):
        draw.with_formulas(report, blocks)
    top, left = data.draw(st.integers(0, 6)), data.draw(st.integers(0, 4))
    if data.draw(st.booleans()):
        sheets = [("年报", draw.stacked(report, list(blocks.values()), top, left, data.draw(st.integers(0, 3)),
                                        note=data.draw(st.booleans())))]
    else:
        names = rnd.sample(SHEET_NAMES, 3)
        sheets = [(n, [(top, left, b)]) for n, b in zip(names, blocks.values())]
        rnd.shuffle(sheets)
    return dict(report.cells), sheets


def _spacer(block, col: int) -> None:
    """An empty column inserted at `col` (a hidden or spacer column); merges across it widen."""
    moved = {}
    for (r, c), (v, m, f) in block.cells.items():
        end = (m[0], m[1] + 1) if m and m[1] >= col else m
        moved[(r, c + 1 if c >= col else c)] = (v, end if not (m and c >= col) else (m[0], m[1] + 1), f)
    block.cells = moved
    block.inputs = {cid: (r, c + 1 if c >= col else c) for cid, (r, c) in block.inputs.items()}


def _check_layout(data, tmp_path) -> None:
    truth, sheets = _layout(data)
    path = tmp_path / "手工表.xlsx"
    draw.write(path, sheets)
    result = import_file(path)
    got = score(result, truth)
    assert not got["wrong"] and not got["spurious"], got
    assert not got["missing"], got          # every table has its heading: all of it is read
    for cid, (sheet, r, c) in result.origins.items():     # an origin never names another cell
        assert sheet in {name for name, _ in sheets}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_layouts_never_put_a_number_in_a_wrong_cell(data, tmp_path):
    _check_layout(data, tmp_path)


@pytest.mark.sweep
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_layouts_sweep(data, tmp_path):
    _check_layout(data, tmp_path)


@pytest.mark.parametrize("source, named", [("xlsx", "xls"), ("xls", "xlsx"), ("ods", "xlsx"), ("xlsx", "xlsm")])
def test_a_workbook_saved_under_another_types_name_is_read_by_its_content(tmp_path, source, named):
    """WPS and e-mail clients rename: .xlsx content in a .xls file and the other way round."""
    path = tmp_path / f"改名.{named}"
    path.write_bytes((HANDMADE / f"公式合计-合成五.{source}").read_bytes())
    result = import_file(path)
    assert not score(result, TRUTH[f"公式合计-合成五.{source}"]["cells"])["wrong"]
    assert result.placed == 200
    assert any(n.kind == INFO and "公式" in n.message for n in result.notes)


def test_a_hidden_sheet_is_not_read_and_said(tmp_path):
    """An old year's copy hidden beside this year's tables neither mixes in nor blanks them;
    a workbook whose only tables are on a hidden sheet is still read."""
    import openpyxl

    name = "一表全部-王城路.xlsx"
    book = openpyxl.load_workbook(HANDMADE / name)
    old = book.copy_worksheet(book["年报"])
    old.title, old.sheet_state = "2022年", "hidden"
    old["D30"] = 999
    path = tmp_path / "带隐藏表.xlsx"
    book.save(path)
    result = import_file(path)
    assert score(result, TRUTH[name]["cells"])["right"] and not score(result, TRUTH[name]["cells"])["wrong"]
    assert result.placed == 200
    assert any(n.kind == INFO and "2022年" in n.message and "隐藏" in n.message for n in result.notes)
    book["年报"].sheet_state = "hidden"
    book.active = 1
    book["2022年"].sheet_state = "visible"
    del book["2022年"]
    book.create_sheet("空白")
    book.active = 1
    book.save(path)
    assert import_file(path).placed == 200


def test_a_long_sheet_without_the_report_is_left_out_and_said(tmp_path):
    """A 台账 of applications before the tables neither hides the title nor enters a table."""
    report = consistent_report("2021", seed=8, unit="台账街道办事处", year=2024)
    ledger = [(i, c, text) for i in range(150)
              for c, text in enumerate([f"2024-03-{i % 28 + 1:02d}", f"申请人{i}", "其他", "重复申请", str(i % 5)])]
    path = tmp_path / "带台账.xlsx"
    tables = draw.stacked(report, [draw.official(report, t) for t in ("t2", "t3", "t4")])
    draw.write(path, [("申请台账", ledger), ("年报", tables)])
    result = import_file(path)
    assert not score(result, report.cells)["wrong"] and result.placed == 200
    assert (result.report.unit, result.report.year) == ("台账街道办事处", 2024)
    assert any(n.kind == INFO and "申请台账" in n.message for n in result.notes)


@pytest.mark.parametrize("cells", [[(1, 0, "填报单位：王城路街道办事处（盖章）"), (1, 4, "填报日期：2025年1月10日")],
                                   [(1, 0, "填报单位"), (1, 2, "王城路街道办事处"), (1, 5, "联系人")]])
def test_the_unit_from_a_tian_bao_dan_wei_cell(tmp_path, cells):
    """Hand-made sheets name the unit in a 填报单位 cell when the title does not."""
    report = consistent_report("2021", seed=4, unit="", year=2024)
    items = [(0, 0, "2024年政府信息公开工作年度报告"), *cells]
    items += [(r + 3, c, b) for r, c, b in draw.stacked(report, [draw.official(report, t) for t in ("t2", "t3", "t4")],
                                                       title=False)]
    path = tmp_path / "手工表.xlsx"
    draw.write(path, [("Sheet1", items)])
    result = import_file(path)
    assert (result.report.unit, result.report.year, result.placed) == ("王城路街道办事处", 2024, 200)


def test_table_three_columns_in_another_order_are_put_back_or_not_read(tmp_path):
    """表三 typed with 总计 first: read by its heads.  With a head that is not recognised as
    well, the columns cannot be matched one to one: 表三's numbers are not read, and it is said."""
    report = consistent_report("2021", seed=31, unit="列序街道办事处", year=2024)
    t3 = draw.swap_columns(draw.official(report, "t3"), "自然人", "总计")
    path = tmp_path / "列序.xlsx"
    draw.write(path, [("年报", draw.stacked(report, [draw.official(report, "t2"), t3, draw.official(report, "t4")]))])
    result = import_file(path)
    assert not score(result, report.cells)["wrong"] and result.placed == 200
    head = next(k for k, (v, _, _) in t3.cells.items() if v == "科研机构")
    t3.cells[head] = ("研究单位", None, None)
    draw.write(path, [("年报", draw.stacked(report, [draw.official(report, "t2"), t3, draw.official(report, "t4")]))])
    result = import_file(path)
    assert not score(result, report.cells)["wrong"]
    assert all(v is None for c, v in result.report.cells.items() if c.startswith("t3."))
    assert any("表三的列头" in n.message and "年报" in n.message for n in result.notes)
