"""A district's folder as a 政务公开办 really receives it, rolled up through the CLI, and every
summed cell compared with an independent sum (plain Decimal arithmetic over the unit JSONs).

The folder holds: a unit's workbook with the backups of a real `zwgk check --mark` cycle (its
older numbers must not count), one unit sent twice under name variants with the same numbers,
one unit sent twice with different numbers, a unit of another district, a report naming no
district, published reports (.txt/.docx/.html, one of another district) read with --import,
a hand-made workbook (read through the importer), and a unit list written with other spellings.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zwgk.atomic import is_backup
from zwgk.errors import ZwgkError
from zwgk.importer import import_file
from zwgk.problems import entry
from zwgk.render import render
from zwgk.wording import words
from zwgk.spec import load_spec
from zwgk.workbook.layout import workbook_layout

from .helpers import DISTRICT, handmade_workbook, status_rows, unit_report, write

STATES = {k: v["label"] for k, v in words("rollup")["states"].items()}


def zwgk(*argv) -> subprocess.CompletedProcess:
    """The zwgk command line, in its own process."""
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, argv)],
                          capture_output=True, text=True, timeout=120)


def files(folder) -> set:
    return {p for p in folder.rglob("*") if p.is_file()}


def fill_in_excel(path, truth) -> None:
    """The clerk fills the cells left blank, in the marked workbook (openpyxl, as Excel would save)."""
    spec, layout = load_spec(truth.format), workbook_layout(truth.format)
    book = load_workbook(path)
    for cid, value in truth.cells.items():
        table = layout.tables[spec.cells[cid].table]
        r, c, _, _ = table.inputs[cid]
        cell = book[table.name].cell(r + 1, c + 1)
        if cell.value is None:
            cell.value = value
    book.save(path)


def mark_cycle(folder, name: str, truth):
    """Sent with blanks (countable, with warnings), marked by `zwgk check --mark`, filled in,
    checked and marked again: the backups hold the older numbers."""
    older = unit_report(0, blanks=4, unit=truth.unit)
    older.cells = {c: (None if older.cells[c] is None else v) for c, v in truth.cells.items()}
    path = write(folder, name, older)
    before = files(folder)
    assert zwgk("check", path, "--mark").returncode in (0, 1)
    fill_in_excel(path, truth)
    assert zwgk("check", path, "--mark").returncode == 0
    backups = files(folder) - before
    assert len(backups) == 2 and all(is_backup(p.relative_to(folder)) for p in backups), backups
    return backups


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """(folder, the reports that must be summed, the unit list, what is expected of each file)."""
    d = tmp_path_factory.mktemp("district") / "二道区2024"
    summed, expect = [], {}

    marked = unit_report(0, unit="荣光街道办事处")
    backups = mark_cycle(d, "荣光街道2024.xlsx", marked)
    summed.append(marked)
    expect["荣光街道2024.xlsx"] = "passed"
    expect.update({p.relative_to(d).as_posix(): "skipped" for p in backups})

    same = unit_report(1, unit="八里堡街道办事处")
    write(d, "八里堡街道办事处2024年报.xlsx", same)
    variant = unit_report(1, unit="二道区 八里堡街道（盖章）")
    write(d, "报送/八里堡（终版）.xlsx", variant)
    summed.append(same)
    expect.update({"八里堡街道办事处2024年报.xlsx": "passed", "报送/八里堡（终版）.xlsx": "resent"})

    write(d, "东站街道.xlsx", unit_report(2, unit="东站街道"))
    write(d, "东站街道办事处-改.xlsx", unit_report(3, unit="东站街道办事处"))
    expect.update({"东站街道.xlsx": "duplicate", "东站街道办事处-改.xlsx": "duplicate"})

    other = unit_report(4, unit="永长街道办事处")
    other.district = "长春市南关区"
    write(d, "永长街道.xlsx", other)
    expect["永长街道.xlsx"] = "wrong_district"

    nameless = unit_report(5, unit="英俊镇人民政府")
    nameless.district = ""
    write(d, "英俊镇.xlsx", nameless)
    summed.append(nameless)
    expect["英俊镇.xlsx"] = "passed"

    for i, ext in enumerate(("txt", "docx", "html"), start=6):
        report = unit_report(i, unit=f"第{i}街道办事处")
        render(report, d / f"第{i}街道年报.{ext}")
        summed.append(report)
        expect[f"第{i}街道年报.{ext}"] = "passed"
    published = unit_report(9, unit="南关区曙光街道办事处")
    published.district = "南关区"
    render(published, d / "曙光街道.html")
    expect["曙光街道.html"] = "wrong_district"

    handmade = unit_report(10, unit="劝农山镇人民政府")
    handmade_workbook(handmade, d / "劝农山镇手工表.xlsx")
    summed.append(handmade)
    expect["劝农山镇手工表.xlsx"] = "passed"

    units = d / "units.txt"
    units.write_text("荣光街道\n二道区八里堡街道办事处\n东站街道办事处\n英俊镇\n劝农山镇\n东盛街道办事处\n",
                     encoding="utf-8")
    return d, summed, expect


@pytest.fixture(scope="module")
def rolled(district, tmp_path_factory):
    d, _, _ = district
    out = tmp_path_factory.mktemp("out") / "区汇总.xlsx"
    done = zwgk("rollup", d, "-o", out, "--import", "--expect", d / "units.txt", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), out, done.stderr


def independent_sum(reports) -> dict:
    """Cell by cell over the units' JSON views: blank only where every unit left it blank."""
    out = {}
    for report in reports:
        for cid, value in json.loads(report.to_json())["cells"].items():
            if value is not None:
                out[cid] = out.get(cid, Decimal(0)) + Decimal(repr(value))
    return out


def test_every_summed_cell_equals_the_independent_sum(district, rolled, capsys):
    _, summed, _ = district
    data, out, _ = rolled
    want = independent_sum(summed)
    shown = zwgk("show", out, "--json")
    cells = json.loads(shown.stdout)["cells"]
    assert set(cells) == set(data["cells"])
    for cid, value in cells.items():
        if cid in want:
            assert value is not None and Decimal(repr(value)) == want[cid], cid
        else:
            assert value is None, cid
    assert data["counts"]["counted"] == len(summed)


def test_each_file_has_its_state(district, rolled):
    d, _, expect = district
    data, out, _ = rolled
    states = {e["file"]: e["state"] for e in data["entries"] if e["file"]}
    assert {f: states.get(f) for f in expect} == expect
    rows = status_rows(out)
    for name, state in expect.items():
        assert rows[name][1] == STATES[state].format(n=0, hint=""), name


def test_backups_never_count_and_are_named(district, rolled):
    d, _, expect = district
    data, _, _ = rolled
    backups = [e for e in data["entries"] if e["file"] in expect and expect[e["file"]] == "skipped"]
    assert backups and all(e["reason"] == entry("rollup.backup").message and not e["unit"] for e in backups)
    counted = [e["unit"] for e in data["entries"] if e["counted"]]
    assert counted.count("荣光街道办事处") == 1


def test_unit_list_matched_through_name_variants(rolled):
    data, _, _ = rolled
    missing = [e["unit"] for e in data["entries"] if e["state"] == "missing"]
    # 劝农山镇's hand-made workbook is its report whether or not it could be read: never 未报送
    assert missing == ["东盛街道办事处"]
    not_listed = entry("rollup.not_expected").message
    flagged = {e["unit"] for e in data["entries"] if e["reason"].endswith(not_listed)}
    assert "八里堡街道办事处" not in flagged and "英俊镇人民政府" not in flagged


def test_reasons_say_what_happened(district, rolled):
    data, _, stderr = rolled
    by_file = {e["file"]: e for e in data["entries"]}
    assert "未填写所属地区" in by_file["英俊镇.xlsx"]["reason"]
    assert "长春市南关区" in by_file["永长街道.xlsx"]["reason"]
    assert "八里堡街道办事处2024年报.xlsx" in by_file["报送/八里堡（终版）.xlsx"]["reason"]
    assert "均未计入" in by_file["东站街道.xlsx"]["reason"]
    n_cells = len(data["cells"])
    for name in ("第6街道年报.txt", "第7街道年报.docx", "第8街道年报.html"):
        found = re.search(r"读入 (\d+) 格(?:，推算 (\d+) 格)?.*空白 (\d+) 格", by_file[name]["reason"])
        assert found, by_file[name]["reason"]
        read, inferred, blank = int(found[1]), int(found[2] or 0), int(found[3])
        assert blank == 0 and read + inferred == n_cells
        assert by_file[name]["imported"] == {"read": read, "inferred": inferred, "blank": blank}
    if by_file["劝农山镇手工表.xlsx"]["state"] == "unreadable":
        assert by_file["劝农山镇手工表.xlsx"]["reason"].startswith("导入失败")
    assert "地区不符" in stderr and "Traceback" not in stderr


def test_without_import_non_template_reports_are_listed_as_such(district, tmp_path):
    d, _, _ = district
    done = zwgk("rollup", d, "--json")
    entries = {e["file"]: e for e in json.loads(done.stdout)["entries"]}
    label = STATES["not_template"].format(hint=words("rollup")["hints"]["cli"]["import"])
    for name in ("第6街道年报.txt", "第7街道年报.docx", "第8街道年报.html", "劝农山镇手工表.xlsx"):
        assert entries[name]["label"] == label == "非模板报表（加 --import 读入）", name
    assert entries["units.txt"]["state"] == "not_report"          # not given as --expect here
    assert entries["units.txt"]["reason"] == entry("rollup.no_tables").message


@pytest.mark.libreoffice
def test_handmade_workbooks_saved_as_xls_and_ods(tmp_path):
    """Hand-made workbooks as WPS/Excel save them (.xls, .ods by LibreOffice): 非模板报表 without
    --import; with it, summed exactly when the importer reads them (branch handmade), else listed
    with the importer's reason."""
    from ..libreoffice import convert

    made = tmp_path / "made"
    made.mkdir()
    truth = {}
    for i, to in ((11, "xls"), (12, "ods")):
        report = unit_report(i, unit=f"第{i}镇人民政府")
        truth[f"第{i}镇.{to}"] = report
        handmade_workbook(report, made / f"第{i}镇.xlsx")
        convert([made / f"第{i}镇.xlsx"], tmp_path / "in", to)
    folder = tmp_path / "in"
    plain = json.loads(zwgk("rollup", folder, "--json").stdout)
    label = STATES["not_template"].format(hint=words("rollup")["hints"]["cli"]["import"])
    assert {e["file"]: e["label"] for e in plain["entries"]} == dict.fromkeys(truth, label)
    data = json.loads(zwgk("rollup", folder, "--json", "--import").stdout)
    summed = []
    for e in data["entries"]:
        assert e["counted"] and e["state"] == "passed", e
        summed.append(truth[e["file"]])
    want = independent_sum(summed)
    assert {c: Decimal(repr(v)) for c, v in data["cells"].items() if v is not None} == want
