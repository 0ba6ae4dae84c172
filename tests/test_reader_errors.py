"""Files that are not reports get a clear Chinese error naming file, sheet and cell, and exit 2."""
import subprocess
import sys

import openpyxl
import pytest

from zwgk.errors import NotAReportError, UnreadableFileError
from zwgk.model import Report
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report


def show(path):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", "show", str(path), "--json"],
                          capture_output=True, text=True)


def test_random_bytes(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"\x00\x01garbage" * 100)
    with pytest.raises(UnreadableFileError):
        read_report(bad)
    done = show(bad)
    assert done.returncode == 2 and "坏文件.xlsx" in done.stderr and "无法打开" in done.stderr


def test_other_workbook(tmp_path):
    path = tmp_path / "别的表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    done = show(path)
    assert done.returncode == 2 and "不是 zwgk 报表" in done.stderr and "表二" in done.stderr


def test_altered_label_names_sheet_and_cell(tmp_path):
    path = write_report(Report.blank("2021"), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["表三"]["A5"] = "随便写的"
    wb.save(path)
    with pytest.raises(NotAReportError) as err:
        read_report(path)
    text = str(err.value)
    assert "表三" in text and "A5" in text and "随便写的" in text and "一、本年新收政府信息公开申请数量" in text
    assert show(path).returncode == 2


def test_formula_in_input_is_not_trusted(tmp_path):
    path = write_report(Report.blank("2021"), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["表三"]["D5"] = "=2+3"
    wb.save(path)
    report = read_report(path)
    assert report.cells["t3.new.natural"] is None and report.texts["t3.new.natural"] == "=2+3"


def test_format_detected_without_info_sheet(tmp_path):
    path = write_report(Report.blank("2019"), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["基本信息"]
    wb.save(path)
    assert read_report(path).format == "2019"
