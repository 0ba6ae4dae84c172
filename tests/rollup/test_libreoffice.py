"""LibreOffice opens the summary workbook as a real spreadsheet engine: its live checks compute
to ✓ on sums of valid reports, the extra sheets and the chart survive, and the re-saved file is
still a report zwgk reads with the same sums."""
from __future__ import annotations

import zipfile

import pytest

from zwgk.rollup import rollup, write_rollup
from zwgk.rollup.wording import ui
from zwgk.spec import load_ui
from zwgk.workbook.reader import read_report

from ..libreoffice import recalculate
from .helpers import sheet_rows, unit_report, write

pytestmark = pytest.mark.libreoffice


def test_summary_recalculated_by_libreoffice(tmp_path):
    d = tmp_path / "in"
    for i in range(4):
        write(d, f"{i}.xlsx", unit_report(i))
    result = rollup(d)
    out = write_rollup(result, tmp_path / "区汇总.xlsx")
    lo, = recalculate([out], tmp_path / "lo")
    info = sheet_rows(lo, load_ui()["info"]["sheet"])
    status = next(row[1] for row in info if row[0] == load_ui()["info"]["status"])
    assert status == load_ui()["info"]["status_ok"]
    assert read_report(lo).cells == result.summary.cells
    detail = sheet_rows(lo, ui()["sheets"]["detail"]["name"])
    assert [row[0] for row in detail[2:6]] == sorted(r.unit for r in (unit_report(i) for i in range(4)))
    with zipfile.ZipFile(lo) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())
