"""`zwgk check` as a clerk runs it: exit status, text and JSON output, --previous, --mark, --clear."""
from __future__ import annotations

import json
import subprocess
import sys

import openpyxl

from zwgk.cli import main
from zwgk.wording import words
from zwgk.workbook.writer import write_report

from .helpers import consistent, copy, seeds, small


def zwgk(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zwgk.cli", "check", *map(str, args)],
                          check=False, capture_output=True, text=True, timeout=60)


def test_clean_report_exits_0(tmp_path):
    path = write_report(small(), tmp_path / "ok.xlsx")
    out = zwgk(path)
    assert out.returncode == 0, out.stderr
    assert "全部校验通过" in out.stdout


def test_errors_exit_1_grouped_by_level(tmp_path):
    report = copy(small(), t3__new__total=7, t4__review__total=None)
    path = write_report(report, tmp_path / "bad.xlsx")
    out = zwgk(path)
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert lines[0].endswith("2 个错误，1 个警告")
    assert lines.index("错误（2）") < lines.index("警告（1）")
    assert any("表三!J5" in ln and "表三 一、本年新收 总计应为 6（各列之和），实填 7，相差 1" in ln for ln in lines)


def test_warnings_only_exit_0_and_blanks_are_shortened(tmp_path):
    path = write_report(seeds()["004_28bf39bb901e43e5.txt"], tmp_path / "blank.xlsx")
    out = zwgk(path)
    assert out.returncode == 0
    assert "警告（164）" in out.stdout and "另有 144 个空白单元格" in out.stdout
    assert zwgk(path, "--all").stdout.count("未填写") == 164


def test_json_output(tmp_path):
    report = copy(small(), t3__new__total=7)
    path = write_report(report, tmp_path / "bad.xlsx")
    out = zwgk(path, "--json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["summary"]["errors"] == 2 and data["summary"]["by_check"] == {"t3-row-total": 1, "t3-balance": 1}
    first = data["findings"][0]
    assert first["check"] == "t3-row-total" and first["level_label"] == "错误"
    assert first["addresses"][0] == "表三!J5" and (first["left"], first["right"], first["diff"]) == (7, 6, 1)


def test_previous_year(tmp_path):
    this = consistent("2021", year=2024)
    last = consistent("2019", year=2023)
    a = write_report(this, tmp_path / "2024.xlsx")
    b = write_report(last, tmp_path / "2023.xlsx")
    out = zwgk(a, "--previous", b, "--json")
    findings = json.loads(out.stdout)["findings"]
    assert out.returncode == 1
    assert {f["check"] for f in findings} == {"carry-over"}
    assert len(findings) == sum(this.cells[f"t3.carried_in.{c}"] != last.cells[f"t3.carried_out.{c}"]
                                for c in ("natural", "business", "research", "nonprofit", "legal",
                                          "other_org", "total"))


def test_json_report_as_input(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(copy(consistent("2021"), t4__review__total=0).to_json(), encoding="utf-8")
    assert zwgk(path).returncode == 1


def test_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    out = zwgk(bad)
    assert out.returncode == 2 and "x.xlsx" in out.stderr and "无法打开" in out.stderr
    assert zwgk(tmp_path / "missing.xlsx").returncode == 2


def test_mark_and_clear(tmp_path, capsys):
    path = write_report(copy(consistent("2021"), t4__review__total=0), tmp_path / "m.xlsx")
    assert main(["check", str(path), "--mark"]) == 1
    assert "zwgk备份/m.bak.xlsx" in capsys.readouterr().out
    assert words("checks")["marks"]["sheet"] in openpyxl.load_workbook(path).sheetnames
    assert main(["check", str(path), "--clear"]) == 0
    assert words("checks")["marks"]["sheet"] not in openpyxl.load_workbook(path).sheetnames
    (tmp_path / "~$m.xlsx").write_text("x")
    assert main(["check", str(path), "--mark"]) == 2
    assert "正在被" in capsys.readouterr().err


def test_mark_copy_leaves_the_original_alone(tmp_path):
    """The drag-and-drop / “Send to” launcher: a checked copy beside the file, original untouched."""
    import subprocess
    import sys

    from zwgk.synthetic import consistent_report
    from zwgk.workbook.writer import write_report

    report = consistent_report("2021", 5)
    report.cells["t3.new.natural"] += 1
    path = write_report(report, tmp_path / "荣光街道.xlsx")
    before = path.read_bytes()
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", str(path), "--mark", "--copy"],
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    copy = tmp_path / "荣光街道（已校验）.xlsx"
    assert path.read_bytes() == before and copy.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["荣光街道.xlsx", "荣光街道（已校验）.xlsx"]
    import openpyxl
    assert "校验结果" in openpyxl.load_workbook(copy).sheetnames


def test_mark_copy_of_an_unmarkable_file_leaves_nothing(tmp_path):
    import subprocess
    import sys

    from zwgk.model import Report

    json_path = tmp_path / "r.json"
    json_path.write_text(Report.blank("2021").to_json(), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", str(json_path), "--mark", "--copy"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "xlsx" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", str(json_path), "--clear", "--copy"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--copy" in done.stderr
