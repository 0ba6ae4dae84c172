"""Per-format check tables, computed once from the spec and cached: the work `check()` repeats is
only arithmetic on a report's numbers.

A `Compiled` rule is one instance of a `sum` check with its words ready (where, blocked text) and
the cells it needs; `Rule.evaluate` (zwgk.rules) does its arithmetic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zwgk.checks.wording import cell_where, rule_where
from zwgk.kinds import Kind, kind
from zwgk.layout import workbook_layout
from zwgk.spec import FORMATS, Rule, Spec, per_spec
from zwgk.wording import words


@dataclass(frozen=True)
class Compiled:
    rule: Rule
    where: str
    blocked: str                                   # “一、本年新收的行合计”
    cells: tuple[str, ...]                         # this year's cells, left side first
    previous_cells: tuple[str, ...]                # last year's cells
    addresses: tuple[str, ...] = ()                # this year's cells as "表三!J5"

    @property
    def key(self) -> dict:
        return {"check": self.rule.check, "each": list(self.rule.each)}


@dataclass
class Plan:
    """Everything about one format the checks need, precomputed."""

    spec: Spec
    addresses: dict[str, str]                      # cell id -> "表三!J5"
    where: dict[str, str]                          # cell id -> "一、本年新收 自然人"
    sheets: dict[str, str]                         # table id -> "表三"
    rules: list[Compiled]
    rules_of: dict[str, list[Compiled]]            # this year's cell -> rules that need it
    kinds: dict[str, Kind]                         # cell id -> its kind (count, signed, amount)
    checks: dict[str, dict]                        # check id -> its spec entry (for this format)
    fee_cells: list[str] = field(default_factory=list)
    power_cells: list[str] = field(default_factory=list)
    power_patterns: list[re.Pattern] = field(default_factory=list)
    # (pattern, cells summed, what it says, the number a pattern without a group states)
    statements: list[tuple[re.Pattern, tuple[str, ...], str, int | None]] = field(default_factory=list)
    blocked_words: dict[tuple, str] = field(default_factory=dict)   # rules a blank stops -> in words


def compile_rule(spec: Spec, rule: Rule, check: dict, addresses: dict[str, str]) -> Compiled:
    where = rule_where(spec, rule.table, rule.each, rule.where)
    prev = tuple(dict.fromkeys(t.cell for t in rule.terms if t.previous))
    return Compiled(rule, where, check.get("blocked", "{where}").format(where=where),
                    tuple(rule.cells), prev, tuple(addresses[c] for c in rule.cells))


def _index(rules: list[Compiled]) -> dict[str, list[Compiled]]:
    out: dict[str, list[Compiled]] = {}
    for c in rules:
        for cid in c.cells:
            out.setdefault(cid, []).append(c)
    return out


@per_spec
def plan_for(spec: Spec) -> Plan:
    """The checks of one format (its Spec, or its name) on a report alone."""
    layout = workbook_layout(spec)
    checks = {c["id"]: c for c in spec.checks if spec.format in c.get("formats", FORMATS)}
    addresses = {}
    for cid in spec.cells:
        sheet, ref = layout.where(cid)
        addresses[cid] = f"{sheet}!{ref}"
    rules = [compile_rule(spec, r, checks[r.check], addresses) for r in spec.rules]
    plan = Plan(spec, addresses, {cid: cell_where(spec, cid) for cid in spec.cells},
                {t.id: t.sheet for t in spec.tables.values()}, rules, _index(rules),
                {cid: kind(c.kind) for cid, c in spec.cells.items()}, checks)
    _plausibility(plan)
    return plan


def _plausibility(plan: Plan) -> None:
    spec, checks = plan.spec, plan.checks
    for check in checks.values():
        if check["kind"] == "threshold":
            plan.fee_cells += [c for p in check["cells"] for c in spec.match(p)]
        elif check["kind"] == "unit_power":
            plan.power_cells += [c for p in check["cells"] for c in spec.match(p)]
            plan.power_patterns += [re.compile(p) for p in check["unit_cannot"]]
        elif check["kind"] == "narrative":
            for st in check["statements"]:
                cells = tuple(c for p in st["cells"] for c in spec.match(p))
                if cells:
                    plan.statements.append((re.compile(st["pattern"]), cells, st["says"],
                                            st.get("stated")))


@per_spec
def cross_year(spec: Spec, previous: Spec) -> tuple[list[Compiled], dict[str, list[Compiled]],
                                                    dict[str, list[Compiled]]]:
    """Rules across years (this year's and last year's Spec, or their names): (rules, this year's
    cell -> rules, last year's cell -> rules)."""
    plan = plan_for(spec)
    rules = [compile_rule(spec, r, plan.checks[r.check], plan.addresses)
             for r in spec.sum_rules(previous=previous)
             if plan.checks.get(r.check, {}).get("needs_previous")]
    by_prev: dict[str, list[Compiled]] = {}
    for c in rules:
        for cid in c.previous_cells:
            by_prev.setdefault(cid, []).append(c)
    return rules, _index(rules), by_prev


def check_order() -> dict[str, int]:
    """Position of each check id in checks.yaml, to list findings in the spec's order."""
    return {c["id"]: i for i, c in enumerate(words("checks")["checks"])}
