"""Inputs that used to crash or mislead say what happened, in words: cross-year checks against the
wrong report, hostile JSON for `new --from`, long or dirty names, raw HTML in Markdown."""
from __future__ import annotations

import json

import docx
import pytest

from zwgk.cli import main
from zwgk.synthetic import consistent_report
from zwgk.workbook.reader import parse_year, read_report
from zwgk.workbook.writer import write_report

from .helpers import zwgk


def _report(tmp_path, name, **meta):
    return write_report(consistent_report("2021", 4, **meta), tmp_path / name)


@pytest.mark.parametrize("other,says", [
    (dict(unit="乙街道办事处", year=2023), "“乙街道办事处”的报告"),
    (dict(unit="甲街道办事处", year=2025), "2025 年度的报告"),
    (dict(unit="甲街道办事处", year=2022), "需要 2023 年度的报告"),
])
def test_previous_of_another_unit_or_year_is_refused(tmp_path, capsys, other, says):
    this = _report(tmp_path, "2024.xlsx", unit="甲街道办事处", year=2024)
    last = _report(tmp_path, "last.xlsx", **other)
    assert main(["check", str(this), "--previous", str(last)]) == 2
    err = capsys.readouterr().err
    assert says in err and "last.xlsx" in err


def test_previous_that_is_the_same_file_is_refused(tmp_path, capsys):
    this = _report(tmp_path, "2024.xlsx", unit="甲街道办事处", year=2024)
    assert main(["check", str(this), "--previous", str(this)]) == 2
    assert "本报告自身" in capsys.readouterr().err


@pytest.mark.parametrize("written", ["甲街道 办事处", "甲街道", "二道区甲街道办事处（盖章）"])
def test_previous_of_the_same_unit_written_otherwise_runs(tmp_path, written):
    """Names compared as the rollup compares them: spaces, endings, district prefix, 盖章."""
    this = _report(tmp_path, "2024.xlsx", unit="甲街道办事处", district="二道区", year=2024)
    last = _report(tmp_path, "2023.xlsx", unit=written, district="二道区", year=2023)
    assert main(["check", str(this), "--previous", str(last)]) in (0, 1)


def _json(tmp_path, **change) -> str:
    data = json.loads(consistent_report("2021", 4, unit="甲街道办事处", year=2024).to_json())
    data.update(change)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("change,says", [
    (dict(cells={"t3.new.total": 10**400}), "过大"),
    (dict(year=2023.7), "不是整数年份"),
    (dict(year=True), "不是整数年份"),
    (dict(unit="单" * 40_000), "超过表格单元格能容纳的 32767 个"),
    (dict(prose={"overview": 5}), "应为文字"),
    (dict(prose={"summary": "写在了不存在的部分"}), "没有 “summary” 这一部分"),
])
def test_new_from_hostile_json_says_what_is_wrong(tmp_path, change, says):
    done = zwgk("new", "--from", _json(tmp_path, **change), "-o", tmp_path / "out.xlsx")
    assert done.returncode == 2 and says in done.stderr and "r.json" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("text,says", [
    ("[" * 100_000 + "]" * 100_000, "嵌套层数过多"),
    ('{"format": "2021", "year": ' + "9" * 5000 + "}", "位数过多"),
    ('{"format": "2021", "cells": {"t3.new.total": 1e999}}', "不是数字"),
    ('{"format": "2021", "cells": {"t3.new.total": NaN}}', "不是数字"),
    ('{"format": "2021", "unit": ' + "[" * 900 + "]" * 900 + "}", "应为文字，实为 （列表）"),
])
def test_new_from_json_that_breaks_the_parser(tmp_path, text, says):
    (tmp_path / "r.json").write_text(text, encoding="utf-8")
    done = zwgk("new", "--from", tmp_path / "r.json", "-o", tmp_path / "out.xlsx")
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr


def test_control_characters_in_names_are_removed_and_said(tmp_path):
    source = _json(tmp_path, unit="甲街道\x00办事处", district="二道\x1b区", prose={"overview": "第一段\x07\n第二段"})
    done = zwgk("new", "--from", source, "-o", tmp_path / "out.xlsx", check_rc=0)
    assert done.stderr.count("控制字符") == 3 and "单位名称" in done.stderr
    report = read_report(tmp_path / "out.xlsx")
    assert (report.unit, report.district, report.prose["overview"]) == ("甲街道办事处", "二道区", "第一段\n第二段")


def test_characters_no_xml_file_may_hold_are_removed_and_said(tmp_path):
    (tmp_path / "r.json").write_text('{"format": "2021", "unit": "甲\\ud800街道\\uffff办事处"}', encoding="utf-8")
    done = zwgk("new", "--from", tmp_path / "r.json", "-o", tmp_path / "out.xlsx", check_rc=0)
    assert "无效字符" in done.stderr and read_report(tmp_path / "out.xlsx").unit == "甲街道办事处"


def test_a_long_unit_name_renders_to_word(tmp_path):
    unit = "某某市某某区" + "某" * 300 + "办事处"
    path = write_report(consistent_report("2021", 4, unit=unit, year=2024), tmp_path / "r.xlsx")
    done = zwgk("render", path, "-o", tmp_path / "r.docx", check_rc=0)
    assert "Traceback" not in done.stderr
    document = docx.Document(tmp_path / "r.docx")
    assert unit in "".join(p.text for p in document.paragraphs[:3])            # the title: whole
    assert len(document.core_properties.title) == 255 and document.core_properties.title.endswith("…")


def test_markdown_shows_raw_html_as_text(tmp_path):
    path = _json(tmp_path, unit="<b>甲</b>街道", prose={"overview": "<script>alert(1)</script>&nbsp;"})
    done = zwgk("render", path, "-o", "md", check_rc=0)
    assert "<script>" not in done.stdout and "<b>" not in done.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;nbsp;" in done.stdout
    assert "&lt;b&gt;甲&lt;/b&gt;街道" in done.stdout


@pytest.mark.parametrize("typed,year", [
    ("2023年度（初稿）", 2023), ("2023（草稿）", 2023), ("2023 年度报告", 2023), (2023.0, 2023),
    ("2023.7", None), (2023.7, None), ("2022-2023", None), ("2023年12月", None),
])
def test_a_year_with_a_note_is_read_and_a_fraction_is_not(typed, year):
    assert parse_year(typed) == year


def test_a_year_with_a_note_in_the_workbook(tmp_path):
    import openpyxl

    path = _report(tmp_path, "r.xlsx", unit="甲街道办事处", year=2023)
    book = openpyxl.load_workbook(path)
    info = book["基本信息"]
    row = next(r for r in range(1, 20) if info.cell(r, 1).value == "报告年度")
    info.cell(row, 2).value = "2023年度（初稿）"
    book.save(path)
    assert read_report(path).year == 2023


def test_previous_that_is_a_copy_of_this_report_is_refused(tmp_path, capsys):
    this = write_report(consistent_report("2021", 4), tmp_path / "a.xlsx")        # no unit, no year
    (tmp_path / "copy.xlsx").write_bytes(this.read_bytes())
    assert main(["check", str(this), "--previous", str(tmp_path / "copy.xlsx")]) == 2
    assert "内容完全相同" in capsys.readouterr().err
