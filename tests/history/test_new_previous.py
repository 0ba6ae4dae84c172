"""`zwgk new --units --previous`: next year's workbooks pre-filled from last year's, read back."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from zwgk.checks import check
from zwgk.cli import main
from zwgk.wording import words
from zwgk.workbook.layout import workbook_layout
from zwgk.workbook.reader import read_report

from .helpers import DISTRICT, series, write_series

UNITS = ["八里堡街道办事处", "东站街道办事处", "吉林大路街道办事处"]


@pytest.fixture
def last_year(tmp_path) -> Path:
    folder = tmp_path / "2024"
    for i, unit in enumerate(UNITS):
        report, = series([2024], unit=unit)
        if i == 2:
            report.cells["t3.carried_out.legal"] = None          # blank last year stays blank
        write_series(folder, [report])
    return folder


def _units_file(tmp_path, names) -> Path:
    path = tmp_path / "units.txt"
    path.write_text("\n".join(names) + "\n# 新设单位\n", encoding="utf-8")
    return path


def test_carried_in_is_last_years_carried_out_and_marked(tmp_path, last_year, capsys):
    names = ["二道区八里堡街道", "东站街道办事处", "吉林大路街道办事处", "远达街道办事处"]
    out = tmp_path / "2025"
    assert main(["new", "--units", str(_units_file(tmp_path, names)), "--previous", str(last_year),
                 "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert "远达街道办事处" in said.out                       # no report last year: listed
    written = sorted(out.glob("*.xlsx"))
    assert len(written) == 4
    last = {read_report(p).unit: read_report(p) for p in last_year.glob("*.xlsx")}
    for name, unit in zip(names[:3], UNITS):
        path = out / f"{name}.xlsx"
        report, before = read_report(path), last[unit]
        assert (report.unit, report.district, report.year, report.format) == (name, DISTRICT, 2025, "2021")
        for col in report.spec.tables["t3"].col_ids():
            assert report.cells[f"t3.carried_in.{col}"] == before.cells[f"t3.carried_out.{col}"], (name, col)
        filled = [c for c, v in report.cells.items() if v is not None]
        assert all(c.startswith("t3.carried_in.") for c in filled)
        # the carry-over check against last year passes: the commonest cross-year error cannot happen
        assert not [f for f in check(report, before) if f.check == "carry-over"]
        _assert_marked(path, report, before)
    blank = read_report(out / "远达街道办事处.xlsx")
    assert all(v is None for v in blank.cells.values()) and blank.district == DISTRICT


def _assert_marked(path: Path, report, before) -> None:
    book = load_workbook(path)
    layout = workbook_layout(report.format)
    for cid, value in report.cells.items():
        if value is None:
            continue
        sheet, ref = layout.where(cid)
        cell = book[sheet][ref]
        assert cell.comment is not None and "预填" in cell.comment.text, cid
    info = book[words("workbook")["info"]["sheet"]]
    label = words("years")["next_year"]["info_label"]
    row = next(r for r in info.iter_rows() if r[0].value == label)
    assert "2024" in row[1].value
    t2 = book[layout.sheet_of("t2.normative.in_force").name]
    r = layout.sheet_of("t2.normative.in_force").inputs["t2.normative.in_force"][0] + 1
    beside = [c.value for c in t2[r] if isinstance(c.value, str) and "上年" in c.value]
    assert beside and str(before.cells["t2.normative.in_force"]) in beside[0]


def test_a_blank_of_last_year_stays_blank(tmp_path, last_year):
    out = tmp_path / "2025"
    main(["new", "--units", str(_units_file(tmp_path, [UNITS[2]])), "--previous", str(last_year), "-o", str(out)])
    report = read_report(out / f"{UNITS[2]}.xlsx")
    assert report.cells["t3.carried_in.legal"] is None
    assert report.cells["t3.carried_in.natural"] is not None


def test_a_2020_report_prefills_a_2021_workbook_across_formats(tmp_path):
    before, = series([2020])
    write_series(tmp_path / "2020", [before])
    out = tmp_path / "x.xlsx"
    assert main(["new", "--unit", before.unit, "--previous", str(tmp_path / "2020"), "-o", str(out)]) == 0
    report = read_report(out)
    assert (report.year, report.format) == (2021, "2021")
    assert report.cells["t3.carried_in.total"] == before.cells["t3.carried_out.total"]


def test_the_2019_items_chain_is_prefilled_from_last_years_sum(tmp_path):
    before, = series([2019])
    write_series(tmp_path / "2019", [before])
    out = tmp_path / "x.xlsx"
    main(["new", "--unit", before.unit, "--previous", str(tmp_path / "2019"), "-o", str(out)])
    report = read_report(out)
    for row in ("license", "penalty", "fees"):
        want = before.cells[f"t2.{row}.prev_items"] + before.cells[f"t2.{row}.change"]
        assert report.cells[f"t2.{row}.prev_items"] == want


def test_an_existing_workbook_is_kept_and_year_can_be_given(tmp_path, last_year, capsys):
    out = tmp_path / "2025"
    units = _units_file(tmp_path, UNITS[:1])
    main(["new", "--units", str(units), "--previous", str(last_year), "-o", str(out)])
    assert main(["new", "--units", str(units), "--previous", str(last_year), "--year", "2026",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "已备份" in err and "不是 2025 年度的报告" in err
    assert read_report(out / f"{UNITS[0]}.xlsx").year == 2026
    assert (out / "zwgk备份" / f"{UNITS[0]}.bak.xlsx").exists()


def test_refusals_in_words(tmp_path, last_year, capsys):
    write_series(last_year / "again", series([2024], unit=UNITS[0]))
    units = _units_file(tmp_path, UNITS)
    assert main(["new", "--units", str(units), "--previous", str(last_year), "-o", str(tmp_path / "o")]) == 2
    assert main(["new", "--previous", str(last_year), "-o", str(tmp_path / "o")]) == 2
    assert main(["new", "--units", str(units), "-o", str(tmp_path / "o.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "上年有两份报告" in err and "Traceback" not in err and err.count("错误：") == 3


def test_two_reports_of_a_unit_not_on_the_list_do_not_stop_the_others(tmp_path, last_year):
    write_series(last_year / "again", series([2024], unit=UNITS[2]))
    out = tmp_path / "2025"
    assert main(["new", "--units", str(_units_file(tmp_path, UNITS[:1])), "--previous", str(last_year),
                 "-o", str(out)]) == 0
    assert read_report(out / f"{UNITS[0]}.xlsx").cells["t3.carried_in.total"] is not None


def test_two_names_that_would_share_a_file_are_refused(tmp_path, capsys):
    units = _units_file(tmp_path, ["甲/乙街道", "甲 乙街道"])
    assert main(["new", "--units", str(units), "-o", str(tmp_path / "o")]) == 2
    assert "同一个文件" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_a_2019_chain_that_would_go_negative_is_left_blank(tmp_path):
    before, = series([2019])
    before.cells["t2.penalty.prev_items"], before.cells["t2.penalty.change"] = 1, -3
    write_series(tmp_path / "2019", [before])
    out = tmp_path / "x.xlsx"
    main(["new", "--unit", before.unit, "--previous", str(tmp_path / "2019"), "-o", str(out)])
    report = read_report(out)
    assert report.cells["t2.penalty.prev_items"] is None
    assert report.cells["t2.license.prev_items"] is not None
