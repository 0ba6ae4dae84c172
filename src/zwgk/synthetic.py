"""Synthetic but consistent reports, for samples, tests and benchmarks.

`consistent_report("2021", seed=7)` fills every cell so that every sum rule of the spec holds:
the cell a rule's left side starts with (a total, 一、本年新收) is computed from the others, every
other cell is drawn, small and mostly zero like a 街道's report.  The cross-year rules shape the
drawing too, against a made-up last year (现行有效件数 stays at least 制发 − 废止), and a cell a
`unit_power` check says such a unit cannot fill (规章) stays 0.  What next year's report would
take over from this one (上一年项目数量 + 本年增/减) is not below 0 either.  No cell id is named here, so a
table a district adds to the templates is filled by its own rules.
"""
from __future__ import annotations

import random

from zwgk.model import Report
from zwgk.spec import Rule, Spec, Term
from zwgk.wording import words


def consistent_report(fmt: str = "2021", seed: int = 0, **meta) -> Report:
    rnd = random.Random(seed)
    report = Report.blank(fmt, **meta)
    spec = report.spec
    rules = spec.sum_rules(previous=spec)
    computed = _computed(rules)
    zero = _cannot_fill(spec)
    values = {_key(t): 0 for rule in rules for t in rule.terms}
    values.update({cid: 0 if cid in zero else _drawn(rnd, cell.kind) for cid, cell in spec.cells.items()})
    values.update({k: 0 if k.removeprefix("previous.") in zero else _drawn(rnd, "count")
                   for k in values if k.startswith("previous.")})
    ahead = [[Term(t.cell, t.sign) for t in rule.right] for rule in rules if all(t.previous for t in rule.right)]
    for _ in range(len(computed) + len(ahead) + 1):
        _settle(computed, values)
        short = _below_zero(computed, ahead, values)
        if short is None:
            break
        total, addends = short
        values[_free_addend(addends, computed, zero)] -= sum(t.sign * values[_key(t)] for t in total)
    report.cells.update({cid: values[cid] for cid in spec.cells})
    return report


def _key(term: Term) -> str:
    return f"previous.{term.cell}" if term.previous else term.cell


def _computed(rules: list[Rule]) -> dict[str, Rule]:
    """{cell: the rule that computes it}: the first left term of each rule, unless an earlier
    rule computes it already (表三's 总计 column: its rules hold by adding the others)."""
    out: dict[str, Rule] = {}
    for rule in rules:
        first = rule.left[0]
        if first.sign > 0 and not first.previous and first.cell not in out:
            out[first.cell] = rule
    return out


def _cannot_fill(spec: Spec) -> set[str]:
    """Cells a 街道 has no power to fill (`unit_power` checks of checks.yaml)."""
    checks = [c for c in words("checks")["checks"] if c.get("kind") == "unit_power"]
    return {cid for check in checks for pattern in check["cells"] for cid in spec.match(pattern)}


def _drawn(rnd: random.Random, kind: str):
    if kind == "amount":
        return round(rnd.uniform(0, 50), 4) if rnd.random() < 0.3 else 0.0
    if kind == "signed":
        return rnd.randint(-3, 3)
    return 0 if rnd.random() < 0.8 else rnd.randint(1, 4)


def _settle(computed: dict[str, Rule], values: dict) -> None:
    """Compute every computed cell from the others, again until nothing changes."""
    for _ in range(len(computed) + 1):
        changed = False
        for cell, rule in computed.items():
            others = sum(t.sign * values[_key(t)] for t in rule.left[1:])
            value = sum(t.sign * values[_key(t)] for t in rule.right) - others
            if values[cell] != value:
                values[cell], changed = value, True
        if not changed:
            return


def _below_zero(computed: dict[str, Rule], ahead: list[list[Term]], values: dict):
    """(the terms summing below 0, the terms to raise one of) for a computed cell below 0, or
    for what next year would take over from this one; None when every count is at least 0."""
    for cell, rule in computed.items():
        if values[cell] < 0:
            return [Term(cell)], rule.right
    for terms in ahead:
        if sum(t.sign * values[t.cell] for t in terms) < 0:
            return terms, terms
    return None


def _free_addend(terms, computed: dict, zero: set) -> str:
    """A drawn cell added among `terms`, to raise when what they sum to came out below 0."""
    return next(_key(t) for t in terms if t.sign > 0 and _key(t) not in computed and _key(t) not in zero)
