"""The live ✓/✗/？ formulas the writer puts in the workbook implement the same sum rules as
`zwgk.check`: LibreOffice recalculates written workbooks (consistent and deliberately broken,
cached results left empty) in one batch, and every live cell shows what check() decides."""
from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from zwgk import check
from zwgk.wording import words
from zwgk.workbook.layout import workbook_layout
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

from ..conftest import SHARED
from ..libreoffice import recalculate
from .helpers import consistent, copy, seeds

pytestmark = pytest.mark.libreoffice


def cases() -> list:
    out = []
    for fmt in ("2021", "2019"):
        base = consistent(fmt)
        out.append(base)
        out.append(copy(base, t3__new__total=base.cells["t3.new.total"] + 1))
        out.append(copy(base, t3__granted__business=base.cells["t3.granted.business"] + 3,
                        t4__suit_direct__pending=9))
        out.append(copy(base, t3__carried_out__natural=7, t3__carried_in__legal=None))
        out.append(copy(base, t3__withheld_3__research=-2))         # a domain error still sums
        dash = copy(base, t3__partial__nonprofit=None, t4__review__total=None)
        dash.texts.update({"t3.partial.nonprofit": "/", "t4.review.total": "约10"})
        out.append(dash)
    if (SHARED / "seeds" / "truth.json").exists():
        out.extend(seeds().values())                                 # 001 and 004 have blanks
    return out


def live_symbols(path, fmt: str) -> dict:
    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for lay in workbook_layout(fmt).tables.values():
        if lay.live:
            grid = book.get_sheet_by_name(lay.name).to_python(skip_empty_area=False)
            for live in lay.live:
                out[(live.rule.check, live.rule.each)] = grid[live.row][live.col]
    return out


def check_symbols(report) -> dict:
    ui = words("workbook")["live"]
    found = check(report)
    bad = {(f.extra["rule"]["check"], tuple(f.extra["rule"]["each"])) for f in found if "rule" in f.extra}
    stopped = {(k["check"], tuple(k["each"])) for f in found for k in f.extra.get("blocked", [])}
    return {(r.check, r.each): ui["incomplete"] if (r.check, r.each) in stopped
            else ui["bad"] if (r.check, r.each) in bad else ui["ok"]
            for r in report.spec.rules if r.live}


def test_live_formulas_flag_what_check_flags(tmp_path):
    reports = cases()
    paths = [write_report(r, tmp_path / "in" / f"case{i:02d}.xlsx", cache_live=False)
             for i, r in enumerate(reports)]
    converted = recalculate(paths, tmp_path / "out")
    ui = words("workbook")["live"]
    seen = set()
    for path, computed in zip(paths, converted):
        report = read_report(path)
        expected = check_symbols(report)
        assert live_symbols(computed, report.format) == expected, path.name
        seen.update(expected.values())
    assert seen == {ui["ok"], ui["bad"], ui["incomplete"]}
