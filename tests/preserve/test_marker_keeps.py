"""`--mark` and `--clear` lose nothing silently: parts openpyxl would drop are refused, a reply the
clerk typed under zwgk's comment stays, a merged range is marked at its top-left cell, and an
.xlsm is marked, cleared and marked again with its VBA project and no dangling drawing link."""
from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from openpyxl.comments import Comment

from zwgk.cli import main
from zwgk.wording import words

from ..libreoffice import convert
from .helpers import as_xlsm, faulty_report, vba_project, with_part

HEAD = words("checks")["marks"]["comment_head"]


@pytest.mark.parametrize("part,says", [
    ("customXml/item1.xml", "customXml"),
    ("xl/metadata.xml", "动态数组"),
    ("xl/embeddings/oleObject1.bin", "嵌入的对象"),
    ("xl/richData/rdrichvalue.xml", "数据类型"),
    ("xl/someFutureThing/part1.xml", "xl/someFutureThing/part1.xml"),
])
def test_parts_openpyxl_would_drop_are_refused(tmp_path, capsys, part, says):
    path = with_part(faulty_report(tmp_path / "x.xlsx"), part, b"<x/>")
    data = path.read_bytes()
    for args in (["--mark"], ["--clear"]):
        assert main(["check", str(path), *args]) == 2
        err = capsys.readouterr().err
        assert says in err and "未作改动" in err and "x.xlsx" in err
    assert path.read_bytes() == data and not (tmp_path / "zwgk备份").exists()


def test_parts_that_are_safely_rebuilt_do_not_stop_marking(tmp_path):
    path = with_part(faulty_report(tmp_path / "x.xlsx"), "xl/printerSettings/printerSettings1.bin", b"\0")
    assert main(["check", str(path), "--mark"]) == 1


def _comment(path, ref="J5"):
    c = openpyxl.load_workbook(path)["表三"][ref].comment
    return None if c is None else c.text


def _comment_on_j5(path, text: str, author: str = "王芳", after_ours: bool = False) -> None:
    """What the clerk does in Excel: a comment on 表三!J5, or a reply typed under zwgk's."""
    book = openpyxl.load_workbook(path)
    cell = book["表三"]["J5"]
    if after_ours:
        text, author = cell.comment.text + text, cell.comment.author
    cell.comment = Comment(text, author)
    book.save(path)


def test_a_reply_under_zwgks_comment_survives_clear_and_the_next_mark(tmp_path):
    path = faulty_report(tmp_path / "x.xlsx")
    _comment_on_j5(path, "请王科长核对")
    assert main(["check", str(path), "--mark"]) == 1
    assert _comment(path).startswith("请王科长核对\n\n" + HEAD)
    _comment_on_j5(path, "\n已核实，系笔误。王芳", after_ours=True)
    assert main(["check", str(path), "--clear"]) == 0
    assert _comment(path) == "请王科长核对\n\n已核实，系笔误。王芳"
    assert main(["check", str(path), "--mark"]) == 1
    text = _comment(path)
    assert text.startswith("请王科长核对\n\n已核实，系笔误。王芳\n\n" + HEAD)
    assert main(["check", str(path), "--clear"]) == 0
    assert _comment(path) == "请王科长核对\n\n已核实，系笔误。王芳"


def test_a_reply_on_a_cell_she_had_not_commented_stays(tmp_path):
    path = faulty_report(tmp_path / "x.xlsx")
    assert main(["check", str(path), "--mark"]) == 1
    _comment_on_j5(path, "\n已改", after_ours=True)
    assert main(["check", str(path), "--clear"]) == 0
    assert _comment(path) == "已改"


def test_clear_without_a_reply_restores_her_comment_exactly(tmp_path):
    path = faulty_report(tmp_path / "x.xlsx")
    _comment_on_j5(path, "第一行\n\n第三行\n")
    assert main(["check", str(path), "--mark"]) == 1
    assert main(["check", str(path), "--clear"]) == 0
    c = openpyxl.load_workbook(path)["表三"]["J5"].comment
    assert (c.text, c.author) == ("第一行\n\n第三行\n", "王芳")


def test_a_flagged_cell_in_a_merged_range_is_marked_at_its_top_left(tmp_path, capsys):
    path = faulty_report(tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    book["表三"]["I5"] = book["表三"]["J5"].value
    book["表三"].merge_cells("I5:J5")              # J5, the flagged total, now lies inside it
    book.save(path)
    assert main(["check", str(path), "--mark"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert HEAD in _comment(path, "I5")
    assert main(["check", str(path), "--clear"]) == 0
    assert _comment(path, "I5") is None


def test_overlapping_merged_ranges_do_not_stop_marking(tmp_path, capsys):
    path = faulty_report(tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    book["表三"].merge_cells("C5:D5")              # overlaps A5:C5, as no spreadsheet should
    book.save(path)
    assert main(["check", str(path), "--mark"]) in (0, 1)
    assert words("checks")["marks"]["sheet"] in openpyxl.load_workbook(path).sheetnames
    assert main(["check", str(path), "--clear"]) == 0


def _legacy_links(path) -> list[tuple[str, str]]:
    """(sheet part, drawing part) for every <legacyDrawing> and whether that part is in the package."""
    out = []
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for name in names:
            found = re.fullmatch(r"xl/worksheets/(sheet\d+\.xml)", name)
            if not found or b"<legacyDrawing" not in zf.read(name):
                continue
            rels = zf.read(f"xl/worksheets/_rels/{found[1]}.rels").decode("utf-8")
            target = re.search(r'Target="/?([^"]*\.vml)"', rels)[1]
            out.append((name, target.replace("../", "xl/") if target.startswith("..") else target))
        return [(sheet, part in names) for sheet, part in out]


@pytest.mark.libreoffice
def test_an_xlsm_is_marked_cleared_and_marked_again(tmp_path, capsys):
    path = as_xlsm(faulty_report(tmp_path / "x.xlsx"), tmp_path / "宏.xlsm")
    vba = vba_project()
    for step, rc, commented in (("--mark", 1, True), ("--clear", 0, False), ("--mark", 1, True),
                                ("--clear", 0, False), ("--mark", 1, True)):
        assert main(["check", str(path), step]) == rc, capsys.readouterr().err
        with zipfile.ZipFile(path) as zf:
            assert zf.read("xl/vbaProject.bin") == vba
            assert b"macroEnabled" in zf.read("[Content_Types].xml")
        links = _legacy_links(path)
        assert all(held for _, held in links) and bool(links) == commented, (step, links)
    (out,) = convert([path], tmp_path / "lo", "xlsx")            # LibreOffice opens it whole
    ws = openpyxl.load_workbook(out)["表三"]
    assert HEAD in ws["J5"].comment.text


def test_a_damaged_marks_store_never_removes_her_sheets(tmp_path, capsys):
    path = faulty_report(tmp_path / "x.xlsx")
    assert main(["check", str(path), "--mark"]) == 1
    book = openpyxl.load_workbook(path)
    store = book[words("checks")["marks"]["store"]]
    store["B2"] = "表三"                                   # the result sheet's row now names 表三
    store.append(["表三", "ZZZ0", "<fill>", 1, "{not json", None, None, None])
    store.append(["表三", "D6", "<notxml", 1, "[1]", "7", None, None])
    store.append(["表三", 5, None, 0, None, None, None, None])
    book.save(path)
    assert main(["check", str(path), "--clear"]) == 0, capsys.readouterr().err
    sheets = openpyxl.load_workbook(path).sheetnames
    assert "表三" in sheets and words("checks")["marks"]["store"] not in sheets


@pytest.mark.parametrize("ext,says", [
    (b'<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="x"><x14:conditionalFormattings/></ext>',
     "扩展条件格式"),
    (b"<ext xmlns:my='m' uri='{12345678-AAAA-BBBB-CCCC-1234567890AB}'><my:thing/></ext>",
     "工作表扩展内容（{12345678-AAAA-BBBB-CCCC-1234567890AB}）"),
    (b'<x:ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><y:dataValidations/></x:ext>', "数据验证"),
])
def test_sheet_extensions_openpyxl_would_drop_are_refused(tmp_path, capsys, ext, says):
    path = faulty_report(tmp_path / "x.xlsx")
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts[sheet] = parts[sheet].replace(b"</worksheet>", b"<extLst>" + ext + b"</extLst></worksheet>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    data = path.read_bytes()
    assert main(["check", str(path), "--mark"]) == 2
    assert says in capsys.readouterr().err and path.read_bytes() == data
