"""What the clerk reads: argparse in Chinese, messages that say what happened and what to do,
and the newcomer's setup (install script, package metadata)."""
from __future__ import annotations

import subprocess
import sys
import tomllib

import openpyxl

from zwgk.checks import check
from zwgk.model import Report
from zwgk.render import render
from zwgk.rollup import rollup
from zwgk.synthetic import consistent_report
from zwgk.workbook.layout import a1, workbook_layout
from zwgk.workbook.marker import mark
from zwgk.wording import words
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

from .conftest import ROOT
from .rollup.helpers import status_rows, unit_report, write

ENGLISH = ("usage:", "options:", "positional arguments", "the following arguments", "error:",
           "show this help", "invalid choice", "unrecognized")


def zwgk(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_help_and_errors_in_chinese(tmp_path):
    for args in (["--help"], ["new", "--help"], ["new"], ["new", "-o", "x.xlsx", "--format", "2020"],
                 ["new", "-o", "x.xlsx", "--year", "二〇二四"], ["bogus"], ["check", "a.xlsx", "--bogus"]):
        done = zwgk(*args, cwd=tmp_path)
        text = done.stdout + done.stderr
        assert "用法：" in text and not [w for w in ENGLISH if w in text], (args, text)
    assert "缺少必需的参数：-o/--output" in zwgk("new", cwd=tmp_path).stderr
    assert "选项" in zwgk("new", "--help").stdout and "显示本帮助并退出" in zwgk("--help").stdout


def test_check_on_a_published_report_points_to_import(tmp_path):
    seed = ROOT / "samples" / "legacy" / "004_28bf39bb901e43e5.txt"
    done = zwgk("check", seed)
    assert done.returncode == 2 and "zwgk import 004_28bf39bb901e43e5.txt" in done.stderr
    assert "Calamine" not in done.stderr and "损坏" not in done.stderr


def test_new_without_year_has_no_bare_year_in_the_title(tmp_path):
    done = zwgk("new", "--unit", "八里堡街道办事处", "-o", tmp_path / "r.xlsx")
    assert done.returncode == 0, done.stderr
    report = read_report(tmp_path / "r.xlsx")
    assert report.title == "八里堡街道办事处政府信息公开工作年度报告"
    assert render(Report.blank("2021"), "txt").splitlines()[0] == "政府信息公开工作年度报告"


def test_mark_after_a_full_fix_says_the_marks_were_cleared(tmp_path):
    report = consistent_report("2021", 2, unit="八里堡街道办事处", year=2024)
    good = report.cells["t3.new.natural"]
    report.cells["t3.new.natural"] += 2
    path = write_report(report, tmp_path / "r.xlsx")
    mark(path, check(report), keep_backup=False)
    book = openpyxl.load_workbook(path)
    sheet, ref = workbook_layout("2021").where("t3.new.natural")
    book[sheet][ref] = good
    book.save(path)
    done = zwgk("check", path, "--mark")
    assert done.returncode == 0, done.stderr
    assert "问题均已改正" in done.stdout and "标出 0 个" not in done.stdout
    assert words("checks")["marks"]["sheet"] not in openpyxl.load_workbook(path).sheetnames


def test_results_sheet_difference_matches_its_heading(tmp_path):
    report = consistent_report("2021", 2, unit="八里堡街道办事处", year=2024)
    report.cells["t3.new.total"] -= 1
    path = write_report(report, tmp_path / "r.xlsx")
    mark(path, check(report), keep_backup=False)
    rows = list(openpyxl.load_workbook(path)[words("checks")["marks"]["sheet"]].values)
    head, first = rows[1], rows[2]
    assert head[7] == "差额（左值－右值）" and first[7] == first[5] - first[6] == -1
    assert "相差 1" in first[4]


def test_corrupt_unit_file_is_unreadable_not_also_missing(tmp_path):
    folder = tmp_path / "units"
    write(folder, "吉林街道办事处.xlsx", unit_report(1, unit="吉林街道办事处"))
    (folder / "东盛街道办事处2024.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = rollup(folder, year=2024, expect=["吉林街道办事处", "东盛街道办事处"])
    states = {(e.unit, e.state) for e in result.entries}
    assert ("东盛街道办事处", "unreadable") in states and ("东盛街道办事处", "missing") not in states


def test_frozen_headers_on_t3_and_t4(tmp_path):
    book = openpyxl.load_workbook(write_report(Report.blank("2021"), tmp_path / "r.xlsx"))
    for table in ("t3", "t4"):
        lay = workbook_layout("2021").tables[table]
        assert book[lay.name].freeze_panes == a1(*lay.freeze)
    assert book["表三"].freeze_panes == "D5" and book["表四"].freeze_panes == "A5"


def test_workbook_with_the_earlier_t3_header_still_reads(tmp_path):
    """Workbooks written before 总计 stood under 申请人情况 (总计 beside it, spanning three rows)."""
    report = consistent_report("2021", 5, unit="八里堡街道办事处", year=2024)
    path = write_report(report, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["表三"]
    ws.unmerge_cells("D2:J2")
    ws.unmerge_cells("J3:J4")
    ws.merge_cells("D2:I2")
    ws["J2"], ws["J3"] = "总计", None
    ws.merge_cells("J2:J4")
    book.save(path)
    assert read_report(path).cells == report.cells


def test_install_script_waits_for_apt_and_shows_progress():
    script = (ROOT / "scripts" / "ensure-system-packages").read_text(encoding="utf-8")
    assert subprocess.run(["bash", "-n", str(ROOT / "scripts" / "ensure-system-packages")]).returncode == 0
    assert "DPkg::Lock::Timeout=600" in script and "-qq" not in script and "/dev/null\n" not in script.split("apt-get")[-1]


def test_license_is_an_spdx_expression():
    """setuptools ≥ 77 takes `license = "MIT"`; the TOML table made it print a deprecation banner."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"
    assert any(r.startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
               for r in data["build-system"]["requires"])


def test_2019_unit_column_belongs_to_its_section(tmp_path):
    """表二 (2019): the 金额单位 column sits inside the 第二十条第（九）项 box, not outside the table."""
    lay = workbook_layout("2019").tables["t2"]
    (_, unit_col), = lay.units.values()
    book = openpyxl.load_workbook(write_report(Report.blank("2019"), tmp_path / "r.xlsx"))
    sheet = book["表二"]
    caption = next(m for m in sheet.merged_cells.ranges
                   if "（九）" in str(sheet.cell(m.min_row, m.min_col).value))
    assert caption.max_col - 1 == unit_col
