"""Reports for the check tests: the seeds' truth values, a consistent report, and round trips."""
from __future__ import annotations

import json
from pathlib import Path

from zwgk.model import Report
from zwgk.spec import load_spec
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

from ..conftest import require_shared


def seeds() -> dict[str, Report]:
    truth = json.loads((require_shared() / "seeds" / "truth.json").read_text(encoding="utf-8"))
    return {name: Report.from_dict(data, source=name) for name, data in truth.items()}


def consistent(fmt: str = "2021", unit: str = "八里堡街道办事处", year: int = 2024) -> Report:
    """Every cell filled, every sum rule holding (small distinct numbers, totals computed)."""
    spec = load_spec(fmt)
    report = Report.blank(fmt, unit=unit, year=year)
    t3 = spec.tables["t3"]
    parts = [r for r in t3.row_ids() if r not in ("new", "carried_in", "total", "carried_out")]
    orgs = [c for c in t3.col_ids() if c != "total"]
    for i, row in enumerate(parts):
        for j, col in enumerate(orgs):
            report.cells[f"t3.{row}.{col}"] = (i + 2 * j) % 4
    for j, col in enumerate(orgs):
        total = report.cells[f"t3.total.{col}"] = sum(report.cells[f"t3.{r}.{col}"] for r in parts)
        report.cells[f"t3.carried_in.{col}"] = j % 2
        report.cells[f"t3.carried_out.{col}"] = 1 + j % 3
        report.cells[f"t3.new.{col}"] = total + 1 + j % 3 - j % 2
    for row in t3.row_ids():
        report.cells[f"t3.{row}.total"] = sum(report.cells[f"t3.{row}.{c}"] for c in orgs)
    for k, group in enumerate(spec.tables["t4"].row_ids()):
        parts4 = {"upheld": k + 1, "corrected": 1, "other": 0, "pending": 2}
        for col, v in parts4.items():
            report.cells[f"t4.{group}.{col}"] = v
        report.cells[f"t4.{group}.total"] = sum(parts4.values())
    for cid, cell in spec.cells.items():
        if cid.startswith("t2."):
            report.cells[cid] = 1.5 if cell.kind == "amount" else 3
    for cid in spec.match("t2.regulation.*"):
        report.cells[cid] = 0                  # a 街道 makes no 规章 (regulation-power)
    if fmt == "2021":
        report.cells["t2.normative.in_force"] = 10
    return report


def copy(report: Report, **cells) -> Report:
    out = Report.from_dict(report.to_dict())
    for key, value in cells.items():
        out.cells[key.replace("__", ".")] = value
    return out


def roundtrip(report: Report, folder: Path, name: str) -> Report:
    """The report as the checks see it after a real workbook: written, then read back."""
    path = write_report(report, Path(folder) / f"{name}.xlsx")
    return read_report(path)


def small(fmt: str = "2021") -> Report:
    """A 街道's typical year (like seed 002): 6 applications from citizens, every other cell 0."""
    report = Report.blank(fmt, unit="八里堡街道办事处", district="二道区", year=2023)
    report.cells = dict.fromkeys(report.cells, 0)
    for row, n in (("new", 6), ("granted", 2), ("partial", 1), ("unable_1", 3), ("total", 6)):
        report.cells[f"t3.{row}.natural"] = report.cells[f"t3.{row}.total"] = n
    return report
