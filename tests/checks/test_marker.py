"""`--mark` and clearing, on real workbooks: only the marks differ, clearing restores exactly,
marking twice gives the same workbook, the clerk's own work survives, busy files are refused."""
from __future__ import annotations

import os
import shutil
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from zwgk import check
from zwgk.errors import FileBusyError, ZwgkError
from zwgk.workbook.marker import clear_marks, mark
from zwgk.wording import words
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

from ..strategies import reports
from .helpers import consistent, copy
from .snapshot import snapshot, xml_parts

RED, YELLOW = ("FF" + words("checks")["marks"]["fill"][k] for k in ("error", "warning"))


def rich_workbook(path):
    """Our workbook with errors and a blank, plus what a clerk adds with Excel."""
    report = copy(consistent("2021"), t3__new__total=999, t4__review__total=None)
    write_report(report, path, notes={"t3.granted.natural": "由文本推断"})
    book = openpyxl.load_workbook(path, rich_text=True)
    ws = book.create_sheet("我的备注")
    ws["A1"], ws["B1"] = "合计", "=SUM(表三!D5:I5)"
    ws["A1"].font = Font(bold=True, color="FFFF0000")
    ws.column_dimensions["A"].width = 30
    dv = DataValidation(type="list", formula1='"是,否"')
    ws.add_data_validation(dv)
    dv.add("C1:C5")
    ws.conditional_formatting.add("D1:D5", CellIsRule(operator="greaterThan", formula=["5"],
                                                      fill=PatternFill("solid", fgColor="FF00FF00")))
    ws.protection.sheet = True
    t3 = book["表三"]
    t3["J5"].fill = PatternFill("solid", fgColor="FFFFFF00")       # her fill on a cell to be marked
    t3["J5"].comment = Comment("请王科长核对", "王芳")                # her comment on it
    t3["D6"].comment = Comment("=留意上年数", "王芳")                 # and on a cell left alone
    t3["M40"] = "备忘"
    book.save(path)
    return path


def run_check(path):
    return check(read_report(path))


def mark_file(path):
    return mark(path, run_check(path), "摘要")


def differences(a: dict, b: dict) -> dict:
    keys = set(a) | set(b)
    return {k: (a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)}


@pytest.fixture
def rich(tmp_path):
    path = rich_workbook(tmp_path / "report.xlsx")
    original = tmp_path / "original.xlsx"
    shutil.copy(path, original)
    return path, original


def test_only_the_marks_differ(rich):
    path, original = rich
    before = snapshot(original)
    found = run_check(path)
    assert {f.addresses[0] for f in found} == {"表三!J5", "表四!E5"}
    assert mark_file(path).exists()
    after = snapshot(path)
    diff = differences(before, after)
    marks = {("表三", "J5"), ("表四", "E5")}
    new_sheets = {f"sheet:{words('checks')['marks']['sheet']}", f"sheet:{words('checks')['marks']['store']}"}
    changed = {k for k in diff if k not in new_sheets and k != "sheets"
               and not (isinstance(k, tuple) and k[0] in (words("checks")["marks"]["sheet"], words("checks")["marks"]["store"]))}
    assert changed == marks
    for key in marks:
        old, new = diff[key]
        assert {f for f in old if old[f] != new[f]} <= {"fill", "comment"}
    assert after[("表三", "J5")]["fill"].count(RED) and after[("表四", "E5")]["fill"].count(YELLOW)
    text, author = after[("表三", "J5")]["comment"]
    assert text.startswith("请王科长核对") and "实填 999" in text and author == words("checks")["marks"]["author"]
    assert after["sheets"] == before["sheets"] + [words("checks")["marks"]["sheet"], words("checks")["marks"]["store"]]
    # the workbook still reads as the same report, with the same findings
    assert read_report(path).to_dict() == read_report(original).to_dict()
    assert run_check(path) == found


def test_marking_twice_is_marking_once(rich):
    path, _ = rich
    mark_file(path)
    once = snapshot(path)
    mark_file(path)
    twice = snapshot(path)
    assert differences(once, twice) == {}


def test_clearing_restores_the_original(rich):
    path, original = rich
    mark_file(path)
    mark_file(path)
    assert clear_marks(path) is not None
    assert differences(snapshot(original), snapshot(path)) == {}
    # byte for byte, every part but the style table (openpyxl keeps unused styles) and timestamps
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(path) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            if name not in ("xl/styles.xml", "docProps/core.xml"):
                assert a.read(name) == b.read(name), name
    assert clear_marks(path) is None            # nothing left to clear: the file is left alone


def test_a_corrected_cell_loses_its_mark(rich):
    path, original = rich
    mark_file(path)
    book = openpyxl.load_workbook(path, rich_text=True)
    report = read_report(path)
    book["表三"]["J5"] = sum(report.cells[f"t3.new.{c}"] for c in
                             ("natural", "business", "research", "nonprofit", "legal", "other_org"))
    book.save(path)
    assert [f.addresses[0] for f in run_check(path)] == ["表四!E5"]
    mark_file(path)
    after, before = snapshot(path), snapshot(original)
    j5 = after[("表三", "J5")]
    assert (j5["fill"], j5["comment"]) == (before[("表三", "J5")]["fill"], ("请王科长核对", "王芳"))
    assert YELLOW in after[("表四", "E5")]["fill"]


def test_result_sheet_links_to_the_cells(rich):
    path, _ = rich
    found = run_check(path)
    mark_file(path)
    ws = openpyxl.load_workbook(path)[words("checks")["marks"]["sheet"]]
    assert [c.value for c in ws[2]] == words("checks")["marks"]["columns"]
    rows = list(ws.iter_rows(min_row=3))
    assert len(rows) == len(found)
    for row, f in zip(rows, found):
        sheet, ref = f.addresses[0].split("!")
        assert row[4].value == f.message and row[1].value == f.level_label
        assert row[3].hyperlink.location == f"'{sheet}'!{ref}"
        assert row[4].hyperlink.location == f"'{sheet}'!{ref}"
        assert (row[5].value, row[6].value, row[7].value) == (f.left, f.right, f.diff)
    assert openpyxl.load_workbook(path)[words("checks")["marks"]["store"]].sheet_state == "veryHidden"


def test_backup_and_no_change_when_clean(tmp_path):
    path = write_report(consistent("2021"), tmp_path / "clean.xlsx")
    data = path.read_bytes()
    assert mark_file(path) is None and path.read_bytes() == data
    broken = write_report(copy(consistent("2021"), t4__review__total=0), tmp_path / "b.xlsx")
    data = broken.read_bytes()
    saved = mark_file(broken)
    assert saved == tmp_path / "zwgk备份" / "b.bak.xlsx" and saved.read_bytes() == data
    assert broken.read_bytes() != data


@pytest.mark.parametrize("lock", ["~$b.xlsx", ".~lock.b.xlsx#"])
def test_refuses_a_file_open_elsewhere(tmp_path, lock):
    path = write_report(copy(consistent("2021"), t4__review__total=0), tmp_path / "b.xlsx")
    (tmp_path / lock).write_text("x")
    data = path.read_bytes()
    with pytest.raises(FileBusyError, match="正在被"):
        mark_file(path)
    assert path.read_bytes() == data and not list(tmp_path.rglob("*.bak*"))


def test_refuses_a_read_only_file(tmp_path):
    path = write_report(copy(consistent("2021"), t4__review__total=0), tmp_path / "b.xlsx")
    os.chmod(path, 0o444)
    with pytest.raises(FileBusyError, match="只读"):
        mark_file(path)
    assert not list(tmp_path.rglob("*.bak*"))


@pytest.mark.parametrize("part,content,says", [
    ("xl/charts/chart1.xml", "<chartSpace/>", "图表"),
    ("xl/threadedComments/threadedComment1.xml", "<ThreadedComments/>", "新式批注"),
    ("xl/worksheets/sheet9.xml", "<worksheet><extLst><ext><x14:dataValidations/></ext></extLst></worksheet>",
     "数据验证"),
])
def test_refuses_what_openpyxl_would_drop(tmp_path, part, content, says):
    path = write_report(copy(consistent("2021"), t4__review__total=0), tmp_path / "b.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(part, content)
    data = path.read_bytes()
    with pytest.raises(ZwgkError, match=says):
        mark_file(path)
    assert path.read_bytes() == data


def test_openpyxl_keeps_what_our_writer_wrote(tmp_path):
    """Data validations, conditional formats, merges, protection and print settings of the
    xlsxwriter workbook survive an openpyxl load/save (compared in the XML, defaults explicit)."""
    for fmt in ("2021", "2019"):
        ours = write_report(consistent(fmt), tmp_path / f"w{fmt}.xlsx", notes={"t3.new.natural": "n"})
        again = tmp_path / f"o{fmt}.xlsx"
        openpyxl.load_workbook(ours, rich_text=True).save(again)
        a, b = xml_parts(ours), xml_parts(again)
        assert a == b
        assert sum(len(v) for k, v in a.items() if k[1:] == ("dataValidations",)) >= 4
        assert sum(len(v) for k, v in a.items() if k[1:] == ("conditionalFormatting",)) >= 2
        assert read_report(again).to_dict() == read_report(ours).to_dict()
        book = openpyxl.load_workbook(again)
        assert {p.name: p.value for p in book.custom_doc_props.props} == {"zwgk_format": fmt}
        assert all(ws.protection.sheet for ws in book.worksheets)
        assert book["表三"].print_title_rows == "$2:$4"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture,
                                                                HealthCheck.large_base_example])
@given(report=reports())
def test_random_reports_mark_and_clear_exactly(tmp_path_factory, report):
    folder = tmp_path_factory.mktemp("h")
    path = write_report(report, folder / "r.xlsx")
    openpyxl.load_workbook(path, rich_text=True).save(path)   # the clerk's last save: openpyxl's
    original = snapshot(path)
    found = run_check(path)
    mark_file(path)
    marked = snapshot(path)
    anchors = {tuple(f.addresses[0].split("!")) for f in found if f.addresses}
    changed = {k for k in differences(original, marked) if isinstance(k, tuple)
               and k[0] not in (words("checks")["marks"]["sheet"], words("checks")["marks"]["store"])}
    assert changed == anchors
    clear_marks(path)
    assert differences(original, snapshot(path)) == {}


@pytest.mark.libreoffice
def test_marks_survive_a_libreoffice_resave_with_the_clerks_comment(tmp_path):
    """Marked, re-saved by LibreOffice (which writes rich text), then cleared: her comment is back."""
    import openpyxl as _openpyxl

    from zwgk.checks import check as _check
    from zwgk.synthetic import consistent_report
    from zwgk.workbook.marker import clear_marks, mark
    from zwgk.workbook.reader import read_report as _read
    from zwgk.workbook.writer import write_report as _write

    from ..libreoffice import convert

    report = consistent_report("2021", 6)
    report.cells["t3.new.natural"] += 1
    path = _write(report, tmp_path / "in" / "r.xlsx")
    wb = _openpyxl.load_workbook(path)
    wb["表三"]["J5"].comment = _openpyxl.comments.Comment("我的批注", "张三")
    wb.save(path)
    mark(path, _check(_read(path)))
    resaved = convert([path], tmp_path / "lo", "xlsx")[0]
    clear_marks(resaved)
    wb = _openpyxl.load_workbook(resaved)
    assert "校验结果" not in wb.sheetnames and "我的批注" in wb["表三"]["J5"].comment.text
