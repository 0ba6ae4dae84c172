"""Unit and district names as the rollup compares them (rules in templates/rollup.yaml), the
district it rolls up, and what it does with backups, another district's units and the add-in's wording."""
from __future__ import annotations

import pytest

from zwgk.rollup import rollup
from zwgk.rollup.names import UnitNames, district_core, same_district

from .helpers import unit_report, write

BALIBAO = ["八里堡街道", "八里堡街道办事处", "二道区八里堡街道办事处", "八里堡街道办事处（盖章）",
           "八里堡街道办事处(盖章)", "八里堡街道办事处【公章】", "八里堡 街道办事处", "八里堡\u3000街道",
           "长春市二道区八里堡街道办事处", "吉林省长春市二道区八里堡办事处", "（二道区）八里堡街道",
           "八里堡街道办", "  八里堡街道办事处  "]


@pytest.mark.parametrize("name", BALIBAO)
def test_name_variants_are_one_unit(name):
    names = UnitNames("二道区")
    assert names.key(name) == names.key("八里堡街道")


@pytest.mark.parametrize("a,b", [
    ("八里堡街道", "东站街道"), ("英俊镇", "英俊乡"), ("二道区教育局", "二道区卫生健康局"),
    ("东风社区居委会", "西风社区居委会"), ("二道区人民政府", "二道区人民政府办公室"),
])
def test_different_units_stay_apart(a, b):
    names = UnitNames("二道区")
    assert names.key(a) != names.key(b)


def test_town_government_endings_and_nothing_left():
    names = UnitNames("吉林省长春市二道区")
    assert names.key("英俊镇人民政府") == names.key("英俊镇政府") == names.key("二道区英俊镇") == "英俊镇"
    assert names.key("二道区人民政府") == "二道区"            # a step that would leave nothing is skipped
    assert UnitNames("").key("二道区八里堡街道") != UnitNames("").key("八里堡街道")   # no district: no prefix


@pytest.mark.parametrize("a,b,same", [
    ("二道区", "长春市二道区", True), ("吉林省长春市二道区", "二道区人民政府", True),
    ("二道区", "二道区", True), ("二道区", "南关区", False), ("二道区", "", False),
    ("长春市南关区", "二道区", False),
])
def test_same_district(a, b, same):
    assert same_district(a, b) is same


def test_district_core():
    assert district_core("吉林省长春市二道区") == "二道区"
    assert district_core("长春市") == "长春市"
    assert district_core("二道区人民政府") == "二道区"


def _folder(tmp_path, districts):
    for i, district in enumerate(districts):
        report = unit_report(i)
        report.district = district
        write(tmp_path, f"{i}.xlsx", report)
    return tmp_path


def test_district_is_the_commonest_written_any_way(tmp_path):
    result = rollup(_folder(tmp_path, ["长春市二道区", "二道区", "二道区", "南关区", ""]), progress=False)
    assert result.district == "二道区"
    states = {e.file: e.state for e in result.entries}
    assert states == {"0.xlsx": "passed", "1.xlsx": "passed", "2.xlsx": "passed",
                      "3.xlsx": "wrong_district", "4.xlsx": "passed"}
    assert "未填写所属地区" in next(e.reason for e in result.entries if e.file == "4.xlsx")
    assert result.summary.district == "二道区" and result.summary.unit.startswith("二道区")


def test_district_given_overrides_the_majority(tmp_path):
    result = rollup(_folder(tmp_path, ["南关区", "南关区", "二道区"]), district="二道区", progress=False)
    assert [e.state for e in result.entries] == ["wrong_district", "wrong_district", "passed"]
    assert [e.file for e in result.counted] == ["2.xlsx"]


def test_backups_in_the_backup_folder_and_old_names_are_skipped(tmp_path):
    from zwgk.atomic import backup_folder

    report = unit_report(1)
    write(tmp_path, "甲.xlsx", report)
    older = unit_report(2, unit=report.unit)
    write(backup_folder(tmp_path / "甲.xlsx"), "甲.xlsx", older)
    write(tmp_path, "甲.bak.xlsx", older)
    write(tmp_path, "甲.bak3.xlsx", older)
    result = rollup(tmp_path, expect=[report.unit], progress=False)
    states = {e.file: e.state for e in result.entries}
    assert states.pop("甲.xlsx") == "passed"
    assert set(states.values()) == {"skipped"} and len(states) == 3
    assert result.summary.cells == report.cells


def test_addin_wording_names_no_command_line_flag(tmp_path):
    """The add-in's 报送情况 tells what to do in its own words, never a command-line option."""
    (tmp_path / "年报.docx").write_bytes(b"PK\x03\x04 not a real package")
    write(tmp_path, "甲.xlsx", unit_report(1))
    wrong = unit_report(2)
    wrong.cells["t3.new.natural"] += 1
    write(tmp_path, "乙.xlsx", wrong)
    (tmp_path / "units.txt").write_text(unit_report(1).unit + "\n", encoding="utf-8")
    seen = {}
    for where in ("cli", "addin"):
        result = rollup(tmp_path, expect=tmp_path / "units.txt", progress=False, hint_for=where)
        seen[where] = {e.file: f"{e.label} {e.reason}" for e in result.entries if e.file}
    assert seen["cli"]["年报.docx"].startswith("非模板报表（加 --import 读入）")
    assert "--include-invalid" in seen["cli"]["乙.xlsx"] and "--expect" in seen["cli"]["units.txt"]
    assert seen["addin"]["年报.docx"].startswith("非模板报表（")
    assert not [text for text in seen["addin"].values() if "--" in text]


def test_district_from_unit_names_when_no_report_names_one(tmp_path):
    """No 所属地区 anywhere: the district the unit names begin with joins their variants."""
    for i, unit in enumerate(["二道区八里堡街道办事处", "八里堡街道（盖章）", "二道区东站街道办事处"]):
        report = unit_report(1 if i < 2 else 2, unit=unit)
        report.district = ""
        write(tmp_path, f"{i}.xlsx", report)
    result = rollup(tmp_path, expect=["八里堡街道", "东站街道", "二道区远达街道"], progress=False)
    assert result.district == "二道区"
    assert sorted(e.state for e in result.entries) == ["missing", "passed", "passed", "resent"]
    assert [e.unit for e in result.by_state("missing")] == ["二道区远达街道"]


def test_no_district_guessed_from_one_name(tmp_path):
    report = unit_report(1, unit="二道区八里堡街道办事处")
    report.district = ""
    write(tmp_path, "0.xlsx", report)
    assert rollup(tmp_path, progress=False).district == ""


def test_backup_given_by_name_is_skipped(tmp_path):
    """`zwgk rollup 区/*.xlsx 区/zwgk备份/*.xlsx`: files given one by one are still known as backups."""
    from zwgk.atomic import backup_folder

    report = unit_report(1)
    unit = write(tmp_path, "甲.xlsx", report)
    kept = write(backup_folder(unit), "甲.xlsx", unit_report(2, unit=report.unit))
    result = rollup([unit, kept], progress=False)
    assert [(e.state, e.counted) for e in result.entries] == [("passed", True), ("skipped", False)]
    assert result.summary.cells == report.cells
