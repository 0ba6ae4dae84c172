"""The summary's cells equal an independent sum (pandas over the inputs' JSON views) of the units
that passed, for random valid reports written as real workbooks and read back by zwgk show."""
from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.cli import main
from zwgk.rollup import rollup, write_rollup
from zwgk.rollup.sums import figure_value
from zwgk.rollup.wording import figures
from zwgk.wording import words
from zwgk.workbook.reader import read_report

from .helpers import sheet_rows, unit_report, write


def expected_sums(reports) -> dict:
    """Independent: a DataFrame of the JSON views, summed by column; all-blank stays blank."""
    frame = pd.DataFrame([json.loads(r.to_json())["cells"] for r in reports], dtype="float64")
    sums = frame.sum(axis=0, min_count=1)
    return {cid: None if math.isnan(v) else round(v, 4) for cid, v in sums.items()}


def show_json(path: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["show", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seeds=st.lists(st.integers(0, 10**6), min_size=1, max_size=6, unique=True),
       blanks=st.lists(st.integers(0, 40), min_size=6, max_size=6),
       broken=st.sets(st.integers(0, 5), max_size=2))
def test_sums_equal_independent_calculation(seeds, blanks, broken, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "区汇总.xlsx"
        valid = []
        for k, seed in enumerate(seeds):
            report = unit_report(k, blanks=blanks[k], seed=seed)
            if k in broken:                      # a check error: listed, not summed
                report.cells.update({c: 0 for c in report.cells if c.startswith("t4.review.")})
                report.cells["t4.review.total"] = 1
            else:
                valid.append(report)
            write(folder, f"{k}.xlsx", report)
        result = rollup(folder)
        write_rollup(result, out)
        got = show_json(out, capsys)
    assert [e.unit for e in result.counted] == sorted(r.unit for r in valid)
    want = expected_sums(valid) if valid else {cid: None for cid in got["cells"]}
    assert set(got["cells"]) == set(want)
    for cid, value in got["cells"].items():
        assert (value is None) == (want[cid] is None), cid
        if value is not None:
            assert value == want[cid], cid
    for cid in got["cells"]:
        blank_units = sorted(r.unit for r in valid if r.cells[cid] is None)
        if want[cid] is not None:
            assert sorted(result.blank_in.get(cid, [])) == blank_units, cid


def test_amounts_add_as_decimals(tmp_path):
    """0.1 + 0.2 is 0.3 here, not 0.30000000000000004; four places are kept."""
    folder = tmp_path / "in"
    for k, fee in enumerate([0.1, 0.2, 1234.5678]):
        report = unit_report(k)
        report.cells["t2.fees.amount"] = fee
        write(folder, f"{k}.xlsx", report)
    result = rollup(folder)
    assert result.summary.cells["t2.fees.amount"] == 1234.8678
    out = write_rollup(result, tmp_path / "out.xlsx")
    assert read_report(out).cells["t2.fees.amount"] == 1234.8678


def test_detail_totals_row_equals_summary(tmp_path):
    """各单位明细: one row per unit, each key figure the sum of its cells; the totals row equals
    the same figure computed from the 汇总 tables read back from the workbook."""
    folder = tmp_path / "in"
    reports = [unit_report(k, blanks=k * 3) for k in range(5)]
    for k, report in enumerate(reports):
        write(folder, f"u{k}.xlsx", report)
    out = write_rollup(rollup(folder), tmp_path / "out.xlsx")
    summary = read_report(out)
    rows = sheet_rows(out, words("rollup")["sheets"]["detail"]["name"])
    figs = figures("2021")
    heads = rows[1]
    cols = [heads.index(f.head) for f in figs]
    by_unit = {row[0]: row for row in rows[2:2 + len(reports)]}
    for report in reports:
        row = by_unit[report.unit]
        for f, c in zip(figs, cols):
            cells = [report.cells[x] for x in f.cells if report.cells[x] is not None]
            assert (row[c] == "") == (not cells)
            if cells:
                assert row[c] == round(sum(cells), 4), (report.unit, f.id)
    total = rows[2 + len(reports)]
    for f, c in zip(figs, cols):
        assert total[c] == figure_value(summary, f), f.id
        column = [by_unit[r.unit][c] for r in reports if by_unit[r.unit][c] != ""]
        assert total[c] == round(sum(column), 4), f.id


def test_amount_in_yuan_converted_2019(tmp_path):
    """2019 表二 政府集中采购 names its unit: 元 is converted to 万元 before adding."""
    folder = tmp_path / "in"
    a, b = unit_report(1, year=2020), unit_report(2, year=2020)
    a.cells["t2.procurement.amount"], a.units["t2.procurement.amount"] = 251000.0, "元"
    b.cells["t2.procurement.amount"], b.units["t2.procurement.amount"] = 3.5, "万元"
    write(folder, "a.xlsx", a)
    write(folder, "b.xlsx", b)
    result = rollup(folder)
    assert result.format == "2019" and result.year == 2020
    assert result.summary.cells["t2.procurement.amount"] == 28.6
    assert result.converted == {"t2.procurement.amount": [a.unit]}
    out = write_rollup(result, tmp_path / "out.xlsx")
    back = read_report(out)
    assert back.cells["t2.procurement.amount"] == 28.6
    assert back.units["t2.procurement.amount"] == words("rollup")["sum_unit"]
