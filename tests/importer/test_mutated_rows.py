"""No number lands in a wrong cell when 表三's rows are damaged the way editors and crawlers damage
them: trailing blank cells trimmed, one cell deleted, two cells merged or run together, extra
spaces, a whole row's cells run together.  A blank is allowed (with its note); a wrong number is not.

Reports come from the real seeds and from consistent synthetic 表三 (rows and columns add up),
rendered by zwgk as tab text and as Markdown.  The long sweep is marked `sweep`."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED
from zwgk.checks import check
from zwgk.importer import import_text
from zwgk.model import Report
from zwgk.render import render
from zwgk.spec import load_spec

SEEDS = [SHARED / "seeds" / n for n in ("000_7f6376809d30ba6a.txt", "001_b39e880f26e76352.txt",
                                         "003_599d29c635add8ba.txt")]
SEEDS += [SHARED / "realworld" / n for n in ("shuyang-fgj-2023-tsv.txt", "shanghai-gov-2025-markdown.txt")]
MUTATIONS = ("trim", "delete", "merge", "glue", "spaces", "flatten")


@st.composite
def consistent_t3(draw):
    """A report whose 表三 adds up by row and by column; zeros sometimes printed blank."""
    fmt = draw(st.sampled_from(["2021", "2019"]))
    table = load_spec(fmt).tables["t3"]
    rows, cols = table.row_ids(), table.col_ids()
    results = rows[rows.index("carried_in") + 1:rows.index("total")]
    small = st.sampled_from([0, 0, 0, 1, 2, 3, 5, 7, 10, 12, 31, 100])
    grid: dict[str, list[int]] = {r: [] for r in rows}
    for _ in cols[:-1]:
        for r in results:
            grid[r].append(draw(small))
        total = sum(grid[r][-1] for r in results)
        out = draw(st.integers(0, 4))
        came = draw(st.integers(0, min(4, total + out)))
        for r, v in (("total", total), ("carried_out", out), ("carried_in", came),
                     ("new", total + out - came)):
            grid[r].append(v)
    blank = draw(st.floats(0, 0.8))
    cells = {c: None for c in load_spec(fmt).cells}
    for r, values in grid.items():
        for c, v in zip(cols, values + [sum(values)]):
            keep_blank = v == 0 and draw(st.floats(0, 1)) < blank
            cells[f"t3.{r}.{c}"] = None if keep_blank else v
    year = 2020 if fmt == "2019" else 2023
    return Report(fmt, unit="某某街道办事处", district="某某区", year=year, cells=cells,
                  prose={"overview": "总体情况。", "problems": "存在问题。", "other": "无"})


def _t3_lines(lines: list[str]) -> list[int]:
    """Indexes of 表三's row lines (from 本年新收 to 结转下年度, those holding cells)."""
    start = next(i for i, ln in enumerate(lines) if "本年新收" in ln and ("\t" in ln or "|" in ln))
    end = next(i for i, ln in enumerate(lines) if "结转下年度" in ln and i >= start)
    return [i for i in range(start, end + 1) if "\t" in lines[i] or "|" in lines[i]]


def _cells(line: str) -> tuple[str, list[str]]:
    if line.lstrip().startswith("|"):
        return "|", line.strip().strip("|").split("|")
    return "\t", line.split("\t")


def _join(sep: str, cells: list[str]) -> str:
    return "| " + " | ".join(c.strip() for c in cells) + " |" if sep == "|" else "\t".join(cells)


def mutate(line: str, how: str, where: int, glue: str) -> str:
    sep, cells = _cells(line)
    label = next((i for i, c in enumerate(cells) if c.strip() and not c.strip()[0].isdigit()), 0)
    body = cells[label + 1:]
    if not body:
        return line
    at = where % len(body)
    if how == "trim":
        while body and not body[-1].strip():
            body.pop()
    elif how == "delete":
        del body[at]
    elif how == "merge" and at + 1 < len(body):
        body[at:at + 2] = [body[at].strip() + glue + body[at + 1].strip()]
    elif how == "glue":
        body = ["".join(c.strip() for c in body)]
    elif how == "spaces":
        body = [f"  {c} " for c in body]
    elif how == "flatten":
        return "".join(c.strip() for c in cells[:label + 1]) + "".join(c.strip() for c in body)
    return _join(sep, cells[:label + 1] + body)


def assert_never_wrong(truth: Report, text: str, unknown=frozenset()) -> None:
    """No 表三 cell of `text` holds a number other than `truth`'s (cells in `unknown` unchecked)."""
    result = import_text(text)
    got = result.report
    assert got.format == truth.format
    for cid, have in got.cells.items():
        if not cid.startswith("t3.") or have is None or cid in unknown:
            continue
        want = truth.cells.get(cid)
        if want is None and cid in result.inferred and have == 0:
            continue                      # a printed blank the arithmetic forces to 0
        assert want is not None and have == want, (cid, have, want, result.review.get(cid))


damage = st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(MUTATIONS),
                            st.integers(0, 20), st.sampled_from(["", " "])), min_size=1, max_size=4)


def _damaged(text: str, plan, trailing: bool = False) -> str:
    """`plan` applied to 表三's rows; `trailing`: every row first ends with an empty cell (as
    Word's text export prints them), so a damaged row may keep the table's width."""
    lines = text.split("\n")
    rows = _t3_lines(lines)
    if trailing:
        for i in rows:
            lines[i] += "\t" if "\t" in lines[i] else " |"
    for pick, how, where, glue in plan:
        i = rows[pick % len(rows)]
        lines[i] = mutate(lines[i], how, where, glue)
    return "\n".join(lines)


def _examples(default: int) -> int:
    return int(os.environ.get("ZWGK_HYPO", default))


@settings(max_examples=_examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_t3(), st.sampled_from(["txt", "md"]), damage, st.booleans())
def test_damaged_synthetic_rows_never_misplace(report, kind, plan, trailing):
    problems = [f.message for f in check(report) if f.table == "t3" and f.level == "error"]
    assert not problems                            # the base really adds up
    assert_never_wrong(report, _damaged(render(report, kind), plan, trailing))


@pytest.mark.skipif(not SEEDS[0].exists(), reason="shared seeds not beside this checkout")
@settings(max_examples=_examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), damage)
def test_damaged_real_rows_never_misplace(path, plan):
    text = path.read_text(encoding="utf-8")
    truth = import_text(text).report
    # the undamaged report read whole is the truth; where it left a cell blank the truth is unknown
    unknown = {c for c, v in truth.cells.items() if v is None}
    assert_never_wrong(truth, _damaged(text, plan), unknown)


@pytest.mark.sweep
@pytest.mark.skipif(not os.environ.get("ZWGK_SWEEP"), reason="long sweep: ZWGK_SWEEP=1 pytest -m sweep")
@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_t3(), st.sampled_from(["txt", "md"]), damage, st.booleans())
def test_sweep_damaged_rows_never_misplace(report, kind, plan, trailing):
    assert_never_wrong(report, _damaged(render(report, kind), plan, trailing))


def test_deleted_cell_in_a_row_ending_with_an_empty_cell_is_not_counted_from_the_label():
    """Rows printed with a trailing empty cell: one with a cell lost still has enough cells to
    fill the columns from the heading's position, one short of the table's width."""
    cells = {c: None for c in load_spec("2021").cells}
    granted = [1, 2, 0, 0, 0, 0, 3]
    cells.update({f"t3.granted.{c}": v for c, v in zip(load_spec("2021").tables["t3"].col_ids(), granted)})
    report = Report("2021", unit="某某街道办事处", year=2023, cells=cells)
    lines = render(report, "txt").split("\n")
    rows = _t3_lines(lines)
    for i in rows:
        lines[i] += "\t"
    i = next(i for i in rows if "予以公开" in lines[i])
    lines[i] = lines[i].replace("\t1\t2\t", "\t1\t")            # 商业企业's 2 lost
    result = import_text("\n".join(lines))
    row = [result.report.cells[f"t3.granted.{c}"] for c in load_spec("2021").tables["t3"].col_ids()]
    assert row[5] is None and row[6] in (None, 3), row


def test_trimmed_tab_row_is_not_right_aligned():
    """The issue's row: 1 printed under 科研机构, the trailing blank cells trimmed by an editor."""
    cells = {c: None for c in load_spec("2021").cells}
    for r in ("new", "total"):
        cells.update({f"t3.{r}.research": 1, f"t3.{r}.total": 1})
    cells.update({"t3.carried_out.natural": 0, "t3.carried_out.business": 0, "t3.carried_out.research": 1,
                  "t3.carried_out.nonprofit": 0, "t3.carried_out.legal": 0})
    report = Report("2021", unit="某某街道办事处", year=2023, cells=cells)
    lines = render(report, "txt").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("四、结转下年度继续办理"))
    lines[i] = "四、结转下年度继续办理\t\t\t0\t0\t1\t0\t0"
    result = import_text("\n".join(lines))
    row = {c: result.report.cells[f"t3.carried_out.{c}"] for c in load_spec("2021").tables["t3"].col_ids()}
    assert row["legal"] is None and row["research"] in (None, 1), row
    assert any("结转下年度继续办理" in n.message and n.kind == "blank" for n in result.notes)


@settings(max_examples=_examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_t3(), st.sampled_from(["", " "]))
def test_whole_table_run_together_never_misplaces(report, glue):
    """A portal crawl: every row's cells run together (with or without a space between them);
    the rows are split jointly by the column rules and a cell stays blank where splits differ."""
    lines = render(report, "txt").split("\n")
    for i in _t3_lines(lines):
        label, *cells = [c for c in lines[i].split("\t") if c.strip()] or [""]
        lines[i] = label + glue.join(cells)
    assert_never_wrong(report, "\n".join(lines))
