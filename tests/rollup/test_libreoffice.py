"""LibreOffice opens the summary workbook as a real spreadsheet engine: its live checks compute
to ✓ on sums of valid reports, the extra sheets and the chart survive, and the re-saved file is
still a report zwgk reads with the same sums."""
from __future__ import annotations

import zipfile

import pytest

from zwgk.rollup import rollup, write_rollup
from zwgk.wording import words
from zwgk.wording import words
from zwgk.workbook.reader import read_report

from ..libreoffice import recalculate
from .helpers import sheet_rows, unit_folder, unit_report, write

pytestmark = pytest.mark.libreoffice


def test_summary_recalculated_by_libreoffice(tmp_path):
    d = unit_folder(tmp_path / "in", 4)
    result = rollup(d)
    out = write_rollup(result, tmp_path / "区汇总.xlsx")
    lo, = recalculate([out], tmp_path / "lo")
    info = sheet_rows(lo, words("workbook")["info"]["sheet"])
    status = next(row[1] for row in info if row[0] == words("workbook")["info"]["status"])
    assert status == words("workbook")["info"]["status_ok"]
    assert read_report(lo).cells == result.summary.cells
    detail = sheet_rows(lo, words("rollup")["sheets"]["detail"]["name"])
    assert [row[0] for row in detail[2:6]] == sorted(r.unit for r in (unit_report(i) for i in range(4)))
    with zipfile.ZipFile(lo) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())


def test_ods_and_xls_inputs(tmp_path):
    """Units that saved their report as .ods (WPS/LibreOffice) or .xls are read and added alike."""
    from ..libreoffice import convert

    src, d = tmp_path / "src", tmp_path / "in"
    reports = [unit_report(i) for i in range(3)]
    paths = [write(src, f"u{i}.xlsx", r) for i, r in enumerate(reports)]
    d.mkdir()
    paths[0].rename(d / paths[0].name)
    convert([paths[1]], d, "ods")
    convert([paths[2]], d, "xls")
    result = rollup(d)
    assert sorted(e.file for e in result.counted) == ["u0.xlsx", "u1.ods", "u2.xls"]
    for cid, value in result.summary.cells.items():
        assert value == round(sum(r.cells[cid] for r in reports), 4), cid
