"""Every formula zwgk writes carries the value it computes: read without recalculation (calamine
reads the cached values) it shows what LibreOffice shows after recalculating every formula."""
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from zwgk.model import Report
from zwgk.synthetic import consistent_report
from zwgk.workbook.writer import write_report

from .libreoffice import recalculate

pytestmark = pytest.mark.libreoffice


def cases() -> list[Report]:
    out = []
    for fmt in ("2021", "2019"):
        good = consistent_report(fmt, 4, unit="八里堡街道办事处", year=2024)
        one_bad, two_bad, text = (Report.from_dict(good.to_dict()) for _ in range(3))
        one_bad.cells["t3.new.total"] += 1
        two_bad.cells["t3.new.total"] += 1
        two_bad.cells["t4.review.pending"] += 3
        text.cells["t3.partial.research"], text.texts["t3.partial.research"] = None, "/"
        out += [good, one_bad, two_bad, text, Report.blank(fmt)]
    return out


def formula_cells(path) -> list[tuple[str, int, int]]:
    book = openpyxl.load_workbook(path)
    return [(ws.title, c.row - 1, c.column - 1) for ws in book for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")]


def cached(path, where) -> list:
    book = CalamineWorkbook.from_path(str(path))
    grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name, *_ in where}
    return [grids[name][r][c] for name, r, c in where]


def test_cached_values_are_what_libreoffice_computes(tmp_path):
    reports = cases()
    paths = [write_report(r, tmp_path / "in" / f"case{i}.xlsx") for i, r in enumerate(reports)]
    recalculated = recalculate(paths, tmp_path / "out")
    statuses = set()
    for path, again in zip(paths, recalculated):
        where = formula_cells(path)
        assert len(where) > 30 and ("基本信息", 8, 1) in where
        assert cached(path, where) == cached(again, where), path.name
        statuses.add(cached(path, [("基本信息", 8, 1)])[0])
    bad = {s for s in statuses if "处不相符" in s}
    assert statuses - bad == {"全部相符", "尚有未填写的单元格"} and len(bad) == 2     # 0 is never shown
