"""The one rule evaluator (Rule.evaluate) agrees with the workbook's live ✓/✗/？ formulas as
LibreOffice computes them, and with the importer's placement, on random reports: consistent
synthetic reports (zwgk.synthetic) with cells changed, blanked or written “/”, and reports of
random numbers.  A few examples in the suite (LibreOffice converts a whole batch in one call);
many more under `ZWGK_SWEEP=1 pytest -m sweep`."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.importer import import_file
from zwgk.kinds import kind
from zwgk.render import render
from zwgk.spec import FORMATS
from zwgk.wording import words
from zwgk.synthetic import consistent_report
from zwgk.workbook.writer import write_report

from ..libreoffice import recalculate
from ..strategies import reports
from .test_live_libreoffice import live_symbols

SWEEP = bool(os.environ.get("ZWGK_SWEEP"))
# blank, blank mark, off by some amount.  ROUND(…,6)'s edge itself (a side exactly 5e-7 off) is
# tested on rows of zeros (`edges`): added to a non-zero value, 5e-7 is no longer exact in binary,
# and which way a sum of such values rounds depends on the order the engine adds them in.
CHANGES = [None, "/", 1, -1, 3, 0.5, 1e-9, 2e-6]


@st.composite
def changed(draw, changes=CHANGES):
    """A consistent report of either format with a few of its rules' cells changed."""
    fmt = draw(st.sampled_from(FORMATS))
    year = 2020 if fmt == "2019" else draw(st.integers(2021, 2025))
    report = consistent_report(fmt, draw(st.integers(0, 10**6)), unit="某某街道办事处", year=year,
                               district="某某区")
    ruled = sorted({c for r in report.spec.rules for c in r.cells})
    for cid in draw(st.lists(st.sampled_from(ruled), max_size=6, unique=True)):
        change = draw(st.sampled_from(changes))
        if change in (None, "/"):
            report.cells[cid] = None
            if change:
                report.texts[cid] = change
        else:
            report.cells[cid] += change
    return report


def evaluator_symbols(report) -> dict:
    ui = words("workbook")["live"]
    out = {}
    for rule in report.spec.rules:
        if rule.live:
            outcome = rule.evaluate(report.cells)
            out[(rule.check, rule.each)] = ui["ok"] if outcome.ok else ui["bad"] if outcome.complete \
                else ui["incomplete"]
    return out


def assert_live_formulas_agree(batch, folder, edge_count: int = 0) -> None:
    """The live formulas' symbols as LibreOffice computes them equal the evaluator's; for the last
    `edge_count` reports (`edges`), only on the rows whose total is exactly 5e-7 off (their columns
    add 5e-7 to non-zero values, where binary floating point decides)."""
    paths = [write_report(r, folder / "in" / f"r{i}.xlsx", cache_live=False) for i, r in enumerate(batch)]
    for i, (report, path) in enumerate(zip(batch, recalculate(paths, folder / "out"))):
        live, mine = live_symbols(path, report.format), evaluator_symbols(report)
        if i >= len(batch) - edge_count:
            rows = {k for k in mine if k[1][0] == "row"}
            live, mine = {k: live[k] for k in rows}, {k: mine[k] for k in rows}
        assert live == mine, path.name


def edges() -> list:
    """A row of 表三 all 0 but one cell of ±5e-7: its total is 5e-7 off, exactly, where
    ROUND(…,6) (half away from zero: 0.000001) and Python's round() (0.0) part ways."""
    out = []
    for fmt, delta in (("2021", 5e-7), ("2021", -5e-7), ("2019", -5e-7)):
        report = next(r for r in (consistent_report(fmt, seed) for seed in range(100))
                      if any(_zero_row(r)))
        report.cells[f"t3.{next(_zero_row(report))}.legal"] = delta
        out.append(report)
    return out


def _zero_row(report):
    t3 = report.spec.tables["t3"]
    return (row for row in t3.row_ids()
            if not any(report.cells[f"t3.{row}.{col}"] for col in t3.col_ids()))


@pytest.mark.libreoffice
@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(changed(), min_size=5, max_size=5), st.lists(reports(), min_size=2, max_size=2))
def test_evaluator_agrees_with_libreoffice(tmp_path_factory, batch, randoms):
    extremes = edges()
    assert_live_formulas_agree(batch + randoms + extremes, tmp_path_factory.mktemp("lo"), len(extremes))


@pytest.mark.libreoffice
@pytest.mark.sweep
@pytest.mark.skipif(not SWEEP, reason="long sweep: ZWGK_SWEEP=1 pytest -m sweep")
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(changed(), min_size=8, max_size=8), st.lists(reports(), min_size=2, max_size=2))
def test_sweep_evaluator_agrees_with_libreoffice(tmp_path_factory, batch, randoms):
    assert_live_formulas_agree(batch + randoms, tmp_path_factory.mktemp("lo"))


def assert_import_agrees(report, folder) -> None:
    """Rendered as text and imported back: the same numbers in the same cells (a number its kind
    refuses, such as a count of -1, left blank), and every rule's outcome the same; a rule a blank
    stopped may be completed by cells the importer inferred (by the arithmetic of the rules)."""
    path = folder / "r.txt"
    render(report, path)
    result = import_file(path)
    got = result.report
    placed = dict(report.cells)
    for cid, want in report.cells.items():
        if want is not None and not kind(report.spec.cells[cid].kind).accepts(want):
            placed[cid] = None
        if placed[cid] is None:
            assert got.cells[cid] is None or cid in result.inferred, cid
        else:
            assert got.cells[cid] == want, (cid, got.cells[cid], want)
    for rule in report.spec.rules:
        before, after = rule.evaluate(placed), rule.evaluate(got.cells)
        if before.complete:
            assert (after.complete, after.ok, after.left, after.right) == \
                (True, before.ok, before.left, before.right), rule
        else:
            assert set(before.blanks) - set(after.blanks) <= set(result.inferred), rule
            assert set(after.blanks) <= set(before.blanks), rule


WHOLE = [None, "/", 1, -1, 3]                        # printed text keeps whole numbers exactly


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(changed(WHOLE))
def test_evaluator_agrees_with_the_importers_placement(tmp_path_factory, report):
    assert_import_agrees(report, tmp_path_factory.mktemp("imp"))


@pytest.mark.sweep
@pytest.mark.skipif(not SWEEP, reason="long sweep: ZWGK_SWEEP=1 pytest -m sweep")
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(changed(WHOLE))
def test_sweep_evaluator_agrees_with_the_importers_placement(tmp_path_factory, report):
    assert_import_agrees(report, tmp_path_factory.mktemp("imp"))


def test_changes_of_the_strategy_hold_break_and_stop_rules():
    """What `changed` draws gives every outcome: a consistent report holds every rule, a cell off
    by 1 breaks its rules, off by 1e-9 keeps them (as ROUND(…,6) does), a blank stops them."""
    report = consistent_report("2021", 5)
    rules = [r for r in report.spec.rules if "t3.new.natural" in r.cells]
    assert all(r.evaluate(report.cells).ok for r in report.spec.rules)
    outcomes = {}
    for change in CHANGES:
        cells = dict(report.cells)
        cells["t3.new.natural"] = None if change in (None, "/") else cells["t3.new.natural"] + change
        outcomes[change] = {("ok" if o.ok else "bad" if o.complete else "blank", o.blanks)
                            for o in (r.evaluate(cells) for r in rules)}
    assert outcomes[None] == outcomes["/"] == {("blank", ("t3.new.natural",))}
    assert outcomes[1] == outcomes[-1] == outcomes[0.5] == {("bad", ())}
    assert outcomes[1e-9] == {("ok", ())}
