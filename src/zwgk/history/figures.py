"""The numbers of the history: key figures and every cell of each year, blank with its reason.

A figure is the sum of its cells; a blank addend makes it blank (never 0).  A cell of another
format is found through the correspondence of templates/years.yaml (`zwgk.spec.counterparts`).
"""
from __future__ import annotations

from dataclasses import dataclass

from zwgk.history.model import Column
from zwgk.wording import words
from zwgk.model import Report
from zwgk.spec import counterparts, load_spec


@dataclass(frozen=True)
class Value:
    number: int | float | None
    reason: str = ""               # why it is blank, in words
    unit: str = ""                 # of an amount whose unit the report names (2019 采购总金额: 元)
    inferred: tuple[str, ...] = ()  # its cells the importer inferred (the source printed them blank)


def _sum(report: Report, cell_ids) -> Value:
    if not cell_ids:
        return Value(None, words("years")["history"]["not_in_format"].format(format=report.format))
    values = [report.cells.get(c) for c in cell_ids]
    if any(v is None for v in values):
        return Value(None, words("years")["history"]["blank" if len(values) == 1 else "has_blank"])
    total = sum(values)
    free = [report.units.get(c, "") for c in cell_ids if report.spec.cells[c].unit == "free"]
    if len(set(free)) > 1:          # amounts in 元 and in 万元 are not added
        return Value(None, words("years")["history"]["units_differ_in_sum"])
    return Value(round(total, 6) if isinstance(total, float) else total, unit=free[0] if free else "",
                 inferred=tuple(c for c in cell_ids if c in report.inferred))


def figure_value(report: Report, patterns) -> Value:
    """A key figure: the sum of the cells its patterns match in the report's own format."""
    spec = report.spec
    return _sum(report, [c for p in patterns for c in spec.match(p)])


def cell_value(report: Report, cell_id: str, fmt: str) -> Value:
    """Cell `cell_id` of format `fmt`, read from a report of either format."""
    return _sum(report, counterparts(cell_id, fmt, report.format))


def change(before: Value, after: Value) -> int | float | None:
    """增减 from one year to the next; blank when either is."""
    if before.number is None or after.number is None:
        return None
    diff = after.number - before.number
    return round(diff, 6) if isinstance(diff, float) else diff


def cell_rows(columns: list[Column]) -> list[tuple[str, str]]:
    """(cell id, format) of every row of 全部单元格: the newest format's cells, then the cells of
    the other format that have no one counterpart there (2019 规章 对外公开总数量, …)."""
    formats = list(dict.fromkeys(c.report.format for c in reversed(columns) if not c.is_gap))
    rows = [(cid, formats[0]) for cid in load_spec(formats[0]).cells]
    for fmt in formats[1:]:
        rows += [(cid, fmt) for cid in load_spec(fmt).cells
                 if len(counterparts(cid, fmt, formats[0])) != 1]
    return rows
