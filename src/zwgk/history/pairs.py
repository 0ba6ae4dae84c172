"""The cross-year checks of each pair of consecutive years, as lines of 跨年度校验.

The checks are those of `zwgk.checks` with last year's report (the `needs_previous` checks of
checks.yaml); a check that passes says so, one the two formats cannot compare says why.
"""
from __future__ import annotations

from zwgk.checks import check
from zwgk.checks.plan import cross_year
from zwgk.history.model import Column, PairLine
from zwgk.wording import words
from zwgk.spec import FORMATS
from zwgk.wording import words


def cross_year_checks(fmt: str) -> list[str]:
    """The cross-year checks a report of `fmt` is subject to, in the order of checks.yaml."""
    return [c["id"] for c in words("checks")["checks"]
            if c.get("needs_previous") and fmt in c.get("formats", FORMATS)]


def cross_year_lines(columns: list[Column]) -> list[PairLine]:
    lines: list[PairLine] = []
    for previous, current in zip(columns, columns[1:]):
        if current.is_gap:
            continue
        pair = words("years")["history"]["pair"].format(previous=previous.year, year=current.year)
        if previous.is_gap:
            message = words("years")["history"]["pair_gap"].format(missing=previous.year, year=current.year)
            lines.append(PairLine(pair, "", "", "", message))
            continue
        lines += pair_lines(pair, previous, current)
    return lines


def pair_lines(pair: str, previous: Column, current: Column) -> list[PairLine]:
    """Every cross-year check of one pair: its findings, else that it passed or could not run."""
    w = words("years")["history"]
    report, last = current.report, previous.report
    findings = check(report, last)
    ran = {c.rule.check for c in cross_year(report.format, last.format)[0]}
    out = []
    for check_id in cross_year_checks(report.format):
        name = w["check_names"].get(check_id, check_id)
        if check_id not in ran:
            message = w["pair_format_changed"].format(previous=previous.year, year=current.year,
                                                      previous_format=last.format, format=report.format)
            out.append(PairLine(pair, "", name, "", message))
            continue
        found = [f for f in findings if _about(f, check_id)]
        out += [PairLine(pair, f.level_label, name, "、".join(f.addresses), f.message) for f in found]
        if not found:
            out.append(PairLine(pair, "", name, "", w["pair_ok"]))
    return out


def _about(finding, check_id: str) -> bool:
    """A finding of the check, or a blank (this year's or last year's) that stopped it."""
    if finding.check == check_id:
        return True
    return finding.check in ("blank", "domain") and any(
        b["check"] == check_id for b in finding.extra.get("blocked", ()))
