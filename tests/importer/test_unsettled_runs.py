"""Runs of digits the text does not settle stay blank, with their note; a run it does settle is read.

These are the shapes of the realworld cells still blank (../shared/realworld), made here from
synthetic reports so that nothing depends on those files:
- a 2019-format 表二 row flattened (`行政许可3960181`): its three cells (上一年项目数量, 本年增/减,
  处理决定数量) have no sum between them, so every cut is possible (396|0|181, 39|60|181,
  3960|1|81 …).  The cross-year chain (this year's 上一年项目数量 = last year's plus its 增/减) does
  not settle it either once a blank cell may have vanished with its separator: 39|∅|60181 keeps
  the chain with next year's `39…` exactly as 396|0|181 keeps it with `396…`;
- a 表四 row flattened, in which a blank cell may have vanished: `…120001200000` reads as
  12/0/0/0/12 and as 120/∅/0/0/120 alike, every group adding up;
- 表四's numbers in a PDF reading order that is not the column order: even keeping each group's
  numbers in order, the three groups can be told apart only by guessing which came first;
- the same kind of text whose printed totals break the arithmetic (10 1 0 0 → 总计 0): with header
  words among the numbers, the order is not known to be the columns' and no sum can confirm it.
A property test flattens random consistent 表四 rows (zeros sometimes printed blank, so they
vanish) and asserts that no number ever lands in a wrong cell.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.importer import import_text
from zwgk.render import render
from zwgk.spec import load_spec
from zwgk.synthetic import consistent_report

T4_HEAD = "总计\t结果维持"


def _t4_ids(fmt: str = "2021") -> list[str]:
    table = load_spec(fmt).tables["t4"]
    return [f"t4.{r}.{c}" for r in table.row_ids() for c in table.col_ids()]


def _report(fmt: str, t4: list | None = None, seed: int = 3):
    report = consistent_report(fmt, seed=seed, unit="某某街道办事处", year=2023 if fmt == "2021" else 2020)
    if t4 is not None:
        report.cells.update(zip(_t4_ids(fmt), t4))
    return report


def _t4_line(lines: list[str]) -> int:
    head = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开行政复议"))
    return next(i for i in range(head + 1, len(lines)) if re.fullmatch(r"[\d\t]+", lines[i] or "x"))


def _with_t4_values(report, values_line: str) -> str:
    lines = render(report, "txt").split("\n")
    lines[_t4_line(lines)] = values_line
    return "\n".join(lines)


def _flat_t4(report) -> str:
    """The report's text with 表四's values run together, blank cells vanished."""
    lines = render(report, "txt").split("\n")
    i = _t4_line(lines)
    lines[i] = "".join(c for c in lines[i].split("\t"))
    return "\n".join(lines)


def test_flat_t4_run_whose_blank_may_have_vanished_stays_blank_with_note():
    # 1/0/2/0/3 | 12/0/0/0/12 | 0/0/0/0/0: the first group is settled (no reading differs there),
    # the second also reads 120/∅/0/0/120 (a blank cell gone with its separator)
    report = _report("2021", [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0])
    result = import_text(_flat_t4(report))
    cells = result.report.cells
    assert [cells[c] for c in _t4_ids()[:5]] == [1, 0, 2, 0, 3]
    assert cells["t4.suit_direct.total"] is None
    assert cells["t4.suit_direct.upheld"] is None
    assert any("t4.suit_direct.total" in n.cells for n in result.notes if n.kind == "blank")


def test_flat_t4_run_settled_when_every_reading_agrees():
    # 10 digits for 15 cells would need five vanished blanks; 15 single digits keep every group's
    # sum in one way only once the totals are fixed by the digits themselves
    report = _report("2021", [1, 2, 3, 1, 7, 0, 0, 0, 0, 0, 2, 2, 2, 2, 8])
    cells = import_text(_flat_t4(report)).report.cells
    for cid, want in zip(_t4_ids(), [report.cells[c] for c in _t4_ids()]):
        assert cells[cid] in (None, want), cid
    assert cells["t4.review.total"] == 7


def test_t4_numbers_out_of_column_order_stay_blank():
    # a PDF's text layer one cell a line, header words among the numbers, in an order that is not
    # the columns' (复议后起诉's parts before 行政复议's total): the sums do not hold in this order
    # and every grouping that makes them hold needs a guess at which group came first
    review, direct, after = [72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]
    report = _report("2021", review + direct + after)
    scrambled = [*review[:4], "结果", "维持", *after[:4], "总计", review[4], "维持", *direct, after[4]]
    result = import_text(_with_t4_values(report, "\n\n".join(map(str, scrambled))))
    cells = result.report.cells
    assert all(cells[c] is None for c in _t4_ids()), {c: cells[c] for c in _t4_ids() if cells[c] is not None}
    assert any(n.kind == "blank" and "表四" in n.message for n in result.notes)


def test_t4_broken_totals_among_header_words_stay_blank():
    report = _report("2021", [10, 1, 0, 0, 0] + [0] * 5 + [5, 0, 0, 0, 0])
    printed = [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, "总计", 0]
    cells = import_text(_with_t4_values(report, "\n\n".join(map(str, printed)))).report.cells
    assert all(cells[c] is None for c in _t4_ids()), {c: cells[c] for c in _t4_ids() if cells[c] is not None}


def test_flat_2019_t2_row_without_sums_stays_blank():
    report = _report("2019")
    report.cells.update({"t2.license.prev_items": 396, "t2.license.change": 0, "t2.license.decisions": 181})
    text = render(report, "txt")
    flat = re.sub(r"(行政许可)((?:\t\d*)+)", lambda m: m[1] + m[2].replace("\t", ""), text, count=1)
    assert "行政许可3960181" in flat
    cells = import_text(flat).report.cells
    for c in ("prev_items", "change", "decisions"):
        assert cells[f"t2.license.{c}"] is None, c


@st.composite
def t4_groups(draw):
    """15 表四 cells adding up in each group; zeros sometimes printed blank."""
    small = st.sampled_from([0, 0, 0, 0, 1, 2, 3, 5, 10, 12, 20, 101])
    values: list = []
    blank = draw(st.floats(0, 0.6))
    for _ in range(3):
        parts = [draw(small) for _ in range(4)]
        values += parts + [sum(parts)]
    return [None if v == 0 and draw(st.floats(0, 1)) < blank else v for v in values]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(t4=t4_groups(), fmt=st.sampled_from(["2021", "2019"]))
def test_flat_t4_never_puts_a_number_in_a_wrong_cell(t4, fmt):
    report = _report(fmt, t4)
    cells = import_text(_flat_t4(report)).report.cells
    for cid, want in zip(_t4_ids(fmt), t4):
        have = cells[cid]
        assert have is None or have == (want or 0), (cid, have, want, t4)


def _flat_t2(report) -> str:
    """The report's text with each 表二 row's cells run together (blank cells vanish)."""
    text = render(report, "txt")
    start, end = text.index("二、主动公开"), text.index("三、收到")
    rows = re.sub(r"(?m)^([^\t\n\d]+)((?:\t-?[\d.]*)+)$",
                  lambda m: m[1] + m[2].replace("\t", ""), text[start:end])
    return text[:start] + rows + text[end:]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(["2021", "2019"]), data=st.data())
def test_flat_t2_never_puts_a_number_in_a_wrong_cell(fmt, data):
    report = _report(fmt)
    ids = [c for c in report.cells if c.startswith("t2.") and not c.endswith("amount")]
    small = st.sampled_from([None, 0, 0, 1, 3, 10, 12, 40, 181, 396, 2648])
    change = st.sampled_from([None, 0, -3, -18, 4, 442])
    for cid in ids:
        report.cells[cid] = data.draw(change if cid.endswith(".change") else small, label=cid)
    cells = import_text(_flat_t2(report)).report.cells
    for cid in ids:
        have, want = cells[cid], report.cells[cid]
        assert have is None or have == (want or 0), (cid, have, want)
