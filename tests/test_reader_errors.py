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


def test_shared_formulas_filled_down_are_not_trusted(tmp_path):
    """Excel writes a filled-down formula as <f t="shared" si="0"/> in every cell but the first."""
    import re
    import zipfile

    report = Report.blank("2021")
    report.cells.update({"t3.new.natural": 3, "t3.carried_in.natural": 4})
    path = write_report(report, tmp_path / "r.xlsx")
    patched = tmp_path / "p.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":          # 表三
                text = data.decode()
                text = re.sub(r'<c r="D5"([^>]*)><v>3</v></c>',
                              r'<c r="D5"\1><f t="shared" ref="D5:D6" si="0">E5&amp;F5</f><v>3</v></c>', text)
                text = re.sub(r'<c r="D6"([^>]*)><v>4</v></c>', r'<c r="D6"\1><f t="shared" si="0"/><v>4</v></c>', text)
                data = text.encode()
            dst.writestr(item, data)
    back = read_report(patched)
    assert back.cells["t3.new.natural"] is None and back.texts["t3.new.natural"] == "=E5&F5"
    assert back.cells["t3.carried_in.natural"] is None and back.texts["t3.carried_in.natural"].startswith("=")


def test_year_typed_as_text_is_read(tmp_path):
    from zwgk.workbook.reader import parse_year

    assert [parse_year(x) for x in (2024, "2024", "2024年", "二〇二三年度", " 2022 ")] == [2024, 2024, 2024, 2023, 2022]
    assert [parse_year(x) for x in ("24", "去年", None, "", "12024")] == [None] * 5
    path = write_report(Report.blank("2021"), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["基本信息"]["B4"] = "2024年"
    wb.save(path)
    assert read_report(path).year == 2024


def test_output_into_a_closed_pipe_is_quiet(tmp_path):
    path = write_report(Report.blank("2021"), tmp_path / "r.xlsx")
    done = subprocess.run(f"{sys.executable} -m zwgk.cli show {path} --json | head -1", shell=True,
                          capture_output=True, text=True)
    assert done.stdout.strip() == "{" and "Traceback" not in done.stderr
