"""Every check of the spec on a Report: `check(report, previous=None) -> list[Finding]`.

The one API behind `zwgk check`, the add-in and the rollup.  Checks see a Report, never a file;
per-format rule tables are built once (`plan`), so a call is only arithmetic.

    >>> from zwgk.model import Report
    >>> [f.check for f in check(Report.blank("2021"))][:1]
    ['blank']
"""
from __future__ import annotations

from zwgk.checks.plan import check_order, cross_year, plan_for
from zwgk.checks.plausibility import fee_unit, narrative, regulation_power
from zwgk.checks.sums import blank_finding, cell_findings, sum_findings, unit_findings
from zwgk.findings import Finding
from zwgk.model import Report

__all__ = ["Finding", "check", "summary"]


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """All findings on `report` (and, with last year's `previous`, the cross-year checks),
    in the order of checks.yaml."""
    plan = plan_for(report.spec)
    rules, cross_of, by_prev = plan.rules, {}, {}
    if previous is not None:
        cross, cross_of, by_prev = cross_year(report.spec, previous.spec)
        rules = rules + cross
    found = sum_findings(plan, rules, report, previous)
    found += cell_findings(plan, report, cross_of) + unit_findings(plan, report)
    if previous is not None:
        found += _previous_blanks(plan, previous, by_prev)
    found += fee_unit(plan, report) + narrative(plan, report) + regulation_power(plan, report)
    order = check_order()
    found.sort(key=lambda f: order.get(f.check, len(order)))
    return found


def _previous_blanks(plan, previous: Report, by_prev) -> list[Finding]:
    """Last year's blanks that stop a cross-year rule."""
    prev_plan = plan_for(previous.spec)
    return [blank_finding(plan, cid, previous.texts.get(cid), rules, previous_plan=prev_plan)
            for cid, rules in by_prev.items() if previous.cells.get(cid) is None]


def summary(findings: list[Finding]) -> dict:
    """Counts by level and by check, for `--json` and the 校验结果 sheet."""
    by_check: dict[str, int] = {}
    for f in findings:
        by_check[f.check] = by_check.get(f.check, 0) + 1
    errors = sum(f.is_error for f in findings)
    return {"errors": errors, "warnings": len(findings) - errors, "by_check": by_check,
            "ok": errors == 0}
