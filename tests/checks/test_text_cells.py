"""What a clerk types as text: never a number to zwgk, as it is none to the spreadsheet."""
import openpyxl
import pytest

from zwgk.checks import check
from zwgk.synthetic import consistent_report
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report


def typed(tmp_path, fmt, cell, text, sheet="表三"):
    path = write_report(consistent_report(fmt, 2, year=2024 if fmt == "2021" else 2020), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = text
    wb.save(path)
    return read_report(path)


@pytest.mark.parametrize("text", ["6", "nan", "inf", "1e3", "6_0", "٣", "-0", "1e400"])
def test_text_in_a_number_cell_is_a_domain_error(tmp_path, text):
    report = typed(tmp_path, "2021", "D5", text)
    assert report.cells["t3.new.natural"] is None and report.texts["t3.new.natural"] == text
    domain = [f for f in check(report) if f.check == "domain"]
    assert [f.cells for f in domain] == [("t3.new.natural",)] and f"“{text}”" in domain[0].message


def test_a_number_stored_as_text_is_named_so(tmp_path):
    message = next(f.message for f in check(typed(tmp_path, "2021", "D5", "6")) if f.check == "domain")
    assert "以文本形式存储的数字" in message


def test_unknown_amount_unit_is_a_domain_error(tmp_path):
    report = typed(tmp_path, "2019", "E24", "千元", sheet="表二")
    assert report.units["t2.procurement.amount"] == "千元"
    domain = [f for f in check(report) if f.check == "domain"]
    assert len(domain) == 1 and "千元" in domain[0].message and "万元" in domain[0].message
