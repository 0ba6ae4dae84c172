"""`zwgk rollup` end to end: the workbook, --json, --year, --expect, and the summary read back by
`zwgk show --json` and `zwgk check`."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from zwgk.cli import main
from zwgk.rollup.progress import Progress
from zwgk.wording import words

from .helpers import unit_report, write


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "二道区"
    for i in range(4):
        write(d, f"街道{i}.xlsx", unit_report(i))
    write(d, "去年.xlsx", unit_report(9, year=2023))
    return d


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(map(str, argv)))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rollup_show_check(folder, tmp_path, capsys):
    out = tmp_path / "区汇总.xlsx"
    code, stdout, err = run(capsys, "rollup", folder, "-o", out, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["year"] == 2024 and data["format"] == "2021" and data["counts"]["counted"] == 4
    assert "已生成" in err and "年度不符" in err
    code, stdout, _ = run(capsys, "show", out, "--json")
    shown = json.loads(stdout)
    assert code == 0 and shown["cells"] == data["cells"]
    assert shown["district"] == "二道区" and shown["unit"] == data["unit"]
    assert data["figures"]["new"] == shown["cells"]["t3.new.total"]
    code, _, _ = run(capsys, "check", out)
    assert code == 0


def test_year_chooses_units_and_format(folder, capsys):
    _, stdout, _ = run(capsys, "rollup", folder, "--json", "--year", "2023")
    data = json.loads(stdout)
    assert data["counts"]["counted"] == 1
    assert {e["state"] for e in data["entries"]} == {"passed", "wrong_year"}


def test_2020_rollup_uses_2019_format(tmp_path, capsys):
    d = tmp_path / "in"
    write(d, "a.xlsx", unit_report(1, year=2020))
    write(d, "b.xlsx", unit_report(2, year=2020, fmt="2021"))
    code, stdout, _ = run(capsys, "rollup", d, "--json")
    data = json.loads(stdout)
    assert code == 0 and data["format"] == "2019"
    assert [e["state"] for e in data["entries"]] == ["passed", "wrong_format"]


def test_expect_and_chart(folder, tmp_path, capsys):
    names = tmp_path / "units.txt"
    names.write_text(unit_report(0).unit + "\n乙街道\n", encoding="utf-8")
    out = tmp_path / "o.xlsx"
    code, stdout, err = run(capsys, "rollup", folder, "-o", out, "--expect", names, "--json")
    data = json.loads(stdout)
    assert code == 0
    assert [e["unit"] for e in data["entries"] if e["state"] == "missing"] == ["乙街道"]
    assert "未报送" in err
    with zipfile.ZipFile(out) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
        assert "barChart" in chart
        detail = words("rollup")["sheets"]["detail"]["name"]
        assert f"{detail}!$A$3:$A$6" in chart                  # the 4 counted units


def test_needs_output_or_json(folder, capsys):
    code, _, err = run(capsys, "rollup", folder)
    assert code == 2 and "-o" in err


def test_progress_bar_only_on_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(3, stream=stream)
        for i in range(3):
            bar.step(i)
        bar.close()
    assert "3/3" in tty.getvalue() and tty.getvalue().endswith("\n")
    assert pipe.getvalue() == ""


def test_import_published_reports(tmp_path, capsys):
    """--import reads .txt, .docx and .html reports (rendered here from known reports)."""
    from zwgk.render import render

    d = tmp_path / "in"
    d.mkdir()
    reports = [unit_report(i) for i in range(4)]
    for report, ext in zip(reports, ["txt", "docx", "html"]):
        render(report, d / f"{report.unit}.{ext}")
    write(d, "w.xlsx", reports[3])
    _, stdout, _ = run(capsys, "rollup", d, "--json")
    listed = [e for e in json.loads(stdout)["entries"] if e["state"] == "not_template"]
    assert len(listed) == 3 and all(e["label"] == "非模板报表（加 --import 读入）" for e in listed)
    code, stdout, _ = run(capsys, "rollup", d, "--json", "--import")
    data = json.loads(stdout)
    assert code == 0 and data["counts"]["counted"] == 4
    assert sum("导入" in e["reason"] for e in data["entries"]) == 3
    for cid, value in data["cells"].items():
        assert value == round(sum(r.cells[cid] for r in reports), 4), cid
