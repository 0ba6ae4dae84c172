"""Plausibility warnings: `fee-unit` (元 written under 万元), `narrative` (prose against tables),
`regulation-power` (规章 from a unit that cannot make them).  Thresholds and patterns are spec data."""
from __future__ import annotations

from zwgk.checks.plan import Plan
from zwgk.checks.wording import num
from zwgk.findings import Finding
from zwgk.model import Report
from zwgk.wording import words


def _finding(plan: Plan, check_id: str, params: dict, cells: tuple[str, ...], **kw) -> Finding:
    return Finding.of(f"check.{check_id}", params, table=cells[0].split(".", 1)[0], cells=cells,
                      addresses=tuple(plan.addresses[c] for c in cells), **kw)


def fee_unit(plan: Plan, report: Report) -> list[Finding]:
    """An amount so large under 万元 that it was most likely written in 元."""
    if not plan.fee_cells:
        return []
    check = plan.checks["fee-unit"]
    out = []
    for cid in plan.fee_cells:
        value = report.cells[cid]
        if value is None or value < check["at_least"] or _unit(plan, report, cid) != check["unit"]:
            continue
        params = {"table": plan.sheets[cid.split(".", 1)[0]], "where": plan.where[cid],
                  "value": num(value), "yuan": num(round(value * 10000, 2))}
        out.append(_finding(plan, "fee-unit", params, (cid,), left=value,
                            right=check["at_least"]))
    return out


def _unit(plan: Plan, report: Report, cid: str) -> str:
    """A cell's unit: fixed by the format, or the one the report names (the workbook's default)."""
    unit = plan.spec.cells[cid].unit
    if unit == "free":
        return report.units.get(cid) or words("workbook")["units"][0]
    return unit


def regulation_power(plan: Plan, report: Report) -> list[Finding]:
    """规章 counts other than 0 from a unit whose name says it cannot make 规章."""
    unit = (report.unit or "").strip()
    if not unit or not any(p.search(unit) for p in plan.power_patterns):
        return []
    out = []
    for cid in plan.power_cells:
        value = report.cells[cid]
        if value:
            params = {"table": plan.sheets[cid.split(".", 1)[0]], "where": plan.where[cid],
                      "value": num(value), "unit": unit}
            out.append(_finding(plan, "regulation-power", params, (cid,), left=value))
    return out


def narrative(plan: Plan, report: Report) -> list[Finding]:
    """Numbers the prose states (收到政府信息公开申请N件) that differ from the tables."""
    if not report.prose or not plan.statements:
        return []
    text = "\n".join(report.prose.values())
    out, seen = [], set()
    for pattern, cells, says, fixed in plan.statements:
        values = [report.cells[c] for c in cells]
        if any(v is None for v in values):
            continue
        value = sum(values)
        for match in pattern.finditer(text):
            stated = int(match.group(1)) if fixed is None else fixed
            if stated == value or (says, stated) in seen:
                continue
            seen.add((says, stated))
            table = cells[0].split(".", 1)[0]
            params = {"says": says, "stated": stated, "table": plan.sheets[table],
                      "where": "＋".join(plan.where[c] for c in cells), "value": num(value)}
            out.append(_finding(plan, "narrative", params, cells, left=stated, right=value,
                                diff=stated - value, extra={"quote": match.group(0)}))
    return out
