"""The written workbook, read with openpyxl as an independent reader: labels, print, protection."""
import re

import openpyxl
import pytest

from zwgk.model import Report
from zwgk.spec import load_spec
from zwgk.workbook.layout import a1, workbook_layout
from zwgk.workbook.writer import write_report

from .conftest import require_shared


def _norm(text) -> str:
    return re.sub(r"[\s（）()“”\"]", "", str(text or ""))


@pytest.fixture(scope="module", params=["2021", "2019"])
def book(request, tmp_path_factory):
    fmt = request.param
    path = write_report(Report.blank(fmt, unit="八里堡街道办事处", year=2024),
                        tmp_path_factory.mktemp(fmt) / "r.xlsx")
    return fmt, openpyxl.load_workbook(path)


def test_sheets(book):
    fmt, wb = book
    assert wb.sheetnames == ["基本信息", "表二", "表三", "表四", "文字部分"]


def test_every_label_where_the_layout_says(book):
    fmt, wb = book
    for lay in workbook_layout(fmt).tables.values():
        ws = wb[lay.name]
        merged = {str(m) for m in ws.merged_cells.ranges}
        for box in lay.boxes:
            assert ws.cell(box.r1 + 1, box.c1 + 1).value == box.text
            if (box.r1, box.c1) != (box.r2, box.c2):
                assert f"{a1(box.r1, box.c1)}:{a1(box.r2, box.c2)}" in merged


def _official_labels(fmt: str) -> set[str]:
    """Labels of official-format.md for this format's tables (t3 rows, t4 groups and columns)."""
    doc = (require_shared() / "official-format.md").read_text(encoding="utf-8")
    t3 = doc[doc.index("## 表三"):doc.index("## 表四")]
    labels = set()
    for line in t3.splitlines():
        m = re.match(r"\| ([^|`]+?) \| `", line)
        if m:
            for part in re.split(r" → | / ", m.group(1)):
                if "…" not in part and (fmt == "2021" or not part.startswith(("1.申请人", "2.申请人", "3.其他"))):
                    labels.add(part.strip())
    labels |= set(re.findall(r"→ (\S+?) `", t3))
    labels |= {"申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
               "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
    return labels


def test_official_labels_are_in_the_workbook(book):
    fmt, wb = book
    present = {_norm(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value}
    missing = [label for label in _official_labels(fmt) if _norm(label) not in present]
    assert not missing


def test_corner_note_and_every_cell_id_has_an_input(book):
    fmt, wb = book
    lay = workbook_layout(fmt)
    assert wb["表三"]["A2"].value == load_spec(fmt).tables["t3"].corner
    assert set(load_spec(fmt).cells) == {c for t in lay.tables.values() for c in t.inputs}


def test_print_setup(book):
    fmt, wb = book
    for name, landscape in (("表二", False), ("表三", True), ("表四", True)):
        ws = wb[name]
        assert ws.page_setup.paperSize in (9, "9")
        assert (ws.page_setup.orientation == "landscape") == landscape
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None)
        assert ws.page_setup.fitToHeight in (0, "0")
    assert wb["表三"].print_title_rows == "$2:$4"


def test_protection_locks_labels_and_unlocks_inputs(book):
    fmt, wb = book
    for lay in workbook_layout(fmt).tables.values():
        ws = wb[lay.name]
        assert ws.protection.sheet and not ws.protection.password
        for (r, c, _, _) in lay.inputs.values():
            assert ws.cell(r + 1, c + 1).protection.locked is False
        for box in lay.boxes:
            assert ws.cell(box.r1 + 1, box.c1 + 1).protection.locked is not False


def test_data_validation_with_chinese_messages(book):
    fmt, wb = book
    ws = wb["表三"]
    dvs = ws.data_validations.dataValidation
    assert any(dv.type == "whole" and dv.operator == "greaterThanOrEqual" and "整数" in dv.error
               for dv in dvs)
    covered = " ".join(str(dv.sqref) for dv in dvs)
    assert "D5" in covered
    if fmt == "2019":
        t2 = wb["表二"].data_validations.dataValidation
        assert any(dv.type == "whole" and dv.operator in (None, "between") and "负数" in dv.error for dv in t2)
    else:
        t2 = wb["表二"].data_validations.dataValidation
        assert any(dv.type == "decimal" for dv in t2)
        lay = workbook_layout(fmt).tables["t2"]
        r, c, _, _ = lay.inputs["t2.fees.amount"]
        assert wb["表二"].cell(r + 1, c + 1).number_format == "0.0000"


def test_live_checks_have_red_conditional_format(book):
    fmt, wb = book
    rules = [r for rng in wb["表三"].conditional_formatting for r in rng.rules]
    assert any('"✗"' in (r.formula or [""])[0] for r in rules)
