"""Cell-by-cell sums of unit reports (a rollup adds cells; it never appends rows).

Sum rules:
- a cell of the summary is blank only when every counted unit left it blank;
- blank + number = number: a blank never counts as 0 silently — the units that left a cell
  blank are listed (`blank_in`), and the summary's note names them;
- amounts are added as decimals and rounded to 4 places; counts stay whole numbers;
- an amount whose unit the report names (2019 表二 政府集中采购) is converted to 万元 first;
  an amount in a unit zwgk does not know is left out and named (`unknown_unit`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zwgk.rollup.wording import Figure
from zwgk.wording import words
from zwgk.spec import load_spec

PLACES = Decimal("0.0001")


@dataclass
class Sums:
    cells: dict[str, int | float | None]
    blank_in: dict[str, list[str]] = field(default_factory=dict)       # cell -> units blank there
    converted: dict[str, list[str]] = field(default_factory=dict)      # cell -> units in 元
    unknown_unit: dict[str, list[str]] = field(default_factory=dict)   # cell -> "unit（单位）"


def to_number(total, kind: str) -> int | float:
    """A sum as the model's number: whole counts as int, amounts (Decimal) to 4 places."""
    if isinstance(total, int):
        return float(total) if kind == "amount" else total
    if kind != "amount" and total == total.to_integral_value():
        return int(total)
    return float(total.quantize(PLACES))


def exact(value) -> int | Decimal:
    """A cell's number for adding: ints stay ints (fast), floats become their exact decimal text."""
    if isinstance(value, int):
        return value
    if value.is_integer():
        return int(value)
    return Decimal(repr(value))


def add_reports(fmt: str, reports: list) -> Sums:
    """The sums of `reports` (all of format `fmt`), with who left what blank."""
    spec = load_spec(fmt)
    factors = {k: Decimal(str(v)) for k, v in words("rollup")["unit_factors"].items()}
    base = words("rollup")["sum_unit"]
    free = {cid for cid, c in spec.cells.items() if c.unit == "free"}
    totals: dict[str, int | Decimal | None] = dict.fromkeys(spec.cells)
    out = Sums(cells={})
    for report in reports:
        for cid, value in report.cells.items():
            if value is None:
                out.blank_in.setdefault(cid, []).append(report.unit)
                continue
            amount = exact(value)
            if cid in free:
                amount = _in_base_unit(out, report, cid, amount, factors, base)
                if amount is None:
                    continue
            total = totals[cid]
            totals[cid] = amount if total is None else total + amount
    out.cells = {cid: None if t is None else to_number(t, spec.cells[cid].kind) for cid, t in totals.items()}
    out.blank_in = {cid: units for cid, units in out.blank_in.items() if out.cells[cid] is not None}
    return out


def _in_base_unit(out: Sums, report, cid: str, amount, factors, base):
    """An amount of a report that names its unit, in 万元; None (and noted) for an unknown unit."""
    unit = report.units.get(cid, base)
    if unit not in factors:
        out.unknown_unit.setdefault(cid, []).append(words("rollup")["summary"]["unit_with_amount_unit"].format(
            unit=report.unit, amount_unit=unit))
        return None
    if unit != base:
        out.converted.setdefault(cid, []).append(report.unit)
    return amount * factors[unit]


def figure_value(report, figure: Figure) -> int | float | None:
    """A key figure of one report: the sum of its filled cells, blank when all are blank."""
    values = [report.cells.get(c) for c in figure.cells]
    values = [exact(v) for v in values if v is not None]
    if not values:
        return None
    return to_number(sum(values), figure.kind)
