"""Import -> workbook -> read_report gives back the imported Report; inferred cells are marked."""
from __future__ import annotations

import pytest

from tests.conftest import SHARED
from tests.importer.helpers import LEGACY
from zwgk.importer import import_file
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

SOURCES = sorted(p for p in LEGACY.iterdir() if p.suffix in (".txt", ".docx", ".html"))
SOURCES += sorted((SHARED / "realworld").glob("*.txt"))[:6]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_import_workbook_round_trip(tmp_path, source):
    result = import_file(source)
    out = tmp_path / "r.xlsx"
    write_report(result.report, out, notes=result.inferred)
    back = read_report(out)
    assert back.to_dict() == result.report.to_dict()


def test_inferred_cells_have_comments(tmp_path):
    import openpyxl

    from zwgk.workbook.layout import workbook_layout

    result = import_file(LEGACY / "004_28bf39bb901e43e5.txt")
    assert result.inferred
    out = tmp_path / "r.xlsx"
    write_report(result.report, out, notes=result.inferred)
    book = openpyxl.load_workbook(out)
    layout = workbook_layout(result.report.format)
    for cid in list(result.inferred)[:10]:
        sheet, ref = layout.where(cid)
        assert book[sheet][ref].comment is not None, cid
