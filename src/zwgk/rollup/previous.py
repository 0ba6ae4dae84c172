"""Last year's rollup beside this year's: `rollup(..., previous=…)`.

Last year is read from the summary workbook zwgk wrote then (its totals from the report sheets,
each unit's key figures from 各单位明细), or a folder of last year's reports is rolled up on
the fly.  Figures are kept by id in last year's format; across the 2020 → 2021 change of format
`zwgk.rollup.across` says which of them mean the same as this year's (the others are 不可比).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zwgk.rollup.names import UnitNames, district_core
from zwgk.rollup.sums import figure_value
from zwgk.rollup.wording import figures
from zwgk.wording import words


@dataclass
class Previous:
    """Last year's key figures: the total, each unit's and each district's, by figure id."""

    source: str
    year: int | None
    format: str
    total: dict
    units: dict[str, tuple[str, dict]] = field(default_factory=dict)       # unit key -> (name, figures)
    districts: dict[str, tuple[str, dict]] = field(default_factory=dict)   # district core -> (name, figures)


def from_result(result, source) -> Previous:
    """Last year's figures from last year's rollup (of a folder rolled up on the fly)."""
    figs = figures(result.format)
    units = {unit_key(result.district, e.level, e.unit): (e.unit, {f.id: figure_value(e.report, f) for f in figs})
             for e in result.entries if e.counted and not e.is_summary}
    districts = {district_core(p.name): (p.name, {f.id: figure_value(p.total, f) for f in figs})
                 for p in result.districts}
    total = {f.id: figure_value(result.summary, f) for f in figs}
    return Previous(str(source), result.year, result.format, total, units, districts)


def unit_key(district: str, level: str, unit: str) -> tuple[str, str]:
    """A unit across the two years: in a city, within its district (each district's 教育局 is its
    own); its name compared as the rollup compares names."""
    return (district_core(level) if level else "", UnitNames(level or district).key(unit))


def from_workbook(path: Path, district: str = "") -> Previous:
    """Last year's figures from the summary workbook zwgk wrote then."""
    from python_calamine import CalamineWorkbook

    from zwgk.workbook.reader import read_report

    report = read_report(path)
    figs = figures(report.format)
    d, lv = words("rollup")["sheets"]["detail"], words("rollup")["levels"]
    try:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(d["name"]).to_python()
    except Exception:  # noqa: BLE001 — a summary without its 各单位明细: the totals still compare
        rows = []
    heads = [str(h) for h in rows[1]] if len(rows) > 1 else []
    cols = {f.id: heads.index(f.head) for f in figs if f.head in heads}
    suffix = lv["district_row"].format(district="")
    units, districts, level = {}, {}, ""
    for row in rows[2:]:
        name = str(row[0] or "")
        values = {f: _number(row[c]) for f, c in cols.items() if c < len(row)}
        counted = len(row) > 5 and row[5] == d["counted_yes"]
        if name.endswith(suffix) and not name.startswith(lv["indent"]):
            level = name[: -len(suffix)]          # a district's line; its units follow, indented
            if counted:
                districts[district_core(level)] = (level, values)
        elif name and counted:
            indented = name.startswith(lv["indent"])
            unit = name.strip().removeprefix(lv["indent"]).strip()
            units[unit_key(report.district or district, level if indented else "", unit)] = (unit, values)
    total = {f.id: figure_value(report, f) for f in figs}
    return Previous(str(path), report.year, report.format, total, units, districts)


def not_later(previous: Previous, year) -> Previous:
    """`previous`, refused in words when it is of this year or later (the same summary given
    twice, or the folders swapped): its figures would be shown as last year's."""
    from zwgk.errors import ZwgkError

    if previous.year is not None and year is not None and previous.year >= year:
        raise ZwgkError.of("rollup.previous_not_earlier", file=previous.source, previous=previous.year, year=year)
    return previous


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def change(now, before):
    """This year less last year; blank when either is blank (never a blank taken as 0)."""
    if now is None or before is None:
        return None
    diff = now - before
    return round(diff, 4) if isinstance(diff, float) else diff
