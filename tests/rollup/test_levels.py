"""A city over its districts: a generated tree of 10 district folders of 20 units, one district
sending a stale summary beside its units, one only its summary, one never reporting; the sums
are compared with an independent sum of the generated reports (not through the rollup)."""
from __future__ import annotations

import shutil

import pytest

from zwgk.cli import main
from zwgk.problems import entry
from zwgk.rollup import rollup, write_rollup
from zwgk.wording import words
from zwgk.workbook.reader import read_report

from .helpers import sheet_rows, status_rows, unit_report, write

DISTRICTS = ["二道区", "南关区", "朝阳区", "宽城区", "绿园区", "双阳区", "九台区", "榆树市", "德惠市", "农安县"]
MISSING = "公主岭市"
STALE, ONLY_SUMMARY, WITH_LIST = "南关区", "朝阳区", "宽城区"
UNITS = 20


def district_reports(k: int, name: str) -> list:
    out = []
    for i in range(UNITS):
        # a few blank cells: a summary over them may break row totals, and still counts
        r = unit_report(100 * k + i, blanks=2 if i == 3 else 0)
        r.district, r.unit = f"长春市{name}" if i % 2 else name, f"{name}第{i:02d}街道办事处"
        out.append(r)
    return out


def independent(reports) -> dict:
    """Cell sums of the generated reports, blank cells left out (a cell blank everywhere: None)."""
    out = {}
    for r in reports:
        for cid, v in r.cells.items():
            if v is not None:
                out[cid] = out.get(cid, 0) + v
    return out


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    root = tmp_path_factory.mktemp("levels") / "长春市"
    counted = {}
    for k, name in enumerate(DISTRICTS):
        reports = district_reports(k, name)
        for i, r in enumerate(reports):
            write(root / name, f"{i:02d}.xlsx", r)
        counted[name] = reports
    # 南关区: its summary of last month (three units fewer) still in the folder
    partial = root.parent / "partial"
    partial.mkdir()
    for i in range(UNITS - 3):
        shutil.copy(root / STALE / f"{i:02d}.xlsx", partial / f"{i}.xlsx")
    write_rollup(rollup(partial), root / STALE / "区汇总.xlsx")
    # 朝阳区 sent only its summary
    write_rollup(rollup(root / ONLY_SUMMARY), root.parent / "cy.xlsx")
    shutil.rmtree(root / ONLY_SUMMARY)
    (root / ONLY_SUMMARY).mkdir()
    shutil.copy(root.parent / "cy.xlsx", root / ONLY_SUMMARY / "朝阳区汇总.xlsx")
    # 宽城区 lists a unit that never reported
    names = [r.unit for r in counted[WITH_LIST]] + ["宽城区第99街道办事处"]
    (root / WITH_LIST / "units.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    (root.parent / "districts.txt").write_text("\n".join(DISTRICTS + [MISSING]) + "\n", encoding="utf-8")
    return root, counted


@pytest.fixture(scope="module")
def result(city):
    root, _ = city
    return rollup(root, district="长春市", expect=root.parent / "districts.txt")


def test_city_sum_equals_independent_sum(city, result):
    _, counted = city
    want = independent([r for rs in counted.values() for r in rs])
    got = {c: v for c, v in result.summary.cells.items() if v is not None}
    assert got == pytest.approx(want)
    assert len(result.counted) == 9 * UNITS + 1          # 朝阳区 by its summary
    assert result.summary.unit.startswith("长春市")


def test_each_district_total(city, result):
    _, counted = city
    parts = {p.name: p for p in result.districts}
    assert set(parts) == set(DISTRICTS)
    for name in DISTRICTS:
        got = {c: v for c, v in parts[name].total.cells.items() if v is not None}
        assert got == pytest.approx(independent(counted[name])), name


def test_stale_summary_compared_not_counted(result):
    e = next(e for e in result.entries if e.file == f"{STALE}/区汇总.xlsx")
    assert e.state == "summary_stale" and not e.counted
    assert f"{UNITS} 个单位" in e.reason and "单位合计" in e.reason
    only = next(e for e in result.entries if e.file == f"{ONLY_SUMMARY}/朝阳区汇总.xlsx")
    assert only.counted and only.level == ONLY_SUMMARY


def test_missing_district_and_unit(result):
    missing = {(e.level, e.unit) for e in result.by_state("missing")}
    assert missing == {(MISSING, MISSING), (WITH_LIST, "宽城区第99街道办事处")}
    listed = next(e for e in result.entries if e.file == f"{WITH_LIST}/units.txt")
    assert listed.state == "skipped" and listed.reason == entry("rollup.unit_list_read").message


def test_workbook_lists_districts_with_their_units(city, result, tmp_path):
    root, _ = city
    out = write_rollup(result, tmp_path / "市汇总.xlsx")
    rows = sheet_rows(out, words("rollup")["sheets"]["detail"]["name"])
    heads = [r[0] for r in rows[2:]]
    lv = words("rollup")["levels"]
    district_rows = [i for i, h in enumerate(heads) if h.endswith(lv["district_row"].format(district=""))]
    assert len(district_rows) == len(DISTRICTS)
    first = heads[district_rows[0] + 1]
    assert first.startswith(lv["indent"])
    status = status_rows(out)
    assert status[MISSING][1] == "未报送"
    back = read_report(out)
    assert back.cells == result.summary.cells


def test_city_of_summaries_with_its_units_counts_once(city, tmp_path):
    """A flat folder of district summaries, one district's units beside its summary."""
    root, counted = city
    flat = tmp_path / "flat"
    flat.mkdir()
    for name in DISTRICTS[2:5]:
        write_rollup(rollup(root / name), flat / f"{name}.xlsx")
    for i in range(UNITS):
        shutil.copy(root / DISTRICTS[3] / f"{i:02d}.xlsx", flat / f"宽城{i:02d}.xlsx")
    got = rollup(flat)
    want = independent([r for n in DISTRICTS[2:5] for r in counted[n]])
    assert {c: v for c, v in got.summary.cells.items() if v is not None} == pytest.approx(want)
    e = next(e for e in got.entries if e.file == f"{DISTRICTS[3]}.xlsx")
    assert e.state == "summary_checked" and not e.counted
    assert got.district == "长春市"                    # the level all districts are written under


def test_cli_city(city, tmp_path, capsys):
    root, _ = city
    out = tmp_path / "市汇总.xlsx"
    assert main(["rollup", str(root), "-o", str(out), "--expect", str(root.parent / "districts.txt")]) == 0
    err = capsys.readouterr().err
    assert "汇总不符" in err and MISSING in err and "Traceback" not in err


def test_report_naming_no_district_at_the_top_is_shown_where_counted(city, tmp_path):
    """A unit report dropped at the top of the city folder, naming no district: counted, and shown
    under its own heading so 各单位明细 still adds up to the city's total."""
    root, _ = city
    tree = tmp_path / "市"
    for name in DISTRICTS[:2]:
        shutil.copytree(root / name, tree / name)
    stray = unit_report(777, unit="某某局")
    stray.district = ""
    write(tree, "某某局.xlsx", stray)
    got = rollup(tree, district="长春市")
    parts = {p.name: p for p in got.districts}
    nowhere = parts[words("rollup")["levels"]["no_district"]]
    assert [e.file for e in nowhere.entries if e.counted] == ["某某局.xlsx"]
    for cid in ("t3.new.total", "t3.total.total"):
        assert sum(p.total.cells[cid] or 0 for p in parts.values()) == got.summary.cells[cid]
