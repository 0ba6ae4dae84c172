"""One unit's reports over several years, written as real workbooks, for the history tests."""
from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from zwgk.model import Report
from zwgk.synthetic import consistent_report
from zwgk.workbook.writer import write_report

UNIT, DISTRICT = "八里堡街道办事处", "二道区"


def chained(reports: list[Report], breaks: dict[int, int] | None = None) -> list[Report]:
    """Each report's 上年结转 set to the year before's 结转下年度 (its balance kept), except in the
    years of `breaks`, whose 自然人 上年结转 is off by the number given."""
    breaks = breaks or {}
    for before, report in zip(reports, reports[1:]):
        cells, orgs = report.cells, [c for c in report.spec.tables["t3"].col_ids() if c != "total"]
        for col in orgs:
            cin = before.cells[f"t3.carried_out.{col}"] + (breaks.get(report.year, 0) if col == "natural" else 0)
            total = cells[f"t3.total.{col}"]
            cells[f"t3.carried_out.{col}"] = max(cells[f"t3.carried_out.{col}"], cin - total)
            cells[f"t3.carried_in.{col}"] = cin
            cells[f"t3.new.{col}"] = total + cells[f"t3.carried_out.{col}"] - cin
        for row in ("new", "carried_in", "carried_out"):
            cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{c}"] for c in orgs)
    return reports


def series(years, unit: str = UNIT, breaks: dict[int, int] | None = None) -> list[Report]:
    reports = [consistent_report("2019" if y < 2021 else "2021", y, unit=unit, district=DISTRICT, year=y)
               for y in years]
    return chained(reports, breaks)


def write_series(folder: Path, reports: list[Report]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_report(r, folder / f"{r.unit}{r.year}.xlsx") for r in reports]


def sheet_rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def year_columns(rows: list[list]) -> dict[int, int]:
    """{year: column} from the head row of 历年数据 or 全部单元格 (“2019年度”)."""
    return {int(str(v)[:4]): j for j, v in enumerate(rows[1]) if str(v).endswith("年度")}
