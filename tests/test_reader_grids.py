"""report_from_grids: the same Report from sheet grids however read (the add-in reads Excel's used
ranges with xlwings, which gives None for empty cells and floats for numbers)."""
from python_calamine import CalamineWorkbook

from zwgk.model import Report
from zwgk.workbook.reader import read_report, report_from_grids
from zwgk.workbook.writer import write_report


def test_grids_like_xlwings_give_the_same_report(tmp_path):
    report = Report.blank("2021", unit="八里堡街道办事处", year=2024, prose={"overview": "总体情况"})
    report.cells.update({"t3.new.natural": 4, "t3.new.total": 4, "t2.fees.amount": 12.5})
    report.texts["t3.new.legal"] = "—"
    path = write_report(report, tmp_path / "r.xlsx")
    book = CalamineWorkbook.from_path(str(path))
    grids = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        grids[name] = [[None if v == "" else (float(v) if isinstance(v, int) else v) for v in row]
                       for row in rows]
    assert report_from_grids(grids).to_dict() == read_report(path).to_dict() == report.to_dict()


def test_formulas_passed_in_are_not_trusted():
    report = Report.blank("2019")
    import tempfile, pathlib  # noqa: E401
    with tempfile.TemporaryDirectory() as tmp:
        path = write_report(report, pathlib.Path(tmp) / "r.xlsx")
        book = CalamineWorkbook.from_path(str(path))
        grids = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    grids["表三"][4][3] = 7.0
    got = report_from_grids(grids, {"表三": {"D5": "SUM(E5:F5)"}})
    assert got.cells["t3.new.natural"] is None and got.texts["t3.new.natural"] == "=SUM(E5:F5)"
