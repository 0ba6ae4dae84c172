"""A key figure of this year beside last year's when the format changed (2019 ↔ 2021).

A figure is compared when the cells it sums in one format have counterparts in the other
(`zwgk.spec.counterparts`, declared in templates/years.yaml) that are exactly the cells it sums
there: 本年新收 is 本年新收, 2019 （六）其他处理 is the sum of 2021 1、2、3.  Any other figure is
not comparable, and says why (years.yaml `absent`, in the words of the templates).
"""
from __future__ import annotations

from functools import cache

from zwgk.rollup.wording import figures
from zwgk.wording import words
from zwgk.spec import absent_reason, counterparts


@cache
def not_comparable(now_fmt: str, before_fmt: str) -> dict[str, str]:
    """Figure id of `now_fmt` -> why it cannot be set beside last year's; absent when it can."""
    before = {f.id: f for f in figures(before_fmt)}
    out = {}
    for fig in figures(now_fmt):
        other = before.get(fig.id)
        if now_fmt == before_fmt or (other is not None and _same_sum(fig, now_fmt, other, before_fmt)):
            continue
        out[fig.id] = _reason(fig, now_fmt, before_fmt)
    return out


def _same_sum(fig, fmt, other, other_fmt) -> bool:
    return _covers(fig.cells, fmt, other.cells, other_fmt) or _covers(other.cells, other_fmt, fig.cells, fmt)


def _covers(cells, fmt, other_cells, other_fmt) -> bool:
    """Each of `cells` has counterparts, and together they are `other_cells` (each once)."""
    found = [counterparts(c, fmt, other_fmt) for c in cells]
    return all(found) and sorted(c for f in found for c in f) == sorted(other_cells)


def _reason(fig, fmt, other_fmt) -> str:
    lacking = [c for c in fig.cells if not counterparts(c, fmt, other_fmt)]
    why = (absent_reason(c, fmt) for c in lacking or fig.cells)
    return next((w for w in why if w), None) or words("rollup")["previous"]["no_counterpart"]
