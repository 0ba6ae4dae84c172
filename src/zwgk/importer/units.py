"""The unit of an amount: stated by the report (with the number, in its column heading, in the
table's title or on a 单位： line above the table) and brought to the unit of its cell: 万元, the
unit of 表二's amounts, or the unit a district's own table fixes (元).

Units a report states are never taken as 万元 silently: one clear unit is applied (converted to
万元, or kept where the format lets the report name its own unit); two different units for
one amount leave the cell blank with the reason."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zwgk.wording import words

GAP = r"[\s|]*"


@lru_cache(maxsize=1)
def factors() -> dict[str, float]:
    """Each money unit and what one of it is in 万元 (templates/importer.yaml)."""
    return {k: float(v) for k, v in words("importer")["money_units"].items()}


@lru_cache(maxsize=1)
def _statements() -> re.Pattern:
    units = "|".join(sorted(map(re.escape, factors()), key=len, reverse=True))
    return re.compile(rf"单位{GAP}[:：]?{GAP}({units})(?![\u4e00-\u9fff])"
                      rf"|金额{GAP}[（(]{GAP}({units}){GAP}[)）]")


def stated_units(text: str) -> list[str]:
    """The money units a table's text states, each once, in reading order."""
    return list(dict.fromkeys(m.group(1) or m.group(2) for m in _statements().finditer(text or "")))


@dataclass
class Amount:
    value: float | None          # None: left blank (see `clash`)
    unit: str                    # the unit the value is now in
    printed_unit: str = ""       # the unit it was printed in, when converted
    clash: tuple[str, ...] = ()  # the different units stated for it


def settle(value, printed: str, stated: list[str], fixed: str) -> Amount:
    """`value` (printed with unit `printed`, or none) in a table stating `stated`, for a cell
    whose unit is `fixed` (万元) or "free" (the report's own 元 or 万元)."""
    units = list(dict.fromkeys(([printed] if printed else []) + stated))
    if len(units) > 1:
        return Amount(None, "", clash=tuple(units))
    unit = units[0] if units else ("万元" if fixed == "free" else fixed)
    if fixed == "free" and unit in ("元", "万元"):
        return Amount(value, unit)
    target = "万元" if fixed == "free" else fixed        # a district's own table may keep 元
    if unit == target or target not in factors():
        return Amount(value, unit)
    converted = round(value * factors()[unit] / factors()[target], 10)
    return Amount(int(converted) if float(converted).is_integer() else converted, target, unit)


def factor_text(unit: str, target: str = "万元") -> str:
    """How many `target` one `unit` is: 0.0001 (元 in 万元), 10000 (万元 in 元)."""
    return f"{factors()[unit] / factors()[target]:g}"
