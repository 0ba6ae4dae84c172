"""Unit report folders for the rollup tests: real workbooks written by the writer."""
from __future__ import annotations

import random
from pathlib import Path

from python_calamine import CalamineWorkbook

from zwgk.model import Report
from zwgk.wording import words
from zwgk.synthetic import consistent_report
from zwgk.workbook.writer import write_report

DISTRICT = "二道区"


def unit_report(i: int, year: int = 2024, fmt: str | None = None, blanks: int = 0, seed: int | None = None,
                unit: str | None = None) -> Report:
    """A valid report of unit number `i` (its checks pass, apart from `blanks` blank warnings)."""
    fmt = fmt or ("2019" if year < 2021 else "2021")
    report = consistent_report(fmt, i if seed is None else seed, unit=unit or f"第{i:03d}街道办事处",
                               district=DISTRICT, year=year)
    rnd = random.Random(1000 + i)
    for cid in rnd.sample(sorted(report.cells), blanks):
        report.cells[cid] = None
    return report


def write(folder: Path, name: str, report: Report) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_report(report, folder / name)


def unit_folder(folder: Path, n: int) -> Path:
    """A folder of `n` valid unit reports, 0.xlsx … (n-1).xlsx."""
    for i in range(n):
        write(folder, f"{i}.xlsx", unit_report(i))
    return folder


def sheet_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def status_rows(path: Path) -> dict[str, tuple[str, str, str]]:
    """报送情况 as {file or unit: (unit, state label, reason)}."""
    rows = sheet_rows(path, words("rollup")["sheets"]["status"]["name"])[3:]
    return {(r[1] or r[2]): (r[2], r[3], r[4]) for r in rows}


def handmade_workbook(report: Report, path: Path) -> Path:
    """A unit's own workbook in the official layout, typed without zwgk: one sheet, a title row,
    one label column, the tables as the published text lays them out (numbers stored as numbers)."""
    import xlsxwriter

    from zwgk.render import render

    lines = render(report, "txt").splitlines()
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("年报")
    for r, line in enumerate(lines):
        for c, text in enumerate(line.split("\t")):
            if text.strip().lstrip("-").replace(".", "", 1).isdigit():
                sheet.write_number(r, c, float(text))
            elif text:
                sheet.write_string(r, c, text)
    book.close()
    return path
