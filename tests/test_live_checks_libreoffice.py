"""LibreOffice recalculates the written workbooks: the live ✓/✗/？ cells show what Python computes.

Workbooks are written with empty cached results (cache_live=False), so every symbol read back
was computed by LibreOffice.  The expected symbol is computed here independently, from the
report's numbers and the rule's cells.
"""
import pytest
from python_calamine import CalamineWorkbook

from zwgk.model import Report
from zwgk.synthetic import consistent_report
from zwgk.workbook.layout import workbook_layout
from zwgk.workbook.writer import write_report

from .libreoffice import recalculate

pytestmark = pytest.mark.libreoffice


def consistent(fmt: str, seed: int) -> Report:
    return consistent_report(fmt, seed)


def expected_symbol(rule, report) -> str:
    if any(report.cells[c] is None for c in rule.cells):
        return "？"
    left = sum(report.cells[t.cell] * t.sign for t in rule.left)
    right = sum(report.cells[t.cell] * t.sign for t in rule.right)
    return "✓" if left == right else "✗"


def broken_variants(fmt: str) -> list[Report]:
    out = []
    base = consistent(fmt, 1)
    for i, cid in enumerate(["t3.new.total", "t3.granted.business", "t3.carried_out.natural",
                             "t4.review.pending", "t3.withheld_3.legal"]):
        r = Report.from_dict(base.to_dict())
        r.cells[cid] += 1 + i
        out.append(r)
    r = Report.from_dict(base.to_dict())
    r.cells["t3.partial.research"] = None
    r.texts["t3.partial.research"] = "/"
    out.append(r)
    r = Report.from_dict(base.to_dict())
    r.cells["t4.suit_direct.total"] = None
    out.append(r)
    return out


def live_symbols(path, fmt: str) -> dict[tuple[str, tuple], str]:
    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for lay in workbook_layout(fmt).tables.values():
        if not lay.live:
            continue
        grid = book.get_sheet_by_name(lay.name).to_python(skip_empty_area=False)
        for live in lay.live:
            out[(live.rule.check, live.rule.each)] = grid[live.row][live.col]
    return out


def test_libreoffice_live_cells_match_python(tmp_path):
    cases = []
    for fmt in ("2021", "2019"):
        for report in [consistent(fmt, s) for s in (1, 2)] + broken_variants(fmt) + [Report.blank(fmt)]:
            cases.append(report)
    paths = [write_report(r, tmp_path / "in" / f"case{i}.xlsx", cache_live=False)
             for i, r in enumerate(cases)]
    converted = recalculate(paths, tmp_path / "out")
    flagged = 0
    for report, path in zip(cases, converted):
        symbols = live_symbols(path, report.format)
        expected = {(r.check, r.each): expected_symbol(r, report) for r in report.spec.rules if r.live}
        assert symbols == expected, path.name
        flagged += sum(v == "✗" for v in expected.values())
    assert flagged >= 10      # the broken cases really broke rules


def test_consistent_reports_pass_every_rule():
    for fmt in ("2021", "2019"):
        report = consistent(fmt, 3)
        assert {expected_symbol(r, report) for r in report.spec.rules} == {"✓"}
