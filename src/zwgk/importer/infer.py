"""Cells the arithmetic forces (and only those): the spec's sum rules, applied to blanks.

* a side of a rule that is fully known and adds up to 0 forces every unknown, non-negative
  addend of the other side to 0 (a total of 0);
* a rule with exactly one unknown gives it, when the result is a whole number >= 0.
Cells with printed text (/, —, 无) are never filled; nothing printed is ever changed.
"""
from __future__ import annotations

from zwgk.spec import Rule


def infer(cells: dict, texts: dict, rules: list[Rule], kinds: dict, allowed=None) -> dict[str, str]:
    """Fill forced blanks of `cells` in place; returns {cell id: how it was inferred}.

    `allowed`: the cells that may be filled (those the text shows empty); default all blanks.
    """
    how: dict[str, str] = {}
    open_cells = {c for c, v in cells.items() if v is None and not texts.get(c)}
    if allowed is not None:
        open_cells &= set(allowed)
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if any(kinds.get(t.cell) == "signed" for t in rule.terms):
                continue
            for cid, value, why in _forced(cells, rule):
                if cid in open_cells and cells.get(cid) is None:
                    cells[cid] = value
                    how[cid] = why
                    changed = True
    return how


def _forced(cells: dict, rule: Rule):
    outcome = rule.evaluate(cells)          # the known terms' sums, and the blank terms
    left_known, left_unknown = outcome.left, list(outcome.left_blanks)
    right_known, right_unknown = outcome.right, list(outcome.right_blanks)
    name = f"{rule.where}（{rule.live or rule.check}）"
    for full_known, full_unknown, other_known, other_unknown in (
            (left_known, left_unknown, right_known, right_unknown),
            (right_known, right_unknown, left_known, left_unknown)):
        if full_unknown or not other_unknown:
            continue
        if all(t.sign > 0 for t in other_unknown) and full_known == 0 and other_known == 0:
            for t in other_unknown:
                yield t.cell, 0, f"合计为 0，各项均为 0：{name}"
            return
    unknown = left_unknown + right_unknown
    if len(unknown) == 1:
        t = unknown[0]
        # left = right  ->  sign * x = (right_known - left_known) when x on the left
        rest = right_known - left_known if t in left_unknown else left_known - right_known
        value = rest * t.sign
        if value >= 0 and float(value).is_integer():
            yield t.cell, int(value), f"其余各项已知，由合计推得：{name}"

