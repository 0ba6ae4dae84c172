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


def sum_findings(plan: Plan, rules: list[Compiled], report: Report,
                 previous: Report | None) -> list[Finding]:
    """A finding for every rule whose two sides differ; rules with a blank are left to `blank`."""
    cells, prev = report.cells, previous.cells if previous is not None else {}
    out = []
    for c in rules:
        rule = c.rule
        outcome = rule.evaluate(cells, prev, first_blank=True)
        if not outcome.complete or outcome.ok:
            continue
        left, right, diff = outcome.left, outcome.right, outcome.diff
        params = {"table": plan.sheets[rule.table], "where": c.where,
                  "left": num(left), "right": num(right), "diff": num(abs(diff))}
        extra = {"rule": c.key}
        if c.previous_cells:
            extra["previous_cells"] = list(c.previous_cells)
        out.append(Finding.of(f"check.{rule.check}", params, table=rule.table, cells=c.cells,
                              addresses=c.addresses,
                              left=left, right=right, diff=diff, extra=extra))
    return out


def cell_findings(plan: Plan, report: Report, cross_of: dict[str, list[Compiled]]) -> list[Finding]:
    """`domain` errors (numbers out of range, text that is not a number) and `blank` warnings."""
    out = []
    cells, texts = report.cells, report.texts
    for cid, value in cells.items():
        if value is None:
            blocked = plan.rules_of.get(cid, []) + cross_of.get(cid, [])
            out.append(_empty_cell(plan, cid, texts.get(cid), blocked))
        elif not plan.kinds[cid].accepts(value):
            out.append(_domain(plan, cid, num(value), [], value=value))
    return out


def _empty_cell(plan: Plan, cid: str, text: str | None, blocked: list[Compiled]) -> Finding:
    if text is not None and not is_blank_mark(text):
        return _domain(plan, cid, text, blocked)
    return blank_finding(plan, cid, text, blocked)


def unit_findings(plan: Plan, report: Report) -> list[Finding]:
    """An amount whose unit the report names (2019 采购总金额) in a unit zwgk does not know."""
    from zwgk.wording import words

    allowed = words("workbook")["units"]
    out = []
    for cid, unit in report.units.items():
        if unit not in allowed:
            table = cid.split(".", 1)[0]
            params = {"table": plan.sheets[table], "where": plan.where[cid], "units": "、".join(allowed),
                      "text": unit}
            out.append(Finding.of("check.domain.unit", params, table=table, cells=(cid,),
                                  addresses=(plan.addresses[cid],), extra={"text": unit}))
    return out


_TEXT_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$")


def _domain(plan: Plan, cid: str, text: str, blocked: list[Compiled], value=None) -> Finding:
    table = cid.split(".", 1)[0]
    variant = ".formula" if text.startswith("=") else ".error_value" if is_error_value(text) else \
        ".text_number" if value is None and _TEXT_NUMBER.match(text.strip()) else ""
    params = {"table": plan.sheets[table], "where": plan.where[cid], "text": text,
              "expected": plan.kinds[cid].expected,
              "blocked": "，" + _blocked_text(plan, blocked) if blocked else ""}
    extra = {"text": text, "blocked": [c.key for c in blocked]}
    return Finding.of(f"check.domain{variant}", params, table=table, cells=(cid,),
                      addresses=(plan.addresses[cid],), left=value, extra=extra)


def blank_finding(plan: Plan, cid: str, text: str | None, blocked: list[Compiled],
                  previous_plan: Plan | None = None) -> Finding:
    """A blank cell and the rules it stopped; with `previous_plan`, the blank is last year's."""
    words = plan.checks["blank"]
    own = previous_plan or plan
    table = cid.split(".", 1)[0]
    sheet = own.sheets[table] if previous_plan is None else words["previous"] + own.sheets[table]
    params = {"table": sheet, "where": own.where[cid], "blocked": _blocked_text(plan, blocked)}
    extra = {"blocked": [c.key for c in blocked]}
    if text:
        extra["text"] = params["text"] = text
    code = "check.blank.text" if text else "check.blank"
    if previous_plan is not None:
        extra["previous_cells"] = [cid]
        mine = tuple(dict.fromkeys(x for c in blocked for x in c.cells[:1]))
        return Finding.of(code, params, table=table, cells=mine,
                          addresses=tuple(plan.addresses[x] for x in mine), extra=extra)
    return Finding.of(code, params, table=table, cells=(cid,), addresses=(plan.addresses[cid],),
                      extra=extra)


def _blocked_text(plan: Plan, blocked: list[Compiled]) -> str:
    """“无法校验X、Y” (or “未发生请填 0”): the same few lists of rules recur, so kept per plan."""
    key = tuple(map(id, blocked))
    text = plan.blocked_words.get(key)
    if text is None:
        words = plan.checks["blank"]
        text = plan.blocked_words[key] = words["blocked"].format(
            rules="、".join(c.blocked for c in blocked)) if blocked else words["blocked_none"]
    return text
