"""`zwgk history` on generated series of real workbooks: figures, 增减, gaps, breaks, refusals."""
from __future__ import annotations

import zipfile

import pytest

from zwgk.cli import main
from zwgk.errors import ZwgkError
from zwgk.history import build_history, write_history
from zwgk.wording import words
from zwgk.spec import counterparts
from zwgk.workbook.reader import read_report

from .helpers import series, sheet_rows, write_series, year_columns


def _figure_rows(path):
    rows = sheet_rows(path, words("years")["history"]["sheet"])
    return rows, year_columns(rows), {r[0]: r for r in rows[3:] if r and r[0]}


def test_figures_per_year_and_their_change_equal_the_reports(tmp_path):
    reports = series(range(2019, 2025))
    paths = write_series(tmp_path / "in", reports)
    out = write_history(build_history([tmp_path / "in"]), tmp_path / "h.xlsx")
    rows, cols, by_label = _figure_rows(out)
    assert sorted(cols) == list(range(2019, 2025))
    for path in paths:                               # read back as a clerk's file would be
        report = read_report(path)
        for figure in words("years")["history"]["figures"]:
            ids = [c for p in figure["cells"] for c in report.spec.match(p)]
            got = by_label[figure["label"]][cols[report.year]]
            if not ids:
                assert got == words("years")["history"]["not_in_format"].format(format=report.format)
            else:
                assert got == pytest.approx(sum(report.cells[c] for c in ids))
    new = by_label["本年新收申请"]
    for year in range(2020, 2025):
        assert new[cols[year] + 1] == new[cols[year]] - new[cols[year - 1]]


def test_carry_over_breaks_are_found_and_nothing_else(tmp_path):
    breaks = {2020: 2, 2023: -1}
    reports = series(range(2019, 2025), breaks=breaks)
    for before, report in zip(reports, reports[1:]):      # the generator did break those years
        assert (report.year in breaks) == (report.cells["t3.carried_in.natural"]
                                           != before.cells["t3.carried_out.natural"])
    write_series(tmp_path / "in", reports)
    history = build_history([tmp_path / "in"])
    found = {line.pair for line in history.pairs if line.check == "上年结转" and line.level == "错误"}
    assert found == {f"{y - 1}→{y}" for y in breaks}
    ok = {line.pair for line in history.pairs if line.check == "上年结转" and line.message == words("years")["history"]["pair_ok"]}
    assert ok == {f"{y - 1}→{y}" for y in range(2020, 2025) if y not in breaks}
    rows = sheet_rows(write_history(history, tmp_path / "h.xlsx"), words("years")["history"]["checks_sheet"])
    assert any(r[0] == "2019→2020" and r[1] == "错误" and "表三" in r[3] for r in rows)


def test_the_format_change_is_bridged_by_the_correspondence(tmp_path):
    reports = series([2020, 2021])
    write_series(tmp_path / "in", reports)
    history = build_history([tmp_path / "in"])
    lines = {line.check: line for line in history.pairs}
    assert lines["上年结转"].message == words("years")["history"]["pair_ok"]
    assert "2019 格式" in lines["现行有效件数"].message and lines["现行有效件数"].level == ""
    rows = sheet_rows(write_history(history, tmp_path / "h.xlsx"), words("years")["history"]["cells_sheet"])
    cols = year_columns(rows)
    by_id = {r[0]: r for r in rows[3:]}
    r2021 = reports[1]
    other = by_id["t3.other.total"][cols[2021]]        # 2019's one （六） row = 2021's three
    assert other == sum(r2021.cells[c] for c in counterparts("t3.other.total", "2019", "2021"))
    assert by_id["t3.other_1.total"][cols[2020]] == words("years")["history"]["not_in_format"].format(format="2019")
    assert by_id["t2.regulation.total_public"][cols[2021]] == words("years")["history"]["not_in_format"].format(format="2021")
    assert by_id["t3.new.natural"][cols[2020]] == reports[0].cells["t3.new.natural"]


def test_a_gap_year_is_a_gap_and_a_blank_stays_blank(tmp_path):
    reports = series([2021, 2022, 2024])
    reports[2].cells["t3.new.total"] = None
    write_series(tmp_path / "in", reports)
    history = build_history([tmp_path / "in"])
    assert history.gaps == [2023]
    assert any(line.pair == "2022→2023" or "2023" in line.message for line in history.pairs)
    out = write_history(history, tmp_path / "h.xlsx")
    rows, cols, by_label = _figure_rows(out)
    assert rows[2][cols[2023]] == words("years")["history"]["gap_reason"].format(year=2023)
    new = by_label["本年新收申请"]
    assert new[cols[2023]] in ("", None)
    assert new[cols[2024]] == words("years")["history"]["blank"]          # blank, never 0
    assert new[cols[2024] + 1] in ("", None) and new[cols[2023] + 1] in ("", None)


def test_two_reports_of_one_year_are_refused(tmp_path):
    reports = series([2022, 2023])
    write_series(tmp_path / "in", reports)
    write_series(tmp_path / "in" / "again", reports[1:])
    with pytest.raises(ZwgkError, match="2023 年度有两份报告"):
        build_history([tmp_path / "in"])


def test_reports_of_another_unit_are_refused_by_name(tmp_path):
    write_series(tmp_path / "in", series([2022, 2023]))
    write_series(tmp_path / "in", series([2024], unit="东站街道办事处"))
    with pytest.raises(ZwgkError) as exc:
        build_history([tmp_path / "in"])
    assert "八里堡街道办事处" in str(exc.value) and "东站街道办事处2024.xlsx" in str(exc.value)


def test_a_folder_of_one_year_s_units_is_refused_as_several_units_not_as_one_year_twice(tmp_path):
    write_series(tmp_path / "in", series([2023]) + series([2023], unit="东站街道办事处"))
    with pytest.raises(ZwgkError) as exc:
        build_history([tmp_path / "in"])
    assert "不是同一单位" in str(exc.value) and "东站街道办事处" in str(exc.value)


def test_unit_names_are_compared_normalised(tmp_path):
    reports = series([2022, 2023])
    reports[1].unit = "二道区八里堡街道（盖章）"
    reports[0].unit = "八里堡街道办事处"
    write_series(tmp_path / "in", reports)
    assert build_history([tmp_path / "in"]).unit == "二道区八里堡街道（盖章）"


@pytest.mark.libreoffice
def test_cli_writes_keeps_the_old_file_and_opens_in_libreoffice(tmp_path, capsys):
    from tests.libreoffice import convert

    write_series(tmp_path / "in", series([2022, 2023, 2024]))
    out = tmp_path / "历年对比.xlsx"
    assert main(["history", str(tmp_path / "in"), "-o", str(out)]) == 0
    assert main(["history", str(tmp_path / "in"), "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert "3 份报告" in said.out and "已备份" in said.err
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"<c:lineChart>" in z.read(charts[0])
    again, = convert([out], tmp_path / "lo")
    names = [s for s in __import__("python_calamine").CalamineWorkbook.from_path(str(again)).sheet_names]
    assert names[:4] == [words("years")["history"][k] for k in ("sheet", "chart_sheet", "checks_sheet", "cells_sheet")]
    assert sheet_rows(again, words("years")["history"]["sheet"])[3:] == sheet_rows(out, words("years")["history"]["sheet"])[3:]


def test_cli_refuses_in_words(tmp_path, capsys):
    assert main(["history", str(tmp_path / "nothing"), "-o", str(tmp_path / "h.xlsx")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["history", str(tmp_path / "empty"), "-o", str(tmp_path / "h.xlsx")]) == 2
    assert main(["history", str(tmp_path / "empty"), "-o", str(tmp_path / "h.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("错误：") == 3


def test_an_earlier_history_in_the_folder_is_not_an_input_and_the_output_never_an_input(tmp_path, capsys):
    paths = write_series(tmp_path / "in", series([2023, 2024]))
    out = tmp_path / "in" / "历年对比.xlsx"
    assert main(["history", str(tmp_path / "in"), "-o", str(out)]) == 0
    assert main(["history", str(tmp_path / "in"), "-o", str(out)]) == 0       # a rerun: replaced
    said = capsys.readouterr()
    assert "未读取" not in said.err and said.out.count("2 份报告") == 2
    assert main(["history", *map(str, paths), "-o", str(paths[0])]) == 2
    assert "输出文件是输入的报告之一" in capsys.readouterr().err
    assert read_report(paths[0]).year == 2023


def test_a_report_without_a_year_or_of_a_year_before_the_formats_is_refused(tmp_path):
    reports = series([2023, 2024])
    reports[0].year = None
    write_series(tmp_path / "a", reports)
    with pytest.raises(ZwgkError, match="年度"):
        build_history([tmp_path / "a"])
    reports = series([2023])
    reports[0].year = 1999
    write_series(tmp_path / "b", reports)
    with pytest.raises(ZwgkError, match="1999"):
        build_history([tmp_path / "b"])


def test_a_report_without_a_unit_name_is_taken_and_said(tmp_path, capsys):
    reports = series([2023, 2024])
    reports[0].unit = ""
    write_series(tmp_path / "in", reports)
    assert main(["history", str(tmp_path / "in"), "-o", str(tmp_path / "h.xlsx")]) == 0
    said = capsys.readouterr()
    assert "没有写单位名称" in said.err and "2023.xlsx" in said.err and reports[1].unit in said.out


def test_published_forms_of_the_years_mix_with_workbooks(tmp_path):
    """A workbook, a Word file and a web page, as `zwgk render` publishes them, through the importer."""
    from zwgk.render import render

    reports = series([2020, 2021, 2022])
    folder = tmp_path / "in"
    write_series(folder, reports[:1])
    render(reports[1], folder / "2021年报.docx")
    render(reports[2], folder / "2022年报.html")
    history = build_history([folder])
    assert [c.source for c in history.columns] == [f"{reports[0].unit}2020.xlsx", "2021年报.docx", "2022年报.html"]
    for column, report in zip(history.columns, reports):
        for cid, value in report.cells.items():
            if cid.startswith(("t3.", "t4.")):
                assert column.report.cells[cid] == value, (column.year, cid)
    assert {line.message for line in history.pairs if line.check == "上年结转"} == {words("years")["history"]["pair_ok"]}


def test_broken_files_beside_the_reports_are_listed_and_the_rest_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    write_series(folder, series([2023, 2024]))
    (folder / "坏.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "空.txt").write_text("", encoding="utf-8")
    (folder / "说明.docx").write_bytes(b"\x00" * 100)
    assert main(["history", str(folder), "-o", str(tmp_path / "h.xlsx")]) == 0
    err = capsys.readouterr().err
    assert all(f"未读取：{n}" in err for n in ("坏.xlsx", "空.txt", "说明.docx")), err
    assert "Traceback" not in err


def test_cells_the_importer_inferred_are_shown_as_inferred_never_as_printed(tmp_path):
    from openpyxl import load_workbook

    reports = series(range(2021, 2024))
    reports[1].inferred = ["t3.new.total"]            # as `zwgk import` notes it, kept in the workbook
    write_series(tmp_path / "in", reports)
    out = write_history(build_history([tmp_path / "in"]), tmp_path / "h.xlsx")
    rows, cols, by_label = _figure_rows(out)
    r = next(i for i, row in enumerate(rows) if row[0] == "本年新收申请")
    granted = next(i for i, row in enumerate(rows) if row[0] == "予以公开")
    sheet = load_workbook(out)[words("years")["history"]["sheet"]]
    inferred = sheet.cell(r + 1, cols[2022] + 1)
    assert inferred.value == reports[1].cells["t3.new.total"]
    assert "导入推算" in inferred.comment.text and "本年新收" in inferred.comment.text
    fill = inferred.fill.fgColor.rgb
    for year in (2022, 2023):                         # 增减 from it: the same fill
        assert sheet.cell(r + 1, cols[year] + 2).fill.fgColor.rgb == fill
    for cell in (sheet.cell(r + 1, cols[2021] + 1), sheet.cell(granted + 1, cols[2022] + 1),
                 sheet.cell(granted + 1, cols[2022] + 2)):
        assert cell.comment is None and cell.fill.fgColor.rgb != fill     # printed: plain
    assert words("years")["history"]["inferred_legend"] in [row[0] for row in rows]
    cells = load_workbook(out)[words("years")["history"]["cells_sheet"]]
    marked = [c for row in cells.iter_rows() for c in row if c.comment]
    assert [c.value for c in marked] == [reports[1].cells["t3.new.total"]]
