"""Synthetic but consistent reports, for samples, tests and benchmarks.

`consistent_report("2021", seed=7)` fills every cell so that every sum rule of the spec holds:
表三 parts are drawn, totals computed; 表四 results drawn, totals computed.  Values are small and
mostly zero, like a 街道's report.
"""
from __future__ import annotations

import random

from zwgk.model import Report



def consistent_report(fmt: str = "2021", seed: int = 0, **meta) -> Report:
    rnd = random.Random(seed)
    report = Report.blank(fmt, **meta)
    _fill_t2(report, rnd)
    _fill_t3(report, rnd)
    _fill_t4(report, rnd)
    for cid, value in report.cells.items():       # a district's own tables: 0 keeps every sum rule
        if value is None:
            report.cells[cid] = 0
    return report


def _small(rnd: random.Random, scale: int = 3) -> int:
    return 0 if rnd.random() < 0.6 else rnd.randint(1, scale)


def _fill_t2(report: Report, rnd: random.Random) -> None:
    for cid, cell in report.spec.cells.items():
        if cell.table != "t2":
            continue
        if cell.kind == "amount":
            report.cells[cid] = round(rnd.uniform(0, 50), 4) if rnd.random() < 0.3 else 0.0
        elif cell.kind == "signed":
            report.cells[cid] = rnd.randint(-3, 3)
        else:
            report.cells[cid] = 0 if cell.row == "regulation" else _small(rnd, 20)
    t2 = report.spec.tables["t2"]
    if "in_force" in t2.col_ids():          # 现行有效 ≥ 制发 − 废止 keeps the chain plausible
        for row in ("normative",):
            issued, repealed = report.cells[f"t2.{row}.issued"], report.cells[f"t2.{row}.repealed"]
            report.cells[f"t2.{row}.in_force"] = max(issued - repealed, 0) + rnd.randint(0, 30)


def _fill_t3(report: Report, rnd: random.Random) -> None:
    t3 = report.spec.tables["t3"]
    fixed = {t.cell.split(".")[1] for r in report.spec.rules if r.check == "t3-balance" for t in r.terms}
    parts = [r for r in t3.row_ids() if r not in fixed]
    orgs = [c for c in t3.col_ids() if c != "total"]
    cells = report.cells
    for col in orgs:
        scale = 8 if col == "natural" else 2
        for row in parts:
            cells[f"t3.{row}.{col}"] = _small(rnd, scale) if rnd.random() < 0.5 else 0
        total = cells[f"t3.total.{col}"] = sum(cells[f"t3.{r}.{col}"] for r in parts)
        out = cells[f"t3.carried_out.{col}"] = _small(rnd, 2)
        cin = cells[f"t3.carried_in.{col}"] = min(_small(rnd, 2), total + out)
        cells[f"t3.new.{col}"] = total + out - cin
    for row in t3.row_ids():
        cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{c}"] for c in orgs)


def _fill_t4(report: Report, rnd: random.Random) -> None:
    t4 = report.spec.tables["t4"]
    parts = [c for c in t4.col_ids() if c != "total"]
    for group in t4.row_ids():
        values = {col: _small(rnd, 2) for col in parts}
        report.cells.update({f"t4.{group}.{c}": v for c, v in values.items()})
        report.cells[f"t4.{group}.total"] = sum(values.values())
