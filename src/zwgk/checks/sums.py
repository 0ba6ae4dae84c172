"""The `sum` checks (勾稽关系), and what each cell says for itself: `domain` and `blank`.

A rule needing a blank cell neither passes nor is skipped silently: the blank cell's finding
names every rule it stopped (`extra["blocked"]`), as the live formula shows “？”.
"""
from __future__ import annotations

import re

from zwgk.checks.plan import Compiled, Plan
from zwgk.checks.wording import num
from zwgk.findings import Finding
from zwgk.model import Report
from zwgk.spec import is_blank_mark, is_error_value


def side(terms, cells, previous) -> float | None:
    """Σ sign·value over the terms, or None when a term's cell is blank."""
    total = 0
    for cid, sign, is_prev in terms:
        value = (previous if is_prev else cells)[cid]
        if value is None:
            return None
        total += sign * value
    return total


def sum_findings(plan: Plan, rules: list[Compiled], report: Report,
                 previous: Report | None) -> list[Finding]:
    """A finding for every rule whose two sides differ; rules with a blank are left to `blank`."""
    cells, prev = report.cells, previous.cells if previous is not None else {}
    out = []
    for c in rules:
        left = side(c.left, cells, prev)
        right = side(c.right, cells, prev) if left is not None else None
        if right is None or round(left - right, 6) == 0:
            continue
        diff = left - right
        rule = c.rule
        message = rule.message.format(table=plan.sheets[rule.table], where=c.where,
                                      left=num(left), right=num(right), diff=num(abs(diff)))
        extra = {"rule": c.key}
        if c.previous_cells:
            extra["previous_cells"] = list(c.previous_cells)
        out.append(Finding(rule.check, rule.level, message, rule.table, c.cells,
                           tuple(plan.addresses[x] for x in c.cells), left, right, diff, extra))
    return out


def cell_findings(plan: Plan, report: Report, cross_of: dict[str, list[Compiled]]) -> list[Finding]:
    """`domain` errors (numbers out of range, text that is not a number) and `blank` warnings."""
    out = []
    cells, texts = report.cells, report.texts
    for cid, value in cells.items():
        if value is None:
            blocked = plan.rules_of.get(cid, []) + cross_of.get(cid, [])
            out.append(_empty_cell(plan, cid, texts.get(cid), blocked))
        elif not _in_domain(value, plan.kinds[cid]):
            out.append(_domain(plan, cid, num(value), [], value=value))
    return out


def _in_domain(value, kind: str) -> bool:
    if kind == "amount":
        return value >= 0
    whole = isinstance(value, int) or float(value).is_integer()
    return whole and (kind == "signed" or value >= 0)


def _empty_cell(plan: Plan, cid: str, text: str | None, blocked: list[Compiled]) -> Finding:
    if text is not None and not is_blank_mark(text):
        return _domain(plan, cid, text, blocked)
    return blank_finding(plan, cid, text, blocked)


def unit_findings(plan: Plan, report: Report) -> list[Finding]:
    """An amount whose unit the report names (2019 采购总金额) in a unit zwgk does not know."""
    from zwgk.wording import words

    check, allowed = plan.checks["domain"], words("workbook")["units"]
    out = []
    for cid, unit in report.units.items():
        if unit not in allowed:
            table = cid.split(".", 1)[0]
            message = check["unit"].format(table=plan.sheets[table], where=plan.where[cid],
                                           units="、".join(allowed), text=unit)
            out.append(Finding("domain", check["level"], message, table, (cid,), (plan.addresses[cid],),
                               extra={"text": unit}))
    return out


_TEXT_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$")


def _domain(plan: Plan, cid: str, text: str, blocked: list[Compiled], value=None) -> Finding:
    check = plan.checks["domain"]
    table = cid.split(".", 1)[0]
    template = check["formula"] if text.startswith("=") else check["error_value"] if is_error_value(text) else \
        check["text_number"] if value is None and _TEXT_NUMBER.match(text.strip()) else check["message"]
    message = template.format(table=plan.sheets[table], where=plan.where[cid], text=text,
                              expected=check["expected"][plan.kinds[cid]])
    if blocked:
        message += "，" + _blocked_text(plan, blocked)
    extra = {"text": text, "blocked": [c.key for c in blocked]}
    return Finding("domain", check["level"], message, table, (cid,), (plan.addresses[cid],),
                   left=value, extra=extra)


def blank_finding(plan: Plan, cid: str, text: str | None, blocked: list[Compiled],
                  previous_plan: Plan | None = None) -> Finding:
    """A blank cell and the rules it stopped; with `previous_plan`, the blank is last year's."""
    check = plan.checks["blank"]
    own = previous_plan or plan
    table = cid.split(".", 1)[0]
    state = check["state_text"].format(text=text) if text else check["state_empty"]
    sheet = own.sheets[table] if previous_plan is None else check["previous"] + own.sheets[table]
    message = check["message"].format(table=sheet, where=own.where[cid], state=state,
                                      blocked=_blocked_text(plan, blocked))
    extra = {"blocked": [c.key for c in blocked]}
    if text:
        extra["text"] = text
    if previous_plan is not None:
        extra["previous_cells"] = [cid]
        mine = tuple(dict.fromkeys(x for c in blocked for x in c.cells[:1]))
        return Finding("blank", check["level"], message, table, mine,
                       tuple(plan.addresses[x] for x in mine), extra=extra)
    return Finding("blank", check["level"], message, table, (cid,), (plan.addresses[cid],),
                   extra=extra)


def _blocked_text(plan: Plan, blocked: list[Compiled]) -> str:
    check = plan.checks["blank"]
    if not blocked:
        return check["blocked_none"]
    return check["blocked"].format(rules="、".join(c.blocked for c in blocked))


